"""Opening a care case from its page (docs/care.md): a case worker names the agency in charge, the agency's record
id of the victim, the case worker, the risk and when the victim was identified; the case is opened (a
``care.case`` event) and the user goes to it. A record that is not the agency's victim's, or has a case already,
is refused in Spanish naming the record id, and nothing is stored."""

from __future__ import annotations

import pytest
from django.test import Client
from django.utils import timezone

from kuska.accounts.models import User
from kuska.audit.models import Event
from kuska.care.models import Case
from tests import care_world as world
from tests.personas import member
from tests.signin import sign_in

pytestmark = pytest.mark.usefixtures("peru")


def client_of(user: User) -> Client:
    client = Client()
    sign_in(client, user)
    return client


def text(answer: object) -> str:
    return bytes(getattr(answer, "content", b"")).decode()


def form(record_id: str, worker: User, **values: str) -> dict[str, str]:
    sent = {
        "agency": world.SHELTER_AGENCY,
        "record_id": record_id,
        "worker": str(worker.pk),
        "risk": "high",
        "identified_at": "2026-03-07T22:30",
    }
    sent.update(values)
    return sent


def test_a_case_worker_opens_a_case_on_their_agencys_victim_and_goes_to_it() -> None:
    worker = world.worker()
    colleague = member("colega@mimp.example", world.SHELTER_AGENCY, "case_worker")
    victim = world.victim()
    client = client_of(worker)
    page = text(client.get("/care/new/"))
    assert 'name="record_id"' in page
    assert colleague.email in page  # a colleague may be given the case
    answer = client.post("/care/new/", form(victim.source_record_id, colleague, in_operation="on"))
    case = Case.objects.get(victim=victim)
    assert answer.status_code == 302
    assert answer["Location"] == f"/care/{case.pk}/"
    assert (case.agency.code, case.worker, case.risk, case.in_operation, case.stage) == (
        world.SHELTER_AGENCY,
        colleague,
        "high",
        True,
        "identified",
    )
    assert timezone.localtime(case.identified_at).isoformat().startswith("2026-03-07T22:30")
    event = Event.objects.get(action="care.case")
    assert (event.actor, event.reason) == (worker, "opened")
    assert f"care.case:{case.pk}" in event.records
    assert world.SURNAME not in text(client.get(answer["Location"]))


@pytest.mark.parametrize(
    ("record", "message"),
    [
        ("V-404", "MIMP-CAR no tiene el registro de persona V-404"),
        ("suspect", "no es de una víctima"),
        ("police", "MIMP-CAR no tiene el registro de persona"),
        ("has a case", "ya tiene un caso de atención"),
        ("", "indique el código de registro de la víctima en la entidad"),
    ],
)
def test_a_record_the_agency_cannot_open_a_case_on_is_refused_in_spanish(
    record: str, message: str
) -> None:
    worker = world.worker()
    if record == "suspect":
        record = world.victim(role="suspect").source_record_id
    elif record == "police":
        record = world.victim(world.POLICE).source_record_id  # another agency's record
    elif record == "has a case":
        record = world.case_of(world.victim(), worker).victim.source_record_id
    before = Case.objects.count()
    answer = client_of(worker).post("/care/new/", form(record, worker))
    assert answer.status_code == 400
    assert message in text(answer)
    assert Case.objects.count() == before


def test_a_case_worker_of_another_agency_or_a_worker_without_care_work_is_refused() -> None:
    worker = world.worker()
    victim = world.victim()
    police_worker = world.worker(world.POLICE, "gestora@pnp-lor.example")
    refused = client_of(police_worker).post(
        "/care/new/", form(victim.source_record_id, police_worker)
    )
    assert refused.status_code == 400  # MIMP-CAR is not an agency they may choose
    assert "elija la entidad a cargo del caso" in text(refused)
    outsider = member("analista@mininter.example", "MININTER", "analyst")
    wrong = client_of(worker).post("/care/new/", form(victim.source_record_id, outsider))
    assert wrong.status_code == 400
    assert "elija al gestor o la gestora del caso" in text(wrong)
    assert not Case.objects.exists()


@pytest.mark.parametrize(
    ("value", "message"), [("ayer", "no «ayer»"), ("2999-01-01T10:00", "en el futuro")]
)
def test_a_day_identified_that_is_not_a_moment_or_is_in_the_future_is_refused(
    value: str, message: str
) -> None:
    worker = world.worker()
    victim = world.victim()
    answer = client_of(worker).post(
        "/care/new/", form(victim.source_record_id, worker, identified_at=value)
    )
    assert answer.status_code == 400
    assert message in text(answer)
    assert not Case.objects.exists()


def test_the_facility_manager_and_the_analyst_may_not_open_a_case() -> None:
    for role, agency in (("facility_manager", world.SHELTER_AGENCY), ("analyst", "MININTER")):
        user = member(f"{role}@example.org", agency, role)
        assert client_of(user).get("/care/new/").status_code == 403
