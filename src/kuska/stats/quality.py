"""The data-quality figures: what each agency submitted and what was rejected, and how complete the breakdowns are.

The report's data-quality annex tells them; they are counted here, from intake's and the registry's tables, like
every other figure.

- *Submissions*: per agency, the submission batches' counters (rows read, accepted, rejected) and the rejected rows
  kept with their reasons (:class:`~kuska.intake.models.RejectedRow`). Regional units are rolled up to the agency
  they belong to, as the figures are (:meth:`kuska.registry.agencies.AgencyTree.rollup`).
- *Reasons*: the most frequent reasons for rejection, by column — the messages intake wrote, which never hold the
  cell's value.
- *Completeness*: for the victim and suspect records each agency sent that take part in a record dated in the
  year (identification, proceeding, referral, service, placement), the share with sex, age, nationality, region
  and form of exploitation recorded.
- *Timeliness*: for the victim and suspect records each agency sent whose event date falls in the period, the days
  from the event to the day the record was first received (its first version's batch): the median (the lower
  one of an even count, so always a number of days some record took) and how many came within
  :data:`TIMELY_DAYS` days.
- *Linked*: for each agency, its victims of the period as the latest linkage run grouped them (persons with a
  victim record of the agency whose event date falls in the period, as ``unique_victims`` counts them) and how
  many of them another agency also recorded in the period. Read from linkage's tables
  (:mod:`kuska.linkage.models`), like the figures of :mod:`kuska.stats.linked`; ``None`` until a run has
  completed.

Every figure is counted per reporting agency (a regional unit counted as the agency it belongs to), or, with
``units=True``, per agency as submitted, each unit on its own row; a victim is linked to *another* agency when a
reporting agency other than the unit's own recorded them.

>>> # quality = data_quality(period)                       # what the report's annex shows
>>> # quality.of("POLICE").timeliness.median_days             # days from the event to its first submission
>>> # data_quality(period, reasons=None, units=True)       # every reason, each unit on its own row
"""

from __future__ import annotations

import datetime
import statistics
from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from typing import TypeVar

from django.db.models import Count, Exists, OuterRef, Q, Sum
from django.utils import timezone

from kuska.i18n import localized
from kuska.registry.agencies import AgencyTree
from kuska.stats.periods import Period

COMPLETENESS_FIELDS = ("sex", "age", "nationality", "region", "exploitation")
# A record received within this many days of its event counts as timely.
TIMELY_DAYS = 30


@dataclass(frozen=True)
class AgencySubmissions:
    agency: str
    batches: int
    rows_read: int
    rows_accepted: int
    rows_rejected: int
    rejected_kept: int


@dataclass(frozen=True)
class RejectionReason:
    """A reason rows were rejected, with the message as stored with them: one ``message_<code>`` entry per language
    offered when they were rejected (read in a language by :meth:`message`)."""

    agency: str
    column: str
    messages: dict[str, str]
    rows: int

    def message(self, lang: str) -> str:
        """The message in a language, by the fallback rule of :func:`kuska.i18n.localized`."""
        return localized(self.messages, "message", lang)


@dataclass(frozen=True)
class Completeness:
    agency: str
    persons: int
    known: dict[str, int]  # field → persons with it recorded


@dataclass(frozen=True)
class Timeliness:
    """How soon an agency sent the victim and suspect records of events in the period."""

    agency: str
    records: int  # records whose event date falls in the period
    median_days: int | None  # the lower median of the days from the event to the first submission
    timely: int  # records first received within TIMELY_DAYS days of the event


@dataclass(frozen=True)
class Linked:
    """An agency's victims of the period (persons of the latest linkage run) and how many another agency also
    recorded in the period."""

    agency: str
    victims: int
    linked: int


@dataclass(frozen=True)
class AgencyQuality:
    """Every data-quality figure of one agency (see :meth:`DataQuality.of`); a figure it has no row for is
    ``None`` (``linked`` too when linkage has not run)."""

    agency: str
    submissions: AgencySubmissions | None
    reasons: list[RejectionReason]
    completeness: Completeness | None
    timeliness: Timeliness | None
    linked: Linked | None


@dataclass(frozen=True)
class DataQuality:
    """The data-quality figures of a period: submissions, the most frequent reasons for rejection, completeness,
    timeliness and the victims linked to another agency.

    Submissions and reasons cover everything received; the others, the records of the period. ``linked`` is
    ``None`` when no linkage run has completed.
    """

    submissions: list[AgencySubmissions]
    reasons: list[RejectionReason]
    completeness: list[Completeness]
    timeliness: list[Timeliness] = field(default_factory=list)
    linked: list[Linked] | None = None

    def agencies(self) -> list[str]:
        """Every agency some figure has a row for, by code."""
        found = {row.agency for row in self.submissions} | {row.agency for row in self.reasons}
        found |= {row.agency for row in self.completeness} | {row.agency for row in self.timeliness}
        found |= {row.agency for row in self.linked or ()}
        return sorted(found)

    def of(self, agency: str) -> AgencyQuality:
        """The figures of one agency (by the code its rows carry)."""
        return AgencyQuality(
            agency,
            _one(self.submissions, agency),
            [reason for reason in self.reasons if reason.agency == agency],
            _one(self.completeness, agency),
            _one(self.timeliness, agency),
            _one(self.linked, agency),
        )

    def __iter__(self) -> Iterator[AgencyQuality]:
        """The figures of each agency, by code."""
        return (self.of(agency) for agency in self.agencies())


