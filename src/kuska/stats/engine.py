"""The statistics engine: an indicator of the catalogue × a period × breakdowns × a region → a result.

Built in named steps over the Django ORM (no vendor SQL), so SQLite and PostgreSQL give the same numbers:

1. *scope* — records of the indicator's type sent by its source agencies (each with the agencies below it);
2. *period* — dated in the period by the indicator's date basis (a stock is not dated);
3. *supplied?* — did any source agency send a record that speaks to the figure (``reported_when``)? If not, the
   figure is **not reported** (value ``None``), never 0;
4. *population* — the indicator's filter, and the filters asked for (``where``: a code of any breakdown
   dimension, e.g. ``{"region": "LOR", "sex": "female"}``; an agency includes the agencies below it);
5. *measure* — count records, count distinct victims or suspects, sum a field, or take the median of a field or
   of the time between two dates, grouped by every subset of the breakdown dimensions (the cells and all their
   margins; each margin is its own query, so distinct counts stay exact). No SQL dialect has one median for all:
   a median reads the values of each group and takes their median in Python (:func:`_medians`), so SQLite and
   PostgreSQL give the same figure.

>>> from kuska.stats.catalogue import load_catalogue
>>> from kuska.stats.periods import Period
>>> result = compute(load_catalogue()["victims_identified"], Period.calendar(2020), ("agency",))  # doctest: +SKIP
>>> result.breakdown()  # doctest: +SKIP
{'POLICE': 640, 'PROSECUTION': 470}
"""

from __future__ import annotations

import datetime
import itertools
import statistics
import tomllib
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from enum import StrEnum
from typing import TYPE_CHECKING, Any

from django.core.exceptions import FieldDoesNotExist
from django.db import models
from django.db.models import (
    Case,
    CharField,
    Count,
    F,
    Min,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Sum,
    Value,
    When,
)
from django.db.models.functions import Coalesce, ExtractYear, NullIf

from kuska.registry.agencies import AgencyTree, UnknownAgencyError
from kuska.registry.codes import ReferralOutcome
from kuska.registry.models import CaseExploitation, CodeItem, LoadedProfile, Region
from kuska.stats.catalogue import (
    AGE_DIMENSIONS,
    COUNTRY,
    DIMENSIONS,
    FIELD_DIMENSIONS,
    INTERVAL_UNITS,
    PERSON_DIMENSIONS,
    Catalogue,
    CatalogueError,
    Condition,
    CountMethod,
    Indicator,
    Op,
    load_catalogue,
)
from kuska.stats.periods import Period, parse_month_day
from kuska.stats.records import RECORD_TYPES, RecordType

if TYPE_CHECKING:
    from kuska.stats.snapshot import Snapshot

Number = int | Decimal
CellKey = tuple[str | None, ...]  # one category per dimension; None stands for "all" (a margin)

UNKNOWN = "unknown"  # the category of a record whose value is not recorded
MULTIPLE = "multiple"  # a case with several forms of exploitation
OTHER = "other"
NOT_REFUSED = "not_refused"  # the refusal reason of a referral the provider did not refuse
NOT_REFERRED = "not_referred"  # the referred_to category of a record referred nowhere


class Status(StrEnum):
    REPORTED = "reported"
    NOT_REPORTED = "not_reported"  # no source agency supplied the figure for the period
    NOT_AVAILABLE = "not_available"  # computed by a later stage (record linkage) that has not run
    NOT_APPLICABLE = (
        "not_applicable"  # a filter asked for cannot apply to what the indicator counts
    )


@dataclass
class IndicatorResult:
    """An indicator's figure for a period: its status, and every cell of the breakdown with all its margins.

    ``cells`` maps a key (one category per dimension, ``None`` for "all") to a number; the key of ``None`` in every
    position is the total. After disclosure control, ``suppressed`` holds the keys that must not be published.
    """

    indicator: Indicator
    period: Period
    status: Status
    dimensions: tuple[str, ...] = ()
    categories: dict[str, list[str]] = field(default_factory=dict)
    cells: dict[CellKey, Number] = field(default_factory=dict)
    region: str | None = None
    where: dict[str, str] = field(
        default_factory=dict
    )  # the filters, region included: dimension → code
    not_reported_by: tuple[str, ...] = ()
    unavailable_dimensions: tuple[str, ...] = ()
    note: str = ""
    suppressed: frozenset[CellKey] = frozenset()

    @property
    def total_key(self) -> CellKey:
        return (None,) * len(self.dimensions)

    @property
    def value(self) -> Number | None:
        """The total; ``None`` when not reported, not available or suppressed."""
        return self.cell(*self.total_key)

    def cell(self, *key: str | None) -> Number | None:
        """A cell's number; ``None`` when not reported or suppressed, or a median's cell with no value in it (a
        count's empty cell is 0; a median of nothing is not 0)."""
        if self.status is not Status.REPORTED or key in self.suppressed:
            return None
        if self.indicator.count in (
            CountMethod.MEDIAN,
            CountMethod.MEDIAN_DAYS,
        ):  # no value: no median, not 0
            return self.cells.get(key)
        return self.cells.get(key, 0)

    def nested(self, dims: Sequence[str]) -> dict[str, Any]:
        """The cells over ``dims`` (a subset of the dimensions, in order), nested in that order."""
        positions = [self.dimensions.index(d) for d in dims]

        def level(depth: int, key: list[str | None]) -> Any:
            if depth == len(positions):
                return self.cell(*key)
            out: dict[str, Any] = {}
            for category in self.categories[self.dimensions[positions[depth]]]:
                key[positions[depth]] = category
                out[category] = level(depth + 1, key)
            key[positions[depth]] = None
            return out

        return level(0, [None] * len(self.dimensions)) if dims else {}

    def breakdown(self) -> dict[str, Any]:
        """The innermost cells, nested by the dimensions in the order asked for: ``{"POLICE": {"female": …}}``."""
        if self.status is not Status.REPORTED:
            return {}
        return self.nested(self.dimensions)

    def margins(self) -> dict[str, dict[str, Any]]:
        """Sub-totals over every proper, non-empty subset of the dimensions, keyed ``"agency"``, ``"agency,sex"``…"""
        if self.status is not Status.REPORTED:
            return {}
        out: dict[str, dict[str, Any]] = {}
        for size in range(len(self.dimensions) - 1, 0, -1):
            for dims in itertools.combinations(self.dimensions, size):
                out[",".join(dims)] = self.nested(dims)
        return out


