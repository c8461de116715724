"""Alerts raised without anyone running ``kuska alerts`` (docs/care.md, "Alerts"): each care write evaluates the
rules that read what it changed, once it is committed; the worker evaluates the whole catalogue on a schedule, for
the rules that hold once time has passed. Each alert is e-mailed once, however often the rules are evaluated, and
a write that fails raises nothing."""

from __future__ import annotations

import datetime
from collections.abc import Callable
from contextlib import AbstractContextManager
from typing import Any

import pytest
from django.core import mail
from django.db import OperationalError, transaction
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from kuska.audit.models import Event
from kuska.care import alerts, cases, facilities, referrals
from kuska.care.errors import CareError
from kuska.care.models import Alert, Case, CaseReferral, Stage
from kuska.jobs import alerting
from kuska.jobs.work import run_queued
from kuska.registry.models import Agency
from tests import care_world as world

pytestmark = pytest.mark.usefixtures("peru")

Commits = Callable[..., AbstractContextManager[list[Callable[[], Any]]]]


@pytest.fixture
def committed(django_capture_on_commit_callbacks: Commits) -> Commits:
    """Run what a write leaves for after its commit, as a real commit does (the tests run in one transaction)."""
    return lambda: django_capture_on_commit_callbacks(execute=True)


def rules_raised() -> list[str]:
    return sorted(Alert.objects.values_list("rule", flat=True))


def refused_referral(reason: str, committed: Commits) -> Case:
    case = world.case_of(world.victim(world.POLICE, sex="male", age_at_event=34))
    made = referrals.refer(
        case.worker,
        case,
        service_type="shelter",
        to_agency=Agency.objects.get(code=world.SHELTER_AGENCY),
        source=world.SOURCE,
    )
    mail.outbox.clear()
    with committed():
        referrals.refuse(world.worker(), made, reason, source=world.SOURCE)
    return case


def test_a_referral_refused_for_the_victims_sex_raises_its_alert_at_once_and_mails_it_once(
    committed: Commits,
) -> None:
    world.analyst()
    refused_referral("does_not_admit_sex", committed)
    assert rules_raised() == ["referral_refused_for_who_they_are"]
    alert = Alert.objects.get()
    told = sorted(address for message in mail.outbox for address in message.to)
    assert told == ["analista@mininter.example", "gestora@pnp-lor.example"]
    event = Event.objects.get(action="care.alert")
    assert (event.actor, event.reason) == (None, "raised referral_refused_for_who_they_are")
    again = alerts.evaluate(rules=["referral_refused_for_who_they_are"], source=world.SOURCE)
    assert again == []  # evaluating again: nothing new, no mail
    assert Alert.objects.get() == alert
    assert len(mail.outbox) == 2


def test_a_referral_refused_for_another_reason_raises_nothing(committed: Commits) -> None:
    refused_referral("no_capacity", committed)
    assert rules_raised() == []
    assert mail.outbox == []


def test_a_child_placed_in_a_police_station_raises_its_alert_at_once(committed: Commits) -> None:
    station = world.facility(
        facility_type="police_station", admits_sex="", admits_min_age=None, admits_max_age=None
    )
    case = world.case_of()
    with committed():
        facilities.admit(case.worker, case, station, source=world.SOURCE)
    assert rules_raised() == ["child_in_police_station"]  # kept 24 hours: the schedule will tell


def test_a_girl_placed_in_a_shelter_raises_nothing(committed: Commits) -> None:
    case = world.case_of()
    with committed():
        facilities.admit(case.worker, case, world.facility(), source=world.SOURCE)
    assert rules_raised() == []


