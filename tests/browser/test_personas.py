"""Each role signs in through a real browser, with its authenticator's code where the role needs one, and lands on
its home page; the sixth wrong password finds the account locked; the sign-in pages pass axe-core."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from django.conf import LazySettings
from playwright.sync_api import Page, expect
from pytest_django.live_server_helper import LiveServer

from kuska.accounts.models import Role
from kuska.accounts.second_factor import needs_second_factor
from kuska.audit.models import Event
from tests.browser.axe import assert_accessible
from tests.personas import PASSWORD, PERSONAS, person

Shot = Callable[[Page, str], Path]


@pytest.mark.parametrize("role", sorted(PERSONAS))
def test_each_role_signs_in_and_lands_on_its_home_page(
    role: str,
    sign_in_as: Callable[[str], Page],
    screenshot: Shot,
    console_errors: list[str],
) -> None:
    page = sign_in_as(role)
    user = person(role)
    expect(page.locator("#signed-in-as")).to_have_text(user.email)
    expect(page.locator("#roles")).to_contain_text(Role.objects.get(code=role).name("es"))
    expect(page.locator("#roles")).to_contain_text(PERSONAS[role][1])
    screenshot(page, f"home-{role}")
    assert_accessible(page)
    second_factor = [e.reason for e in Event.objects.filter(actor=user, action="auth.login")]
    if needs_second_factor(user):
        assert second_factor == ["password accepted, second factor pending", "second factor given"]
    else:
        assert second_factor == [""]
    assert console_errors == []


def test_an_english_speaking_user_signs_in_on_the_spanish_page_and_lands_on_english_pages(
    sign_in_as: Callable[[str], Page],
    live_server: LiveServer,
    screenshot: Shot,
    console_errors: list[str],
) -> None:
    auditor = person("auditor")
    auditor.language = "en"
    auditor.save(update_fields=["language"])
    page = sign_in_as("auditor")  # the sign-in page, read by nobody yet, is in Spanish
    expect(page.locator("html")).to_have_attribute("lang", "en")
    expect(page.get_by_role("button", name="Sign out")).to_be_visible()
    expect(page.locator("#roles")).to_contain_text(Role.objects.get(code="auditor").name("en"))
    page.goto(live_server.url + "/audit/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Audit trail")
    screenshot(page, "audit-en")
    assert console_errors == []


def test_the_sixth_wrong_password_finds_the_account_locked(
    page: Page,
    live_server: LiveServer,
    transactional_db: None,
    settings: LazySettings,
    screenshot: Shot,
    console_errors: list[str],
) -> None:
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    auditor = person("auditor")
    page.goto(live_server.url + "/sign-in/")
    for attempt in range(1, 6):
        page.get_by_label("Correo electrónico").fill(auditor.email)
        page.get_by_label("Contraseña").fill(f"not-the-password-{attempt}")
        page.get_by_role("button", name="Iniciar sesión").click()
        if attempt < 5:
            expect(page.get_by_role("alert")).to_contain_text("correo")
            if attempt == 1:
                screenshot(page, "wrong-password")
    expect(page.get_by_role("heading", level=1)).to_have_text("Cuenta bloqueada")
    page.goto(live_server.url + "/sign-in/")
    page.get_by_label("Correo electrónico").fill(auditor.email)
    page.get_by_label("Contraseña").fill(PASSWORD)
    page.get_by_role("button", name="Iniciar sesión").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Cuenta bloqueada")
    expect(page.get_by_role("alert")).to_contain_text("30 minutos")
    screenshot(page, "locked")
    assert_accessible(page)
    assert not Event.objects.filter(action="auth.login").exists()
    assert Event.objects.filter(action="auth.lockout", actor_email=auditor.email).exists()
    assert Event.objects.filter(action="auth.login_failed").count() == 6
    assert console_errors == []


def test_the_sign_in_and_second_factor_pages_pass_axe_in_both_languages(
    page: Page,
    live_server: LiveServer,
    transactional_db: None,
    settings: LazySettings,
    screenshot: Shot,
    console_errors: list[str],
) -> None:
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    officer = person("data_officer")
    officer.language = "en"  # after the password, the pages speak the user's language
    officer.save(update_fields=["language"])
    page.goto(live_server.url + "/sign-in/")
    screenshot(page, "sign-in-es")
    assert_accessible(page)
    page.get_by_label("Idioma", exact=True).select_option("en")
    page.get_by_role("button", name="Cambiar").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Sign in")
    screenshot(page, "sign-in-en")
    assert_accessible(page)
    page.get_by_label("E-mail address").fill(officer.email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url("**/sign-in/second-factor/**")
    expect(page.locator("#secret")).not_to_be_empty()
    expect(page.locator("figure.qr svg")).to_be_visible()
    screenshot(page, "enrol-en")
    assert_accessible(page)
    page.get_by_label("Language", exact=True).select_option("es")
    page.get_by_role("button", name="Change").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Segundo factor")
    page.get_by_label("Código de su aplicación de autenticación").fill("000000")
    page.get_by_role("button", name="Confirmar").click()
    expect(page.get_by_role("alert")).to_contain_text("no es correcto")
    screenshot(page, "enrol-wrong-code-es")
    assert_accessible(page)
    assert console_errors == []
