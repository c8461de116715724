"""No identity leaks: people with known names, birth dates and document numbers are imported (accepted and
rejected rows, from the command line and through the API); then every role, without revealing, uses every page,
every API endpoint and the commands that read records. None of those values appears in a page, an answer, a
command's output, the rejected-rows file, a log line or an audit event."""

from __future__ import annotations

import logging
from pathlib import Path

import pytest
from django.test import Client
from rest_framework.test import APIClient

from kuska.audit.models import Event
from kuska.cli import main
from kuska.registry.models import PersonRecord, SubmissionBatch
from tests.intake_files import person, write_csv
from tests.personas import member, token_of
from tests.signin import sign_in

pytestmark = pytest.mark.usefixtures("peru")

# accepted people and rejected rows; the birth dates in the files' and ISO spellings
PEOPLE = [
    person(
        "L-1",
        given_names="Sumaq Illariy",
        paternal_surname="Quisquis",
        maternal_surname="Atoqcha",
        birth_date="14/02/2008",
        document_number="70931842",
    ),
    person(
        "L-2",
        given_names="Nayra Wankar",
        paternal_surname="Mallku",
        maternal_surname="Yawarhuaca",
        birth_date="09/10/2006",
        document_number="61827364",
        sex="X",
    ),
]
SENT_BY_API = [
    person(
        "A-1",
        given_names="Pacha Urpi",
        paternal_surname="Chuquimia",
        maternal_surname="Tiksi",
        birth_date="21/06/2007",
        document_number="52718293",
    ),
]
SECRETS = [
    "Sumaq Illariy",
    "Quisquis",
    "Atoqcha",
    "14/02/2008",
    "2008-02-14",
    "70931842",
    "Nayra Wankar",
    "Mallku",
    "Yawarhuaca",
    "09/10/2006",
    "2006-10-09",
    "61827364",
    "Pacha Urpi",
    "Chuquimia",
    "Tiksi",
    "21/06/2007",
    "2007-06-21",
    "52718293",
]
ROLES = ["administrator", "data_officer", "case_worker", "screener", "analyst", "auditor"]


def found_in(text: str) -> list[str]:
    return [secret for secret in SECRETS if secret in text]


def test_no_identity_reaches_a_page_answer_output_file_log_or_event(
    tmp_path: Path, caplog: pytest.LogCaptureFixture, capsys: pytest.CaptureFixture[str]
) -> None:
    caplog.set_level(logging.DEBUG)
    errors = tmp_path / "rechazadas.csv"
    assert (
        main(
            [
                "import",
                str(write_csv(tmp_path / "personas.csv", PEOPLE)),
                "--agency",
                "PNP",
                "--errors",
                str(errors),
            ]
        )
        == 0
    )
    officer = member("data_officer@example.org", "PNP", "data_officer")
    api = APIClient()
    api.credentials(HTTP_AUTHORIZATION=f"Token {token_of(officer)}")
    (tmp_path / "api").mkdir()
    with write_csv(tmp_path / "api" / "personas.csv", SENT_BY_API).open("rb") as handle:
        assert (
            api.post("/api/v1/submissions/", {"file": [handle]}, format="multipart").status_code
            == 201
        )
    assert PersonRecord.objects.count() == 2  # L-2 was rejected (sex X)

    person_ids = list(PersonRecord.objects.values_list("pk", flat=True))
    batch_ids = list(SubmissionBatch.objects.values_list("pk", flat=True))
    seen: dict[str, str] = {"rejected rows file": errors.read_text(encoding="utf-8")}
    for role in ROLES:
        user = member(f"{role}@example.org", "PNP", role)
        web = Client()
        sign_in(web, user)
        token = APIClient()
        token.credentials(HTTP_AUTHORIZATION=f"Token {token_of(user)}")
        urls = ["/", "/batches/", "/persons/", "/persons/?q=L", "/audit/", "/audit/?action=records"]
        urls += [f"/batches/{pk}/" for pk in batch_ids] + [f"/persons/{pk}/" for pk in person_ids]
        for url in urls:
            seen[f"{role} {url}"] = web.get(url).content.decode()
        api_urls = ["/api/v1/batches/", "/api/v1/schema/", "/api/v1/nowhere/"]
        api_urls += [f"/api/v1/batches/{pk}/" for pk in batch_ids]
        api_urls += [f"/api/v1/batches/{pk}/rejected/" for pk in batch_ids]
        for url in api_urls:
            seen[f"{role} API {url}"] = token.get(url).content.decode()
    for command in (
        ["review", "--format", "json"],
        ["audit", "list", "--format", "json"],
        ["audit", "verify"],
    ):
        main(command)
        captured = capsys.readouterr()
        seen[" ".join(command)] = captured.out + captured.err
    seen["log"] = caplog.text
    seen["audit events"] = "\n".join(event.canonical().decode() for event in Event.objects.all())

    assert Event.objects.filter(action="records.view").count() >= len(person_ids)
    assert {where: found_in(text) for where, text in seen.items() if found_in(text)} == {}
