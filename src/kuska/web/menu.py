"""The pages a signed-in user may open, for the navigation every page shows: each page of :data:`MENU` whose view
(through :func:`kuska.web.pages.requires`) needs a permission the user holds, so the menu and the pages' own checks
never disagree; and each page open to everyone (``open_to_everyone``, as the figures page), for visitors too."""

from __future__ import annotations

from dataclasses import dataclass

from django.http import HttpRequest
from django.urls import resolve, reverse
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from kuska.access import held

# The pages of the menu, in its order: the URL's name and the link's words.
MENU: tuple[tuple[str, Promise], ...] = (
    ("web:persons", _("Person records")),
    ("web:batches", _("Submissions")),
    ("web:submit", _("Submit files")),
    ("web:new-call", _("Record a call")),
    ("web:calls", _("My calls")),
    ("web:new-screening", _("New screening")),
    ("web:screenings", _("My screenings")),
    ("web:cases", _("My cases")),
    ("web:care-tasks", _("Tasks due")),
    ("web:facilities", _("Facilities")),
    ("web:alerts", _("Alerts")),
    ("web:audit", _("Audit trail")),
    ("web:figures", _("Dashboard")),
    ("web:quality", _("Data quality")),
    ("web:review", _("Review queue")),
    ("web:reports", _("Reports")),
)


@dataclass(frozen=True)
class Link:
    url: str
    label: str
    current: bool


def menu(request: HttpRequest) -> dict[str, list[Link]]:
    """``menu``: the links of :data:`MENU` the user may follow (a visitor: the pages open to everyone)."""
    user = getattr(request, "user", None)
    signed_in = user is not None and user.is_authenticated
    permissions = held(user) if signed_in else frozenset()  # read once for the whole menu
    links = []
    for name, label in MENU:
        url = reverse(name)
        view = resolve(url).func
        needs: tuple[str, ...] = getattr(view, "required_permissions", ())
        if getattr(view, "open_to_everyone", False) or (
            signed_in and any(permission in permissions for permission in needs)
        ):
            links.append(Link(url, str(label), request.path == url))
    return {"menu": links}
