"""Signing in: the password, the lockout after five failures, the second factor for the roles that reveal
identities or administer, idle sessions ending, and the audit events of all of it."""

from __future__ import annotations

import datetime
import importlib
import logging
import time
from types import SimpleNamespace
from typing import Any
from unittest import mock

import pytest
from django.apps import apps as django_apps
from django.conf import LazySettings
from django.db import connection
from django.test import Client
from django.utils import timezone

from kuska.accounts.models import Authenticator, User
from kuska.accounts.roles import read_roles
from kuska.accounts.second_factor import (
    confirmed_device,
    needs_second_factor,
    new_confirmed_device,
    roles_needing_second_factor,
    secret_text,
    verify_code,
)
from kuska.audit.models import Event
from tests.personas import PASSWORD, current_code, person

pytestmark = pytest.mark.usefixtures("peru")


@pytest.fixture(autouse=True)
def fast_passwords(settings: LazySettings) -> None:
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


def sign_in(client: Client, email: str, password: str) -> Any:
    return client.post("/sign-in/", {"username": email, "password": password})


def events(action: str) -> list[Event]:
    return list(Event.objects.filter(action=action).order_by("sequence"))


def stored_key(pk: int) -> str:
    """What the database itself holds in an authenticator's key column."""
    quote = connection.ops.quote_name
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT {quote('key')} FROM {quote(Authenticator._meta.db_table)} WHERE id = %s",
            [pk],
        )
        row = cursor.fetchone()
    assert row is not None
    return str(row[0])


# the password


