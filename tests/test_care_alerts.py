"""Alerts as data: every rule of the profile's catalogue fires on a case that shows the gap and stays quiet on one
that does not; alerts are raised once, e-mailed to who is notified, acknowledged and resolved with a note, and
counted, and none of it carries an identity."""

from __future__ import annotations

import datetime
import json
import zoneinfo

import pytest
from django.core import mail
from django.utils import timezone

from kuska.access import AccessDeniedError
from kuska.audit.models import Event
from kuska.care import alerts, cases, facilities, referrals
from kuska.care.errors import CareError
from kuska.care.models import Alert, Case, Stage, Stay
from kuska.cli import main
from kuska.registry.models import Referral
from tests import care_world as world

pytestmark = pytest.mark.usefixtures("peru")

LIMA = zoneinfo.ZoneInfo("America/Lima")
NOW = timezone.now()


def raised(alert_id: str, *, now: datetime.datetime | None = None) -> list[Alert]:
    alerts.evaluate(now=now, source=world.SOURCE)
    return list(Alert.objects.filter(rule=alert_id))


def test_the_catalogue_holds_the_eight_rules_of_the_national_response() -> None:
    rules = {entry.rule for entry in alerts.catalogue()}
    assert rules == set(alerts.RULES)
    for entry in alerts.catalogue():
        assert entry.title("es")
        assert entry.title("en")
        assert entry.title("es") != entry.title("en")
        assert entry.severity in alerts.SEVERITIES
        assert entry.notify


# -- a child in a police station --------------------------------------------------------------------------------


def _police_stay(person_age: int, hours: float) -> Case:
    station = world.facility(
        facility_type="police_station", admits_sex="", admits_min_age=None, admits_max_age=None
    )
    case = world.case_of(world.victim(age_at_event=person_age))
    facilities.admit(
        case.worker, case, station, at=NOW - datetime.timedelta(hours=hours), source=world.SOURCE
    )
    return case


def test_a_child_placed_in_a_police_station_raises_an_alert_and_past_24_hours_another() -> None:
    case = _police_stay(15, hours=2)
    assert [a.case for a in raised("child_in_police_station")] == [case]
    assert raised("child_kept_in_police_station") == []
    later = NOW + datetime.timedelta(hours=23)
    assert [a.case for a in raised("child_kept_in_police_station", now=later)] == [case]


def test_an_adult_in_a_police_station_or_a_child_who_left_in_time_raises_none() -> None:
    _police_stay(30, hours=48)
    case = _police_stay(15, hours=5)
    stay = Stay.objects.get(case=case)
    facilities.discharge(
        case.worker, stay, at=NOW - datetime.timedelta(hours=1), source=world.SOURCE
    )
    assert raised("child_kept_in_police_station", now=NOW + datetime.timedelta(days=3)) == []
    assert [a.case for a in Alert.objects.filter(rule="child_in_police_station")] == [case]


def test_a_placement_in_a_police_station_sent_in_a_file_counts_by_its_days() -> None:
    station = world.facility(
        facility_type="police_station", admits_sex="", admits_min_age=None, admits_max_age=None
    )
    world.placement(world.victim(), station, timezone.localdate() - datetime.timedelta(days=2))
    assert len(raised("child_kept_in_police_station")) == 1


# -- referrals -------------------------------------------------------------------------------------------------


def test_a_referral_unanswered_past_its_deadline_raises_an_alert() -> None:
    case = world.case_of()
    made = referrals.refer(
        case.worker,
        case,
        service_type="shelter",
        requested_at=NOW - datetime.timedelta(hours=30),
        source=world.SOURCE,
    )
    assert [a.subject for a in raised("referral_unanswered")] == [f"care.casereferral:{made.pk}"]


def test_a_referral_answered_or_within_its_deadline_raises_none() -> None:
    case = world.case_of()
    answered = referrals.refer(
        case.worker,
        case,
        service_type="shelter",
        requested_at=NOW - datetime.timedelta(hours=30),
        source=world.SOURCE,
    )
    referrals.accept(case.worker, answered, source=world.SOURCE)
    referrals.refer(
        case.worker,
        case,
        service_type="legal",
        requested_at=NOW - datetime.timedelta(hours=30),
        source=world.SOURCE,
    )  # 72 hours to answer
    assert raised("referral_unanswered") == []


