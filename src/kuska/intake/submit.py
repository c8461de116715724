"""A submission: one agency's files read, validated and loaded in a single transaction.

Every row read is either accepted (created, updated or unchanged) or rejected with its reasons:
``rows read = accepted + rejected``, for every sheet and every file. A submission is atomic: if it fails or is
killed mid-way the registry holds none of it, and sending it again completes it. A dry run does everything and
then rolls back.

Example::

    report = submit([Path("police-2020.xlsx")], "POLICE")
    report.total("rows_read") == report.total("accepted") + report.total("rejected")
"""

from __future__ import annotations

import gc
import hashlib
import itertools
import json
import logging
import multiprocessing
import os
import sys
from collections import deque
from collections.abc import Callable, Iterator
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass, field
from multiprocessing.pool import AsyncResult
from pathlib import Path
from typing import TYPE_CHECKING, Any

from django.db import IntegrityError, OperationalError, transaction
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from kuska.i18n import TranslatableError
from kuska.intake.context import Mapping, build_context
from kuska.intake.htcds import with_htcds_values
from kuska.intake.load import Loader, prepare
from kuska.intake.messages import Problem
from kuska.intake.models import RejectedRow
from kuska.intake.privacy import ColumnOf, masked_problem, masked_row
from kuska.intake.readers import FORMATS, ReadError, Sheet, detect_format
from kuska.intake.schema import RECORD_TYPES, SERIES_TYPES, RecordType, loadable, record_type_for
from kuska.intake.validate import CleanRow, RowValidator
from kuska.registry.agencies import UnknownAgencyError, find_agency
from kuska.registry.models import Agency, SubmissionBatch

if TYPE_CHECKING:
    from django.contrib.auth.base_user import AbstractBaseUser

log = logging.getLogger(__name__)

CHUNK = 2000

# how a submission came: a file given to `kuska import`, an upload to the API, a row typed in a page's form
Channel = SubmissionBatch.Channel


class SubmissionError(TranslatableError):
    """The submission could not be processed (unknown agency, unreadable file…); nothing was stored."""


@dataclass
class SheetReport:
    """What happened to the rows of one sheet (or one CSV/JSON file)."""

    file: str
    sheet: str
    record_type: str
    rows_read: int = 0
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    rejected: int = 0
    ignored_columns: list[str] = field(default_factory=list)
    missing_columns: list[str] = field(default_factory=list)

    @property
    def accepted(self) -> int:
        return self.created + self.updated + self.unchanged


@dataclass
class FileReport:
    path: str
    format: str
    batch_id: int | None
    sheets: list[SheetReport] = field(default_factory=list)
    ignored_sheets: list[str] = field(default_factory=list)


@dataclass
class SubmissionReport:
    agency: str
    dry_run: bool
    files: list[FileReport] = field(default_factory=list)

    def total(self, name: str) -> int:
        return sum(getattr(sheet, name) for f in self.files for sheet in f.sheets)


@dataclass(frozen=True)
class Rejection:
    """A rejected row as the data officer needs it back: where it was, what it said (identities masked), and
    why it was refused."""

    file: str
    sheet: str
    row: int
    raw: dict[str, object]
    problems: list[Problem]


Progress = Callable[[str, int, int | None], None]
OnRejected = Callable[[Rejection], None]


@dataclass(frozen=True)
class StoredFile:
    """A file of a format with a last step of its own (:func:`register_step`), its rows loaded: the file, its
    batch, who sent it, the rows intake rejected, as (sheet name as the reader named it, row number), and what its
    reader parsed of each sheet beyond the rows (:attr:`~kuska.intake.readers.base.Sheet.parsed`), so the step
    need not read the file again."""

    path: Path
    batch: SubmissionBatch
    submitted_by: AbstractBaseUser | None
    rejected: frozenset[tuple[str, int]]
    parsed: tuple[object, ...] = ()


