"""The REST API: an agency's data officer submits files with their token and reads back the batches and rejected
rows of their agency."""

from __future__ import annotations

from collections.abc import Callable
from contextlib import ExitStack
from pathlib import Path
from typing import Any

import pytest
from django.test import override_settings
from rest_framework.test import APIClient

from kuska.intake.models import RejectedRow
from kuska.registry.models import PersonRecord, SubmissionBatch
from tests.intake_files import person, write_csv
from tests.personas import officer_client

pytestmark = pytest.mark.usefixtures("peru")

SUBMISSIONS = "/api/v1/submissions/"

Client = Callable[[str], APIClient]


def batch_url(batch_id: object) -> str:
    return f"/api/v1/batches/{batch_id}/"


def rejected_url(batch_id: object) -> str:
    return f"/api/v1/batches/{batch_id}/rejected/"


@pytest.fixture
def client_of(peru: None) -> Client:
    """An API client holding a fresh token of a data officer of the agency with the given code."""
    return officer_client


@pytest.fixture
def police(client_of: Client) -> APIClient:
    """The police data officer's system (PNP)."""
    return client_of("PNP")


@pytest.fixture
def prosecutor(client_of: Client) -> APIClient:
    """A prosecutor's office's system (MP-FISCALIA), which must not see the police's batches."""
    return client_of("MP-FISCALIA")


def post_files(client: APIClient, *paths: Path, **fields: str) -> Any:
    with ExitStack() as stack:
        files = [stack.enter_context(path.open("rb")) for path in paths]
        return client.post(SUBMISSIONS, {"file": files, **fields}, format="multipart")


def nothing_stored() -> bool:
    return not (
        SubmissionBatch.objects.exists()
        or PersonRecord.objects.exists()
        or RejectedRow.objects.exists()
    )


def test_submitting_a_csv_returns_the_counts_and_the_batch_id(
    police: APIClient, tmp_path: Path
) -> None:
    rows = [person("P-1"), person("P-2", sex="X"), person("P-3", document_number="22222222")]
    response = post_files(police, write_csv(tmp_path / "personas.csv", rows))

    assert response.status_code == 201, response.json()
    body = response.json()
    assert body["agency"] == "PNP"
    assert body["dry_run"] is False
    assert body["totals"] == {
        "rows_read": 3,
        "accepted": 2,
        "created": 2,
        "updated": 0,
        "unchanged": 0,
        "rejected": 1,
    }
    (file_report,) = body["files"]
    assert file_report["file"] == "personas.csv"
    assert file_report["format"] == "csv"
    assert file_report["ignored_sheets"] == []
    (sheet,) = file_report["sheets"]
    assert sheet["record_type"] == "persons"
    assert (sheet["rows_read"], sheet["accepted"], sheet["rejected"]) == (3, 2, 1)
    batch = SubmissionBatch.objects.get(pk=file_report["batch_id"])
    assert batch.agency.code == "PNP"
    assert batch.channel == SubmissionBatch.Channel.API
    assert PersonRecord.objects.filter(agency__code="PNP").count() == 2


def test_a_submissions_batches_name_the_user_whose_token_sent_them(
    police: APIClient, tmp_path: Path
) -> None:
    response = post_files(police, write_csv(tmp_path / "personas.csv", [person("P-1")]))
    batch = SubmissionBatch.objects.get(pk=response.json()["files"][0]["batch_id"])
    assert batch.submitted_by is not None
    assert batch.submitted_by.email == "officer@pnp.example"


def test_columns_the_registry_does_not_know_are_reported_as_ignored(
    police: APIClient, tmp_path: Path
) -> None:
    row = {**person("P-1"), "comisaria": "Iquitos"}
    response = post_files(police, write_csv(tmp_path / "personas.csv", [row]))

    assert response.status_code == 201
    assert response.json()["files"][0]["sheets"][0]["ignored_columns"] == ["comisaria"]


def test_the_record_type_can_be_given_when_the_file_name_does_not_say_it(
    police: APIClient, tmp_path: Path
) -> None:
    export = write_csv(tmp_path / "export-2020.csv", [person("P-1")])

    refused = post_files(police, export)
    assert refused.status_code == 400
    assert nothing_stored()

    response = post_files(police, export, type="persons", format="csv")
    assert response.status_code == 201
    assert response.json()["totals"]["created"] == 1