@pytest.mark.parametrize(
    "reason", ["does_not_admit_sex", "does_not_admit_age", "does_not_admit_gender_identity"]
)
def test_a_referral_refused_for_who_the_victim_is_raises_an_alert(reason: str) -> None:
    case = world.case_of()
    made = referrals.refer(case.worker, case, service_type="shelter", source=world.SOURCE)
    referrals.refuse(case.worker, made, reason, source=world.SOURCE)
    assert len(raised("referral_refused_for_who_they_are")) == 1


@pytest.mark.parametrize("reason", ["no_capacity", "outside_hours", "other"])
def test_a_referral_refused_for_another_reason_raises_none(reason: str) -> None:
    case = world.case_of()
    made = referrals.refer(case.worker, case, service_type="shelter", source=world.SOURCE)
    referrals.refuse(case.worker, made, reason, source=world.SOURCE)
    assert raised("referral_refused_for_who_they_are") == []


def test_a_service_conditioned_on_a_statement_raises_an_alert_and_one_that_is_not_raises_none() -> (
    None
):
    case = world.case_of()
    referrals.refer(case.worker, case, service_type="legal", source=world.SOURCE)
    assert raised("conditioned_on_statement") == []
    made = referrals.refer(
        case.worker, case, service_type="legal", conditioned_on_statement=True, source=world.SOURCE
    )
    found = raised("conditioned_on_statement")
    assert [a.subject for a in found] == [f"registry.referral:{made.referral_id}"]
    assert found[0].case == case
    assert Referral.objects.get(pk=made.referral_id).conditioned_on_statement is True


# -- who no facility admits --------------------------------------------------------------------------------------


def test_an_adult_man_with_no_facility_admitting_men_in_his_region_raises_an_alert() -> None:
    world.facility()  # girls only
    case = world.case_of(world.victim(sex="male", age_at_event=34))
    assert [a.case for a in raised("no_facility_admits")] == [case]


def test_a_transgender_victim_with_no_facility_admitting_them_raises_an_alert() -> None:
    world.facility(admits_sex="", admits_min_age=None, admits_max_age=None, admits_transgender=None)
    case = world.case_of(world.victim(age_at_event=25, gender_identity="transgender_woman"))
    assert [a.case for a in raised("no_facility_admits")] == [case]


def test_a_man_with_a_facility_that_admits_him_or_a_girl_raises_none() -> None:
    world.facility(admits_sex="male", admits_min_age=18, admits_max_age=None)
    world.case_of(world.victim(sex="male", age_at_event=34))
    world.case_of(world.victim())
    assert raised("no_facility_admits") == []


# -- rescue at night -----------------------------------------------------------------------------------------------


def _night_rescue() -> Case:
    # a Tuesday, at 23:00 in Lima
    at = datetime.datetime(2026, 3, 3, 23, 0, tzinfo=LIMA)
    return world.case_of(identified_at=at, in_operation=True)


def test_a_rescue_at_night_with_no_service_started_within_12_hours_raises_an_alert() -> None:
    case = _night_rescue()
    assert (
        raised(
            "no_service_after_night_rescue", now=case.identified_at + datetime.timedelta(hours=11)
        )
        == []
    )
    assert [
        a.case
        for a in raised(
            "no_service_after_night_rescue", now=case.identified_at + datetime.timedelta(hours=13)
        )
    ] == [case]


