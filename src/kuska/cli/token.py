"""``kuska token``: issue, list or revoke an agency's API tokens (the API is described in ``docs/api.md``)."""

from __future__ import annotations

import argparse
import datetime
import sys

from django.utils.translation import gettext as _
from rich.table import Table

from kuska.cli.output import console
from kuska.i18n import gettext_noop

HELP = gettext_noop(
    "Issue an API token for an agency (shown once; only its hash is kept), list its tokens or revoke one."
)


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--agency",
        required=True,
        metavar="CODE",
        help=gettext_noop("code of the agency (any case, or an alias of the profile)"),
    )
    action = parser.add_mutually_exclusive_group()
    action.add_argument(
        "--label",
        default="",
        metavar="TEXT",
        help=gettext_noop("what the new token is for, e.g. SIDPOL export"),
    )
    action.add_argument(
        "--list",
        action="store_true",
        help=gettext_noop("list the agency's tokens (never the tokens themselves)"),
    )
    action.add_argument(
        "--revoke", type=int, metavar="ID", help=gettext_noop("revoke the token with this id")
    )


def _error(message: str) -> int:
    print(f"kuska token: {message}", file=sys.stderr)
    return 1


def _when(value: datetime.datetime | None) -> str:
    from django.utils import timezone

    if value is None:
        return "—"
    return f"{timezone.localtime(value):%Y-%m-%d %H:%M}"


def run(args: argparse.Namespace) -> int:
    from django.db import DatabaseError

    from kuska.api.tokens import TokenError, issue_token, revoke_token, tokens_of

    try:
        if args.list:
            table = Table(title=_("API tokens: {agency}").format(agency=args.agency.upper()))
            for heading in ("id", _("label"), _("created"), _("revoked")):
                table.add_column(heading)
            for token in tokens_of(args.agency):
                table.add_row(
                    str(token.pk), token.label, _when(token.created_at), _when(token.revoked_at)
                )
            console.print(table)
            return 0
        if args.revoke is not None:
            token = revoke_token(args.agency, args.revoke)
            console.print(
                _("Token {token} revoked: {when}").format(
                    token=token.pk, when=_when(token.revoked_at)
                ),
                soft_wrap=True,
            )
            return 0
        issued = issue_token(args.agency, args.label)
    except TokenError as exc:
        return _error(str(exc))
    except DatabaseError as exc:
        return _error(
            _("could not use the database: {error}").format(error=exc)
            + "\n  "
            + _("(has `kuska init` been run?)")
        )
    console.print(
        _("Token {token} for {agency}").format(
            token=issued.token.pk, agency=issued.token.agency.code
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
