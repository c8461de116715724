"""The indicator catalogue: ``indicators.toml`` read into typed, checked :class:`Indicator` objects.

The catalogue is data, not code: each indicator names the record type it counts, how it counts (records, distinct
victims or suspects, the sum of a field), which records it keeps (a declarative filter of field paths), the date
that places a record in a period, the agencies that supply it and the breakdowns it allows. Reading it needs no
database; :mod:`kuska.stats.engine` turns an indicator into ORM queries.

>>> catalogue = load_catalogue()
>>> indicator = catalogue["victims_identified"]
>>> indicator.unit.value, indicator.count.value, len(indicator.sources)
('records', 'distinct victims', 2)
"""

from __future__ import annotations

import tomllib
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from enum import StrEnum
from functools import cache
from pathlib import Path
from typing import Any

from kuska.i18n import localized
from kuska.registry import records as declared

CATALOGUE_PATH = Path(__file__).with_name("indicators.toml")

# The measures a median of an interval is given in, and their length in seconds.
INTERVAL_UNITS = {"hours": 3600, "days": 86400}

# Filter values that stand for a value of the loaded country profile.
COUNTRY = "$country"  # the profile's own nationality (Peru: PE)


class CatalogueError(ValueError):
    """The catalogue holds something the engine cannot use; the message names the indicator and the key."""


class Unit(StrEnum):
    """What a figure counts. Every figure names its unit (DESIGN.md, counting rules).

    The unit also says whether published output applies disclosure control (:attr:`counts_people`): counts of
    people are protected; counts of events, cases, facilities and amounts are published as they are.
    """

    RECORDS = "records"  # records about a person as the agencies sent them (a victim once per agency's record)
    UNIQUE_PERSONS = "unique persons"  # persons after record linkage
    PERSONS = (
        "persons"  # people counted on an event: detained, trained (one in two events counts twice)
    )
    CASES = "cases"
    EVENTS = "events"  # operations, trainings, campaigns, inspections: things done, not people
    FACILITIES = "facilities"  # shelters and centres, as registered (a stock)
    AMOUNT = (
        "amount"  # a quantity summed from a field: soles, places, persons reached (see ``measure``)
    )

    @property
    def counts_people(self) -> bool:
        """Whether a figure in this unit counts people, and so is protected by disclosure control."""
        return self in (Unit.RECORDS, Unit.UNIQUE_PERSONS, Unit.PERSONS)


class Section(StrEnum):
    PROSECUTION = "prosecution"
    PROTECTION = "protection"
    PREVENTION = "prevention"


class CountMethod(StrEnum):
    RECORDS = "records"  # one per record of the record type
    DISTINCT_VICTIMS = "distinct victims"  # distinct victim person records
    DISTINCT_SUSPECTS = "distinct suspects"  # distinct suspect person records
    SUM = "sum"  # the sum of ``field``
    MEDIAN_DAYS = (
        "median days"  # per victim, days from their earliest ``since`` record to their first record
    )
    # the median of ``field``, or of the time between the two dates of ``interval`` (in ``measure``: hours, days)
    MEDIAN = "median"
    LINKAGE = "linkage"  # computed by record linkage, not by the engine


class Op(StrEnum):
    """Comparison operators of a filter condition."""

    EQ = "eq"
    NE = "ne"
    IN = "in"
    NOT_IN = "not_in"
    LT = "lt"
    LTE = "lte"
    GT = "gt"
    GTE = "gte"
    PRESENT = "present"  # true: the field holds a value (not null, not empty); false: it does not
    UNDER = "under"  # an agency field: the agency with this code or any agency below it


# Kuska's own rows the catalogue may count beside the registry's records: the alerts of the care module (each
# names the rule of the profile's alert catalogue it applies; kuska.stats.records maps it to care's table).
OWN_RECORD_TYPES = ("alert",)

# The record types the catalogue may name: the names the registry declares for them, and for the child rows
# indicators count (the engine maps each one to a model, see kuska.stats.records).
RECORD_TYPES = (
    *(
        name
        for record_type in declared.RECORD_TYPES.values()
        for name in (
            record_type.singular,
            *(
                child.singular
                for child in record_type.children
                if isinstance(child, declared.ChildRow) and child.singular
            ),
        )
    ),
    *OWN_RECORD_TYPES,
)

