"""What every page's template gets."""

from __future__ import annotations

from django.conf import settings
from django.http import HttpRequest


def languages(request: HttpRequest) -> dict[str, list[tuple[str, str]]]:
    """The offered languages for the language switch, each named in itself (``settings.LANGUAGES``)."""
    return {"language_choices": [(code, str(name)) for code, name in settings.LANGUAGES]}
