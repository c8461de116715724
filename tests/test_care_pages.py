"""The care pages (docs/care.md, docs/access.md): a case worker's cases and a case's timeline and forms, the
referrals waiting for their agency's answer, the facilities with their places tonight, and the alerts. Each page
needs its permission; another agency's case, referral, facility or alert is not found; a refused form says why in
Spanish and changes nothing; every word goes through the catalogues; no identity is shown."""

from __future__ import annotations

import datetime
from pathlib import Path

import pytest
from django.conf import settings
from django.test import Client
from django.utils import timezone

from kuska.accounts.models import User
from kuska.audit.models import Event
from kuska.care import alerts, referrals
from kuska.care.cases import record_consent
from kuska.care.models import Alert, Case, CaseReferral, Purpose, Stay
from kuska.registry.models import Agency, CodeItem
from tests import care_world as world
from tests.pseudo import PSEUDO, pseudo_language, unmarked, visible_text
from tests.signin import sign_in

pytestmark = pytest.mark.usefixtures("peru")


def client_of(user: User, language: str = "es") -> Client:
    client = Client()
    sign_in(client, user)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    return client


def worker_of(case: Case) -> User:
    assert case.worker is not None
    return case.worker


def text(answer: object) -> str:
    return bytes(getattr(answer, "content", b"")).decode()


def no_identity(page: str) -> bool:
    return world.GIVEN_NAMES not in page and world.SURNAME not in page and "Ccori" not in page


def referral_to_shelter(case: Case, **options: object) -> CaseReferral:
    return referrals.refer(
        worker_of(case),
        case,
        service_type="shelter",
        to_agency=Agency.objects.get(code=world.SHELTER_AGENCY),
        source=world.SOURCE,
        **options,  # type: ignore[arg-type]
    )


def test_a_case_worker_sees_their_cases_and_a_cases_page_with_its_timeline_by_pseudonym() -> None:
    case = world.case_of()
    referrals.accept(worker_of(case), referral_to_shelter(case), source=world.SOURCE)
    client = client_of(worker_of(case))
    listed = text(client.get("/care/"))
    assert f'href="/care/{case.pk}/"' in listed
    assert f"personrecord:{case.victim_id}" in listed
    answer = client.get(f"/care/{case.pk}/")
    page = text(answer)
    assert answer.status_code == 200
    assert 'id="timeline"' in page
    assert "Albergue o acogida" in page  # the referral's service, by the profile's label
    assert no_identity(listed)
    assert no_identity(page)
    assert Event.objects.filter(action="records.list", actor=case.worker).exists()


@pytest.mark.parametrize(
    "path",
    ["/care/", "/care/tasks/", "/facilities/"],
)
def test_an_analyst_without_care_work_may_not_open_a_case_workers_pages(path: str) -> None:
    assert client_of(world.analyst()).get(path).status_code == 403


def test_a_case_worker_without_care_alerts_may_not_open_the_alerts_page() -> None:
    assert client_of(world.worker()).get("/alerts/").status_code == 403


def test_another_agencys_case_referral_facility_and_alert_are_not_found() -> None:
    case = world.case_of()
    made = referral_to_shelter(case)
    place = world.facility()
    alert = Alert.objects.create(
        rule="referral_unanswered",
        subject=f"care.casereferral:{made.pk}",
        case=case,
        agency=case.agency,
        severity="warning",
    )
    stranger = client_of(world.worker(world.POLICE, "gestor@pnp.example"))
    for path in (
        f"/care/{case.pk}/",
        f"/care/{case.pk}/referral/",
        f"/care/{case.pk}/placement/",
        f"/care/referrals/{made.pk}/",
        f"/facilities/{place.pk}/",
        f"/facilities/{place.pk}/admissions/",
        f"/alerts/{alert.pk}/",
    ):
        assert stranger.get(path).status_code == 404, path


