"""``kuska token``: issue, list or revoke a user's API tokens (the API is described in ``docs/api.md``)."""

from __future__ import annotations

import argparse
import datetime
import sys

from django.utils.translation import gettext as _
from rich.table import Table

from kuska.cli.output import console
from kuska.i18n import gettext_noop

HELP = gettext_noop(
    "Issue an API token for a user (shown once; only its hash is kept), list their tokens or revoke one."
)


def add_arguments(parser: argparse.ArgumentParser) -> None:
    sub = parser.add_subparsers(dest="action", metavar="ACTION", required=True)
    issue = sub.add_parser(
        "issue",
        help=gettext_noop("issue a token that acts as the user (their roles, their agencies)"),
    )
    issue.add_argument("email", metavar="E", help=gettext_noop("the user's e-mail address"))
    issue.add_argument(
        "--label",
        default="",
        metavar="TEXT",
        help=gettext_noop("what the token is for, e.g. SIDPOL export"),
    )
    issue.add_argument(
        "--days",
        type=int,
        default=None,
        metavar="N",
        help=gettext_noop("days the token works (default: KUSKA_API_TOKEN_DAYS, 90)"),
    )
    listing = sub.add_parser(
        "list", help=gettext_noop("list the user's tokens (never the tokens themselves)")
    )
    listing.add_argument("email", metavar="E", help=gettext_noop("the user's e-mail address"))
    revoke = sub.add_parser("revoke", help=gettext_noop("revoke one of the user's tokens"))
    revoke.add_argument("email", metavar="E", help=gettext_noop("the user's e-mail address"))
    revoke.add_argument(
        "id", type=int, metavar="ID", help=gettext_noop("the token's id (from kuska token list)")
    )


def _error(message: str) -> int:
    print(f"kuska token: {message}", file=sys.stderr)
    return 1


def _when(value: datetime.datetime | None) -> str:
    from django.utils import timezone

    if value is None:
        return "—"
    return f"{timezone.localtime(value):%Y-%m-%d %H:%M}"


def _state(state: str) -> str:
    return {"active": _("active"), "expired": _("expired"), "revoked": _("revoked")}[state]


def run(args: argparse.Namespace) -> int:
    from django.db import DatabaseError

    from kuska.accounts.tokens import TokenError, issue_token, revoke_token, tokens_of
    from kuska.audit.trail import cli_source

    try:
        if args.action == "list":
            table = Table(title=_("API tokens: {user}").format(user=args.email.strip()))
            for heading in ("id", _("label"), _("created"), _("expires"), _("revoked"), _("state")):
                table.add_column(heading)
            for token in tokens_of(args.email):
                table.add_row(
                    str(token.pk),
                    token.label,
                    _when(token.created_at),
                    _when(token.expires_at),
                    _when(token.revoked_at),
                    _state(token.state),
                )
            console.print(table)
            return 0
        if args.action == "revoke":
            token = revoke_token(args.email, args.id, source=cli_source())
            console.print(
                _("Token {token} revoked: {when}").format(
                    token=token.pk, when=_when(token.revoked_at)
                ),
                soft_wrap=True,
            )
            return 0
        issued = issue_token(args.email, label=args.label, days=args.days, source=cli_source())
    except TokenError as exc:
        return _error(str(exc))
    except DatabaseError as exc:
        return _error(
            _("could not use the database: {error}").format(error=exc)
            + "\n  "
            + _("(has `kuska init` been run?)")
        )
    console.print(
        _("Token {token} for {user}, until {expires}").format(
            token=issued.token.pk,
            user=issued.token.user.email,
            expires=_when(issued.token.expires_at),
        )
        + (f" ({issued.token.label})" if issued.token.label else "")
        + ":",
        soft_wrap=True,
    )
    # plain print: the token must come out on one line, exactly as it is, to be copied
    print(issued.secret, flush=True)
    console.print(
        _("Keep it now: Kuska does not store it and cannot show it again.")
        + "\n"
        + _("Use it in the header: {header}").format(header="Authorization: Token <token>"),
        soft_wrap=True,
    )
    return 0
