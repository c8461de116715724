"""The facility manager (docs/care.md, docs/access.md): a role that admits the victims of its agency's cases to the
agency's facilities and discharges them, from each facility's admissions page, and follows the occupancy; the
directory of places free tonight counts an admission at once. Audited, and never an identity on a page."""

from __future__ import annotations

import pytest
from django.test import Client

from kuska.access import AccessDeniedError
from kuska.accounts.models import User
from kuska.accounts.second_factor import needs_second_factor
from kuska.audit.models import Event
from kuska.care import facilities, referrals
from kuska.care.models import Case, Stage, Stay
from kuska.registry.models import Agency
from tests import care_world as world
from tests.personas import member
from tests.signin import sign_in

pytestmark = pytest.mark.usefixtures("peru")


def manager(agency: str = world.SHELTER_AGENCY) -> User:
    return member(f"encargada@{agency.lower()}.example", agency, "facility_manager")


def client_of(user: User) -> Client:
    client = Client()
    sign_in(client, user)
    return client


def text(answer: object) -> str:
    return bytes(getattr(answer, "content", b"")).decode()


def free_in_loreto(client: Client) -> str:
    row = text(client.get("/facilities/")).split(f'<tr id="region-{world.LORETO}">', 1)[1]
    return row.split('<td class="free">', 1)[1].split("<", 1)[0]


def no_identity(page: str) -> bool:
    return world.GIVEN_NAMES not in page and world.SURNAME not in page and "Ccori" not in page


def test_the_facility_manager_signs_in_without_a_second_factor_and_may_not_reveal() -> None:
    user = manager()
    assert not needs_second_factor(user)
    client = client_of(user)
    assert client.get("/care/").status_code == 403  # cases are the case worker's
    assert client.get("/alerts/").status_code == 403


def test_a_facility_manager_admits_a_girl_and_the_directory_shows_one_place_fewer() -> None:
    case = world.case_of()
    place = world.facility()
    client = client_of(manager())
    assert free_in_loreto(client) == "10"
    page = text(client.get(f"/facilities/{place.pk}/admissions/"))
    assert f"personrecord:{case.victim_id}" in page  # awaiting a place, by pseudonym
    assert no_identity(page)
    answer = client.post(
        f"/facilities/{place.pk}/admissions/", {"action": "admit", "case": str(case.pk)}
    )
    assert answer.status_code == 302
    stay = Stay.objects.get(case=case)
    assert stay.placement.facility == place
    assert (
        stay.placement.agency.code == world.SHELTER_AGENCY
    )  # written through intake, as the agency's
    assert free_in_loreto(client) == "9"
    after = text(client.get(f"/facilities/{place.pk}/admissions/"))
    assert f"placement:{stay.placement_id}" in after
    assert "Se registró el ingreso." in after
    assert no_identity(after)
    event = Event.objects.get(action="care.stay")
    assert (event.actor, event.reason) == (manager(), "admitted")
    assert Event.objects.filter(action="records.list", actor=manager()).exists()


def test_a_facility_manager_discharges_a_victim_and_the_place_is_free_again() -> None:
    case = world.case_of()
    place = world.facility()
    stay = facilities.admit(case.worker, case, place, source=world.SOURCE)
    client = client_of(manager())
    assert free_in_loreto(client) == "9"
    answer = client.post(
        f"/facilities/{place.pk}/admissions/", {"action": "discharge", "stay": str(stay.pk)}
    )
    assert answer.status_code == 302
    stay.refresh_from_db()
    assert stay.left_at is not None
    assert stay.placement.left_on is not None
    assert free_in_loreto(client) == "10"
    assert Event.objects.filter(action="care.stay", actor=manager(), reason="discharged").exists()


def test_a_victim_the_facility_does_not_admit_is_offered_no_admission_and_is_refused() -> None:
    case = world.case_of(world.victim(sex="male", age_at_event=30))
    place = world.facility()
    client = client_of(manager())
    page = text(client.get(f"/facilities/{place.pk}/admissions/"))
    assert f"personrecord:{case.victim_id}" in page
    assert "no admite a esta persona" in page
    answer = client.post(
        f"/facilities/{place.pk}/admissions/", {"action": "admit", "case": str(case.pk)}
    )
    assert answer.status_code == 400
    assert "el establecimiento no admite a esta persona" in text(answer)
    assert not Stay.objects.exists()


def test_a_full_facility_refuses_an_admission_and_stores_nothing() -> None:
    place = world.facility(capacity=1)
    first, second = world.case_of(), world.case_of()
    facilities.admit(first.worker, first, place, source=world.SOURCE)
    answer = client_of(manager()).post(
        f"/facilities/{place.pk}/admissions/", {"action": "admit", "case": str(second.pk)}
    )
    assert answer.status_code == 400
    assert "el establecimiento está lleno (1 plazas)" in text(answer)
    assert not Stay.objects.filter(case=second).exists()


def test_a_closed_case_a_victim_already_placed_or_another_agencys_case_awaits_no_place() -> None:
    place = world.facility()
    closed = world.case_of()
    closed.stage = Stage.CLOSED
    closed.save()
    placed = world.case_of()
    facilities.admit(placed.worker, placed, world.facility(name="Otra casa"), source=world.SOURCE)
    police = world.case_of(world.victim(world.POLICE))
    waiting = world.case_of()
    shown = [c.case for c in facilities.awaiting_admission(manager(), place, source="test")]
    assert shown == [waiting]
    for case in (closed, police):
        answer = client_of(manager()).post(
            f"/facilities/{place.pk}/admissions/", {"action": "admit", "case": str(case.pk)}
        )
        assert answer.status_code == 400
    assert not Stay.objects.filter(case__in=[closed, police]).exists()


def test_another_agencys_facility_is_not_found_and_its_victims_cannot_be_admitted() -> None:
    theirs = world.facility(world.POLICE, facility_type="short_stay_space")
    client = client_of(manager())
    assert client.get(f"/facilities/{theirs.pk}/admissions/").status_code == 404
    assert client.get(f"/facilities/{theirs.pk}/").status_code == 404
    case = world.case_of(world.victim(world.POLICE))
    with pytest.raises(AccessDeniedError):
        facilities.admit(manager(), case, theirs, source="test")
    assert not Stay.objects.exists()


def test_the_facility_manager_sees_the_occupancy_and_movements_of_their_facility() -> None:
    case = world.case_of()
    place = world.facility()
    stay = facilities.admit(case.worker, case, place, source=world.SOURCE)
    page = text(client_of(manager()).get(f"/facilities/{place.pk}/"))
    assert 'id="occupancy"' in page
    assert f"placement:{stay.placement_id}" in page
    assert f'href="/facilities/{place.pk}/admissions/"' in page
    assert no_identity(page)


def test_a_case_worker_admits_from_the_admissions_page_the_victims_in_their_scope() -> None:
    # a case worker sees the victims referred to, served or placed by the agency (records.view_served): a case
    # of the agency's own victim shows once the victim is referred to the agency's shelter
    case = world.case_of()
    place = world.facility()
    worker = case.worker
    assert worker is not None
    assert facilities.awaiting_admission(worker, place, source="test") == []
    referrals.refer(
        worker,
        case,
        service_type="shelter",
        to_agency=Agency.objects.get(code=world.SHELTER_AGENCY),
        source=world.SOURCE,
    )
    answer = client_of(worker).post(
        f"/facilities/{place.pk}/admissions/", {"action": "admit", "case": str(case.pk)}
    )
    assert answer.status_code == 302
    assert Case.objects.get(pk=case.pk).stays.count() == 1
