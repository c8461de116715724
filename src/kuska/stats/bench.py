"""The statistics benchmark: N victims with their identifications, services, referrals, cases, suspects and
operations across agencies, inserted in bulk, then the whole catalogue computed for one year.

Identity fields stay empty (the engine never reads them). Dates spread evenly over the years asked for
(default ``FIRST_YEAR``–``LAST_YEAR``, so about a third of the records fall in the year computed).
Rows go in by chunks through the registry's bulk insert (``COPY`` on PostgreSQL, ``executemany`` elsewhere).
Needs a scratch database with the profile loaded (``kuska bench stats`` makes one).

Example (on a scratch database)::

    report = run(victims=1000, year=2020)
    report.stats_seconds  # seconds for the whole catalogue
"""

from __future__ import annotations

import datetime
import random
import resource
import sys
import time
from collections import deque
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.db import connection, models, transaction
from django.db.models import Min, OuterRef, Subquery
from django.db.models.fields import AutoFieldMixin
from django.utils import timezone

from kuska.linkage.models import ClusterAssignment, LinkageRun
from kuska.registry.bulk import insert_rows
from kuska.registry.models import (
    Agency,
    AwarenessCampaign,
    BudgetAllocation,
    CaseExploitation,
    CaseFile,
    Compensation,
    Facility,
    Identification,
    LabourInspection,
    Operation,
    PersonRecord,
    Placement,
    ProceedingEvent,
    Referral,
    Region,
    Sentence,
    ServiceEpisode,
    SubmissionBatch,
    Training,
)
from kuska.stats.engine import IndicatorResult, StatsContext, compute_catalogue

FIRST_YEAR, LAST_YEAR = 2018, 2020  # the seed's years
# The agencies the records come from, by the part each plays; the profile's bench.toml names them.
ROLES = (
    "police",
    "prosecution",
    "child_protection",
    "victim_assistance",
    "women_centres",
    "labour_inspection",
    "judiciary",
    "social_ministry",
    "residential_care",
    "interior_ministry",
    "public_ministry",
    "finance_ministry",
)
CHUNK = 20_000
FORMS = [
    "sexual",
    "online_sexual_exploitation",
    "labour_mining",
    "labour_logging",
    "labour_domestic_service",
    "labour_begging",
    "forced_criminality",
]
NATIONALITIES = ["PE"] * 85 + ["VE"] * 10 + ["EC", "CO", "BO", "ZZ", ""]
FACILITY_TYPES = [
    ("residential_care", "specialized_shelter", 7),
    ("residential_care", "residential_centre", 52),
    ("women_centres", "emergency_centre", 446),
    ("victim_assistance", "short_stay_space", 23),
    ("social_ministry", "police_station", 60),
]


def bench_agencies(profile: str | None = None) -> dict[str, str]:
    """Role → agency code, from the profile's ``bench.toml`` (default: the deployment's profile)."""
    import tomllib

    from kuska.profiles import country_file

    path = country_file("bench.toml", profile)
    table = tomllib.loads(path.read_text(encoding="utf-8")).get("agencies", {})
    missing = [role for role in ROLES if not isinstance(table.get(role), str)]
    if missing:
        raise ValueError(f"{path.name}: [agencies] names no agency for {', '.join(missing)}")
    return {role: str(table[role]) for role in ROLES}


@dataclass
class BenchReport:
    """What ``kuska bench stats`` prints."""

    victims: int
    backend: str
    rows: dict[str, int] = field(default_factory=dict)
    build_seconds: float = 0.0
    stats_seconds: float = 0.0
    peak_memory_mb: float = 0.0
    indicators: int = 0
    slowest: list[tuple[str, float]] = field(default_factory=list)
    results: list[IndicatorResult] = field(default_factory=list)


def peak_memory_mb() -> float:
    """Peak resident memory of this process so far (``getrusage``; kilobytes on Linux, bytes on macOS)."""
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return peak / (1024 * 1024) if sys.platform == "darwin" else peak / 1024


