"""``kuska stats``: figures out of the registry.

The command has modes; each one reads its own options and leaves the others alone:

- ``--series NAME``: an aggregate series an agency published (e.g. ``mininter``), added up by ``--by``.

Output is a table, JSON (a list of objects) or CSV, so the same figures feed a person or a script.
"""

from __future__ import annotations

import argparse
import csv
import json
import sys
from collections.abc import Sequence
from typing import TYPE_CHECKING

from rich.table import Table

from kuska.cli.output import console

if TYPE_CHECKING:  # the CLI imports Django models only after django.setup()
    from kuska.stats.series import SeriesRow

HELP = "Compute figures: aggregate series (--series mininter --by year)."

FORMATS = ("table", "json", "csv")


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--by",
        type=_dimensions,
        metavar="DIM[,DIM...]",
        help="break the figures down by these dimensions (series: year, month, region, place, "
        "category, subcategory; default year)",
    )
    parser.add_argument(
        "--format", choices=FORMATS, default="table", help="output format (default table)"
    )
    series = parser.add_argument_group("aggregate series")
    series.add_argument(
        "--series", metavar="NAME", help="an aggregate series, e.g. mininter (imported figures)"
    )
    series.add_argument(
        "--subcategory",
        metavar="CODE",
        help="the series' code to add up (mininter default: EM_EF_TOTAL, victims)",
    )


def _dimensions(text: str) -> list[str]:
    return [name.strip() for name in text.split(",") if name.strip()]


def run(args: argparse.Namespace) -> int:
    if args.series:
        return run_series(args)
    console.print(
        "[red]Indique qué calcular / say what to compute:[/red] --series NAME (p. ej. / e.g. mininter)."
    )
    return 2


def run_series(args: argparse.Namespace) -> int:
    from kuska.stats.series import HEADLINE, SeriesError, series_by

    by: list[str] = args.by or ["year"]
    try:
        rows = series_by(args.series, by, subcategory=args.subcategory)
    except SeriesError as exc:
        console.print(f"[red]Error:[/red] {exc}")
        return 2
    if args.format == "json":
        sys.stdout.write(json.dumps(rows, ensure_ascii=False, indent=2) + "\n")
    elif args.format == "csv":
        _write_csv(rows, by)
    elif not rows:
        console.print(
            f"Sin datos de la serie {args.series} / no data in series {args.series} "
            "(importe el archivo / import the file)."
        )
    else:
        code = args.subcategory or ("" if "subcategory" in by else HEADLINE.get(args.series, ""))
        console.print(_table(f"Serie / series {args.series} {code}".strip(), rows))
    return 0


def _write_csv(rows: Sequence[SeriesRow], by: Sequence[str]) -> None:
    fields = list(rows[0]) if rows else [*by, "value", "rows", "not_reported"]
    writer = csv.DictWriter(sys.stdout, fieldnames=fields, lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)


def _table(title: str, rows: Sequence[SeriesRow]) -> Table:
    table = Table(title=title)
    for name in rows[0]:
        table.add_column(name, justify="left" if isinstance(rows[0][name], str) else "right")
    for row in rows:
        table.add_row(*("—" if value is None else str(value) for value in row.values()))
    return table