_Row = TypeVar("_Row", AgencySubmissions, Completeness, Timeliness, Linked)


def _one(rows: Iterable[_Row] | None, agency: str) -> _Row | None:
    return next((row for row in rows or () if row.agency == agency), None)


def data_quality(period: Period, reasons: int | None = 12, *, units: bool = False) -> DataQuality:
    """The data-quality figures for ``period``, with the ``reasons`` most frequent reasons for rejection (every
    reason with ``None``); per reporting agency, or with ``units`` per agency as submitted."""
    return DataQuality(
        submissions(units=units),
        rejection_reasons(reasons, units=units),
        completeness(period, units=units),
        timeliness(period, units=units),
        linked_victims(period, units=units),
    )


def reporting_agencies(units: bool = False) -> dict[int, str]:
    """Agency id → the code figures roll it up to: a regional unit counts as the agency it belongs to; with
    ``units``, every agency counts as itself."""
    tree = AgencyTree.load()
    if units:
        return {node.id: node.code for node in tree}
    return tree.rollup()


def submissions(*, units: bool = False) -> list[AgencySubmissions]:
    """Every agency that submitted something, with the batches' counters and the rejected rows kept."""
    from kuska.intake.models import RejectedRow
    from kuska.registry.models import SubmissionBatch

    rollup = reporting_agencies(units)
    totals: dict[str, list[int]] = {}
    for row in SubmissionBatch.objects.values("agency_id").annotate(
        n=Count("id"),
        read=Sum("rows_read"),
        accepted=Sum("rows_accepted"),
        rejected=Sum("rows_rejected"),
    ):
        counts = totals.setdefault(rollup[row["agency_id"]], [0, 0, 0, 0, 0])
        for i, name in enumerate(("n", "read", "accepted", "rejected")):
            counts[i] += int(row[name] or 0)
    for row in RejectedRow.objects.values("batch__agency_id").annotate(n=Count("id")):
        totals.setdefault(rollup[row["batch__agency_id"]], [0, 0, 0, 0, 0])[4] += row["n"]
    return [AgencySubmissions(code, *counts) for code, counts in sorted(totals.items())]


def rejection_reasons(limit: int | None = 12, *, units: bool = False) -> list[RejectionReason]:
    """The most frequent (agency, column, reason) of the rejected rows, most frequent first (every one of them
    when ``limit`` is ``None``)."""
    from kuska.intake.models import RejectedRow

    if limit == 0:
        return []
    rollup = reporting_agencies(units)
    counts: Counter[tuple[str, str, str]] = Counter()
    messages: dict[tuple[str, str, str], dict[str, str]] = {}
    rows = RejectedRow.objects.values_list("batch__agency_id", "problems").iterator(chunk_size=2000)
    for agency_id, problems in rows:
        seen: set[tuple[str, str, str]] = set()
        for problem in _problems(problems):
            key = (rollup[agency_id], str(problem.get("column", "")), str(problem.get("code", "")))
            if key in seen:  # a row counts once per reason
                continue
            seen.add(key)
            counts[key] += 1
            messages.setdefault(
                key,
                {
                    name: str(text)
                    for name, text in problem.items()
                    if name.startswith("message_") and text
                },
            )
    return [
        RejectionReason(agency, column, messages[(agency, column, code)], rows)
        for (agency, column, code), rows in sorted(
            counts.items(), key=lambda item: (-item[1], item[0])
        )[:limit]
    ]


def _problems(value: object) -> Iterable[dict[str, object]]:
    if isinstance(value, list):
        return [p for p in value if isinstance(p, dict)]
    return []


