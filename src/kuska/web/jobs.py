"""The page of a background job (web:job): what it is, a progress bar while it runs, then its outcome or error and
the link to what it made. While the job runs, the page asks for its progress (web:job-progress) every second with
htmx; without JavaScript, a link reloads it. A job is its starter's: anyone else gets 404."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from kuska.i18n import active_language
from kuska.jobs.models import Job
from kuska.jobs.work import KINDS, progress_of


def _job_of(request: HttpRequest, pk: int) -> Job:
    job = Job.objects.filter(pk=pk, user=request.user).first()  # type: ignore[misc]  # signed in
    if job is None:
        raise Http404(_("No such job."))
    return job


def _context(job: Job) -> dict[str, object]:
    lang = active_language()
    progress = progress_of(job)
    return {
        "job": job,
        "title": KINDS[job.kind].title if job.kind in KINDS else job.kind,
        "progress": progress,
        "step": progress.step.get(lang) or job.text("step", lang),
        "outcome": job.text("outcome", lang),
        "error": job.text("error", lang),
        "url": job.result.get("url", ""),
    }


@require_GET
@login_required
def job(request: HttpRequest, pk: int) -> HttpResponse:
    return render(request, "web/job.html", _context(_job_of(request, pk)))


@require_GET
@login_required
def job_progress(request: HttpRequest, pk: int) -> HttpResponse:
    return render(request, "web/job_progress.html", _context(_job_of(request, pk)))
