"""Referrals of a care case: written through intake as the agency's referral records, moved on only as the
workflow allows, and sharing an identity only with the victim's consent or an audited override."""

from __future__ import annotations

import datetime

import pytest
from django.utils import timezone

from kuska.access import AccessDeniedError
from kuska.accounts.models import Membership, Permission, Role, User
from kuska.audit.models import Event
from kuska.care import referrals
from kuska.care.cases import record_consent
from kuska.care.errors import CareError, ConsentRequiredError
from kuska.care.models import Purpose, Status
from kuska.registry.models import Agency, Referral, ServiceEpisode
from tests import care_world as world

pytestmark = pytest.mark.usefixtures("peru")


def test_a_referral_is_the_agencys_referral_record_written_through_intake_with_its_deadline() -> (
    None
):
    case = world.case_of()
    now = timezone.now()
    made = referrals.refer(
        case.worker,
        case,
        service_type="shelter",
        to_agency=Agency.objects.get(code="MIMP-UPE"),
        requested_at=now,
        source=world.SOURCE,
    )
    record = Referral.objects.get(pk=made.referral_id)
    assert record.agency == case.agency
    assert record.victim == case.victim
    assert record.batch.channel == "web"
    assert record.batch.submitted_by == case.worker
    assert record.outcome == "pending"
    assert record.to_agency is not None
    assert record.to_agency.code == "MIMP-UPE"
    assert made.due_at == now + datetime.timedelta(hours=24)  # care.toml: shelter, 24 hours
    assert Event.objects.filter(action="intake.import", actor=case.worker).exists()


def test_a_referral_goes_from_requested_to_accepted_started_and_completed() -> None:
    case = world.case_of()
    made = referrals.refer(case.worker, case, service_type="psychosocial", source=world.SOURCE)
    referrals.accept(case.worker, made, source=world.SOURCE)
    referrals.start(case.worker, made, source=world.SOURCE)
    referrals.complete(case.worker, made, source=world.SOURCE)
    assert made.status == Status.COMPLETED
    record = Referral.objects.get(pk=made.referral_id)
    assert record.outcome == "provided"
    assert record.decided_on is not None
    service = ServiceEpisode.objects.get(referral=record)
    assert service.service_type == "psychosocial"
    assert service.ended_on is not None
    # the same records, corrected: one referral and one service, never a second
    assert Referral.objects.filter(victim=case.victim).count() == 1


def test_a_referral_refused_keeps_its_reason_on_the_record() -> None:
    case = world.case_of()
    made = referrals.refer(case.worker, case, service_type="shelter", source=world.SOURCE)
    referrals.refuse(case.worker, made, "no_capacity", source=world.SOURCE)
    record = Referral.objects.get(pk=made.referral_id)
    assert (made.status, record.outcome, record.outcome_reason) == (
        "refused",
        "refused_by_provider",
        "no_capacity",
    )


def test_a_refusal_reason_outside_the_profiles_code_list_is_refused() -> None:
    case = world.case_of()
    made = referrals.refer(case.worker, case, service_type="shelter", source=world.SOURCE)
    with pytest.raises(CareError):
        referrals.refuse(case.worker, made, "too_busy", source=world.SOURCE)
    assert made.status == Status.REQUESTED


def test_the_victim_declines_with_a_reason_and_a_service_may_be_interrupted() -> None:
    case = world.case_of()
    declined = referrals.refer(case.worker, case, service_type="legal", source=world.SOURCE)
    referrals.accept(case.worker, declined, source=world.SOURCE)
    with pytest.raises(CareError):
        referrals.decline(case.worker, declined, "  ", source=world.SOURCE)
    referrals.decline(case.worker, declined, "prefers to return home", source=world.SOURCE)
    assert Referral.objects.get(pk=declined.referral_id).outcome == "declined_by_victim"
    stopped = referrals.refer(case.worker, case, service_type="medical", source=world.SOURCE)
    referrals.accept(case.worker, stopped, source=world.SOURCE)
    referrals.start(case.worker, stopped, source=world.SOURCE)
    referrals.interrupt(case.worker, stopped, source=world.SOURCE)
    assert stopped.status == Status.INTERRUPTED


@pytest.mark.parametrize(
    ("path", "refused"),
    [
        ((), "start"),  # a service cannot start before the referral is accepted
        ((), "complete"),
        (("accept",), "accept"),
        (("refuse",), "accept"),  # a refusal is final
        (("accept", "start", "complete"), "interrupt"),
    ],
)
def test_a_referral_move_the_workflow_does_not_allow_is_refused_in_words(
    path: tuple[str, ...], refused: str
) -> None:
    case = world.case_of()
    made = referrals.refer(case.worker, case, service_type="legal", source=world.SOURCE)
    for step in path:
        if step == "refuse":
            referrals.refuse(case.worker, made, "other", source=world.SOURCE)
        else:
            getattr(referrals, step)(case.worker, made, source=world.SOURCE)
    before = made.status
    with pytest.raises(CareError) as refusal:
        getattr(referrals, refused)(case.worker, made, source=world.SOURCE)
    assert "cannot go from" in refusal.value.in_language("en")
    assert "no puede pasar" in refusal.value.in_language("es")
    made.refresh_from_db()
    assert made.status == before


