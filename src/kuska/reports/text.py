"""The report's words and numbers: fixed labels (English msgids, translated by the catalogues), category names
(from the country profile, per language), number formats.

Numbers follow each language's convention, given in :data:`NUMBER_FORMATS`: English groups thousands with commas
(``1,110``) and uses a decimal point; Spanish follows the RAE (no separator in a four-digit number, a no-break
space from five digits on: ``1110``, ``2 350 000``) and a decimal comma. A language the table does not name takes
its separators from the Unicode CLDR (through Babel), as Quechua does; one the CLDR does not know either has no
number format, and says so, rather than being written as Spanish or English.

>>> number(2350000, "es"), number(1110, "es"), number(1110, "en"), number(Decimal("1234.5"), "qu")
('2\\xa0350\\xa0000', '1110', '1,110', '1,234.50')
>>> join(["a", "b", "c"], "es")
'a, b y c'
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal
from functools import cache
from typing import Any

from babel import Locale, UnknownLocaleError
from babel.numbers import get_decimal_symbol, get_group_symbol
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from django_stubs_ext import StrPromise

from kuska.i18n import localized, translated
from kuska.stats.engine import MULTIPLE, NOT_REFERRED, OTHER, UNKNOWN

NBSP = "\u00a0"
# How an amount in soles is written in each language: "S/ 2 350 000", "PEN 2,350,000".
_CURRENCY_SIGN = pgettext_lazy("the sign written before an amount in soles", "PEN")

# Fixed words of the report, by key (English msgids, translated by the catalogues).
WORDS: dict[str, StrPromise] = {
    "and": pgettext_lazy("between the last two items of a list", " and "),
    "report_title": _("Annual report on trafficking in persons"),
    "subtitle": _("Figures for {year}"),
    "commission": _("Multisectoral Commission against Trafficking in Persons"),
    "internal": _("INTERNAL — CONFIDENTIAL"),
    "internal_note": _(
        "Internal document: it shows exact figures, without disclosure control. Do not publish it."
    ),
    "public": _("PUBLIC VERSION"),
    "public_note": _(
        "Public version: counts of 1 to 4, and the figures that would give them away, are shown as "
        "“withheld”."
    ),
    "generated": _("Generated on {date} by Kuska {version}"),
    "contents": _("Contents"),
    "summary": _("Summary"),
    "summary_text": _(
        "This report presents the {year} figures recorded by the agencies that feed Kuska, compared with "
        "the previous years available ({years}). Every figure is computed from the records by the rule of "
        "the indicator catalogue; a figure no agency supplied is shown as “not reported”, never as 0."
    ),
    "summary_no_previous": _(
        "This report presents the {year} figures recorded by the agencies that feed Kuska; no previous "
        "year holds data to compare with. Every figure is computed from the records by the rule of the "
        "indicator catalogue; a figure no agency supplied is shown as “not reported”, never as 0."
    ),
    "prosecution": _("Prosecution"),
    "protection": _("Protection"),
    "prevention": _("Prevention"),
    "annex_quality": _("Annex A. Data quality"),
    "annex_missing": _("Annex B. Figures not reported"),
    "figures_heading": _("Figures"),
    "tables_heading": _("Tables"),
    "charts_heading": _("Charts"),
    "not_reported": pgettext_lazy("not_reported", "not reported"),
    "not_reported_cell": pgettext_lazy("not_reported_cell", "not reported"),
    "not_available": _("not available yet"),
    "not_applicable": _("does not apply to the filters"),
    "withheld": _("withheld"),
    "no_value": _("no value"),
    "total": _("Total"),
    "indicator": _("Indicator"),
    "unit": _("Unit"),
    "page": _("Page"),
    "of": _("of"),
    "table": pgettext_lazy("a numbered table of the report", "Table"),
    "chart": _("Chart"),
    "source_engine": _("Source: Kuska records, indicator catalogue ({period})."),
    "withheld_note": _("“withheld”: a count of 1 to 4, or a figure that would give one away."),
    "stock_note": _("as currently registered"),
    # data-quality annex
    "quality_intro": _(
        "What each agency submitted and what Kuska rejected (every submission received up to the date of "
        "the report); how complete the fields that break the {year} figures down are; how soon the agencies "
        "sent the records of {year}; and how many of their victims another agency also recorded."
    ),
    "submissions_title": _("Submissions per agency"),
    "agency": _("Agency"),
    "batches": _("Submissions"),
    "rows_read": _("Rows read"),
    "rows_accepted": _("Accepted"),
    "rows_rejected": _("Rejected"),
    "rejected_kept": _("Rejected rows kept"),
    "rejected_share": _("% rejected"),
    "no_submissions": _("No agency has submitted data."),
    "reasons_title": _("Most frequent reasons for rejection"),
    "reason": _("Reason"),
    "column": _("Column"),
    "rows": _("Rows"),
    "no_rejections": _("No row was rejected."),
    "completeness_title": _("Completeness of the breakdown fields (person records, {year})"),
    "completeness_note": _(
        "Share of the victim and suspect records each agency sent with the value recorded, among those that "
        "take part in a record dated in {year} (identification, proceeding, referral, service or "
        "placement). Region: that of the identification, the case, the facility or the submitting unit; form of "
        "exploitation: that of one of the person's cases."
    ),
    "persons": _("Persons"),
    "field_sex": _("Sex"),
    "field_age": _("Age"),
    "field_nationality": _("Nationality"),
    "field_region": _("Region"),
    "field_exploitation": _("Form of exploitation"),
    "no_persons": _("No agency sent person records for {year}."),
    "timeliness_title": _("Timeliness from the event to its submission (person records, {year})"),
    "records": _("Records"),
    "median_days": _("Median days"),
    "timely_share": _("Within {days} days (%)"),
    "timeliness_note": _(
        "The victim and suspect records each agency sent whose event date falls in {year}: the median number "
        "of days from the event to the day the record was first received (the lower of the two middle values "
        "of an even count), and the share received within {days} days."
    ),
    "no_records": _("No agency sent a victim or suspect record of an event in {year}."),
    "linked_title": _("Victims linked to another agency ({year})"),
    "victims": _("Victims"),
    "linked_other": _("Also recorded by another agency"),
    "linked_share": _("Linked (%)"),
    "linked_note": _(
        "Each agency's victims of {year} as the latest record linkage grouped them (persons with a victim record "
        "of the agency dated in {year}), and how many of them another agency also recorded as a victim in {year}. "
        "Records received after that run are counted from the next one."
    ),
    "no_victims": _("Record linkage found no victim of {year}."),
    "missing_intro": _(
        "Figures of the indicator catalogue that no agency supplied for {year}. They are published as "
        "“not reported”, never as 0."
    ),
    "missing_none": _("Every figure of the catalogue was reported for {year}."),
    "missing_title": _("Figures no agency reported"),
    "partial_title": _("Figures reported by only some of their source agencies"),
    "unavailable_title": _("Figures not available yet (computed by a later stage)"),
    "linkage_why": _("Computed by record linkage, which has not run yet."),
    "section": _("Section"),
    "expected_from": _("Source agencies"),
    "silent": _("Did not report"),
    "any_agency": _("any agency"),
    "why": _("Why"),
    "figure": _("Figure"),
    "id": _("Identifier"),
}

UNITS: dict[str, StrPromise] = {
    "records": _("records"),
    "unique persons": _("unique persons"),
    "persons": _("persons"),
    "cases": _("cases"),
    "events": _("events"),
    "facilities": _("facilities"),
    "amount": _("amount"),
    "PEN": _("soles"),
    "places": _("places"),
    "persons reached": _("persons reached"),
    "days": _("days"),
    "hours": _("hours"),
}

# Categories the engine adds to every dimension, and the groups no code list names.
CATEGORIES: dict[str, StrPromise] = {
    UNKNOWN: _("Not recorded"),
    MULTIPLE: _("Several forms"),
    OTHER: _("Other agencies"),
    "child": _("Under 18"),
    "adult": _("18 or over"),
    "national": _("National"),
    "foreign": _("Foreign"),
    "not_refused": _("Not refused"),
    NOT_REFERRED: _("Not referred"),
}

# Dimensions whose codes come from a code list that has codes of its own named like the categories above ("other"
# is a reason for refusing a referral, not "Other agencies"): the code list is read first.
_OWN_CODES_FIRST = frozenset({"outcome", "refusal_reason"})

DIMENSIONS: dict[str, StrPromise] = {
    "agency": _("Agency"),
    "region": _("Region"),
    "sex": _("Sex"),
    "age_band": _("Age"),
    "age_group": _("Age"),
    "age_band_general": _("Age group"),
    "nationality": _("Nationality"),
    "nationality_group": _("Nationality"),
    "exploitation": _("Form of exploitation"),
    "outcome": _("Outcome"),
    "refusal_reason": _("Reason refused"),
    "alert_rule": _("Alert"),
    "language": _("Language"),
    "referred_to": _("Referred to"),
    "year": _("Year"),
}


def word(key: str, lang: str, **values: object) -> str:
    """A fixed word or sentence of the report in a language, with ``{placeholders}`` filled in."""
    text = translated(WORDS[key], lang)
    return text.format(**values) if values else text


@dataclass(frozen=True)
class NumberFormat:
    """How a language writes a number: the thousands separator, the fewest digits a whole part has before it is
    grouped, and the decimal mark."""

    group: str
    group_from: int
    decimal: str


# The report's languages, written as their readers expect (the module docstring).
NUMBER_FORMATS: dict[str, NumberFormat] = {
    "es": NumberFormat(group=NBSP, group_from=5, decimal=","),  # RAE: 1110, 2 350 000, 87,5
    "en": NumberFormat(group=",", group_from=4, decimal="."),  # 1,110, 2,350,000, 87.5
}


@cache
def number_format(lang: str) -> NumberFormat:
    """The number format of a language: from :data:`NUMBER_FORMATS`, else the CLDR's separators (Babel).

    >>> number_format("ay")
    Traceback (most recent call last):
    ...
    LookupError: no number format for the language 'ay': add one to kuska.reports.text.NUMBER_FORMATS
    """
    if lang in NUMBER_FORMATS:
        return NUMBER_FORMATS[lang]
    try:
        locale = Locale.parse(lang)
    except (UnknownLocaleError, ValueError):
        raise LookupError(
            f"no number format for the language {lang!r}: add one to kuska.reports.text.NUMBER_FORMATS"
        ) from None
    return NumberFormat(
        group=get_group_symbol(locale), group_from=4, decimal=get_decimal_symbol(locale)
    )


def number(value: int | Decimal, lang: str) -> str:
    """A count or amount as a reader of the language writes it (see the module docstring)."""
    form = number_format(lang)
    if isinstance(value, Decimal) and value != value.to_integral_value():
        whole, cents = f"{value:.2f}".split(".")
        return f"{_grouped(whole, form)}{form.decimal}{cents}"
    return _grouped(str(int(value)), form)


def _grouped(digits: str, form: NumberFormat) -> str:
    sign, digits = ("-", digits[1:]) if digits.startswith("-") else ("", digits)
    if len(digits) < form.group_from:
        return sign + digits
    groups: list[str] = []
    while digits:
        groups.insert(0, digits[-3:])
        digits = digits[:-3]
    return sign + form.group.join(groups)


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
    if measure in ("hours", "days") and isinstance(value, Decimal):  # a median: to one decimal
        whole, tenth = f"{value:.1f}".split(".")
        return f"{number(int(whole), lang)}{number_format(lang).decimal}{tenth}"
    text = number(value, lang)
    if measure == "PEN":
        return f"{translated(_CURRENCY_SIGN, lang)}{NBSP}{text}"
    return text


def join(items: Sequence[str], lang: str) -> str:
    """``a, b and c`` / ``a, b y c``."""
    if not items:
        return ""
    if len(items) == 1:
        return items[0]
    return ", ".join(items[:-1]) + word("and", lang) + items[-1]


def capitalise(text: str) -> str:
    return text[:1].upper() + text[1:]


def percent(part: int, whole: int, lang: str) -> str:
    """``87.5 %`` / ``87,5 %``; an empty whole gives ``—``."""
    if not whole:
        return "—"
    share = f"{100 * part / whole:.1f}".replace(".", number_format(lang).decimal)
    return f"{share}{NBSP}%"


@dataclass(frozen=True)
class Labels:
    """Names of the categories of every breakdown dimension, read once from the loaded profile."""

    # each row's fields as the profile gives them, one per language: name_es, name_en, (name_qu …)
    regions: dict[str, dict[str, Any]]
    agencies: dict[str, dict[str, Any]]
    codes: dict[tuple[str, str], dict[str, Any]]  # (code list, code) → label_es, label_en …
    country: str

    @classmethod
    def load(cls) -> Labels:
        from kuska.stats.names import profile_names

        names = profile_names()
        return cls(
            regions=names.regions,
            agencies=names.agencies,
            codes=names.codes,
            country=names.country,
        )

    def category(self, dimension: str, code: str, lang: str) -> str:
        """The name of a category of a dimension (a region code → its name; ``female`` → ``Femenino``)."""
        if dimension in _OWN_CODES_FIRST:
            own = self.codes.get((f"referral_{dimension}", code))
            if own is not None:
                return localized(own, "label", lang)
        if code in CATEGORIES:
            if code == "national" and self.country:
                return f"{translated(CATEGORIES[code], lang)} ({self.country_name(lang)})"
            return translated(CATEGORIES[code], lang)
        if dimension == "region":
            region = self.regions.get(code)
            return localized(region, "name", lang) if region else code
        if dimension in ("agency", "referred_to"):
            return code  # agencies are named by their code in breakdowns
        code_list = {
            "sex": "sex",
            "age_band": "age_band",
            "age_band_general": "age_band",
            "nationality": "nationality",
            "exploitation": "exploitation_form",
            "outcome": "referral_outcome",
            "refusal_reason": "referral_refusal_reason",
            "alert_rule": "alert_rule",
            "language": "language",
        }.get(dimension, "")
        found = self.codes.get((code_list, code))
        return localized(found, "label", lang) if found else code

    def country_name(self, lang: str) -> str:
        found = self.codes.get(("nationality", self.country))
        return localized(found, "label", lang) if found else self.country

    def agency_name(self, code: str, lang: str) -> str:
        found = self.agencies.get(code)
        return localized(found, "name", lang) if found else code
