"""The data officer's submissions page: files checked first in a dry run that stores nothing, then imported by a
background job as a batch sent by the officer; the batch's rejected rows downloaded with their row, column and
reason and no identity value; the agency's Excel template; corrected rows sent again and accepted. Only for an
agency where the officer holds ``records.submit``."""

from __future__ import annotations

import csv
import io
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from kuska.audit.models import Event
from kuska.i18n import localized
from kuska.intake.models import RejectedRow
from kuska.intake.schema import RECORD_TYPES
from kuska.jobs.models import Job, JobFile
from kuska.jobs.work import run_queued
from kuska.registry.models import Agency, PersonRecord, SubmissionBatch
from tests.personas import member
from tests.pseudo import PSEUDO, pseudo_language, unmarked, visible_text
from tests.signin import sign_in

pytestmark = pytest.mark.usefixtures("peru")

HEADER = "record_id,role,given_names,paternal_surname,sex,birth_date,nationality,document_type,document_number"
GOOD = "P-1,victim,Rosa Elena,Quispe,female,12/07/2004,PE,dni,45678912"
BAD_SEX = "P-2,victim,Wayra Antonella,Huamán,X,03/05/2006,PE,dni,71234567"
BAD_DATE = "P-3,victim,Killa,Condori,female,31/02/2005,PE,dni,70011223"
IDENTITIES = (
    "Rosa Elena",
    "Quispe",
    "45678912",
    "Wayra",
    "Huamán",
    "03/05/2006",
    "71234567",
    "Killa",
    "Condori",
    "31/02/2005",
    "70011223",
)


def personas(*rows: str, name: str = "personas.csv") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, "\n".join((HEADER, *rows)).encode(), "text/csv")


def officer(email: str = "oficial@pnp.example", agency: str = "PNP") -> tuple[Client, Any]:
    user = member(email, agency, "data_officer")
    client = Client()
    sign_in(client, user)
    return client, user


def job_of(answer: Any) -> Job:
    assert answer.status_code == 302, answer.content.decode()[:2000]
    assert answer["Location"].startswith("/jobs/")
    return Job.objects.get(pk=int(answer["Location"].split("/")[2]))


def dry_run(client: Client, *rows: str, **fields: Any) -> Job:
    job = job_of(client.post("/submissions/new/", {"files": [personas(*rows)], **fields}))
    assert run_queued() == 1
    job.refresh_from_db()
    return job


def imported(client: Client, dry: Job) -> Job:
    job = job_of(client.post(f"/submissions/{dry.pk}/import/"))
    assert run_queued() == 1
    job.refresh_from_db()
    return job


def text(answer: Any) -> str:
    return bytes(answer.content).decode("utf-8-sig")


def test_the_form_offers_the_files_format_record_type_mapping_and_template_in_spanish_and_english() -> (
    None
):
    client, _user = officer()
    page = text(client.get("/submissions/new/"))
    assert "<h1>Enviar archivos</h1>" in page
    assert 'type="file" id="files" name="files" multiple' in page
    assert 'id="mapping" name="mapping"' in page
    assert 'href="/submissions/template/?agency=PNP"' in page
    english = text(client.get("/submissions/new/", HTTP_ACCEPT_LANGUAGE="en"))
    assert "<h1>Submit files</h1>" in english
    assert "Check the files (dry run)" in english


def test_the_dry_run_shows_each_sheets_counts_and_first_rejected_rows_and_stores_nothing() -> None:
    client, _user = officer()
    job = dry_run(client, GOOD, BAD_SEX, BAD_DATE)

    assert job.state == Job.State.DONE, job.error
    assert not SubmissionBatch.objects.exists()
    assert not PersonRecord.objects.exists()
    assert not RejectedRow.objects.exists()
    sheet = job.result["files"][0]["sheets"][0]
    assert (sheet["rows_read"], sheet["accepted"], sheet["rejected"]) == (3, 1, 2)
    page = text(client.get(f"/jobs/{job.pk}/"))
    assert "3 filas leídas: 1 se aceptarían, 2 rechazadas. No se guardó nada." in page
    assert '<td>personas.csv</td><td class="n">3</td><td>sex</td>' in page
    assert '<td class="n">4</td><td>birth_date</td>' in page
    assert ">Importar</button>" in page
    assert [value for value in IDENTITIES if value in page] == []
    assert [value for value in IDENTITIES if value in str(job.result)] == []
    assert JobFile.objects.filter(job=job).count() == 1  # kept for the import


