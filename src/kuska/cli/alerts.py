"""``kuska alerts``: evaluate the profile's alert catalogue and list the alerts (``docs/care.md``).

Evaluating raises, e-mails and records the new alerts (evaluating again raises none); the list names each alert's
catalogue entry, severity, state, subject and case by reference and the agency by code, never an identity. For a
user named by ``--as`` (:mod:`kuska.cli.actor`) it needs ``care.alerts``; the events of the alerts raised name them.
"""

from __future__ import annotations

import argparse
import json

from rich.table import Table

from kuska.cli import actor
from kuska.cli.output import console
from kuska.i18n import gettext_noop

READ = "care.alerts"

HELP = gettext_noop(
    "Evaluate the alert catalogue (new alerts are stored and e-mailed once) and list the alerts, by reference."
)


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--state",
        choices=("raised", "acknowledged", "resolved"),
        help=gettext_noop("only alerts in this state"),
    )
    parser.add_argument(
        "--format",
        choices=("table", "json"),
        default="table",
        help=gettext_noop("list format (default table)"),
    )
    actor.add_argument(parser)


def run(args: argparse.Namespace) -> int:
    from django.utils import timezone
    from django.utils.translation import gettext as _

    from kuska.care import alerts
    from kuska.i18n import active_language

    refused = actor.refuse(args, READ)
    if refused is not None:
        return refused
    reader = actor.actor_of(args)
    raised = alerts.evaluate(reader.user, source=reader.source)
    found = alerts.alerts_for(reader.user)
    if args.state:
        found = found.filter(state=args.state)
    language = active_language()
    listed = list(found)
    rows = [
        {
            "id": alert.pk,
            "alert": alert.rule,
            "title": entry.title(language)
            if (entry := alerts.definition(alert.rule))
            else alert.rule,
            "severity": alert.severity,
            "state": alert.state,
            "raised_at": alert.raised_at.isoformat(),
            "subject": alert.subject,
            "case": f"care.case:{alert.case_id}" if alert.case_id else None,
            "agency": alert.agency.code if alert.agency else None,
        }
        for alert in listed
    ]
    if args.format == "json":
        print(json.dumps(rows, ensure_ascii=False, indent=2))
        return 0
    table = Table(title=_("Alerts (%(new)d new)") % {"new": len(raised)})
    for heading in (
        "#",
        _("alert"),
        _("severity"),
        _("state"),
        _("raised"),
        _("about"),
        _("agency"),
    ):
        table.add_column(heading, overflow="fold")
    for alert, row in zip(listed, rows, strict=True):
        table.add_row(
            str(row["id"]),
            str(row["title"]),
            str(row["severity"]),
            str(row["state"]),
            f"{timezone.localtime(alert.raised_at):%Y-%m-%d %H:%M}",
            "\n".join(str(v) for v in (row["subject"], row["case"]) if v),
            str(row["agency"] or "—"),
        )
    console.print(table)
    return 0
