"""The forms without a connection, on the server's side: answers a device kept offline arrive with the device's id
(a UUID) at the same address as the form, go through the same path as a form sent online (intake, provenance,
validation, audit), are recorded once however often they arrive, and are answered in JSON; the service worker is
served from the root; the form pages name the pages a device keeps; signing out empties what the browser kept."""

from __future__ import annotations

import datetime
import json
import uuid

import pytest
from django.db import IntegrityError
from django.http.response import HttpResponseBase
from django.test import Client
from django.utils import timezone

from kuska.accounts.models import User
from kuska.audit.models import Event
from kuska.registry.models import HotlineCall, Identification, SubmissionBatch
from kuska.screening.models import Screening
from kuska.screening.outcome import ScreeningError, record_screening
from kuska.web.offline import offline_pages
from tests.personas import member
from tests.signin import sign_in

pytestmark = pytest.mark.usefixtures("peru")

# by hand (tests/test_screening_scoring.py): coercive recruitment, exploitation and coercion at destination
LIKELY_SEXUAL = ("as04", "as05", "as10", "as11", "as15", "as16")


def screener(email: str = "operadora@mininter.example") -> User:
    return member(email, "MININTER", "screener")


def client_of(user: User) -> Client:
    client = Client()
    sign_in(client, user)
    client.cookies["django_language"] = "es"
    return client


def kept_screening(device_id: uuid.UUID | str, **more: str) -> dict[str, str]:
    """A likely victim's screening as the offline script sends it: the form's fields, ``record``, the id."""
    return {
        "questionnaire": "adults_sexual",
        "questions_in": "qu",
        **{f"answer-{qid}": "yes" for qid in LIKELY_SEXUAL},
        "age": "24",
        "record": "yes",
        "client_id": str(device_id),
        **more,
    }


def kept_call(device_id: uuid.UUID | str, **changes: str) -> dict[str, str]:
    yesterday = timezone.localdate() - datetime.timedelta(days=1)
    return {
        "called_at": f"{yesterday.isoformat()}T15:40",
        "line": "line_1818",
        "language": "que",
        "region": "PE-CUS",
        "suspected_trafficking": "yes",
        "referred_to": "MP-FISCALIA",
        "client_id": str(device_id),
        **changes,
    }


def answer_of(response: HttpResponseBase) -> dict[str, object]:
    assert response["Content-Type"] == "application/json"
    found: dict[str, object] = json.loads(bytes(getattr(response, "content", b"")))
    return found


def test_a_screening_sent_again_under_its_id_is_answered_with_the_first_and_recorded_once() -> None:
    client = client_of(screener())
    device_id = uuid.uuid4()
    first = client.post("/screenings/new/", kept_screening(device_id))
    again = client.post("/screenings/new/", kept_screening(device_id))
    screening = Screening.objects.get()
    assert first.status_code == 201
    assert answer_of(first) == {
        "recorded": True,
        "repeat": False,
        "url": f"/screenings/{screening.pk}/",
    }
    assert again.status_code == 200
    assert answer_of(again) == {
        "recorded": True,
        "repeat": True,
        "url": f"/screenings/{screening.pk}/",
    }
    assert screening.client_id == device_id
    assert Identification.objects.count() == 1
    # the same path as online: the submission through intake and the screening's event, once each
    assert Event.objects.filter(action="intake.import").count() == 1
    assert Event.objects.filter(action="screening.record").count() == 1


def test_two_screenings_from_a_device_are_two_identifications() -> None:
    client = client_of(screener())
    for _ in range(2):
        assert client.post("/screenings/new/", kept_screening(uuid.uuid4())).status_code == 201
    assert Screening.objects.count() == 2
    assert Identification.objects.count() == 2


def test_a_kept_screening_the_rules_refuse_is_answered_with_the_reason_and_nothing_is_stored() -> (
    None
):
    client = client_of(screener())
    refused = client.post("/screenings/new/", kept_screening(uuid.uuid4(), age="12"))
    assert refused.status_code == 400
    assert answer_of(refused) == {
        "recorded": False,
        "problems": [
            "Una persona menor de 18 años se evalúa con el cuestionario de niñas, niños y adolescentes."
        ],
    }
    assert not Screening.objects.exists()
    assert not SubmissionBatch.objects.exists()


def test_an_id_that_is_not_a_uuid_is_refused() -> None:
    client = client_of(screener())
    refused = client.post("/screenings/new/", kept_screening("12345"))
    assert refused.status_code == 400
    assert answer_of(refused)["recorded"] is False
    assert not Screening.objects.exists()


def test_another_screeners_id_is_refused_not_answered_with_their_screening() -> None:
    device_id = uuid.uuid4()
    assert (
        client_of(screener()).post("/screenings/new/", kept_screening(device_id)).status_code == 201
    )
    other = client_of(screener("otro@mininter.example"))
    refused = other.post("/screenings/new/", kept_screening(device_id))
    assert refused.status_code == 400
    assert str(Screening.objects.get().pk) not in json.dumps(answer_of(refused))
    assert Screening.objects.count() == 1


def test_the_database_refuses_a_second_screening_under_one_id() -> None:
    user = screener()
    device_id = uuid.uuid4()
    record_screening(
        user,
        "adults_labour",
        {},
        screened_on=timezone.localdate(),
        client_id=device_id,
        source="test",
    )
    first = Screening.objects.get()
    with pytest.raises(IntegrityError):
        Screening.objects.create(
            agency=first.agency,
            screened_by=user,
            screened_on=first.screened_on,
            questionnaire=first.questionnaire,
            version=first.version,
            result=first.result,
            client_id=device_id,
        )


