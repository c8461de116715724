"""The pages of the people who sign in: a data officer's batches and rejected rows, person records by pseudonym
with a reveal form, and the auditor's audit trail. Spanish first; every page reads through the access module."""

from __future__ import annotations

import pytest
from django.http.response import HttpResponseBase
from django.test import Client

from kuska.audit.models import Event
from tests.access_world import NAMES, OTHER, OWN, Holdings, identity_strings, world
from tests.personas import member
from tests.signin import sign_in

pytestmark = pytest.mark.usefixtures("peru")


@pytest.fixture
def places() -> dict[str, Holdings]:
    return world()


def signed_in(role: str, agency: str = OWN) -> Client:
    client = Client()
    sign_in(client, member(f"{role}@example.org", agency, role))
    return client


def text(answer: HttpResponseBase) -> str:
    return bytes(getattr(answer, "content", b"")).decode()


@pytest.mark.parametrize("url", ["/batches/", "/batches/1/", "/persons/", "/persons/1/", "/audit/"])
def test_every_page_sends_a_visitor_who_has_not_signed_in_to_sign_in(url: str) -> None:
    answer = Client().get(url)
    assert answer.status_code == 302
    assert answer["Location"] == f"/sign-in/?next={url}"
    assert f"next={url}" in answer["Location"].replace("%2F", "/")


def test_a_data_officer_sees_the_batches_of_its_agency_in_spanish(
    places: dict[str, Holdings],
) -> None:
    page = text(signed_in("data_officer").get("/batches/"))
    assert "<h1>Envíos</h1>" in page
    assert "<td>recibido</td>" in page  # its state, in the reader's language
    assert f'href="/batches/{places["own"].batch.pk}/"' in page
    assert f'href="/batches/{places["other"].batch.pk}/"' not in page
    assert f'href="/batches/{places["parent"].batch.pk}/"' not in page


def test_a_batch_page_lists_each_rejected_row_by_row_column_and_reason(
    places: dict[str, Holdings],
) -> None:
    client = signed_in("data_officer")
    answer = client.get(f"/batches/{places['own'].batch.pk}/")
    page = text(answer)
    assert answer.status_code == 200
    assert "Filas rechazadas" in page
    assert '<td>personas.csv</td><td class="n">3</td><td>sex</td>' in page
    assert "El valor no está en la lista «sex»." in page
    assert "X-3" not in page  # the row as submitted is not shown
    english = client.get(f"/batches/{places['own'].batch.pk}/", HTTP_ACCEPT_LANGUAGE="en")
    assert "The value is not in the code list &#x27;sex&#x27;." in text(english)


def test_another_agencys_batch_is_not_found_by_url(places: dict[str, Holdings]) -> None:
    client = signed_in("data_officer")
    assert client.get(f"/batches/{places['other'].batch.pk}/").status_code == 404
    assert client.get(f"/batches/{places['parent'].batch.pk}/").status_code == 404
    assert client.get("/batches/999999/").status_code == 404


def test_a_role_without_batches_is_refused_the_batch_pages(places: dict[str, Holdings]) -> None:
    client = signed_in("analyst")
    assert client.get("/batches/").status_code == 403
    assert client.get(f"/batches/{places['own'].batch.pk}/").status_code == 403


def test_person_records_are_listed_by_pseudonym_without_identities(
    places: dict[str, Holdings],
) -> None:
    page = text(signed_in("analyst").get("/persons/"))
    for holding in places.values():
        assert f"personrecord:{holding.victim.pk}" in page
    assert not [value for value in identity_strings() if value in page]
    event = Event.objects.get(action="records.list")
    assert len(event.records) == 3


def test_a_person_page_names_coded_values_by_the_country_profiles_labels_in_its_language(
    places: dict[str, Holdings],
) -> None:
    client = signed_in("analyst")
    url = f"/persons/{places['own'].victim.pk}/"
    spanish = text(client.get(url))
    for label in ("Víctima", "Femenino", "Perú"):
        assert f"<dd>{label}</dd>" in spanish
    assert "<dd>Female</dd>" not in spanish
    english = text(client.get(url, HTTP_ACCEPT_LANGUAGE="en"))
    for label in ("Victim", "Female", "Peru"):
        assert f"<dd>{label}</dd>" in english


def test_an_analyst_reveals_a_name_with_a_reason_and_the_trail_keeps_the_reason(
    places: dict[str, Holdings],
) -> None:
    client = signed_in("analyst")
    url = f"/persons/{places['other'].victim.pk}/"
    before = text(client.get(url))
    assert 'id="reveal"' in before
    assert NAMES[OTHER][0] not in before

    answer = client.post(url, {"reason": "Revisión de vinculación 412"})

    assert answer.status_code == 200
    assert NAMES[OTHER][0] in text(answer)
    event = Event.objects.get(action="identity.reveal")
    assert (event.reason, event.outcome, event.actor_email) == (
        "Revisión de vinculación 412",
        "success",
        "analyst@example.org",
    )
    assert event.records == [f"registry.personrecord:{places['other'].victim.pk}"]


def test_a_reveal_without_a_reason_shows_nothing_and_is_recorded_as_denied(
    places: dict[str, Holdings],
) -> None:
    answer = signed_in("analyst").post(f"/persons/{places['own'].victim.pk}/", {"reason": "  "})
    assert answer.status_code == 400
    assert "Indique por qué" in text(answer)
    assert not [value for value in identity_strings() if value in text(answer)]
    assert Event.objects.get(action="identity.reveal").outcome == "denied"


def test_a_person_out_of_scope_is_not_found_and_a_role_without_records_is_refused(
    places: dict[str, Holdings],
) -> None:
    assert (
        signed_in("data_officer").get(f"/persons/{places['other'].victim.pk}/").status_code == 404
    )
    assert signed_in("auditor").get(f"/persons/{places['own'].victim.pk}/").status_code == 403
    assert signed_in("administrator").get("/persons/").status_code == 403


def test_the_auditor_reads_the_trail_filtered_and_reading_it_is_an_event(
    places: dict[str, Holdings],
) -> None:
    signed_in("analyst").post(
        f"/persons/{places['own'].victim.pk}/", {"reason": "control de calidad"}
    )
    client = signed_in("auditor")
    answer = client.get("/audit/", {"action": "identity", "user": "analyst@example.org"})
    page = text(answer)
    assert answer.status_code == 200
    assert "<h1>Registro de auditoría</h1>" in page
    assert "control de calidad" in page
    assert "<td>records.view</td>" not in page
    assert "<td>identity.reveal</td>" in page
    assert not [value for value in identity_strings() if value in page]
    listed = Event.objects.filter(action="audit.list").get()
    assert listed.reason == "--user analyst@example.org --action identity"
    assert client.get("/audit/", {"since": "ayer"}).status_code == 200
    assert "no es una fecha" in text(client.get("/audit/", {"since": "ayer"}))


def test_only_the_auditor_reads_the_trail() -> None:
    for role in ("administrator", "data_officer", "case_worker", "screener", "analyst"):
        assert signed_in(role).get("/audit/").status_code == 403, role
