"""``kuska import``: submit an agency's files; every row is accepted or explained."""

from __future__ import annotations

import argparse
import sys
from contextlib import nullcontext
from pathlib import Path
from typing import TYPE_CHECKING

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from rich.progress import (
    BarColumn,
    MofNCompleteColumn,
    Progress,
    SpinnerColumn,
    TaskID,
    TextColumn,
    TimeElapsedColumn,
)
from rich.table import Table

from kuska.cli import actor
from kuska.cli.output import console
from kuska.i18n import gettext_noop

if TYPE_CHECKING:
    from kuska.intake.submit import SubmissionReport

HELP = gettext_noop(
    "Submit an agency's files (CSV, XLSX, JSON Lines, HTCDS, MININTER, transcribed screening forms); reports "
    "accepted and rejected rows."
)

# screening: the transcription of paper screening forms (kuska.screening.paper), never detected: ask for it
FORMAT_CHOICES = ["auto", "csv", "xlsx", "json", "htcds", "mininter", "screening"]


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "paths", nargs="+", type=Path, metavar="PATH", help=gettext_noop("files to submit")
    )
    parser.add_argument(
        "--agency",
        required=True,
        help=gettext_noop("code of the submitting agency (any case, or an alias of the profile)"),
    )
    parser.add_argument(
        "--format",
        default="auto",
        choices=FORMAT_CHOICES,
        help=gettext_noop("file format (default: auto)"),
    )
    parser.add_argument(
        "--type", dest="record_type", help=gettext_noop("record type of every file, e.g. persons")
    )
    parser.add_argument(
        "--mapping", type=Path, help=gettext_noop("the agency's mapping file (TOML)")
    )
    parser.add_argument(
        "--dry-run", action="store_true", help=gettext_noop("check everything, store nothing")
    )
    parser.add_argument(
        "--errors",
        type=Path,
        metavar="OUT",
        help=gettext_noop("write rejected rows with reasons (.csv or .xlsx)"),
    )
    actor.add_argument(parser)


COUNTS = (
    ("rows_read", gettext_lazy("read")),
    ("accepted", gettext_lazy("accepted")),
    ("created", gettext_lazy("new")),
    ("updated", gettext_lazy("updated")),
    ("unchanged", gettext_lazy("unchanged")),
    ("rejected", gettext_lazy("rejected")),
)


def summary_table(report: SubmissionReport) -> Table:
    """Rows read, accepted (new, updated, unchanged) and rejected, sheet by sheet."""
    dry = " — " + _("dry run: nothing stored") if report.dry_run else ""
    table = Table(title=_("Submission {agency}").format(agency=report.agency) + dry)
    table.add_column(_("sheet"))
    table.add_column(_("type"))
    for _key, heading in COUNTS:
        table.add_column(str(heading), justify="right")
    for file_report in report.files:
        for sheet in file_report.sheets:
            cells = [str(getattr(sheet, name)) for name, _n in COUNTS]
            if sheet.rejected:
                cells[-1] = f"[red]{cells[-1]}[/red]"
            table.add_row(sheet.sheet, sheet.record_type, *cells)
    table.add_row(_("total"), "", *(str(report.total(name)) for name, _n in COUNTS), style="bold")
    return table


def run(args: argparse.Namespace) -> int:
    from kuska.intake.errors import ErrorsWriter
    from kuska.intake.mapping import MappingError, read_mapping
    from kuska.intake.submit import SubmissionError, default_workers, submit

    try:
        mapping = read_mapping(args.mapping) if args.mapping else None
    except MappingError as exc:
        invalid = _("Invalid mapping file:")
        console.print(f"[red]{invalid}[/red] {exc}")
        return 1
    submitter = actor.actor_of(args)
    if submitter.user is not None:
        from kuska.access import AccessDeniedError, submission_agency

        try:
            submission_agency(submitter.user, args.agency)
        except AccessDeniedError as exc:
            print(f"kuska {args.command}: {exc}", file=sys.stderr)
            return actor.REFUSED
    errors = ErrorsWriter(args.errors) if args.errors else None
    columns = (
        SpinnerColumn(),
        TextColumn("{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
    )
    tasks: dict[str, TaskID] = {}
    with Progress(*columns, console=console, transient=True) as bar, errors or nullcontext():

        def progress(sheet: str, done: int, total: int | None) -> None:
            if sheet not in tasks:
                tasks[sheet] = bar.add_task(sheet, total=total)
            bar.update(tasks[sheet], completed=done)

        try:
            report = submit(
                args.paths,
                args.agency,
                fmt=args.format,
                record_type=args.record_type,
                mapping=mapping,
                dry_run=args.dry_run,
                progress=progress,
                on_rejected=errors.write if errors else None,
                workers=default_workers(),
                submitted_by=submitter.user,
            )
        except SubmissionError as exc:
            refused = _("The submission could not be processed:")
            console.print(f"[red]{refused}[/red] {exc}")
            console.print(_("Nothing was stored."))
            return 1
    if not report.dry_run:
        from kuska.access import record_import

        record_import(
            submitter.user,
            [f.batch_id for f in report.files if f.batch_id is not None],
            source=submitter.source,
        )
    console.print(summary_table(report))
    for file_report in report.files:
        if file_report.ignored_sheets:
            console.print(
                _("Sheets ignored in {file}: {sheets}").format(
                    file=file_report.path, sheets=", ".join(file_report.ignored_sheets)
                )
            )
        for sheet in file_report.sheets:
            if sheet.ignored_columns:
                console.print(
                    _("Columns ignored in {sheet}: {columns}").format(
                        sheet=sheet.sheet, columns=", ".join(sheet.ignored_columns)
                    )
                )
            if sheet.missing_columns:
                missing = _("Required columns missing in {sheet}:").format(sheet=sheet.sheet)
                console.print(f"[yellow]{missing}[/yellow] {', '.join(sheet.missing_columns)}")
    if args.format == "mininter":
        from kuska.cli.import_mininter import print_findings

        print_findings(args.paths)
    if args.format == "screening":
        from kuska.cli.screening_form import print_tally

        print_tally(args.paths)
    if errors is not None:
        console.print(
            _("Rejected rows written to: {file} ({count})").format(
                file=args.errors, count=errors.count
            )
        )
    elif report.total("rejected"):
        console.print(_("Use --errors FILE.csv to get the rejected rows."))
    return 0
