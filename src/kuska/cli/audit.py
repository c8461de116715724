"""``kuska audit``: verify the audit trail's hash chain, or list its events (described in ``docs/access.md``).

For a user named by ``--as`` (:mod:`kuska.cli.actor`) both need ``audit.read``; the ``audit.list`` event names
them.
"""

from __future__ import annotations

import argparse
import datetime
import json
import sys

from rich.table import Table

from kuska.cli import actor
from kuska.cli.output import console
from kuska.i18n import gettext_noop

READ = "audit.read"

HELP = gettext_noop(
    "Verify the audit trail (every event's hash, chained to the one before) or list its events."
)


def add_arguments(parser: argparse.ArgumentParser) -> None:
    sub = parser.add_subparsers(dest="action", metavar="ACTION", required=True)
    verify = sub.add_parser(
        "verify",
        help=gettext_noop(
            "recompute the chain of hashes; exit status 1 and the first broken event if it does not hold"
        ),
    )
    actor.add_argument(verify)
    listing = sub.add_parser("list", help=gettext_noop("list events, oldest first"))
    listing.add_argument(
        "--user", metavar="E", help=gettext_noop("only events of the user with this e-mail")
    )
    listing.add_argument(
        "--since",
        metavar="DATE",
        help=gettext_noop("only events from this date or time on (2026-03-01, 2026-03-01T08:00)"),
    )
    listing.add_argument(
        "--action",
        dest="action_filter",
        metavar="ACTION",
        help=gettext_noop("only this action (user.add) or family of actions (user)"),
    )
    listing.add_argument(
        "--record",
        metavar="REF",
        help=gettext_noop("only events about this record, e.g. registry.personrecord:42"),
    )
    listing.add_argument("--format", choices=["table", "json"], default="table")
    actor.add_argument(listing)


def _error(message: str) -> int:
    print(f"kuska audit: {message}", file=sys.stderr)
    return 1


def _since(text: str) -> datetime.datetime:
    from django.utils import timezone
    from django.utils.translation import gettext as _

    try:
        moment = datetime.datetime.fromisoformat(text.strip())
    except ValueError as exc:
        raise ValueError(
            _("--since “%(value)s” is not a date (YYYY-MM-DD) or a time (YYYY-MM-DDTHH:MM)")
            % {"value": text}
        ) from exc
    if timezone.is_naive(moment):
        moment = timezone.make_aware(moment)
    return moment


def _verify() -> int:
    from django.utils.translation import gettext as _

    from kuska.audit.trail import verify

    result = verify()
    if result.broken is not None:
        return _error(
            _(
                "the audit trail is broken at event %(sequence)d: %(problem)s (%(count)d events before it hold)"
            )
            % {
                "sequence": result.broken.sequence,
                "problem": result.broken.problem,
                "count": result.events,
            }
        )
    console.print(
        _("The audit trail holds: %(count)d events, last hash %(hash)s.")
        % {"count": result.events, "hash": result.last_hash},
        soft_wrap=True,
    )
    return 0


def _list(args: argparse.Namespace) -> int:
    from django.utils import timezone
    from django.utils.translation import gettext as _

    from kuska.audit.trail import Action, events, record_event

    if args.action_filter and args.action_filter not in Action.values:
        families = {value.split(".", 1)[0] for value in Action.values}
        if args.action_filter not in families:
            return _error(
                _("unknown action “%(action)s”; the actions are: %(actions)s")
                % {"action": args.action_filter, "actions": ", ".join(Action.values)}
            )
    try:
        since = _since(args.since) if args.since else None
    except ValueError as exc:
        return _error(str(exc))
    found = events(user=args.user, since=since, action=args.action_filter, record=args.record)
    if args.format == "json":
        print(
            json.dumps(
                [
                    {
                        "sequence": event.sequence,
                        "at": event.at.isoformat(),
                        "actor": event.actor_email or None,
                        "source": event.source,
                        "action": event.action,
                        "records": event.records,
                        "reason": event.reason,
                        "outcome": event.outcome,
                        "hash": event.hash,
                    }
                    for event in found.iterator(chunk_size=2000)
                ],
                ensure_ascii=False,
                indent=2,
            )
        )
    else:
        table = Table(title=_("Audit trail"))
        for heading in (
            "#",
            _("when"),
            _("who"),
            _("from"),
            _("action"),
            _("records"),
            _("reason"),
            _("outcome"),
        ):
            table.add_column(heading, overflow="fold")
        for event in found.iterator(chunk_size=2000):
            table.add_row(
                str(event.sequence),
                f"{timezone.localtime(event.at):%Y-%m-%d %H:%M:%S}",
                event.actor_email or "—",
                event.source,
                event.action,
                "\n".join(event.records),
                event.reason,
                event.outcome,
            )
        console.print(table)
    # reading the trail is itself recorded: who looked at whose actions
    reader = actor.actor_of(args)
    record_event(reader.user, Action.AUDIT_LIST, reason=_describe(args), source=reader.source)
    return 0


def _describe(args: argparse.Namespace) -> str:
    filters = {
        "user": args.user,
        "since": args.since,
        "action": args.action_filter,
        "record": args.record,
    }
    return " ".join(f"--{name} {value}" for name, value in filters.items() if value)


def run(args: argparse.Namespace) -> int:
    from django.db import DatabaseError
    from django.utils.translation import gettext as _

    refused = actor.refuse(args, READ)
    if refused is not None:
        return refused
    try:
        return _verify() if args.action == "verify" else _list(args)
    except DatabaseError as exc:
        return _error(
            _("could not use the database: %(error)s (has `kuska init` been run?)") % {"error": exc}
        )
