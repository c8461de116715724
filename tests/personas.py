"""The people of the sign-in tests: one user per role, at an agency of the Peru profile."""

from __future__ import annotations

import time

from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice

from kuska.accounts.models import Membership, Role, User
from kuska.registry.models import Agency

PASSWORD = "Sangre-de-Grado-2026"

# role → (e-mail, agency code)
PERSONAS: dict[str, tuple[str, str]] = {
    "administrator": ("admin@mininter.example", "MININTER"),
    "data_officer": ("oficial@pnp.example", "PNP"),
    "case_worker": ("gestora@mimp.example", "MIMP-CAR"),
    "screener": ("operadora@mininter.example", "MININTER"),
    "analyst": ("analista@mininter.example", "MININTER"),
    "auditor": ("auditor@mininter.example", "MININTER"),
}


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


def current_code(device: TOTPDevice, *, later: int = 0) -> str:
    """The code the user's authenticator app shows now (or ``later`` time steps from now)."""
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    totp.time = time.time() + later * device.step
    return f"{totp.token():0{device.digits}d}"
