"""The people who use Kuska in tests: a user holding a role at an agency, and an API client with their token."""

from __future__ import annotations

from rest_framework.test import APIClient

from kuska.accounts.models import ApiToken, Membership, Role, User
from kuska.registry.models import Agency

PASSWORD = "Sangre-de-Grado-2026"


def member(email: str, agency_code: str, role: str) -> User:
    """The user with this e-mail (made when missing, with :data:`PASSWORD`), given the role at the agency."""
    user = User.objects.filter(email=email).first() or User.objects.create_user(email, PASSWORD)
    Membership.objects.get_or_create(
        user=user, agency=Agency.objects.get(code=agency_code), role=Role.objects.get(code=role)
    )
    return user


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