@dataclass
class StatsContext:
    """What the engine reads once per run: the catalogue, the agency tree and the profile's codes."""

    catalogue: Catalogue
    agencies: AgencyTree
    country: str
    tip_start: tuple[int, int]
    exploitation_top: dict[str, str]  # form → top-level form (labour_mining → labour)
    exploitation_order: list[str]
    nationality_order: list[str]
    region_codes: list[str]
    lead_agencies: tuple[str, ...] = ()  # named first wherever agencies are listed together
    code_lists: dict[str, list[str]] = field(
        default_factory=dict
    )  # sex, nationality: the profile's codes

    @classmethod
    def load(cls, catalogue: Catalogue | None = None) -> StatsContext:
        from kuska.profiles import profile_dir

        agencies = AgencyTree.load()
        profile = LoadedProfile.objects.order_by("-loaded_at").first()
        country, tip_start = "", (4, 1)
        lead: tuple[str, ...] = ()
        if profile is not None:
            country = profile.country
            try:
                meta = tomllib.loads(
                    (profile_dir(profile.code) / "profile.toml").read_text(encoding="utf-8")
                )
                tip_start = parse_month_day(str(meta.get("tip_year_start", "04-01")))
                lead = tuple(str(code) for code in meta.get("lead_agencies", ()))
            except (OSError, ValueError):  # a profile no longer shipped: the TIP year's usual start
                tip_start = (4, 1)
        forms = list(
            CodeItem.objects.filter(list="exploitation_form")
            .order_by("sort_order")
            .values_list("code", "group")
        )
        top = {code: group or code for code, group in forms}
        order = list(dict.fromkeys(top.values()))
        return cls(
            catalogue=catalogue or load_catalogue(),
            agencies=agencies,
            country=country,
            tip_start=tip_start,
            exploitation_top=top,
            exploitation_order=order,
            nationality_order=[country] if country else [],
            region_codes=list(Region.objects.order_by("code").values_list("code", flat=True)),
            lead_agencies=lead,
            code_lists={
                name: list(
                    CodeItem.objects.filter(list=name)
                    .order_by("sort_order", "code")
                    .values_list("code", flat=True)
                )
                for name in ("sex", "nationality", "referral_refusal_reason", "language")
            },
        )

    def period(self, kind: str, year: int) -> Period:
        return Period.of(kind, year, self.tip_start)

    def agency_id(self, code: str) -> int:
        try:
            return self.agencies.find(code).id
        except UnknownAgencyError as exc:
            raise CatalogueError(str(exc)) from None

    def subtree(self, code: str) -> list[int]:
        """The agency with this code and every agency below it."""
        self.agency_id(code)
        return [node.id for node in self.agencies.subtree(code)]

    def roots(self) -> list[str]:
        return [node.code for node in self.agencies.roots()]


# -- step helpers ------------------------------------------------------------------------------------------------


def _orm(path: str) -> str:
    return path.replace(".", "__")


@dataclass(frozen=True)
class _Resolved:
    field: Any
    to_many: bool


def _resolve(model: type[models.Model], path: str, where: str) -> _Resolved:
    """The field a dotted path ends on, and whether the path crosses a to-many relation."""
    current: type[models.Model] = model
    to_many = False
    parts = path.split(".")
    found: Any = None
    for i, part in enumerate(parts):
        try:
            found = current._meta.get_field(part)
        except FieldDoesNotExist:
            raise CatalogueError(
                f"{where}: {path!r}: {current.__name__} has no field {part!r}"
            ) from None
        if found.is_relation:
            to_many = to_many or bool(found.many_to_many or found.one_to_many)
            if i < len(parts) - 1:
                current = found.related_model
        elif i < len(parts) - 1:
            raise CatalogueError(f"{where}: {path!r}: {part!r} is not a relation")
    return _Resolved(found, to_many)


def _condition_q(
    condition: Condition, record: RecordType, context: StatsContext, where: str
) -> tuple[Q, bool]:
    resolved = _resolve(record.model, condition.path, where)
    path = _orm(condition.path)
    value = condition.value
    if value == COUNTRY:
        value = context.country
    if isinstance(value, list):
        value = [context.country if v == COUNTRY else v for v in value]
    op = condition.op
    if op is Op.PRESENT:
        is_text = isinstance(resolved.field, (models.CharField, models.TextField))
        recorded = Q(**{f"{path}__isnull": False})
        if is_text:
            recorded &= ~Q(**{path: ""})
        return (recorded if value else ~recorded), resolved.to_many
    if op is Op.UNDER:
        return Q(**{f"{path}__in": context.subtree(str(value))}), resolved.to_many
    lookups = {
        Op.EQ: "exact",
        Op.IN: "in",
        Op.LT: "lt",
        Op.LTE: "lte",
        Op.GT: "gt",
        Op.GTE: "gte",
        Op.NE: "exact",
        Op.NOT_IN: "in",
    }
    q = Q(**{f"{path}__{lookups[op]}": value})
    return (~q if op in (Op.NE, Op.NOT_IN) else q), resolved.to_many


def _conditions_q(
    conditions: Iterable[Condition], record: RecordType, context: StatsContext, where: str
) -> tuple[Q, bool]:
    combined, to_many = Q(), False
    for condition in conditions:
        q, many = _condition_q(condition, record, context, where)
        combined &= q
        to_many = to_many or many
    return combined, to_many


def _in_period(
    queryset: QuerySet[Any], indicator: Indicator, record: RecordType, period: Period
) -> QuerySet[Any]:
    if not indicator.date:
        return queryset
    fields = [_resolve(record.model, d, f"indicator {indicator.id}.date") for d in indicator.date]
    if len(fields) == 1 and isinstance(fields[0].field, models.IntegerField):
        return queryset.filter(**{_orm(indicator.date[0]): period.year})
    for resolved, path in zip(fields, indicator.date, strict=True):
        if not isinstance(resolved.field, models.DateField):
            raise CatalogueError(f"indicator {indicator.id}: date {path!r} is not a date field")
    if len(indicator.date) == 1:
        path = _orm(indicator.date[0])
        if isinstance(
            fields[0].field, models.DateTimeField
        ):  # the day of a moment: 31 December at 23:00 counts
            path += "__date"
        return queryset.filter(**{f"{path}__gte": period.start, f"{path}__lte": period.end})
    dated = Coalesce(*(F(_orm(d)) for d in indicator.date), output_field=models.DateField())
    within: QuerySet[Any] = queryset.alias(_date=dated).filter(
        _date__gte=period.start, _date__lte=period.end
    )
    return within