def test_several_files_make_one_batch_each(police: APIClient, tmp_path: Path) -> None:
    response = post_files(
        police,
        write_csv(tmp_path / "personas.csv", [person("P-1")]),
        write_csv(tmp_path / "persons.csv", [person("P-2", document_number="33333333")]),
    )

    assert response.status_code == 201
    batch_ids = [f["batch_id"] for f in response.json()["files"]]
    assert len(set(batch_ids)) == 2
    assert SubmissionBatch.objects.filter(pk__in=batch_ids).count() == 2


def test_the_batch_shows_its_status_and_counters(police: APIClient, tmp_path: Path) -> None:
    rows = [person("P-1"), person("P-2", sex="X")]
    batch_id = post_files(police, write_csv(tmp_path / "personas.csv", rows)).json()["files"][0][
        "batch_id"
    ]

    response = police.get(batch_url(batch_id))

    assert response.status_code == 200
    body = response.json()
    assert body["id"] == batch_id
    assert body["agency"] == "PNP"
    assert body["status"] == "completed"
    assert body["channel"] == "api"
    assert body["file_name"] == "personas.csv"
    assert body["format"] == "csv"
    assert body["received_at"]
    assert body["counts"] == {
        "rows_read": 2,
        "accepted": 1,
        "created": 1,
        "updated": 0,
        "unchanged": 0,
        "rejected": 1,
    }


def test_rejected_rows_come_back_with_row_column_value_and_reason(
    police: APIClient, tmp_path: Path
) -> None:
    rows = [person("P-1"), person("P-2", sex="X")]
    batch_id = post_files(police, write_csv(tmp_path / "personas.csv", rows)).json()["files"][0][
        "batch_id"
    ]

    response = police.get(rejected_url(batch_id))

    assert response.status_code == 200
    body = response.json()
    assert body["count"] == 1
    (rejected,) = body["results"]
    assert rejected["sheet"] == "personas.csv"
    assert rejected["record_type"] == "persons"
    assert rejected["row"] == 3
    assert rejected["submitted"]["record_id"] == "P-2"
    assert rejected["submitted"]["given_names"] == "***"
    assert rejected["problems"] == [
        {
            "row": 3,
            "column": "sex",
            "value": "X",
            "code": "not_in_code_list",
            "message_es": "El valor no está en la lista «sex» (use el código o la etiqueta en español o inglés).",
            "message_en": "The value is not in the code list 'sex' (use the code or the Spanish or English label).",
        }
    ]


def test_rejected_rows_are_paginated_100_a_page(police: APIClient, tmp_path: Path) -> None:
    rows = [person(f"P-{n}", sex="X") for n in range(1, 206)]
    batch_id = post_files(police, write_csv(tmp_path / "personas.csv", rows)).json()["files"][0][
        "batch_id"
    ]

    first = police.get(rejected_url(batch_id)).json()
    assert first["count"] == 205
    assert len(first["results"]) == 100
    assert first["previous"] is None
    assert first["next"].endswith(f"{rejected_url(batch_id)}?page=2")
    assert [r["row"] for r in first["results"]][:3] == [2, 3, 4]

    last = police.get(rejected_url(batch_id), {"page": 3}).json()
    assert [r["row"] for r in last["results"]] == [202, 203, 204, 205, 206]
    assert last["next"] is None

    beyond = police.get(rejected_url(batch_id), {"page": 4})
    assert beyond.status_code == 404
    assert set(beyond.json()["error"]) == {"code", "es", "en"}


def test_a_dry_run_checks_everything_and_stores_nothing(police: APIClient, tmp_path: Path) -> None:
    rows = [person("P-1"), person("P-2", sex="X")]
    response = post_files(police, write_csv(tmp_path / "personas.csv", rows), dry_run="true")

    assert response.status_code == 200
    body = response.json()
    assert body["dry_run"] is True
    assert body["totals"]["accepted"] == 1
    assert body["totals"]["rejected"] == 1
    assert body["files"][0]["batch_id"] is None
    assert nothing_stored()


def test_an_unreadable_file_is_refused_in_both_languages_and_nothing_is_stored(
    police: APIClient, tmp_path: Path
) -> None:
    good = write_csv(tmp_path / "personas.csv", [person("P-1")])
    damaged = tmp_path / "identificaciones.xlsx"
    damaged.write_bytes(b"PK\x03\x04 this is not a workbook")

    response = post_files(police, good, damaged)

    assert response.status_code == 400
    error = response.json()["error"]
    assert error["code"] == "submission_refused"
    assert "identificaciones.xlsx" in error["es"]
    assert "no es un libro de Excel legible" in error["es"]
    assert "is not a readable Excel workbook" in error["en"]
    assert nothing_stored()


