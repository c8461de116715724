"""``kuska demo`` makes one user per role, with printed passwords and authenticator keys, and only in development
mode; each of them can sign in."""

from __future__ import annotations

import base64
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import LazySettings
from django.test import Client
from django_otp.oath import TOTP

from kuska.accounts.demo import create_demo_users, demo_email
from kuska.accounts.models import Membership
from kuska.accounts.roles import read_roles
from kuska.audit.models import Event
from kuska.cli.demo import demo_users
from kuska.config.keys import new_key

pytestmark = pytest.mark.usefixtures("peru")


@pytest.fixture(autouse=True)
def fast_passwords(settings: LazySettings) -> None:
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


def code_for(secret: str) -> str:
    key = base64.b32decode(secret.replace(" ", "") + "=" * (-len(secret.replace(" ", "")) % 8))
    totp = TOTP(key)
    return f"{totp.token():06d}"


def test_the_demo_has_one_user_for_every_role_people_sign_in_with() -> None:
    demo_users()
    spec = read_roles()
    assignable = {code for code, role in spec.roles.items() if role.assignable}
    held = {(m.user.email, m.role.code) for m in Membership.objects.select_related("user", "role")}
    assert held == {(demo_email(role), role) for role in assignable}
    assert Membership.objects.get(role__code="data_officer").agency.sector == "police"
    assert Event.objects.filter(action="user.add").count() == len(assignable)


def test_each_demo_user_signs_in_with_the_printed_password_and_key() -> None:
    agencies = {"analyst": "MININTER", "auditor": "MININTER"}
    made = {user.role: user for user in create_demo_users(agencies, source="test")}
    assert made["auditor"].secret is None
    assert made["analyst"].secret is not None
    auditor = Client()
    auditor.post(
        "/sign-in/", {"username": made["auditor"].email, "password": made["auditor"].password}
    )
    assert auditor.get("/").status_code == 200
    analyst = Client()
    analyst.post(
        "/sign-in/", {"username": made["analyst"].email, "password": made["analyst"].password}
    )
    assert analyst.get("/").status_code == 302
    analyst.post("/sign-in/second-factor/", {"code": code_for(made["analyst"].secret)})
    assert analyst.get("/").status_code == 200


@pytest.mark.parametrize("keys", [False, True], ids=["without keys", "with production keys"])
def test_the_demo_is_refused_when_debug_is_off(tmp_path: Path, keys: bool) -> None:
    env = {
        k: v for k, v in os.environ.items() if not k.startswith("KUSKA_") and k != "DATABASE_URL"
    }
    env.update(KUSKA_DEBUG="false", KUSKA_VAR_DIR=str(tmp_path), KUSKA_LANGUAGE="en")
    if keys:
        env.update(
            KUSKA_SECRET_KEY=new_key(48),
            KUSKA_DATA_KEYS=f"p1:{new_key()}",
            KUSKA_HASH_KEY=new_key(),
        )
    (tmp_path / "demo.sqlite3").write_bytes(b"an earlier demonstration")
    result = subprocess.run(
        [sys.executable, "-m", "kuska.cli", "demo", "--no-serve"],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert result.returncode == 2
    assert "KUSKA_DEBUG=true" in result.stderr
    assert "Traceback" not in result.stderr
    assert (tmp_path / "demo.sqlite3").read_bytes() == b"an earlier demonstration"
    assert not (tmp_path / "local-keys.json").exists()
