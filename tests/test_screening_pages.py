"""The screening pages: a screener chooses a questionnaire and the language of its questions, switches the language
mid-interview without losing an answer, and gets the result with the indicators and dimensions that led to it; the
screenings they recorded; each language's completeness and review status."""

from __future__ import annotations

import html
from pathlib import Path

import pytest
from django.http.response import HttpResponseBase
from django.test import Client

from kuska.accounts.models import User
from kuska.audit.models import Event
from kuska.registry.choices import choices
from kuska.registry.models import Identification, Referral
from kuska.registry.records import RECORD_TYPES
from kuska.screening.models import Screening
from tests.personas import member
from tests.pseudo import PSEUDO, pseudo_language, unmarked, visible_text
from tests.screening_catalogues import AS15_QU, use_partial_catalogues
from tests.signin import sign_in

pytestmark = pytest.mark.usefixtures("peru")

AGENCY = "SUNAFIL"
# by hand (tests/test_screening_scoring.py): coercive recruitment, exploitation and coercion at destination
LIKELY_SEXUAL = ("as04", "as05", "as10", "as11", "as15", "as16")


def screener(email: str = "inspectora@sunafil.example") -> User:
    return member(email, AGENCY, "screener")


def client_of(user: User) -> Client:
    client = Client()
    sign_in(client, user)
    client.cookies["django_language"] = "es"
    return client


def text(answer: HttpResponseBase) -> str:
    return html.unescape(bytes(getattr(answer, "content", b"")).decode())


def form(
    questionnaire: str, language: str, yes: tuple[str, ...] = (), **more: str
) -> dict[str, str]:
    return {
        "questionnaire": questionnaire,
        "questions_in": language,
        **{f"answer-{qid}": "yes" for qid in yes},
        **more,
    }


def checked(page: str, question_id: str) -> str:
    """The answer the page shows as chosen for the question."""
    part = page.split(f'id="question-{question_id}"', 1)[1].split("</fieldset>", 1)[0]
    return part.split(" checked>", 1)[0].rsplit('value="', 1)[1].split('"', 1)[0]


def test_the_new_screening_page_offers_the_three_questionnaires_and_the_four_languages() -> None:
    page = text(client_of(screener()).get("/screenings/new/"))
    for code in ("adults_labour", "adults_sexual", "children"):
        assert f'value="{code}"' in page
    for code, endonym in (
        ("es", "Español"),
        ("en", "English"),
        ("qu", "Runasimi"),
        ("ay", "Aymar aru"),
    ):
        assert f'id="questions-in-{code}" value="{code}"' in page
        assert f'<span lang="{code}">{endonym}</span>' in page