# A format's last step: keeps what the format holds beyond the registry's records, in the submission's
# transaction (a failed or dry-run submission keeps none of it), and reports it as sheets of its own.
FileStep = Callable[[StoredFile], list[SheetReport]]
_STEPS: dict[str, FileStep] = {}


def register_step(fmt: str, step: FileStep) -> None:
    """Run ``step`` for every file of the format once its rows are loaded, before the batch is completed: e.g. the
    transcription of paper screening forms keeps each form as a screening (:mod:`kuska.screening.paper`)."""
    _STEPS[fmt] = step


def default_workers() -> int:
    """Worker processes for a command-line submission: one per core, at most four; none on a single core, where
    the checking cannot run beside the writing."""
    cores = os.cpu_count() or 1
    return min(cores, 4) if cores > 1 else 0


@contextmanager
def _heap_frozen() -> Iterator[None]:
    """Objects alive before the submission are left out of the cycle collector's passes while it runs.

    A large submission makes objects by the million: every few thousand rows a full collection would otherwise
    walk the whole application's heap again (about a tenth of an import's time). Worker processes forked
    meanwhile inherit the frozen heap and leave its pages unwritten. What was frozen is handed back afterwards;
    a heap the application froze itself is left as it is.
    """
    if gc.get_freeze_count():
        yield
        return
    gc.freeze()
    try:
        yield
    finally:
        gc.unfreeze()


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        while chunk := handle.read(1 << 20):
            digest.update(chunk)
    return digest.hexdigest()


@dataclass
class _Planned:
    path: Path
    format: str
    sheet: Sheet
    record_type: RecordType


def submit(
    paths: list[Path],
    agency_code: str,
    *,
    fmt: str = "auto",
    record_type: str | None = None,
    mapping: Mapping | None = None,
    dry_run: bool = False,
    progress: Progress | None = None,
    on_rejected: OnRejected | None = None,
    workers: int = 0,
    submitted_by: AbstractBaseUser | None = None,
    channel: Channel = Channel.FILE,
) -> SubmissionReport:
    """Submit files for an agency; returns what happened to every row. Raises :class:`SubmissionError`.

    ``submitted_by`` is the user who sends the files (the API's, the web form's), kept on every batch: a
    record's creator. A file imported from the command line has none. ``channel`` is how they came: a file
    given to ``kuska import``, an upload to the API, or a row typed in a page's form (whose batch names no file:
    what it holds is the row itself).

    ``workers`` > 0 checks rows in that many forked worker processes while this process writes: for the
    command line, not for a threaded server (forking a threaded process is unsafe).
    """
    try:
        agency = find_agency(agency_code)
    except UnknownAgencyError as exc:
        raise SubmissionError(exc.lazy_message) from None
    mapped = mapping is not None
    mapping = mapping or Mapping()
    if fmt == "htcds":
        mapping = with_htcds_values(mapping)
    forced = record_type or mapping.record_type
    forced_type = RECORD_TYPES.get(forced) if forced else None
    if forced and forced_type is None:
        known = ", ".join(RECORD_TYPES)
        raise SubmissionError(
            format_lazy(_("unknown record type: {type} ({known})"), type=forced, known=known)
        )

    report = SubmissionReport(agency=agency.code, dry_run=dry_run)
    with ExitStack() as stack:
        plan = _plan(paths, fmt, forced_type, mapped, report, stack)
        try:
            with _heap_frozen(), transaction.atomic():
                # one submission of an agency at a time: a second waits for the first to end, then finds its
                # records there (on SQLite the whole database is written by one at a time anyway)
                list(Agency.objects.select_for_update().filter(pk=agency.pk).values_list("pk"))
                _run(
                    plan,
                    agency,
                    mapping,
                    report,
                    progress,
                    on_rejected,
                    workers,
                    submitted_by,
                    channel,
                )
                if dry_run:
                    transaction.set_rollback(True)
        except ReadError as exc:
            raise SubmissionError(exc.message) from exc
        except OperationalError as exc:
            if "locked" not in str(exc):  # SQLite's busy timeout ran out
                raise
            raise SubmissionError(
                _(
                    "another submission is being written and did not finish in time: submit again once "
                    "it has ended"
                )
            ) from exc
        except IntegrityError as exc:
            log.warning("submission by %s refused: %s", agency.code, type(exc).__name__)
            raise SubmissionError(
                _(
                    "another submission stored the same records at the same time: submit the file again"
                )
            ) from exc
    if dry_run:
        for file_report in report.files:
            file_report.batch_id = None
    log.info(
        "submission by %s: %d rows read, %d accepted, %d rejected%s",
        agency.code,
        report.total("rows_read"),
        report.total("accepted"),
        report.total("rejected"),
        " (dry run)" if dry_run else "",
    )
    return report