def completeness(period: Period, *, units: bool = False) -> list[Completeness]:
    """Per agency, the victim and suspect records active in the period and how many have each field recorded."""
    from kuska.registry.models import (
        CaseExploitation,
        CaseParticipant,
        Identification,
        PersonRecord,
        Placement,
        ProceedingEvent,
        Referral,
        ServiceEpisode,
    )

    person = OuterRef("pk")
    within = {"gte": period.start, "lte": period.end}

    def dated(model: type, person_field: str, date_field: str) -> Exists:
        return Exists(
            model._default_manager.filter(  # type: ignore[attr-defined]
                **{
                    person_field: person,
                    f"{date_field}__gte": within["gte"],
                    f"{date_field}__lte": within["lte"],
                }
            )
        )

    active = Q(
        dated(Identification, "victim", "identified_on")
        | dated(ProceedingEvent, "suspect", "occurred_on")
        | dated(Referral, "victim", "requested_on")
        | dated(ServiceEpisode, "victim", "started_on")
        | dated(Placement, "victim", "admitted_on")
    )
    region_known = Q(
        Exists(Identification.objects.filter(victim=person, region__isnull=False))
        | Exists(Identification.objects.filter(victim=person, case_file__region__isnull=False))
        | Exists(CaseParticipant.objects.filter(person=person, case_file__region__isnull=False))
        | Exists(ProceedingEvent.objects.filter(suspect=person, case_file__region__isnull=False))
        | Q(agency__region__isnull=False)
    )
    exploitation_known = Q(
        Exists(CaseExploitation.objects.filter(case_file__participants=person))
        | Exists(CaseExploitation.objects.filter(case_file__identification__victim=person))
        | Exists(CaseExploitation.objects.filter(case_file__proceedingevent__suspect=person))
    )
    rows = (
        PersonRecord.objects.filter(role__in=("victim", "suspect"))
        .filter(active)
        .values("agency_id")
        .annotate(
            persons=Count("pk"),
            sex=Count("pk", filter=~Q(sex="")),
            age=Count("pk", filter=Q(age_at_event__isnull=False)),
            nationality=Count("pk", filter=~Q(nationality="")),
            region=Count("pk", filter=region_known),
            exploitation=Count("pk", filter=exploitation_known),
        )
        .order_by()
    )
    rollup = reporting_agencies(units)
    totals: dict[str, dict[str, int]] = {}
    for row in rows:
        counts = totals.setdefault(
            rollup[row["agency_id"]], dict.fromkeys(("persons", *COMPLETENESS_FIELDS), 0)
        )
        for name in counts:
            counts[name] += int(row[name])
    return [
        Completeness(
            agency,
            counts["persons"],
            {name: counts[name] for name in COMPLETENESS_FIELDS},
        )
        for agency, counts in sorted(totals.items())
    ]


def timeliness(period: Period, *, units: bool = False) -> list[Timeliness]:
    """Per agency, the victim and suspect records whose event date falls in the period, and how many days each
    took from its event to its first submission (a record sent again keeps the day it was first received)."""
    from kuska.registry.models import PersonRecord, RecordVersion

    rows = (
        PersonRecord.objects.filter(
            role__in=("victim", "suspect"),
            event_date__gte=period.start,
            event_date__lte=period.end,
        )
        .order_by()
        .values_list("pk", "agency_id", "event_date", "received_at", "version")
    )
    records: list[tuple[int, int, datetime.date, datetime.datetime]] = []
    corrected: list[int] = []
    for pk, agency_id, event_date, received_at, version in rows.iterator(chunk_size=20_000):
        if event_date is None:  # not in a period: the filter leaves none, the types do not know it
            continue
        records.append((pk, agency_id, event_date, received_at))
        if version > 1:
            corrected.append(pk)
    first: dict[int, datetime.datetime] = {}
    label = PersonRecord._meta.label_lower
    for start in range(0, len(corrected), 500):
        first.update(
            RecordVersion.objects.filter(
                record_type=label, version=1, record_id__in=corrected[start : start + 500]
            ).values_list("record_id", "batch__received_at")
        )
    rollup = reporting_agencies(units)
    days: dict[str, list[int]] = {}
    for pk, agency_id, event_date, received_at in records:
        received = timezone.localdate(first.get(pk, received_at))
        days.setdefault(rollup[agency_id], []).append((received - event_date).days)
    return [
        Timeliness(
            agency,
            len(taken),
            statistics.median_low(taken),
            sum(1 for d in taken if d <= TIMELY_DAYS),
        )
        for agency, taken in sorted(days.items())
    ]


def linked_victims(period: Period, *, units: bool = False) -> list[Linked] | None:
    """Per agency, its victims of the period among the persons of the latest linkage run, and how many of them
    another (reporting) agency recorded as a victim in the period too; ``None`` until a run has completed."""
    from kuska.linkage.models import LinkageRun
    from kuska.stats.linked import victim_assignments

    run = LinkageRun.latest()
    if run is None:
        return None
    reporting = reporting_agencies()
    counted = reporting_agencies(units)
    rows = victim_assignments(run, period).order_by().values_list("person_id", "record__agency_id")
    agencies: dict[int, set[str]] = {}  # person → the reporting agencies that recorded them
    counted_at: dict[
        int, dict[str, str]
    ] = {}  # person → each agency counting them → its reporting agency
    for person_id, agency_id in rows.iterator(chunk_size=20_000):
        agencies.setdefault(person_id, set()).add(reporting[agency_id])
        counted_at.setdefault(person_id, {})[counted[agency_id]] = reporting[agency_id]
    victims: Counter[str] = Counter()
    linked: Counter[str] = Counter()
    for person_id, at in counted_at.items():
        for agency, own in at.items():
            victims[agency] += 1
            if agencies[person_id] - {own}:
                linked[agency] += 1
    return [Linked(agency, victims[agency], linked[agency]) for agency in sorted(victims)]
