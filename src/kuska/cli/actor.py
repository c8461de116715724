"""Who a command acts for: ``--as EMAIL`` (default: the ``KUSKA_USER`` environment variable) names a Kuska user.

With a user, a command that reads records or figures checks that user's permissions (``docs/access.md``,
"Commands") and the audit events it writes name them, beside ``cli:<account>``, the operating-system account that
ran it. A user unknown or disabled is refused before the command starts, as is one without the permission the
command needs: one line on standard error and exit status :data:`REFUSED`.

Without a user the command acts for the server's operator, as before users existed: it holds every permission,
since whoever runs commands on the server holds the database and its keys anyway. ``--as`` does not authenticate
anyone; it attributes the work to a person and limits it to what their roles allow.

>>> # kuska review --as analista@cnp.gob.pe          # refused unless the analyst holds linkage.review
>>> # KUSKA_USER=auditor@cnp.gob.pe kuska audit verify
"""

from __future__ import annotations

import argparse
import sys
from dataclasses import dataclass
from typing import TYPE_CHECKING

from kuska.i18n import gettext_noop

if TYPE_CHECKING:  # the CLI imports Django models only after django.setup()
    from kuska.accounts.models import User

ENVIRONMENT = "KUSKA_USER"
REFUSED = 2


def add_argument(parser: argparse.ArgumentParser) -> None:
    """The ``--as EMAIL`` option of a command that acts for a user."""
    parser.add_argument(
        "--as",
        dest="as_user",
        default=None,
        metavar="EMAIL",
        help=gettext_noop(
            "act for this Kuska user: their permissions apply and the audit trail names them (default: the "
            "KUSKA_USER environment variable; without either, the server's operator, who may do everything)"
        ),
    )


class ActorError(Exception):
    """The user named by ``--as`` or ``KUSKA_USER`` may not act: unknown or disabled."""


@dataclass(frozen=True)
class Actor:
    """A command's user (``None``: the server's operator) and where its events come from (``cli:<account>``)."""

    user: User | None
    source: str

    def holds(self, permission: str) -> bool:
        """Whether the actor holds the permission wherever the command reaches: one of scope ``all`` (a command
        works on every agency's records); the operator holds every permission."""
        from kuska.accounts.permissions import has_permission

        return self.user is None or has_permission(self.user, permission)

    def lacking(self, *permissions: str) -> list[str]:
        return [permission for permission in permissions if not self.holds(permission)]


def resolve(email: str | None) -> Actor:
    """The actor named by ``email`` (else ``KUSKA_USER``; neither: the operator); :class:`ActorError` for an
    unknown or disabled user."""
    from django.utils.translation import gettext as _

    from kuska.accounts.models import User, normalise_email
    from kuska.audit.trail import cli_source
    from kuska.config.env import env_str

    named = (email if email is not None else env_str(ENVIRONMENT)).strip()
    if not named:
        return Actor(None, cli_source())
    user = User.objects.filter(email=normalise_email(named)).first()
    if user is None:
        raise ActorError(
            _("there is no user with the e-mail address “%(email)s”") % {"email": named}
        )
    if not user.is_active:
        raise ActorError(_("user “%(email)s” is disabled") % {"email": user.email})
    return Actor(user, cli_source())


def prepare(args: argparse.Namespace) -> int | None:
    """Resolves the actor of a command that takes ``--as`` into ``args.actor``; for an unknown or disabled user,
    says so on standard error and returns :data:`REFUSED`."""
    if not hasattr(args, "as_user"):
        return None
    try:
        args.actor = resolve(args.as_user)
    except ActorError as exc:
        print(f"kuska {args.command}: {exc}", file=sys.stderr)
        return REFUSED
    return None


def actor_of(args: argparse.Namespace) -> Actor:
    """The actor :func:`prepare` resolved (resolved now when the command was called without it)."""
    found = getattr(args, "actor", None)
    if isinstance(found, Actor):
        return found
    resolved = resolve(getattr(args, "as_user", None))
    args.actor = resolved
    return resolved


def refuse(args: argparse.Namespace, *permissions: str) -> int | None:
    """:data:`REFUSED`, after one line on standard error naming what is missing, when the command's user lacks
    one of ``permissions``; ``None`` when they hold every one."""
    from django.utils.translation import gettext as _

    actor = actor_of(args)
    missing = actor.lacking(*permissions)
    if not missing or actor.user is None:
        return None
    print(
        f"kuska {args.command}: "
        + _("%(user)s does not hold the permission %(permissions)s this needs (docs/access.md)")
        % {"user": actor.user.email, "permissions": ", ".join(missing)},
        file=sys.stderr,
    )
    return REFUSED
