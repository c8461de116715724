"""Every figure traceable: the records behind a figure, and the same person's records at other agencies.

A figure counts every agency's records, so only a user who may see them all traces it: ``figures.exact`` (the
exact figure) and ``records.view_all`` (every record it counts), the analyst's. A published figure never leads
to records. The records are listed by pseudonym, one page at a time, and each page is a ``records.list`` event
naming the records shown; the reason the event carries is the figure (indicator, period and cell).

The person records that record linkage put in the same person as a record are listed through the viewer's own
scope (:func:`kuska.access.records.records_for`), also as a ``records.list`` event; their identities stay behind
the audited :func:`kuska.access.records.reveal`.

>>> # if may_trace(analyst):
>>> #     shown = figure_records(analyst, indicator, Period.calendar(2020), {"agency": "POLICE"}, source=...)
>>> # others = same_person(case_worker, record, source=...)   # records.list event, in the user's scope
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from kuska.access.errors import AccessDeniedError
from kuska.access.grants import holds
from kuska.access.records import PAGE_SIZE, VIEW_ALL, pseudonym, records_for
from kuska.accounts.models import User
from kuska.accounts.permissions import has_permission
from kuska.audit.models import Action
from kuska.audit.trail import record_event
from kuska.linkage.models import ClusterAssignment, LinkageRun
from kuska.registry.models import PersonRecord
from kuska.stats.catalogue import Indicator
from kuska.stats.engine import StatsContext, Status
from kuska.stats.periods import Period
from kuska.stats.trace import records_behind

EXACT = "figures.exact"


def may_trace(user: Any) -> bool:
    """Whether the user may open the records behind a figure: ``figures.exact`` and ``records.view_all``."""
    return isinstance(user, User) and holds(user, EXACT) and has_permission(user, VIEW_ALL)


@dataclass(frozen=True)
class FigureRecord:
    """One record behind a figure, by pseudonym: its agency and the agency's record id, the person record it is
    about (``person``, ``None`` for a record about no person) and its category in each of the indicator's
    breakdowns."""

    pseudonym: str
    agency: str
    source_record_id: str
    person: int | None
    person_pseudonym: str
    categories: dict[str, str]


@dataclass(frozen=True)
class FigureRecords:
    """One page of the records behind a figure (``status``: the figure's; a figure not reported has none)."""

    indicator: Indicator
    status: Status
    records: list[FigureRecord]
    total: int
    page: int
    pages: int


def _reason(indicator: Indicator, period: Period, cell: Mapping[str, str]) -> str:
    """The figure, as the event's reason: ``victims_identified calendar 2020 agency=POLICE sex=female``."""
    parts = [indicator.id, period.kind.value, str(period.year)]
    parts += [f"{dimension}={category}" for dimension, category in cell.items()]
    return " ".join(parts)


def figure_records(
    user: User,
    indicator: Indicator,
    period: Period,
    cell: Mapping[str, str] | None = None,
    *,
    source: str,
    page: int = 1,
    page_size: int = PAGE_SIZE,
    context: StatsContext | None = None,
) -> FigureRecords:
    """One page of the records behind a cell of a figure (:func:`kuska.stats.trace.records_behind`), and the
    ``records.list`` event naming every record shown. Refused (:class:`AccessDeniedError`) without
    :func:`may_trace`; a cell naming a dimension the indicator lacks raises :class:`ValueError`."""
    if not may_trace(user):
        raise AccessDeniedError("figures.exact and records.view_all are needed to trace a figure")
    cell = dict(cell or {})
    behind = records_behind(indicator, period, cell, context=context)
    total = behind.count()
    pages = max(1, -(-total // page_size))
    page = min(max(page, 1), pages)
    ids = list(behind.ids[(page - 1) * page_size : page * page_size])
    rows = behind.rows(ids)
    model = behind.record.model
    shown = [model(pk=row.id) for row in rows]
    record_event(
        user,
        Action.RECORDS_LIST,
        records=shown,
        reason=_reason(indicator, period, cell),
        source=source,
    )
    records = [
        FigureRecord(
            pseudonym=pseudonym(instance),
            agency=row.agency,
            source_record_id=row.source_record_id,
            person=row.person,
            person_pseudonym=pseudonym(PersonRecord(pk=row.person)) if row.person else "",
            categories=row.categories,
        )
        for instance, row in zip(shown, rows, strict=True)
    ]
    return FigureRecords(indicator, behind.status, records, total, page, pages)


def same_person(user: User, record: PersonRecord, *, source: str) -> list[PersonRecord]:
    """The other person records the latest linkage run put in the same person as ``record``, those the user may
    see, by agency, identity columns deferred; a ``records.list`` event names them (none when there are none)."""
    run = LinkageRun.latest()
    if run is None:
        return []
    person = (
        ClusterAssignment.objects.filter(run=run, record=record)
        .values_list("person_id", flat=True)
        .first()
    )
    if person is None:
        return []
    linked = ClusterAssignment.objects.filter(run=run, person_id=person).exclude(record=record)
    others = list(
        records_for(user, PersonRecord)
        .filter(pk__in=linked.values("record_id"))
        .order_by("agency__code", "pk")
    )
    if others:
        record_event(
            user,
            Action.RECORDS_LIST,
            records=others,
            reason=f"same person as {pseudonym(record)} (linkage run {run.pk})",
            source=source,
        )
    return others
