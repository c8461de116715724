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
from kuska.jobs.imports import DRY_RUN, IMPORT
from kuska.jobs.models import Job
from kuska.jobs.work import KINDS, has_files, progress_of

# the part of a finished job's page that shows its result, by kind of job
RESULTS = {DRY_RUN: "web/submission_result.html", IMPORT: "web/submission_result.html"}


def _job_of(request: HttpRequest, pk: int) -> Job:
    job = Job.objects.filter(pk=pk, user=request.user).first()  # type: ignore[misc]  # signed in
    if job is None:
        raise Http404(_("No such job."))
    return job


def _problems(result: dict[str, object], lang: str) -> list[dict[str, object]]:
    found = result.get("problems")
    return [
        {**problem, "message": problem.get(f"message_{lang}") or problem.get("message_en", "")}
        for problem in (found if isinstance(found, list) else [])
        if isinstance(problem, dict)
    ]


def _context(job: Job) -> dict[str, object]:
    lang = active_language()
    progress = progress_of(job)
    done = job.state == Job.State.DONE
    return {
        "result": job.result if done else {},
        "result_template": RESULTS.get(job.kind, "") if done else "",
        "problems": _problems(job.result, lang) if done else [],
        "may_import": done and job.kind == DRY_RUN and has_files(job),
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
