"""The MININTER open-data file, imported from the command line: ``kuska import FILE --format mininter``.

Not a command of its own: ``kuska import`` calls :func:`run_mininter_import` for ``--format mininter``. It shows
a progress bar while the file is read and written, then a summary a data officer can check against the file.
"""

from __future__ import annotations

from pathlib import Path

from rich.progress import (
    BarColumn,
    MofNCompleteColumn,
    Progress,
    TaskID,
    TextColumn,
    TimeElapsedColumn,
)
from rich.table import Table

from kuska.cli.output import console

EXAMPLES = 5  # inconsistent groups and rejected rows shown; the report holds them all

_STEPS = {"read": "Leyendo / reading", "write": "Guardando / writing"}


def run_mininter_import(path: Path | str, agency: str = "PNP", dry_run: bool = False) -> int:
    """Import the file, print its summary; 0 when imported (rejected rows included), 1 when it could not be."""
    from kuska.intake.mininter import MininterFileError, import_mininter

    bar = Progress(
        TextColumn("{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        console=console,
        transient=True,
    )
    tasks: dict[str, TaskID] = {}

    def progress(step: str, done: int, total: int) -> None:
        if step not in tasks:
            tasks[step] = bar.add_task(_STEPS.get(step, step), total=total)
        bar.update(tasks[step], completed=done, total=total)

    try:
        with bar:
            report = import_mininter(path, agency_code=agency, dry_run=dry_run, progress=progress)
    except MininterFileError as exc:
        console.print(f"[red]No se importó / not imported:[/red] {exc}")
        return 1

    summary = Table(title=f"MININTER: {report.file_name}", show_header=False)
    summary.add_column("")
    summary.add_column("", justify="right")
    for label, count in (
        ("filas leídas / rows read", report.rows_read),
        ("aceptadas / accepted", report.rows_accepted),
        ("rechazadas / rejected", report.rows_rejected),
        ("  de ellas duplicadas / of which duplicates", len(report.duplicates)),
        ("nuevas / created", report.rows_created),
        ("sin cambios / unchanged", report.rows_unchanged),
        ("actualizadas / updated", report.rows_updated),
        ("filas de total o subtotal / total rows recognized", report.total_rows),
        ("valores en blanco (no reportado) / blank values (not reported)", report.blank_values),
        (
            "sin región (Lima sin provincia) / without region (Lima, no province)",
            report.rows_without_region,
        ),
        ("lugares abreviados / places shortened", report.places_shortened),
        ("grupos verificados / groups checked", report.groups_checked),
        ("grupos que no suman / inconsistent groups", report.inconsistent_groups),
    ):
        summary.add_row(label, str(count))
    console.print(summary)

    if report.inconsistencies:
        examples = Table(
            title="Totales que no suman (ejemplos) / totals that do not add up (examples)"
        )
        for column in ("grupo / group", "fila / row", "total", "suma / sum"):
            examples.add_column(column, justify="left" if column.startswith("grupo") else "right")
        for found in report.inconsistencies[:EXAMPLES]:
            examples.add_row(
                f"{found.group} ({found.total_code})",
                str(found.row),
                str(found.expected_total),
                str(found.sum_of_details),
            )
        console.print(examples)

    if report.rejected:
        rejected = Table(title="Filas rechazadas / rejected rows")
        for column in ("fila / row", "columna / column", "valor / value", "motivo / reason"):
            rejected.add_column(column)
        for row in report.rejected[:EXAMPLES]:
            rejected.add_row(
                str(row.row), row.column, row.value, f"{row.message_es}\n{row.message_en}"
            )
        console.print(rejected)

    if dry_run:
        console.print("Prueba: no se guardó nada. / Dry run: nothing was written.")
    return 0
