"""Adding, listing and disabling users; every change is an audit event.

>>> # added = add_user("rosa@welfare.example", "WELFARE", "case_worker", password=..., source=cli_source())
>>> # disable_user("rosa@welfare.example", reason="left the agency", source=cli_source())
"""

from __future__ import annotations

from dataclasses import dataclass

from django.conf import settings
from django.contrib.auth.password_validation import validate_password
from django.contrib.sessions.models import Session
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.db.models import QuerySet
from django.utils.translation import gettext as _

from kuska.accounts.models import Membership, Role, User, normalise_email
from kuska.audit.models import Action
from kuska.audit.trail import record_event
from kuska.registry.models import Agency


class AccountError(Exception):
    """A user could not be added or changed; the message says which value and why."""


@dataclass(frozen=True)
class AddedUser:
    user: User
    membership: Membership
    new_user: bool


@dataclass(frozen=True)
class DisabledUser:
    user: User
    sessions_ended: int
    already_disabled: bool


def languages() -> list[str]:
    """The language codes a user may choose: those Kuska has a catalogue for."""
    return [code for code, _name in settings.LANGUAGES]


def _agency(code: str) -> Agency:
    agency = Agency.objects.filter(code=code.strip().upper()).first()
    if agency is None:
        raise AccountError(_("agency “%(code)s” is not in the country profile") % {"code": code})
    return agency


def _role(code: str) -> Role:
    role = Role.objects.filter(code=code.strip().lower(), assignable=True).first()
    if role is None:
        known = ", ".join(Role.objects.filter(assignable=True).values_list("code", flat=True))
        raise AccountError(
            _("role “%(code)s” cannot be given; the roles are: %(known)s")
            % {"code": code, "known": known}
        )
    return role


def _user(email: str) -> User:
    user = User.objects.filter(email=normalise_email(email)).first()
    if user is None:
        raise AccountError(
            _("there is no user with the e-mail address “%(email)s”") % {"email": email}
        )
    return user


def add_user(
    email: str,
    agency_code: str,
    role_code: str,
    *,
    password: str | None,
    display_name: str = "",
    language: str = "es",
    actor: User | None = None,
    source: str,
) -> AddedUser:
    """Add a user holding a role at an agency. Given the e-mail of an existing user, give them the membership
    (their password and name are left as they are)."""
    email = normalise_email(email)
    try:
        validate_email(email)
    except ValidationError as exc:
        raise AccountError(_("“%(email)s” is not an e-mail address") % {"email": email}) from exc
    if language not in languages():
        raise AccountError(
            _("language “%(language)s” is not one of %(languages)s")
            % {"language": language, "languages": ", ".join(languages())}
        )
    agency, role = _agency(agency_code), _role(role_code)
    existing = User.objects.filter(email=email).first()
    if existing is not None:
        return _add_membership(existing, agency, role, actor=actor, source=source)
    user = User(email=email, display_name=display_name.strip(), language=language)
    if not password:
        raise AccountError(_("a new user needs a password"))
    try:
        validate_password(password, user)
    except ValidationError as exc:
        raise AccountError(" ".join(exc.messages)) from exc
    user.set_password(password)
    with transaction.atomic():
        user.save()
        membership = Membership.objects.create(user=user, agency=agency, role=role)
    record_event(actor, Action.USER_ADD, records=[user, membership], source=source)
    return AddedUser(user, membership, new_user=True)


def _add_membership(
    user: User, agency: Agency, role: Role, *, actor: User | None, source: str
) -> AddedUser:
    if not user.is_active:
        raise AccountError(_("user “%(email)s” is disabled") % {"email": user.email})
    if Membership.objects.filter(user=user, agency=agency, role=role).exists():
        raise AccountError(
            _("user “%(email)s” already holds the role %(role)s at %(agency)s")
            % {"email": user.email, "role": role.code, "agency": agency.code}
        )
    membership = Membership.objects.create(user=user, agency=agency, role=role)
    record_event(actor, Action.MEMBERSHIP_ADD, records=[user, membership], source=source)
    return AddedUser(user, membership, new_user=False)


def users() -> QuerySet[User]:
    """Every user, by e-mail, with their memberships."""
    return User.objects.order_by("email").prefetch_related(
        "memberships__agency", "memberships__role"
    )


def end_sessions(user: User) -> int:
    """Sign the user out everywhere: delete every stored session of theirs. Returns how many there were."""
    ended = [
        session.pk
        for session in Session.objects.all().iterator(chunk_size=1000)
        if session.get_decoded().get("_auth_user_id") == str(user.pk)
    ]
    Session.objects.filter(pk__in=ended).delete()
    return len(ended)


def disable_user(
    email: str, *, reason: str = "", actor: User | None = None, source: str
) -> DisabledUser:
    """Disable a user (kept, never deleted: the audit trail names them) and end their sessions."""
    user = _user(email)
    already = not user.is_active
    if not already:
        user.is_active = False
        user.save(update_fields=["is_active"])
    ended = end_sessions(user)
    if not already or ended:
        record_event(actor, Action.USER_DISABLE, records=[user], reason=reason, source=source)
    return DisabledUser(user, ended, already)
