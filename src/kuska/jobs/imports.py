"""A submission sent from the pages, as two jobs: its dry run (``intake.dry_run``), then, once its sender has read
what the dry run found and asked for it, the import itself (``intake.import``).

Both read the files the page gave the job (kept encrypted by :mod:`kuska.jobs.work`), check again that the user who
started them still holds ``records.submit`` at the agency, and submit the files through
:func:`kuska.intake.uploads.submit_files`, the way the API does: the files exist on disk only while the submission
runs. The dry run stores nothing and keeps its files for the import (:func:`kuska.jobs.work.take_files`); the
import stores the batches, sent by the user through the channel ``file`` (a file, named on its batch with its
SHA-256, as a file given to ``kuska import``; the batch's ``submitted_by`` tells it came from the pages), and writes
the ``intake.import`` event naming them.

What the page shows of either comes from the job's result: per file and sheet the rows read, accepted (new,
updated, unchanged) and rejected, and the first rejected rows' sheet, row, column and reason, never a value.

>>> # start(DRY_RUN, user, params={"agency": "POLICE", "format": "auto", "record_type": "", "mapping": "",
>>> #                              "source": "192.0.2.1"}, files=[("persons.csv", b"...")])
"""

from __future__ import annotations

from typing import Any

from django.urls import reverse
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from kuska.access import AccessDeniedError, record_import, submission_agency
from kuska.i18n import TranslatableError
from kuska.intake.mapping import MappingError, read_mapping_text
from kuska.intake.submit import Channel, Rejection, SubmissionReport
from kuska.intake.uploads import submit_files
from kuska.jobs.work import Context, Outcome, kind

DRY_RUN = "intake.dry_run"
IMPORT = "intake.import"

# how many problems of rejected rows a job's result lists (the batch page lists them all)
SHOWN_PROBLEMS = 20


def _checked_agency(context: Context) -> str:
    """The agency's code, once the job's starter is found to hold ``records.submit`` there still."""
    user = context.user
    if user is None or not user.is_active:
        raise TranslatableError(_("Your role does not allow submitting records."))
    try:
        return submission_agency(user, str(context.params.get("agency", ""))).code
    except AccessDeniedError as exc:
        raise TranslatableError(exc.message) from None


def _mapping(params: dict[str, Any]) -> Any:
    text = str(params.get("mapping") or "")
    if not text:
        return None
    try:
        return read_mapping_text(text, source=str(params.get("mapping_name") or "mapping"))
    except MappingError as exc:
        raise TranslatableError(
            format_lazy(_("Invalid mapping file: {error}"), error=str(exc))
        ) from None


def _result(
    report: SubmissionReport, problems: list[dict[str, object]], more: bool
) -> dict[str, Any]:
    return {
        "dry_run": report.dry_run,
        "agency": report.agency,
        "totals": {
            name: report.total(name)
            for name in ("rows_read", "accepted", "created", "updated", "unchanged", "rejected")
        },
        "files": [
            {
                "file": f.path,
                "batch_id": f.batch_id,
                "ignored_sheets": list(f.ignored_sheets),
                "sheets": [
                    {
                        "sheet": s.sheet,
                        "record_type": s.record_type,
                        "rows_read": s.rows_read,
                        "accepted": s.accepted,
                        "created": s.created,
                        "updated": s.updated,
                        "unchanged": s.unchanged,
                        "rejected": s.rejected,
                        "ignored_columns": list(s.ignored_columns),
                        "missing_columns": list(s.missing_columns),
                    }
                    for s in f.sheets
                ],
            }
            for f in report.files
        ],
        "problems": problems,
        "more_problems": more,
    }


def _submission(context: Context, *, dry_run: bool) -> tuple[SubmissionReport, dict[str, Any]]:
    agency = _checked_agency(context)
    params = context.params
    problems: list[dict[str, object]] = []
    more = False

    def rejected(rejection: Rejection) -> None:
        nonlocal more
        for problem in rejection.problems:
            if len(problems) >= SHOWN_PROBLEMS:
                more = True
                return
            problems.append(
                {
                    "file": rejection.file,
                    "sheet": rejection.sheet,
                    "row": rejection.row,
                    "column": problem.column,
                    **{f"message_{lang}": text for lang, text in problem.messages.items()},
                }
            )

    def progress(sheet: str, done: int, total: int | None) -> None:
        context.progress(done, total, step=format_lazy(_("Reading {sheet}"), sheet=sheet))

    report = submit_files(
        list(context.files()),
        agency,
        fmt=str(params.get("format") or "auto"),
        record_type=str(params.get("record_type") or "") or None,
        mapping=_mapping(params),
        dry_run=dry_run,
        progress=progress,
        on_rejected=rejected,
        submitted_by=context.user,
        channel=Channel.FILE,
    )
    return report, _result(report, problems, more)


def _counts(report: SubmissionReport) -> dict[str, int]:
    return {
        "read": report.total("rows_read"),
        "accepted": report.total("accepted"),
        "rejected": report.total("rejected"),
    }


@kind(DRY_RUN, title=_("Dry run of a submission"))
def dry_run(context: Context) -> Outcome:
    """Everything an import does, then rolled back; the files are kept for the import the user may start."""
    report, result = _submission(context, dry_run=True)
    summary = format_lazy(
        _(
            "{read} rows read: {accepted} would be accepted, {rejected} rejected. Nothing was stored."
        ),
        **_counts(report),
    )
    return Outcome(summary, result=result, keep_files=True)


@kind(IMPORT, title=_("Import of a submission"))
def import_files(context: Context) -> Outcome:
    """The submission stored: its batches, sent by the user, and the ``intake.import`` event naming them."""
    report, result = _submission(context, dry_run=False)
    batch_ids = [f.batch_id for f in report.files if f.batch_id is not None]
    record_import(context.user, batch_ids, source=str(context.params.get("source") or "?"))
    summary = format_lazy(
        _("{read} rows read: {accepted} accepted, {rejected} rejected."), **_counts(report)
    )
    url = (
        reverse("web:batch", args=[batch_ids[0]]) if len(batch_ids) == 1 else reverse("web:batches")
    )
    return Outcome(summary, url=url, result=result)
