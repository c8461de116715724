"""Starting, running and following jobs.

A kind of job is a function registered with :func:`kind`: it receives a :class:`Context` (the job, its files, a
progress reporter) and returns an :class:`Outcome`. :func:`start` stores a job and queues it; the worker runs
:func:`run_job`, which marks the job running, calls the function under the language of whoever started it, and
records the outcome, or the error, in every offered language. An error of a kind Kuska explains
(:class:`kuska.i18n.TranslatableError`) is shown as it is; any other is shown by its type only, since its message
may carry a value from the data, and logged by type too. The job's files are deleted when it ends, whatever the
end, but for a job that finished and keeps them (``Outcome(keep_files=True)``: a dry run, for the import its
starter may ask for next), until :func:`take_files` hands them on or :func:`discard_kept_files` finds them a day
old.

Progress is written to the cache (shared by the web server and a worker running in its process, or by every
process when the cache is Redis) and to the job's row. The row is written at once when the job is not inside a
transaction; inside one (an import is one transaction, so that a failure keeps nothing), PostgreSQL gets it from a
short-lived thread on its own connection, and SQLite, which has one writer at a time, only from the cache. The
row is a copy of what the cache holds: a write of it that the database refuses for a moment (SQLite's "database is
locked" while another connection writes) is skipped, and the job goes on.
"""

from __future__ import annotations

import base64
import importlib
import logging
import os
import socket
import threading
import time
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from datetime import timedelta
from typing import Any

from django.conf import settings
from django.core.cache import cache
from django.db import OperationalError, connection, connections, transaction
from django.utils import timezone, translation
from django.utils.functional import Promise
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _
from django_tasks import task

from kuska.i18n import TranslatableError, in_each_language
from kuska.jobs.models import Job, JobFile
from kuska.registry.crypto import default_cipher

log = logging.getLogger(__name__)

# The modules that register kinds of job, imported when Django starts (JobsConfig.ready).
KIND_MODULES: tuple[str, ...] = ("kuska.jobs.imports", "kuska.jobs.linking", "kuska.jobs.reporting")

PROGRESS_EVERY_SECONDS = 0.5
UNEXPECTED = _("The job stopped on an unexpected error ({error}). The server's log names it.")
INTERRUPTED = _("The job stopped when the process running it ended. Start it again.")
FILE_CONTEXT = "jobs.jobfile.content"


@dataclass(frozen=True)
class Outcome:
    """What a job did, said to its reader (``summary``), and what its page needs (``result``, ``url`` to follow)."""

    summary: str | Promise
    url: str = ""
    result: dict[str, Any] = field(default_factory=dict)
    # keep the job's files after it finished, for a job its starter may start next with them (an import after
    # its dry run): :func:`take_files` hands them on, and :func:`discard_kept_files` removes those left behind
    keep_files: bool = False


class Context:
    """What a running job's function is given: the job, its files and its progress."""

    def __init__(self, job: Job) -> None:
        self.job = job
        self._last = 0.0

    @property
    def user(self) -> Any:
        """Who started the job (``None`` once their account is deleted): the kind checks their permissions."""
        return self.job.user

    @property
    def params(self) -> dict[str, Any]:
        return dict(self.job.params)

    def files(self) -> Iterator[tuple[str, bytes]]:
        """The job's files, decrypted, in the order they were given."""
        cipher = default_cipher()
        for item in JobFile.objects.filter(job=self.job):
            yield item.name, base64.b64decode(cipher.decrypt(item.content, context=FILE_CONTEXT))

    def progress(
        self, done: int, total: int | None = None, step: str | Promise | None = None
    ) -> None:
        """Report ``done`` of ``total`` units (rows, pairs, pages) at ``step``; at most every half second, except
        when a step begins or ends."""
        now = time.monotonic()
        texts = in_each_language(step) if step is not None else self.job.step
        ends = total is not None and done >= total
        if now - self._last < PROGRESS_EVERY_SECONDS and texts == self.job.step and not ends:
            return
        self._last = now
        self.job.done, self.job.total, self.job.step = done, total, texts
        _publish(self.job)


Function = Callable[[Context], Outcome]


@dataclass(frozen=True)
class Kind:
    name: str
    title: str | Promise
    function: Function
    # at most one job of the kind waiting or running (a linkage run replaces the persons the last one made)
    one_at_a_time: bool = False


