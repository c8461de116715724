"""The authorization matrix: every role × (its own agency, another agency, the parent of its own) × every URL of
the pages and the API, with the answer docs/access.md says it should get, and no record of a place the role may
not see in any answer.

The expected answers are computed from docs/access.md (which permissions each role has, of which scope) and from
:data:`ROUTES`, which says what each URL needs. The URL resolver is enumerated: a URL without an entry in
:data:`ROUTES` fails :func:`test_every_url_has_an_entry_in_the_matrix`. The personas hold their membership at a
police unit (PNP-LOR); ``parent`` is the police (PNP) above it and ``other`` the prosecutors (MP-FISCALIA). The
own agency's records were submitted by the persona (they created them); the others' came in files.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from django.http.response import HttpResponseBase
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver
from rest_framework.test import APIClient

from kuska.cli import COMMANDS
from tests.access_world import NAMES, OWN, PLACES, Holdings, identity_strings, world
from tests.personas import member, token_of
from tests.signin import sign_in

pytestmark = pytest.mark.usefixtures("peru")

ACCESS = (Path(__file__).resolve().parent.parent / "docs" / "access.md").read_text(encoding="utf-8")
VIEW_RECORDS = (
    "records.view_all",
    "records.view_own_agency",
    "records.view_served",
    "records.view_created",
)


def _rows(text: str) -> list[list[str]]:
    return [
        [cell.strip() for cell in line.strip().strip("|").split("|")]
        for line in text.splitlines()
        if line.startswith("| `")
    ]


def _code(cell: str) -> str:
    return cell.strip().strip("`")


def documented_scopes() -> dict[str, str]:
    """Each permission's scope, as docs/access.md states it."""
    table = ACCESS.split("## Permissions\n", 1)[1].split("## Roles", 1)[0]
    return {_code(cells[0]): cells[1] for cells in _rows(table)}


def documented_roles() -> dict[str, set[str]]:
    """Each role's permissions, as docs/access.md's matrix states them."""
    matrix = ACCESS.split("What each role may do", 1)[1].split("\n## ", 1)[0]
    header = next(line for line in matrix.splitlines() if line.startswith("| Permission |"))
    roles = [_code(cell) for cell in header.strip().strip("|").split("|")[1:]]
    granted: dict[str, set[str]] = {role: set() for role in roles}
    for cells in _rows(matrix):
        for role, mark in zip(roles, cells[1:], strict=True):
            if mark:
                granted[role].add(_code(cells[0]))
    return granted


SCOPES = documented_scopes()
ROLES = documented_roles()
ASSIGNABLE = sorted(role for role in ROLES if role != "public")


def sees(role: str, permission: str, place: str) -> bool:
    """Whether a membership of the own agency with this role covers the place for this permission: one of scope
    ``all`` covers every place; one of scope ``agency`` the own agency only (not its parent, not another);
    ``records.view_created`` the records the persona created, which are the own agency's only."""
    if permission not in ROLES[role]:
        return False
    return SCOPES[permission] == "all" or place == "own"


@dataclass(frozen=True)
class Route:
    """What a URL needs: ``needs`` (any of these permissions; empty: anyone), ``target`` (the place's object the
    URL names: ``batch`` or ``victim``; empty: none), ``lists`` (the answer lists objects of that kind: ``batch``,
    ``victim`` or ``call``),
    ``api`` (answered with a token, not a session)."""

    needs: tuple[str, ...] = ()
    target: str = ""
    lists: str = ""
    api: bool = False
    method: str = "GET"
    staff_only: bool = False
    missing: bool = False  # answers 404 to everyone: the catch-all of the API
    answer: int = (
        0  # the same answer to every signed-in user, whatever their role: the sign-in pages
    )