def test_a_stage_the_workflow_does_not_allow_is_refused_in_spanish_and_nothing_changes() -> None:
    case = world.case_of()
    answer = client_of(worker_of(case)).post(
        f"/care/{case.pk}/", {"action": "stage", "stage": "reintegration"}
    )
    assert answer.status_code == 400
    assert "No se cambió nada:" in text(answer)
    case.refresh_from_db()
    assert case.stage == "identified"


def test_the_stage_moves_and_a_consent_is_recorded_from_the_cases_page() -> None:
    case = world.case_of()
    client = client_of(worker_of(case))
    moved = client.post(f"/care/{case.pk}/", {"action": "stage", "stage": "assessed"})
    assert moved.status_code == 302
    page = text(client.get(moved["Location"]))
    assert "El caso pasó a «evaluada»." in page
    case.refresh_from_db()
    assert case.stage == "assessed"
    unanswered = client.post(f"/care/{case.pk}/", {"action": "consent", "purpose": "sharing"})
    assert unanswered.status_code == 400
    assert "indique si la víctima dio su consentimiento" in text(unanswered)
    given = client.post(
        f"/care/{case.pk}/", {"action": "consent", "purpose": "sharing", "given": "yes"}
    )
    assert given.status_code == 302
    assert case.consents.get().given is True


def test_the_referral_form_refuses_a_missing_service_in_spanish() -> None:
    case = world.case_of()
    answer = client_of(worker_of(case)).post(
        f"/care/{case.pk}/referral/", {"to_agency": world.SHELTER_AGENCY}
    )
    assert answer.status_code == 400
    assert "elija el servicio al que se deriva a la víctima" in text(answer)
    assert not CaseReferral.objects.exists()


def test_a_referral_sharing_the_identity_without_consent_is_refused_unless_overridden() -> None:
    case = world.case_of()
    client = client_of(worker_of(case))
    form = {"service_type": "shelter", "to_agency": world.SHELTER_AGENCY, "shares_identity": "on"}
    refused = client.post(f"/care/{case.pk}/referral/", form)
    assert refused.status_code == 400
    assert "la víctima no ha consentido que su identidad se comparta con otra entidad" in text(
        refused
    )
    assert not CaseReferral.objects.exists()
    overridden = client.post(
        f"/care/{case.pk}/referral/", {**form, "override_reason": "interés superior de la niña"}
    )
    assert overridden.status_code == 302
    made = CaseReferral.objects.get()
    assert made.override_reason == "interés superior de la niña"
    event = Event.objects.get(action="care.override")
    assert event.actor == case.worker
    assert event.reason == "interés superior de la niña"


def test_with_consent_to_sharing_the_referral_is_made_without_an_override() -> None:
    case = world.case_of()
    record_consent(worker_of(case), case, Purpose.SHARING, True, source=world.SOURCE)
    answer = client_of(worker_of(case)).post(
        f"/care/{case.pk}/referral/",
        {"service_type": "legal", "to_agency": "MIMP-UPE", "shares_identity": "on"},
    )
    assert answer.status_code == 302
    assert CaseReferral.objects.get().override_reason == ""
    assert not Event.objects.filter(action="care.override").exists()


def test_the_receiving_agency_sees_the_referral_in_its_tasks_and_accepts_it() -> None:
    police_case = world.case_of(world.victim(world.POLICE))
    made = referral_to_shelter(police_case)
    receiver = client_of(world.worker())
    tasks = text(receiver.get("/care/tasks/"))
    assert f'href="/care/referrals/{made.pk}/"' in tasks
    accepted = receiver.post(f"/care/referrals/{made.pk}/", {"status": "accepted"})
    assert accepted.status_code == 302
    made.refresh_from_db()
    assert made.status == "accepted"
    assert f"/care/referrals/{made.pk}/" not in text(receiver.get("/care/tasks/"))
    # the referring agency's case is not the receiving agency's: no link to it
    assert f'href="/care/{police_case.pk}/"' not in text(
        receiver.get(f"/care/referrals/{made.pk}/")
    )