# Breakdown dimensions. ``nationality_group`` is national / foreign / unknown (foreign includes ZZ, a foreign
# country not specified); ``age_band``, ``age_group`` and ``age_band_general`` use the bands declared in the
# catalogue's [age_bands] table; ``agency`` rolls agencies up to the indicator's listed source agencies;
# ``language`` is the record's own language (a hotline call's) or its person's; ``referred_to`` the agency a
# record was referred to (a call's ``referred_to``, a referral's ``to_agency``), rolled up to the top-level agency.
DIMENSIONS = (
    "agency",
    "region",
    "sex",
    "age_band",
    "age_group",
    "age_band_general",
    "nationality",
    "nationality_group",
    "exploitation",
    "outcome",
    "refusal_reason",
    "alert_rule",
    "language",
    "referred_to",
)
# Dimensions read from one field of one record type: a referral's outcome, the reason a provider refused it (a code
# of the profile's list referral_refusal_reason; another text is "other", a referral not refused "not_refused"),
# the alert catalogue entry an alert applies.
FIELD_DIMENSIONS: Mapping[str, tuple[str, str]] = {
    "outcome": ("referral", "outcome"),
    "refusal_reason": ("referral", "outcome_reason"),
    "alert_rule": ("alert", "rule"),
}
PERSON_DIMENSIONS = frozenset(
    {"sex", "age_band", "age_group", "age_band_general", "nationality", "nationality_group"}
)
AGE_DIMENSIONS = ("age_band", "age_group", "age_band_general")


@dataclass(frozen=True)
class Condition:
    """One condition of a filter: ``path`` (dotted field path from the record) ``op`` ``value``."""

    path: str
    op: Op
    value: Any

    def describe(self) -> str:
        """The condition as a reader writes it: ``victim.age_at_event < 18``."""
        symbols = {
            Op.EQ: "=",
            Op.NE: "≠",
            Op.IN: "in",
            Op.NOT_IN: "not in",
            Op.LT: "<",
            Op.LTE: "≤",
            Op.GT: ">",
            Op.GTE: "≥",
            Op.UNDER: "under",
        }
        if self.op is Op.PRESENT:
            return f"{self.path} {'is recorded' if self.value else 'is not recorded'}"
        value = self.value
        if isinstance(value, (list, tuple)):
            value = ", ".join(_show(v) for v in value)
            return f"{self.path} {symbols[self.op]} ({value})"
        return f"{self.path} {symbols[self.op]} {_show(value)}"


def _show(value: object) -> str:
    if value == COUNTRY:
        return "the profile's country"
    if isinstance(value, bool):
        return "true" if value else "false"
    if value == "":
        return '""'
    return str(value)


@dataclass(frozen=True)
class SeedFigure:
    """A figure of the seed report this indicator must reproduce (the synthetic data is calibrated to it).

    ``value`` is the total; ``breakdown`` (with ``by``) lists some cells of a breakdown, nested like the JSON
    output. ``status`` is ``reported`` or ``not_reported``. ``at_least`` marks a lower bound ("more than 700"),
    ``approximate`` a rounded figure ("approximately 70").
    """

    year: int
    quote: str
    period: str = "calendar"
    status: str = "reported"
    value: int | float | None = None
    by: tuple[str, ...] = ()
    breakdown: Mapping[str, Any] = field(default_factory=dict)
    at_least: bool = False
    approximate: bool = False


