"""The access module: what each role sees of person-level records, that loading them decrypts nothing, and that
every look and every reveal is an audit event."""

from __future__ import annotations

import pytest

from kuska.access import (
    AccessDeniedError,
    NotInScopeError,
    ReasonRequiredError,
    batch_for,
    batches_for,
    list_created,
    list_records,
    pseudonym,
    records_created,
    records_for,
    reveal,
    submission_agency,
    view_record,
)
from kuska.audit.models import Event
from kuska.registry import crypto
from kuska.registry.models import Identification, PersonRecord, Referral, SubmissionBatch
from tests.access_world import NAMES, OTHER, OWN, PARENT, Holdings, world
from tests.personas import member

pytestmark = pytest.mark.usefixtures("peru")

SOURCE = "203.0.113.7"


@pytest.fixture
def places() -> dict[str, Holdings]:
    return world()


def seen(role: str) -> set[str]:
    user = member(f"{role}@example.org", OWN, role)
    return {p.agency.code for p in records_for(user, PersonRecord)}


@pytest.mark.parametrize(
    ("role", "expected"),
    [
        ("data_officer", {OWN}),  # its agency and units, not the parent
        ("case_worker", {OWN}),  # the victims referred to its agency
        ("screener", set()),  # they created none of them
        ("analyst", {OWN, PARENT, OTHER}),
        ("administrator", set()),
        ("auditor", set()),
    ],
)
def test_each_role_sees_the_person_records_its_permissions_allow(
    places: dict[str, Holdings], role: str, expected: set[str]
) -> None:
    assert seen(role) == expected


def test_a_membership_of_the_parent_covers_the_units_records(places: dict[str, Holdings]) -> None:
    officer = member("officer@pnp.example", PARENT, "data_officer")
    assert {p.agency.code for p in records_for(officer, PersonRecord)} == {OWN, PARENT}


def test_a_case_worker_sees_a_victim_referred_to_the_agency_whoever_recorded_them(
    places: dict[str, Holdings],
) -> None:
    worker = member("worker@mimp.example", "MIMP", "case_worker")
    assert not records_for(worker, PersonRecord).exists()
    referral = places["other"].victim.referrals.get()
    referral.to_agency = worker.memberships.get().agency
    referral.save()
    assert [p.pk for p in records_for(worker, PersonRecord)] == [places["other"].victim.pk]


def test_records_about_a_victim_follow_the_victims_scope(places: dict[str, Holdings]) -> None:
    worker = member("worker@lor.example", OWN, "case_worker")
    identification = Identification.objects.create(
        agency=places["other"].agency,
        batch=places["other"].batch,
        source_record_id="I-1",
        victim=places["own"].victim,
        identified_on="2025-03-02",
        method="operation",
    )
    assert list(records_for(worker, Identification)) == [identification]


def test_a_screener_sees_the_records_they_created_at_their_agency_and_no_others() -> None:
    screener = member("operadora@lor.example", OWN, "screener")
    places = world(creator=screener)
    own = places["own"]
    # the parent's batch as if they had sent it while a screener there: that membership is gone, so is the scope
    SubmissionBatch.objects.filter(pk=places["parent"].batch.pk).update(submitted_by=screener)
    assert list(records_for(screener, PersonRecord)) == [own.victim]
    assert list(records_for(screener, Referral)) == [own.victim.referrals.get()]
    assert list(records_created(screener, "hotline_calls")) == [own.call]
    colleague = member("operador@lor.example", OWN, "screener")
    assert not records_for(colleague, PersonRecord).exists()
    assert not records_created(colleague, "hotline_calls").exists()


def test_listing_what_the_user_created_is_an_audit_event_naming_the_records() -> None:
    screener = member("operadora@lor.example", OWN, "screener")
    call = world(creator=screener)["own"].call
    shown = list_created(screener, "hotline_calls", source=SOURCE)
    assert (shown.records, shown.total) == ([call], 1)
    event = Event.objects.get(actor=screener)
    assert (event.action, event.records) == ("records.list", [f"registry.hotlinecall:{call.pk}"])


def test_loading_records_decrypts_no_identity(
    places: dict[str, Holdings], monkeypatch: pytest.MonkeyPatch
) -> None:
    analyst = member("analyst@example.org", OWN, "analyst")
    decrypted: list[str] = []
    cipher = crypto.default_cipher()
    original = cipher.decrypt

    def counting(token: str, *, context: str) -> str:
        decrypted.append(context)
        return original(token, context=context)

    monkeypatch.setattr(cipher, "decrypt", counting)
    page = list_records(analyst, PersonRecord, source=SOURCE)
    shown = view_record(analyst, PersonRecord, places["own"].victim.pk, source=SOURCE)
    assert len(page.records) == 3
    assert [pseudonym(p) for p in page.records] == [
        f"personrecord:{h.victim.pk}" for h in places.values()
    ]
    assert shown.sex == "female"
    assert decrypted == []


