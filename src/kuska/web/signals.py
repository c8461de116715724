"""The audit events of signing in and out, written from Django's and django-axes' signals (so the administration
site's sign-in is recorded too). Never the password; the e-mail of a failed attempt only as typed, and only here.
"""

from __future__ import annotations

from typing import Any

from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.http import HttpRequest

from kuska.accounts.models import User, normalise_email
from kuska.accounts.second_factor import needs_second_factor
from kuska.audit.models import Action, Outcome
from kuska.audit.trail import record_event, request_source


def _source(request: HttpRequest | None) -> str:
    return request_source(request) if request is not None else "?"


def _refused(action: Action, outcome: Outcome, typed: str, request: HttpRequest | None) -> None:
    """The event of a sign-in refused before anyone is signed in: no actor, the e-mail as typed, and the account
    it names among the records when there is one (it may name nobody)."""
    account = User.objects.filter(email=normalise_email(typed)).first() if typed else None
    record_event(
        None,
        action,
        records=[account] if account is not None else [],
        outcome=outcome,
        source=_source(request),
        actor_email=typed,
    )


def signed_in(sender: Any, request: HttpRequest | None, user: User, **kwargs: Any) -> None:
    pending = needs_second_factor(user)
    record_event(
        user,
        Action.LOGIN,
        records=[user],
        reason="password accepted, second factor pending" if pending else "",
        source=_source(request),
    )


def signed_out(sender: Any, request: HttpRequest | None, user: User | None, **kwargs: Any) -> None:
    if isinstance(user, User):
        record_event(user, Action.LOGOUT, records=[user], source=_source(request))


def sign_in_failed(
    sender: Any, credentials: dict[str, Any], request: HttpRequest | None = None, **kwargs: Any
) -> None:
    _refused(Action.LOGIN_FAILED, Outcome.FAILURE, str(credentials.get("username") or ""), request)


def locked_out(
    sender: Any, request: HttpRequest | None = None, username: str | None = None, **kwargs: Any
) -> None:
    _refused(Action.LOCKOUT, Outcome.DENIED, str(username or ""), request)


def connect() -> None:
    """Connect the receivers (the web app's ``ready``)."""
    from axes.signals import user_locked_out

    user_logged_in.connect(signed_in, dispatch_uid="kuska-audit-login")
    user_logged_out.connect(signed_out, dispatch_uid="kuska-audit-logout")
    user_login_failed.connect(sign_in_failed, dispatch_uid="kuska-audit-login-failed")
    user_locked_out.connect(locked_out, dispatch_uid="kuska-audit-lockout")
