"""The data officer's submissions (``records.submit``): files sent from a page, first as a dry run, then imported;
the agency's Excel template and the transcription workbook of paper screening forms, in the page's language when
it is a whole one (:func:`kuska.i18n.whole_or_default`); and the download of a batch's rejected rows (``batches.view``).

The page's form (web:submit) takes the agency, one or more files, their format, a record type where the files do
not say it, and a mapping file. The files are checked as the API checks its uploads (:mod:`kuska.intake.uploads`:
formats, size, names) and given to a dry-run job (:mod:`kuska.jobs.imports`), whose page shows, per sheet, the rows
read, accepted and rejected, and the first rejected rows; its "Import" button (web:submit-import) starts the import
job with the same files, kept encrypted by the dry run's job until then, and nowhere else.

The rejected rows' file (web:batch-rejected) holds each problem's sheet, row, column and reason in every offered
language: never a value, nor the row as submitted (a value typed in the wrong column may be a name). Downloading
it is a ``records.export`` event naming the batch.
"""

from __future__ import annotations

import csv
import io

from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import translation
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from kuska.access import (
    AccessDeniedError,
    batch_for,
    export_rejected_rows,
    rejected_problems,
    submission_agencies,
    submission_agency,
)
from kuska.audit.trail import request_source
from kuska.files import neutralised_row
from kuska.i18n import active_language, localized, whole_languages, whole_or_default
from kuska.intake.mapping import MappingError, read_mapping_text
from kuska.intake.schema import RECORD_TYPES
from kuska.intake.submit import SubmissionError
from kuska.intake.template import build_workbook, template_data
from kuska.intake.uploads import FORMATS, check_format, checked_names, max_upload_bytes
from kuska.jobs.imports import DRY_RUN, IMPORT
from kuska.jobs.models import Job
from kuska.jobs.work import discard_kept_files, has_files, start, take_files
from kuska.screening.paper import build_transcription
from kuska.web.pages import requires

SUBMIT = "records.submit"
MAPPING_MAX_BYTES = 1024 * 1024


def _agencies(request: HttpRequest) -> list[tuple[str, str]]:
    language = active_language()
    return [
        (agency.code, localized(agency, "name", language))
        for agency in submission_agencies(request.user)  # type: ignore[arg-type]
    ]


def _form_context(
    request: HttpRequest, values: dict[str, str], error: str = ""
) -> dict[str, object]:
    language = active_language()
    return {
        "agencies": _agencies(request),
        "formats": FORMATS,
        "record_types": [(name, t.label_in(language)) for name, t in RECORD_TYPES.items()],
        "values": values,
        "error": error,
        "limit_megabytes": f"{max_upload_bytes() / (1024 * 1024):g}",
        "limit_bytes": max_upload_bytes(),
    }


def _mapping_text(request: HttpRequest) -> tuple[str, str]:
    """The mapping file's name and text (empty when none was sent); raises :class:`SubmissionError`."""
    upload = request.FILES.get("mapping")
    if upload is None:
        return "", ""
    if (upload.size or 0) > MAPPING_MAX_BYTES:
        raise SubmissionError(
            _("The mapping file is larger than 1 MB: it cannot be a mapping file.")
        )
    try:
        text = upload.read().decode("utf-8")
        read_mapping_text(text, source=upload.name or "mapping")
    except (UnicodeDecodeError, MappingError) as exc:
        detail = str(exc) if isinstance(exc, MappingError) else _("it is not UTF-8 text")
        raise SubmissionError(_("Invalid mapping file: %(error)s") % {"error": detail}) from None
    return upload.name or "mapping.toml", text


@require_http_methods(["GET", "POST"])
@requires(SUBMIT)
def submit(request: HttpRequest) -> HttpResponse:
    """The form; sent, its files go to a dry-run job and the user to its page (the form comes back, status 400,
    with what is wrong)."""
    values = {
        name: (request.POST if request.method == "POST" else request.GET).get(name, "")[:100]
        for name in ("agency", "format", "record_type")
    }
    if request.method == "GET":
        return render(request, "web/submit.html", _form_context(request, values))
    uploads = request.FILES.getlist("files")
    status = 400
    try:
        agencies = _agencies(request)
        code = values["agency"] or (agencies[0][0] if len(agencies) == 1 else "")
        agency = submission_agency(request.user, code or None)  # type: ignore[arg-type]
        fmt = check_format(values["format"] or "auto")
        record_type = values["record_type"]
        if record_type and record_type not in RECORD_TYPES:
            raise SubmissionError(_("Choose a record type of the list."))
        if not uploads:
            raise SubmissionError(_("Choose one or more files to submit."))
        mapping_name, mapping = _mapping_text(request)
        names = checked_names(
            [u.name or "" for u in uploads],
            sum(u.size or 0 for u in uploads) + len(mapping.encode()),
        )
    except AccessDeniedError as exc:
        status, error = 403, str(exc)
    except SubmissionError as exc:
        status = 413 if getattr(exc, "code", "") == "too_large" else 400
        error = str(exc)
    else:
        discard_kept_files()
        job = start(
            DRY_RUN,
            request.user,
            params={
                "agency": agency.code,
                "format": fmt,
                "record_type": record_type,
                "mapping": mapping,
                "mapping_name": mapping_name,
                "source": request_source(request),
            },
            files=[(name, upload.read()) for name, upload in zip(names, uploads, strict=True)],
        )
        return redirect("web:job", pk=job.pk)
    return render(request, "web/submit.html", _form_context(request, values, error), status=status)


