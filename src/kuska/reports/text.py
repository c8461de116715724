"""The report's words and numbers in Spanish and English: fixed labels, category names, number formats.

Numbers follow each language's convention: English groups thousands with commas (``1,110``) and uses a decimal
point; Spanish follows the RAE (no separator in a four-digit number, a no-break space from five digits on:
``1110``, ``2 350 000``) and a decimal comma.

>>> number(2350000, "es"), number(1110, "es"), number(1110, "en")
('2\\xa0350\\xa0000', '1110', '1,110')
>>> join(["a", "b", "c"], "es")
'a, b y c'
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal

from kuska.stats.engine import MULTIPLE, OTHER, UNKNOWN

LANGUAGES = ("es", "en")
NBSP = "\u00a0"

# Fixed words of the report, by key: (Spanish, English).
WORDS: dict[str, tuple[str, str]] = {
    "report_title": (
        "Informe anual sobre la trata de personas",
        "Annual report on trafficking in persons",
    ),
    "subtitle": ("Cifras del año {year}", "Figures for {year}"),
    "commission": (
        "Comisión Multisectorial contra la Trata de Personas",
        "Multisectoral Commission against Trafficking in Persons",
    ),
    "internal": ("INTERNO — CONFIDENCIAL", "INTERNAL — CONFIDENTIAL"),
    "internal_note": (
        "Documento interno: muestra las cifras exactas, sin control de divulgación. No lo publique.",
        "Internal document: it shows exact figures, without disclosure control. Do not publish it.",
    ),
    "public": ("VERSIÓN PÚBLICA", "PUBLIC VERSION"),
    "public_note": (
        "Versión pública: las cifras de 1 a 4, y las que permitirían deducirlas, se muestran como "
        "«reservado».",
        "Public version: counts of 1 to 4, and the figures that would give them away, are shown as "
        "“withheld”.",
    ),
    "generated": (
        "Generado el {date} por Kuska {version}",
        "Generated on {date} by Kuska {version}",
    ),
    "contents": ("Contenido", "Contents"),
    "summary": ("Resumen", "Summary"),
    "summary_text": (
        "Este informe presenta las cifras de {year} registradas por las entidades que alimentan Kuska, "
        "comparadas con los años anteriores disponibles ({years}). Cada cifra se calcula a partir de los "
        "registros con la regla del catálogo de indicadores; una cifra que ninguna entidad suministró se "
        "indica como «no se reportó», nunca como 0.",
        "This report presents the {year} figures recorded by the agencies that feed Kuska, compared with "
        "the previous years available ({years}). Every figure is computed from the records by the rule of "
        "the indicator catalogue; a figure no agency supplied is shown as “not reported”, never as 0.",
    ),
    "summary_no_previous": (
        "Este informe presenta las cifras de {year} registradas por las entidades que alimentan Kuska; no "
        "hay años anteriores con datos para comparar. Cada cifra se calcula a partir de los registros con "
        "la regla del catálogo de indicadores; una cifra que ninguna entidad suministró se indica como «no "
        "se reportó», nunca como 0.",
        "This report presents the {year} figures recorded by the agencies that feed Kuska; no previous "
        "year holds data to compare with. Every figure is computed from the records by the rule of the "
        "indicator catalogue; a figure no agency supplied is shown as “not reported”, never as 0.",
    ),
    "prosecution": ("Persecución", "Prosecution"),
    "protection": ("Protección", "Protection"),
    "prevention": ("Prevención", "Prevention"),
    "annex_quality": ("Anexo A. Calidad de los datos", "Annex A. Data quality"),
    "annex_missing": ("Anexo B. Cifras no reportadas", "Annex B. Figures not reported"),
    "figures_heading": ("Cifras", "Figures"),
    "tables_heading": ("Cuadros", "Tables"),
    "charts_heading": ("Gráficos", "Charts"),
    "not_reported": ("no se reportó", "not reported"),
    "not_reported_cell": ("no reportado", "not reported"),
    "not_available": ("aún no disponible", "not available yet"),
    "withheld": ("reservado", "withheld"),
    "total": ("Total", "Total"),
    "indicator": ("Indicador", "Indicator"),
    "unit": ("Unidad", "Unit"),
    "page": ("Página", "Page"),
    "of": ("de", "of"),
    "table": ("Cuadro", "Table"),
    "chart": ("Gráfico", "Chart"),
    "source_engine": (
        "Fuente: registros de Kuska, catálogo de indicadores ({period}).",
        "Source: Kuska records, indicator catalogue ({period}).",
    ),
    "withheld_note": (
        "«reservado»: cifra de 1 a 4, o cifra que permitiría deducir una de ellas.",
        "“withheld”: a count of 1 to 4, or a figure that would give one away.",
    ),
    "stock_note": ("según el registro actual", "as currently registered"),
    # data-quality annex
    "quality_intro": (
        "Lo que cada entidad envió y lo que Kuska rechazó (todas las remesas recibidas hasta la fecha del "
        "informe), y qué tan completos están los campos que permiten desagregar las cifras de {year}.",
        "What each agency submitted and what Kuska rejected (every submission received up to the date of "
        "the report), and how complete the fields that break the {year} figures down are.",
    ),
    "submissions_title": ("Remesas por entidad", "Submissions per agency"),
    "agency": ("Entidad", "Agency"),
    "batches": ("Remesas", "Submissions"),
    "rows_read": ("Filas leídas", "Rows read"),
    "rows_accepted": ("Aceptadas", "Accepted"),
    "rows_rejected": ("Rechazadas", "Rejected"),
    "rejected_kept": ("Filas rechazadas guardadas", "Rejected rows kept"),
    "rejected_share": ("% rechazadas", "% rejected"),
    "no_submissions": ("Ninguna entidad ha enviado datos.", "No agency has submitted data."),
    "reasons_title": ("Motivos de rechazo más frecuentes", "Most frequent reasons for rejection"),
    "reason": ("Motivo", "Reason"),
    "column": ("Columna", "Column"),
    "rows": ("Filas", "Rows"),
    "no_rejections": ("No se rechazó ninguna fila.", "No row was rejected."),
    "completeness_title": (
        "Completitud de los campos de desagregación (registros de personas, {year})",
        "Completeness of the breakdown fields (person records, {year})",
    ),
    "completeness_note": (
        "Porcentaje de los registros de víctimas y personas investigadas que cada entidad envió con el dato "
        "registrado, entre los que participan en un registro fechado en {year} (identificación, actuación "
        "procesal, derivación, atención o acogimiento). Región: la de la identificación, del caso, del "
        "establecimiento o de la unidad que registró; forma de explotación: la de un caso de la persona.",
        "Share of the victim and suspect records each agency sent with the value recorded, among those that "
        "take part in a record dated in {year} (identification, proceeding, referral, service or "
        "placement). Region: that of the identification, the case, the facility or the submitting unit; form of "
        "exploitation: that of one of the person's cases.",
    ),
    "persons": ("Personas", "Persons"),
    "field_sex": ("Sexo", "Sex"),
    "field_age": ("Edad", "Age"),
    "field_nationality": ("Nacionalidad", "Nationality"),
    "field_region": ("Región", "Region"),
    "field_exploitation": ("Forma de explotación", "Form of exploitation"),
    "no_persons": (
        "Ninguna entidad envió registros de personas para {year}.",
        "No agency sent person records for {year}.",
    ),
    "missing_intro": (
        "Cifras del catálogo de indicadores que ninguna entidad suministró para {year}. Se publican como «no "
        "se reportó», nunca como 0.",
        "Figures of the indicator catalogue that no agency supplied for {year}. They are published as "
        "“not reported”, never as 0.",
    ),
    "missing_none": (
        "Todas las cifras del catálogo fueron reportadas para {year}.",
        "Every figure of the catalogue was reported for {year}.",
    ),
    "missing_title": ("Cifras que ninguna entidad reportó", "Figures no agency reported"),
    "partial_title": (
        "Cifras reportadas solo por una parte de sus entidades fuente",
        "Figures reported by only some of their source agencies",
    ),
    "unavailable_title": (
        "Cifras aún no disponibles (las calcula una etapa posterior)",
        "Figures not available yet (computed by a later stage)",
    ),
    "linkage_why": (
        "La calcula el enlace de registros, que aún no se ha ejecutado.",
        "Computed by record linkage, which has not run yet.",
    ),
    "section": ("Sección", "Section"),
    "expected_from": ("Entidades fuente", "Source agencies"),
    "silent": ("No reportaron", "Did not report"),
    "any_agency": ("cualquier entidad", "any agency"),
    "why": ("Motivo", "Why"),
    "figure": ("Cifra", "Figure"),
    "id": ("Identificador", "Identifier"),
}

UNITS: dict[str, tuple[str, str]] = {
    "records": ("registros", "records"),
    "unique persons": ("personas únicas", "unique persons"),
    "cases": ("casos", "cases"),
    "events": ("eventos", "events"),
    "amount": ("monto", "amount"),
    "PEN": ("soles", "soles"),
    "places": ("plazas", "places"),
    "persons reached": ("personas alcanzadas", "persons reached"),
}

# Categories the engine adds to every dimension, and the groups no code list names.
CATEGORIES: dict[str, tuple[str, str]] = {
    UNKNOWN: ("No registrado", "Not recorded"),
    MULTIPLE: ("Varias formas", "Several forms"),
    OTHER: ("Otras entidades", "Other agencies"),
    "child": ("Menores de 18 años", "Under 18"),
    "adult": ("18 años o más", "18 or over"),
    "national": ("Nacional", "National"),
    "foreign": ("Extranjera", "Foreign"),
}

DIMENSIONS: dict[str, tuple[str, str]] = {
    "agency": ("Entidad", "Agency"),
    "region": ("Región", "Region"),
    "sex": ("Sexo", "Sex"),
    "age_band": ("Edad", "Age"),
    "age_group": ("Edad", "Age"),
    "age_band_general": ("Grupo de edad", "Age group"),
    "nationality": ("Nacionalidad", "Nationality"),
    "nationality_group": ("Nacionalidad", "Nationality"),
    "exploitation": ("Forma de explotación", "Form of exploitation"),
    "year": ("Año", "Year"),
}


def word(key: str, lang: str, **values: object) -> str:
    """A fixed word or sentence of the report, with ``{placeholders}`` filled in."""
    spanish, english = WORDS[key]
    text = english if lang == "en" else spanish
    return text.format(**values) if values else text


def pick(pair: tuple[str, str], lang: str) -> str:
    return pair[1] if lang == "en" else pair[0]


def number(value: int | Decimal, lang: str) -> str:
    """A count or amount as a reader of the language writes it (see the module docstring)."""
    if isinstance(value, Decimal) and value != value.to_integral_value():
        whole, cents = f"{value:,.2f}".split(".")
        if lang == "en":
            return f"{whole}.{cents}"
        return f"{_spanish_groups(whole.replace(',', ''))},{cents}"
    integer = int(value)
    if lang == "en":
        return f"{integer:,}"
    return _spanish_groups(str(integer))


def _spanish_groups(digits: str) -> str:
    sign, digits = ("-", digits[1:]) if digits.startswith("-") else ("", digits)
    if len(digits) <= 4:
        return sign + digits
    groups: list[str] = []
    while digits:
        groups.insert(0, digits[-3:])
        digits = digits[:-3]
    return sign + NBSP.join(groups)


def parse_number(text: str) -> int | Decimal:
    """The inverse of :func:`number` for either language (``"2 350 000"``, ``"1,110"``, ``"1 234,50"``)."""
    cleaned = text.strip().replace(NBSP, "").replace(" ", "")
    for prefix in ("S/", "PEN"):
        cleaned = cleaned.removeprefix(prefix)
    if "," in cleaned and "." not in cleaned and len(cleaned.rsplit(",", 1)[1]) == 2:
        return Decimal(cleaned.replace(",", "."))  # Spanish decimal comma
    cleaned = cleaned.replace(",", "")
    return Decimal(cleaned) if "." in cleaned else int(cleaned)


def money(value: int | Decimal, measure: str, lang: str) -> str:
    """An amount with its measure: ``S/ 2 350 000`` (es) and ``PEN 2,350,000`` (en) for soles."""
    text = number(value, lang)
    if measure == "PEN":
        return f"S/{NBSP}{text}" if lang == "es" else f"PEN{NBSP}{text}"
    return text


def join(items: Sequence[str], lang: str) -> str:
    """``a, b and c`` / ``a, b y c``."""
    if not items:
        return ""
    if len(items) == 1:
        return items[0]
    conjunction = " and " if lang == "en" else " y "
    return ", ".join(items[:-1]) + conjunction + items[-1]


def capitalise(text: str) -> str:
    return text[:1].upper() + text[1:]


def percent(part: int, whole: int, lang: str) -> str:
    """``87.5 %`` / ``87,5 %``; an empty whole gives ``—``."""
    if not whole:
        return "—"
    share = f"{100 * part / whole:.1f}"
    if lang == "es":
        share = share.replace(".", ",")
    return f"{share}{NBSP}%"


@dataclass(frozen=True)
class Labels:
    """Names of the categories of every breakdown dimension, read once from the loaded profile."""

    regions: dict[str, tuple[str, str]]
    agencies: dict[str, tuple[str, str]]
    agency_names: dict[str, tuple[str, str]]
    codes: dict[tuple[str, str], tuple[str, str]]  # (code list, code) → labels
    country: str

    @classmethod
    def load(cls) -> Labels:
        from kuska.stats.names import profile_names

        names = profile_names()
        return cls(
            regions=names.regions,
            agencies={code: (code, code) for code in names.agencies},
            agency_names=names.agencies,
            codes=names.codes,
            country=names.country,
        )

    def category(self, dimension: str, code: str, lang: str) -> str:
        """The name of a category of a dimension (a region code → its name; ``female`` → ``Femenino``)."""
        if code in CATEGORIES:
            if code == "national" and self.country:
                return f"{pick(CATEGORIES[code], lang)} ({self.country_name(lang)})"
            return pick(CATEGORIES[code], lang)
        found: tuple[str, str] | None
        if dimension == "region":
            found = self.regions.get(code)
        elif dimension == "agency":
            found = self.agencies.get(code)
        else:
            code_list = {
                "sex": "sex",
                "age_band": "age_band",
                "age_band_general": "age_band",
                "nationality": "nationality",
                "exploitation": "exploitation_form",
            }.get(dimension, "")
            found = self.codes.get((code_list, code))
        return pick(found, lang) if found else code

    def country_name(self, lang: str) -> str:
        found = self.codes.get(("nationality", self.country))
        return pick(found, lang) if found else self.country

    def agency_name(self, code: str, lang: str) -> str:
        found = self.agency_names.get(code)
        return pick(found, lang) if found else code
