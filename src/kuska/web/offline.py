"""The forms that work without a connection: the screening and hotline call forms (docs/screening.md, "Offline").

Three parts meet here:

- the service worker's script, served from the site's root (:func:`worker`) so that its scope covers
  ``/screenings/new/`` and ``/calls/new/``; the file itself is ``web/static/web/offline-worker.js``;
- what a form page tells its script (:func:`offline_context`): the pages to keep for a screening without a
  connection — the choice, every questionnaire in every language of the questions, the call form — and the
  messages the script shows, in the page's language;
- the answer to a form sent by the script from the answers a device kept (:func:`client_id`, :func:`accepted`,
  :func:`refused`): the same view, the same domain call as a form sent online, with the device's id of the
  answers; a JSON answer instead of a page, so that the script knows what became of each.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterable
from urllib.parse import urlencode

from django.contrib.staticfiles import finders
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.templatetags.static import static
from django.urls import reverse
from django.views.decorators.http import require_GET

from kuska.access import records_created
from kuska.accounts.models import User
from kuska.registry.records import RECORD_TYPES
from kuska.screening.questionnaires import questionnaires
from kuska.screening.translations import LANGUAGES
from kuska.web.security import before_second_factor

WORKER = "web/offline-worker.js"
CLIENT_ID = "client_id"


class ClientIdError(ValueError):
    """A form sent with a device's id that is not a UUID."""


@require_GET
@before_second_factor
def worker(request: HttpRequest) -> HttpResponse:
    """The service worker's script, from the root of the site (its scope is the folder it is served from).
    Never kept by the browser's HTTP cache: a new version of Kuska replaces it at the next visit."""
    found = finders.find(WORKER)
    if not isinstance(found, str):
        raise Http404(WORKER)
    with open(found, encoding="utf-8") as script:
        response = HttpResponse(script.read(), content_type="text/javascript; charset=utf-8")
    response["Cache-Control"] = "no-cache"
    response["Service-Worker-Allowed"] = "/"
    return response


def offline_pages() -> list[str]:
    """The pages a device keeps to screen and record calls without a connection: the choice of questionnaire,
    every questionnaire with its questions in every language (the interviewer may switch at any moment), and the
    call form. In the query's order the choice's form sends (questionnaire, then language)."""
    new_screening = reverse("web:new-screening")
    return [
        new_screening,
        *(
            f"{new_screening}?{urlencode({'questionnaire': code, 'questions_in': language})}"
            for code in questionnaires()
            for language in LANGUAGES
        ),
        reverse("web:new-call"),
    ]


def offline_context() -> dict[str, object]:
    """What the form pages give the offline script: where the worker is (its address names the paths it answers
    for), and the pages and files to keep."""
    files = [static("web/kuska.css"), static("web/offline.js")]
    paths = [reverse("web:new-screening"), reverse("web:new-call"), *files]
    return {
        "offline_worker": f"{reverse('offline-worker')}?{urlencode([('path', p) for p in paths])}",
        "offline_pages": " ".join([*offline_pages(), *files]),
    }


def client_id(request: HttpRequest) -> uuid.UUID | None:
    """The device's id of the answers a form carries (None: sent online, from the page itself)."""
    text = request.POST.get(CLIENT_ID, "")
    if not text:
        return None
    try:
        return uuid.UUID(text)
    except ValueError as exc:
        raise ClientIdError(text) from exc


def record_id_of(device_id: uuid.UUID) -> str:
    """The record id of a row a device kept offline (a call): its id, which no id Kuska makes can equal
    (:func:`kuska.intake.rows.new_record_id` gives 16 hexadecimal digits, this 32)."""
    return f"web-{device_id.hex}"


def sent_before(user: User, record_type: str, device_id: uuid.UUID) -> bool:
    """Whether the user already recorded the row a device sends again (the record with its id). An id another
    user's record carries is refused (:class:`ClientIdError`): a device never makes it."""
    record_id = record_id_of(device_id)
    if records_created(user, record_type).filter(source_record_id=record_id).exists():
        return True
    model = RECORD_TYPES[record_type].model_class()
    if model._default_manager.filter(source_record_id=record_id).exists():
        raise ClientIdError(str(device_id))
    return False


def accepted(url: str, *, repeat: bool) -> JsonResponse:
    """Kept answers the server recorded (201), or had recorded before under the same id (200, ``repeat``): the
    device may delete them either way."""
    return JsonResponse(
        {"recorded": True, "repeat": repeat, "url": url}, status=200 if repeat else 201
    )


def refused(problems: Iterable[str]) -> JsonResponse:
    """Kept answers the server could not record (nothing was stored): the reasons, for the device to show."""
    return JsonResponse({"recorded": False, "problems": [str(p) for p in problems]}, status=400)