def _plan(
    paths: list[Path],
    fmt: str,
    forced: RecordType | None,
    mapped: bool,
    report: SubmissionReport,
    stack: ExitStack,
) -> list[_Planned]:
    """Open every file and order all sheets so that referenced record types load first.

    A sheet of an aggregate series is read in its publisher's own layout: a record type or a mapping file given
    for it is refused, not ignored.
    """
    planned: list[_Planned] = []
    for path in paths:
        if not path.is_file():
            raise SubmissionError(format_lazy(_("no such file: {path}"), path=path))
        try:
            file_format = detect_format(path) if fmt in ("auto", "htcds") else fmt
            if file_format not in FORMATS:
                raise SubmissionError(format_lazy(_("unknown format: {format}"), format=fmt))
            sheets = FORMATS[file_format](path, stack)
        except ReadError as exc:
            raise SubmissionError(exc.message) from exc
        file_report = FileReport(path=path.name, format=file_format, batch_id=None)
        report.files.append(file_report)
        for sheet in sheets:
            series = SERIES_TYPES.get(sheet.record_type)
            if series is not None and (forced or mapped):
                option = "--type" if forced else "--mapping"
                raise SubmissionError(
                    format_lazy(
                        _(
                            "{option} does not apply to the {format} format: its rows are aggregate "
                            "observations"
                        ),
                        option=option,
                        format=file_format,
                    )
                )
            kind = series or forced or record_type_for(sheet.record_type)
            if kind is None:
                if file_format == "xlsx" and len(sheets) > 1:
                    file_report.ignored_sheets.append(sheet.record_type)
                    continue
                known = ", ".join(
                    f"{t.name} ({t.label_in('es').lower()})" for t in RECORD_TYPES.values()
                )
                raise SubmissionError(
                    format_lazy(
                        _(
                            "cannot tell which record type {sheet} holds: name the file or sheet after one "
                            "of these, or use --type: {known}"
                        ),
                        sheet=sheet.name,
                        known=known,
                    )
                )
            planned.append(_Planned(path, file_format, sheet, kind))
    order = list(loadable())
    planned.sort(key=lambda p: order.index(p.record_type.name))
    return planned


def _file_of(item: _Planned) -> dict[str, str]:
    """What a batch says of the file it came in: its name, SHA-256 and format."""
    return {
        "file_name": item.path.name[:255],
        "file_sha256": _sha256(item.path),
        "format": item.format,
    }