def _targets(indicator: Indicator, context: StatsContext) -> list[str]:
    """The agencies ``--by agency`` rolls records up to: the sources, or the top-level agencies."""
    if indicator.sources:
        return list(indicator.sources)
    excluded = {i for code in indicator.exclude_sources for i in context.subtree(code)}
    return [code for code in context.roots() if context.agency_id(code) not in excluded]


def _scope(
    indicator: Indicator,
    record: RecordType,
    context: StatsContext,
    sources: Sequence[str],
    within: str | None = None,
) -> QuerySet[Any]:
    queryset: QuerySet[Any] = record.model._default_manager.order_by()
    agency = f"{record.agency}_id" if record.agency == "agency" else record.agency
    if sources:
        ids = sorted({i for code in sources for i in context.subtree(code)})
        queryset = queryset.filter(**{f"{agency}__in": ids})
    if within is not None:  # the agency filter: that agency and the agencies below it
        queryset = queryset.filter(**{f"{agency}__in": context.subtree(within)})
    excluded = sorted({i for code in indicator.exclude_sources for i in context.subtree(code)})
    if excluded:
        queryset = queryset.exclude(**{f"{agency}__in": excluded})
    return queryset


def _supplied_q(indicator: Indicator, record: RecordType, context: StatsContext) -> Q:
    where = f"indicator {indicator.id}.reported_when"
    q, _ = _conditions_q(indicator.reported_when, record, context, where)
    if indicator.count in (CountMethod.SUM, CountMethod.MEDIAN):
        for path in (indicator.field,) if indicator.field else indicator.interval:
            q &= Q(**{f"{_orm(path)}__isnull": False})
    return q


def _region_expression(record: RecordType) -> Coalesce:
    paths = [F(f"{path}__code") for path in record.regions]
    paths.append(F(f"{record.agency}__region__code"))
    return Coalesce(*paths, Value(UNKNOWN), output_field=CharField())


def _agency_expression(indicator: Indicator, record: RecordType, context: StatsContext) -> Case:
    targets = _targets(indicator, context)
    depth = {code: context.agencies.depth(context.agency_id(code)) for code in targets}
    whens = [
        When(**{f"{record.agency}__in": context.subtree(code)}, then=Value(code))
        for code in sorted(targets, key=lambda c: -depth[c])  # the most specific agency first
    ]
    return Case(*whens, default=Value(OTHER), output_field=CharField())


def _age_expression(person: str, bands: Sequence[tuple[str, int, int]]) -> Case:
    age = f"{person}__age_at_event"
    whens = [When(**{f"{age}__isnull": True}, then=Value(UNKNOWN))]
    whens += [
        When(**{f"{age}__gte": low, f"{age}__lte": high}, then=Value(code))
        for code, low, high in bands
    ]
    return Case(*whens, default=Value(UNKNOWN), output_field=CharField())


def _top_form(context: StatsContext) -> Case:
    return Case(
        *(
            When(
                form__in=sorted(f for f, t in context.exploitation_top.items() if t == target),
                then=Value(target),
            )
            for target in context.exploitation_order
        ),
        default=F("form"),
        output_field=CharField(),
    )


def _exploitation_expression(record: RecordType, context: StatsContext) -> Coalesce:
    top = _top_form(context)
    forms = (
        CaseExploitation.objects.filter(case_file=OuterRef(record.case))
        .order_by()
        .annotate(top=top)
        .values("case_file")
        .annotate(n=Count("top", distinct=True), first=Min("top"))
        .annotate(
            form_of_case=Case(
                When(n__gt=1, then=Value(MULTIPLE)), default=F("first"), output_field=CharField()
            )
        )
        .values("form_of_case")
    )
    return Coalesce(Subquery(forms), Value(UNKNOWN), output_field=CharField())


def _field_expression(dimension: str, record: RecordType, context: StatsContext, where: str) -> Any:
    """A dimension read from one field of one record type (:data:`FIELD_DIMENSIONS`)."""
    record_name, path = FIELD_DIMENSIONS[dimension]
    if record.name != record_name:
        raise CatalogueError(f"{where}: only {record_name} records have it")
    value = Coalesce(NullIf(F(path), Value("")), Value(UNKNOWN), output_field=CharField())
    if dimension != "refusal_reason":
        return value
    reasons = context.code_lists.get("referral_refusal_reason", [])
    return Case(
        When(~Q(outcome=ReferralOutcome.REFUSED_BY_PROVIDER), then=Value(NOT_REFUSED)),
        When(**{f"{path}__in": reasons}, then=F(path)),
        When(Q(**{path: ""}), then=Value(UNKNOWN)),
        default=Value(OTHER),
        output_field=CharField(),
    )


def _language_path(record: RecordType) -> str:
    """The record's own language (a hotline call's), else its person's; "" if it has neither."""
    try:
        record.model._meta.get_field("language")
    except FieldDoesNotExist:
        return f"{record.person}__language" if record.person else ""
    return "language"


def _destination_path(record: RecordType) -> str:
    """The agency a record was referred to (a call's ``referred_to``, a referral's ``to_agency``); "" if none."""
    for name in ("referred_to", "to_agency"):
        try:
            record.model._meta.get_field(name)
        except FieldDoesNotExist:
            continue
        return name
    return ""


def _destination_expression(path: str, context: StatsContext) -> Case:
    """The top-level agency of the agency referred to; ``not_referred`` when the record names none."""
    whens = [When(**{f"{path}__isnull": True}, then=Value(NOT_REFERRED))]
    whens += [
        When(**{f"{path}__in": context.subtree(code)}, then=Value(code)) for code in context.roots()
    ]
    return Case(*whens, default=Value(OTHER), output_field=CharField())