def test_the_sign_in_page_is_in_spanish_first_and_english_when_asked() -> None:
    spanish = Client().get("/sign-in/").content.decode()
    assert 'lang="es"' in spanish
    assert "Iniciar sesión" in spanish
    assert "Contraseña" in spanish
    english = Client().get("/sign-in/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "Sign in" in english
    assert "Password" in english


def test_the_language_switch_changes_the_pages_language() -> None:
    client = Client()
    client.post("/language/", {"language": "en", "next": "/sign-in/"})
    assert "Password" in client.get("/sign-in/").content.decode()
    client.post("/language/", {"language": "es", "next": "/sign-in/"})
    assert "Contraseña" in client.get("/sign-in/").content.decode()


def speaking(user: User, language: str) -> User:
    user.language = language
    user.save(update_fields=["language"])
    return user


def test_after_signing_in_the_pages_speak_the_users_stored_language(
    settings: LazySettings,
) -> None:
    auditor = speaking(person("auditor"), "en")
    client = Client()
    assert "Contraseña" in client.get("/sign-in/").content.decode()
    sign_in(client, auditor.email, PASSWORD)
    assert client.cookies[settings.LANGUAGE_COOKIE_NAME].value == "en"
    home = client.get("/").content.decode()
    assert 'lang="en"' in home
    assert "Sign out" in home
    assert "Cerrar sesión" not in home


def test_the_stored_language_wins_over_the_one_the_sign_in_page_was_read_in() -> None:
    auditor = person("auditor")  # Spanish, the default
    client = Client()
    client.post("/language/", {"language": "en", "next": "/sign-in/"})
    assert "Password" in client.get("/sign-in/").content.decode()
    sign_in(client, auditor.email, PASSWORD)
    assert 'lang="es"' in client.get("/").content.decode()
    assert User.objects.get(pk=auditor.pk).language == "es"  # an anonymous switch stores nothing


def test_the_second_factor_step_already_speaks_the_users_language() -> None:
    analyst = speaking(person("analyst"), "en")
    new_confirmed_device(analyst)
    client = Client()
    sign_in(client, analyst.email, PASSWORD)
    step = client.get("/sign-in/second-factor/").content.decode()
    assert "Code from your authenticator app" in step


def test_the_language_switch_stores_a_signed_in_users_choice_for_their_next_sign_in() -> None:
    auditor = speaking(person("auditor"), "en")
    client = Client()
    sign_in(client, auditor.email, PASSWORD)
    client.post("/language/", {"language": "es", "next": "/"})
    assert User.objects.get(pk=auditor.pk).language == "es"
    assert 'lang="es"' in client.get("/").content.decode()
    later = Client()
    later.post("/language/", {"language": "en", "next": "/sign-in/"})
    sign_in(later, auditor.email, PASSWORD)
    assert 'lang="es"' in later.get("/").content.decode()


def test_a_language_switch_before_the_second_factor_changes_the_page_but_stores_nothing() -> None:
    analyst = person("analyst")
    new_confirmed_device(analyst)
    client = Client()
    sign_in(client, analyst.email, PASSWORD)
    client.post("/language/", {"language": "en", "next": "/sign-in/second-factor/"})
    assert (
        "Code from your authenticator app" in client.get("/sign-in/second-factor/").content.decode()
    )
    assert User.objects.get(pk=analyst.pk).language == "es"


def test_a_language_kuska_does_not_offer_is_neither_stored_nor_set() -> None:
    auditor = person("auditor")
    client = Client()
    sign_in(client, auditor.email, PASSWORD)
    client.post("/language/", {"language": "xx", "next": "/"})
    assert User.objects.get(pk=auditor.pk).language == "es"
    assert 'lang="es"' in client.get("/").content.decode()


def test_signing_in_and_out_are_audit_events() -> None:
    auditor = person("auditor")
    client = Client()
    response = sign_in(client, "Auditor@MININTER.example", PASSWORD)
    assert response.status_code == 302
    assert response["Location"] == "/"
    page = client.get("/").content.decode()
    assert "auditor@mininter.example" in page
    assert "Auditor / oficial de protección de datos" in page
    client.post("/sign-out/")
    assert client.get("/").context["user"].is_anonymous
    [login] = events("auth.login")
    [logout] = events("auth.logout")
    assert (login.actor, login.source, login.records) == (
        auditor,
        "127.0.0.1",
        [f"accounts.user:{auditor.pk}"],
    )
    assert logout.actor == auditor


def test_a_failed_sign_in_keeps_the_email_as_typed_only_in_the_audit_trail(
    caplog: pytest.LogCaptureFixture,
) -> None:
    auditor = person("auditor")
    caplog.set_level(logging.DEBUG)
    response = sign_in(Client(), "AUDITOR@mininter.example", "not-the-password")
    assert response.status_code == 200
    assert "mininter.example" not in caplog.text.lower()
    assert "not-the-password" not in caplog.text
    [failed] = events("auth.login_failed")
    assert failed.actor is None
    assert failed.actor_email == "AUDITOR@mininter.example"
    assert failed.records == [f"accounts.user:{auditor.pk}"]
    assert failed.outcome == "failure"
    assert not any("not-the-password" in str(e.__dict__) for e in Event.objects.all())


def test_a_failed_sign_in_of_an_unknown_address_names_no_user() -> None:
    sign_in(Client(), "nadie@ejemplo.example", "whatever-it-is")
    [failed] = events("auth.login_failed")
    assert (failed.actor, failed.actor_email, failed.records) == (
        None,
        "nadie@ejemplo.example",
        [],
    )


# the lockout


def test_five_failures_lock_the_account_and_the_sixth_attempt_is_refused_even_with_the_password() -> (
    None
):
    auditor = person("auditor")
    client = Client()
    answers = [sign_in(client, auditor.email, f"wrong-{n}").status_code for n in range(5)]
    assert answers == [200, 200, 200, 200, 429]
    sixth = sign_in(client, auditor.email, PASSWORD)
    assert sixth.status_code == 429
    page = sixth.content.decode()
    assert "Cuenta bloqueada" in page
    assert "30 minutos" in page
    assert "_auth_user_id" not in client.session
    assert not events("auth.login")
    assert len(events("auth.login_failed")) == 6
    lockouts = events("auth.lockout")
    assert lockouts
    assert {(e.actor_email, e.outcome) for e in lockouts} == {(auditor.email, "denied")}
    assert all(e.records == [f"accounts.user:{auditor.pk}"] for e in lockouts)


def test_the_lockout_is_of_the_account_not_of_everyone_at_the_address() -> None:
    person("auditor")
    analyst = person("analyst")
    client = Client()
    for n in range(5):
        sign_in(client, "auditor@mininter.example", f"wrong-{n}")
    assert sign_in(Client(), analyst.email, PASSWORD).status_code == 302


def test_the_lockout_lasts_thirty_minutes(settings: LazySettings) -> None:
    assert settings.AXES_FAILURE_LIMIT == 5
    assert datetime.timedelta(minutes=30) == settings.AXES_COOLOFF_TIME
    assert settings.AXES_LOCKOUT_PARAMETERS == ["username"]


# the second factor


def test_the_roles_that_reveal_identities_or_administer_need_a_second_factor() -> None:
    spec = read_roles()
    expected = sorted(
        code
        for code, role in spec.roles.items()
        if role.assignable and role.permissions & spec.second_factor
    )
    assert [role.code for role in roles_needing_second_factor()] == expected
    assert expected == ["administrator", "analyst", "case_worker", "data_officer", "screener"]
    assert {"identity.reveal", "users.manage"} <= spec.second_factor
    assert not needs_second_factor(person("auditor"))
    assert needs_second_factor(person("analyst"))
    assert needs_second_factor(User.objects.create_superuser("root@kuska.example", PASSWORD))


def test_a_revealing_role_reaches_no_page_with_the_password_alone() -> None:
    analyst = person("analyst")
    device = new_confirmed_device(analyst)
    client = Client()
    response = sign_in(client, analyst.email, PASSWORD)
    assert response.status_code == 302
    for path in ("/", "/admin/"):
        blocked = client.get(path)
        assert blocked.status_code == 302
        assert blocked["Location"].startswith("/sign-in/second-factor/")
    step = client.get("/sign-in/second-factor/", {"next": "/"}).content.decode()
    assert "autenticación" in step or "autenticador" in step
    assert secret_text(device) not in step  # a confirmed device's key is never shown again
    wrong = client.post("/sign-in/second-factor/", {"code": "000000", "next": "/"})
    assert wrong.status_code == 200
    assert client.get("/").status_code == 302
    time.sleep(1.1)  # a wrong code makes the next try wait a second (doubling with each failure)
    right = client.post("/sign-in/second-factor/", {"code": current_code(device), "next": "/"})
    assert right.status_code == 302
    assert right["Location"] == "/"
    home = client.get("/")
    assert home.status_code == 200
    assert analyst.email in home.content.decode()
    reasons = [e.reason for e in events("auth.login")]
    assert reasons == ["password accepted, second factor pending", "second factor given"]
    [failed] = events("auth.login_failed")
    assert (failed.actor, failed.reason) == (analyst, "wrong second-factor code")


def test_a_role_without_reveal_or_administration_needs_no_second_factor() -> None:
    auditor = person("auditor")
    client = Client()
    sign_in(client, auditor.email, PASSWORD)
    assert client.get("/").status_code == 200
    assert not Authenticator.objects.filter(user=auditor).exists()


def test_a_first_sign_in_enrols_an_authenticator_with_the_key_as_text_and_a_qr_code() -> None:
    officer = person("data_officer")
    client = Client()
    sign_in(client, officer.email, PASSWORD)
    page = client.get("/sign-in/second-factor/").content.decode()
    device = Authenticator.objects.get(user=officer)
    assert not device.confirmed
    assert secret_text(device) in page
    assert "<svg" in page
    assert "<title>" in page
    assert client.get("/sign-in/second-factor/").content.decode().count(secret_text(device)) == 1
    response = client.post("/sign-in/second-factor/", {"code": current_code(device)})
    assert response.status_code == 302
    device.refresh_from_db()
    assert device.confirmed
    assert confirmed_device(officer) == device
    assert client.get("/").status_code == 200
    assert [e.reason for e in events("auth.login")][-1] == "second factor enrolled"


def test_an_authenticators_key_is_encrypted_in_its_column_and_its_codes_still_verify() -> None:
    analyst = person("analyst")
    device = new_confirmed_device(analyst)
    stored = stored_key(device.pk)
    assert device.key not in stored
    assert device.key.upper() not in stored
    assert stored.startswith("v1:")
    loaded = Authenticator.objects.get(pk=device.pk)
    assert loaded.key == device.key
    assert verify_code(loaded, current_code(loaded))


def test_the_migration_moves_django_otps_clear_keys_into_encrypted_authenticators() -> None:
    """A database from before: django-otp's TOTP table, its key in clear, becomes an encrypted authenticator
    with the same key and state, and the clear row is gone."""
    analyst = person("analyst")
    key = "3132333435363738393031323334353637383930"
    quote = connection.ops.quote_name
    with connection.cursor() as cursor:
        cursor.execute(
            "CREATE TABLE otp_totp_totpdevice (id integer PRIMARY KEY, user_id bigint, name varchar(64), "
            f"confirmed boolean, {quote('key')} varchar(80), step smallint, t0 bigint, digits smallint, "
            "tolerance smallint, drift smallint, last_t bigint)"
        )
        cursor.execute(
            "INSERT INTO otp_totp_totpdevice VALUES (7, %s, 'phone', %s, %s, 30, 0, 6, 1, 0, 12)",
            [analyst.pk, True, key],
        )
    migration = importlib.import_module("kuska.accounts.migrations.0004_authenticators")
    migration.encrypt_totp_devices(django_apps, SimpleNamespace(connection=connection))
    [moved] = Authenticator.objects.filter(user=analyst)
    assert (moved.key, moved.name, moved.confirmed, moved.last_t) == (key, "phone", True, 12)
    assert key not in stored_key(moved.pk)
    with connection.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM otp_totp_totpdevice")
        assert cursor.fetchone() == (0,)
    assert confirmed_device(analyst) == moved
    assert verify_code(moved, current_code(moved))


def test_a_code_is_accepted_once() -> None:
    analyst = person("analyst")
    device = new_confirmed_device(analyst)
    code = current_code(device)
    first, second = Client(), Client()
    sign_in(first, analyst.email, PASSWORD)
    assert first.post("/sign-in/second-factor/", {"code": code}).status_code == 302
    sign_in(second, analyst.email, PASSWORD)
    assert second.post("/sign-in/second-factor/", {"code": code}).status_code == 200
    assert second.get("/").status_code == 302


def test_a_disabled_user_is_signed_out_of_every_session() -> None:
    from kuska.accounts.users import disable_user

    auditor = person("auditor")
    browsers = [Client(), Client()]
    for browser in browsers:
        sign_in(browser, auditor.email, PASSWORD)
        assert browser.get("/").context["user"] == auditor
    disabled = disable_user(auditor.email, source="test")
    assert disabled.sessions_ended == 2
    for browser in browsers:
        assert browser.get("/").context["user"].is_anonymous


# idle sessions


def test_a_session_ends_after_thirty_idle_minutes_and_each_request_extends_it(
    settings: LazySettings,
) -> None:
    assert (settings.SESSION_COOKIE_AGE, settings.SESSION_SAVE_EVERY_REQUEST) == (1800, True)
    person("auditor")
    client = Client()
    start = timezone.now()
    sign_in(client, "auditor@mininter.example", PASSWORD)

    def user_at(minutes: int) -> object:
        with mock.patch(
            "django.utils.timezone.now", return_value=start + datetime.timedelta(minutes=minutes)
        ):
            return client.get("/").context["user"]

    assert not user_at(29).is_anonymous  # type: ignore[attr-defined]
    assert not user_at(58).is_anonymous  # type: ignore[attr-defined]  # 29 idle minutes again
    assert user_at(89).is_anonymous  # type: ignore[attr-defined]  # 31 idle minutes
