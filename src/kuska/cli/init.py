"""``kuska init``: migrate the database and load the country profile (idempotent)."""

from __future__ import annotations

import argparse

from django.utils.translation import gettext as _

from kuska.cli.output import console, install_table

HELP = "Create or update the database and load the country profile (safe to run again)."


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--profile", help="country profile to load (default: KUSKA_PROFILE, else peru)"
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


def run(args: argparse.Namespace) -> int:
    return initialise(args.profile)