def test_record_screening_answers_a_repeat_without_checking_the_answers_again() -> None:
    user = screener()
    device_id = uuid.uuid4()
    day = timezone.localdate()
    kept = record_screening(
        user, "adults_labour", {}, screened_on=day, client_id=device_id, source="t"
    )
    again = record_screening(
        user, "adults_labour", {}, screened_on=day, client_id=device_id, source="t"
    )
    assert again.repeat
    assert not kept.repeat
    assert again.screening.pk == kept.screening.pk
    with pytest.raises(ScreeningError):
        record_screening(
            screener("otro@mininter.example"),
            "adults_labour",
            {},
            screened_on=day,
            client_id=device_id,
            source="t",
        )


def test_a_call_sent_again_under_its_id_is_recorded_once_with_the_id_as_its_record_id() -> None:
    client = client_of(screener())
    device_id = uuid.uuid4()
    first = client.post("/calls/new/", kept_call(device_id))
    again = client.post("/calls/new/", kept_call(device_id))
    assert first.status_code == 201
    assert answer_of(first) == {"recorded": True, "repeat": False, "url": "/calls/"}
    assert again.status_code == 200
    assert answer_of(again)["repeat"] is True
    call = HotlineCall.objects.get()
    assert call.source_record_id == f"web-{device_id.hex}"
    assert SubmissionBatch.objects.count() == 1
    assert Event.objects.filter(action="intake.import").count() == 1


def test_a_kept_call_intake_refuses_is_answered_with_the_field_and_nothing_is_stored() -> None:
    client = client_of(screener())
    refused = client.post("/calls/new/", kept_call(uuid.uuid4(), region="PE-XXX"))
    assert refused.status_code == 400
    problems = answer_of(refused)["problems"]
    assert isinstance(problems, list)
    assert len(problems) == 1
    assert problems[0].startswith(
        "Región (código ISO 3166-2, código de departamento o nombre) (PE-XXX): "
    )
    assert not HotlineCall.objects.exists()
    assert not SubmissionBatch.objects.exists()


def test_another_users_call_id_is_refused() -> None:
    device_id = uuid.uuid4()
    assert client_of(screener()).post("/calls/new/", kept_call(device_id)).status_code == 201
    refused = client_of(screener("otro@mininter.example")).post("/calls/new/", kept_call(device_id))
    assert refused.status_code == 400
    assert HotlineCall.objects.count() == 1


def test_a_form_sent_online_still_goes_to_its_page() -> None:
    client = client_of(screener())
    sent = dict(kept_screening(uuid.uuid4()))
    del sent["client_id"]
    online = client.post("/screenings/new/", sent)
    assert online.status_code == 302
    assert online["Location"] == f"/screenings/{Screening.objects.get().pk}/"
    assert Screening.objects.get().client_id is None


def test_the_service_worker_is_served_from_the_root_to_anyone_and_never_cached() -> None:
    answer = Client().get("/offline-worker.js?path=/screenings/new/")
    assert answer.status_code == 200
    assert answer["Content-Type"].startswith("text/javascript")
    assert answer["Cache-Control"] == "no-cache"
    assert b'addEventListener("fetch"' in bytes(answer.content)


def test_the_form_pages_name_every_questionnaire_in_every_language_to_keep() -> None:
    pages = offline_pages()
    assert "/screenings/new/" in pages
    assert "/calls/new/" in pages
    for questionnaire in ("adults_labour", "adults_sexual", "children"):
        for language in ("es", "en", "qu", "ay"):
            assert (
                f"/screenings/new/?questionnaire={questionnaire}&questions_in={language}" in pages
            )
    client = client_of(screener())
    for url in (
        "/screenings/new/",
        "/screenings/new/?questionnaire=children&questions_in=ay",
        "/calls/new/",
    ):
        page = bytes(client.get(url).content).decode()
        assert 'id="offline"' in page, url
        assert "questionnaire=children&amp;questions_in=ay" in page, url
        assert 'src="/static/web/offline.js"' in page, url
        # the script's texts come from the page, in its language
        assert "Respuestas en espera en este dispositivo" in page, url


def test_signing_out_empties_what_the_browser_kept() -> None:
    client = client_of(screener())
    answer = client.post("/sign-out/")
    assert answer["Clear-Site-Data"] == '"cache", "storage"'


def test_a_sending_that_raced_another_under_one_id_stores_nothing_and_answers_the_first(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from kuska.screening import outcome

    user = screener()
    device_id = uuid.uuid4()
    day = timezone.localdate()
    answers = dict.fromkeys(LIKELY_SEXUAL, "yes")
    first = record_screening(
        user, "adults_sexual", answers, screened_on=day, client_id=device_id, source="t"
    )
    real = outcome._sent_before
    looks: list[uuid.UUID | None] = []

    def not_yet_committed(who: User, client_id: uuid.UUID | None) -> outcome.Recorded | None:
        # the other sending had not committed when this one looked first
        looks.append(client_id)
        return None if len(looks) == 1 else real(who, client_id)

    monkeypatch.setattr(outcome, "_sent_before", not_yet_committed)
    again = record_screening(
        user, "adults_sexual", answers, screened_on=day, client_id=device_id, source="t"
    )
    assert again.repeat
    assert again.screening.pk == first.screening.pk
    assert len(looks) == 2
    assert Screening.objects.count() == 1
    assert Identification.objects.count() == 1
    assert (
        SubmissionBatch.objects.count() == 2
    )  # the first sending's person and identification only