def test_the_receiving_agency_answers_and_an_unrelated_agency_may_not() -> None:
    case = world.case_of()
    made = referrals.refer(
        case.worker,
        case,
        service_type="shelter",
        to_agency=Agency.objects.get(code="MIMP-UPE"),
        source=world.SOURCE,
    )
    with pytest.raises(AccessDeniedError):
        referrals.accept(
            world.worker(world.POLICE, "gestor@pnp.example"), made, source=world.SOURCE
        )
    referrals.accept(world.worker("MIMP-UPE", "gestora@upe.example"), made, source=world.SOURCE)
    assert made.status == Status.ACCEPTED


def test_sharing_an_identity_needs_the_victims_consent() -> None:
    case = world.case_of()
    with pytest.raises(ConsentRequiredError):
        referrals.refer(
            case.worker, case, service_type="legal", shares_identity=True, source=world.SOURCE
        )
    assert not Referral.objects.filter(victim=case.victim).exists()
    record_consent(case.worker, case, Purpose.SHARING, True, source=world.SOURCE)
    made = referrals.refer(
        case.worker, case, service_type="legal", shares_identity=True, source=world.SOURCE
    )
    assert made.override_reason == ""


def test_a_refused_consent_is_no_consent() -> None:
    case = world.case_of()
    record_consent(case.worker, case, Purpose.SHARING, False, source=world.SOURCE)
    with pytest.raises(ConsentRequiredError):
        referrals.refer(
            case.worker, case, service_type="legal", shares_identity=True, source=world.SOURCE
        )


def test_an_override_with_a_reason_by_a_permitted_role_is_audited() -> None:
    case = world.case_of()
    made = referrals.refer(
        case.worker,
        case,
        service_type="shelter",
        shares_identity=True,
        override_reason="best interest of the child: immediate protection",
        source=world.SOURCE,
    )
    event = Event.objects.get(action="care.override")
    assert event.outcome == "success"
    assert event.actor == case.worker
    assert event.reason == "best interest of the child: immediate protection"
    assert f"care.casereferral:{made.pk}" in event.records
    assert made.override_reason.startswith("best interest")


def test_an_override_without_the_permission_is_refused_and_audited_as_denied() -> None:
    case = world.case_of()
    # someone who works the agency's cases but may not override a consent
    assistant = Role.objects.create(code="care_assistant")
    assistant.permissions.add(Permission.objects.get(code="care.work"))
    user = User.objects.create_user("asistente@mimp.example", "Sangre-de-Grado-2026")
    Membership.objects.create(user=user, agency=case.agency, role=assistant)
    with pytest.raises(AccessDeniedError):
        referrals.refer(
            user,
            case,
            service_type="shelter",
            shares_identity=True,
            override_reason="urgent",
            source=world.SOURCE,
        )
    event = Event.objects.get(action="care.override")
    assert (event.outcome, event.actor, event.reason) == ("denied", user, "urgent")
    assert not Referral.objects.filter(victim=case.victim).exists()


def test_no_identity_reaches_the_events_of_a_referral() -> None:
    case = world.case_of()
    made = referrals.refer(
        case.worker,
        case,
        service_type="shelter",
        shares_identity=True,
        override_reason="child",
        source=world.SOURCE,
    )
    referrals.accept(case.worker, made, source=world.SOURCE)
    for event in Event.objects.all():
        text = f"{event.records} {event.reason}"
        assert world.GIVEN_NAMES not in text
        assert world.SURNAME not in text


def test_only_the_receiving_agency_accepts_or_refuses_a_referral_made_to_it() -> None:
    case = world.case_of()
    upe = Agency.objects.get(code="MIMP-UPE")
    made = referrals.refer(
        case.worker, case, service_type="legal", to_agency=upe, source=world.SOURCE
    )
    with pytest.raises(AccessDeniedError, match="entidad receptora"):
        referrals.accept(case.worker, made, source=world.SOURCE)
    with pytest.raises(AccessDeniedError, match="entidad receptora"):
        referrals.refuse(case.worker, made, "no_capacity", source=world.SOURCE)
    accepted = referrals.accept(
        world.worker("MIMP-UPE", "gestora@upe.example"), made, source=world.SOURCE
    )
    assert accepted.status == "accepted"


def test_the_receiving_agency_sees_the_referrals_awaiting_its_answer_nearest_deadline_first() -> (
    None
):
    case = world.case_of()
    upe = Agency.objects.get(code="MIMP-UPE")
    legal = referrals.refer(
        case.worker, case, service_type="legal", to_agency=upe, source=world.SOURCE
    )
    shelter = referrals.refer(
        case.worker, case, service_type="shelter", to_agency=upe, source=world.SOURCE
    )
    answered = referrals.refer(
        case.worker, case, service_type="medical", to_agency=upe, source=world.SOURCE
    )
    receiving = world.worker("MIMP-UPE", "gestora@upe.example")
    referrals.refuse(receiving, answered, "no_capacity", source=world.SOURCE)
    assert list(referrals.awaiting_answer(receiving)) == [shelter, legal]
    assert list(referrals.awaiting_answer(world.worker(world.POLICE, "gestor@pnp.example"))) == []
