"""The alert catalogue evaluated on a schedule, by the worker: the rules that hold once time has passed (a
referral past its deadline, a child kept in a police station 24 hours, no service 12 hours after a night rescue, a
foreign victim with no residency decision after 60 days) raise their alerts without anyone running
``kuska alerts``.

:func:`schedule` queues :func:`check_alerts` to run at once, unless a check is already waiting; each check
evaluates the catalogue (new alerts are stored, e-mailed once and audited, with no user) and queues the next one
:data:`EVERY` later. A worker schedules the checks when it starts (``kuska serve``, ``kuska worker``), so several
workers, or a worker restarted, keep one check waiting, not one each. Evaluating is idempotent: a check run twice
raises and mails nothing twice.

>>> # schedule()          # a check now, then every EVERY
"""

from __future__ import annotations

import datetime

from django.utils import timezone
from django_tasks import task

from kuska.care import alerts

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


def schedule(after: datetime.timedelta = datetime.timedelta(0)) -> bool:
    """Queue a check of the alert catalogue ``after`` from now, unless one is already waiting; whether one was
    queued."""
    if _waiting():
        return False
    check_alerts.using(run_after=timezone.now() + after).enqueue()
    return True


@task()
def check_alerts() -> int:
    """Evaluate the whole catalogue, queue the next check :data:`EVERY` later, and say how many alerts were
    raised."""
    raised = alerts.evaluate(source=SOURCE)
    schedule(EVERY)
    return len(raised)
