"""The people who use Kuska in tests: a user holding a role at an agency, one persona per role for the sign-in
tests, the code of their authenticator app, and an API client with their token."""

from __future__ import annotations

import time

from django_otp.oath import TOTP
from rest_framework.test import APIClient

from kuska.accounts.models import ApiToken, Authenticator, Membership, Role, User
from kuska.registry.models import Agency

PASSWORD = "Sangre-de-Grado-2026"

# role → (e-mail, agency code)
PERSONAS: dict[str, tuple[str, str]] = {
    "administrator": ("admin@mininter.example", "MININTER"),
    "data_officer": ("oficial@pnp.example", "PNP"),
    "case_worker": ("gestora@mimp.example", "MIMP-CAR"),
    "facility_manager": ("encargada@mimp.example", "MIMP-CAR"),
    "screener": ("operadora@mininter.example", "MININTER"),
    "analyst": ("analista@mininter.example", "MININTER"),
    "auditor": ("auditor@mininter.example", "MININTER"),
}


def member(email: str, agency_code: str, role: str) -> User:
    """The user with this e-mail (made when missing, with :data:`PASSWORD`), given the role at the agency."""
    user = User.objects.filter(email=email).first() or User.objects.create_user(email, PASSWORD)
    Membership.objects.get_or_create(
        user=user, agency=Agency.objects.get(code=agency_code), role=Role.objects.get(code=role)
    )
    return user


def person(role: str, password: str = PASSWORD) -> User:
    """The persona of a role (made the first time), holding that role at its agency."""
    email, agency = PERSONAS[role]
    user = User.objects.filter(email=email).first()
    if user is None:
        user = User.objects.create_user(
            email, password, display_name=role.replace("_", " ").title()
        )
        Membership.objects.create(
            user=user, agency=Agency.objects.get(code=agency), role=Role.objects.get(code=role)
        )
    return user


def current_code(device: Authenticator, *, later: int = 0) -> str:
    """The code the user's authenticator app shows now (or ``later`` time steps from now)."""
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    totp.time = time.time() + later * device.step
    return f"{totp.token():0{device.digits}d}"


def token_of(user: User, days: int = 90) -> str:
    """A fresh API token of the user."""
    _, secret = ApiToken.issue(user, days=days, label="test")
    return secret


def api_client(user: User | None) -> APIClient:
    """An API client sending a fresh token of the user (none for ``None``)."""
    client = APIClient()
    if user is not None:
        client.credentials(HTTP_AUTHORIZATION=f"Token {token_of(user)}")
    return client


def officer_client(agency_code: str) -> APIClient:
    """The API client of a data officer of the agency (their agency's system)."""
    return api_client(member(f"officer@{agency_code.lower()}.example", agency_code, "data_officer"))
