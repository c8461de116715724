"""The linkage review queue in the browser's pages (/review/): the pairs the latest run was unsure about, by
pseudonym, agency and whole record id, with the fields that agree and those that differ and never an identity; a
decision with a note recorded as the reviewer's, with its ``linkage.review`` event; and "run linkage again", a
background job that makes a new linkage run as the user's (one real run: Splink takes seconds)."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.conf import LazySettings
from django.test import Client

from kuska.audit.models import Event
from kuska.jobs.models import Job
from kuska.jobs.work import run_queued
from kuska.linkage.models import LinkageRun, LinkedPair, ReviewDecision
from tests.access_world import OWN, identity_strings, pair_in_review, world
from tests.personas import member
from tests.pseudo import PSEUDO, pseudo_language, unmarked, visible_text
from tests.signin import sign_in

pytestmark = pytest.mark.usefixtures("peru")

LONG_ID = "PNP-LOR-2020-000123456789-VICTIMA-0001"


def analyst_client() -> tuple[Client, object]:
    analyst = member("analista@example.org", OWN, "analyst")
    client = Client()
    sign_in(client, analyst)
    return client, analyst


def queued_pair() -> LinkedPair:
    """A pair of the own and the other agency's victims in review, the own one with a long record id: the same
    document, surnames not recorded, given names alike, birth date the same, sex and nationality the same, events
    within 7 days, different agencies."""
    places = world()
    places["own"].victim.source_record_id = LONG_ID
    places["own"].victim.save(update_fields=["source_record_id"])
    pair = pair_in_review(places)
    pair.agreement = "0,-,2,0,0,0,1,1"
    pair.save(update_fields=["agreement"])
    return pair


@pytest.mark.django_db
def test_the_queue_shows_each_pair_by_pseudonym_and_whole_record_id_with_the_fields_that_agree_and_differ() -> (
    None
):
    pair = queued_pair()
    client, _analyst = analyst_client()
    client.cookies["django_language"] = "en"
    answer = client.get("/review/")
    page = answer.content.decode()
    assert answer.status_code == 200
    assert f"Pair {pair.pk} · match probability 0.800" in page
    assert LONG_ID in page
    assert "MP-FISCALIA-V1" in page
    assert f"personrecord:{pair.record_l_id}" in page
    assert f"personrecord:{pair.record_r_id}" in page
    assert (
        "<strong>Agree:</strong> document, given names, birth date, sex, nationality, date of the event."
        in page
    )
    assert "<strong>Differ:</strong> agency." in page
    assert "same document" in page
    assert "not recorded" in page
    assert [value for value in identity_strings() if value in page] == []
    listed = Event.objects.get(action="records.list")
    assert listed.records == [f"linkage.linkedpair:{pair.pk}"]


@pytest.mark.django_db
def test_the_queue_speaks_spanish_first() -> None:
    pair = queued_pair()
    client, _analyst = analyst_client()
    page = client.get("/review/").content.decode()
    assert "Revisión de vínculos" in page
    assert f"Par {pair.pk}" in page
    assert "mismo documento" in page
    assert "Aceptar: una persona" in page


@pytest.mark.django_db
def test_accepting_a_pair_with_a_note_records_the_reviewers_decision_and_its_event() -> None:
    pair = queued_pair()
    client, analyst = analyst_client()
    answer = client.post(
        "/review/", {"pair": pair.pk, "decision": "accept", "note": "mismo DNI en ambos"}
    )
    assert answer.status_code == 302
    decision = ReviewDecision.objects.get()
    assert (decision.decision, decision.decided_by, decision.note) == (
        "accept",
        "analista@example.org",
        "mismo DNI en ambos",
    )
    event = Event.objects.get(action="linkage.review")
    assert event.actor == analyst
    assert event.records == [f"linkage.reviewdecision:{decision.pk}"]
    assert "mismo DNI" not in event.reason
    after = client.get(answer["Location"]).content.decode()
    assert f"Par {pair.pk} aceptado" in after
    assert LONG_ID in after  # in the message, not in the queue
    assert 'id="empty"' in after


@pytest.mark.django_db
def test_a_decision_on_an_unknown_pair_or_without_a_decision_is_refused_and_records_nothing() -> (
    None
):
    queued_pair()
    client, _analyst = analyst_client()
    assert client.post("/review/", {"pair": 999_999, "decision": "accept"}).status_code == 400
    assert client.post("/review/", {"pair": "x", "decision": "accept"}).status_code == 400
    assert client.post("/review/", {"pair": 1, "decision": "maybe"}).status_code == 400
    assert not ReviewDecision.objects.exists()
    assert not Event.objects.filter(action="linkage.review").exists()


@pytest.mark.django_db
def test_the_queue_is_the_reviewers_only_and_its_run_button_needs_linkage_run() -> None:
    queued_pair()
    officer = Client()
    sign_in(officer, member("oficial@example.org", OWN, "data_officer"))
    assert officer.get("/review/").status_code == 403
    assert officer.post("/review/", {"run": "1"}).status_code == 403
    assert not Job.objects.filter(kind="linkage.run").exists()
    assert "/review/" not in officer.get("/persons/").content.decode()


def test_run_linkage_again_starts_a_job_that_makes_a_new_run_as_the_users(
    db: None, peru: None, settings: LazySettings, tmp_path: Path
) -> None:
    settings.VAR_DIR = tmp_path  # where the run saves its model
    old = queued_pair()
    client, analyst = analyst_client()
    client.post("/review/", {"pair": old.pk, "decision": "accept", "note": ""})
    answer = client.post("/review/", {"run": "1"})
    job = Job.objects.get(kind="linkage.run")
    assert answer["Location"] == f"/jobs/{job.pk}/"
    assert job.user == analyst
    assert run_queued() == 1
    job.refresh_from_db()
    assert job.state == Job.State.DONE, job.error
    latest = LinkageRun.latest()
    assert latest is not None
    assert latest.pk == job.result["run"] != old.run_id
    assert latest.decisions_applied == 1
    event = Event.objects.get(action="linkage.run")
    assert (event.actor, event.records) == (analyst, [f"linkage.linkagerun:{latest.pk}"])
    done = client.get(f"/jobs/{job.pk}/").content.decode()
    assert 'href="/review/"' in done
    assert "3 registros de personas" in done


@pytest.mark.django_db
def test_a_second_run_asked_for_while_one_is_under_way_joins_it_rather_than_starting_another() -> (
    None
):
    queued_pair()
    client, _analyst = analyst_client()
    first = client.post("/review/", {"run": "1"})
    again = client.post("/review/", {"run": "1"})
    job = Job.objects.get(kind="linkage.run")
    assert first["Location"] == again["Location"] == f"/jobs/{job.pk}/"
    colleague = Client()
    sign_in(colleague, member("analista2@example.org", OWN, "analyst"))
    answer = colleague.post("/review/", {"run": "1"}, follow=True)
    assert answer.redirect_chain == [("/review/", 302)]  # the job's page is its starter's
    assert "Hay una vinculación en curso iniciada por otro usuario" in answer.content.decode()
    assert Job.objects.filter(kind="linkage.run").count() == 1


@pytest.mark.django_db
def test_the_queue_speaks_the_pseudo_language(tmp_path: Path) -> None:
    """Everything the page says goes through the catalogues; what is left is agency codes, record ids, pseudonyms,
    numbers, the e-mail address and the product's name."""
    from django.conf import settings

    pair = queued_pair()
    client, analyst = analyst_client()
    client.post("/review/", {"pair": 999_999, "decision": "accept"})
    with pseudo_language(tmp_path / "locale"):
        client.cookies["django_language"] = PSEUDO
        page = client.get("/review/").content.decode()
        refused = client.post("/review/", {"pair": 999_999, "decision": "accept"}).content.decode()
        names = [name for _code, name in settings.LANGUAGES]
    assert "⟦same document⟧" in page
    data = [*names, LONG_ID, "MP-FISCALIA-V1", "Kuska", analyst.email]  # type: ignore[attr-defined]
    data += [f"personrecord:{pair.record_l_id}", f"personrecord:{pair.record_r_id}"]
    assert unmarked(visible_text(page), data) == []
    assert unmarked(visible_text(refused), data) == []


