"""A victim's care case: its stages move only as the workflow allows, consents are recorded per purpose, and its
timeline shows what the agencies the user may see recorded about the person."""

from __future__ import annotations

import pytest

from kuska.access import AccessDeniedError, NotInScopeError
from kuska.audit.models import Event
from kuska.care import cases, referrals
from kuska.care.errors import CareError
from kuska.care.models import Purpose, Stage
from kuska.linkage.models import ClusterAssignment, LinkageRun
from kuska.registry.models import PersonRecord
from tests import care_world as world

pytestmark = pytest.mark.usefixtures("peru")


def test_a_case_is_opened_at_the_agency_that_recorded_the_victim_with_its_worker() -> None:
    case = world.case_of()
    assert case.agency.code == world.SHELTER_AGENCY
    assert case.stage == Stage.IDENTIFIED
    assert case.worker is not None
    assert case.worker.email == "gestora@mimp-car.example"
    assert [e.records for e in Event.objects.filter(action="care.case")] == [
        [f"care.case:{case.pk}"]
    ]


def test_a_case_is_opened_only_by_a_case_worker_of_the_agency() -> None:
    outsider = world.worker(world.POLICE, "gestor@pnp.example")
    with pytest.raises(AccessDeniedError):
        world.case_of(world.victim(), outsider)


def test_a_case_is_opened_on_a_victims_record_only() -> None:
    with pytest.raises(CareError):
        world.case_of(world.victim(role="suspect"))


def test_a_case_moves_forward_through_its_stages_to_closed_and_is_reopened() -> None:
    case = world.case_of()
    worker = case.worker
    for stage in (
        Stage.ASSESSED,
        Stage.CARE_PLAN,
        Stage.SERVICES,
        Stage.REINTEGRATION,
        Stage.CLOSED,
        Stage.REOPENED,
    ):
        cases.move(worker, case, stage, source=world.SOURCE)
    assert case.stage == Stage.REOPENED
    assert [c.to_stage for c in case.stage_changes.all()][-2:] == [Stage.CLOSED, Stage.REOPENED]


@pytest.mark.parametrize(
    ("path", "refused"),
    [
        ((), Stage.CARE_PLAN),  # skipping the assessment
        ((), Stage.REOPENED),  # reopening a case that is not closed
        ((Stage.CLOSED,), Stage.SERVICES),  # working a closed case without reopening it
        ((Stage.ASSESSED,), Stage.IDENTIFIED),  # going back
    ],
)
def test_a_move_the_workflow_does_not_allow_is_refused_with_a_translated_message(
    path: tuple[str, ...], refused: str
) -> None:
    case = world.case_of()
    for stage in path:
        cases.move(case.worker, case, stage, source=world.SOURCE)
    with pytest.raises(CareError) as refusal:
        cases.move(case.worker, case, refused, source=world.SOURCE)
    assert "no puede pasar" in refusal.value.in_language("es")
    assert "cannot move" in refusal.value.in_language("en")
    case.refresh_from_db()
    assert case.stage == (path[-1] if path else Stage.IDENTIFIED)


def test_the_latest_answer_on_a_purpose_is_the_consent_in_force_with_who_asked() -> None:
    case = world.case_of()
    cases.record_consent(case.worker, case, Purpose.SHARING, False, source=world.SOURCE)
    consent = cases.record_consent(case.worker, case, Purpose.SHARING, True, source=world.SOURCE)
    cases.record_consent(case.worker, case, Purpose.STATISTICS, False, source=world.SOURCE)
    assert cases.consents(case) == {"sharing": True, "statistics": False}
    assert consent.asked_by == case.worker
    assert consent.asked_at is not None


def test_an_unknown_purpose_of_consent_is_refused() -> None:
    case = world.case_of()
    with pytest.raises(CareError):
        cases.record_consent(case.worker, case, "marketing", True, source=world.SOURCE)


def _linked(*records: PersonRecord) -> None:
    run = LinkageRun.objects.create(
        status=LinkageRun.Status.COMPLETED,
        backend="sqlite",
        threshold=0.9,
        review_from=0.5,
        seed=1,
        trained=False,
        model={},
    )
    person = min(r.pk for r in records)
    for record in records:
        ClusterAssignment.objects.create(run=run, record=record, person_id=person)


def test_the_timeline_holds_the_persons_records_of_every_agency_the_user_may_see() -> None:
    case = world.case_of()
    police_record = world.victim(world.POLICE)
    _linked(case.victim, police_record)
    referrals.refer(case.worker, case, service_type="legal", source=world.SOURCE)
    analyst = world.analyst()
    seen = cases.timeline(analyst, case, source=world.SOURCE)
    kinds = {(entry.kind, entry.agency) for entry in seen}
    assert ("persons", world.POLICE) in kinds
    assert ("persons", world.SHELTER_AGENCY) in kinds
    assert ("referrals", world.SHELTER_AGENCY) in kinds
    assert Event.objects.filter(action="records.list", actor=analyst).exists()


def test_the_timeline_leaves_out_what_the_user_may_not_see() -> None:
    case = world.case_of()
    police_record = world.victim(world.POLICE)
    _linked(case.victim, police_record)
    # the case worker sees the victims their agency serves (records.view_served): a service started here
    made = referrals.refer(case.worker, case, service_type="psychosocial", source=world.SOURCE)
    referrals.accept(case.worker, made, source=world.SOURCE)
    referrals.start(case.worker, made, source=world.SOURCE)
    seen = cases.timeline(case.worker, case, source=world.SOURCE)  # type: ignore[arg-type]
    assert {entry.agency for entry in seen if entry.kind == "persons"} == {world.SHELTER_AGENCY}
    assert {entry.kind for entry in seen} >= {"persons", "referrals", "services", "referral_status"}


def test_the_timeline_of_a_victim_out_of_scope_is_not_found() -> None:
    case = world.case_of()
    stranger = world.worker(world.POLICE, "gestor@pnp.example")
    with pytest.raises(NotInScopeError):
        cases.timeline(stranger, case, source=world.SOURCE)


def test_the_timeline_shows_no_identity() -> None:
    case = world.case_of()
    seen = cases.timeline(world.analyst(), case, source=world.SOURCE)
    text = repr(seen)
    assert world.GIVEN_NAMES not in text
    assert world.SURNAME not in text


def test_a_case_worker_lists_the_cases_of_their_agency_and_their_own() -> None:
    mine = world.case_of()
    colleague = world.worker(world.SHELTER_AGENCY, "colega@mimp.example")
    theirs = world.case_of(world.victim(), colleague)
    world.case_of(world.victim(world.POLICE))
    assert list(cases.cases_for(colleague)) == [theirs, mine]
    assert list(cases.cases_for(colleague, mine=True)) == [theirs]
