"""API routes, included under ``/api/v1/``."""

from django.urls import URLPattern, path, re_path

from kuska.api import views

app_name = "api"

urlpatterns: list[URLPattern] = [
    path("submissions/", views.SubmissionsView.as_view(), name="submissions"),
    # any id is routed, so that a malformed one gets the same JSON 404 as another agency's
    path("batches/<str:pk>/", views.BatchView.as_view(), name="batch"),
    path("batches/<str:pk>/rejected/", views.RejectedRowsView.as_view(), name="rejected-rows"),
    re_path(r"^(?P<rest>.*)$", views.UnknownAddressView.as_view(), name="unknown"),
]
