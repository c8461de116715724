"""The administration site under the site's strict Content-Security-Policy: a staff user, signed in with their
second factor, works through its index, a change list, a change form (its calendar, a new membership row and its
agency search) and a save, and the browser refuses nothing."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from django.conf import LazySettings
from playwright.sync_api import Page, Response, expect
from pytest_django.live_server_helper import LiveServer

from kuska.accounts.models import User
from kuska.accounts.second_factor import new_confirmed_device
from tests.personas import PASSWORD, current_code, person

Shot = Callable[[Page, str], Path]


def strict(answer: Response | None) -> None:
    """The page came with the site's policy: no inline script or style allowed, nothing from elsewhere."""
    assert answer is not None
    assert answer.status == 200
    header = answer.headers["content-security-policy"]
    # the directives, in whatever order the header gives them
    policy = {}
    for directive in filter(None, (part.strip() for part in header.split(";"))):
        name, _space, sources = directive.partition(" ")
        policy[name] = sources
    assert policy["default-src"] == "'none'"
    assert policy["script-src"] == "'self'"
    assert policy["style-src"] == "'self'"
    assert "unsafe" not in header


def test_the_administration_site_works_under_the_strict_policy_with_nothing_refused(
    peru: None,
    page: Page,
    live_server: LiveServer,
    transactional_db: None,
    settings: LazySettings,
    screenshot: Shot,
    console_errors: list[str],
) -> None:
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    staff = User.objects.create_superuser("root@kuska.example", PASSWORD)
    device = new_confirmed_device(staff)
    analyst = person("analyst")
    page.goto(live_server.url + "/sign-in/")
    page.get_by_label("Correo electrónico").fill(staff.email)
    page.get_by_label("Contraseña").fill(PASSWORD)
    page.get_by_role("button", name="Iniciar sesión").click()
    page.wait_for_url("**/sign-in/second-factor/**")
    page.get_by_label("Código de su aplicación de autenticación").fill(current_code(device))
    page.get_by_role("button", name="Continuar").click()
    page.wait_for_url(live_server.url + "/")

    strict(page.goto(live_server.url + "/admin/"))
    expect(page.locator("#content h1")).to_be_visible()
    screenshot(page, "admin-index")

    strict(page.goto(live_server.url + "/admin/accounts/user/?is_active__exact=1"))
    expect(page.locator("#result_list")).to_contain_text(analyst.email)
    screenshot(page, "admin-change-list")

    strict(page.goto(f"{live_server.url}/admin/accounts/user/{analyst.pk}/change/"))
    page.locator(
        "#calendarlink0"
    ).click()  # the date widget's calendar, drawn by the admin's scripts
    expect(page.locator("#calendarbox0")).to_be_visible()
    page.keyboard.press("Escape")
    page.locator(".add-row a").click()  # a new membership row, its agency searched as typed
    page.locator(".dynamic-memberships .select2-selection").last.click()
    page.locator(".select2-search__field").fill("PNP")
    expect(page.locator(".select2-results__option").first).to_contain_text("PNP")
    page.keyboard.press("Escape")
    page.locator(
        ".dynamic-memberships .delete a, .dynamic-memberships .inline-deletelink"
    ).last.click()
    screenshot(page, "admin-change-form")
    page.locator("input[name='_save']").click()
    expect(page.locator(".messagelist")).to_be_visible()

    assert console_errors == []
