"""Paper screening forms, transcribed into the workbook Kuska writes and imported like any agency's file
(``kuska import FILE --agency CODE --format screening``): each form is scored by the online rule; a likely victim
becomes a person record, an identification by screening and, with consent, a referral; a form refused names its
row, column and value and stores nothing; a form imported twice is stored once. Every form accepted, whatever its
result, is kept as a screening like an online one, with the batch, sheet and row it came from. The workbook is
written in Spanish or English, and read back the same whatever its language."""

from __future__ import annotations

import csv
import datetime
import io
import json
import re
from pathlib import Path

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from kuska.audit.models import Event
from kuska.cli import main
from kuska.intake.submit import Rejection, submit
from kuska.intake.template import AGENCY_LIST, REGION_LIST, template_data
from kuska.jobs.models import Job
from kuska.jobs.work import run_queued
from kuska.registry.models import Identification, PersonRecord, Referral, SubmissionBatch
from kuska.screening.models import Screening
from kuska.screening.outcome import record_screening, screenings_of
from kuska.screening.paper import (
    FORMAT,
    SCREENINGS,
    build_transcription,
    record_ids,
    tally,
    write_transcription,
)
from kuska.screening.questionnaires import questionnaire, questionnaires
from kuska.screening.scoring import Result
from tests.personas import member
from tests.pseudo import PSEUDO, pseudo_language
from tests.signin import sign_in
from tests.workbooks import unmarked_words, workbook_texts

pytestmark = pytest.mark.usefixtures("peru")

AGENCY = "SUNAFIL"
# by hand (tests/test_screening_scoring.py): deceptive recruitment, exploitation and coercion at destination
LIKELY = dict.fromkeys(("al01", "al02", "al11", "al12", "al15", "al16"), "yes")
POSSIBLE = {"al01": "yes", "al11": "yes"}
PERSON = {"age": 24, "sex": "female", "nationality": "PE", "language": "que", "region": "PE-MDD"}