class BulkWriter:
    """Inserts rows of one model in chunks through :func:`kuska.registry.bulk.insert_rows` (``COPY`` on
    PostgreSQL, ``executemany`` elsewhere).

    Rows are tuples in the order of ``columns`` (attribute names); the other columns get the field's default,
    ``None`` or ``""``, and the database numbers an auto id left out. Values must already be in database form
    (dates as ISO text).
    """

    def __init__(self, model: type[models.Model], columns: Sequence[str]) -> None:
        self.model = model
        by_name = {f.attname: f for f in model._meta.concrete_fields}
        unknown = [c for c in columns if c not in by_name]
        if unknown:
            raise ValueError(f"{model.__name__} has no column(s) {unknown}")
        self.fields: list[models.Field[Any, Any]] = [by_name[c] for c in columns]
        tail: list[Any] = []
        for f in model._meta.concrete_fields:
            if f.attname in columns or isinstance(f, AutoFieldMixin):
                continue  # given, or numbered by the database
            if f.has_default():
                value = f.get_default()
                if isinstance(value, datetime.datetime):
                    value = connection.ops.adapt_datetimefield_value(value)
            elif f.null:
                value = None
            elif isinstance(f, (models.CharField, models.TextField)):
                value = ""
            else:
                raise ValueError(f"{model.__name__}.{f.attname} needs a value")
            self.fields.append(f)
            tail.append(value)
        self.tail = tuple(tail)
        self.count = 0

    def write(self, rows: Iterable[Sequence[Any]]) -> int:
        """Insert the rows; returns how many this writer has inserted."""
        chunk: list[tuple[Any, ...]] = []
        for row in rows:
            chunk.append((*row, *self.tail))
            if len(chunk) >= CHUNK:
                insert_rows(self.model, self.fields, chunk)
                self.count += len(chunk)
                chunk = []
        insert_rows(self.model, self.fields, chunk)
        self.count += len(chunk)
        return self.count


def _iso(day: datetime.date) -> str:
    return day.isoformat()


class _Days:
    """Random days of the benchmark's years, as ISO text (drawn from a precomputed list: fast)."""

    def __init__(self, rng: random.Random, years: tuple[int, int]) -> None:
        first = datetime.date(years[0], 1, 1)
        span = (datetime.date(years[1], 12, 31) - first).days + 1
        self.days = [_iso(first + datetime.timedelta(days=i)) for i in range(span)]
        self.rng = rng

    def __call__(self) -> str:
        return self.days[int(self.rng.random() * len(self.days))]


LINKED_BACK = (
    40  # a prosecutors' victim linked to a police victim: from band 40–49 to band 0–9 (see _Plan)
)


@dataclass
class _Plan:
    """Where each victim belongs: agency bucket by index, so nothing per victim is kept in memory."""

    victims: int
    police_units: list[int]
    agency: dict[str, int]

    # victim index bands (per 100): 0–39 police, 40–69 prosecutors, 70–79 child protection, 80–94 victim and
    # witness assistance, 95–97 women's centres, 98–99 labour inspectors
    def bucket(self, index: int) -> str:
        slot = index % 100
        if slot < 40:
            return "police"
        if slot < 70:
            return "prosecution"
        if slot < 80:
            return "child_protection"
        if slot < 95:
            return "victim_assistance"
        if slot < 98:
            return "women_centres"
        return "labour_inspection"

    def agency_of(self, index: int) -> int:
        bucket = self.bucket(index)
        if bucket == "police":
            return self.police_units[index % len(self.police_units)]
        return self.agency[bucket]