ROUTES: dict[str, Route] = {
    "home": Route(),
    "web:batches": Route(("batches.view",), lists="batch"),
    "web:batch": Route(("batches.view",), target="batch"),
    "web:persons": Route(VIEW_RECORDS, lists="victim"),
    "web:person": Route(VIEW_RECORDS, target="victim"),
    "web:audit": Route(("audit.read",)),
    "web:calls": Route(("records.view_created",), lists="call"),
    "web:new-call": Route(("screenings.create",)),
    "api:submissions": Route(("records.submit",), target="agency", api=True, method="POST"),
    "api:batches": Route(("batches.view",), lists="batch", api=True),
    "api:batch": Route(("batches.view",), target="batch", api=True),
    "api:rejected-rows": Route(("batches.view",), target="batch", api=True),
    "api:schema": Route(api=True),
    "api:docs": Route(api=True),
    "api:unknown": Route(api=True, missing=True),
    "admin:*": Route(staff_only=True),
    # a signed-in user is sent on from the sign-in pages and from the language switch (which changes the
    # language on POST only); signing out takes POST only
    "login": Route(answer=302),
    "second-factor": Route(answer=302),
    "logout": Route(answer=405),
    "set_language": Route(answer=302),
}


def named_urls(
    patterns: list[URLPattern | URLResolver] | None = None, namespace: str = ""
) -> Iterator[tuple[str, URLPattern]]:
    for pattern in get_resolver().url_patterns if patterns is None else patterns:
        if isinstance(pattern, URLResolver):
            inner = f"{namespace}{pattern.namespace}:" if pattern.namespace else namespace
            yield from named_urls(pattern.url_patterns, inner)
        else:
            yield f"{namespace}{pattern.name}", pattern


def entry(name: str) -> str:
    return "admin:*" if name.startswith("admin:") else name


def test_every_url_has_an_entry_in_the_matrix() -> None:
    found = {entry(name) for name, _pattern in named_urls()}
    assert found == set(ROUTES), "a URL without an entry in ROUTES (or an entry without a URL)"


def url_of(name: str, holdings: Holdings) -> str:
    paths = {
        "home": "/",
        "web:batches": "/batches/",
        "web:batch": f"/batches/{holdings.batch.pk}/",
        "web:persons": "/persons/",
        "web:person": f"/persons/{holdings.victim.pk}/",
        "web:audit": "/audit/",
        "web:calls": "/calls/",
        "web:new-call": "/calls/new/",
        "api:submissions": "/api/v1/submissions/",
        "api:batches": "/api/v1/batches/",
        "api:batch": f"/api/v1/batches/{holdings.batch.pk}/",
        "api:rejected-rows": f"/api/v1/batches/{holdings.batch.pk}/rejected/",
        "api:schema": "/api/v1/schema/",
        "api:docs": "/api/v1/docs/",
        "api:unknown": "/api/v1/nowhere/",
        "admin:*": "/admin/",
        "login": "/sign-in/",
        "second-factor": "/sign-in/second-factor/",
        "logout": "/sign-out/",
        "set_language": "/language/",
    }
    return paths[name]


def expected_status(role: str, name: str, place: str) -> int:
    route = ROUTES[name]
    if route.missing:
        return 404
    if route.answer:
        return route.answer
    if route.staff_only:
        return 302  # to the administration site's sign-in: no role makes a user staff
    if not route.needs:
        return 200
    if not any(permission in ROLES[role] for permission in route.needs):
        return 403
    if route.target == "agency":
        # a submission without any file: refused as bad input where the role may submit, else forbidden
        return 400 if sees(role, "records.submit", place) else 403
    if route.target and not any(sees(role, p, place) for p in route.needs):
        return 404
    return 200


def body(answer: HttpResponseBase) -> str:
    """The answer's text, without the address the user asked for, which every page carries back in its language
    switch (``next``): the address is what they typed, not something the answer told them."""
    text = bytes(getattr(answer, "content", b"")).decode(errors="replace")
    return re.sub(r'<input name="next" type="hidden" value="[^"]*">', "", text)


def leaked(text: str, places: dict[str, Holdings], visible: set[str], kind: str) -> list[str]:
    """Objects of places the role may not see that the answer names, and any identity value at all."""
    found = [value for value in identity_strings() if value in text]
    for place, holdings in places.items():
        if place in visible:
            continue
        target = {"batch": holdings.batch, "victim": holdings.victim, "call": holdings.call}[kind]
        if re.search(
            rf'(?<![\d])(personrecord:|hotlinecall:|"id": ?|/batches/){target.pk}(?![\d])', text
        ):
            found.append(f"{kind} of {place}")
    return found