def dimension_expression(
    dimension: str, indicator: Indicator, record: RecordType, context: StatsContext
) -> Any:
    """The SQL expression that gives a record's category in a breakdown dimension."""
    where = f"indicator {indicator.id}: breakdown {dimension!r}"
    if dimension in FIELD_DIMENSIONS:
        return _field_expression(dimension, record, context, where)
    person = record.person
    if dimension in PERSON_DIMENSIONS and not person:
        raise CatalogueError(f"{where}: {record.name} records have no person")
    if dimension == "agency":
        return _agency_expression(indicator, record, context)
    if dimension == "region":
        return _region_expression(record)
    if dimension == "exploitation":
        if not record.case:
            raise CatalogueError(f"{where}: {record.name} records have no case file")
        return _exploitation_expression(record, context)
    if dimension in AGE_DIMENSIONS:
        return _age_expression(person, context.catalogue.age_bands[dimension])
    if dimension in ("sex", "nationality"):
        return Coalesce(
            NullIf(F(f"{person}__{dimension}"), Value("")),
            Value(UNKNOWN),
            output_field=CharField(),
        )
    if dimension == "language":
        path = _language_path(record)
        if not path:
            raise CatalogueError(f"{where}: {record.name} records have no language")
        return Coalesce(NullIf(F(path), Value("")), Value(UNKNOWN), output_field=CharField())
    if dimension == "referred_to":
        path = _destination_path(record)
        if not path:
            raise CatalogueError(f"{where}: {record.name} records are not referred anywhere")
        return _destination_expression(path, context)
    if dimension == "nationality_group":
        nationality = f"{person}__nationality"
        return Case(
            When(
                Q(**{f"{nationality}__isnull": True}) | Q(**{nationality: ""}), then=Value(UNKNOWN)
            ),
            When(**{nationality: context.country}, then=Value("national")),
            default=Value("foreign"),
            output_field=CharField(),
        )
    raise CatalogueError(f"{where}: unknown dimension")


def _measure(indicator: Indicator, record: RecordType, to_many: bool) -> Any:
    """The aggregate of the count method; ``None`` for a median, which no SQL dialect shares."""
    if indicator.count is CountMethod.RECORDS:
        return Count("pk", distinct=True) if to_many else Count("*")
    if indicator.count is CountMethod.SUM:
        return Sum(_orm(indicator.field))
    if indicator.count is CountMethod.MEDIAN_DAYS:
        raise CatalogueError(f"indicator {indicator.id}: a median of days is not a single query")
    if indicator.count is CountMethod.MEDIAN:
        return None  # read value by value: see _medians
    wanted = "victim" if indicator.count is CountMethod.DISTINCT_VICTIMS else "suspect"
    if record.role != wanted:
        raise CatalogueError(
            f"indicator {indicator.id}: {record.name} records have no {wanted} to count"
        )
    return Count(record.person, distinct=True)


def _category_order(
    dimension: str, context: StatsContext, indicator: Indicator | None = None
) -> list[str]:
    if dimension == "agency":
        return _targets(indicator, context) if indicator is not None else context.roots()
    if dimension == "sex":
        return ["female", "male", "intersex"]
    if dimension in AGE_DIMENSIONS:
        return [code for code, _, _ in context.catalogue.age_bands[dimension]]
    if dimension == "nationality_group":
        return ["national", "foreign"]
    if dimension == "nationality":
        return context.nationality_order
    if dimension == "exploitation":
        return context.exploitation_order
    if dimension == "region":
        return context.region_codes
    if dimension == "outcome":
        return list(ReferralOutcome.values)
    if dimension == "refusal_reason":
        return [*context.code_lists.get("referral_refusal_reason", []), NOT_REFUSED]
    if dimension == "language":
        return context.code_lists.get("language", [])
    if dimension == "referred_to":  # the top-level agencies of the lead agencies first
        leads = [
            root
            for lead in context.lead_agencies
            for root in context.roots()
            if context.agency_id(lead) in context.subtree(root)
        ]
        return [*leads, *context.roots(), NOT_REFERRED]
    return []


def _sorted_categories(found: Iterable[str], order: Sequence[str]) -> list[str]:
    rank = {
        code: i for i, code in enumerate(dict.fromkeys(order))
    }  # a code listed twice: its first place
    last = {MULTIPLE: 1, OTHER: 2, NOT_REFERRED: 3, UNKNOWN: 4}

    def key(code: str) -> tuple[int, int, str]:
        if code in rank:
            return (0, rank[code], "")
        return (1 + last.get(code, 0), 0, code)

    return sorted(set(found), key=key)


def check_indicator(indicator: Indicator, context: StatsContext) -> None:
    """Raise :class:`CatalogueError` if the indicator names a field, agency or breakdown the registry lacks."""
    if indicator.count is CountMethod.LINKAGE:
        return
    record = RECORD_TYPES[indicator.record]
    where = f"indicator {indicator.id}"
    _conditions_q(indicator.filter, record, context, f"{where}.filter")
    _conditions_q(indicator.reported_when, record, context, f"{where}.reported_when")
    _supplied_q(indicator, record, context)
    for i, group in enumerate(indicator.filter_any):
        _conditions_q(group, record, context, f"{where}.filter_any[{i}]")
    if indicator.count is CountMethod.MEDIAN_DAYS:
        since = RECORD_TYPES[indicator.since]
        if not (record.person and since.person):
            raise CatalogueError(f"{where}: a median of days needs records of a person")
    else:
        _measure(indicator, record, to_many=False)
    if indicator.field:
        _resolve(record.model, indicator.field, f"{where}.field")
    for path in indicator.interval:
        if not isinstance(
            _resolve(record.model, path, f"{where}.interval").field, models.DateField
        ):
            raise CatalogueError(f"{where}: interval {path!r} is not a date field")
    for d in indicator.date:
        _resolve(record.model, d, f"{where}.date")
    for code in (*indicator.sources, *indicator.exclude_sources):
        context.agency_id(code)
    for dimension in indicator.breakdowns:
        dimension_expression(dimension, indicator, record, context)


# -- filters -----------------------------------------------------------------------------------------------------

# What linkage reads of each person (:mod:`kuska.stats.linked`): the persons' figures can be filtered by these.
LINKED_FILTERS = (
    "agency",
    "region",
    "sex",
    "age_band",
    "age_group",
    "age_band_general",
    "nationality_group",
)


class FilterError(ValueError):
    """A filter names a dimension that is not a breakdown, or a code the dimension does not have."""


def filterable(indicator: Indicator) -> tuple[str, ...]:
    """The dimensions an indicator's figures can be filtered by: the agency and the region always (every record has
    an agency, and a region through it), every breakdown the indicator allows, and for the persons of record
    linkage what linkage reads of them (:data:`LINKED_FILTERS`)."""
    if indicator.count is CountMethod.LINKAGE:
        return LINKED_FILTERS
    return tuple(d for d in DIMENSIONS if d in ("agency", "region") or d in indicator.breakdowns)