def _run(
    plan: list[_Planned],
    agency: Agency,
    mapping: Mapping,
    report: SubmissionReport,
    progress: Progress | None,
    on_rejected: OnRejected | None,
    workers: int,
    submitted_by: AbstractBaseUser | None,
    channel: Channel,
) -> None:
    context = build_context(agency, mapping)
    batches: dict[Path, SubmissionBatch] = {}
    formats: dict[Path, str] = {}
    file_reports = {Path(f.path).name: f for f in report.files}
    loaders: dict[str, Loader] = {}
    for item in plan:
        batch = batches.get(item.path)
        if batch is None:
            batch = SubmissionBatch.objects.create(
                agency=agency,
                submitted_by_id=None if submitted_by is None else submitted_by.pk,
                channel=channel,
                **({} if channel == Channel.WEB else _file_of(item)),
            )
            batches[item.path] = batch
            formats[item.path] = item.format
            file_reports[item.path.name].batch_id = batch.pk
        sheet_report = SheetReport(
            file=item.path.name, sheet=item.sheet.name, record_type=item.record_type.name
        )
        file_reports[item.path.name].sheets.append(sheet_report)
        validator = RowValidator(item.record_type, context)
        sheet_report.ignored_columns = validator.unknown_headers(item.sheet.header)
        sheet_report.missing_columns = [
            c.name for c in validator.missing_required(item.sheet.header)
        ]
        # one loader per record type, so a record id repeated across two files of a submission is caught
        loader = loaders.setdefault(item.record_type.name, Loader(item.record_type, context, batch))
        loader.batch = batch
        _load_sheet(item, validator, loader, batch, sheet_report, progress, on_rejected, workers)
    for path, batch in batches.items():
        step = _STEPS.get(formats[path])
        if step is not None:
            rejected = RejectedRow.objects.filter(batch=batch).values_list("sheet", "row_number")
            parsed = tuple(
                found for item in plan if item.path == path for found in item.sheet.parsed
            )
            stored = StoredFile(path, batch, submitted_by, frozenset(rejected), parsed)
            file_reports[path.name].sheets.extend(step(stored))
    for batch in batches.values():
        sheets = [s for f in report.files if f.batch_id == batch.pk for s in f.sheets]
        batch.rows_read = sum(s.rows_read for s in sheets)
        batch.rows_accepted = sum(s.accepted for s in sheets)
        batch.rows_rejected = sum(s.rejected for s in sheets)
        batch.rows_unchanged = sum(s.unchanged for s in sheets)
        batch.rows_updated = sum(s.updated for s in sheets)
        batch.status = SubmissionBatch.Status.COMPLETED
        batch.save()


def _chunks(
    rows: Iterator[tuple[int, dict[str, object]]], size: int
) -> Iterator[list[tuple[int, dict[str, object]]]]:
    chunk: list[tuple[int, dict[str, object]]] = []
    for item in rows:
        chunk.append(item)
        if len(chunk) >= size:
            yield chunk
            chunk = []
    if chunk:
        yield chunk


Checked = list[tuple[int, dict[str, object], CleanRow | None, list[Problem]]]
# What crosses from a worker process: per row, its problems, or what is needed to rebuild the prepared row
# (the raw row stays in this process, which sent it).
Transport = list[tuple[list[Problem], tuple[Any, ...] | None]]

# What a worker process checks rows with; set before the worker is forked, so it is inherited, not sent.
_WORKER_STATE: dict[str, Any] = {}


def _check(chunk: list[tuple[int, dict[str, object]]]) -> Checked:
    """Validate and prepare a chunk of rows: everything that needs no database."""
    validator: RowValidator = _WORKER_STATE["validator"]
    checked: Checked = []
    for number, raw in chunk:
        row, problems = validator.validate(number, raw)
        if row is not None:
            prepare(validator.record_type, row)
        checked.append((number, raw, row, problems))
    return checked


def _check_for_transport(chunk: list[tuple[int, dict[str, object]]]) -> Transport:
    return [
        (
            problems,
            None
            if row is None
            else (row.record_id, row.values, row.headers, row.fingerprint, row.cells),
        )
        for _, _, row, problems in _check(chunk)
    ]


def _rebuilt(chunk: list[tuple[int, dict[str, object]]], transport: Transport) -> Checked:
    checked: Checked = []
    for (number, raw), (problems, payload) in zip(chunk, transport, strict=True):
        row = None
        if payload is not None:
            record_id, values, headers, print_, cells = payload
            row = CleanRow(number, record_id, values, raw, headers, print_, cells)
        checked.append((number, raw, row, problems))
    return checked


