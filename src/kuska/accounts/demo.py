"""The demonstration's users: one per role, with a fresh password each, and an authenticator key for the roles
that sign in with a second factor. Only ``kuska demo`` makes them, and only in development mode.

>>> demo_email("data_officer")
'data-officer@demo.example'
"""

from __future__ import annotations

import secrets
from collections.abc import Mapping
from dataclasses import dataclass

from kuska.accounts.models import Role
from kuska.accounts.second_factor import needs_second_factor, new_confirmed_device, secret_text
from kuska.accounts.users import add_user

DEMO_DOMAIN = "demo.example"  # a domain reserved for examples: no mail can reach it


@dataclass(frozen=True)
class DemoUser:
    email: str
    role: str
    agency: str
    password: str
    # the authenticator key, for a role that signs in with a second factor
    secret: str | None


def demo_email(role: str) -> str:
    """The address a role's demonstration user signs in with."""
    return f"{role.replace('_', '-')}@{DEMO_DOMAIN}"


def demo_password() -> str:
    """A fresh password that passes the strength checks: 20 random letters and digits in groups of five."""
    alphabet = "abcdefghijkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789"
    text = "".join(secrets.choice(alphabet) for _ in range(20))
    return "-".join(text[i : i + 5] for i in range(0, 20, 5))


def create_demo_users(agencies: Mapping[str, str], *, source: str) -> list[DemoUser]:
    """One user per role (role code → agency code), each added with an audit event like any other user."""
    made: list[DemoUser] = []
    for role, agency in agencies.items():
        password = demo_password()
        name = Role.objects.get(code=role).name("es")
        added = add_user(
            demo_email(role), agency, role, password=password, display_name=name, source=source
        )
        secret = None
        if needs_second_factor(added.user):
            secret = secret_text(new_confirmed_device(added.user))
        made.append(DemoUser(added.user.email, role, agency, password, secret))
    return made