def test_the_referring_agency_is_offered_no_answer_to_its_own_referral_and_cannot_give_one() -> (
    None
):
    police_case = world.case_of(world.victim(world.POLICE))
    made = referral_to_shelter(police_case)
    assert police_case.worker is not None
    referrer = client_of(police_case.worker)
    page = text(referrer.get(f"/care/referrals/{made.pk}/"))
    assert 'value="accepted"' not in page
    assert 'value="refused"' not in page
    answer = referrer.post(f"/care/referrals/{made.pk}/", {"status": "accepted"})
    assert answer.status_code == 403
    made.refresh_from_db()
    assert made.status == "requested"


def test_a_referral_past_its_deadline_is_marked_in_the_tasks() -> None:
    case = world.case_of(world.victim(world.POLICE))
    made = referral_to_shelter(case, requested_at=timezone.now() - datetime.timedelta(days=3))
    page = text(client_of(world.worker()).get("/care/tasks/"))
    assert 'class="overdue"' in page
    assert f"/care/referrals/{made.pk}/" in page


def test_a_refusal_needs_a_reason_of_the_code_list_said_in_spanish() -> None:
    case = world.case_of(world.victim(world.POLICE))
    made = referral_to_shelter(case)
    receiver = client_of(world.worker())
    missing = receiver.post(f"/care/referrals/{made.pk}/", {"status": "refused"})
    assert missing.status_code == 400
    assert "no es un motivo para denegar una derivación" in text(missing)
    made.refresh_from_db()
    assert made.status == "requested"
    refused = receiver.post(
        f"/care/referrals/{made.pk}/", {"status": "refused", "reason": "does_not_admit_sex"}
    )
    assert refused.status_code == 302
    made.refresh_from_db()
    assert (made.status, made.refusal_reason) == ("refused", "does_not_admit_sex")


def test_a_placement_and_a_service_are_recorded_from_the_cases_forms() -> None:
    case = world.case_of()
    place = world.facility()
    made = referral_to_shelter(case)
    referrals.accept(worker_of(case), made, source=world.SOURCE)
    client = client_of(worker_of(case))
    before = text(client.get("/facilities/"))
    assert f'<tr id="region-{world.LORETO}">' in before
    admitted = client.post(f"/care/{case.pk}/placement/", {"facility": str(place.pk)})
    assert admitted.status_code == 302
    stay = Stay.objects.get(case=case)
    assert stay.placement.facility == place
    started = client.post(
        f"/care/{case.pk}/", {"action": "service", "referral": str(made.pk), "status": "started"}
    )
    assert started.status_code == 302
    made.refresh_from_db()
    assert made.status == "started"
    assert made.service is not None
    row = text(client.get("/facilities/")).split(f'<tr id="region-{world.LORETO}">', 1)[1]
    assert '<td class="free">9</td>' in row  # 10 places, one taken tonight
    facility_page = text(client.get(f"/facilities/{place.pk}/"))
    assert f"placement:{stay.placement_id}" in facility_page
    assert no_identity(facility_page)


def test_a_facility_that_does_not_admit_the_victim_is_refused_in_spanish() -> None:
    case = world.case_of(world.victim(sex="male", age_at_event=30))
    place = world.facility()
    answer = client_of(worker_of(case)).post(
        f"/care/{case.pk}/placement/", {"facility": str(place.pk)}
    )
    assert answer.status_code == 400
    assert "el establecimiento no admite a esta persona" in text(answer)
    assert not Stay.objects.exists()


