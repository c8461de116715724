"""API tokens belong to users: issued, listed and revoked by the user's e-mail, hashed at rest, expiring, audited;
the agency tokens of an older database become tokens of one API user per agency."""

from __future__ import annotations

import datetime
import hashlib
from pathlib import Path

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.test import override_settings
from django.utils import timezone
from rest_framework.test import APIClient

from kuska.accounts.models import ApiToken, User
from kuska.audit.models import Event
from kuska.cli import main
from kuska.registry.models import Agency
from tests.intake_files import person, write_csv
from tests.personas import api_client, member, token_of

pytestmark = pytest.mark.usefixtures("peru")

BATCHES = "/api/v1/batches/"


def client_with(secret: str) -> APIClient:
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {secret}")
    return client


def issued_secret(output: str) -> str:
    return next(line for line in output.splitlines() if line.startswith("ksk_"))


def test_the_token_command_issues_a_token_that_acts_as_the_user(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    officer = member("officer@pnp.example", "PNP", "data_officer")
    monkeypatch.setenv("KUSKA_LANGUAGE", "es")
    assert main(["token", "issue", "Officer@PNP.example", "--label", "SIDPOL export"]) == 0
    out = capsys.readouterr().out
    secret = issued_secret(out)
    assert "no lo guarda" in out

    token = ApiToken.objects.get()
    assert token.user == officer
    assert token.digest == hashlib.sha256(secret.encode()).hexdigest()
    assert secret not in str(list(ApiToken.objects.values()))
    assert token.expires_at - token.created_at == datetime.timedelta(days=90)

    client = client_with(secret)
    answer = client.post(
        "/api/v1/submissions/",
        {"file": [write_csv(tmp_path / "personas.csv", [person("P-1")]).open("rb")]},
        format="multipart",
    )
    assert answer.status_code == 201
    assert answer.json()["agency"] == "PNP"
    imported = Event.objects.get(action="intake.import")
    assert imported.actor == officer
    assert imported.records == [f"registry.submissionbatch:{answer.json()['files'][0]['batch_id']}"]


def test_the_token_command_lists_tokens_without_showing_them_and_revokes_one(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("KUSKA_LANGUAGE", "en")
    officer = member("officer@pnp.example", "PNP", "data_officer")
    assert main(["token", "issue", officer.email, "--label", "SIDPOL export", "--days", "7"]) == 0
    secret = issued_secret(capsys.readouterr().out)
    token = ApiToken.objects.get()

    assert main(["token", "list", officer.email]) == 0
    listing = capsys.readouterr().out
    assert "SIDPOL export" in listing
    assert "active" in listing
    assert "ksk_" not in listing

    assert main(["token", "revoke", officer.email, str(token.pk)]) == 0
    capsys.readouterr()
    token.refresh_from_db()
    assert token.revoked_at is not None
    assert ApiToken.user_for(secret) is None
    assert client_with(secret).get(BATCHES).status_code == 401
    assert [(e.action, e.records) for e in Event.objects.filter(action__startswith="token.")] == [
        ("token.issue", [f"accounts.user:{officer.pk}", f"accounts.apitoken:{token.pk}"]),
        ("token.revoke", [f"accounts.user:{officer.pk}", f"accounts.apitoken:{token.pk}"]),
    ]
    assert all(
        e.source.startswith("cli:") for e in Event.objects.filter(action__startswith="token.")
    )


def test_the_token_command_refuses_an_unknown_user_or_another_users_token(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("KUSKA_LANGUAGE", "es")
    assert main(["token", "issue", "nobody@example.org"]) == 1
    assert "nobody@example.org" in capsys.readouterr().err
    officer = member("officer@pnp.example", "PNP", "data_officer")
    other = member("officer@mp.example", "MP-FISCALIA", "data_officer")
    token, _ = ApiToken.issue(officer, days=90)
    assert main(["token", "revoke", other.email, str(token.pk)]) == 1
    assert "no tiene un token con id" in capsys.readouterr().err
    token.refresh_from_db()
    assert token.revoked_at is None
    assert main(["token", "issue", officer.email, "--days", "0"]) == 1
    assert "1" in capsys.readouterr().err


def test_an_expired_token_no_longer_authenticates() -> None:
    officer = member("officer@pnp.example", "PNP", "data_officer")
    secret = token_of(officer)
    assert client_with(secret).get(BATCHES).status_code == 200
    ApiToken.objects.update(expires_at=timezone.now() - datetime.timedelta(seconds=1))
    answer = client_with(secret).get(BATCHES)
    assert answer.status_code == 401
    assert (
        answer.json()["error"]["en"] == "The token is not valid, has expired or has been revoked."
    )


@override_settings(API_TOKEN_DAYS=30)
def test_tokens_last_the_configured_number_of_days() -> None:
    officer = member("officer@pnp.example", "PNP", "data_officer")
    assert main(["token", "issue", officer.email]) == 0
    token = ApiToken.objects.get()
    assert token.expires_at - token.created_at == datetime.timedelta(days=30)


def test_a_disabled_users_token_no_longer_authenticates() -> None:
    officer = member("officer@pnp.example", "PNP", "data_officer")
    client = api_client(officer)
    assert client.get(BATCHES).status_code == 200
    User.objects.filter(pk=officer.pk).update(is_active=False)
    assert client.get(BATCHES).status_code == 401


def test_a_token_can_do_only_what_its_users_roles_allow() -> None:
    analyst = api_client(member("analyst@example.org", "MIMP", "analyst"))
    for answer in (analyst.get(BATCHES), analyst.post("/api/v1/submissions/", {})):
        assert answer.status_code == 403
        assert answer.json()["error"]["code"] == "forbidden"


@pytest.mark.django_db(transaction=True)
def test_the_migration_turns_each_agency_token_into_a_token_of_the_agencys_api_user() -> None:
    executor = MigrationExecutor(connection)
    before = [("intake", "0001_initial"), ("accounts", "0002_api_tokens")]
    executor.migrate(before)
    old = executor.loader.project_state(before).apps
    police = old.get_model("registry", "Agency").objects.get(code="PNP")
    secret = "ksk_an-old-agency-token"
    old.get_model("intake", "AgencyToken").objects.create(
        agency=police, label="SIDPOL", digest=hashlib.sha256(secret.encode()).hexdigest()
    )
    executor = MigrationExecutor(connection)
    executor.migrate(executor.loader.graph.leaf_nodes())

    found = ApiToken.user_for(secret)
    assert found is not None
    user, token = found
    assert user.email == "api-pnp@kuska.invalid"
    assert not user.has_usable_password()
    assert [(m.role.code, m.agency.code) for m in user.memberships.all()] == [
        ("data_officer", "PNP")
    ]
    assert token.label == "SIDPOL"
    assert token.expires_at > timezone.now() + datetime.timedelta(days=89)
    assert client_with(secret).get(BATCHES).status_code == 200
    assert Agency.objects.filter(code="PNP").exists()
