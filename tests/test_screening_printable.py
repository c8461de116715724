"""The printable screening forms: each questionnaire as an A4 PDF in Spanish, English, Quechua and Aymara, with its
id and version, the language of its questions (a draft marked "translation under review", a question without a
translation shown in Spanish and marked so), a form id box, the screener's and the person's fields, every question
with the answer codes the transcription takes, and the consent to a referral. Served to a screener from the
screening pages and written by ``kuska screening-form``."""

from __future__ import annotations

import io
import re
import shutil
import subprocess
from pathlib import Path

import openpyxl
import pytest
from django.test import Client
from pypdf import PdfReader

from kuska.cli import main
from kuska.pdf import PdfUnavailableError
from kuska.screening.printable import render_form
from kuska.screening.questionnaires import questionnaire
from kuska.screening.translations import question_text
from tests.personas import member
from tests.screening_catalogues import CH12_QU, use_partial_catalogues
from tests.signin import sign_in

pytestmark = [pytest.mark.django_db, pytest.mark.slow]  # rendering a PDF takes a second or two


def text_of(pdf: bytes) -> str:
    return re.sub(
        r"\s+", " ", " ".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages)
    )


@pytest.fixture(scope="module")
def forms(
    django_db_setup: None,
    django_db_blocker: pytest.FixtureRequest,
    tmp_path_factory: pytest.TempPathFactory,
) -> dict[tuple[str, str], bytes]:
    """Four forms, rendered once: children in Quechua from a partial catalogue the test writes, adults (sexual) in
    Aymara from the shipped catalogue, adults (labour) in Spanish and in English."""
    made = {}
    with django_db_blocker.unblock():  # type: ignore[attr-defined]
        try:
            with pytest.MonkeyPatch.context() as monkeypatch:
                use_partial_catalogues(tmp_path_factory.mktemp("catalogues"), monkeypatch)
                made["children", "qu"] = render_form("children", "qu")
            for key in (("adults_sexual", "ay"), ("adults_labour", "es"), ("adults_labour", "en")):
                made[key] = render_form(*key)
        except PdfUnavailableError as exc:
            pytest.skip(str(exc))
    return made


def test_a_quechua_form_marks_its_drafts_and_the_questions_left_in_spanish(
    forms: dict[tuple[str, str], bytes],
) -> None:
    text = text_of(forms["children", "qu"])
    assert CH12_QU in text  # the catalogue's draft of ch12
    assert "Runasimi" in text
    assert "children" in text
    assert "traducción en revisión" in text  # the draft, and the form's head
    assert "sin traducción aún: se muestra en español" in text
    # the questions without a translation are there, in Spanish
    assert questionnaire("children").question("ch01").texts["es"] in text


def test_an_aymara_form_carries_the_shipped_drafts_each_marked_under_review(
    forms: dict[tuple[str, str], bytes],
) -> None:
    text = text_of(forms["adults_sexual", "ay"])
    asked = questionnaire("adults_sexual")
    drafted = [question_text(asked.id, question.id, "ay") for question in asked.questions]
    for question, shown in zip(asked.questions, drafted, strict=True):
        assert shown.text in text, question.id
    assert sum(1 for shown in drafted if shown.missing) == text.count("sin traducción aún")
    assert text.count("traducción en revisión") >= sum(1 for shown in drafted if shown.under_review)


def test_a_spanish_form_holds_every_question_with_its_answer_codes_and_no_review_mark(
    forms: dict[tuple[str, str], bytes],
) -> None:
    text = text_of(forms["adults_labour", "es"])
    asked = questionnaire("adults_labour")
    for question in asked.questions:
        assert question.texts["es"] in text, question.id
        assert question.id in text
    assert f"versión {asked.version}" in text
    assert "traducción en revisión" not in text
    for code in ("yes", "no", "unknown"):
        assert f" {code}" in text
    for field in ("N.º de formulario", "Entidad", "Edad (años)", "Derivar a"):
        assert field in text, field
    assert "consiente" in text


def test_an_english_form_speaks_english_and_every_form_is_a4(
    forms: dict[tuple[str, str], bytes],
) -> None:
    text = text_of(forms["adults_labour", "en"])
    assert "Form no." in text
    assert "Questions" in text
    assert "Instructions" in text
    for pdf in forms.values():
        for page in PdfReader(io.BytesIO(pdf)).pages:
            width, height = float(page.mediabox.width), float(page.mediabox.height)
            assert (round(width), round(height)) == (595, 842)  # A4 in points


@pytest.mark.skipif(
    shutil.which("pdftotext") is None, reason="pdftotext (Debian poppler-utils) is not installed"
)
def test_pdftotext_reads_the_aymara_form(tmp_path: Path) -> None:
    try:
        pdf = render_form("adults_sexual", "ay")
    except PdfUnavailableError as exc:
        pytest.skip(str(exc))
    path = tmp_path / "form.pdf"
    path.write_bytes(pdf)
    text = subprocess.run(
        ["pdftotext", "-enc", "UTF-8", str(path), "-"], capture_output=True, text=True, check=True
    ).stdout
    assert "Aymar aru" in text
    assert "traducción en revisión" in text


@pytest.mark.usefixtures("peru")
def test_a_screener_downloads_a_form_from_the_screening_page() -> None:
    client = Client()
    sign_in(client, member("inspector@sunafil.example", "SUNAFIL", "screener"))
    chooser = client.get("/screenings/new/").content.decode()
    assert 'href="/screenings/forms/children/qu.pdf"' in chooser
    answer = client.get("/screenings/forms/children/qu.pdf")
    if answer.status_code == 503:
        pytest.skip("WeasyPrint's system libraries are missing")
    assert answer.status_code == 200
    assert answer["Content-Type"] == "application/pdf"
    assert 'filename="children-qu.pdf"' in answer["Content-Disposition"]
    assert answer.content.startswith(b"%PDF")
    assert client.get("/screenings/forms/children/fr.pdf").status_code == 404
    assert client.get("/screenings/forms/adults_mining/es.pdf").status_code == 404


@pytest.mark.usefixtures("peru")
def test_kuska_screening_form_writes_the_forms_and_the_transcription_workbook(
    tmp_path: Path,
) -> None:
    code = main(
        ["screening-form", "--questionnaire", "children", "--lang", "ay,es", "--out", str(tmp_path)]
    )
    if code == 1 and not list(tmp_path.glob("*.pdf")):
        pytest.skip("WeasyPrint's system libraries are missing")
    assert code == 0
    assert sorted(p.name for p in tmp_path.glob("*.pdf")) == ["children-ay.pdf", "children-es.pdf"]
    assert (
        main(["screening-form", "--transcription", "--agency", "sunafil", "--out", str(tmp_path)])
        == 0
    )
    book = openpyxl.load_workbook(tmp_path / "transcripcion-formularios-SUNAFIL.xlsx")
    assert {"Instrucciones", "adults_labour", "adults_sexual", "children"} <= set(book.sheetnames)
    assert main(["screening-form", "--lang", "fr", "--out", str(tmp_path)]) == 1
    assert main(["screening-form", "--transcription", "--out", str(tmp_path)]) == 1
