"""Paper screening forms, transcribed into the workbook Kuska writes and imported like any agency's file
(``kuska import FILE --agency CODE --format screening``): each form is scored by the online rule; a likely victim
becomes a person record, an identification by screening and, with consent, a referral; a form refused names its
row, column and value and stores nothing; a form imported twice is stored once."""

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
from kuska.jobs.models import Job
from kuska.jobs.work import run_queued
from kuska.registry.models import Identification, PersonRecord, Referral, SubmissionBatch
from kuska.screening.paper import (
    FORMAT,
    INSTRUCTIONS_SHEET,
    build_transcription,
    record_ids,
    tally,
)
from kuska.screening.questionnaires import questionnaire
from kuska.screening.scoring import Result
from tests.personas import member
from tests.signin import sign_in

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


def workbook(path: Path, rows: list[dict[str, object]], *, drop: tuple[str, ...] = ()) -> Path:
    """The transcription workbook Kuska writes, with the rows typed into its adults_labour sheet (``drop``:
    columns deleted from that sheet)."""
    book = build_transcription(AGENCY)
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
    assert book.sheetnames[0] == INSTRUCTIONS_SHEET
    children = [str(c.value) for c in book["children"][1]]
    assert children[:4] == ["form_id", "questionnaire", "version", "screened_on"]
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
    assert report.total("created") == 3


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
    assert (again.total("created"), again.total("unchanged")) == (0, 3)
    assert PersonRecord.objects.count() == 1
    assert Identification.objects.count() == 1
    assert Referral.objects.count() == 1


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