def filter_codes(dimension: str, context: StatsContext) -> list[str]:
    """The codes a filter on a dimension accepts: the categories its breakdown gives (``unknown`` included; for an
    agency, every agency of the tree, each including the agencies below it)."""
    if dimension == "region":
        return list(context.region_codes)
    if dimension == "agency":
        return context.agencies.codes()
    if dimension == "sex":
        return [*(context.code_lists.get("sex") or _category_order("sex", context)), UNKNOWN]
    if dimension in AGE_DIMENSIONS:
        return [*_category_order(dimension, context), UNKNOWN]
    if dimension == "nationality":
        return [*(context.code_lists.get("nationality") or context.nationality_order), UNKNOWN]
    if dimension == "nationality_group":
        return ["national", "foreign", UNKNOWN]
    if dimension == "exploitation":
        return [*context.exploitation_order, MULTIPLE, UNKNOWN]
    if dimension in ("outcome", "refusal_reason"):
        return [*_category_order(dimension, context), OTHER, UNKNOWN]
    if dimension == "alert_rule":
        found = RECORD_TYPES["alert"].model._default_manager.values_list("rule", flat=True)
        return sorted(set(found))
    if dimension == "language":
        return [*context.code_lists.get("language", []), UNKNOWN]
    if dimension == "referred_to":
        return [*context.roots(), OTHER, NOT_REFERRED]
    raise FilterError(f"{dimension!r} is not a breakdown ({', '.join(DIMENSIONS)})")


def check_where(where: Mapping[str, str], context: StatsContext) -> dict[str, str]:
    """The filters with each code as the engine knows it (an agency by its code, whatever the case or alias), in
    the order of :data:`~kuska.stats.catalogue.DIMENSIONS`; raises :class:`FilterError` for the first wrong one."""
    checked: dict[str, str] = {}
    for dimension in sorted(where, key=lambda d: DIMENSIONS.index(d) if d in DIMENSIONS else -1):
        code = where[dimension]
        codes = filter_codes(dimension, context)
        if dimension == "agency":
            node = context.agencies.get(code)
            if node is None:
                raise FilterError(f"agency {code!r} is not in the loaded profile")
            code = node.code
        elif code not in codes:
            if dimension == "region":
                raise FilterError(f"region {code!r} is not in the loaded profile")
            raise FilterError(f"{code!r} is not a code of {dimension} ({', '.join(codes[:12])}…)")
        checked[dimension] = code
    return checked


# -- the public entry points -------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Population:
    """What an indicator counts in a period, before the measure: steps 1 to 4 of the engine.

    ``records`` is ``None`` when no source agency supplied the figure (*not reported*); ``reporting`` the source
    agencies that did (every target agency when the indicator names no sources); ``to_many`` whether the filter
    crosses a to-many relation (a record may then appear more than once in ``records``).
    """

    records: QuerySet[Any] | None
    reporting: list[str]
    not_reported_by: tuple[str, ...] = ()
    to_many: bool = False


def population(
    indicator: Indicator,
    period: Period,
    filters: Mapping[str, str] | None = None,
    *,
    context: StatsContext,
) -> Population:
    """The records an indicator of the record types counts in a period (scope, period, supplied?, the indicator's
    filter and ``filters``, checked by :func:`check_where`): what :func:`compute` measures and
    :func:`kuska.stats.trace.records_behind` lists. An agency filter narrows the source agencies to it and the
    agencies below it."""
    filters = dict(filters or {})
    agency = filters.get("agency")
    record = RECORD_TYPES[indicator.record]
    # 1–3: scope, period, supplied — per source agency when there are several, so a silent one shows
    supplied_q = _supplied_q(indicator, record, context)
    reporting = list(_targets(indicator, context))
    not_reported_by: tuple[str, ...] = ()
    if len(indicator.sources) > 1:
        reporting = [
            code
            for code in indicator.sources
            if _in_period(
                _scope(indicator, record, context, [code], agency), indicator, record, period
            )
            .filter(supplied_q)
            .exists()
        ]
        not_reported_by = tuple(c for c in indicator.sources if c not in reporting)
        supplied = bool(reporting)
    else:
        scoped = _scope(indicator, record, context, indicator.sources, agency)
        supplied = _in_period(scoped, indicator, record, period).filter(supplied_q).exists()
    if not supplied:
        return Population(None, reporting, not_reported_by)

    # 4: population
    records = _in_period(
        _scope(indicator, record, context, reporting if indicator.sources else (), agency),
        indicator,
        record,
        period,
    )
    records, to_many = _filtered(records, indicator, record, filters, context)
    return Population(records, reporting, not_reported_by, to_many)


def _filtered(
    records: QuerySet[Any],
    indicator: Indicator,
    record: RecordType,
    filters: Mapping[str, str],
    context: StatsContext,
) -> tuple[QuerySet[Any], bool]:
    """Step 4 after scope and period: the indicator's filter and the filters asked for (the agency's is in the
    scope already); whether the indicator's filter crosses a to-many relation."""
    named = f"indicator {indicator.id}"
    region = filters.get("region")
    filter_q, to_many = _conditions_q(indicator.filter, record, context, f"{named}.filter")
    if indicator.filter_any:
        any_q = Q()
        for i, group in enumerate(indicator.filter_any):
            group_q, many = _conditions_q(group, record, context, f"{named}.filter_any[{i}]")
            any_q |= group_q
            to_many = to_many or many
        filter_q &= any_q
    records = records.filter(filter_q)
    if region is not None:
        records = records.alias(_region=_region_expression(record)).filter(_region=region)
    for i, (dimension, code) in enumerate(filters.items()):
        if dimension in ("agency", "region"):
            continue
        dimension_expression(
            dimension, indicator, record, context
        )  # a dimension it cannot have raises
        plain = _category_q(dimension, code, record, context)
        if plain is not None:
            records = records.filter(plain)
            continue
        expression = dimension_expression(dimension, indicator, record, context)
        records = records.alias(**{f"_where{i}": expression}).filter(**{f"_where{i}": code})
    return records, to_many


