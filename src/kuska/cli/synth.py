"""``kuska synth``: write synthetic agency submission files and a truth file (no real person in them)."""

from __future__ import annotations

import argparse
import time
from pathlib import Path

from django.utils.translation import gettext as _
from rich.table import Table

from kuska.cli.output import console
from kuska.cli.parser import translate
from kuska.i18n import gettext_noop

NEEDS_DATABASE = False  # it writes files only
HELP = gettext_noop(
    "Write synthetic submission files per agency, calibrated to the seed report's figures, and a truth file "
    "(--years 2018-2020 --seed N --out DIR)."
)

DEFAULT_SEED = 2021


def _scale(text: str) -> float:
    value = float(text)
    if value <= 0:
        raise argparse.ArgumentTypeError(translate(gettext_noop("the scale must be positive")))
    return value


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--years",
        default="2018-2020",
        metavar="Y1-Y2",
        help=gettext_noop("years to generate, e.g. 2018-2020 (default) or 2020"),
    )
    parser.add_argument(
        "--seed",
        type=int,
        default=DEFAULT_SEED,
        help=gettext_noop("random seed: the same seed writes the same files (default %(default)s)"),
    )
    parser.add_argument(
        "--out",
        type=Path,
        required=True,
        metavar="DIR",
        help=gettext_noop("folder to write the files to"),
    )
    parser.add_argument(
        "--scale",
        type=_scale,
        default=1.0,
        metavar="K",
        help=gettext_noop(
            "multiply the volumes by K, for benchmarks (the seed figures are exact only at 1)"
        ),
    )


def counts_table(counts: dict[str, dict[str, int]]) -> Table:
    table = Table(title=_("Files per agency"))
    table.add_column(_("agency"))
    table.add_column(_("file"))
    table.add_column(_("rows"), justify="right")
    for agency, by_type in counts.items():
        for record_type, rows in by_type.items():
            table.add_row(agency, f"{record_type}.csv", str(rows))
            agency = ""
    return table


def run(args: argparse.Namespace) -> int:
    from django.utils.translation import gettext as _

    # read once Django is set up: the generator reads its country from the profile (kuska.synth.country)
    from kuska.synth import CalibrationError, generate, parse_years, write_dataset

    try:
        years = parse_years(args.years)
    except ValueError as exc:
        console.print("[red]" + _("cannot read --years: {error}").format(error=exc) + "[/red]")
        return 2
    started = time.perf_counter()
    try:
        dataset = generate(years, seed=args.seed, scale=args.scale)
    except CalibrationError as exc:
        console.print("[red]" + _("Cannot calibrate:") + f"[/red] {exc}")
        return 1
    counts = write_dataset(dataset, args.out)
    elapsed = time.perf_counter() - started
    console.print(counts_table(counts))
    records, persons = len(dataset.truth), len(dataset.people.persons)
    console.print(
        _("{folder}: truth.csv — {records} person records, {persons} persons ({seconds} s)").format(
            folder=args.out, records=records, persons=persons, seconds=f"{elapsed:.1f}"
        )
    )
    for entry in dataset.unread_seeds:
        console.print("[yellow]" + _("Seed figure not generated:") + f"[/yellow] {entry}")
    if args.scale != 1:
        console.print(_("Scale other than 1: the figures do not match the report exactly."))
    agency = _("AGENCY")
    console.print(
        _("Import: {command}").format(
            command=f"kuska import {args.out}/<{agency}>/*.csv --agency <{agency}>"
        )
        + f"  ({', '.join(counts)})"
    )
    return 0