@dataclass(frozen=True)
class Indicator:
    """One figure the commission publishes, and the rule that counts it."""

    id: str
    section: Section
    title_es: str
    title_en: str
    unit: Unit
    record: str
    count: CountMethod
    field: str = ""  # the summed field, for ``count = "sum"``
    measure: str = ""  # what an amount is in: PEN, places, persons reached
    filter: tuple[Condition, ...] = ()
    # at least one of these groups of conditions holds (each group: all its conditions), besides ``filter``
    filter_any: tuple[tuple[Condition, ...], ...] = ()
    since: str = ""  # median days: the record type (of the same victim) whose earliest date starts the interval
    reported_when: tuple[Condition, ...] = ()
    interval: tuple[
        str, ...
    ] = ()  # a median's two dates: from, to (the median of the time between them)
    date: tuple[
        str, ...
    ] = ()  # the first recorded of these dates places a record in a period; () = a stock
    sources: tuple[str, ...] = ()  # () = every agency
    exclude_sources: tuple[str, ...] = ()
    breakdowns: tuple[str, ...] = ()
    disclosure: bool = True
    note: str = ""
    seed: tuple[SeedFigure, ...] = ()
    # How the report's sentence names the agencies the indicator counts ("{agency} operates …"), per language;
    # the country profile gives them, since the words (and, in Spanish, their article) are the country's.
    agency_words_es: str = ""
    agency_words_en: str = ""

    def title(self, lang: str = "es") -> str:
        """The title in a language (``title_<code>``, with the fallback rule of :func:`kuska.i18n.localized`)."""
        return localized(self, "title", lang)

    def agency_words(self, lang: str = "es") -> str:
        """How the report names the indicator's agencies in a language (``agency_words_<code>``); "" if unsaid."""
        return localized(self, "agency_words", lang)

    @property
    def is_stock(self) -> bool:
        """A stock (facilities and their places) is counted as registered, whatever the period."""
        return not self.date and self.count is not CountMethod.LINKAGE


@dataclass(frozen=True)
class NotCovered:
    """A count of the seed report that no record type holds, and why."""

    figure: str
    reason: str
    quote: str


@dataclass(frozen=True)
class Catalogue:
    """The indicators in catalogue order, the age bands, and the seed's counts the registry cannot hold."""

    indicators: tuple[Indicator, ...]
    age_bands: Mapping[str, tuple[tuple[str, int, int], ...]]
    not_covered: tuple[NotCovered, ...]

    def __getitem__(self, indicator_id: str) -> Indicator:
        for indicator in self.indicators:
            if indicator.id == indicator_id:
                return indicator
        raise KeyError(indicator_id)

    def __contains__(self, indicator_id: object) -> bool:
        return any(i.id == indicator_id for i in self.indicators)

    def __iter__(self) -> Iterator[Indicator]:
        return iter(self.indicators)

    def __len__(self) -> int:
        return len(self.indicators)

    @property
    def ids(self) -> list[str]:
        return [i.id for i in self.indicators]


_INDICATOR_KEYS = {
    "id",
    "section",
    "title_es",
    "title_en",
    "unit",
    "record",
    "count",
    "field",
    "interval",
    "measure",
    "filter",
    "filter_any",
    "since",
    "reported_when",
    "date",
    "sources",
    "exclude_sources",
    "breakdowns",
    "disclosure",
    "note",
    "seed",
    "agency_words_es",
    "agency_words_en",
}
_SEED_KEYS = {
    "year",
    "quote",
    "period",
    "status",
    "value",
    "by",
    "breakdown",
    "at_least",
    "approximate",
}


def _enum(kind: type[StrEnum], value: object, where: str) -> Any:
    try:
        return kind(str(value))
    except ValueError:
        allowed = ", ".join(m.value for m in kind)
        raise CatalogueError(f"{where}: {value!r} is not one of: {allowed}") from None


def _strings(value: object, where: str) -> tuple[str, ...]:
    if isinstance(value, str):
        return (value,) if value else ()
    if isinstance(value, list) and all(isinstance(v, str) and v for v in value):
        return tuple(value)
    raise CatalogueError(f"{where}: expected a text or a list of texts, got {value!r}")


