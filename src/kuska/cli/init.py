"""``kuska init``: migrate the database and load the country profile (idempotent)."""

from __future__ import annotations

import argparse
import sys

from django.utils.translation import gettext as _

from kuska.cli.output import console, install_table
from kuska.i18n import gettext_noop

NEEDS_DATABASE = False  # it makes the database
HELP = gettext_noop(
    "Create or update the database and load the country profile (safe to run again)."
)


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--profile",
        help=gettext_noop("country profile to load (default: KUSKA_PROFILE, else peru)"),
    )


def initialise(profile_code: str | None = None) -> int:
    from django.conf import settings
    from django.core.management import call_command
    from django.db.migrations.exceptions import InconsistentMigrationHistory

    from kuska.profiles import ProfileError, install, read_profile
    from kuska.registry.summary import database_description

    console.print(_("Database: {database}").format(database=database_description()))
    try:
        call_command("migrate", interactive=False, verbosity=0)
    except InconsistentMigrationHistory as exc:
        # a database made before Kuska had user accounts: its users table is Django's, which cannot be swapped
        console.print(
            _(
                "This database was created before user accounts existed and cannot be upgraded: make a new "
                "one (a new SQLite file or PostgreSQL database) and import the agencies' files again. (%(error)s)"
            )
            % {"error": exc},
            soft_wrap=True,
        )
        return 1
    try:
        profile = read_profile(profile_code or settings.KUSKA_PROFILE)
    except ProfileError as exc:
        failed = _("Profile error:")
        console.print(f"[red]{failed}[/red] {exc}")
        return 1
    report = install(profile)
    console.print(install_table(report))
    if not report.changed:
        console.print(_("Nothing changed: the profile was already loaded."))
    return 0


def database_ready() -> bool:
    """Whether the database has every migration of this version of Kuska. If not (never initialised, or made by an
    older version), it says to run ``kuska init`` and answers ``False``: every command that reads or writes the
    database asks this first (``NEEDS_DATABASE`` in :mod:`kuska.cli`)."""
    from django.db import DatabaseError, connection
    from django.db.migrations.executor import MigrationExecutor

    from kuska.registry.summary import database_description

    try:
        executor = MigrationExecutor(connection)
        missing = executor.migration_plan(executor.loader.graph.leaf_nodes())
    except DatabaseError as exc:
        print(
            "kuska: " + _("could not use the database: {error}").format(error=exc), file=sys.stderr
        )
        return False
    if missing:
        message = _(
            "the database ({database}) has not been initialised, or was made by an older version of Kuska: "
            "run `kuska init` first."
        ).format(database=database_description())
        print("kuska: " + message, file=sys.stderr)
        return False
    return True


def run(args: argparse.Namespace) -> int:
    return initialise(args.profile)