def _category_q(dimension: str, code: str, record: RecordType, context: StatsContext) -> Q | None:
    """The records of one category of a person's dimension as conditions on the stored columns, the same records
    as :func:`dimension_expression` gives that category: the database's planner estimates how many match from the
    column's statistics (it has none for an expression), so it joins the persons as it should. ``None`` for a
    dimension without such conditions (the region, the form of exploitation: the cases whose forms group to one,
    as a subquery, mislead the planner more than the expression does)."""
    person = record.person
    if dimension in ("sex", "nationality"):
        column = f"{person}__{dimension}"
        blank = Q(**{f"{column}__isnull": True}) | Q(**{column: ""})
        return blank | Q(**{column: UNKNOWN}) if code == UNKNOWN else Q(**{column: code})
    if dimension in AGE_DIMENSIONS:
        age = f"{person}__age_at_event"
        bands = context.catalogue.age_bands[dimension]
        for k, (band, low, high) in enumerate(bands):
            if band != code:
                continue
            within = Q(**{f"{age}__gte": low, f"{age}__lte": high})
            # a record takes the first band its age falls in: less the earlier bands that overlap this one
            for _earlier, before_low, before_high in bands[:k]:
                if before_low <= high and low <= before_high:
                    within &= ~Q(**{f"{age}__gte": before_low, f"{age}__lte": before_high})
            return within
        in_a_band = Q()
        for _band, low, high in bands:
            in_a_band |= Q(**{f"{age}__gte": low, f"{age}__lte": high})
        return Q(**{f"{age}__isnull": True}) | (~in_a_band if in_a_band else Q())
    if dimension == "nationality_group" and context.country:
        column = f"{person}__nationality"
        blank = Q(**{f"{column}__isnull": True}) | Q(**{column: ""})
        if code == UNKNOWN:
            return blank
        national = Q(**{column: context.country})
        return national & ~blank if code == "national" else ~blank & ~national
    return None


def begin(
    indicator: Indicator,
    period: Period,
    breakdowns: Sequence[str] = (),
    region: str | None = None,
    *,
    where: Mapping[str, str] | None = None,
    context: StatsContext,
) -> IndicatorResult:
    """What :func:`compute` settles before counting anything: the filters checked (its ``where``, in the engine's
    order), the breakdowns it gives (none when one is not allowed: those are ``unavailable_dimensions``), and the
    figure *not applicable* when a filter cannot apply to the indicator; else an empty *reported* result."""
    filters = dict(where or {})
    if region is not None and filters.setdefault("region", region) != region:
        raise FilterError(f"two regions asked for: {region!r} and {filters['region']!r}")
    filters = check_where(filters, context)
    asked = tuple(dict.fromkeys(breakdowns))
    unavailable = tuple(d for d in asked if d not in indicator.breakdowns)
    result = IndicatorResult(
        indicator=indicator,
        period=period,
        status=Status.REPORTED,
        dimensions=() if unavailable else asked,
        region=filters.get("region"),
        where=filters,
        unavailable_dimensions=unavailable,
    )
    cannot = [d for d in filters if d not in filterable(indicator)]
    if cannot:
        result.status = Status.NOT_APPLICABLE
        result.note = f"cannot be filtered by {', '.join(cannot)}"
    elif indicator.is_stock and indicator.count not in (
        CountMethod.LINKAGE,
        CountMethod.MEDIAN_DAYS,
    ):
        result.note = "stock: as registered now, whatever the period"
    return result


def compute(
    indicator: Indicator,
    period: Period,
    breakdowns: Sequence[str] = (),
    region: str | None = None,
    *,
    where: Mapping[str, str] | None = None,
    context: StatsContext | None = None,
) -> IndicatorResult:
    """One indicator for one period, broken down by ``breakdowns`` (in nesting order), filtered by ``where``.

    ``where`` maps breakdown dimensions to one code each (``{"sex": "female", "agency": "POLICE"}``): the figure
    counts only what falls in that category of every dimension, as the cell of that breakdown would; an agency
    includes the agencies below it, and filters which agencies count, so a figure the agency (or its units) did
    not supply is *not reported*. ``region`` is ``where={"region": region}``. A filter on a dimension the
    indicator cannot be filtered by (:func:`filterable`) makes the figure *not applicable*; an unknown dimension
    or code raises :class:`FilterError` (a :class:`ValueError`).

    A breakdown the indicator does not allow leaves the figure unbroken and is listed in
    ``unavailable_dimensions``.
    """
    context = context or StatsContext.load()
    result = begin(indicator, period, breakdowns, region, where=where, context=context)
    if result.status is Status.NOT_APPLICABLE:
        return result
    filters, dims = result.where, result.dimensions
    if indicator.count is CountMethod.LINKAGE:
        from kuska.stats.linked import compute_linked  # it reads the engine's types

        return compute_linked(indicator, period, dims, filters, context)
    if indicator.count is CountMethod.MEDIAN_DAYS:
        from kuska.stats.durations import compute_median  # it reads the engine's steps

        return compute_median(result, filters, context)

    record = RECORD_TYPES[indicator.record]
    counted = population(indicator, period, filters, context=context)
    result.not_reported_by = counted.not_reported_by
    if counted.records is None:
        result.status = Status.NOT_REPORTED
        result.dimensions = dims
        return result
    records, reporting, to_many = counted.records, counted.reporting, counted.to_many

    # 5: measure, over every subset of the dimensions
    measure = _measure(indicator, record, to_many)
    expressions = {
        f"d{i}": dimension_expression(d, indicator, record, context) for i, d in enumerate(dims)
    }
    found: dict[str, set[str]] = {d: set() for d in dims}
    for size in range(len(dims) + 1):
        for subset in itertools.combinations(range(len(dims)), size):
            grouped = (
                _medians(indicator, records, expressions, subset, len(dims))
                if measure is None
                else _grouped(records, measure, expressions, subset, len(dims))
            )
            for key, value in grouped:
                result.cells[key] = value
                for i in subset:
                    found[dims[i]].add(str(key[i]))
    _finish(result, found, reporting, context)
    return result


def _finish(
    result: IndicatorResult,
    found: Mapping[str, set[str]],
    reporting: Sequence[str],
    context: StatsContext,
) -> None:
    """The categories of each dimension in order (with the reporting sources of an agency breakdown), a 0 in every
    cell no record fell in (but a median's), and a sum of decimals to the field's cents."""
    indicator = result.indicator
    record = RECORD_TYPES[indicator.record]
    for dimension in result.dimensions:
        categories = set(found[dimension])
        if dimension == "agency" and indicator.sources:
            categories |= set(reporting)
        result.categories[dimension] = _sorted_categories(
            categories, _category_order(dimension, context, indicator)
        )
    if indicator.count is not CountMethod.MEDIAN:  # a median of nothing is no value, not 0
        _fill_zeros(result)
    if indicator.count is CountMethod.SUM:
        summed = _resolve(record.model, indicator.field, f"indicator {indicator.id}").field
        if isinstance(
            summed, models.DecimalField
        ):  # SQLite sums decimals as floats: same cents everywhere
            exponent = Decimal(1).scaleb(-(summed.decimal_places or 0))
            result.cells = {k: Decimal(v).quantize(exponent) for k, v in result.cells.items()}


