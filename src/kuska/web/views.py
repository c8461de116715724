"""Pages. Views check access, call the domain and render; nothing more."""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from kuska.accounts.models import Membership, User
from kuska.i18n import active_language, localized
from kuska.registry.summary import (
    database_description,
    loaded_profile,
    record_sizes,
    reference_sizes,
)


def _memberships(user: object, language: str) -> list[dict[str, str]]:
    """The signed-in user's roles, each at its agency, named in the page's language."""
    if not isinstance(user, User):
        return []
    return [
        {
            "role_name": membership.role.name(language),
            "agency_name": localized(membership.agency, "name", language),
            "agency_code": membership.agency.code,
        }
        for membership in Membership.objects.filter(user=user).select_related("role", "agency")
    ]


def home(request: HttpRequest) -> HttpResponse:
    """The database backend, the country profile and what the registry holds; a signed-in user's roles."""
    profile = loaded_profile()
    language = active_language()
    return render(
        request,
        "web/home.html",
        {
            "database": database_description(),
            "profile": profile,
            "profile_name": localized(profile, "name", language) if profile else "",
            "reference": reference_sizes(),
            "records": record_sizes(),
            "memberships": _memberships(request.user, language),
        },
    )
