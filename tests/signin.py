"""Signing a test client in as a user, second factor included where the user's role needs one."""

from __future__ import annotations

from django.test import Client
from django_otp import DEVICE_ID_SESSION_KEY

from kuska.accounts.models import User
from kuska.accounts.second_factor import confirmed_device, needs_second_factor, new_confirmed_device


def sign_in(client: Client, user: User) -> None:
    """``client.force_login(user)``, and for a user who needs a second factor, a session that has given it (as
    the second-factor page leaves it)."""
    client.force_login(user)
    if needs_second_factor(user):
        device = confirmed_device(user) or new_confirmed_device(user)
        session = client.session
        session[DEVICE_ID_SESSION_KEY] = device.persistent_id
        session.save()