def test_a_rescue_with_a_service_started_in_time_or_by_day_on_a_weekday_raises_none() -> None:
    case = _night_rescue()
    made = referrals.refer(
        case.worker,
        case,
        service_type="short_term_care",
        requested_at=case.identified_at,
        source=world.SOURCE,
    )
    referrals.accept(
        case.worker, made, at=case.identified_at + datetime.timedelta(hours=1), source=world.SOURCE
    )
    referrals.start(
        case.worker, made, at=case.identified_at + datetime.timedelta(hours=2), source=world.SOURCE
    )
    world.case_of(
        identified_at=datetime.datetime(2026, 3, 4, 11, 0, tzinfo=LIMA), in_operation=True
    )
    assert (
        raised("no_service_after_night_rescue", now=case.identified_at + datetime.timedelta(days=2))
        == []
    )


def test_a_rescue_on_a_saturday_by_day_counts_as_a_weekend() -> None:
    world.case_of(
        identified_at=datetime.datetime(2026, 3, 7, 11, 0, tzinfo=LIMA), in_operation=True
    )
    assert (
        len(raised("no_service_after_night_rescue", now=datetime.datetime(2026, 3, 9, tzinfo=LIMA)))
        == 1
    )


# -- foreign victims and closed cases ------------------------------------------------------------------------------


def test_a_foreign_victim_with_no_residency_decision_after_60_days_raises_an_alert() -> None:
    case = world.case_of(
        world.victim(nationality="VE"), identified_at=NOW - datetime.timedelta(days=61)
    )
    assert [a.case for a in raised("foreign_without_residency")] == [case]


def test_a_foreign_victim_with_a_residency_decision_a_recent_one_or_a_national_raises_none() -> (
    None
):
    decided = world.case_of(
        world.victim(nationality="VE"), identified_at=NOW - datetime.timedelta(days=61)
    )
    made = referrals.refer(decided.worker, decided, service_type="residency", source=world.SOURCE)
    referrals.accept(decided.worker, made, source=world.SOURCE)
    world.case_of(world.victim(nationality="CO"), identified_at=NOW - datetime.timedelta(days=20))
    world.case_of(world.victim(nationality="PE"), identified_at=NOW - datetime.timedelta(days=200))
    assert raised("foreign_without_residency") == []


def _closed(case: Case) -> Case:
    for stage in (
        Stage.ASSESSED,
        Stage.CARE_PLAN,
        Stage.SERVICES,
        Stage.REINTEGRATION,
        Stage.CLOSED,
    ):
        cases.move(case.worker, case, stage, source=world.SOURCE)
    return case


def test_a_case_closed_without_a_reintegration_service_raises_an_alert() -> None:
    case = _closed(world.case_of())
    assert [a.case for a in raised("closed_without_reintegration")] == [case]


def test_a_case_closed_after_reintegration_or_still_open_raises_none() -> None:
    case = world.case_of()
    made = referrals.refer(case.worker, case, service_type="reintegration", source=world.SOURCE)
    referrals.accept(case.worker, made, source=world.SOURCE)
    referrals.start(case.worker, made, source=world.SOURCE)
    _closed(case)
    world.case_of()
    assert raised("closed_without_reintegration") == []


# -- raised once, told, handled, counted ---------------------------------------------------------------------------


def test_evaluating_twice_raises_no_alert_twice_and_sends_no_second_mail() -> None:
    _closed(world.case_of())
    first = alerts.evaluate(source=world.SOURCE)
    sent = len(mail.outbox)
    assert alerts.evaluate(source=world.SOURCE) == []
    assert Alert.objects.count() == len(first)
    assert len(mail.outbox) == sent


def test_an_alert_is_mailed_to_the_case_worker_and_the_analysts_in_their_language_without_identity() -> (
    None
):
    analyst = world.analyst()
    analyst.language = "en"
    analyst.save()
    case = world.case_of(world.victim(sex="male", age_at_event=34))
    mail.outbox.clear()
    alerts.evaluate(source=world.SOURCE)
    to = {message.to[0]: message for message in mail.outbox}
    assert set(to) == {case.worker.email, analyst.email}  # type: ignore[union-attr]
    assert "Adult man or transgender victim" in to[analyst.email].subject
    assert "Hombre adulto" in to[case.worker.email].subject  # type: ignore[union-attr]
    for message in mail.outbox:
        text = str(message.subject) + str(message.body)
        assert world.GIVEN_NAMES not in text
        assert world.SURNAME not in text
        assert f"care.case:{case.pk}" in text