def _plain_output() -> None:
    """A checking worker writes to the process's own standard streams. The parent's live progress display replaces
    them with proxies guarded by a lock its refresh thread may hold at the moment of the fork; a worker that kept
    them would wait for that lock for ever when it flushes them on exit, and the import would never end."""
    sys.stdout = sys.__stdout__
    sys.stderr = sys.__stderr__


def _checked_chunks(sheet: Sheet, validator: RowValidator, workers: int) -> Iterator[Checked]:
    """The sheet's rows checked chunk by chunk, in order; with ``workers``, checking runs in worker processes
    while this one writes the previous chunks (at most one chunk more than workers in flight, so memory stays
    flat). A sheet of a single chunk is checked here: starting workers would cost more than they save."""
    _WORKER_STATE["validator"] = validator
    chunks = _chunks(sheet.rows, CHUNK)
    first = next(chunks, None)
    second = next(chunks, None) if first is not None else None
    if workers < 1 or first is None or second is None:
        for chunk in itertools.chain(filter(None, (first, second)), chunks):
            yield _check(chunk)
        return
    pool = multiprocessing.get_context("fork").Pool(workers, initializer=_plain_output)
    try:
        pending: deque[tuple[list[tuple[int, dict[str, object]]], AsyncResult[Transport]]] = deque()
        for chunk in itertools.chain((first, second), chunks):
            pending.append((chunk, pool.apply_async(_check_for_transport, (chunk,))))
            if len(pending) > workers:
                sent, result = pending.popleft()
                yield _rebuilt(sent, result.get())
        while pending:
            sent, result = pending.popleft()
            yield _rebuilt(sent, result.get())
        pool.close()
    finally:
        pool.terminate()
        pool.join()


def _load_sheet(
    item: _Planned,
    validator: RowValidator,
    loader: Loader,
    batch: SubmissionBatch,
    sheet_report: SheetReport,
    progress: Progress | None,
    on_rejected: OnRejected | None,
    workers: int,
) -> None:
    for checked in _checked_chunks(item.sheet, validator, workers):
        clean = [row for _, _, row, _ in checked if row is not None]
        rejected = [
            (number, raw, problems) for number, raw, row, problems in checked if row is None
        ]
        result = loader.load(clean)
        rejected += [(row.row, row.raw, problems) for row, problems in result.rejected]
        sheet_report.rows_read += len(checked)
        sheet_report.created += result.created
        sheet_report.updated += result.updated
        sheet_report.unchanged += result.unchanged
        sheet_report.rejected += len(rejected)
        _keep_rejected(
            item, batch, sorted(rejected, key=lambda r: r[0]), validator.column, on_rejected
        )
        if progress is not None:
            progress(item.sheet.name, sheet_report.rows_read, item.sheet.size_hint)


def _keep_rejected(
    item: _Planned,
    batch: SubmissionBatch,
    rejected: list[tuple[int, dict[str, object], list[Problem]]],
    column_of: ColumnOf,
    on_rejected: OnRejected | None,
) -> None:
    """Keep the rejected rows and hand them on, identity values masked in both (see :mod:`.privacy`)."""
    plain = item.sheet.shown_columns
    rejected = [
        (
            number,
            masked_row(raw, column_of, plain),
            [masked_problem(p, column_of, plain) for p in problems],
        )
        for number, raw, problems in rejected
    ]
    RejectedRow.objects.bulk_create(
        [
            RejectedRow(
                batch=batch,
                sheet=item.sheet.name[:300],
                record_type=item.record_type.name,
                row_number=number,
                raw=json.dumps(raw, ensure_ascii=False, default=str),
                problems=[p.as_dict() for p in problems],
            )
            for number, raw, problems in rejected
        ]
    )
    if on_rejected is not None:
        for number, raw, problems in rejected:
            on_rejected(Rejection(item.path.name, item.sheet.name, number, raw, problems))
