"""Background jobs: started from a page, queued in the database, run by the worker, followed on their page with a
progress bar, and ended with an outcome, or an error, in the reader's language. A job's files are kept encrypted
until it ends; nothing a job's data holds reaches its page or the log when it fails."""

from __future__ import annotations

import logging
import os
import socket
import subprocess
import sys
from datetime import timedelta

import pytest
from django.core.cache import cache
from django.db import OperationalError, transaction
from django.db.models import QuerySet
from django.test import Client
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from kuska.cli import main
from kuska.i18n import TranslatableError
from kuska.jobs.models import Job, JobFile
from kuska.jobs.work import (
    Context,
    Outcome,
    discard_kept_files,
    has_files,
    kind,
    progress_of,
    recover_interrupted,
    run_queued,
    start,
    take_files,
)
from tests.personas import member
from tests.signin import sign_in

pytestmark = pytest.mark.usefixtures("peru")

SECRET = "Wayra Antonella Huamán"


@kind("test.count", title=_("Counting"))
def count(context: Context) -> Outcome:
    rows = [line for _name, content in context.files() for line in content.decode().splitlines()]
    with transaction.atomic():  # as an import: progress reported from inside its transaction
        for done in range(len(rows) + 1):
            context.progress(done, len(rows), step=_("Reading the file"))
        if context.params.get("pause"):
            raise PauseError
    return Outcome(_("finished"), url="/figures/", result={"rows": len(rows)})


class PauseError(Exception):
    """Stops the test kind inside its transaction, to read its progress from there."""


@kind("test.keep", title=_("Counting"))
def keep(context: Context) -> Outcome:
    return Outcome(_("finished"), keep_files=True)


@kind("test.refuse", title=_("Counting"))
def refuse(context: Context) -> Outcome:
    raise TranslatableError(_("No such batch."))


@kind("test.crash", title=_("Counting"))
def crash(context: Context) -> Outcome:
    raise ValueError(f"row 3: {SECRET}")


def signed_in(email: str = "oficial@pnp.example") -> tuple[Client, object]:
    user = member(email, "PNP", "data_officer")
    client = Client()
    sign_in(client, user)
    return client, user


@pytest.mark.django_db
def test_a_job_waits_in_the_queue_until_the_worker_runs_it_and_then_shows_its_outcome() -> None:
    client, user = signed_in()
    job = start("test.count", user, files=[("personas.csv", b"a\nb\nc\n")])

    waiting = client.get(f"/jobs/{job.pk}/").content.decode()
    assert "En espera" in waiting
    assert "<progress" in waiting
    assert 'hx-trigger="every 1s"' in waiting

    assert run_queued() == 1
    job.refresh_from_db()
    assert job.state == Job.State.DONE
    assert job.result == {"rows": 3, "url": "/figures/"}
    done = client.get(f"/jobs/{job.pk}/progress/").content.decode()
    assert "terminado" in done
    assert "hx-trigger" not in done
    assert 'href="/figures/"' in done


@pytest.mark.django_db
def test_its_files_are_kept_encrypted_and_deleted_when_it_ends() -> None:
    _client, user = signed_in()
    job = start("test.count", user, files=[("personas.csv", SECRET.encode())])
    stored = JobFile.objects.get(job=job)
    assert SECRET not in stored.content
    assert stored.content.startswith("v1:")
    run_queued()
    assert not JobFile.objects.filter(job=job).exists()


@pytest.mark.django_db
def test_a_job_that_keeps_its_files_hands_them_on_once_and_they_are_discarded_a_day_later() -> None:
    _client, user = signed_in()
    handed = start("test.keep", user, files=[("personas.csv", SECRET.encode())])
    forgotten = start("test.keep", user, files=[("personas.csv", b"1\n")])
    run_queued()
    assert has_files(handed)
    assert has_files(forgotten)
    assert take_files(handed) == [("personas.csv", SECRET.encode())]
    assert take_files(handed) == []
    assert discard_kept_files() == 0
    Job.objects.filter(pk=forgotten.pk).update(finished_at=timezone.now() - timedelta(days=2))
    assert discard_kept_files() == 1
    assert not JobFile.objects.exists()


@pytest.mark.django_db
def test_progress_reported_inside_a_transaction_reaches_the_page_through_the_cache() -> None:
    client, user = signed_in()
    job = start("test.count", user, params={"pause": True}, files=[("a.csv", b"1\n2\n3\n4\n")])
    count_context = Context(job)
    with pytest.raises(PauseError):
        count(count_context)
    progress = progress_of(job)
    assert (progress.done, progress.total, progress.percent) == (4, 4, 100)
    assert "4 de 4" in client.get(f"/jobs/{job.pk}/progress/").content.decode()
    cache.clear()