KINDS: dict[str, Kind] = {}


def kind(
    name: str, title: str | Promise, *, one_at_a_time: bool = False
) -> Callable[[Function], Function]:
    """Register the decorated function as the kind of job ``name`` (e.g. ``intake.import``); with
    ``one_at_a_time``, :func:`start` gives the job already under way rather than a second one."""

    def register(function: Function) -> Function:
        KINDS[name] = Kind(name, title, function, one_at_a_time)
        return function

    return register


def under_way(name: str) -> Job | None:
    """The oldest job of kind ``name`` that waits or runs, if any."""
    active = (Job.State.QUEUED, Job.State.RUNNING)
    return Job.objects.filter(kind=name, state__in=active).order_by("created_at", "id").first()


def load_kinds() -> None:
    for module in KIND_MODULES:
        importlib.import_module(module)


def start(
    name: str,
    user: Any,
    params: dict[str, Any] | None = None,
    files: Iterable[tuple[str, bytes]] = (),
) -> Job:
    """Store a job of kind ``name`` for ``user`` with its parameters and files, and queue it. For a kind that runs
    one at a time, the job already under way when there is one (whoever started it)."""
    if name not in KINDS:
        raise ValueError(f"no kind of job {name!r}")
    cipher = default_cipher()
    with transaction.atomic():
        current = under_way(name) if KINDS[name].one_at_a_time else None
        if current is not None:
            return current
        job = Job.objects.create(
            kind=name, user=user, params=params or {}, step=in_each_language(_("Waiting"))
        )
        JobFile.objects.bulk_create(
            JobFile(
                job=job,
                name=file_name,
                size=len(content),
                content=cipher.encrypt(base64.b64encode(content).decode(), context=FILE_CONTEXT),
            )
            for file_name, content in files
        )
        run_job.enqueue(job.pk)
    return job


@task()
def run_job(job_id: int) -> str:
    """The task the worker runs: the job's function, its outcome or error recorded, its files deleted."""
    job = Job.objects.select_related("user").get(pk=job_id)
    if job.state != Job.State.QUEUED:
        return job.state
    keep = False
    job.state, job.started_at, job.worker = Job.State.RUNNING, timezone.now(), _this_process()
    job.step = in_each_language(_("Starting"))
    job.save(update_fields=["state", "started_at", "step", "worker"])
    _publish(job)
    language = getattr(job.user, "language", "") or settings.LANGUAGE_CODE
    try:
        with translation.override(language):
            outcome = KINDS[job.kind].function(Context(job))
    except TranslatableError as error:
        _fail(job, error.message)
    except Exception as error:  # recorded on the job by its type: the message may hold data
        log.error("job %s (%s) failed: %s", job.pk, job.kind, type(error).__name__)
        _fail(job, format_lazy(UNEXPECTED, error=type(error).__name__))
    else:
        job.state = Job.State.DONE
        job.outcome = in_each_language(outcome.summary)
        job.result = {**outcome.result, **({"url": outcome.url} if outcome.url else {})}
        job.step = {}
        keep = outcome.keep_files
    finally:
        if not keep:
            JobFile.objects.filter(job=job).delete()
    job.finished_at = timezone.now()
    job.save()
    cache.delete(_key(job.pk))
    return job.state


def _this_process() -> str:
    return f"{socket.gethostname()}:{os.getpid()}"


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # another user's process: it exists
        return True
    return True


def recover_interrupted() -> int:
    """Mark as failed the jobs left "running" by a process of this machine that has ended (a worker killed or
    stopped mid-job), their files deleted, so that their pages say so and a new one may start; how many. A worker
    calls it when it starts."""
    host = socket.gethostname()
    ended = [
        job
        for job in Job.objects.filter(state=Job.State.RUNNING, worker__startswith=f"{host}:")
        if not _alive(int(job.worker.rsplit(":", 1)[1]))
    ]
    for job in ended:
        _fail(job, INTERRUPTED)
        job.finished_at = timezone.now()
        job.save(update_fields=["state", "error", "step", "finished_at"])
        JobFile.objects.filter(job=job).delete()
        cache.delete(_key(job.pk))
        log.warning(
            "job %s (%s) was interrupted: its worker %s had ended", job.pk, job.kind, job.worker
        )
    return len(ended)


