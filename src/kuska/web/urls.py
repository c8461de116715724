"""The pages of the signed-in user (web:batches, web:batch, web:batch-rejected, web:submit, web:submit-import,
web:submit-template, web:persons, web:person, web:audit, web:calls, web:new-call, web:screenings,
web:new-screening, web:screening, web:screening-languages, web:screening-form, web:screening-transcription, web:job,
web:job-progress, web:quality, web:quality-agency, web:review, web:reports, web:report-file, and the care pages:
web:cases, web:new-case, web:case, web:case-referral, web:case-placement, web:care-tasks, web:referral,
web:facilities, web:facility, web:facility-admissions, web:alerts, web:alert), the figures page every visitor may
open (web:figures) and the records behind a figure (web:figure-records)."""

from django.urls import URLPattern, path

from kuska.web import (
    calls,
    care,
    figures,
    jobs,
    pages,
    quality,
    reports,
    review,
    screenings,
    submissions,
    trace,
)

app_name = "web"

urlpatterns: list[URLPattern] = [
    path("batches/", pages.batches, name="batches"),
    path("batches/<int:pk>/", pages.batch, name="batch"),
    path("batches/<int:pk>/rejected.<str:fmt>", submissions.rejected, name="batch-rejected"),
    path("submissions/new/", submissions.submit, name="submit"),
    path("submissions/<int:pk>/import/", submissions.submit_import, name="submit-import"),
    path("submissions/template/", submissions.template, name="submit-template"),
    path(
        "submissions/screening-forms/",
        submissions.screening_transcription,
        name="screening-transcription",
    ),
    path("persons/", pages.persons, name="persons"),
    path("persons/<int:pk>/", pages.person, name="person"),
    path("audit/", pages.audit, name="audit"),
    path("calls/", calls.calls, name="calls"),
    path("calls/new/", calls.new_call, name="new-call"),
    path("care/", care.cases_page, name="cases"),
    path("care/new/", care.new_case_page, name="new-case"),
    path("care/<int:pk>/", care.case_page, name="case"),
    path("care/<int:pk>/referral/", care.refer_page, name="case-referral"),
    path("care/<int:pk>/placement/", care.admit_page, name="case-placement"),
    path("care/tasks/", care.tasks_page, name="care-tasks"),
    path("care/referrals/<int:pk>/", care.referral_page, name="referral"),
    path("facilities/", care.facilities_page, name="facilities"),
    path("facilities/<int:pk>/", care.facility_page, name="facility"),
    path("facilities/<int:pk>/admissions/", care.admissions_page, name="facility-admissions"),
    path("alerts/", care.alerts_page, name="alerts"),
    path("alerts/<int:pk>/", care.alert_page, name="alert"),
    path("screenings/", screenings.screenings, name="screenings"),
    path("screenings/new/", screenings.new_screening, name="new-screening"),
    path("screenings/<int:pk>/", screenings.screening, name="screening"),
    path("languages/", screenings.languages, name="screening-languages"),
    path(
        "screenings/forms/<str:questionnaire_id>/<str:language>.pdf",
        screenings.printable_form,
        name="screening-form",
    ),
    path("figures/", figures.figures, name="figures"),
    path("figures/records/", trace.records_behind_figure, name="figure-records"),
    path("jobs/<int:pk>/", jobs.job, name="job"),
    path("jobs/<int:pk>/progress/", jobs.job_progress, name="job-progress"),
    path("quality/", quality.quality, name="quality"),
    path("quality/<str:code>/", quality.agency_quality, name="quality-agency"),
    path("review/", review.review, name="review"),
    path("reports/", reports.reports, name="reports"),
    path("reports/<str:name>", reports.report_download, name="report-file"),
]