@require_POST
@requires(SUBMIT)
def submit_import(request: HttpRequest, pk: int) -> HttpResponse:
    """The import of a finished dry run of the user's, with the files the dry run kept; the user goes to the
    import's page. A dry run already imported, or another's, is 404."""
    dry = Job.objects.filter(pk=pk, user=request.user, kind=DRY_RUN, state=Job.State.DONE).first()  # type: ignore[misc]
    if dry is None or not has_files(dry):
        raise Http404(_("No dry run waits for its import."))
    files = take_files(dry)
    params = {**dry.params, "source": request_source(request), "dry_run": dry.pk}
    job = start(IMPORT, request.user, params=params, files=files)
    return redirect("web:job", pk=job.pk)


@require_GET
@requires(SUBMIT)
def template(request: HttpRequest) -> HttpResponse:
    """The Excel template of an agency the user submits for (``?agency=CODE``; without it, their only one), in the
    page's language."""
    try:
        agency = submission_agency(request.user, request.GET.get("agency", "")[:100] or None)  # type: ignore[arg-type]
    except AccessDeniedError as exc:
        raise PermissionDenied(str(exc)) from None
    buffer = io.BytesIO()
    with translation.override(whole_or_default(active_language())):
        workbook = build_workbook(template_data(agency.code))
    workbook.save(buffer)
    response = HttpResponse(
        buffer.getvalue(),
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
    response["Content-Disposition"] = f'attachment; filename="plantilla-{agency.code}.xlsx"'
    return response


@require_GET
@requires(SUBMIT)
def screening_transcription(request: HttpRequest) -> HttpResponse:
    """The workbook paper screening forms are transcribed into, for an agency the user submits for
    (``?agency=CODE``; without it, their only one), in the page's language; it is sent back with the format
    ``screening``."""
    try:
        agency = submission_agency(request.user, request.GET.get("agency", "")[:100] or None)  # type: ignore[arg-type]
    except AccessDeniedError as exc:
        raise PermissionDenied(str(exc)) from None
    buffer = io.BytesIO()
    workbook = build_transcription(agency.code, whole_or_default(active_language()))
    workbook.save(buffer)
    response = HttpResponse(
        buffer.getvalue(),
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
    name = f"transcripcion-formularios-{agency.code}.xlsx"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


def _headings() -> list[str]:
    return [
        _("sheet"),
        _("row"),
        _("column"),
        *(_("error ({language})").format(language=code) for code in whole_languages()),
    ]


@require_GET
@requires("batches.view")
def rejected(request: HttpRequest, pk: int, fmt: str) -> HttpResponse:
    """A batch's rejected rows as CSV or XLSX: sheet, row, column and reason (a ``records.export`` event)."""
    found = batch_for(request.user, pk)  # type: ignore[arg-type]
    if found is None or fmt not in ("csv", "xlsx"):
        raise Http404(_("No such batch."))
    rows = export_rejected_rows(request.user, found, source=request_source(request))  # type: ignore[arg-type]
    lines = [
        neutralised_row(
            [
                problem["sheet"],
                problem["row"],
                problem["column"],
                *(problem.get(f"message_{code}", "") for code in whole_languages()),
            ]
        )
        for problem in rejected_problems(rows)
    ]
    name = _("rejected-rows-batch-%(number)s") % {"number": found.pk}
    if fmt == "csv":
        text = io.StringIO()
        writer = csv.writer(text)
        writer.writerow(_headings())
        writer.writerows(lines)
        response = HttpResponse(
            text.getvalue().encode("utf-8-sig"), content_type="text/csv; charset=utf-8"
        )
    else:
        import openpyxl

        book = openpyxl.Workbook(write_only=True)
        sheet = book.create_sheet(_("errors"))
        sheet.append(_headings())
        for line in lines:
            sheet.append(line)
        buffer = io.BytesIO()
        book.save(buffer)
        response = HttpResponse(
            buffer.getvalue(),
            content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        )
    response["Content-Disposition"] = f'attachment; filename="{name}.{fmt}"'
    response["Cache-Control"] = "no-store"
    return response