def _conditions(table: object, where: str) -> tuple[Condition, ...]:
    if not isinstance(table, dict):
        raise CatalogueError(f"{where}: expected a table of field path = value")
    conditions: list[Condition] = []
    for path, spec in table.items():
        if not path or any(not part.isidentifier() for part in path.split(".")):
            raise CatalogueError(f"{where}: {path!r} is not a dotted field path")
        if isinstance(spec, dict):
            if not spec:
                raise CatalogueError(f"{where}.{path}: empty condition")
            for op_name, value in spec.items():
                op = _enum(Op, op_name, f"{where}.{path}")
                if op in (Op.IN, Op.NOT_IN) and not isinstance(value, list):
                    raise CatalogueError(f"{where}.{path}: '{op}' needs a list")
                if op is Op.PRESENT and not isinstance(value, bool):
                    raise CatalogueError(f"{where}.{path}: 'present' needs true or false")
                if op is Op.UNDER and not isinstance(value, str):
                    raise CatalogueError(f"{where}.{path}: 'under' needs an agency code")
                conditions.append(Condition(path, op, value))
        elif isinstance(spec, list):
            conditions.append(Condition(path, Op.IN, spec))
        else:
            conditions.append(Condition(path, Op.EQ, spec))
    return tuple(conditions)


def _seed(raw: object, where: str, indicator_breakdowns: tuple[str, ...]) -> SeedFigure:
    if not isinstance(raw, dict):
        raise CatalogueError(f"{where}: expected a table")
    unknown = set(raw) - _SEED_KEYS
    if unknown:
        raise CatalogueError(f"{where}: unknown key(s) {', '.join(sorted(unknown))}")
    if not isinstance(raw.get("year"), int) or not isinstance(raw.get("quote"), str):
        raise CatalogueError(f"{where}: 'year' (a number) and 'quote' (a text) are required")
    status = raw.get("status", "reported")
    if status not in ("reported", "not_reported", "not_available"):
        raise CatalogueError(f"{where}: status {status!r} is not reported/not_reported")
    by = tuple(d.strip() for d in str(raw.get("by", "")).split(",") if d.strip())
    for dim in by:
        if dim not in indicator_breakdowns:
            raise CatalogueError(f"{where}: breakdown {dim!r} is not allowed for this indicator")
    if by and not isinstance(raw.get("breakdown"), dict):
        raise CatalogueError(f"{where}: 'by' needs a 'breakdown' table")
    if status == "reported" and raw.get("value") is None and not by:
        raise CatalogueError(f"{where}: a reported figure needs a value or a breakdown")
    return SeedFigure(
        year=raw["year"],
        quote=raw["quote"],
        period=_enum(_PeriodKind, raw.get("period", "calendar"), f"{where}.period").value,
        status=status,
        value=raw.get("value"),
        by=by,
        breakdown=raw.get("breakdown", {}),
        at_least=bool(raw.get("at_least", False)),
        approximate=bool(raw.get("approximate", False)),
    )


class _PeriodKind(StrEnum):
    CALENDAR = "calendar"
    TIP = "tip"


