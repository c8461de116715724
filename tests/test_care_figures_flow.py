"""Care and the figures count one set of records: a care plan agreed in care is the service record
``victims_with_care_plan`` counts; a refusal sent in a file raises the same alert as one made in care; and an
agency starting to work its cases opens them for the victims it sent in files (what the demonstration does)."""

from __future__ import annotations

import datetime
import zoneinfo
from collections.abc import Callable
from contextlib import AbstractContextManager
from typing import Any

import pytest
from django.utils import timezone

from kuska.care import alerts, cases
from kuska.care.backfill import open_cases_for_records
from kuska.care.models import Alert, Case, Stage
from kuska.linkage.models import ClusterAssignment, LinkageRun
from kuska.registry.models import (
    Agency,
    Identification,
    PersonRecord,
    Record,
    Referral,
    ServiceEpisode,
    SubmissionBatch,
)
from kuska.stats.engine import StatsContext, compute
from tests import care_world as world

pytestmark = pytest.mark.usefixtures("peru")

LIMA = zoneinfo.ZoneInfo("America/Lima")


def _record(model: type[Record], agency: str, **fields: object) -> Any:
    code = Agency.objects.get(code=agency)
    batch = SubmissionBatch.objects.create(agency=code)
    made = model._default_manager.count()
    return model._default_manager.create(
        agency=code, batch=batch, source_record_id=f"F-{model.__name__}-{made}", **fields
    )


def test_a_case_reaching_its_care_plan_records_the_plan_once_and_the_figure_counts_it() -> None:
    case = world.case_of()
    worker = case.worker
    cases.move(worker, case, Stage.ASSESSED, source=world.SOURCE)
    cases.move(worker, case, Stage.CARE_PLAN, source=world.SOURCE)
    for stage in (Stage.SERVICES, Stage.CLOSED, Stage.REOPENED, Stage.CARE_PLAN):
        cases.move(worker, case, stage, source=world.SOURCE)
    plans = ServiceEpisode.objects.filter(victim=case.victim, service_type="care_plan")
    assert plans.count() == 1
    assert plans.get().agency == case.agency
    context = StatsContext.load()
    year = timezone.localdate().year
    counted = compute(
        context.catalogue["victims_with_care_plan"],
        context.period("calendar", year),
        context=context,
    )
    assert counted.value == 1


def test_a_refusal_for_who_the_victim_is_sent_in_a_file_raises_the_alert_and_another_reason_none() -> (
    None
):
    man = world.victim("MP-UDAVIT", sex="male", age_at_event=40)
    refused = _record(
        Referral, "MP-UDAVIT", victim=man, service_type="shelter", requested_on=datetime.date(2020, 5, 2),
        decided_on=datetime.date(2020, 5, 2), outcome="refused_by_provider", outcome_reason="does_not_admit_sex",
    )  # fmt: skip
    _record(
        Referral, "MP-UDAVIT", victim=man, service_type="shelter", requested_on=datetime.date(2020, 6, 2),
        decided_on=datetime.date(2020, 6, 2), outcome="refused_by_provider", outcome_reason="no_capacity",
    )  # fmt: skip
    alerts.evaluate(source=world.SOURCE)
    found = Alert.objects.filter(rule="referral_refused_for_who_they_are")
    assert [(a.subject, a.case, a.agency.code if a.agency else None) for a in found] == [
        (f"registry.referral:{refused.pk}", None, "MP-UDAVIT")
    ]


def _link(*groups: list[PersonRecord]) -> None:
    run = LinkageRun.objects.create(
        status=LinkageRun.Status.COMPLETED, finished_at=timezone.now(), backend="duckdb",
        threshold=0.95, review_from=0.5, seed=1, trained=False, model={},
    )  # fmt: skip
    for group in groups:
        for record in group:
            ClusterAssignment.objects.create(
                run=run, record=record, person_id=min(r.pk for r in group)
            )


def test_cases_are_opened_for_the_victims_an_agency_served_identified_at_noon_of_their_first_identification(
    django_capture_on_commit_callbacks: Callable[
        ..., AbstractContextManager[list[Callable[[], object]]]
    ],
) -> None:
    # identified by the prosecutors in an operation on Saturday 4 July 2020, served by UDAVIT on Monday the 6th
    identified = world.victim("MP-FISCALIA", sex="male", age_at_event=30)
    _record(Identification, "MP-FISCALIA", victim=identified, identified_on=datetime.date(2020, 7, 4),
            method="operation")  # fmt: skip
    served = world.victim("MP-UDAVIT", sex="male", age_at_event=30)
    _record(ServiceEpisode, "MP-UDAVIT", victim=served, service_type="short_term_care",
            started_on=datetime.date(2020, 7, 6))  # fmt: skip
    earlier = world.victim("MP-UDAVIT")
    _record(ServiceEpisode, "MP-UDAVIT", victim=earlier, service_type="short_term_care",
            started_on=datetime.date(2020, 3, 1))  # fmt: skip
    _link([identified, served])
    udavit = Agency.objects.get(code="MP-UDAVIT")

    with django_capture_on_commit_callbacks(execute=True) as evaluations:
        opened = open_cases_for_records(
            None, udavit, served_from=datetime.date(2020, 7, 1), served_to=datetime.date(2020, 12, 31),
            source=world.SOURCE,
        )  # fmt: skip
    assert (
        evaluations == []
    )  # no alert raised as of today: the caller evaluates as at the moment it chooses
    assert [c.victim for c in opened] == [served]
    case = opened[0]
    assert case.agency == udavit
    assert case.identified_at == datetime.datetime(2020, 7, 4, 12, tzinfo=LIMA)
    assert case.in_operation
    again = open_cases_for_records(
        None, udavit, served_from=datetime.date(2020, 1, 1), served_to=datetime.date(2020, 12, 31),
        source=world.SOURCE,
    )  # fmt: skip
    assert [c.victim for c in again] == [earlier]  # a victim with a case gets no second one
    assert Case.objects.get(victim=earlier).identified_at.date() == datetime.date(2020, 3, 1)

    # a weekend rescue served two days later: the gap the report names, as an alert
    at = datetime.datetime(2020, 12, 31, 23, 59, tzinfo=LIMA)
    alerts.evaluate(now=at, source=world.SOURCE)
    late = Alert.objects.filter(rule="no_service_after_night_rescue")
    assert [a.case for a in late] == [case]
