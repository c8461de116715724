"""API routes, included under ``/api/v1/``: the endpoints, the OpenAPI schema and its readable page."""

from csp.constants import SELF, UNSAFE_INLINE
from csp.decorators import csp_update
from django.urls import URLPattern, path, re_path
from drf_spectacular.views import SpectacularAPIView, SpectacularRedocView

from kuska.api import views

app_name = "api"

urlpatterns: list[URLPattern] = [
    path("submissions/", views.SubmissionsView.as_view(), name="submissions"),
    path("batches/", views.BatchesView.as_view(), name="batches"),
    # any id is routed, so that a malformed one gets the same JSON 404 as another agency's
    path("batches/<str:pk>/", views.BatchView.as_view(), name="batch"),
    path("batches/<str:pk>/rejected/", views.RejectedRowsView.as_view(), name="rejected-rows"),
    path("schema/", SpectacularAPIView.as_view(), name="schema"),
    path(
        "docs/",
        # Redoc styles itself with style elements it writes at run time, and searches in a worker of its own
        csp_update({"style-src": [SELF, UNSAFE_INLINE], "worker-src": [SELF, "blob:"]})(
            SpectacularRedocView.as_view(url_name="api:schema", template_name="api/redoc.html")
        ),
        name="docs",
    ),
    re_path(r"^(?P<rest>.*)$", views.UnknownAddressView.as_view(), name="unknown"),
]
