"""The authorization matrix: every role × (its own agency, another agency, the parent of its own) × every URL of
the pages and the API and every command that reads records, with the answer docs/access.md says it should get, and
no record of a place the role may not see in any answer.

The expected answers are computed from docs/access.md (which permissions each role has, of which scope) and from
:data:`ROUTES`, which says what each URL needs. The URL resolver is enumerated: a URL without an entry in
:data:`ROUTES` fails :func:`test_every_url_has_an_entry_in_the_matrix`. The personas hold their membership at a
police unit (PNP-LOR); ``parent`` is the police (PNP) above it and ``other`` the prosecutors (MP-FISCALIA). The
own agency's records were submitted by the persona (they created them); the others' came in files.

The commands are run in this process with ``--as`` the persona, who holds the role at each place in turn (a command
has no one place: it works on every agency's records). What each command line needs is read from docs/access.md's
table of commands; a command that reads records without a line there, or a line without its run in
:data:`INVOCATIONS`, fails :func:`test_every_command_reading_records_has_its_lines_in_docs_access_md_and_the_matrix`.
"""

from __future__ import annotations

import argparse
import json
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from django.conf import LazySettings
from django.http.response import HttpResponseBase
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver
from rest_framework.test import APIClient

from kuska.audit.models import Event
from kuska.cli import COMMANDS, build_parser, main
from kuska.cli.actor import REFUSED
from tests.access_world import (
    NAMES,
    OWN,
    PLACES,
    CareHoldings,
    Holdings,
    care_of,
    identity_strings,
    pair_in_review,
    world,
)
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
    """What a URL needs: ``needs`` (any of these permissions; empty: anyone), ``also`` (each of these too),
    ``target`` (the place's object the URL names: ``batch``, ``victim``, ``job`` (the user's own), ``scorecard`` for
    the data-quality figures of the place's agency, ``agency`` or ``template``: the place as an agency the user would
    submit for, ``dry run``: a dry run of the user's to import; ``case``, ``referral``, ``facility``, ``alert``: the
    place's care holdings (tests/access_world.py, :func:`care_of`); empty: none), ``lists`` (the answer lists objects of
    that kind: ``batch``, ``victim`` or ``call``),
    ``api`` (answered with a token, not a session)."""

    needs: tuple[str, ...] = ()
    also: tuple[str, ...] = ()
    target: str = ""
    lists: str = ""
    api: bool = False
    method: str = "GET"
    staff_only: bool = False
    # needs no permission, but a signed-in user: a visitor is sent to sign in
    signed_in: bool = False
    # a part of a page, asked for by the page itself (htmx), not a page of its own
    fragment: bool = False
    # a file to download (an attachment), not a page
    download: bool = False
    missing: bool = False  # answers 404 to everyone: the catch-all of the API
    answer: int = (
        0  # the same answer to every signed-in user, whatever their role: the sign-in pages
    )


# a report written before, which the reports' page lists and serves (see written_report)
REPORT_FILE = "kuska-report-2025-es-public.html"


@pytest.fixture(autouse=True)
def written_report(settings: LazySettings, tmp_path: Path) -> None:
    settings.REPORTS_DIR = tmp_path / "reports"
    settings.REPORTS_DIR.mkdir()
    (settings.REPORTS_DIR / REPORT_FILE).write_text("<html>2025</html>", encoding="utf-8")


