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
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass

from django.db.models import Count, Exists, OuterRef, Q, Sum

from kuska.i18n import localized
from kuska.registry.agencies import AgencyTree
from kuska.stats.periods import Period

COMPLETENESS_FIELDS = ("sex", "age", "nationality", "region", "exploitation")


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
class DataQuality:
    """The data-quality figures of a period: submissions, the most frequent reasons for rejection, completeness.

    Submissions and reasons cover everything received; completeness, the records active in the period.
    """

    submissions: list[AgencySubmissions]
    reasons: list[RejectionReason]
    completeness: list[Completeness]


def data_quality(period: Period, reasons: int = 12) -> DataQuality:
    """The data-quality figures for ``period``, with the ``reasons`` most frequent reasons for rejection."""
    return DataQuality(submissions(), rejection_reasons(reasons), completeness(period))


def reporting_agencies() -> dict[int, str]:
    """Agency id → the code figures roll it up to: a regional unit counts as the agency it belongs to."""
    return AgencyTree.load().rollup()


def submissions() -> list[AgencySubmissions]:
    """Every agency that submitted something, with the batches' counters and the rejected rows kept."""
    from kuska.intake.models import RejectedRow
    from kuska.registry.models import SubmissionBatch

    rollup = reporting_agencies()
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


def rejection_reasons(limit: int = 12) -> list[RejectionReason]:
    """The most frequent (agency, column, reason) of the rejected rows, most frequent first."""
    from kuska.intake.models import RejectedRow

    rollup = reporting_agencies()
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


def completeness(period: Period) -> list[Completeness]:
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
    rollup = reporting_agencies()
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