def test_the_alerts_page_counts_every_rule_and_an_alert_is_acknowledged_and_resolved_with_a_note() -> (
    None
):
    case = world.case_of(world.victim(world.POLICE))
    made = referral_to_shelter(case)
    referrals.refuse(world.worker(), made, "does_not_admit_sex", source=world.SOURCE)
    raised = alerts.evaluate(source=world.SOURCE)
    alert = next(a for a in raised if a.rule == "referral_refused_for_who_they_are")
    analyst = client_of(world.analyst())
    page = text(analyst.get("/alerts/"))
    assert 'id="count-referral_refused_for_who_they_are"' in page
    assert f'href="/alerts/{alert.pk}/"' in page
    assert no_identity(page)
    empty = analyst.post(f"/alerts/{alert.pk}/", {"action": "acknowledge", "note": " "})
    assert empty.status_code == 400
    assert "No se cambió nada:" in text(empty)
    assert (
        analyst.post(
            f"/alerts/{alert.pk}/", {"action": "acknowledge", "note": "llamé a la entidad"}
        ).status_code
        == 302
    )
    assert (
        analyst.post(
            f"/alerts/{alert.pk}/", {"action": "resolve", "note": "se derivó a otro albergue"}
        ).status_code
        == 302
    )
    alert.refresh_from_db()
    assert alert.state == "resolved"
    assert alert.resolved_note == "se derivó a otro albergue"


def test_a_case_worker_sees_the_alerts_of_their_agencys_cases() -> None:
    case = world.case_of()
    made = referral_to_shelter(case, conditioned_on_statement=True)
    alerts.evaluate(source=world.SOURCE)
    alert = Alert.objects.get(rule="conditioned_on_statement", case=case)
    assert made.conditioned_on_statement
    client = client_of(worker_of(case))
    assert f'href="/alerts/{alert.pk}/"' in text(client.get("/care/"))
    assert f'href="/alerts/{alert.pk}/"' in text(client.get(f"/care/{case.pk}/"))
    assert client.get(f"/alerts/{alert.pk}/").status_code == 200


def test_the_pseudo_language_marks_every_word_of_the_care_pages(tmp_path: Path) -> None:
    case = world.case_of()
    place = world.facility()
    made = referral_to_shelter(case, conditioned_on_statement=True)
    referrals.accept(worker_of(case), made, source=world.SOURCE)
    alerts.evaluate(source=world.SOURCE)
    alert = Alert.objects.filter(case=case).first()
    assert alert is not None
    paths = [
        "/care/",
        "/care/new/",
        f"/care/{case.pk}/",
        f"/care/{case.pk}/referral/",
        f"/care/{case.pk}/placement/",
        "/care/tasks/",
        f"/care/referrals/{made.pk}/",
        "/facilities/",
        f"/facilities/{place.pk}/",
        f"/facilities/{place.pk}/admissions/",
        f"/alerts/{alert.pk}/",
    ]
    names = [n for a in Agency.objects.all() for n in (a.name_es, a.name_en)]
    names += [n for item in CodeItem.objects.all() for n in (item.label_es, item.label_en)]
    names += [name for _code, name in settings.LANGUAGES] + ["Pseudo"]
    names += ["Kuska", place.name, worker_of(case).email, world.analyst().email]
    names += [f"{alert.rule}", alert.subject]
    names += [entry.titles.get("es", "") for entry in alerts.catalogue()]
    with pseudo_language(tmp_path):
        for client in (client_of(worker_of(case), PSEUDO), client_of(world.analyst(), PSEUDO)):
            for path in paths:
                answer = client.get(path)
                if answer.status_code == 403:
                    continue
                page = visible_text(text(answer))
                assert answer.status_code == 200, path
                assert page.count("⟦") > 5, path
                left = [
                    word
                    for word in unmarked(page, names)
                    if ":" not in word  # a pseudonym or a reference: personrecord:12
                ]
                assert left == [], f"{path}: {' '.join(left)}"
        alerts_page = text(client_of(world.analyst(), PSEUDO).get("/alerts/"))
        assert unmarked(visible_text(alerts_page), names) == []
