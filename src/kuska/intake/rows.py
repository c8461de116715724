"""Rows made in Kuska itself (a form's, a case worker's, a screening's) submitted through the same path as any
agency's file: written as JSON lines, one file per record type, and sent to :func:`kuska.intake.submit.submit` as
one submission (channel ``web`` unless told otherwise), with who sent them. If intake refuses any row, nothing is
stored, not even the batches, and the refusals come back for the caller to show; the caller writes its own audit
event for the batches stored (``kuska.access.record_import``).

>>> # sent = submit_rows({"hotline_calls": [{"record_id": new_record_id("web"), ...}]}, "POLICE", submitted_by=user)
>>> # sent.rejected or sent.batch_ids
"""

from __future__ import annotations

import json
import tempfile
import uuid
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from django.db import transaction

from kuska.intake.submit import Channel, Rejection, SubmissionReport, submit

if TYPE_CHECKING:
    from django.contrib.auth.models import AbstractBaseUser


def new_record_id(prefix: str) -> str:
    """An id Kuska gives a record it makes (``PREFIX-`` and 16 hexadecimal digits): an id typed by a person could
    name, and so correct, another record."""
    return f"{prefix}-{uuid.uuid4().hex[:16]}"


@dataclass(frozen=True)
class RowsSent:
    """What became of the rows: the submission's report, and the rows intake refused (then nothing was stored)."""

    report: SubmissionReport
    rejected: list[Rejection]

    @property
    def batch_ids(self) -> list[int]:
        """The batches stored (none when a row was refused)."""
        if self.rejected:
            return []
        return [f.batch_id for f in self.report.files if f.batch_id is not None]


def submit_rows(
    rows: Mapping[str, Sequence[Mapping[str, str]]],
    agency_code: str,
    *,
    submitted_by: AbstractBaseUser | None,
    channel: Channel = Channel.WEB,
) -> RowsSent:
    """Submit ``rows`` (record type → its rows, each with its ``record_id``) for the agency, all or nothing."""
    rejected: list[Rejection] = []
    with tempfile.TemporaryDirectory(prefix="kuska-rows-") as folder, transaction.atomic():
        paths = []
        for name, items in rows.items():
            path = Path(folder) / f"{name}.jsonl"
            lines = (json.dumps(dict(row), ensure_ascii=False) + "\n" for row in items)
            path.write_text("".join(lines), encoding="utf-8")
            paths.append(path)
        report = submit(
            paths,
            agency_code,
            fmt="json",
            record_type=next(iter(rows)) if len(rows) == 1 else None,
            on_rejected=rejected.append,
            submitted_by=submitted_by,
            channel=channel,
        )
        if rejected:
            transaction.set_rollback(True)
    return RowsSent(report, rejected)


def refusals(rejected: Iterable[Rejection], lang: str) -> str:
    """The refusals in one line, column by column: ``sex: The value is not in the code list …; …``."""
    return "; ".join(
        f"{problem.column}: {problem.message(lang)}"
        for rejection in rejected
        for problem in rejection.problems
    )