@kind("test.steps", title=_("Counting"))
def steps(context: Context) -> Outcome:
    for done in range(3):
        context.progress(done, 2, step=_("Reading the file"))
    return Outcome(_("finished"))


@pytest.mark.django_db(
    transaction=True
)  # outside a transaction, as the worker runs, the row is written
def test_a_progress_write_the_database_refuses_for_a_moment_does_not_stop_the_job(
    monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    _client, user = signed_in()
    job = start("test.steps", user)
    update = QuerySet.update

    def locked(queryset: QuerySet[Job], **values: object) -> int:
        if queryset.model is Job and set(values) == {"done", "total", "step"}:
            raise OperationalError("database table is locked")
        return update(queryset, **values)

    monkeypatch.setattr(QuerySet, "update", locked)
    with caplog.at_level(logging.WARNING):
        assert run_queued() == 1
    job.refresh_from_db()
    assert job.state == Job.State.DONE
    assert (job.done, job.total) == (2, 2)  # written with the outcome
    assert "progress kept in the cache only (OperationalError)" in caplog.text


@pytest.mark.django_db
def test_a_refusal_is_shown_in_the_readers_language_and_an_unexpected_error_by_its_type_only(
    caplog: pytest.LogCaptureFixture,
) -> None:
    client, user = signed_in()
    refused = start("test.refuse", user)
    crashed = start("test.crash", user)
    with caplog.at_level(logging.INFO):
        assert run_queued() == 2
    refused.refresh_from_db()
    crashed.refresh_from_db()
    assert refused.state == crashed.state == Job.State.FAILED
    assert refused.error["es"] == "No existe ese envío."
    assert refused.error["en"] == "No such batch."
    page = client.get(f"/jobs/{crashed.pk}/").content.decode()
    assert "ValueError" in page
    assert "row 3" not in page
    assert SECRET not in page
    assert SECRET not in caplog.text
    assert "ValueError" in caplog.text
    assert SECRET not in str(crashed.error)


@pytest.mark.django_db
def test_a_job_is_its_starters_only() -> None:
    _owner_client, owner = signed_in("owner@pnp.example")
    other, _user = signed_in("colleague@pnp.example")
    job = start("test.count", owner)
    assert other.get(f"/jobs/{job.pk}/").status_code == 404
    assert other.get(f"/jobs/{job.pk}/progress/").status_code == 404
    assert Client().get(f"/jobs/{job.pk}/").status_code == 302


def test_an_unknown_kind_of_job_is_refused_before_anything_is_stored(db: None) -> None:
    with pytest.raises(ValueError, match="no kind of job"):
        start("test.nothing", None)
    assert not Job.objects.exists()


@pytest.mark.django_db
def test_a_job_left_running_by_a_worker_that_ended_is_marked_failed_when_a_worker_starts() -> None:
    client, user = signed_in()
    ended = subprocess.run(
        [sys.executable, "-c", "import os; print(os.getpid())"], capture_output=True, text=True
    )
    here = socket.gethostname()
    orphan = start("test.count", user, files=[("a.csv", b"1\n")])
    running = start("test.count", user)
    Job.objects.filter(pk=orphan.pk).update(
        state=Job.State.RUNNING, worker=f"{here}:{ended.stdout.strip()}"
    )
    Job.objects.filter(pk=running.pk).update(
        state=Job.State.RUNNING, worker=f"{here}:{os.getpid()}"
    )
    assert recover_interrupted() == 1
    orphan.refresh_from_db()
    assert orphan.state == Job.State.FAILED
    assert not JobFile.objects.filter(job=orphan).exists()
    assert (
        "El trabajo se detuvo cuando terminó el proceso que lo ejecutaba"
        in client.get(f"/jobs/{orphan.pk}/").content.decode()
    )
    assert Job.objects.get(pk=running.pk).state == Job.State.RUNNING  # its worker is alive


@pytest.mark.django_db(transaction=True)
def test_kuska_worker_once_runs_the_waiting_jobs_and_stops(
    capsys: pytest.CaptureFixture[str],
) -> None:
    user = member("oficial@pnp.example", "PNP", "data_officer")
    jobs = [start("test.count", user, files=[("a.csv", b"x\n")]) for _ in range(2)]
    assert main(["worker", "--once"]) == 0
    assert "Ejecutando los trabajos en espera" in capsys.readouterr().out
    assert {Job.objects.get(pk=job.pk).state for job in jobs} == {Job.State.DONE}
