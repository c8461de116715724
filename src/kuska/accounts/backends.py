"""The lockout's authentication backend: django-axes' check of locked accounts, for sign-ins through a request.

django-axes counts and refuses sign-in attempts made through the web (the sign-in page, the administration site),
which always pass their request. A sign-in with no request (a test's ``Client.login``, code calling
``authenticate`` directly) has no client to count: it is passed on to the password check, unchanged.
"""

from __future__ import annotations

from typing import Any

from axes.backends import AxesStandaloneBackend
from django.http import HttpRequest


class LockoutBackend(AxesStandaloneBackend):  # type: ignore[misc]
    def authenticate(
        self,
        request: HttpRequest | None,
        username: str | None = None,
        password: str | None = None,
        **kwargs: Any,
    ) -> None:
        if request is None:
            return
        super().authenticate(request, username, password, **kwargs)
        return