ROUTES: dict[str, Route] = {
    "home": Route(),
    "web:batches": Route(("batches.view",), lists="batch"),
    "web:batch": Route(("batches.view",), target="batch"),
    # the file of a batch's rejected rows: sheet, row, column and reason (a records.export event)
    "web:batch-rejected": Route(("batches.view",), target="batch", download=True),
    "web:submit": Route(("records.submit",)),
    # the import of a dry run: the user's own finished dry run only (the world holds none: 404)
    "web:submit-import": Route(("records.submit",), target="dry run", method="POST"),
    # the Excel template of an agency the user submits for
    "web:submit-template": Route(("records.submit",), target="template", download=True),
    "web:persons": Route(VIEW_RECORDS, lists="victim"),
    "web:person": Route(VIEW_RECORDS, target="victim"),
    "web:audit": Route(("audit.read",)),
    "web:calls": Route(("records.view_created",), lists="call"),
    "web:new-call": Route(("screenings.create",)),
    # the care pages: a case worker's cases, referrals and facilities are their agency's (another's: 404);
    # the alerts page needs care.alerts, an alert its agency's care.work or care.alerts
    "web:cases": Route(("care.work",)),
    "web:new-case": Route(("care.work",)),
    "web:case": Route(("care.work",), target="case"),
    "web:case-referral": Route(("care.work",), target="case"),
    "web:case-placement": Route(("care.work",), target="case"),
    "web:care-tasks": Route(("care.work",)),
    "web:referral": Route(("care.work",), target="referral"),
    # the facilities and a facility's admissions: the case worker's and the facility manager's (care.admit)
    "web:facilities": Route(("care.work", "care.admit")),
    "web:facility": Route(("care.work", "care.admit"), target="facility"),
    "web:facility-admissions": Route(("care.work", "care.admit"), target="facility"),
    "web:alerts": Route(("care.alerts",)),
    "web:alert": Route(("care.work", "care.alerts"), target="alert"),
    "web:screenings": Route(("records.view_created",)),
    "web:new-screening": Route(("screenings.create",)),
    # a screening's result: the user's own screenings only (the own place's was made by the persona)
    "web:screening": Route(("records.view_created",), target="screening"),
    "web:screening-languages": Route(("screenings.create",)),
    # a questionnaire as a printable form (PDF), and the workbook paper forms are transcribed into
    "web:screening-form": Route(("screenings.create",), download=True),
    "web:screening-transcription": Route(("records.submit",), target="template", download=True),
    "web:figures": Route(),  # everyone, visitors too: exact figures with figures.exact, else the published
    # a job is its starter's, whatever their role: anyone else's answers 404
    "web:job": Route(target="job", signed_in=True),
    "web:job-progress": Route(target="job", signed_in=True, fragment=True),
    # the records behind a figure: every agency's records, so only with the exact figures and records.view_all
    "web:figure-records": Route(("figures.exact",), also=("records.view_all",), lists="victim"),
    "web:quality": Route(("figures.exact", "batches.view")),
    "web:quality-agency": Route(("figures.exact", "batches.view"), target="scorecard"),
    "web:review": Route(("linkage.review",)),
    "web:reports": Route(("reports.generate",)),
    # the published report: figures.exact not needed
    "web:report-file": Route(("reports.generate",), download=True),
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
    # the offline forms' service worker: a script with no data, for anyone (kuska.web.offline)
    "offline-worker": Route(download=True),
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
    if name in CARE_PATHS:
        return CARE_PATHS[name](care_of(holdings))
    paths = {
        "home": "/",
        "web:batches": "/batches/",
        "web:batch": f"/batches/{holdings.batch.pk}/",
        "web:batch-rejected": f"/batches/{holdings.batch.pk}/rejected.csv",
        "web:submit": "/submissions/new/",
        "web:submit-import": f"/submissions/{holdings.job.pk}/import/",
        "web:submit-template": f"/submissions/template/?agency={holdings.agency.code}",
        "web:persons": "/persons/",
        "web:person": f"/persons/{holdings.victim.pk}/",
        "web:audit": "/audit/",
        "web:calls": "/calls/",
        "web:new-call": "/calls/new/",
        "web:screenings": "/screenings/",
        "web:new-screening": "/screenings/new/",
        "web:screening": f"/screenings/{holdings.screening.pk}/",
        "web:screening-languages": "/languages/",
        "web:screening-form": "/screenings/forms/children/qu.pdf",
        "web:screening-transcription": f"/submissions/screening-forms/?agency={holdings.agency.code}",
        "web:figures": "/figures/",
        "web:job": f"/jobs/{holdings.job.pk}/",
        "web:job-progress": f"/jobs/{holdings.job.pk}/progress/",
        "web:figure-records": "/figures/records/?indicator=victims_identified&year=2025",
        "web:quality": "/quality/",
        "web:quality-agency": f"/quality/{holdings.agency.code}/",
        "web:review": "/review/",
        "web:reports": "/reports/",
        "web:report-file": f"/reports/{REPORT_FILE}",
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
        "offline-worker": "/offline-worker.js",
    }
    return paths[name]


CARE_PATHS: dict[str, Callable[[CareHoldings], str]] = {
    "web:cases": lambda care: "/care/",
    "web:new-case": lambda care: "/care/new/",
    "web:case": lambda care: f"/care/{care.case.pk}/",
    "web:case-referral": lambda care: f"/care/{care.case.pk}/referral/",
    "web:case-placement": lambda care: f"/care/{care.case.pk}/placement/",
    "web:care-tasks": lambda care: "/care/tasks/",
    "web:referral": lambda care: f"/care/referrals/{care.referral.pk}/",
    "web:facilities": lambda care: "/facilities/",
    "web:facility": lambda care: f"/facilities/{care.facility.pk}/",
    "web:facility-admissions": lambda care: f"/facilities/{care.facility.pk}/admissions/",
    "web:alerts": lambda care: "/alerts/",
    "web:alert": lambda care: f"/alerts/{care.alert.pk}/",
}


def expected_status(role: str, name: str, place: str) -> int:
    route = ROUTES[name]
    if route.missing:
        return 404
    if route.answer:
        return route.answer
    if route.staff_only:
        return 302  # to the administration site's sign-in: no role makes a user staff
    if route.target == "job":
        return 200 if place == "own" else 404  # the own agency's job is the user's
    if not route.needs:
        return 200
    if not any(permission in ROLES[role] for permission in route.needs):
        return 403
    if not all(permission in ROLES[role] for permission in route.also):
        return 403
    if route.target == "agency":
        # a submission without any file: refused as bad input where the role may submit, else forbidden
        return 400 if sees(role, "records.submit", place) else 403
    if route.target == "template":
        return 200 if sees(role, "records.submit", place) else 403
    if route.target == "dry run":
        return 404  # the world's jobs are imports, not dry runs: there is nothing to import
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


def test_a_visitor_opens_the_pages_open_to_everyone_and_is_sent_to_sign_in_for_the_others() -> None:
    places = world(creator=member("creator@example.org", OWN, "data_officer"))
    wrong: list[str] = []
    for name, route in ROUTES.items():
        if route.api or route.staff_only or route.answer or route.method != "GET":
            continue
        url = url_of(name, places["own"])
        answer = Client().get(url)
        want = 302 if route.needs or route.signed_in else 200
        if answer.status_code != want or (want == 302 and "/sign-in/" not in answer["Location"]):
            wrong.append(f"visitor GET {url}: {answer.status_code}, not {want}")
        assert [value for value in identity_strings() if value in body(answer)] == [], url
    assert wrong == []


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


# The commands. Run without a user they act for the server's operator, who may do everything; `--as EMAIL` makes
# them act for a user, with that user's permissions (docs/access.md, "Commands"). Those that read records or
# figures have a line each in docs/access.md's table of commands; the others are the operator's.
COMMANDS_READING_RECORDS = {"review", "link", "stats", "report", "audit", "alerts"}
OPERATOR_COMMANDS = {
    "init",
    "import",
    "demo",
    "bench",
    "synth",
    "template",
    "serve",
    "token",
    "user",
    "worker",
    "screening-form",  # blank forms and the transcription workbook: no record
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


@dataclass(frozen=True)
class CommandLine:
    """A line of docs/access.md's table of commands: the permissions it needs, all of them or any one."""

    needs: tuple[str, ...]
    any_one: bool


def documented_commands() -> dict[str, CommandLine]:
    """The command lines of docs/access.md's table of commands, each with what it needs."""
    table = ACCESS.split("### Commands\n", 1)[1].split("\n## ", 1)[0]
    return {
        _code(cells[0]): CommandLine(tuple(re.findall(r"`([^`]+)`", cells[1])), " or " in cells[1])
        for cells in _rows(table)
    }


COMMAND_LINES = documented_commands()


def command_allowed(role: str, line: CommandLine) -> bool:
    """Whether the role's membership, wherever it is, lets the command run: a command works on every agency's
    records, so only permissions of scope ``all`` count."""
    held = [p in ROLES[role] and SCOPES[p] == "all" for p in line.needs]
    return any(held) if line.any_one else all(held)


@pytest.fixture
def places() -> dict[str, Holdings]:
    """The records of the three places, submitted in files (no persona created them)."""
    return world()


@dataclass
class Scene:
    """The world the commands run in, and a fresh folder for each run's files."""

    places: dict[str, Holdings]
    folder: Path
    runs: int = 0

    def out(self) -> Path:
        self.runs += 1
        made = self.folder / f"run-{self.runs}"
        made.mkdir()
        return made

    def pair_in_review(self) -> int:
        """A pair of the own and the other agency's victims waiting for review in the latest linkage run."""
        return pair_in_review(self.places).pk


YEAR = "2025"  # the year of the world's referrals
INVOCATIONS: dict[str, Callable[[Scene, Path], list[str]]] = {
    "kuska review": lambda scene, out: ["review", "--format", "json"],
    "kuska review --accept ID": lambda scene, out: [
        "review",
        "--accept",
        str(scene.pair_in_review()),
    ],
    "kuska link": lambda scene, out: ["link", "--model-dir", str(out)],
    "kuska link --export PATH": lambda scene, out: [
        *("link", "--model-dir", str(out), "--export", str(out / "persons.csv")),
    ],
    "kuska stats --year Y": lambda scene, out: [
        *("stats", "--year", YEAR, "--indicator", "victims_identified", "--by", "agency"),
        *("--format", "json"),
    ],
    "kuska stats --year Y --public": lambda scene, out: [
        *("stats", "--year", YEAR, "--indicator", "victims_identified", "--by", "agency"),
        *("--format", "json", "--public"),
    ],
    "kuska stats --series NAME": lambda scene, out: ["stats", "--series", "mininter"],
    "kuska report --year Y --public": lambda scene, out: [
        *("report", "--year", YEAR, "--format", "html", "--public", "--out", str(out)),
    ],
    "kuska report --year Y": lambda scene, out: [
        *("report", "--year", YEAR, "--format", "html", "--out", str(out)),
    ],
    "kuska audit list": lambda scene, out: ["audit", "list", "--format", "json"],
    "kuska audit verify": lambda scene, out: ["audit", "verify"],
    "kuska alerts": lambda scene, out: ["alerts", "--format", "json"],
}


def test_every_command_reading_records_has_its_lines_in_docs_access_md_and_the_matrix() -> None:
    documented = {line.split()[1] for line in COMMAND_LINES}
    assert documented == COMMANDS_READING_RECORDS, "a command reading records without a line"
    assert "kuska link --export PATH" in COMMAND_LINES
    assert set(INVOCATIONS) == set(COMMAND_LINES), (
        "a documented line without its run, or a run undocumented"
    )
    for line in COMMAND_LINES.values():
        assert line.needs, line
        assert set(line.needs) <= set(SCOPES), line


def options(parser: argparse.ArgumentParser) -> Iterator[tuple[str, set[str]]]:
    """Each (sub)command's name and its options, down to the last subcommand (``audit list``)."""
    subcommands = [a for a in parser._actions if isinstance(a, argparse._SubParsersAction)]
    if not subcommands:
        yield parser.prog, {o for action in parser._actions for o in action.option_strings}
    for action in subcommands:
        for sub in action.choices.values():
            yield from options(sub)


def test_every_command_reading_records_acts_for_the_user_named_by_as() -> None:
    """Every command line of a command that reads records (and of its subcommands) takes ``--as``."""
    for name in COMMANDS_READING_RECORDS:
        parser = build_parser()
        command = next(
            a for a in parser._actions if isinstance(a, argparse._SubParsersAction)
        ).choices[name]
        for prog, found in options(command):
            assert "--as" in found, prog


def written(folder: Path) -> str:
    """The text of the files a run wrote (the HTML report, the exported CSV, the model)."""
    return "\n".join(
        path.read_text(encoding="utf-8", errors="replace")
        for path in sorted(folder.rglob("*"))
        if path.is_file()
    )


@pytest.mark.parametrize("place", list(PLACES))
@pytest.mark.parametrize("role", ASSIGNABLE)
def test_each_role_runs_the_commands_docs_access_md_allows_it_and_nothing_leaks(
    places: dict[str, Holdings],
    role: str,
    place: str,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    """The role held at the own agency, at its parent or at another agency: the same answers, since every
    permission a command needs is of scope ``all``; refused runs say so in one line and write nothing."""
    scene = Scene(places, tmp_path)
    user = member(f"{role}@example.org", PLACES[place], role)
    wrong: list[str] = []
    leaks: list[str] = []
    for line, invocation in INVOCATIONS.items():
        out = scene.out()
        argv = [*invocation(scene, out), "--as", user.email]
        before = Event.objects.count()
        status = main(argv)
        said = capsys.readouterr()
        events = list(Event.objects.order_by("sequence")[before:])
        allowed = command_allowed(role, COMMAND_LINES[line])
        want = 0 if allowed else REFUSED
        if status != want:
            wrong.append(f"{' '.join(argv)}: {status}, not {want}: {said.err}")
        text = said.out + said.err + written(out)
        text += "\n".join(event.canonical().decode() for event in events)
        leaks += [f"{line}: {value}" for value in identity_strings() if value in text]
        if not allowed and (
            said.err.strip().count("\n") or said.out or any(out.iterdir()) or events
        ):
            wrong.append(f"{line}: refused in more than one line, or wrote something")
        if any(e.actor != user or not e.source.startswith("cli:") for e in events):
            wrong.append(f"{line}: an event that does not name the user and cli:<account>")
        if allowed and line.startswith("kuska stats --year"):
            published = all("suppressed" in item for item in json.loads(said.out))
            if published != ("--public" in line or "figures.exact" not in ROLES[role]):
                wrong.append(f"{line}: published figures {published}")
    assert wrong == []
    assert leaks == []
