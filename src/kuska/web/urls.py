"""The pages of the signed-in user (web:batches, web:batch, web:persons, web:person, web:audit, web:calls,
web:new-call, web:quality, web:quality-agency), and the figures page every visitor may open (web:figures)."""

from django.urls import URLPattern, path

from kuska.web import calls, figures, pages, quality

app_name = "web"

urlpatterns: list[URLPattern] = [
    path("batches/", pages.batches, name="batches"),
    path("batches/<int:pk>/", pages.batch, name="batch"),
    path("persons/", pages.persons, name="persons"),
    path("persons/<int:pk>/", pages.person, name="person"),
    path("audit/", pages.audit, name="audit"),
    path("calls/", calls.calls, name="calls"),
    path("calls/new/", calls.new_call, name="new-call"),
    path("figures/", figures.figures, name="figures"),
    path("quality/", quality.quality, name="quality"),
    path("quality/<str:code>/", quality.agency_quality, name="quality-agency"),
]