def _indicator(raw: dict[str, Any], index: int) -> Indicator:
    where = f"indicator {raw.get('id') or f'#{index + 1}'}"
    unknown = set(raw) - _INDICATOR_KEYS
    if unknown:
        raise CatalogueError(f"{where}: unknown key(s) {', '.join(sorted(unknown))}")
    for key in ("id", "section", "title_es", "title_en", "unit", "record", "count"):
        if not isinstance(raw.get(key), str) or not raw[key]:
            raise CatalogueError(f"{where}: '{key}' is required")
    indicator_id: str = raw["id"]
    if not indicator_id.isidentifier() or indicator_id != indicator_id.lower():
        raise CatalogueError(f"{where}: the id must be lower_case_with_underscores")
    if raw["record"] not in RECORD_TYPES:
        raise CatalogueError(f"{where}: record type {raw['record']!r} is not one of {RECORD_TYPES}")
    count = _enum(CountMethod, raw["count"], f"{where}.count")
    unit = _enum(Unit, raw["unit"], f"{where}.unit")
    summed = str(raw.get("field", ""))
    interval = _strings(raw.get("interval", []), f"{where}.interval")
    if count is CountMethod.MEDIAN:
        if bool(summed) == bool(interval):
            raise CatalogueError(f"{where}: a median needs a 'field' or an 'interval', not both")
        if interval and (len(interval) != 2 or raw.get("measure") not in INTERVAL_UNITS):
            raise CatalogueError(
                f"{where}: an 'interval' is two dates, from and to, with a measure of "
                f"{' or '.join(INTERVAL_UNITS)}"
            )
    elif (count is CountMethod.SUM) != bool(summed):
        raise CatalogueError(f"{where}: 'field' is needed with count = 'sum', and only then")
    elif interval:
        raise CatalogueError(f"{where}: 'interval' is for count = 'median' only")
    if count is CountMethod.MEDIAN and raw.get("disclosure"):
        raise CatalogueError(
            f"{where}: a median's cells do not add up: disclosure control cannot apply"
        )
    since = str(raw.get("since", ""))
    if (count is CountMethod.MEDIAN_DAYS) != bool(since):
        raise CatalogueError(
            f"{where}: 'since' is needed with count = 'median days', and only then"
        )
    if since and since not in RECORD_TYPES:
        raise CatalogueError(f"{where}.since: record type {since!r} is not one of {RECORD_TYPES}")
    if count is CountMethod.MEDIAN_DAYS and unit is not Unit.AMOUNT:
        raise CatalogueError(
            f"{where}: a median of days is an amount (unit = 'amount', measure = 'days')"
        )
    any_of = raw.get("filter_any", [])
    if not isinstance(any_of, list) or any(not isinstance(t, dict) or not t for t in any_of):
        raise CatalogueError(f"{where}.filter_any: expected a list of tables of field path = value")
    if unit is Unit.AMOUNT and not raw.get("measure"):
        raise CatalogueError(f"{where}: an amount needs a 'measure' (PEN, places…)")
    if unit is Unit.UNIQUE_PERSONS and count is not CountMethod.LINKAGE:
        raise CatalogueError(
            f"{where}: unique persons come from record linkage (count = 'linkage')"
        )
    breakdowns = _strings(raw.get("breakdowns", []), f"{where}.breakdowns")
    for dim in breakdowns:
        if dim not in DIMENSIONS:
            raise CatalogueError(f"{where}: breakdown {dim!r} is not one of {DIMENSIONS}")
        if dim in FIELD_DIMENSIONS and FIELD_DIMENSIONS[dim][0] != raw["record"]:
            raise CatalogueError(
                f"{where}: breakdown {dim!r} is for {FIELD_DIMENSIONS[dim][0]} records only"
            )
    if count is not CountMethod.LINKAGE and not raw.get("date") and raw["record"] != "facility":
        raise CatalogueError(f"{where}: 'date' is required (only facilities are a stock)")
    seeds = raw.get("seed", [])
    if not isinstance(seeds, list):
        raise CatalogueError(f"{where}.seed: expected [[indicator.seed]] tables")
    return Indicator(
        id=indicator_id,
        section=_enum(Section, raw["section"], f"{where}.section"),
        title_es=raw["title_es"],
        title_en=raw["title_en"],
        unit=unit,
        record=raw["record"],
        count=count,
        field=summed,
        measure=str(raw.get("measure", "")),
        interval=interval,
        filter=_conditions(raw.get("filter", {}), f"{where}.filter"),
        filter_any=tuple(_conditions(t, f"{where}.filter_any[{i}]") for i, t in enumerate(any_of)),
        since=since,
        reported_when=_conditions(raw.get("reported_when", {}), f"{where}.reported_when"),
        date=_strings(raw.get("date", []), f"{where}.date"),
        sources=_strings(raw.get("sources", []), f"{where}.sources"),
        exclude_sources=_strings(raw.get("exclude_sources", []), f"{where}.exclude_sources"),
        breakdowns=breakdowns,
        disclosure=bool(raw.get("disclosure", unit.counts_people)),
        note=str(raw.get("note", "")).strip(),
        agency_words_es=str(raw.get("agency_words_es", "")),
        agency_words_en=str(raw.get("agency_words_en", "")),
        seed=tuple(_seed(s, f"{where}.seed[{i}]", breakdowns) for i, s in enumerate(seeds)),
    )


