"""The alert catalogue evaluated on a schedule, by the worker: the rules that hold once time has passed (a
referral past its deadline, a child kept in a police station 24 hours, no service 12 hours after a night rescue, a
foreign victim with no residency decision after 60 days) raise their alerts without anyone running
``kuska alerts``.

:func:`schedule` queues :func:`check_alerts` to run next, unless a check is already waiting; each check
evaluates the catalogue (new alerts are stored, e-mailed once and audited, with no user) and queues the next one
:data:`EVERY` later. A worker schedules the checks when it starts (``kuska serve``, ``kuska worker``), so several
workers, or a worker restarted, keep one check waiting, not one each. Evaluating is idempotent: a check run twice
raises and mails nothing twice.

>>> # start_checks()      # a check now, then every EVERY (what a worker does when it starts)
"""

from __future__ import annotations

import datetime
import logging
import time

from django.db import OperationalError
from django.utils import timezone
from django_tasks import task
from django_tasks_db.utils import is_locked_database_exception

from kuska.care import alerts

log = logging.getLogger(__name__)

# how often the worker evaluates the alert catalogue
EVERY = datetime.timedelta(minutes=10)
# where the events of the alerts a scheduled check raises come from
SOURCE = "kuska:schedule"


def _waiting() -> bool:
    from django_tasks_db.compat import TaskResultStatus
    from django_tasks_db.models import DBTaskResult

    return DBTaskResult.objects.filter(
        status=TaskResultStatus.READY, task_path=check_alerts.module_path
    ).exists()


def schedule(after: datetime.timedelta | None = None) -> bool:
    """Queue a check of the alert catalogue ``after`` from now (none: as soon as the jobs queued before it have
    run, so a check never delays the jobs people started), unless one is already waiting; whether one was
    queued."""
    if _waiting():
        return False
    if after is None:
        check_alerts.enqueue()
    else:
        check_alerts.using(run_after=timezone.now() + after).enqueue()
    return True


def start_checks(attempts: int = 20) -> bool:
    """:func:`schedule` for a worker that starts: SQLite may be locked by another connection for a moment (as the
    worker's own loop allows), so try again a few times; whether a check waits now. A database still locked is
    logged, and the worker runs its jobs all the same."""
    for _attempt in range(attempts):
        try:
            schedule()
        except OperationalError as error:
            if not is_locked_database_exception(error):
                raise
            time.sleep(0.25)
        else:
            return True
    log.warning("the checks of the alert catalogue were not scheduled: the database stayed locked")
    return False


@task()
def check_alerts() -> int:
    """Evaluate the whole catalogue, queue the next check :data:`EVERY` later, and say how many alerts were
    raised."""
    try:
        raised = alerts.evaluate(source=SOURCE)
    finally:
        schedule(EVERY)  # a check that failed does not end the checks
    return len(raised)