def test_a_draft_translation_is_marked_under_review_and_a_missing_one_shown_in_spanish(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    use_partial_catalogues(tmp_path, monkeypatch)  # as15 drafted in Quechua, as04 not
    page = text(
        client_of(screener()).get("/screenings/new/?questionnaire=adults_sexual&questions_in=qu")
    )
    drafted = page.split('id="question-as15"', 1)[1].split("</legend>", 1)[0]
    assert f'<span lang="qu">{AS15_QU}</span>' in drafted
    assert "traducción en revisión" in drafted
    missing = page.split('id="question-as04"', 1)[1].split("</legend>", 1)[0]
    assert '<span lang="es">' in missing
    assert "sin traducción aún: se muestra en español" in missing
    spanish = text(
        client_of(screener()).get("/screenings/new/?questionnaire=adults_sexual&questions_in=es")
    )
    assert "traducción en revisión" not in spanish
    assert "sin traducción aún" not in spanish


def test_switching_the_language_keeps_every_answer_and_shows_the_questions_in_the_new_one(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    use_partial_catalogues(tmp_path, monkeypatch)
    client = client_of(screener())
    answers = form("adults_sexual", "qu", ("as04", "as15"), **{"answer-as05": "no"}, switch="es")
    page = text(client.post("/screenings/new/", answers))
    assert 'name="questions_in" value="es"' in page
    assert "¿Le golpean o le hacen daño?" in page
    assert AS15_QU not in page
    assert (checked(page, "as04"), checked(page, "as15"), checked(page, "as05")) == (
        "yes",
        "yes",
        "no",
    )
    assert checked(page, "as10") == "unknown"
    back = text(client.post("/screenings/new/", {**answers, "questions_in": "es", "switch": "qu"}))
    assert AS15_QU in back
    assert checked(back, "as15") == "yes"
    assert not Screening.objects.exists()  # switching stores nothing


def test_a_likely_victim_is_explained_by_its_indicators_and_dimensions_and_referred() -> None:
    user = screener()
    sent = form(
        "adults_sexual",
        "es",
        LIKELY_SEXUAL,
        record="yes",
        age="24",
        sex="female",
        consent="yes",
        referred_to="MIMP",
    )
    client = client_of(user)
    answer = client.post("/screenings/new/", sent)
    screening = Screening.objects.get()
    assert answer.status_code == 302
    assert answer["Location"] == f"/screenings/{screening.pk}/"  # a reload does not send it again
    page = text(client.get(answer["Location"]))
    assert f"La detección se registró como screening:{screening.pk}" in page
    result = page.split('id="result"', 1)[1].split("</p>", 1)[0]
    assert "víctima probable" in result
    indicators = page.split('id="indicators"', 1)[1].split('id="explanation"', 1)[0]
    assert "Captación mediante coacción</strong>: presente" in indicators
    assert "Condiciones de explotación</strong>: presente" in indicators
    assert "(indicador fuerte)" in indicators
    explanation = page.split('id="explanation"', 1)[1]
    assert "Elemento presente: condiciones de explotación." in explanation
    assert "La persona fue derivada a MIMP." in page
    assert (screening.screened_by, screening.agency.code, screening.result) == (
        user,
        AGENCY,
        "likely_victim",
    )
    assert screening.answers == dict.fromkeys(LIKELY_SEXUAL, "yes") | {
        qid: "unknown" for qid in screening.answers if qid not in LIKELY_SEXUAL
    }
    assert Identification.objects.get().method == "screening"
    assert Referral.objects.filter(to_agency__code="MIMP").count() == 1


def test_a_possible_victim_gets_no_identification_and_no_bare_number() -> None:
    answer = client_of(screener()).post(
        "/screenings/new/", form("adults_sexual", "en", ("as01",), record="yes"), follow=True
    )
    page = text(answer)
    assert "posible víctima" in page.split('id="result"', 1)[1].split("</p>", 1)[0]
    assert "Captación mediante engaño</strong>: no presente" in page
    assert not Identification.objects.exists()
    assert Screening.objects.get().result == "possible_victim"


def test_a_refused_screening_comes_back_with_its_answers_and_stores_nothing() -> None:
    answer = client_of(screener()).post(
        "/screenings/new/", form("children", "es", ("ch12",), record="yes", age="30")
    )
    assert answer.status_code == 400
    page = text(answer)
    assert "El cuestionario de niñas, niños y adolescentes" in page.split('id="problems"', 1)[1]
    assert checked(page, "ch12") == "yes"
    assert not Screening.objects.exists()


def test_the_screener_sees_their_own_screenings_only_and_the_list_is_audited() -> None:
    user = screener()
    colleague = screener("colega@sunafil.example")
    client_of(colleague).post(
        "/screenings/new/", form("adults_labour", "es", ("al01",), record="yes")
    )
    client = client_of(user)
    client.post("/screenings/new/", form("adults_sexual", "es", LIKELY_SEXUAL, record="yes"))
    mine = Screening.objects.get(screened_by=user)
    theirs = Screening.objects.get(screened_by=colleague)
    page = text(client.get("/screenings/"))
    assert f"screening:{mine.pk}" in page
    assert f"screening:{theirs.pk}" not in page
    assert "víctima probable" in page
    assert "Secuestro" in page or "coacción" in page.lower() or "violencia" in page.lower()
    event = Event.objects.filter(action="records.list", actor=user).latest("sequence")
    assert event.records == [f"screening.screening:{mine.pk}"]
    assert client.get(f"/screenings/{mine.pk}/").status_code == 200
    assert client.get(f"/screenings/{theirs.pk}/").status_code == 404
    refused = Event.objects.filter(action="records.view", actor=user).latest("sequence")
    assert (refused.outcome, refused.records) == ("denied", [f"screening.screening:{theirs.pk}"])


@pytest.mark.parametrize(
    ("role", "status"),
    [("screener", 200), ("case_worker", 403), ("data_officer", 403), ("analyst", 403)],
)
def test_only_a_screener_opens_the_screening_form_and_the_languages(role: str, status: int) -> None:
    client = client_of(member(f"{role}@sunafil.example", AGENCY, role))
    assert client.get("/screenings/new/").status_code == status
    assert client.get("/languages/").status_code == status


def test_a_visitor_is_sent_to_sign_in() -> None:
    for url in ("/screenings/", "/screenings/new/", "/languages/"):
        answer = Client().get(url)
        assert answer.status_code == 302
        assert "/sign-in/" in answer["Location"]


def test_the_languages_page_shows_spanish_and_english_reviewed_and_quechua_and_aymara_under_review() -> (
    None
):
    from kuska.screening.translations import language_status

    page = text(client_of(screener()).get("/languages/"))
    for code in ("es", "en"):
        row = page.split(f'id="languages-{code}"', 1)[1].split("</tr>", 1)[0]
        assert "100%" in row
        assert "completo y revisado" in row
    for code in ("qu", "ay"):
        status = language_status(code)
        row = page.split(f'id="languages-{code}"', 1)[1].split("</tr>", 1)[0]
        assert f"{status.percent_translated}% ({status.translated}/{status.total})" in row
        assert "en revisión" in row
        assert "completo y revisado" not in row


@pytest.mark.parametrize(
    "url",
    [
        "/screenings/",
        "/screenings/new/",
        "/screenings/new/?questionnaire=adults_sexual&questions_in=qu",
        "/languages/",
        "/screenings/{recorded}/",
    ],
)
def test_the_pseudo_language_marks_every_word_of_the_screening_pages(
    tmp_path: Path, url: str
) -> None:
    from django.conf import settings

    from kuska.screening.questionnaires import indicator_name, questionnaires
    from kuska.screening.translations import question_text, title_text

    user = screener()
    client = Client()
    sign_in(client, user)
    client.post(
        "/screenings/new/",
        form("adults_sexual", "es", LIKELY_SEXUAL, record="yes", consent="yes", referred_to="MIMP"),
    )
    url = url.format(recorded=Screening.objects.get().pk)
    with pseudo_language(tmp_path):
        client.cookies["django_language"] = PSEUDO
        page = client.get(url, HTTP_ACCEPT_LANGUAGE=PSEUDO).content.decode()
        endonyms = [name for _code, name in settings.LANGUAGES]
        # the person's and the referral's choices: the country profile's code lists, regions and agencies
        columns = [*RECORD_TYPES["persons"].columns, *RECORD_TYPES["referrals"].columns]
        labels = [label for column in columns for _code, label in choices(column, PSEUDO) or []]
    # the questionnaires' texts and the indicators' names are the country profile's data; the e-mail the
    # user's, the pseudonyms the records' names
    data = ["Kuska", "Español", "English", "Runasimi", "Aymar aru", *endonyms, *labels, user.email]
    data += [f"screening:{pk}" for pk in Screening.objects.values_list("pk", flat=True)]
    for asked in questionnaires().values():
        data += [title_text(asked.id, "es").text, title_text(asked.id, "qu").text]
        for question in asked.questions:
            data += [question_text(asked.id, question.id, "qu").text, question.texts["es"]]
            data += [indicator_name(question.indicator, "es")]
    assert unmarked(visible_text(page), data) == []
