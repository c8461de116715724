"""What every page's template gets."""

from __future__ import annotations

from django.conf import settings
from django.http import HttpRequest

from kuska.i18n import active_language
from kuska.web.interface import under_review_notice


def languages(request: HttpRequest) -> dict[str, list[tuple[str, str]]]:
    """The offered languages for the language switch, each named in itself (``settings.LANGUAGES``)."""
    return {"language_choices": [(code, str(name)) for code, name in settings.LANGUAGES]}


def translation_notice(request: HttpRequest) -> dict[str, object]:
    """``translation_notice``: on every page shown in a language whose pages' strings are not all reviewed, the
    "translation under review" notice, in that language and in Spanish (:mod:`kuska.web.interface`)."""
    return {"translation_notice": under_review_notice(active_language())}