def _age_bands(raw: object) -> dict[str, tuple[tuple[str, int, int], ...]]:
    if not isinstance(raw, dict):
        raise CatalogueError("[age_bands]: expected a table per age dimension")
    bands: dict[str, tuple[tuple[str, int, int], ...]] = {}
    for dim in AGE_DIMENSIONS:
        table = raw.get(dim)
        if not isinstance(table, dict) or not table:
            raise CatalogueError(f"[age_bands]: '{dim}' is missing")
        rows: list[tuple[str, int, int]] = []
        for code, limits in table.items():
            if (
                not isinstance(limits, list)
                or len(limits) != 2
                or not all(isinstance(x, int) for x in limits)
            ):
                raise CatalogueError(f"[age_bands].{dim}.{code}: expected [lowest, highest] ages")
            rows.append((code, limits[0], limits[1]))
        rows.sort(key=lambda row: row[1])
        expected_low = 0
        for code, low, high in rows:
            if low != expected_low or high < low:
                raise CatalogueError(
                    f"[age_bands].{dim}.{code}: bands must follow each other from age 0 without gaps"
                )
            expected_low = high + 1
        bands[dim] = tuple(rows)
    return bands


def _toml(text: str, name: str) -> dict[str, Any]:
    try:
        return tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise CatalogueError(f"{name}: {exc}") from exc


def _with_country(data: dict[str, Any], country: dict[str, Any]) -> dict[str, Any]:
    """The catalogue with the country's part of each indicator added (see ``indicators.toml``)."""
    where = "the profile's indicators.toml"
    parts = country.get("indicator", {})
    if not isinstance(parts, dict):
        raise CatalogueError(f"{where}: expected [indicator.ID] tables")
    parts = dict(parts)
    merged = []
    for raw in data.get("indicator", []):
        part = parts.pop(raw.get("id"), {}) if isinstance(raw, dict) else {}
        both = sorted(set(part) & set(raw)) if isinstance(raw, dict) else []
        if both:
            raise CatalogueError(f"indicator {raw['id']}: {', '.join(both)} given twice ({where})")
        merged.append({**raw, **part} if isinstance(raw, dict) else raw)
    if parts:
        raise CatalogueError(f"{where}: no indicator {', '.join(sorted(parts))} in the catalogue")
    unknown = sorted(set(country) - {"indicator", "not_covered"})
    if unknown:
        raise CatalogueError(f"{where}: unknown key(s) {', '.join(unknown)}")
    return {
        **data,
        "indicator": merged,
        "not_covered": [*data.get("not_covered", []), *country.get("not_covered", [])],
    }


def parse_catalogue(text: str, country: str | None = None) -> Catalogue:
    """Read and check a catalogue from TOML text, with the country profile's part of it (``country``, the text
    of the profile's ``indicators.toml``) if given; raises :class:`CatalogueError` on the first problem."""
    data = _toml(text, "indicators.toml")
    if country is not None:
        data = _with_country(data, _toml(country, "the profile's indicators.toml"))
    raw_indicators = data.get("indicator", [])
    if not isinstance(raw_indicators, list) or not raw_indicators:
        raise CatalogueError("indicators.toml: no [[indicator]]")
    indicators = tuple(_indicator(raw, i) for i, raw in enumerate(raw_indicators))
    seen: set[str] = set()
    for indicator in indicators:
        if indicator.id in seen:
            raise CatalogueError(f"indicator {indicator.id}: the id appears twice")
        seen.add(indicator.id)
    not_covered = tuple(
        NotCovered(
            figure=str(item.get("figure", "")),
            reason=str(item.get("reason", "")),
            quote=str(item.get("quote", "")),
        )
        for item in data.get("not_covered", [])
    )
    for item in not_covered:
        if not (item.figure and item.reason and item.quote):
            raise CatalogueError("[[not_covered]]: 'figure', 'reason' and 'quote' are required")
    return Catalogue(
        indicators=indicators,
        age_bands=_age_bands(data.get("age_bands")),
        not_covered=not_covered,
    )


@cache
def load_catalogue(path: Path = CATALOGUE_PATH, profile: str | None = None) -> Catalogue:
    """The catalogue shipped with Kuska with the country profile's part (``profile``, default the deployment's:
    ``KUSKA_PROFILE``), read once."""
    from kuska.profiles import country_file

    country = country_file("indicators.toml", profile)
    return parse_catalogue(
        path.read_text(encoding="utf-8"),
        country.read_text(encoding="utf-8") if country.is_file() else None,
    )
