"""``kuska worker``: run the background jobs people start from the pages (imports, linkage runs, reports), and the
scheduled checks of the alert catalogue (:mod:`kuska.jobs.alerting`)."""

from __future__ import annotations

import argparse

from django.utils.translation import gettext as _

from kuska.cli.output import console
from kuska.i18n import gettext_noop

HELP = gettext_noop(
    "Run the background jobs started from the pages (kuska serve already runs one beside the web server)."
)


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--once",
        action="store_true",
        help=gettext_noop(
            "run the jobs waiting now, then stop (default: keep waiting for new ones)"
        ),
    )
    parser.add_argument(
        "--interval",
        type=float,
        default=1.0,
        help=gettext_noop("seconds between looks at the queue (default 1)"),
    )


def run(args: argparse.Namespace) -> int:
    from django.core.management import call_command

    from kuska.jobs.alerting import start_checks
    from kuska.jobs.work import recover_interrupted

    recover_interrupted()
    start_checks()  # the alert catalogue's checks: one now, then every few minutes
    if args.once:
        console.print(_("Running the waiting jobs."))
    else:
        console.print(_("Waiting for jobs (Ctrl+C to stop)."))
    options = ["--queue-name", "*", "--interval", str(args.interval), "--no-startup-delay"]
    call_command("db_worker", *options, *(["--batch"] if args.once else []), verbosity=0)
    return 0