def test_the_import_stores_the_batch_sent_by_the_officer_and_writes_the_intake_import_event() -> (
    None
):
    client, user = officer()
    dry = dry_run(client, GOOD, BAD_SEX)
    job = imported(client, dry)

    assert job.state == Job.State.DONE, job.error
    batch = SubmissionBatch.objects.get()
    assert batch.submitted_by == user
    assert batch.channel == SubmissionBatch.Channel.FILE
    assert (batch.file_name, batch.format) == ("personas.csv", "csv")
    assert (batch.rows_read, batch.rows_accepted, batch.rows_rejected) == (2, 1, 1)
    assert job.result["url"] == f"/batches/{batch.pk}/"
    event = Event.objects.get(action="intake.import")
    assert event.actor == user
    assert f"submissionbatch:{batch.pk}" in str(event.records)
    page = text(client.get(f"/jobs/{job.pk}/"))
    assert "2 filas leídas: 1 aceptadas, 1 rechazadas." in page
    assert f'href="/batches/{batch.pk}/"' in page
    assert (
        not JobFile.objects.exists()
    )  # the dry run's files went to the import, which deleted them
    assert client.post(f"/submissions/{dry.pk}/import/").status_code == 404  # imported once only


def test_the_rejected_rows_download_has_sheet_row_column_and_reason_and_no_identity_value() -> None:
    client, user = officer()
    imported(client, dry_run(client, GOOD, BAD_SEX, BAD_DATE))
    batch = SubmissionBatch.objects.get()

    answer = client.get(f"/batches/{batch.pk}/rejected.csv")
    assert answer.status_code == 200
    assert answer["Content-Disposition"].endswith('.csv"')
    lines = list(csv.reader(io.StringIO(text(answer))))
    assert lines[0] == ["hoja", "fila", "columna", "error (es)", "error (en)"]
    assert [line[:3] for line in lines[1:]] == [
        ["personas.csv", "3", "sex"],
        ["personas.csv", "4", "birth_date"],
    ]
    assert lines[1][4].startswith("The value is not in the code list 'sex'")
    assert [value for value in IDENTITIES if value in text(answer)] == []

    workbook = openpyxl.load_workbook(
        io.BytesIO(client.get(f"/batches/{batch.pk}/rejected.xlsx").content)
    )
    cells = [[str(cell.value) for cell in row] for row in workbook.active.iter_rows()]  # type: ignore[union-attr]
    assert cells[1][:3] == ["personas.csv", "3", "sex"]
    assert [v for v in IDENTITIES if any(v in cell for row in cells for cell in row)] == []
    exports = Event.objects.filter(action="records.export", actor=user)
    assert exports.count() == 2
    assert f"submissionbatch:{batch.pk}" in str(exports.first().records)  # type: ignore[union-attr]


def test_corrected_rows_sent_again_move_from_rejected_to_accepted() -> None:
    client, _user = officer()
    imported(client, dry_run(client, GOOD, BAD_SEX))
    first = SubmissionBatch.objects.get()
    page = text(client.get(f"/batches/{first.pk}/"))
    assert 'href="/submissions/new/?agency=PNP"' in page
    assert f'href="/batches/{first.pk}/rejected.csv"' in page

    corrected = BAD_SEX.replace(",X,", ",female,")
    job = imported(client, dry_run(client, GOOD, corrected))

    second = SubmissionBatch.objects.exclude(pk=first.pk).get()
    assert (second.rows_accepted, second.rows_rejected) == (2, 0)
    assert job.result["totals"]["created"] == 1  # P-2, rejected before
    assert job.result["totals"]["unchanged"] == 1  # P-1, as it was
    assert PersonRecord.objects.filter(source_record_id="P-2").exists()


def test_a_data_officer_of_another_agency_cannot_submit_for_this_one() -> None:
    client, _user = officer("oficial@fiscalia.example", "MP-FISCALIA")
    answer = client.post("/submissions/new/", {"agency": "PNP", "files": [personas(GOOD)]})
    assert answer.status_code == 403
    assert "Usted no puede enviar registros de PNP." in text(answer)
    assert not Job.objects.exists()
    assert client.get("/submissions/template/?agency=PNP").status_code == 403

    police, _officer = officer()
    dry = dry_run(police, GOOD)
    assert client.post(f"/submissions/{dry.pk}/import/").status_code == 404
    assert not SubmissionBatch.objects.exists()