def build(
    victims: int, *, years: tuple[int, int] = (FIRST_YEAR, LAST_YEAR), seed: int = 2021
) -> dict[str, int]:
    """Insert the benchmark's records into the current (scratch) database; returns rows per table."""
    rng = random.Random(seed)
    days = _Days(rng, years)
    roles = bench_agencies()
    by_code = dict(Agency.objects.values_list("code", "id"))
    # the police's records come from its regional units
    agencies = {role: by_code[code] for role, code in roles.items() if role != "police"}
    police = list(
        Agency.objects.filter(parent__code=roles["police"])
        .order_by("code")
        .values_list("id", flat=True)
    )
    regions = list(Region.objects.order_by("code").values_list("id", flat=True))
    plan = _Plan(victims, police, agencies)
    batches: dict[int, int] = {}
    for agency_id in {*police, *agencies.values()}:
        batches[agency_id] = SubmissionBatch.objects.create(agency_id=agency_id).pk
    rows: dict[str, int] = {}
    base = ["id", "agency_id", "source_record_id", "batch_id"]

    def record(pk: int, agency_id: int) -> tuple[int, int, str, int]:
        return (pk, agency_id, str(pk), batches[agency_id])

    with transaction.atomic():
        # victims, then suspects after them
        suspects = victims // 5
        persons = BulkWriter(
            PersonRecord,
            [*base, "role", "sex", "age_at_event", "nationality", "is_public_official"],
        )

        def person_rows() -> Iterator[tuple[Any, ...]]:
            for i in range(victims):
                agency_id = plan.agency_of(i)
                bucket = plan.bucket(i)
                child = bucket == "child_protection" or rng.random() < 0.3
                age: int | None = rng.randint(3, 17) if child else rng.randint(18, 60)
                if rng.random() < 0.02:
                    age = None
                sex = "female" if rng.random() < 0.8 else "male"
                yield (
                    *record(i + 1, agency_id),
                    "victim",
                    sex,
                    age,
                    rng.choice(NATIONALITIES),
                    None,
                )
            for j in range(suspects):
                agency_id = agencies["prosecution"] if j % 3 else agencies["judiciary"]
                yield (
                    *record(victims + j + 1, agency_id),
                    "suspect",
                    "male" if rng.random() < 0.7 else "female",
                    rng.randint(18, 70),
                    rng.choice(NATIONALITIES),
                    rng.random() < 0.01,
                )

        rows["person records"] = persons.write(person_rows())

        # case files for police and prosecutors' identifications: one per three victims
        cases = victims // 3 + 1
        case_writer = BulkWriter(CaseFile, [*base, "opened_on", "region_id"])
        rows["case files"] = case_writer.write(
            (
                *record(k + 1, agencies["prosecution"] if k % 2 else police[k % len(police)]),
                days(),
                rng.choice(regions),
            )
            for k in range(cases)
        )
        forms = BulkWriter(CaseExploitation, ["case_file_id", "form"])

        def form_rows() -> Iterator[tuple[Any, ...]]:
            for k in range(cases):
                chosen = {rng.choice(FORMS)}
                if rng.random() < 0.2:
                    chosen.add(rng.choice(FORMS))
                for form in sorted(chosen):
                    yield (k + 1, form)

        rows["case exploitation"] = forms.write(form_rows())

        operations = max(victims // 20, 10)
        operation_writer = BulkWriter(Operation, [*base, "started_on", "region_id", "detentions"])
        rows["operations"] = operation_writer.write(
            (
                *record(k + 1, agencies["prosecution"] if k % 3 == 0 else police[k % len(police)]),
                days(),
                rng.choice(regions),
                rng.randint(0, 6) if rng.random() < 0.9 else None,
            )
            for k in range(operations)
        )

        identifications = BulkWriter(
            Identification,
            [
                *base,
                "victim_id",
                "identified_on",
                "method",
                "region_id",
                "case_file_id",
                "operation_id",
            ],
        )

        def identification_rows() -> Iterator[tuple[Any, ...]]:
            pk = 0
            for i in range(victims):
                bucket = plan.bucket(i)
                if bucket not in ("police", "prosecution", "labour_inspection"):
                    continue
                pk += 1
                yield (
                    *record(pk, plan.agency_of(i)),
                    i + 1,
                    days(),
                    "operation" if rng.random() < 0.6 else "complaint",
                    rng.choice(regions) if rng.random() < 0.9 else None,
                    (i % cases) + 1 if bucket != "labour_inspection" else None,
                    (i % operations) + 1 if rng.random() < 0.5 else None,
                )

        rows["identifications"] = identifications.write(identification_rows())

        facility_writer = BulkWriter(
            Facility, [*base, "name", "facility_type", "region_id", "capacity"]
        )
        facility_ids: dict[str, list[int]] = {}

        def facility_rows() -> Iterator[tuple[Any, ...]]:
            pk = 0
            for code, kind, count in FACILITY_TYPES:
                for _ in range(count):
                    pk += 1
                    facility_ids.setdefault(kind, []).append(pk)
                    yield (
                        *record(pk, agencies[code]),
                        f"{kind} {pk}",
                        kind,
                        rng.choice(regions),
                        rng.randint(5, 40),
                    )

        rows["facilities"] = facility_writer.write(facility_rows())

        services = BulkWriter(ServiceEpisode, [*base, "victim_id", "service_type", "started_on"])

        def service_rows() -> Iterator[tuple[Any, ...]]:
            pk = 0
            for i in range(victims):
                bucket = plan.bucket(i)
                if bucket not in ("child_protection", "victim_assistance", "women_centres"):
                    continue
                pk += 1
                kind = "short_term_care" if bucket == "victim_assistance" else "psychosocial"
                yield (*record(pk, plan.agency_of(i)), i + 1, kind, days())

        rows["service episodes"] = services.write(service_rows())

        referrals = BulkWriter(
            Referral,
            [
                *base,
                "victim_id",
                "to_facility_id",
                "service_type",
                "requested_on",
                "outcome",
                "conditioned_on_statement",
            ],
        )
        shelters = facility_ids["specialized_shelter"] + facility_ids["residential_centre"]

        def referral_rows() -> Iterator[tuple[Any, ...]]:
            for pk, i in enumerate(range(0, victims, 10), start=1):  # one victim in ten
                residency = rng.random() < 0.05
                yield (
                    *record(pk, plan.agency_of(i)),
                    i + 1,
                    None if residency else rng.choice(shelters),
                    "residency" if residency else "shelter",
                    days(),
                    rng.choice(["pending", "provided", "provided", "declined_by_victim"]),
                    rng.random() < 0.1,
                )

        rows["referrals"] = referrals.write(referral_rows())

        placements = BulkWriter(Placement, [*base, "victim_id", "facility_id", "admitted_on"])
        stations = facility_ids["police_station"]
        rows["placements"] = placements.write(
            (*record(k + 1, agencies["social_ministry"]), i + 1, rng.choice(stations), days())
            for k, i in enumerate(range(70, victims, 100))
        )

        events = BulkWriter(
            ProceedingEvent, [*base, "suspect_id", "case_file_id", "stage", "occurred_on"]
        )
        convictions: list[int] = []

        def event_rows() -> Iterator[tuple[Any, ...]]:
            pk = 0
            for j in range(suspects):
                suspect = victims + j + 1
                case = (j % cases) + 1
                if j % 3:  # prosecutors: investigation, and for some a prosecution
                    stages = ["investigation"] + (["prosecution"] if rng.random() < 0.4 else [])
                    agency_id = agencies["prosecution"]
                else:  # judiciary: a conviction or an acquittal
                    stages = ["conviction" if rng.random() < 0.6 else "acquittal"]
                    agency_id = agencies["judiciary"]
                for stage in stages:
                    pk += 1
                    if stage == "conviction":
                        convictions.append(pk)
                    yield (*record(pk, agency_id), suspect, case, stage, days())

        rows["proceeding events"] = events.write(event_rows())
        sentences = BulkWriter(Sentence, ["event_id", "prison_months"])
        rows["sentences"] = sentences.write(
            (event, rng.randint(96, 300)) for event in convictions[::2]
        )
        compensations = BulkWriter(
            Compensation, ["event_id", "ordered_amount", "paid_amount", "paid_on"]
        )
        rows["compensations"] = compensations.write(
            (event, str(Decimal(rng.randint(1, 50) * 1000)), None, None)
            for event in convictions[::4]
        )

        small = max(victims // 1000, 5)
        budgets = BulkWriter(BudgetAllocation, [*base, "entity_id", "year", "amount", "dedicated"])
        rows["budget allocations"] = budgets.write(
            (
                *record(k + 1, agencies["finance_ministry"]),
                rng.choice([agencies["interior_ministry"], *police]),
                rng.randint(*years),
                str(rng.randint(10, 500) * 1000),
                True,
            )
            for k in range(small)
        )
        trainings = BulkWriter(
            Training, [*base, "started_on", "title", "audience", "participants", "completed"]
        )
        rows["trainings"] = trainings.write(
            (
                *record(k + 1, agencies["public_ministry"]),
                days(),
                "Curso",
                rng.choice(["prosecutors", "judges", "police"]),
                50,
                40,
            )
            for k in range(small)
        )
        campaigns = BulkWriter(AwarenessCampaign, [*base, "started_on", "title", "reach"])
        rows["awareness campaigns"] = campaigns.write(
            (
                *record(k + 1, agencies["interior_ministry"]),
                days(),
                "Campaña",
                rng.randint(100, 5000),
            )
            for k in range(small)
        )
        inspections = BulkWriter(
            LabourInspection,
            [
                *base,
                "inspected_on",
                "employment_agency",
                "enforcement_action",
                "referred_to_prosecutors",
            ],
        )
        rows["labour inspections"] = inspections.write(
            (
                *record(k + 1, agencies["labour_inspection"]),
                days(),
                rng.random() < 0.5,
                rng.choice(["", "none", "fine"]),
                rng.random() < 0.1,
            )
            for k in range(small * 10)
        )
    _after_bulk_load()
    return rows


def link_victims(*, seed: int = 2021) -> int:
    """A completed linkage run over the victims, as the dashboard's figures of persons read it: each victim record
    dated by its first identification (the event date intake keeps) and its own person, but for a tenth of them
    (in each hundred, the prosecutors' first ten, see :class:`_Plan`), each the person of the police's record
    :data:`LINKED_BACK` places before it. Returns the assignments written: none when a completed run is there
    already (a database built earlier, reused)."""
    if LinkageRun.latest() is not None:
        return 0
    first = (
        Identification.objects.filter(victim=OuterRef("pk"))
        .order_by()
        .values("victim")
        .annotate(first=Min("identified_on"))
        .values("first")
    )
    with transaction.atomic():
        PersonRecord.objects.filter(role="victim", event_date__isnull=True).update(
            event_date=Subquery(first)
        )
        run = LinkageRun.objects.create(
            backend="duckdb",
            threshold=0.9,
            review_from=0.5,
            seed=seed,
            trained=False,
            model={},
            status=LinkageRun.Status.COMPLETED,
            finished_at=timezone.now(),
        )
        victims = (
            PersonRecord.objects.filter(role="victim")
            .order_by("pk")
            .values_list("pk", flat=True)
            .iterator(chunk_size=50_000)
        )
        linked = 0

        def assignments() -> Iterator[tuple[int, int, int]]:
            nonlocal linked
            window: deque[int] = deque(maxlen=LINKED_BACK)  # the records before, the oldest first
            for i, pk in enumerate(victims):
                person = pk
                if 40 <= i % 100 < 50 and len(window) == LINKED_BACK:
                    person, linked = window[0], linked + 1
                window.append(pk)
                yield (run.pk, pk, person)

        written = BulkWriter(ClusterAssignment, ["run_id", "record_id", "person_id"]).write(
            assignments()
        )
        LinkageRun.objects.filter(pk=run.pk).update(
            records=written, persons=written - linked, pairs_linked=linked
        )
    return written


def victims_held() -> int:
    """How many victim records the database holds (a database built earlier, reused)."""
    return PersonRecord.objects.filter(role="victim").count()


def _after_bulk_load() -> None:
    """Reset id sequences (ids were given explicitly). No ANALYZE: the catalogue is timed on the database as a bulk
    import leaves it."""
    from django.apps import apps
    from django.core.management.color import no_style

    from kuska.registry.apps import RegistryConfig

    models_ = list(apps.get_app_config(RegistryConfig.label).get_models())
    with connection.cursor() as cursor:
        for sql in connection.ops.sequence_reset_sql(no_style(), models_):
            cursor.execute(sql)


def time_catalogue(
    year: int, period: str = "calendar", breakdowns: Sequence[str] = ()
) -> tuple[float, list[IndicatorResult], list[tuple[str, float]]]:
    """Seconds to compute every indicator of the catalogue for one year (context loading included)."""
    started = time.perf_counter()
    context = StatsContext.load()
    results: list[IndicatorResult] = []
    timings: list[tuple[str, float]] = []
    for indicator in context.catalogue:
        began = time.perf_counter()
        results.extend(
            compute_catalogue(
                context.period(period, year), breakdowns, indicators=[indicator.id], context=context
            )
        )
        timings.append((indicator.id, time.perf_counter() - began))
    return time.perf_counter() - started, results, sorted(timings, key=lambda t: -t[1])


def run(
    victims: int,
    year: int = LAST_YEAR,
    period: str = "calendar",
    breakdowns: Sequence[str] = (),
    years: tuple[int, int] = (FIRST_YEAR, LAST_YEAR),
) -> BenchReport:
    """Build the data, then time the catalogue; the report holds both timings and the peak memory."""
    report = BenchReport(victims=victims, backend=connection.vendor)
    started = time.perf_counter()
    report.rows = build(victims, years=years)
    report.build_seconds = time.perf_counter() - started
    report.stats_seconds, report.results, timings = time_catalogue(year, period, breakdowns)
    report.indicators = len(report.results)
    report.slowest = timings[:5]
    report.peak_memory_mb = peak_memory_mb()
    return report


__all__ = [
    "BenchReport",
    "BulkWriter",
    "build",
    "peak_memory_mb",
    "run",
    "time_catalogue",
    "victims_held",
]
