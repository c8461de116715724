"""Pages. Views check access, call the domain and render; nothing more."""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from kuska.i18n import active_language, localized
from kuska.registry.summary import (
    database_description,
    loaded_profile,
    record_sizes,
    reference_sizes,
)


def home(request: HttpRequest) -> HttpResponse:
    """The database backend, the country profile and what the registry holds."""
    profile = loaded_profile()
    return render(
        request,
        "web/home.html",
        {
            "database": database_description(),
            "profile": profile,
            "profile_name": localized(profile, "name", active_language()) if profile else "",
            "reference": reference_sizes(),
            "records": record_sizes(),
        },
    )
