"""The second factor: a time-based code (TOTP, RFC 6238) from an authenticator app, asked after the password.

Who must give one is data: whoever holds a permission listed under ``second_factor`` in ``roles.toml`` (those that
reveal identities or administer Kuska), and every staff account of the administration site. A user who must and has
no confirmed device yet enrols at sign-in: Kuska shows the secret as text and as a QR code drawn on the server. The
devices are :class:`~kuska.accounts.models.Authenticator` rows, their keys encrypted at rest with the data keys.

>>> # needs_second_factor(analyst)        # True: the analyst may reveal identities
>>> # device = enrolment_device(analyst)  # unconfirmed until the first good code
>>> # confirm_device(device, "123456")    # True once the app shows that code
"""

from __future__ import annotations

import base64
from functools import cache

from django.db import transaction
from django_otp import devices_for_user

from kuska.accounts.models import Authenticator, Role, User
from kuska.accounts.permissions import grants
from kuska.accounts.roles import read_roles
from kuska.audit.models import Action
from kuska.audit.trail import record_event

DEVICE_NAME = "Kuska"


@cache
def second_factor_permissions() -> frozenset[str]:
    """The permissions whose holders sign in with a second factor (``second_factor`` in ``roles.toml``).

    >>> sorted(second_factor_permissions())
    ['identity.reveal', 'reference.manage', 'tokens.manage', 'users.manage']
    """
    return read_roles().second_factor


def needs_second_factor(user: User) -> bool:
    """Whether the user must give a code after the password: a staff account, or a permission that needs one."""
    if user.is_staff or user.is_superuser:
        return True
    wanted = second_factor_permissions()
    return any(grant.permission in wanted for grant in grants(user))


def roles_needing_second_factor() -> list[Role]:
    """The assignable roles whose members sign in with a second factor."""
    return list(
        Role.objects.filter(assignable=True, permissions__code__in=second_factor_permissions())
        .distinct()
        .order_by("code")
    )


def confirmed_device(user: User) -> Authenticator | None:
    """The user's confirmed TOTP device, if they have enrolled one."""
    return Authenticator.objects.filter(user=user, confirmed=True).order_by("pk").first()


def enrolment_device(user: User) -> Authenticator:
    """The device being enrolled: the user's unconfirmed one, made when there is none. Its secret stays the same
    across page loads until a code confirms it."""
    device = Authenticator.objects.filter(user=user, confirmed=False).order_by("pk").first()
    if device is None:
        device = Authenticator.objects.create(user=user, name=DEVICE_NAME, confirmed=False)
    return device


def new_confirmed_device(user: User) -> Authenticator:
    """A confirmed device made without a code (the demonstration's users); any earlier device is removed."""
    with transaction.atomic():
        for device in devices_for_user(user, confirmed=None):
            device.delete()
        return Authenticator.objects.create(user=user, name=DEVICE_NAME, confirmed=True)


def _digits(code: str) -> str:
    return "".join(code.split())


def verify_code(device: Authenticator, code: str) -> bool:
    """Whether the code is the device's current one (each code is accepted once; failures slow the next try)."""
    code = _digits(code)
    return code.isdigit() and len(code) == device.digits and bool(device.verify_token(code))


def confirm_device(device: Authenticator, code: str) -> bool:
    """Confirm an enrolling device with its first good code; the user's other devices are removed."""
    if not verify_code(device, code):
        return False
    with transaction.atomic():
        Authenticator.objects.filter(user=device.user).exclude(pk=device.pk).delete()
        device.confirmed = True
        device.save(update_fields=["confirmed"])
    return True


def secret_text(device: Authenticator) -> str:
    """The secret as an authenticator app takes it when typed: base32, in groups of four.

    >>> secret_text(Authenticator(key="3132333435363738393031323334353637383930"))
    'GEZD GNBV GY3T QOJQ GEZD GNBV GY3T QOJQ'
    """
    text = base64.b32encode(bytes(device.bin_key)).decode("ascii").rstrip("=")
    return " ".join(text[i : i + 4] for i in range(0, len(text), 4))


def qr_svg(device: Authenticator, title: str) -> str:
    """The device's ``otpauth://`` address as a QR code, an inline SVG drawn here (nothing is fetched)."""
    import segno

    code = segno.make(device.config_url, micro=False, error="m")
    svg: str = code.svg_inline(scale=5, border=4, light="#fff", dark="#000", title=title)
    return svg


def reset_second_factor(user: User, *, reason: str = "", actor: User | None, source: str) -> int:
    """Remove every TOTP device of the user (they enrol again at their next sign-in); audited. Returns how many
    devices there were."""
    devices = list(devices_for_user(user, confirmed=None))
    with transaction.atomic():
        for device in devices:
            device.delete()
    note = f"second factor reset ({len(devices)} device(s) removed)"
    record_event(
        actor,
        Action.USER_CHANGE,
        records=[user],
        reason=f"{note}: {reason.strip()}" if reason.strip() else note,
        source=source,
    )
    return len(devices)