def test_listing_viewing_and_searching_are_audit_events_naming_the_records(
    places: dict[str, Holdings],
) -> None:
    officer = member("officer@lor.example", OWN, "data_officer")
    own = f"registry.personrecord:{places['own'].victim.pk}"
    list_records(officer, PersonRecord, source=SOURCE)
    list_records(officer, PersonRecord, source=SOURCE, search="V1")
    view_record(officer, PersonRecord, places["own"].victim.pk, source=SOURCE)
    events = list(Event.objects.filter(actor=officer).order_by("sequence"))
    assert [(e.action, e.records, e.outcome, e.source) for e in events] == [
        ("records.list", [own], "success", SOURCE),
        ("records.search", [own], "success", SOURCE),
        ("records.view", [own], "success", SOURCE),
    ]
    assert events[1].reason == "V1"


def test_viewing_a_record_out_of_scope_is_refused_as_not_found_and_recorded_as_denied(
    places: dict[str, Holdings],
) -> None:
    officer = member("officer@lor.example", OWN, "data_officer")
    with pytest.raises(NotInScopeError):
        view_record(officer, PersonRecord, places["other"].victim.pk, source=SOURCE)
    with pytest.raises(NotInScopeError):
        view_record(officer, PersonRecord, 10**9, source=SOURCE)
    event = Event.objects.get(actor=officer)
    assert (event.action, event.outcome) == ("records.view", "denied")


def test_a_reveal_writes_the_event_with_the_reason_and_never_the_values(
    places: dict[str, Holdings],
) -> None:
    analyst = member("analyst@example.org", OWN, "analyst")
    victim = view_record(analyst, PersonRecord, places["other"].victim.pk, source=SOURCE)

    revealed = reveal(analyst, victim, "  linkage review 412 ", source=SOURCE)

    given, paternal, maternal, document = NAMES[OTHER]
    assert revealed.values["given_names"] == given
    assert revealed.values["paternal_surname"] == paternal
    assert revealed.values["maternal_surname"] == maternal
    assert revealed.values["document_number"] == document
    event = Event.objects.filter(action="identity.reveal").get()
    assert (event.actor, event.reason, event.outcome, event.source) == (
        analyst,
        "linkage review 412",
        "success",
        SOURCE,
    )
    assert event.records == [f"registry.personrecord:{victim.pk}"]
    assert not any(value in event.canonical().decode() for value in NAMES[OTHER])


@pytest.mark.parametrize(
    ("role", "place", "reason", "refused"),
    [
        ("analyst", "own", "", ReasonRequiredError),
        ("analyst", "own", "   ", ReasonRequiredError),
        ("auditor", "own", "checking", AccessDeniedError),
        ("administrator", "own", "checking", AccessDeniedError),
        ("data_officer", "other", "checking", NotInScopeError),
        ("data_officer", "parent", "checking", NotInScopeError),
        ("case_worker", "other", "checking", NotInScopeError),
    ],
)
def test_a_refused_reveal_decrypts_nothing_and_is_a_denied_event(
    places: dict[str, Holdings], role: str, place: str, reason: str, refused: type[Exception]
) -> None:
    user = member(f"{role}@example.org", OWN, role)
    with pytest.raises(refused):
        reveal(user, places[place].victim, reason, source=SOURCE)
    event = Event.objects.filter(action="identity.reveal").get()
    assert (event.actor, event.outcome) == (user, "denied")


def test_a_data_officer_sees_the_batches_of_its_agency_and_units_only(
    places: dict[str, Holdings],
) -> None:
    officer = member("officer@lor.example", OWN, "data_officer")
    assert list(batches_for(officer)) == [places["own"].batch]
    assert batch_for(officer, places["parent"].batch.pk) is None
    assert batch_for(officer, places["other"].batch.pk) is None
    analyst = member("analyst@example.org", OWN, "analyst")
    assert not batches_for(analyst).exists()


def test_a_submission_is_for_the_agency_the_user_submits_for(places: dict[str, Holdings]) -> None:
    officer = member("officer@lor.example", OWN, "data_officer")
    assert submission_agency(officer).code == OWN
    with pytest.raises(AccessDeniedError, match=PARENT):
        submission_agency(officer, PARENT)
    member("officer@lor.example", OTHER, "data_officer")
    with pytest.raises(AccessDeniedError, match="MP-FISCALIA, PNP-LOR"):
        submission_agency(officer)
    assert submission_agency(officer, "mp-fiscalia").code == OTHER
    with pytest.raises(AccessDeniedError):
        submission_agency(member("analyst@example.org", OWN, "analyst"))