def test_the_job_checks_the_permission_again_when_it_runs() -> None:
    client, user = officer()
    answer = client.post("/submissions/new/", {"files": [personas(GOOD)]})
    user.memberships.all().delete()
    run_queued()
    job = job_of(answer)
    job.refresh_from_db()
    assert job.state == Job.State.FAILED
    assert job.error["en"] == "You may not submit records for PNP."
    assert not JobFile.objects.exists()


def test_an_oversized_submission_is_refused_with_the_limit_named(settings: Any) -> None:
    client, _user = officer()
    settings.API_MAX_UPLOAD_BYTES = 2 * 1024 * 1024
    big = personas(GOOD, *[f"P-{n},victim,,,female,,PE,," for n in range(2, 100_000)])
    answer = client.post("/submissions/new/", {"files": [big]})
    assert answer.status_code == 413
    assert "2 MB" in text(answer)
    assert not Job.objects.exists()


def test_a_mapping_file_is_read_and_a_broken_one_refused_on_the_form() -> None:
    client, _user = officer()
    header = HEADER.replace("sex", "genero")
    mapped = SimpleUploadedFile("export.csv", f"{header}\n{GOOD}".encode(), "text/csv")
    mapping = SimpleUploadedFile(
        "pnp.toml", b'record_type = "persons"\n[columns]\ngenero = "sex"\n', "application/toml"
    )
    job = job_of(client.post("/submissions/new/", {"files": [mapped], "mapping": mapping}))
    run_queued()
    job.refresh_from_db()
    assert job.state == Job.State.DONE, job.error
    assert job.result["totals"]["accepted"] == 1

    broken = SimpleUploadedFile("pnp.toml", b"[columns]\ngenero = 'nothing'\n", "application/toml")
    answer = client.post("/submissions/new/", {"files": [personas(GOOD)], "mapping": broken})
    assert answer.status_code == 400
    assert "Archivo de mapeo inválido" in text(answer)


def test_the_template_of_the_officers_agency_downloads_as_an_excel_workbook() -> None:
    client, _user = officer()
    answer = client.get("/submissions/template/")
    assert answer.status_code == 200
    assert answer["Content-Disposition"] == 'attachment; filename="plantilla-PNP.xlsx"'
    workbook = openpyxl.load_workbook(io.BytesIO(answer.content))
    assert "Personas" in workbook.sheetnames


@pytest.mark.parametrize(
    ("language", "sheets"),
    [("en", ["Instructions", "Persons"]), ("qu", ["Instrucciones", "Personas"])],
)
def test_the_template_is_in_the_pages_language_when_it_is_a_whole_one(
    language: str, sheets: list[str]
) -> None:
    client, _user = officer()
    answer = client.get("/submissions/template/", HTTP_ACCEPT_LANGUAGE=language)
    workbook = openpyxl.load_workbook(io.BytesIO(answer.content))
    assert workbook.sheetnames[0] == sheets[0]
    assert sheets[1] in workbook.sheetnames


def test_the_pseudo_language_marks_every_word_of_the_form_and_of_the_dry_runs_page(
    tmp_path: Path,
) -> None:
    from django.conf import settings

    client, user = officer()
    with pseudo_language(tmp_path):
        form = client.get("/submissions/new/", HTTP_ACCEPT_LANGUAGE=PSEUDO).content.decode()
        job = dry_run(client, GOOD, BAD_SEX)
        result = client.get(f"/jobs/{job.pk}/", HTTP_ACCEPT_LANGUAGE=PSEUDO).content.decode()
        endonyms = [name for _code, name in settings.LANGUAGES]
        police = Agency.objects.get(code="PNP")
        data = [localized(police, "name", PSEUDO), police.code, user.email, "Kuska", *endonyms]
    data += ["CSV", "XLSX", "JSON", "personas.csv", "persons", "sex", "(Excel)", "(TOML)", "HTCDS"]
    data += list(RECORD_TYPES)
    assert "⟦Submit files⟧" in visible_text(form)
    assert "⟦Import⟧" in visible_text(result)
    assert unmarked(visible_text(form), data) == []
    assert unmarked(visible_text(result), data) == []
