"""Every page shows a signed-in user the pages they may open, and only those: the menu reads the permissions each
page's view requires, so a link never leads to a 403."""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.test import Client

from kuska.web.menu import MENU
from tests.personas import PERSONAS, person
from tests.signin import sign_in

pytestmark = pytest.mark.usefixtures("peru")

# what docs/access.md's pages table gives each role
EXPECTED: dict[str, set[str]] = {
    "administrator": {"/figures/"},
    "data_officer": {"/persons/", "/batches/", "/submissions/new/", "/figures/", "/quality/"},
    "case_worker": {"/persons/", "/care/", "/care/tasks/", "/facilities/", "/figures/"},
    "facility_manager": {"/persons/", "/facilities/", "/figures/"},
    "screener": {
        "/persons/",
        "/calls/new/",
        "/calls/",
        "/screenings/new/",
        "/screenings/",
        "/figures/",
    },
    "analyst": {"/persons/", "/alerts/", "/figures/", "/quality/", "/review/", "/reports/"},
    "auditor": {"/audit/", "/figures/"},
}
# the pages open to everyone, signed in or not
OPEN = ["/figures/"]


def menu_links(html: str) -> list[str]:
    found = re.search(r'<nav class="menu"[^>]*>(.*?)</nav>', html, re.DOTALL)
    return re.findall(r'href="([^"]+)"', found.group(1)) if found else []


def test_a_visitor_is_offered_only_the_pages_open_to_everyone_and_each_opens() -> None:
    client = Client()
    assert menu_links(client.get("/").content.decode()) == OPEN
    for url in OPEN:
        page = client.get(url)
        assert page.status_code == 200, url
        assert f'href="{url}" aria-current="page"' in page.content.decode()


@pytest.mark.parametrize("role", sorted(PERSONAS))
def test_each_role_is_offered_the_pages_it_may_open_and_each_opens(role: str) -> None:
    client = Client()
    sign_in(client, person(role))
    links = menu_links(client.get("/").content.decode())

    assert set(links) == EXPECTED[role]
    assert len(links) == len(set(links))
    for url in links:
        page = client.get(url)
        assert page.status_code == 200, url
        assert f'href="{url}" aria-current="page"' in page.content.decode()


def test_the_menu_names_its_pages_in_the_pages_language() -> None:
    client = Client()
    sign_in(client, person("screener"))
    client.cookies["django_language"] = "en"
    english = client.get("/").content.decode()
    client.cookies["django_language"] = "es"
    spanish = client.get("/").content.decode()
    assert "Record a call" in english
    assert "Registrar una llamada" in spanish
    assert len(MENU) == 16


def test_the_analyst_finds_the_review_queue_and_the_reports_in_spanish_and_english() -> None:
    client = Client()
    sign_in(client, person("analyst"))
    spanish = client.get("/").content.decode()
    assert "Revisión de vínculos" in spanish
    assert ">Informes<" in spanish
    client.cookies["django_language"] = "en"
    english = client.get("/").content.decode()
    assert "Review queue" in english
    assert ">Reports<" in english


def test_the_menu_reads_the_users_permissions_once_however_many_pages_it_offers(
    django_assert_num_queries: Any,
) -> None:
    """The menu is on every page: the permissions of the user (memberships, roles, permissions) are read once for
    it, not once per page it lists."""
    from django.test import RequestFactory

    from kuska.web.menu import menu

    request = RequestFactory().get("/")
    request.user = person("screener")
    # the memberships with their agencies and roles, then the roles' permissions
    with django_assert_num_queries(2):
        links = menu(request)["menu"]
    assert len(links) == len(EXPECTED["screener"])
