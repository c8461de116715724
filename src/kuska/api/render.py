"""The JSON the API answers with, as typed dictionaries built from the domain's objects.

>>> # submission_json(submit([...], "POLICE"))["totals"]["rejected"]
"""

from __future__ import annotations

import json
from typing import TypedDict

from kuska.access.types import RejectedRow, SubmissionBatch
from kuska.intake.submit import FileReport, SheetReport, SubmissionReport


class Counts(TypedDict):
    rows_read: int
    accepted: int
    created: int
    updated: int
    unchanged: int
    rejected: int


class SheetJson(Counts):
    sheet: str
    record_type: str
    ignored_columns: list[str]
    missing_columns: list[str]


class FileJson(TypedDict):
    file: str
    format: str
    batch_id: int | None
    sheets: list[SheetJson]
    ignored_sheets: list[str]


class SubmissionJson(TypedDict):
    agency: str
    dry_run: bool
    totals: Counts
    files: list[FileJson]


class BatchJson(TypedDict):
    id: int
    agency: str
    status: str
    channel: str
    file_name: str
    format: str
    received_at: str
    counts: Counts


class RejectedRowJson(TypedDict):
    sheet: str
    record_type: str
    row: int
    submitted: dict[str, object]
    problems: list[dict[str, object]]


def _sheet_json(sheet: SheetReport) -> SheetJson:
    return {
        "sheet": sheet.sheet,
        "record_type": sheet.record_type,
        "rows_read": sheet.rows_read,
        "accepted": sheet.accepted,
        "created": sheet.created,
        "updated": sheet.updated,
        "unchanged": sheet.unchanged,
        "rejected": sheet.rejected,
        "ignored_columns": list(sheet.ignored_columns),
        "missing_columns": list(sheet.missing_columns),
    }


def _file_json(file_report: FileReport) -> FileJson:
    return {
        "file": file_report.path,
        "format": file_report.format,
        "batch_id": file_report.batch_id,
        "sheets": [_sheet_json(s) for s in file_report.sheets],
        "ignored_sheets": list(file_report.ignored_sheets),
    }


def submission_json(report: SubmissionReport) -> SubmissionJson:
    """Totals and, per file, its batch and what happened to each sheet's rows."""
    totals: Counts = {
        "rows_read": report.total("rows_read"),
        "accepted": report.total("accepted"),
        "created": report.total("created"),
        "updated": report.total("updated"),
        "unchanged": report.total("unchanged"),
        "rejected": report.total("rejected"),
    }
    return {
        "agency": report.agency,
        "dry_run": report.dry_run,
        "totals": totals,
        "files": [_file_json(f) for f in report.files],
    }


def batch_json(batch: SubmissionBatch) -> BatchJson:
    """A batch's status and counters; ``created`` is what was accepted and neither updated nor unchanged."""
    return {
        "id": batch.pk,
        "agency": batch.agency.code,
        "status": batch.status,
        "channel": batch.channel,
        "file_name": batch.file_name,
        "format": batch.format,
        "received_at": batch.received_at.isoformat(),
        "counts": {
            "rows_read": batch.rows_read,
            "accepted": batch.rows_accepted,
            "created": batch.rows_accepted - batch.rows_updated - batch.rows_unchanged,
            "updated": batch.rows_updated,
            "unchanged": batch.rows_unchanged,
            "rejected": batch.rows_rejected,
        },
    }


def rejected_row_json(row: RejectedRow) -> RejectedRowJson:
    """A rejected row: where it was, the row as submitted (decrypted) and every reason it was refused."""
    submitted = json.loads(row.raw)
    return {
        "sheet": row.sheet,
        "record_type": row.record_type,
        "row": row.row_number,
        "submitted": submitted if isinstance(submitted, dict) else {"(row)": submitted},
        "problems": list(row.problems),
    }