@pytest.fixture(autouse=True)
def in_spanish(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("KUSKA_LANGUAGE", "es")


def form(form_id: str, yes: dict[str, str], **cells: object) -> dict[str, object]:
    """A transcribed adults_labour form: every question answered (``no`` unless in ``yes``)."""
    asked = questionnaire("adults_labour")
    row: dict[str, object] = {
        "form_id": form_id,
        "questionnaire": "adults_labour",
        "version": asked.version,
        "screened_on": datetime.date(2021, 3, 9),
        **PERSON,
    }
    row.update({q.id: yes.get(q.id, "no") for q in asked.questions})
    row.update({"consent_to_referral": "yes", "referred_to": "MIMP"})
    row.update(cells)
    return row


def workbook(
    path: Path, rows: list[dict[str, object]], *, drop: tuple[str, ...] = (), lang: str = "es"
) -> Path:
    """The transcription workbook Kuska writes (in Spanish unless ``lang`` says), with the rows typed into its
    adults_labour sheet (``drop``: columns deleted from that sheet)."""
    book = build_transcription(AGENCY, lang)
    sheet = book["adults_labour"]
    header = [str(cell.value) for cell in sheet[1]]
    for name in drop:
        sheet.delete_cols(header.index(name) + 1)
        header.remove(name)
    for row in rows:
        sheet.append([row.get(name) for name in header])
    book.save(path)
    return path


def test_the_transcription_has_a_sheet_per_questionnaire_with_a_column_per_question() -> None:
    book = build_transcription(AGENCY)
    assert book.sheetnames[0] == "Instrucciones"
    children = [str(c.value) for c in book["children"][1]]
    assert children[:5] == ["form_id", "questionnaire", "version", "screened_on", "form_language"]
    languages = [v for v in book["children"].data_validations.dataValidation if "qu" in v.formula1]
    assert [v.formula1 for v in languages] == ['"es,en,qu,ay"']
    instructions = " ".join(str(c.value) for row in book["Instrucciones"].iter_rows() for c in row)
    assert "form_language: la lengua en que está impreso el formulario" in instructions
    assert [c for c in children if c.startswith("ch")] == list(
        questionnaire("children").question_ids
    )
    answers = [
        v for v in book["children"].data_validations.dataValidation if "unknown" in v.formula1
    ]
    assert answers
    assert answers[0].formula1 == '"yes,no,unknown"'


def test_a_likely_victims_form_becomes_the_records_of_an_online_screening(tmp_path: Path) -> None:
    path = workbook(tmp_path / "formularios.xlsx", [form("CUS-0001", LIKELY)])
    report = submit([path], AGENCY, fmt=FORMAT)
    person_id, identification_id, referral_id = record_ids("CUS-0001")
    person = PersonRecord.objects.get(source_record_id=person_id)
    assert (person.role, person.sex, person.age_at_event, person.agency.code) == (
        "victim",
        "female",
        24,
        AGENCY,
    )
    identification = Identification.objects.get(source_record_id=identification_id)
    assert identification.method == "screening"
    assert identification.identified_on == datetime.date(2021, 3, 9)
    referral = Referral.objects.get(source_record_id=referral_id)
    assert referral.to_agency is not None
    assert (referral.to_agency.code, referral.service_type) == ("MIMP", "case_management")
    [batch] = SubmissionBatch.objects.all()
    assert (batch.file_name, batch.format, batch.channel) == ("formularios.xlsx", FORMAT, "file")
    # the person, the identification, the referral and the screening
    assert report.total("created") == 4
    assert [s.record_type for f in report.files for s in f.sheets][-1] == SCREENINGS


def test_without_consent_there_is_no_referral_and_other_results_make_no_record(
    tmp_path: Path,
) -> None:
    path = workbook(
        tmp_path / "formularios.xlsx",
        [
            form("F-1", LIKELY, consent_to_referral="no", referred_to=None),
            form("F-2", POSSIBLE),
            form("F-3", {}),
        ],
    )
    submit([path], AGENCY, fmt=FORMAT)
    assert PersonRecord.objects.count() == 1
    assert Identification.objects.count() == 1
    assert not Referral.objects.exists()
    [counted] = tally(path)
    assert (counted.forms, counted.refused) == (3, 0)
    assert counted.results == {
        Result.LIKELY_VICTIM: 1,
        Result.POSSIBLE_VICTIM: 1,
        Result.NO_INDICATORS: 1,
    }


def test_broken_forms_are_rejected_by_row_column_and_value_and_store_nothing(
    tmp_path: Path,
) -> None:
    path = workbook(
        tmp_path / "formularios.xlsx",
        [
            form("OK-1", LIKELY),  # row 2
            form("BAD-ANSWER", LIKELY, al11="maybe"),  # row 3
            form("BAD-QUESTIONNAIRE", LIKELY, questionnaire="adults_mining"),  # row 4
            form("BAD-REGION", LIKELY, region="Atlantis"),  # row 5: intake refuses the person
            form("", LIKELY),  # row 6
            form("CHILD", LIKELY, age=15),  # row 7
            form("NO-AGENCY", LIKELY, referred_to=None),  # row 8
        ],
    )
    rejected: list[Rejection] = []
    report = submit([path], AGENCY, fmt=FORMAT, on_rejected=rejected.append)
    found = {(r.row, p.column, p.value, p.code) for r in rejected for p in r.problems if r.row != 5}
    assert found == {
        (3, "al11", "maybe", "screening_bad_answer"),
        (4, "questionnaire", "adults_mining", "screening_unknown_questionnaire"),
        (6, "form_id", "", "screening_required"),
        (7, "age", "15", "screening_adult_questionnaire"),
        (8, "referred_to", "", "screening_no_referral_agency"),
    }
    bad_region = [p for r in rejected if r.row == 5 for p in r.problems]
    assert ("region", "Atlantis") in {(p.column, p.value) for p in bad_region}
    assert "bad_answer" not in json.dumps([p.message("es") for r in rejected for p in r.problems])
    # only the good form's records are stored: the refused forms have no person, identification or referral
    assert set(PersonRecord.objects.values_list("source_record_id", flat=True)) == {"form-OK-1"}
    assert Identification.objects.count() == 1
    assert Referral.objects.count() == 1
    assert report.total("rows_read") == report.total("accepted") + report.total("rejected")


def test_a_missing_question_column_rejects_every_form_of_the_sheet(tmp_path: Path) -> None:
    path = workbook(
        tmp_path / "formularios.xlsx", [form("A", LIKELY), form("B", POSSIBLE)], drop=("al07",)
    )
    rejected: list[Rejection] = []
    submit([path], AGENCY, fmt=FORMAT, on_rejected=rejected.append)
    assert {(r.row, p.column, p.code) for r in rejected for p in r.problems} == {
        (2, "al07", "screening_missing_question"),
        (3, "al07", "screening_missing_question"),
    }
    assert not PersonRecord.objects.exists()


def test_a_form_imported_twice_is_stored_once(tmp_path: Path) -> None:
    path = workbook(tmp_path / "formularios.xlsx", [form("CUS-0002", LIKELY)])
    submit([path], AGENCY, fmt=FORMAT)
    again = submit([path], AGENCY, fmt=FORMAT)
    assert (again.total("created"), again.total("unchanged")) == (0, 4)
    assert PersonRecord.objects.count() == 1
    assert Identification.objects.count() == 1
    assert Referral.objects.count() == 1
    assert Screening.objects.count() == 1
    [kept] = [s for f in again.files for s in f.sheets if s.record_type == SCREENINGS]
    assert (kept.rows_read, kept.created, kept.updated, kept.unchanged) == (1, 0, 0, 1)


def test_the_workbook_is_read_once_for_its_records_and_its_screenings(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from kuska.screening import paper

    path = workbook(tmp_path / "formularios.xlsx", [form("R-1", LIKELY), form("R-2", POSSIBLE)])
    read = paper.read_forms
    readings: list[Path] = []

    def counted(path: Path, stack: object) -> object:
        readings.append(path)
        return read(path, stack)  # type: ignore[arg-type]

    monkeypatch.setattr(paper, "read_forms", counted)
    submit([path], AGENCY, fmt=FORMAT)
    assert readings == [path]
    assert sorted(Screening.objects.values_list("form_id", flat=True)) == ["R-1", "R-2"]


def test_every_accepted_form_is_kept_as_a_screening_with_its_answers_result_language_and_batch(
    tmp_path: Path,
) -> None:
    officer = member("oficial@sunafil.example", AGENCY, "data_officer")
    path = workbook(
        tmp_path / "formularios.xlsx",
        [
            form("S-1", LIKELY, form_language="qu"),  # row 2
            form("S-2", POSSIBLE, form_language="ES"),  # row 3
            form("S-3", {}, consent_to_referral="no"),  # row 4: the form does not say its language
        ],
    )
    submit([path], AGENCY, fmt=FORMAT, submitted_by=officer)
    [batch] = SubmissionBatch.objects.all()
    kept = {s.form_id: s for s in Screening.objects.all()}
    assert set(kept) == {"S-1", "S-2", "S-3"}
    likely, possible, none = kept["S-1"], kept["S-2"], kept["S-3"]
    assert [s.result for s in (likely, possible, none)] == [
        "likely_victim",
        "possible_victim",
        "no_indicators",
    ]
    assert [s.language for s in (likely, possible, none)] == ["qu", "es", ""]
    assert [s.form_row for s in (likely, possible, none)] == [2, 3, 4]
    asked = questionnaire("adults_labour")
    assert likely.answers == {q.id: LIKELY.get(q.id, "no") for q in asked.questions}
    assert (likely.questionnaire, likely.version) == ("adults_labour", asked.version)
    assert likely.indicators == {q: asked.question(q).indicator for q in LIKELY}
    assert set(possible.indicators) == set(POSSIBLE)
    assert none.indicators == {}
    for screening in kept.values():
        assert (screening.agency.code, screening.screened_by, screening.batch) == (
            AGENCY,
            officer,
            batch,
        )
        assert (screening.screened_on, screening.form_sheet) == (
            datetime.date(2021, 3, 9),
            "adults_labour",
        )
    person_id, identification_id, referral_id = record_ids("S-1")
    assert (
        likely.person_record_id,
        likely.identification_record_id,
        likely.referral_record_id,
    ) == (person_id, identification_id, referral_id)
    assert (possible.person_record_id, possible.consent_to_referral) == ("", True)
    assert not none.consent_to_referral


def test_a_corrected_form_updates_its_screening_and_names_the_batch_that_changed_it(
    tmp_path: Path,
) -> None:
    first = workbook(tmp_path / "formularios.xlsx", [form("C-1", POSSIBLE)])
    submit([first], AGENCY, fmt=FORMAT)
    corrected = workbook(tmp_path / "corregido.xlsx", [form("C-0", {}), form("C-1", LIKELY)])
    report = submit([corrected], AGENCY, fmt=FORMAT)
    [kept] = [s for f in report.files for s in f.sheets if s.record_type == SCREENINGS]
    assert (kept.created, kept.updated, kept.unchanged) == (1, 1, 0)
    screening = Screening.objects.get(form_id="C-1")
    assert screening.result == "likely_victim"
    assert screening.batch is not None
    assert (screening.batch.file_name, screening.form_row) == ("corregido.xlsx", 3)
    assert Screening.objects.count() == 2


def test_a_refused_form_keeps_no_screening_nor_does_a_dry_run(tmp_path: Path) -> None:
    path = workbook(
        tmp_path / "formularios.xlsx",
        [
            form("OK-1", POSSIBLE),
            form("BAD-ANSWER", LIKELY, al11="maybe"),  # refused by the form's checks
            form("BAD-REGION", LIKELY, region="Atlantis"),  # its person refused by intake
            form("BAD-LANGUAGE", POSSIBLE, form_language="quechua"),
        ],
    )
    rejected: list[Rejection] = []
    submit([path], AGENCY, fmt=FORMAT, dry_run=True)
    assert not Screening.objects.exists()
    report = submit([path], AGENCY, fmt=FORMAT, on_rejected=rejected.append)
    assert set(Screening.objects.values_list("form_id", flat=True)) == {"OK-1"}
    assert (5, "form_language", "quechua", "screening_form_language") in {
        (r.row, p.column, p.value, p.code) for r in rejected for p in r.problems
    }
    assert report.total("rows_read") == report.total("accepted") + report.total("rejected")


def test_an_old_transcription_without_the_form_language_column_keeps_the_language_unknown(
    tmp_path: Path,
) -> None:
    path = workbook(
        tmp_path / "formularios.xlsx", [form("OLD-1", POSSIBLE)], drop=("form_language",)
    )
    submit([path], AGENCY, fmt=FORMAT)
    assert Screening.objects.get().language == ""


def test_a_form_imported_from_the_command_line_without_a_user_is_kept_with_no_screener(
    tmp_path: Path,
) -> None:
    path = workbook(tmp_path / "formularios.xlsx", [form("CLI-1", POSSIBLE)])
    assert main(["import", str(path), "--agency", AGENCY, "--format", FORMAT]) == 0
    kept = Screening.objects.get()
    assert (kept.form_id, kept.screened_by) == ("CLI-1", None)


def test_a_likely_victims_paper_form_counts_where_an_online_screening_counts(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Before paper forms were kept as screenings, the user's list of screenings counted the online one only (1);
    now it counts both (2). The identifications by screening counted in ``kuska stats`` were already both: a
    paper form's identification is stored through intake like an online one."""
    officer = member("inspectora@sunafil.example", AGENCY, "screener")
    member("inspectora@sunafil.example", AGENCY, "data_officer")
    record_screening(
        officer,
        "adults_labour",
        LIKELY,
        screened_on=datetime.date(2021, 5, 2),
        agency_code=AGENCY,
        source="203.0.113.7",
    )
    path = workbook(tmp_path / "formularios.xlsx", [form("P-1", LIKELY)])
    submit([path], AGENCY, fmt=FORMAT, submitted_by=officer)
    assert screenings_of(officer, source="203.0.113.7").total == 2
    assert Screening.objects.filter(result="likely_victim").count() == 2
    capsys.readouterr()
    main(
        [
            "stats",
            "--year",
            "2021",
            "--indicator",
            "victims_identified_other_sources",
            "--format",
            "json",
        ]
    )
    [figure] = json.loads(capsys.readouterr().out)
    assert figure["value"] == 2
    client = Client()
    sign_in(client, officer)
    page = client.get("/screenings/").content.decode()
    assert "formulario en papel P-1" in page
    assert page.count('class="pseudonym"') == 2
    paper = Screening.objects.get(form_id="P-1")
    result = client.get(f"/screenings/{paper.pk}/").content.decode()
    assert (
        "Formulario en papel P-1, transcrito en formularios.xlsx (hoja adults_labour, fila 2)."
        in result
    )


def test_an_import_that_fails_midway_keeps_no_screening_nor_any_record(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = workbook(tmp_path / "formularios.xlsx", [form("T-1", LIKELY), form("T-2", POSSIBLE)])
    create = Screening.objects.create
    calls: list[str] = []

    def fails_the_second(**values: object) -> Screening:
        calls.append(str(values["form_id"]))
        if len(calls) == 2:
            raise RuntimeError("the database went away")
        return create(**values)

    monkeypatch.setattr(Screening.objects, "create", fails_the_second)
    with pytest.raises(RuntimeError):
        submit([path], AGENCY, fmt=FORMAT)
    assert calls == ["T-1", "T-2"]
    assert not Screening.objects.exists()
    assert not PersonRecord.objects.exists()
    assert not SubmissionBatch.objects.exists()


def test_kuska_import_counts_the_forms_and_writes_the_rejected_rows(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = workbook(
        tmp_path / "formularios.xlsx",
        [form("G-1", LIKELY), form("G-2", POSSIBLE), form("G-3", LIKELY, al03="sí")],
    )
    errors = tmp_path / "errores.csv"
    code = main(
        ["import", str(path), "--agency", AGENCY, "--format", FORMAT, "--errors", str(errors)]
    )
    out = capsys.readouterr().out
    assert code == 0
    # the forms by result: 3 read, 1 likely victim, 1 possible victim, 0 without indicators, 1 rejected
    counted = [re.sub(r"[│┃\s]+", " ", line).strip() for line in out.splitlines()]
    for line in (
        "adults_labour",
        "formularios 3",
        "víctima probable 1",
        "posible víctima 1",
        "no se hallaron indicadores 0",
        "rechazadas 1",
    ):
        assert any(found.endswith(line) for found in counted), line
    with errors.open(encoding="utf-8-sig") as handle:
        _header, *written = list(csv.reader(handle))
    assert [(row[2], row[3], row[4]) for row in written] == [("4", "al03", "sí")]
    assert Event.objects.filter(action="intake.import").count() == 1
    assert Identification.objects.count() == 1


def test_a_workbook_that_is_not_a_transcription_is_refused_whole(tmp_path: Path) -> None:
    book = openpyxl.Workbook()
    book.active.append(["record_id", "role"])  # type: ignore[union-attr]
    book.active.append(["P-1", "victim"])  # type: ignore[union-attr]
    path = tmp_path / "personas.xlsx"
    book.save(path)
    assert main(["import", str(path), "--agency", AGENCY, "--format", FORMAT]) == 1
    assert not SubmissionBatch.objects.exists()


def test_a_data_officer_downloads_the_transcription_and_sends_it_back_from_the_submissions_page(
    tmp_path: Path,
) -> None:
    user = member("oficial@sunafil.example", AGENCY, "data_officer")
    client = Client()
    sign_in(client, user)
    page = client.get("/submissions/new/").content.decode()
    assert f'href="/submissions/screening-forms/?agency={AGENCY}"' in page
    assert (
        '<option value="screening">formularios de detección en papel, transcritos</option>' in page
    )
    download = client.get(f"/submissions/screening-forms/?agency={AGENCY}")
    assert download.status_code == 200
    book = openpyxl.load_workbook(io.BytesIO(download.content))
    assert "adults_labour" in book.sheetnames

    path = workbook(tmp_path / "formularios.xlsx", [form("W-1", LIKELY), form("W-2", POSSIBLE)])
    upload = SimpleUploadedFile("formularios.xlsx", path.read_bytes())
    answer = client.post(
        "/submissions/new/", {"files": [upload], "format": FORMAT, "agency": AGENCY}
    )
    assert answer.status_code == 302, answer.content.decode()[:1000]
    assert run_queued() == 1
    dry = Job.objects.get(pk=int(answer["Location"].split("/")[2]))
    assert dry.state == Job.State.DONE, dry.error
    assert not PersonRecord.objects.exists()
    client.post(f"/submissions/{dry.pk}/import/")
    assert run_queued() == 1
    [batch] = SubmissionBatch.objects.all()
    assert (batch.submitted_by, batch.file_name, batch.format) == (user, "formularios.xlsx", FORMAT)
    assert Identification.objects.get().method == "screening"
    assert Event.objects.filter(action="intake.import", actor=user).count() == 1


# -- its language ------------------------------------------------------------------------------------------------


def comments(book: openpyxl.Workbook, sheet: str) -> dict[str, str]:
    return {str(cell.value): cell.comment.text for cell in book[sheet][1] if cell.comment}


def test_the_spanish_transcription_says_what_it_always_said() -> None:
    book = build_transcription(AGENCY)
    texts = workbook_texts(book)
    assert texts["title"] == f"Kuska – transcripción de formularios de detección – {AGENCY}"
    assert texts["0!A1"] == "Kuska – transcripción de formularios de detección de trata en papel"
    assert texts["0!A2"] == "Entidad"
    assert texts["0!B4"] == (
        "Una hoja por cuestionario; una fila por formulario en papel llenado. No escriba nombres, fechas de "
        "nacimiento ni números de documento: el formulario no los pide."
    )
    assert texts["0!B12"] == (
        "Importe el archivo con: kuska import ARCHIVO --agency CÓDIGO --format screening, o desde la página de "
        "envíos eligiendo el formato «screening»."
    )
    asked = questionnaire("adults_labour")
    first = asked.questions[0]
    said = comments(book, "adults_labour")
    assert [said[name] for name in ("form_id", "questionnaire", "version", "screened_on")] == [
        "N.º de formulario (obligatorio)",
        "Cuestionario: adults_labour (obligatorio)",
        f"Versión del formulario: {asked.version} (obligatoria)",
        "Fecha de la entrevista, dd/mm/aaaa (obligatoria)",
    ]
    assert [said[name] for name in ("form_language", "age", "sex", "nationality", "language")] == [
        "Lengua del formulario impreso: es, en, qu o ay (vacía si no se sabe)",
        "Edad en años",
        "Sexo",
        "Nacionalidad",
        "Lengua materna",
    ]
    assert said["region"] == "Región donde se identificó a la persona"
    assert said[first.id] == f"{first.texts['es']} — yes / no / unknown (obligatoria)"
    assert said["consent_to_referral"] == "¿Consiente la derivación? yes / no"
    assert said["referred_to"] == "Entidad a la que se deriva"
    errors = {v.error for v in book["adults_labour"].data_validations.dataValidation}
    assert errors == {
        "Escriba adults_labour.",
        f"Escriba {asked.version}.",
        "Escriba es, en, qu o ay.",
        "Elija un valor de la lista (o escriba su código).",
        "Escriba yes, no o unknown.",
        "Escriba yes o no.",
    }
    titles = {v.errorTitle for v in book["adults_labour"].data_validations.dataValidation}
    assert titles == {"Valor no válido"}


def test_the_english_transcription_speaks_english_with_the_english_questions(
    tmp_path: Path,
) -> None:
    path = tmp_path / "transcription.xlsx"
    write_transcription(path, AGENCY, "en")
    book = openpyxl.load_workbook(path)
    assert book.sheetnames[:2] == ["Instructions", "adults_labour"]
    texts = workbook_texts(book)
    assert texts["0!A1"] == "Kuska – transcription of paper trafficking screening forms"
    assert texts["0!A2"] == "Agency"
    asked = questionnaire("adults_labour")
    first = asked.questions[0]
    said = comments(book, "adults_labour")
    assert said["form_id"] == "Form number (required)"
    assert said[first.id] == f"{first.texts['en']} — yes / no / unknown (required)"
    header = [str(cell.value) for cell in book["adults_labour"][1]]
    assert header[:5] == ["form_id", "questionnaire", "version", "screened_on", "form_language"]
    answers = [
        v for v in book["adults_labour"].data_validations.dataValidation if "unknown" in v.formula1
    ]
    assert (answers[0].formula1, answers[0].error) == (
        '"yes,no,unknown"',
        "Type yes, no or unknown.",
    )
    spanish = ("obligatori", "Escriba", "Elija", "hoja", "Entidad", "formulario", "Fecha")
    assert [t for t in texts.values() for word in spanish if word in t] == []


def test_a_filled_in_english_transcription_is_imported_like_a_spanish_one(tmp_path: Path) -> None:
    path = workbook(
        tmp_path / "forms.xlsx", [form("EN-1", LIKELY), form("EN-2", POSSIBLE)], lang="en"
    )
    report = submit([path], AGENCY, fmt=FORMAT)
    assert report.total("rejected") == 0
    assert set(Screening.objects.values_list("form_id", flat=True)) == {"EN-1", "EN-2"}
    assert PersonRecord.objects.get().source_record_id == "form-EN-1"
    assert [counted.sheet for counted in tally(path)] == ["adults_labour"]


def test_the_command_writes_the_transcription_in_the_language_asked_for(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    args = ["screening-form", "--transcription", "--agency", AGENCY, "--out", str(tmp_path)]
    assert main([*args, "--lang", "en"]) == 0
    [path] = tmp_path.glob("*.xlsx")
    assert openpyxl.load_workbook(path).sheetnames[0] == "Instructions"
    assert main(args) == 0
    assert openpyxl.load_workbook(path).sheetnames[0] == "Instrucciones"
    assert main([*args, "--lang", "qu"]) == 1
    assert "--lang qu" in capsys.readouterr().err


@pytest.mark.parametrize(
    ("language", "first_sheet"), [("en", "Instructions"), ("qu", "Instrucciones")]
)
def test_the_downloaded_transcription_is_in_the_pages_language_when_it_is_a_whole_one(
    language: str, first_sheet: str
) -> None:
    client = Client()
    sign_in(client, member("oficial@sunafil.example", AGENCY, "data_officer"))
    download = client.get(
        f"/submissions/screening-forms/?agency={AGENCY}", HTTP_ACCEPT_LANGUAGE=language
    )
    assert download.status_code == 200
    assert openpyxl.load_workbook(io.BytesIO(download.content)).sheetnames[0] == first_sheet


def test_the_pseudo_language_marks_every_word_of_the_transcription(tmp_path: Path) -> None:
    with pseudo_language(tmp_path):
        data = template_data(AGENCY)
        book = build_transcription(AGENCY, PSEUDO)
    assert book.sheetnames[0] == "⟦Instructions⟧"
    choices = [*data.regions, *data.agencies, *(c for cs in data.code_lists.values() for c in cs)]
    known = {data.agency_name, "Kuska", *data.code_lists, REGION_LIST, AGENCY_LIST}
    known |= {text for choice in choices for text in (choice.code, choice.label)}
    known |= {str(cell.value) for sheet in book.worksheets[1:] for cell in sheet[1]}  # column names
    known |= set(questionnaires())
    assert unmarked_words(workbook_texts(book), known) == {}
