"""Cases for the victims an agency already sent in its files: what an agency that starts working its cases in
Kuska does first, and what the demonstration does with the synthetic victims so its alerts are real ones.

A file holds days, not hours. A case opened here is identified on the earliest identification of the victim's
person (any agency's record of them, through the latest linkage run; else the agency's first service to them) at
noon local time, and in an operation when that identification was (its method ``operation``, or it names one):
the alert rules then read a Saturday or Sunday rescue as a weekend one, and never invent a night.

>>> # opened = open_cases_for_records(None, udavit, served_from=date(2020, 7, 1),
>>> #                                 served_to=date(2020, 12, 31), source="cli:demo")
"""

from __future__ import annotations

import datetime

from django.db.models import Min
from django.utils import timezone

from kuska.accounts.models import User
from kuska.care.cases import open_case
from kuska.care.changes import held
from kuska.care.models import Case
from kuska.linkage.models import ClusterAssignment, LinkageRun
from kuska.registry.codes import IdentificationMethod, Role
from kuska.registry.models import Agency, Identification, PersonRecord, ServiceEpisode

NOON = datetime.time(12)


def _first_identifications(
    victims: list[PersonRecord],
) -> dict[int, tuple[datetime.date, bool]]:
    """For each victim record, its person's earliest identification (any agency's record of them, through the
    latest linkage run): the day, and whether it was made in an operation. Three queries, whatever the number."""
    ids = [v.pk for v in victims]
    run = LinkageRun.objects.filter(status=LinkageRun.Status.COMPLETED).order_by("-pk").first()
    person_of = {pk: pk for pk in ids}
    records_of: dict[int, list[int]] = {pk: [pk] for pk in ids}
    if run is not None:
        person_of.update(
            ClusterAssignment.objects.filter(run=run, record_id__in=ids).values_list(
                "record_id", "person_id"
            )
        )
        records_of = {}
        linked = ClusterAssignment.objects.filter(
            run=run, person_id__in=set(person_of.values())
        ).values_list("person_id", "record_id")
        for person, record in linked:
            records_of.setdefault(person, []).append(record)
        for pk in ids:  # a record the run did not hold (sent after it) is its own person
            records_of.setdefault(person_of[pk], [pk])
    person_by_record = {r: p for p, records in records_of.items() for r in records}
    first: dict[int, tuple[datetime.date, bool]] = {}
    found = (
        Identification.objects.filter(victim_id__in=list(person_by_record))
        .order_by("identified_on", "pk")
        .values_list("victim_id", "identified_on", "method", "operation_id")
    )
    for record, day, method, operation in found:
        person = person_by_record[record]
        if person not in first:  # the earliest, by the order above
            first[person] = (day, method == IdentificationMethod.OPERATION or operation is not None)
    return {pk: first[person_of[pk]] for pk in ids if person_of[pk] in first}


def open_cases_for_records(
    user: User | None,
    agency: Agency,
    *,
    served_from: datetime.date,
    served_to: datetime.date,
    source: str,
) -> list[Case]:
    """Open a case at ``agency`` for each of its victim records with a service begun between the two dates
    (inclusive) and no case yet, in the order of their first service; return the cases opened. Each is opened
    through :func:`kuska.care.cases.open_case` (its permission, its audit event). Opening them raises no alert by
    itself: the caller evaluates the alert rules as at the moment it chooses (:func:`kuska.care.alerts.evaluate`)."""
    served = (
        ServiceEpisode.objects.filter(
            agency=agency,
            victim__role=Role.VICTIM,
            started_on__gte=served_from,
            started_on__lte=served_to,
        )
        .exclude(victim__in=Case.objects.values("victim"))
        .values("victim")
        .annotate(first=Min("started_on"))
        .order_by("first", "victim")
    )
    rows = list(served)
    victims = PersonRecord.objects.in_bulk([row["victim"] for row in rows])
    identified = _first_identifications(list(victims.values()))
    opened = []
    with held():
        for row in rows:
            victim = victims[row["victim"]]
            day, in_operation = identified.get(victim.pk, (row["first"], False))
            identified_at = datetime.datetime.combine(
                day, NOON, tzinfo=timezone.get_current_timezone()
            )
            opened.append(
                open_case(
                    user,
                    victim,
                    identified_at=identified_at,
                    in_operation=in_operation,
                    source=source,
                )
            )
    return opened