def _grouped(
    population: QuerySet[Any],
    measure: Any,
    expressions: Mapping[str, Any],
    subset: tuple[int, ...],
    width: int,
) -> list[tuple[CellKey, Number]]:
    if not subset:
        total = population.aggregate(v=measure)["v"]
        return [((None,) * width, _number(total))]
    names = [f"d{i}" for i in subset]
    rows = (
        population.annotate(**{n: expressions[n] for n in names})
        .values(*names)
        .annotate(v=measure)
        .order_by()
    )
    out: list[tuple[CellKey, Number]] = []
    for row in rows:
        key: list[str | None] = [None] * width
        for i, name in zip(subset, names, strict=True):
            key[i] = row[name]
        out.append((tuple(key), _number(row["v"])))
    return out


def _medians(
    indicator: Indicator,
    population: QuerySet[Any],
    expressions: Mapping[str, Any],
    subset: tuple[int, ...],
    width: int,
) -> list[tuple[CellKey, Number]]:
    """The median of each group, from its values: a field's, or the time between the interval's two dates in the
    indicator's measure (hours, days), to one decimal. A record without the value (a call never referred) is
    left out; a group with no value gets no cell."""
    names = [f"d{i}" for i in subset]
    paths = [_orm(p) for p in ((indicator.field,) if indicator.field else indicator.interval)]
    for path in paths:
        population = population.filter(**{f"{path}__isnull": False})
    rows = (
        population.annotate(**{n: expressions[n] for n in names})
        .values_list(*names, *paths)
        .order_by()
    )
    values: dict[tuple[Any, ...], list[Decimal]] = {}
    for row in rows.iterator():
        group, measured = tuple(row[: len(names)]), row[len(names) :]
        if indicator.interval:
            start, end = measured
            seconds = _seconds(end) - _seconds(start)
            value = Decimal(seconds) / INTERVAL_UNITS[indicator.measure]
        else:
            value = Decimal(str(measured[0]))
        values.setdefault(group, []).append(value)
    out: list[tuple[CellKey, Number]] = []
    for group, found in values.items():
        key: list[str | None] = [None] * width
        for i, category in zip(subset, group, strict=True):
            key[i] = category
        median = Decimal(statistics.median(sorted(found))).quantize(Decimal("0.1"), ROUND_HALF_UP)
        out.append((tuple(key), median))
    return out


def _seconds(moment: Any) -> int:
    """A date or a moment as seconds, so that the time between two can be taken whatever their kind."""
    if isinstance(moment, datetime.datetime):
        return int(moment.timestamp())
    return int(datetime.datetime.combine(moment, datetime.time()).timestamp())


def _number(value: object) -> Number:
    if value is None:
        return 0
    if isinstance(value, Decimal):
        return value
    if isinstance(value, float):  # SQLite may sum decimals as floats
        return Decimal(str(value))
    return int(str(value))


def _fill_zeros(result: IndicatorResult) -> None:
    """Every combination of the categories found, and every margin, gets a cell (0 where no record fell)."""
    choices = [[None, *result.categories[d]] for d in result.dimensions]
    for key in itertools.product(*choices):
        result.cells.setdefault(tuple(key), 0)


def compute_years(
    indicator: Indicator,
    years: Sequence[int],
    breakdowns: Sequence[str] = (),
    *,
    where: Mapping[str, str] | None = None,
    context: StatsContext,
) -> dict[int, IndicatorResult]:
    """The indicator for each calendar year of ``years``, each result the same as :func:`compute` gives for
    ``Period.calendar(year)``, in few queries: one for the years (and source agencies) that supplied the figure,
    then one per subset of the breakdowns over all those years, grouped by the year of the record's date, instead
    of as many per year.

    Computed year by year as :func:`compute` does, for what a grouping by year cannot give the same: an indicator
    of record linkage, a median, a stock (the same whatever the year), a filter that does not apply, a breakdown the
    indicator does not allow, source agencies one of which is below another, and a year in which only some of the
    indicator's source agencies supplied it (its population is theirs alone).
    """
    years = sorted(set(years))
    filters = check_where(dict(where or {}), context)
    asked = tuple(dict.fromkeys(breakdowns))

    def one_by_one(chosen: Iterable[int]) -> dict[int, IndicatorResult]:
        return {
            year: compute(indicator, Period.calendar(year), asked, where=filters, context=context)
            for year in chosen
        }

    sources = list(indicator.sources)
    subtrees = {code: set(context.subtree(code)) for code in sources}
    nested = any(subtrees[a] & subtrees[b] for a, b in itertools.combinations(sources, 2))
    if (
        not years
        or indicator.count in (CountMethod.LINKAGE, CountMethod.MEDIAN, CountMethod.MEDIAN_DAYS)
        or indicator.is_stock
        or nested
        or any(d not in filterable(indicator) for d in filters)
        or any(d not in indicator.breakdowns for d in asked)
    ):
        return one_by_one(years)
    record = RECORD_TYPES[indicator.record]
    fields = [_resolve(record.model, d, f"indicator {indicator.id}.date") for d in indicator.date]
    first, last = Period.calendar(years[0]), Period.calendar(years[-1])
    spanned = Period(first.kind, years[-1], first.start, last.end)

    def by_year(queryset: QuerySet[Any]) -> QuerySet[Any]:
        """The records dated in the years, each with its year."""
        if len(fields) == 1 and isinstance(
            fields[0].field, models.IntegerField
        ):  # a year, as a budget's
            path = _orm(indicator.date[0])
            within = queryset.filter(**{f"{path}__gte": years[0], f"{path}__lte": years[-1]})
            of_year: QuerySet[Any] = within.alias(_year=F(path))
            return of_year
        dated = (
            F(_orm(indicator.date[0]))
            if len(indicator.date) == 1
            else Coalesce(*(F(_orm(d)) for d in indicator.date), output_field=models.DateField())
        )
        dated_year: QuerySet[Any] = _in_period(queryset, indicator, record, spanned).alias(
            _year=ExtractYear(dated)
        )
        return dated_year

    # 1–3: the years (and, of several source agencies, which of them) some record speaks to the figure in
    agency = f"{record.agency}_id" if record.agency == "agency" else record.agency
    source = Case(
        *(
            When(**{f"{agency}__in": sorted(ids)}, then=Value(code))
            for code, ids in subtrees.items()
        ),
        default=Value(OTHER),
        output_field=CharField(),
    )
    scoped = _scope(indicator, record, context, sources, filters.get("agency"))
    supplied: dict[int, set[str]] = {}
    rows = (
        by_year(scoped)
        .filter(_supplied_q(indicator, record, context))
        .annotate(dyear=F("_year"), dsource=source if len(sources) > 1 else Value(OTHER))
        .values_list("dyear", "dsource")
        .distinct()
    )
    for year, code in rows:
        supplied.setdefault(int(year), set()).add(str(code))
    reporting = list(_targets(indicator, context))
    results: dict[int, IndicatorResult] = {}
    together: list[int] = []  # the years every source agency supplied
    alone: list[int] = []  # the years only some did
    for year in years:
        result = IndicatorResult(
            indicator=indicator,
            period=Period.calendar(year),
            status=Status.REPORTED,
            dimensions=asked,
            region=filters.get("region"),
            where=filters,
        )
        results[year] = result
        if year not in supplied:
            result.status = Status.NOT_REPORTED
            result.not_reported_by = tuple(sources) if len(sources) > 1 else ()
        elif len(sources) > 1 and not set(sources) <= supplied[year]:
            alone.append(year)
        else:
            together.append(year)
    results.update(one_by_one(alone))
    if not together:
        return results
    # 4–5: the population of those years, measured by year and every subset of the breakdowns
    records = by_year(_scope(indicator, record, context, sources, filters.get("agency")))
    records, to_many = _filtered(records, indicator, record, filters, context)
    measure = _measure(indicator, record, to_many)
    expressions = {
        f"d{i}": dimension_expression(d, indicator, record, context) for i, d in enumerate(asked)
    }
    found: dict[int, dict[str, set[str]]] = {year: {d: set() for d in asked} for year in together}
    for size in range(len(asked) + 1):
        for subset in itertools.combinations(range(len(asked)), size):
            names = [f"d{i}" for i in subset]
            grouped = (
                records.annotate(**{n: expressions[n] for n in names}, dyear=F("_year"))
                .values("dyear", *names)
                .annotate(v=measure)
                .order_by()
            )
            for row in grouped:
                year = int(row["dyear"])
                if year not in found:
                    continue
                key: list[str | None] = [None] * len(asked)
                for i, name in zip(subset, names, strict=True):
                    key[i] = row[name]
                    found[year][asked[i]].add(str(row[name]))
                results[year].cells[tuple(key)] = _number(row["v"])
    for year in together:
        _finish(results[year], found[year], reporting, context)
    return results