def has_files(job: Job) -> bool:
    """Whether the job still holds its files (a finished one only if it kept them)."""
    return JobFile.objects.filter(job=job).exists()


def take_files(job: Job) -> list[tuple[str, bytes]]:
    """The files a finished job kept, decrypted; they are deleted from it (a second call finds none)."""
    with transaction.atomic():
        files = list(Context(job).files())
        JobFile.objects.filter(job=job).delete()
    return files


KEEP_FILES_FOR = timedelta(hours=24)


def discard_kept_files(older_than: timedelta = KEEP_FILES_FOR) -> int:
    """Delete the files kept by jobs that finished more than ``older_than`` ago (a dry run never followed by its
    import); how many files."""
    cutoff = timezone.now() - older_than
    deleted, _kinds = JobFile.objects.filter(job__finished_at__lt=cutoff).delete()
    return deleted


def _fail(job: Job, message: str | Promise) -> None:
    job.state = Job.State.FAILED
    job.error = in_each_language(message)
    job.step = {}


def _key(job_id: int) -> str:
    return f"kuska:job:{job_id}:progress"


def _publish(job: Job) -> None:
    """The job's progress, to the cache and to its row (see the module's notes)."""
    values = {"done": job.done, "total": job.total, "step": job.step}
    cache.set(_key(job.pk), values, timeout=24 * 3600)
    if not connection.in_atomic_block:
        _write_row(job.pk, values)
    elif connection.vendor != "sqlite":
        threading.Thread(target=_write_apart, args=(job.pk, values), daemon=True).start()


def _write_row(job_id: int, values: dict[str, Any]) -> None:
    """The progress copied to the job's row, unless the database refuses the write for now (the cache has it)."""
    try:
        Job.objects.filter(pk=job_id).update(**values)
    except OperationalError as error:
        log.warning("job %s: progress kept in the cache only (%s)", job_id, type(error).__name__)


def _write_apart(job_id: int, values: dict[str, Any]) -> None:
    try:
        _write_row(job_id, values)
    finally:
        connections.close_all()


@dataclass(frozen=True)
class Progress:
    state: str
    done: int
    total: int | None
    step: dict[str, str]

    @property
    def percent(self) -> int | None:
        if not self.total:
            return None
        return min(100, round(100 * self.done / self.total))


def progress_of(job: Job) -> Progress:
    """Where the job is: its row, or, while it runs, the latest progress in the cache."""
    job.refresh_from_db()
    values = None if job.finished else cache.get(_key(job.pk))
    if values is None:
        return Progress(job.state, job.done, job.total, job.step)
    return Progress(job.state, values["done"], values["total"], values["step"])


def run_queued() -> int:
    """Run every queued task in this process, one after the other; how many ran. For tests and ``kuska worker
    --once``'s callers that already hold a connection they must keep (no connection is closed here)."""
    from django_tasks_db.models import DBTaskResult

    worker = _worker(batch=True)
    ran = 0
    while True:
        queued = DBTaskResult.objects.ready().filter(backend_name="default").first()
        if queued is None:
            return ran
        queued.claim(worker.worker_id)
        worker.run_task(queued)
        ran += 1


def _worker(batch: bool) -> Any:
    from django_tasks_db.management.commands.db_worker import Worker

    return Worker(
        queue_names=["*"],
        interval=1.0,
        batch=batch,
        backend_name="default",
        startup_delay=False,
        max_tasks=None,
        worker_id=f"kuska-{threading.get_ident()}",
        excluded_queue_names=[],
    )


class WorkerThread(threading.Thread):
    """A worker in a thread of the web server's process (``kuska serve``): it schedules the checks of the alert
    catalogue (:mod:`kuska.jobs.alerting`), then polls the queue every second until :meth:`stop`."""

    def __init__(self) -> None:
        super().__init__(name="kuska-worker", daemon=True)
        self.worker = _worker(batch=False)

    def run(self) -> None:
        from kuska.jobs.alerting import start_checks

        recover_interrupted()
        start_checks()  # the alert catalogue's checks, every alerting.EVERY
        self.worker.run()

    def stop(self) -> None:
        self.worker.running = False