@pytest.mark.parametrize("role", ASSIGNABLE)
def test_each_role_gets_what_docs_access_md_allows_and_nothing_leaks(role: str) -> None:
    user = member(f"{role}@example.org", OWN, role)
    places = world(creator=user)
    web = Client()
    sign_in(web, user)
    api = APIClient()
    api.credentials(HTTP_AUTHORIZATION=f"Token {token_of(user)}")
    wrong: list[str] = []
    leaks: list[str] = []
    for name, route in ROUTES.items():
        for place, holdings in places.items():
            url = url_of(name, holdings)
            client = api if route.api else web
            if route.method == "POST":
                answer = client.post(url, {"agency": PLACES[place]})
            else:
                answer = client.get(url)
            want = expected_status(role, name, place)
            if answer.status_code != want:
                wrong.append(
                    f"{role} {route.method} {url} ({place}): {answer.status_code}, not {want}"
                )
            kind = route.lists or route.target
            if kind in ("batch", "victim", "call"):
                visible = {
                    p
                    for p in PLACES
                    if any(sees(role, permission, p) for permission in route.needs)
                }
                leaks += [
                    f"{role} {url} ({place}): {what}"
                    for what in leaked(body(answer), places, visible, kind)
                ]
            else:
                leaks += [
                    f"{role} {url}: {value}"
                    for value in identity_strings()
                    if value in body(answer)
                ]
    assert wrong == []
    assert leaks == []


@pytest.mark.parametrize("role", ASSIGNABLE)
def test_a_reveal_is_allowed_exactly_where_the_role_may_reveal_and_see_the_record(
    role: str,
) -> None:
    user = member(f"{role}@example.org", OWN, role)
    places = world(creator=user)
    web = Client()
    sign_in(web, user)
    for place, holdings in places.items():
        answer = web.post(f"/persons/{holdings.victim.pk}/", {"reason": "verificación"})
        in_scope = any(sees(role, p, place) for p in VIEW_RECORDS)
        if not any(p in ROLES[role] for p in VIEW_RECORDS):
            want = 403
        elif not in_scope:
            want = 404
        else:
            want = 200 if "identity.reveal" in ROLES[role] else 403
        assert answer.status_code == want, (role, place)
        shown = [value for value in identity_strings() if value in body(answer)]
        if want == 200:
            assert NAMES[PLACES[place]][0] in shown
            assert set(shown) <= set(identity_strings(PLACES[place]))
        else:
            assert shown == []


# The commands run as the server's operating-system account (the audit trail's source `cli:<account>`), not as
# a signed-in user: no role scopes them. Those that read person-level data show no identity (the leak test runs
# them); `kuska token`, `user` and `audit` change or read accounts and the trail.
COMMANDS_READING_RECORDS = {"review", "stats", "report", "audit"}
OPERATOR_COMMANDS = {
    "init",
    "import",
    "link",
    "demo",
    "bench",
    "synth",
    "template",
    "serve",
    "token",
    "user",
}


def test_every_command_is_classified_as_reading_records_or_not() -> None:
    assert set(COMMANDS) == COMMANDS_READING_RECORDS | OPERATOR_COMMANDS


def test_a_screener_sees_what_they_created_and_not_what_a_colleague_at_their_agency_created() -> (
    None
):
    colleague = member("colega@example.org", OWN, "screener")
    own = world(creator=colleague)["own"]
    screener = member("screener@example.org", OWN, "screener")
    for user, sees_them in ((screener, False), (colleague, True)):
        web = Client()
        sign_in(web, user)
        persons, calls = body(web.get("/persons/")), body(web.get("/calls/"))
        assert (f"personrecord:{own.victim.pk}" in persons) is sees_them
        assert (f"hotlinecall:{own.call.pk}" in calls) is sees_them
        assert web.get(f"/persons/{own.victim.pk}/").status_code == (200 if sees_them else 404)
