"""The reports' page (/reports/): a form that writes the annual report in the background (the ``report.generate``
job, with its ``report.generate`` event as the user's), and the reports already written, each format downloadable
by whoever may read that report — the internal one (exact figures) needs ``figures.exact`` — and by no other name
than a report's."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.conf import LazySettings
from django.test import Client

from kuska.accounts.models import Membership, Permission, Role, User
from kuska.audit.models import Event
from kuska.jobs.models import Job
from kuska.jobs.work import run_queued
from kuska.registry.models import Agency
from tests.access_world import OWN, identity_strings, world
from tests.personas import member
from tests.pseudo import PSEUDO, pseudo_language, unmarked, visible_text
from tests.signin import sign_in

pytestmark = pytest.mark.usefixtures("peru")

YEAR = 2025  # the access world's records are of 2025


@pytest.fixture
def folder(settings: LazySettings, tmp_path: Path) -> Path:
    settings.REPORTS_DIR = tmp_path / "reports"
    return settings.REPORTS_DIR  # type: ignore[no-any-return]


def signed_in(user: User) -> Client:
    client = Client()
    sign_in(client, user)
    return client


def analyst() -> User:
    return member("analista@example.org", OWN, "analyst")


def writer_without_exact_figures() -> User:
    """A role that may write reports but not see exact figures (none of docs/access.md's roles is one)."""
    role = Role.objects.create(code="report_writer", names={"es": "Redactor", "en": "Writer"})
    role.permissions.add(Permission.objects.get(code="reports.generate"))
    user = member("redactor@example.org", OWN, "screener")
    Membership.objects.create(user=user, agency=Agency.objects.get(code=OWN), role=role)
    return user


def written(folder: Path, *names: str) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    for name in names:
        (folder / name).write_bytes(b"<html>" + name.encode() + b"</html>")


@pytest.mark.django_db
def test_the_form_starts_a_job_that_writes_the_report_and_its_event_as_the_users(
    folder: Path,
) -> None:
    world()
    user = analyst()
    client = signed_in(user)
    form = client.get("/reports/").content.decode()
    assert f'<option value="{YEAR}"' in form
    assert 'value="internal"' in form

    answer = client.post(
        "/reports/",
        {"year": YEAR, "languages": ["es", "en"], "formats": ["html"], "version": "internal"},
    )
    job = Job.objects.get(kind="report.generate")
    assert answer["Location"] == f"/jobs/{job.pk}/"
    assert job.params["public"] is False
    assert run_queued() == 1
    job.refresh_from_db()
    assert job.state == Job.State.DONE, job.error
    assert sorted(path.name for path in folder.iterdir()) == [
        f"kuska-report-{YEAR}-en.html",
        f"kuska-report-{YEAR}-es.html",
    ]
    events = Event.objects.filter(action="report.generate").order_by("sequence")
    assert [(e.actor, e.reason) for e in events] == [
        (user, f"{YEAR} es internal: kuska-report-{YEAR}-es.html"),
        (user, f"{YEAR} en internal: kuska-report-{YEAR}-en.html"),
    ]
    done = client.get(f"/jobs/{job.pk}/").content.decode()
    assert 'href="/reports/"' in done

    listed = client.get("/reports/").content.decode()
    assert f'href="/reports/kuska-report-{YEAR}-es.html"' in listed
    assert "interno" in listed
    download = client.get(f"/reports/kuska-report-{YEAR}-es.html")
    assert download.status_code == 200
    assert download["Content-Disposition"].startswith("attachment")
    content = b"".join(download.streaming_content).decode()  # type: ignore[attr-defined]
    assert str(YEAR) in content
    assert [value for value in identity_strings() if value in content] == []


@pytest.mark.django_db
def test_a_writer_without_exact_figures_sees_gets_and_writes_the_published_reports_only(
    folder: Path,
) -> None:
    written(folder, "kuska-report-2020-es.pdf", "kuska-report-2020-es-public.pdf")
    client = signed_in(writer_without_exact_figures())
    page = client.get("/reports/").content.decode()
    assert "kuska-report-2020-es-public.pdf" in page
    assert "kuska-report-2020-es.pdf" not in page
    assert 'value="internal"' not in page
    assert client.get("/reports/kuska-report-2020-es-public.pdf").status_code == 200
    assert client.get("/reports/kuska-report-2020-es.pdf").status_code == 403
    refused = client.post(
        "/reports/", {"year": YEAR, "languages": ["es"], "formats": ["html"], "version": "internal"}
    )
    assert refused.status_code == 400
    assert not Job.objects.exists()


@pytest.mark.django_db
def test_a_download_is_a_reports_file_or_nothing(folder: Path) -> None:
    written(folder, "kuska-report-2020-es.html", "notes.html")
    (folder.parent / "kuska.sqlite3").write_bytes(b"database")
    client = signed_in(analyst())
    assert client.get("/reports/kuska-report-2020-es.html").status_code == 200
    for name in (
        "kuska-report-2019-es.html",  # not written
        "notes.html",  # in the folder, not a report
        "..%2Fkuska.sqlite3",
        "kuska-report-2020-es.html%2F..%2F..%2Fkuska.sqlite3",
        "kuska-report-2020-es.exe",
    ):
        assert client.get(f"/reports/{name}").status_code == 404, name
    assert client.get("/reports/../kuska.sqlite3").status_code == 404


@pytest.mark.django_db
def test_the_reports_page_is_for_report_writers_only(folder: Path) -> None:
    written(folder, "kuska-report-2020-es-public.html")
    officer = signed_in(member("oficial@example.org", OWN, "data_officer"))
    assert officer.get("/reports/").status_code == 403
    assert officer.get("/reports/kuska-report-2020-es-public.html").status_code == 403
    assert Client().get("/reports/").status_code == 302


@pytest.mark.django_db
def test_the_form_refuses_a_choice_it_does_not_offer_and_starts_nothing(folder: Path) -> None:
    client = signed_in(analyst())
    answer = client.post("/reports/", {"year": 1900, "languages": ["fr"], "version": "internal"})
    assert answer.status_code == 400
    page = answer.content.decode()
    assert 'role="alert"' in page
    assert not Job.objects.exists()


@pytest.mark.django_db
def test_the_reports_page_speaks_the_pseudo_language(folder: Path, tmp_path: Path) -> None:
    """Everything the page says goes through the catalogues; what is left is years, file formats, dates, the
    languages' own names, the e-mail address and the product's name."""
    from django.conf import settings

    written(folder, "kuska-report-2020-es.html", "kuska-report-2020-es-public.pdf")
    user = analyst()
    client = signed_in(user)
    with pseudo_language(tmp_path / "locale"):
        client.cookies["django_language"] = PSEUDO
        page = client.get("/reports/").content.decode()
        refused = client.post("/reports/", {"year": 1900}).content.decode()
        names = [name for _code, name in settings.LANGUAGES]
    assert "⟦Annual reports⟧" in page
    data = [*names, "Kuska", user.email, "HTML", "PDF", "XLSX", "español", "a.m.", "p.m."]
    assert unmarked(visible_text(page), data) == []
    assert unmarked(visible_text(refused), data) == []


@pytest.mark.django_db
def test_without_weasyprints_libraries_the_job_says_how_to_get_the_pdf(
    folder: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from kuska.reports import pdf

    def unavailable(*_args: object) -> bytes:
        raise pdf.PdfUnavailableError("cannot load library 'libpango-1.0-0'")

    monkeypatch.setattr(pdf, "render_pdf", unavailable)
    world()
    client = signed_in(analyst())
    client.post(
        "/reports/", {"year": YEAR, "languages": ["es"], "formats": ["pdf"], "version": "public"}
    )
    assert run_queued() == 1
    job = Job.objects.get(kind="report.generate")
    assert job.state == Job.State.FAILED
    assert "scripts/system-deps.sh" in job.error["en"]
    assert "WeasyPrint" in client.get(f"/jobs/{job.pk}/").content.decode()