def test_the_uploaded_files_are_not_kept_once_the_submission_is_over(
    police: APIClient, tmp_path: Path, settings: Any
) -> None:
    uploads = tmp_path / "uploads"
    uploads.mkdir()
    settings.FILE_UPLOAD_TEMP_DIR = str(uploads)
    good = write_csv(tmp_path / "personas.csv", [person("P-1")])
    damaged = tmp_path / "casos.xlsx"
    damaged.write_bytes(b"PK\x03\x04 damaged")

    assert post_files(police, good).status_code == 201
    assert post_files(police, good, damaged).status_code == 400
    assert [p for p in uploads.rglob("*") if not p.is_dir()] == []


@pytest.mark.parametrize(
    ("fields", "code"),
    [
        ({"format": "mininter"}, "unknown_format"),
        ({"dry_run": "perhaps"}, "bad_boolean"),
        ({"type": "spaceships"}, "submission_refused"),
    ],
)
def test_bad_options_are_refused_in_both_languages(
    police: APIClient, tmp_path: Path, fields: dict[str, str], code: str
) -> None:
    response = post_files(police, write_csv(tmp_path / "personas.csv", [person("P-1")]), **fields)

    assert response.status_code == 400
    error = response.json()["error"]
    assert error["code"] == code
    assert error["es"]
    assert error["en"]
    assert nothing_stored()


def test_a_submission_without_a_file_is_refused(police: APIClient) -> None:
    response = police.post(SUBMISSIONS, {"dry_run": "false"}, format="multipart")

    assert response.status_code == 400
    assert response.json()["error"]["code"] == "no_file"


def test_json_instead_of_files_is_refused(police: APIClient) -> None:
    response = police.post(SUBMISSIONS, {"rows": []}, format="json")

    assert response.status_code == 415
    assert response.json()["error"]["es"] == "Envíe los archivos como multipart/form-data."


@override_settings(API_MAX_UPLOAD_BYTES=2000)
def test_a_submission_over_the_size_limit_is_refused_with_413(
    police: APIClient, tmp_path: Path
) -> None:
    rows = [person(f"P-{n}") for n in range(100)]
    response = post_files(police, write_csv(tmp_path / "personas.csv", rows))

    assert response.status_code == 413
    error = response.json()["error"]
    assert error["code"] == "too_large"
    assert "tamaño máximo" in error["es"]
    assert "larger than the limit" in error["en"]
    assert nothing_stored()


@pytest.mark.parametrize(
    "url", [SUBMISSIONS, batch_url(1), rejected_url(1)], ids=["submit", "batch", "rejected"]
)
@pytest.mark.parametrize(
    "authorization",
    [None, "Token ksk_not-a-real-token", "Token", "Bearer ksk_x", "Token a b"],
    ids=["no token", "unknown token", "empty", "other scheme", "malformed"],
)
def test_without_a_valid_token_the_answer_is_401(
    peru: None, url: str, authorization: str | None
) -> None:
    client = APIClient()
    if authorization is not None:
        client.credentials(HTTP_AUTHORIZATION=authorization)

    response = client.post(url, {}) if url == SUBMISSIONS else client.get(url)

    assert response.status_code == 401
    assert response["WWW-Authenticate"].startswith("Token")
    error = response.json()["error"]
    assert error["es"]
    assert error["en"]


def test_another_agencys_batch_is_not_found_as_if_it_did_not_exist(
    police: APIClient, prosecutor: APIClient, tmp_path: Path
) -> None:
    rows = [person("P-1", sex="X")]
    batch_id = post_files(police, write_csv(tmp_path / "personas.csv", rows)).json()["files"][0][
        "batch_id"
    ]
    missing_id = batch_id + 1000

    for url, missing in ((batch_url, batch_url), (rejected_url, rejected_url)):
        theirs = prosecutor.get(url(batch_id))
        nowhere = prosecutor.get(missing(missing_id))
        assert theirs.status_code == 404
        assert nowhere.status_code == 404
        assert theirs.json()["error"]["code"] == nowhere.json()["error"]["code"]
        assert police.get(url(batch_id)).status_code == 200


@pytest.mark.parametrize(
    "url",
    [batch_url("abc"), rejected_url("²"), batch_url("9" * 30), "/api/v1/nothing-here/"],
)
def test_a_malformed_id_or_an_unknown_address_is_a_json_404(police: APIClient, url: str) -> None:
    response = police.get(url)

    assert response.status_code == 404
    assert response["Content-Type"] == "application/json"
    assert set(response.json()["error"]) == {"code", "es", "en"}