def test_a_case_closed_without_reintegration_and_a_service_conditioned_on_a_statement_raise_at_once(
    committed: Commits,
) -> None:
    case = world.case_of()
    with committed():
        referrals.refer(
            case.worker,
            case,
            service_type="legal",
            conditioned_on_statement=True,
            source=world.SOURCE,
        )
    assert rules_raised() == ["conditioned_on_statement"]
    with committed():
        cases.move(case.worker, case, Stage.CLOSED, source=world.SOURCE)
    assert rules_raised() == ["closed_without_reintegration", "conditioned_on_statement"]


def test_opening_the_case_of_an_adult_man_no_facility_admits_raises_at_once(
    committed: Commits,
) -> None:
    world.facility()  # girls only
    with committed():
        world.case_of(world.victim(sex="male", age_at_event=34))
    assert rules_raised() == ["no_facility_admits"]


def refuse_then_fail(case: Case, made: CaseReferral) -> None:
    """A request that refuses the referral for who the victim is, then fails: its transaction is rolled back."""
    with transaction.atomic():
        referrals.refuse(case.worker, made, "does_not_admit_age", source=world.SOURCE)
        raise RuntimeError("the request failed after the refusal")


def test_a_write_that_fails_or_is_rolled_back_raises_nothing(committed: Commits) -> None:
    case = world.case_of()
    made = referrals.refer(case.worker, case, service_type="shelter", source=world.SOURCE)
    with committed():
        with pytest.raises(CareError):
            referrals.refuse(case.worker, made, "not_a_reason", source=world.SOURCE)
        with pytest.raises(RuntimeError):
            refuse_then_fail(case, made)
    assert rules_raised() == []
    made.refresh_from_db()
    assert made.status == "requested"


def test_the_worker_checks_the_catalogue_on_a_schedule_one_check_waiting_at_a_time() -> None:
    case = world.case_of()
    made = referrals.refer(
        case.worker,
        case,
        service_type="shelter",
        requested_at=timezone.now() - datetime.timedelta(hours=30),
        source=world.SOURCE,
    )  # 24 hours to answer: past its deadline, which no write tells
    assert rules_raised() == []
    assert alerting.schedule() is True
    assert alerting.schedule() is False  # one check waits already
    assert run_queued() == 1
    assert [(a.rule, a.subject) for a in Alert.objects.all()] == [
        ("referral_unanswered", f"care.casereferral:{made.pk}")
    ]
    assert Event.objects.get(action="care.alert").source == alerting.SOURCE
    sent = len(mail.outbox)
    assert sent >= 1
    nxt = DBTaskResult.objects.get(status="READY", task_path=alerting.check_alerts.module_path)
    wait = nxt.run_after - timezone.now()
    assert alerting.EVERY - datetime.timedelta(minutes=1) < wait <= alerting.EVERY
    assert run_queued() == 0  # the next check waits for its time
    nxt.run_after = timezone.now()
    nxt.save(update_fields=["run_after"])
    assert run_queued() == 1
    assert Alert.objects.count() == 1
    assert len(mail.outbox) == sent  # checked again: no alert twice, no mail twice


def test_a_worker_starting_while_sqlite_is_locked_schedules_the_checks_once_it_is_free(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    tries: list[int] = []

    def locked_twice(after: datetime.timedelta | None = None) -> bool:
        tries.append(1)
        if len(tries) <= 2:
            raise OperationalError("database table is locked")
        return True

    monkeypatch.setattr(alerting, "schedule", locked_twice)
    monkeypatch.setattr("kuska.jobs.alerting.time.sleep", lambda seconds: None)
    assert alerting.start_checks() is True
    assert len(tries) == 3


def test_a_check_that_fails_still_queues_the_next_one(monkeypatch: pytest.MonkeyPatch) -> None:
    def broken(**kwargs: object) -> list[Alert]:
        raise RuntimeError("a rule failed")

    monkeypatch.setattr(alerts, "evaluate", broken)
    with pytest.raises(RuntimeError):
        alerting.check_alerts.call()
    assert DBTaskResult.objects.filter(
        status="READY", task_path=alerting.check_alerts.module_path
    ).exists()
