"""The pages of the signed-in user (web:batches, web:batch, web:batch-rejected, web:submit, web:submit-import,
web:submit-template, web:persons, web:person, web:audit, web:calls, web:new-call, web:job, web:job-progress), and
the figures page every visitor may open (web:figures)."""

from django.urls import URLPattern, path

from kuska.web import calls, figures, jobs, pages, submissions

app_name = "web"

urlpatterns: list[URLPattern] = [
    path("batches/", pages.batches, name="batches"),
    path("batches/<int:pk>/", pages.batch, name="batch"),
    path("batches/<int:pk>/rejected.<str:fmt>", submissions.rejected, name="batch-rejected"),
    path("submissions/new/", submissions.submit, name="submit"),
    path("submissions/<int:pk>/import/", submissions.submit_import, name="submit-import"),
    path("submissions/template/", submissions.template, name="submit-template"),
    path("persons/", pages.persons, name="persons"),
    path("persons/<int:pk>/", pages.person, name="person"),
    path("audit/", pages.audit, name="audit"),
    path("calls/", calls.calls, name="calls"),
    path("calls/new/", calls.new_call, name="new-call"),
    path("figures/", figures.figures, name="figures"),
    path("jobs/<int:pk>/", jobs.job, name="job"),
    path("jobs/<int:pk>/progress/", jobs.job_progress, name="job-progress"),
]