def test_an_alert_is_acknowledged_then_resolved_each_with_a_note_and_counted() -> None:
    case = _closed(world.case_of())
    alerts.evaluate(source=world.SOURCE)
    alert = Alert.objects.get(rule="closed_without_reintegration")
    with pytest.raises(CareError):
        alerts.acknowledge(case.worker, alert, " ", source=world.SOURCE)
    alerts.acknowledge(case.worker, alert, "calling the regional office", source=world.SOURCE)
    assert alerts.counts()["closed_without_reintegration"] == {
        "raised": 0,
        "acknowledged": 1,
        "resolved": 0,
        "total": 1,
    }
    alerts.resolve(case.worker, alert, "reopened and referred", source=world.SOURCE)
    assert alert.state == "resolved"
    assert alert.resolved_note == "reopened and referred"
    counted = alerts.counts()
    assert counted["closed_without_reintegration"]["resolved"] == 1
    assert counted["referral_unanswered"]["total"] == 0
    with pytest.raises(CareError):
        alerts.resolve(case.worker, alert, "again", source=world.SOURCE)


def test_an_alert_of_another_agency_is_neither_seen_nor_handled_by_its_case_worker() -> None:
    case = _closed(world.case_of())
    alerts.evaluate(source=world.SOURCE)
    stranger = world.worker(world.POLICE, "gestor@pnp.example")
    alert = Alert.objects.get(rule="closed_without_reintegration")
    assert list(alerts.alerts_for(stranger)) == []
    assert list(alerts.alerts_for(case.worker)) == [alert]
    assert list(alerts.alerts_for(world.analyst())) == [alert]
    with pytest.raises(AccessDeniedError):
        alerts.acknowledge(stranger, alert, "not mine", source=world.SOURCE)


def test_no_identity_reaches_an_alert_or_its_events() -> None:
    case = world.case_of(
        world.victim(sex="male", age_at_event=34, nationality="VE"),
        identified_at=NOW - datetime.timedelta(days=90),
    )
    _closed(case)
    alerts.evaluate(source=world.SOURCE)
    assert Alert.objects.exists()
    text = repr(list(Alert.objects.values())) + repr(
        list(Event.objects.values("records", "reason"))
    )
    assert world.GIVEN_NAMES not in text
    assert world.SURNAME not in text


def test_kuska_alerts_evaluates_and_lists_by_reference_for_a_user_with_care_alerts(
    capsys: pytest.CaptureFixture[str],
) -> None:
    case = _closed(world.case_of())
    analyst = world.analyst()
    assert main(["alerts", "--format", "json", "--as", analyst.email]) == 0
    listed = json.loads(capsys.readouterr().out)
    assert [(row["alert"], row["case"]) for row in listed] == [
        ("closed_without_reintegration", f"care.case:{case.pk}")
    ]
    assert Event.objects.filter(action="care.alert", actor=analyst).count() == 1
    assert main(["alerts", "--as", analyst.email]) == 0
    shown = capsys.readouterr().out
    assert "Alertas (0 nuevas)" in shown  # evaluated again: nothing new
    assert "warning" in shown
    assert world.GIVEN_NAMES not in shown
    assert Alert.objects.count() == 1


def test_kuska_alerts_refuses_a_user_without_care_alerts(
    capsys: pytest.CaptureFixture[str],
) -> None:
    case = _closed(world.case_of())
    assert main(["alerts", "--as", case.worker.email]) == 2  # type: ignore[union-attr]
    assert "care.alerts" in capsys.readouterr().err
    assert not Alert.objects.exists()


def test_a_mail_server_that_fails_loses_the_mail_not_the_alert(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    def broken(*args: object, **kwargs: object) -> int:
        raise ConnectionRefusedError

    monkeypatch.setattr(alerts, "send_mail", broken)
    _closed(world.case_of())
    _closed(world.case_of())
    assert len(alerts.evaluate(source=world.SOURCE)) == 2