@pytest.mark.django_db
def test_the_queue_is_shown_a_page_at_a_time_the_most_likely_first(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from kuska.web import review

    monkeypatch.setattr(review, "PAGE_SIZE", 1)
    places = world()
    first = pair_in_review(places)
    second = LinkedPair.objects.create(
        run=first.run,
        record_l_id=min(places["own"].victim.pk, places["parent"].victim.pk),
        record_r_id=max(places["own"].victim.pk, places["parent"].victim.pk),
        match_weight=1.0,
        match_probability=0.6,
        outcome=LinkedPair.Outcome.REVIEW,
    )
    client, _analyst = analyst_client()
    one = client.get("/review/").content.decode()
    two = client.get("/review/?page=2").content.decode()
    assert f'id="pair-{first.pk}"' in one
    assert f'id="pair-{second.pk}"' not in one
    assert f'id="pair-{second.pk}"' in two
    assert f'id="pair-{first.pk}"' not in two
    assert "Página 1 de 2" in one
    assert 'href="?page=2"' in one
    assert client.get("/review/?page=99").content.decode().count('class="pair"') == 1

    client.post("/review/?page=2", {"pair": second.pk, "decision": "reject", "note": ""})
    again = client.post(
        "/review/", {"pair": second.pk, "decision": "reject", "note": ""}, follow=True
    )
    assert "ya tenía esta decisión" in again.content.decode()
    assert ReviewDecision.objects.get().decision == "reject"
