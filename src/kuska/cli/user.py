"""``kuska user``: add, list and disable the people who sign in to Kuska (roles in ``docs/access.md``), and reset
a user's second factor."""

from __future__ import annotations

import argparse
import getpass
import json
import sys

from rich.table import Table

from kuska.cli.output import console
from kuska.i18n import gettext_noop

HELP = gettext_noop(
    "Add a user with a role at an agency, list the users, disable one (their sessions end) or reset their second "
    "factor."
)


def add_arguments(parser: argparse.ArgumentParser) -> None:
    sub = parser.add_subparsers(dest="action", metavar="ACTION", required=True)
    add = sub.add_parser(
        "add",
        help=gettext_noop(
            "add a user holding a role at an agency (or give an existing user another membership)"
        ),
    )
    add.add_argument(
        "--email",
        required=True,
        metavar="E",
        help=gettext_noop("the e-mail address they sign in with"),
    )
    add.add_argument(
        "--agency",
        required=True,
        metavar="CODE",
        help=gettext_noop("code of the agency, e.g. POLICE"),
    )
    add.add_argument(
        "--role",
        required=True,
        metavar="ROLE",
        help=gettext_noop("e.g. data_officer (docs/access.md)"),
    )
    add.add_argument(
        "--name", default="", metavar="N", help=gettext_noop("the name shown for them")
    )
    add.add_argument(
        "--lang", default="es", metavar="es|en", help=gettext_noop("their language (default es)")
    )
    add.add_argument(
        "--password-stdin",
        action="store_true",
        help=gettext_noop(
            "read the password from the first line of standard input instead of asking for it"
        ),
    )
    listing = sub.add_parser("list", help=gettext_noop("list the users and their memberships"))
    listing.add_argument("--format", choices=["table", "json"], default="table")
    disable = sub.add_parser("disable", help=gettext_noop("disable a user and end their sessions"))
    disable.add_argument("email", metavar="E", help=gettext_noop("the user's e-mail address"))
    disable.add_argument(
        "--reason", default="", metavar="TEXT", help=gettext_noop("why, for the audit trail")
    )
    reset = sub.add_parser(
        "reset-2fa",
        help=gettext_noop(
            "remove the user's authenticator (TOTP) devices: they enrol a new one at their next sign-in"
        ),
    )
    reset.add_argument("email", metavar="E", help=gettext_noop("the user's e-mail address"))
    reset.add_argument(
        "--reason", default="", metavar="TEXT", help=gettext_noop("why, for the audit trail")
    )


def _error(message: str) -> int:
    print(f"kuska user: {message}", file=sys.stderr)
    return 1


def _password(from_stdin: bool) -> str | None:
    from django.utils.translation import gettext as _

    if from_stdin:
        return sys.stdin.readline().rstrip("\r\n")
    if not sys.stdin.isatty():
        return None
    first = getpass.getpass(_("Password: "))
    if getpass.getpass(_("Password (again): ")) != first:
        raise ValueError(_("the two passwords differ"))
    return first


def _add(args: argparse.Namespace) -> int:
    from django.utils.translation import gettext as _

    from kuska.accounts.models import User, normalise_email
    from kuska.accounts.users import AccountError, add_user
    from kuska.audit.trail import cli_source

    password = None
    if not User.objects.filter(email=normalise_email(args.email)).exists():
        try:
            password = _password(args.password_stdin)
        except ValueError as exc:
            return _error(str(exc))
        if password is None:
            return _error(_("no terminal to ask for the password: use --password-stdin"))
    try:
        added = add_user(
            args.email,
            args.agency,
            args.role,
            password=password,
            display_name=args.name,
            language=args.lang,
            source=cli_source(),
        )
    except AccountError as exc:
        return _error(str(exc))
    membership = added.membership
    values = {
        "email": added.user.email,
        "role": membership.role.code,
        "agency": membership.agency.code,
    }
    if added.new_user:
        console.print(_("User %(email)s added: %(role)s at %(agency)s.") % values, soft_wrap=True)
    else:
        console.print(
            _("User %(email)s now also holds %(role)s at %(agency)s.") % values, soft_wrap=True
        )
    return 0


def _list(args: argparse.Namespace) -> int:
    from django.utils import timezone
    from django.utils.translation import get_language
    from django.utils.translation import gettext as _

    from kuska.accounts.users import users

    if args.format == "json":
        rows = [
            {
                "email": user.email,
                "name": user.display_name,
                "language": user.language,
                "active": user.is_active,
                "memberships": [
                    {"role": m.role.code, "agency": m.agency.code} for m in user.memberships.all()
                ],
                "last_login": user.last_login.isoformat() if user.last_login else None,
            }
            for user in users()
        ]
        print(json.dumps(rows, ensure_ascii=False, indent=2))
        return 0
    language = get_language() or "es"
    table = Table(title=_("Users"))
    table.add_column(_("e-mail"), no_wrap=True)
    for heading in (
        _("name"),
        _("language"),
        _("active"),
        _("roles"),
        _("last login"),
    ):
        table.add_column(heading, overflow="fold")
    for user in users():
        table.add_row(
            user.email,
            user.display_name,
            user.language,
            _("yes") if user.is_active else _("no"),
            "\n".join(f"{m.role.name(language)} @ {m.agency.code}" for m in user.memberships.all()),
            f"{timezone.localtime(user.last_login):%Y-%m-%d %H:%M}" if user.last_login else "—",
        )
    console.print(table)
    return 0


def _disable(args: argparse.Namespace) -> int:
    from django.utils.translation import gettext as _

    from kuska.accounts.users import AccountError, disable_user
    from kuska.audit.trail import cli_source

    try:
        disabled = disable_user(args.email, reason=args.reason, source=cli_source())
    except AccountError as exc:
        return _error(str(exc))
    values = {"email": disabled.user.email, "sessions": disabled.sessions_ended}
    if disabled.already_disabled:
        console.print(_("User %(email)s was already disabled.") % values, soft_wrap=True)
    else:
        console.print(
            _("User %(email)s disabled; sessions ended: %(sessions)d.") % values, soft_wrap=True
        )
    return 0


def _reset_second_factor(args: argparse.Namespace) -> int:
    from django.utils.translation import gettext as _

    from kuska.accounts.models import User, normalise_email
    from kuska.accounts.second_factor import reset_second_factor
    from kuska.audit.trail import cli_source

    user = User.objects.filter(email=normalise_email(args.email)).first()
    if user is None:
        return _error(
            _("there is no user with the e-mail address “%(email)s”") % {"email": args.email}
        )
    removed = reset_second_factor(user, reason=args.reason, actor=None, source=cli_source())
    console.print(
        _(
            "Second factor of %(email)s reset: %(devices)d device(s) removed; they enrol a new one at their "
            "next sign-in."
        )
        % {"email": user.email, "devices": removed},
        soft_wrap=True,
    )
    return 0


def run(args: argparse.Namespace) -> int:
    from django.db import DatabaseError

    actions = {
        "add": _add,
        "list": _list,
        "disable": _disable,
        "reset-2fa": _reset_second_factor,
    }
    try:
        return actions[args.action](args)
    except DatabaseError as exc:
        from django.utils.translation import gettext as _

        return _error(
            _("could not use the database: %(error)s (has `kuska init` been run?)") % {"error": exc}
        )
