"""Writing, reading and verifying the audit trail.

Callers say what happened to which records, never what the records hold: ``records`` takes model instances (stored
as ``app.model:id``) and refuses anything else, so no name, birth date or document number can reach an event.

>>> # record_event(analyst, Action.IDENTITY_REVEAL, records=[person], reason="linkage review 412",
>>> #              source=request_source(request))
>>> # verify().broken   # None while nobody has altered the trail

Appends are serialised: each locks the :class:`~kuska.audit.models.Head` row (``SELECT … FOR UPDATE`` on
PostgreSQL; SQLite's write lock, taken when the transaction begins), so the chain cannot fork, and the unique
sequence number refuses a fork even if a lock were missed. The lock is held until the caller's transaction ends:
record an event after a long operation, not inside its transaction.
"""

from __future__ import annotations

import datetime
import getpass
from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.db import IntegrityError, models, transaction
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _

from kuska.audit.models import GENESIS, Action, Event, Head, Outcome

if TYPE_CHECKING:
    from kuska.accounts.models import User

__all__ = [
    "Action",
    "Broken",
    "Outcome",
    "Verification",
    "cli_source",
    "events",
    "record_event",
    "record_ref",
    "request_source",
    "verify",
]

REASON_MAX = 2000


def record_ref(record: models.Model) -> str:
    """How an event names a record: ``app_label.model:primary key``.

    >>> from kuska.registry.models import Agency
    >>> record_ref(Agency(pk=3))
    'registry.agency:3'
    """
    if not isinstance(record, models.Model):
        raise TypeError(
            f"an audit event names records by model instance, never by value; got {type(record).__name__}"
        )
    if record.pk is None:
        raise ValueError(f"an audit event names saved records; this {record._meta.label} has no id")
    return f"{record._meta.label_lower}:{record.pk}"


def cli_source() -> str:
    """Where a command-line event comes from: ``cli:`` and the operating-system account that ran it."""
    try:
        account = getpass.getuser()
    except (KeyError, OSError):
        account = "?"
    return f"cli:{account}"


def request_source(request: HttpRequest) -> str:
    """Where a web or API event comes from: the client's address as the server saw it."""
    return str(request.META.get("REMOTE_ADDR") or "?")


def _locked_head() -> Head:
    head = Head.objects.select_for_update().filter(pk=1).first()
    if head is not None:
        return head
    # the first event (or the first after a test database was emptied): start the head at the last event
    last = Event.objects.order_by("-sequence").first()
    try:
        with transaction.atomic():
            Head.objects.create(
                pk=1,
                sequence=last.sequence if last else 0,
                hash=last.hash if last else GENESIS,
            )
    except IntegrityError:
        pass  # another writer created it first
    return Head.objects.select_for_update().get(pk=1)


def record_event(
    actor: User | None,
    action: Action | str,
    *,
    records: Iterable[models.Model] = (),
    reason: str = "",
    outcome: Outcome | str = Outcome.SUCCESS,
    source: str,
    actor_email: str = "",
) -> Event:
    """Append an event to the trail and return it.

    ``actor`` is the signed-in user (None for a command run from the shell, whose ``source`` says which account);
    without one, ``actor_email`` is what someone typed to sign in (a failed sign-in names no user: the trail is the
    only place that keeps what was typed);
    ``records`` the rows the action touched (model instances only); ``reason`` what the person said it was for.
    """
    action = Action(action)
    outcome = Outcome(outcome)
    refs = list(dict.fromkeys(record_ref(record) for record in records))
    with transaction.atomic():
        head = _locked_head()
        event = Event(
            sequence=head.sequence + 1,
            at=timezone.now(),
            actor=actor,
            actor_email=actor.email if actor is not None else actor_email.strip()[:254],
            source=source[:200],
            action=action.value,
            records=refs,
            reason=reason.strip()[:REASON_MAX],
            outcome=outcome.value,
            previous_hash=head.hash,
        )
        event.hash = event.compute_hash()
        event.save()
        head.sequence, head.hash = event.sequence, event.hash
        head.save(update_fields=["sequence", "hash"])
    return event


@dataclass(frozen=True)
class Broken:
    """The first event where the chain does not hold, and why: ``kind`` is ``missing`` (events removed before
    it), ``unlinked`` (it does not point at the previous hash), ``altered`` (its contents do not give its hash) or
    ``truncated`` (events removed from the end; ``sequence`` is then the first missing one)."""

    sequence: int
    kind: str
    problem: str


@dataclass(frozen=True)
class Verification:
    events: int
    last_hash: str
    broken: Broken | None

    @property
    def ok(self) -> bool:
        return self.broken is None


def verify(chunk_size: int = 2000) -> Verification:
    """Recompute the chain from the first event; stop at the first event that breaks it.

    An event breaks the chain when its contents no longer give its hash (it was altered), when it does not
    point at the previous event's hash, or when its sequence number skips (events were removed before it). The
    head must name the last event (events removed from the end).
    """
    expected, previous, count = 1, GENESIS, 0
    for event in Event.objects.order_by("sequence").iterator(chunk_size=chunk_size):
        if event.sequence != expected:
            return Verification(
                count,
                previous,
                Broken(
                    event.sequence,
                    "missing",
                    _("events %(first)d–%(last)d before it are missing")
                    % {"first": expected, "last": event.sequence - 1},
                ),
            )
        if event.previous_hash != previous:
            return Verification(
                count,
                previous,
                Broken(
                    event.sequence, "unlinked", _("it does not point at the previous event's hash")
                ),
            )
        if event.compute_hash() != event.hash:
            return Verification(
                count,
                previous,
                Broken(
                    event.sequence,
                    "altered",
                    _("its contents no longer give its hash: it was altered"),
                ),
            )
        expected, previous, count = expected + 1, event.hash, count + 1
    head = Head.objects.filter(pk=1).first()
    if head is not None and (head.sequence, head.hash) != (count, previous):
        return Verification(
            count,
            previous,
            Broken(
                count + 1,
                "truncated",
                _(
                    "the trail ends at event %(last)d but event %(written)d was written: events were removed from the end"
                )
                % {"last": count, "written": head.sequence},
            ),
        )
    return Verification(count, previous, None)


def events(
    *,
    user: str | None = None,
    since: datetime.datetime | None = None,
    action: str | None = None,
    record: str | None = None,
) -> QuerySet[Event]:
    """The events, oldest first, filtered by the actor's e-mail, a start time, an action (or an action family
    such as ``user``) and a record (``registry.personrecord:42``, or ``personrecord:42``)."""
    found = Event.objects.order_by("sequence")
    if user:
        found = found.filter(actor_email__iexact=user.strip())
    if since is not None:
        found = found.filter(at__gte=since)
    if action:
        found = found.filter(models.Q(action=action) | models.Q(action__startswith=f"{action}."))
    if record:
        ref = record.strip().lower()
        # a quoted match on the JSON text: exact references, on SQLite and PostgreSQL alike
        found = found.filter(
            records__icontains=f'"{ref}"' if "." in ref.split(":", 1)[0] else f'.{ref}"'
        )
    return found