class Results:
    """The engine's results for one page or report, each computed once.

    :meth:`get` is :func:`compute`: asked again for the same indicator, period, breakdowns and filters, it gives
    the first answer; a total asked after a breakdown of the same figure is read from that breakdown (its cell of
    every category, counted by the same query). :meth:`years` computes the calendar years of a trend at once
    (:func:`compute_years`) for ``get`` to give.
    """

    def __init__(self, context: StatsContext, snapshot: Snapshot | None = None) -> None:
        self.context = context
        # the same answers counted in memory, for the current data (kuska.stats.snapshot)
        self.snapshot = snapshot
        self._found: dict[tuple[Any, ...], IndicatorResult] = {}

    @staticmethod
    def _key(
        indicator: Indicator, period: Period, breakdowns: Sequence[str], where: Mapping[str, str]
    ) -> tuple[Any, ...]:
        return (
            indicator.id,
            period,
            tuple(dict.fromkeys(breakdowns)),
            tuple(sorted(where.items())),
        )

    def get(
        self,
        indicator: Indicator,
        period: Period,
        breakdowns: Sequence[str] = (),
        *,
        where: Mapping[str, str] | None = None,
    ) -> IndicatorResult:
        where = dict(where or {})
        key = self._key(indicator, period, breakdowns, where)
        if key in self._found:
            return self._found[key]
        result = None if breakdowns else self._total_of_a_breakdown(key)
        if result is None and self.snapshot is not None:
            result = self.snapshot.compute(indicator, period, breakdowns, where=where)
        if result is None:
            result = compute(indicator, period, breakdowns, where=where, context=self.context)
        self._found[key] = result
        return result

    def years(
        self,
        indicator: Indicator,
        years: Sequence[int],
        breakdowns: Sequence[str] = (),
        *,
        where: Mapping[str, str] | None = None,
    ) -> None:
        where = dict(where or {})
        missing = [
            y
            for y in years
            if self._key(indicator, Period.calendar(y), breakdowns, where) not in self._found
        ]
        if not missing:
            return
        if self.snapshot is not None and self.snapshot.counts(indicator):
            for year in missing:
                self.get(indicator, Period.calendar(year), breakdowns, where=where)
            return
        found = compute_years(indicator, missing, breakdowns, where=where, context=self.context)
        for year, result in found.items():
            self._found[self._key(indicator, Period.calendar(year), breakdowns, where)] = result

    def _total_of_a_breakdown(self, key: tuple[Any, ...]) -> IndicatorResult | None:
        indicator_id, period, _dims, where = key
        for (other_id, other_period, dims, other_where), result in self._found.items():
            if (other_id, other_period, other_where) != (indicator_id, period, where) or not dims:
                continue
            if result.indicator.count is CountMethod.LINKAGE or result.unavailable_dimensions:
                continue
            total = IndicatorResult(
                indicator=result.indicator,
                period=result.period,
                status=result.status,
                region=result.region,
                where=dict(result.where),
                not_reported_by=result.not_reported_by,
                note=result.note,
            )
            if result.status is Status.REPORTED:
                total.cells = {(): result.cells[result.total_key]}
            return total
        return None


def compute_catalogue(
    period: Period,
    breakdowns: Sequence[str] = (),
    region: str | None = None,
    *,
    indicators: Sequence[str] | None = None,
    where: Mapping[str, str] | None = None,
    context: StatsContext | None = None,
) -> list[IndicatorResult]:
    """Every indicator of the catalogue (or those named), in catalogue order, filtered by ``where``."""
    context = context or StatsContext.load()
    for indicator_id in indicators or ():
        context.catalogue[indicator_id]  # an unknown id raises KeyError
    chosen = [i for i in context.catalogue if not indicators or i.id in indicators]
    return [compute(i, period, breakdowns, region, where=where, context=context) for i in chosen]
