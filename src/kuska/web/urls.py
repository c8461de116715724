"""The pages of the signed-in user (web:batches, web:batch, web:persons, web:person, web:audit, web:calls,
web:new-call, web:job, web:job-progress, web:review, web:reports, web:report-file), and the figures page every visitor may open (web:figures)."""

from django.urls import URLPattern, path

from kuska.web import calls, figures, jobs, pages, reports, review

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
    path("jobs/<int:pk>/", jobs.job, name="job"),
    path("jobs/<int:pk>/progress/", jobs.job_progress, name="job-progress"),
    path("review/", review.review, name="review"),
    path("reports/", reports.reports, name="reports"),
    path("reports/<str:name>", reports.report_download, name="report-file"),
]
