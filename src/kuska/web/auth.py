"""Signing in and out: the password (Django's, with django-axes counting failures), then the second factor for the
roles that need one (:mod:`kuska.accounts.second_factor`). Views parse, call the domain and render.

The audit events of signing in and out are written by :mod:`kuska.web.signals`; the second-factor step writes its
own here.
"""

from __future__ import annotations

from typing import Any

import django_otp
from django import forms
from django.conf import settings
from django.contrib.auth import views as auth_views
from django.contrib.auth.forms import AuthenticationForm
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_protect
from django.views.decorators.http import require_http_methods
from django.views.i18n import set_language as django_set_language

from kuska.accounts.models import User, normalise_email
from kuska.accounts.second_factor import (
    confirm_device,
    confirmed_device,
    enrolment_device,
    needs_second_factor,
    qr_svg,
    secret_text,
    verify_code,
)
from kuska.audit.models import Action, Outcome
from kuska.audit.trail import record_event, request_source
from kuska.web.security import before_second_factor


class SignInView(auth_views.LoginView):
    """The e-mail and password (django-axes refuses a locked account before the password is checked)."""

    template_name = "web/login.html"
    redirect_authenticated_user = True

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context["attempts"] = settings.AXES_FAILURE_LIMIT
        context["minutes"] = int(settings.AXES_COOLOFF_TIME.total_seconds() // 60)
        return context

    def form_valid(self, form: AuthenticationForm) -> HttpResponse:
        """Signed in: from the next page on (the second-factor step included), the pages speak the user's
        language, whatever the sign-in page spoke."""
        response = super().form_valid(form)
        user = form.get_user()
        language = user.offered_language() if isinstance(user, User) else None
        if language is not None:
            _remember_language(response, language)
        return response


def _remember_language(response: HttpResponse, language: str) -> None:
    """Django's language cookie, as its language switch sets it (``settings.LANGUAGE_COOKIE_*``)."""
    response.set_cookie(
        settings.LANGUAGE_COOKIE_NAME,
        language,
        max_age=settings.LANGUAGE_COOKIE_AGE,
        path=settings.LANGUAGE_COOKIE_PATH,
        domain=settings.LANGUAGE_COOKIE_DOMAIN,
        secure=settings.LANGUAGE_COOKIE_SECURE,
        httponly=settings.LANGUAGE_COOKIE_HTTPONLY,
        samesite=settings.LANGUAGE_COOKIE_SAMESITE,  # type: ignore[arg-type]  # the setting is typed str
    )


login = before_second_factor(SignInView.as_view())


class SignOutView(auth_views.LogoutView):
    """Signing out also empties what the browser kept for the offline forms (the pages kept for the user, the
    answers waiting, the service worker: ``Clear-Site-Data``), so the device keeps nothing of the session."""

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        response = super().post(request, *args, **kwargs)
        response["Clear-Site-Data"] = '"cache", "storage"'
        return response


logout = before_second_factor(SignOutView.as_view())


@before_second_factor
def set_language(request: HttpRequest) -> HttpResponse:
    """Django's language switch (``POST language=…&next=…``), open before the second factor too; a signed-in
    user's choice is also stored as their language, which their next sign-in restores."""
    response = django_set_language(request)
    user = request.user
    if request.method == "POST" and isinstance(user, User) and _fully_signed_in(user):
        user.choose_language(request.POST.get("language", ""))
    return response


def _fully_signed_in(user: User) -> bool:
    """Whether the user gave every step of signing in: the password, and the code where they need one."""
    is_verified = getattr(user, "is_verified", None)
    return not needs_second_factor(user) or (callable(is_verified) and bool(is_verified()))


class CodeForm(forms.Form):
    code = forms.CharField(
        label=gettext_lazy("Code from your authenticator app"),
        max_length=12,
        widget=forms.TextInput(
            attrs={"autocomplete": "one-time-code", "inputmode": "numeric", "autofocus": True}
        ),
    )


def _next(request: HttpRequest) -> str:
    wanted = request.POST.get("next") or request.GET.get("next") or ""
    if wanted and url_has_allowed_host_and_scheme(
        wanted, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return wanted
    return str(settings.LOGIN_REDIRECT_URL)


@before_second_factor
@never_cache
@csrf_protect
@require_http_methods(["GET", "POST"])
def second_factor(request: HttpRequest) -> HttpResponse:
    """Ask for the code of the user's authenticator app; enrol one first when the user has none."""
    user = request.user
    if not isinstance(user, User):
        return redirect(settings.LOGIN_URL)
    if _fully_signed_in(user):
        return HttpResponseRedirect(_next(request))
    device = confirmed_device(user)
    enrolling = device is None
    if device is None:
        device = enrolment_device(user)
    form = CodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        code = form.cleaned_data["code"]
        accepted = confirm_device(device, code) if enrolling else verify_code(device, code)
        if accepted:
            django_otp.login(request, device)
            record_event(
                user,
                Action.LOGIN,
                records=[user],
                reason="second factor enrolled" if enrolling else "second factor given",
                source=request_source(request),
            )
            return HttpResponseRedirect(_next(request))
        record_event(
            user,
            Action.LOGIN_FAILED,
            records=[user],
            reason="wrong second-factor code",
            outcome=Outcome.FAILURE,
            source=request_source(request),
        )
        form.add_error(
            "code",
            _("That code is not right, or has been used. Wait for the next one and try again."),
        )
    context: dict[str, Any] = {"form": form, "enrolling": enrolling, "next": _next(request)}
    if enrolling:
        context["secret"] = secret_text(device)
        context["qr"] = qr_svg(device, _("QR code to add Kuska to an authenticator app"))
    return render(request, "web/second_factor.html", context)


def locked_out(
    request: HttpRequest, original_response: HttpResponse | None = None, credentials: Any = None
) -> HttpResponse:
    """django-axes' lockout answer (``AXES_LOCKOUT_CALLABLE``): the same page whether the account exists or not."""
    minutes = int(settings.AXES_COOLOFF_TIME.total_seconds() // 60)
    response = render(
        request,
        "web/locked.html",
        {"minutes": minutes, "attempts": settings.AXES_FAILURE_LIMIT},
        status=429,
    )
    response.headers["Retry-After"] = str(minutes * 60)
    return response


def typed_email(request: HttpRequest, credentials: dict[str, Any] | None) -> str | None:
    """The account a sign-in attempt is counted against (``AXES_USERNAME_CALLABLE``): the e-mail as stored."""
    typed = (credentials or {}).get("username") or request.POST.get("username")
    return normalise_email(str(typed)) if typed else None


def client_description(
    username: str | None,
    ip_address: str | None,
    user_agent: str | None,
    path_info: str | None,
    request: HttpRequest | None,
) -> str:
    """How django-axes names a client in its log lines (``AXES_CLIENT_STR_CALLABLE``): never the e-mail typed,
    which only the audit trail keeps."""
    return f"a client at {ip_address or '?'}"
