"""``kuska report``: write the annual report for a year, in Spanish or English, as HTML, PDF and XLSX.

For a user named by ``--as`` (:mod:`kuska.cli.actor`): ``reports.generate``, and for the internal report (without
``--public``, exact figures) ``figures.exact`` too; the ``report.generate`` events name the user.
"""

from __future__ import annotations

import argparse
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from django.utils.translation import gettext as _

from kuska.cli import actor
from kuska.cli.output import console, steps
from kuska.cli.parser import translate
from kuska.i18n import DECLARED, PARTIAL_CATALOGUES, gettext_noop, whole_languages

if TYPE_CHECKING:  # the CLI imports Django models only after django.setup()
    from kuska.reports import Figures

HELP = gettext_noop(
    "Write the annual report for a year (--year 2020 --lang es,en --format html,pdf,xlsx --out DIR); "
    "--public applies disclosure control."
)

# build_report refuses a declared language that has no catalogue yet; a catalogue of the screening pages only is
# not enough for a report
LANGUAGES = tuple(code for code in DECLARED if code not in PARTIAL_CATALOGUES)
FORMATS = ("html", "pdf", "xlsx")
DEMO_YEAR = 2020
DEMO_FOLDER = "reports"
GENERATE = "reports.generate"
EXACT = "figures.exact"


def _choices(allowed: tuple[str, ...]) -> Callable[[str], list[str]]:
    def parse(text: str) -> list[str]:
        chosen = [part.strip() for part in text.split(",") if part.strip()]
        wrong = [c for c in chosen if c not in allowed]
        if wrong or not chosen:
            use = translate(gettext_noop("{wrong}: use {allowed} (separated by commas)"))
            raise argparse.ArgumentTypeError(
                use.format(wrong=", ".join(wrong) or repr(text), allowed=", ".join(allowed))
            )
        return list(dict.fromkeys(chosen))

    return parse


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--year", type=int, required=True, metavar="Y", help=gettext_noop("the calendar year")
    )
    parser.add_argument(
        "--lang",
        type=_choices(LANGUAGES),
        default=["es"],
        metavar="es|en",
        help=gettext_noop("language(s) of the report, e.g. es or es,en (default es)"),
    )
    parser.add_argument(
        "--format",
        type=_choices(FORMATS),
        default=list(FORMATS),
        metavar="html,pdf,xlsx",
        help=gettext_noop("formats to write, separated by commas (default: all three)"),
    )
    parser.add_argument(
        "--public",
        action="store_true",
        help=gettext_noop(
            "published version: counts of 1 to 4 withheld, and the figures that would give them away "
            "(default: the internal report, exact figures, marked confidential on every page)"
        ),
    )
    parser.add_argument(
        "--out",
        type=Path,
        default=Path("."),
        metavar="DIR",
        help=gettext_noop("folder to write to (default .)"),
    )
    actor.add_argument(parser)


def _record_report(args: argparse.Namespace, lang: str, paths: list[Path]) -> None:
    """The ``report.generate`` event: which report (year, language, public or internal) and the files written."""
    from kuska.access import record_report

    author = actor.actor_of(args)
    names = [path.name for path in paths]
    record_report(author.user, args.year, lang, args.public, names, source=author.source)


def run(args: argparse.Namespace) -> int:
    from django.db import DatabaseError

    from kuska.reports import Figures
    from kuska.reports.pdf import PdfUnavailableError
    from kuska.stats.catalogue import CatalogueError

    refused = actor.refuse(args, GENERATE, *([] if args.public else [EXACT]))
    if refused is not None:
        return refused
    try:
        figures = Figures(args.year, public=args.public)
        for lang in args.lang:
            started = time.perf_counter()
            paths = _write(figures, lang, args.format, args.out)
            for path in paths:
                console.print(_("Report written: {file}").format(file=path), soft_wrap=True)
            console.print(f"  ({lang}: {time.perf_counter() - started:.1f} s)")
            _record_report(args, lang, paths)
    except (CatalogueError, DatabaseError) as exc:
        print(
            f"kuska report: {exc}\n  " + _("(has `kuska init` been run?)"),
            file=sys.stderr,
        )
        return 1
    except PdfUnavailableError as exc:
        print(f"kuska report: PDF: {exc}", file=sys.stderr)
        return 1
    return 0


def _write(figures: Figures, lang: str, formats: list[str], out: Path) -> list[Path]:
    """The report in one language, its progress shown in steps on a terminal: the figures and text, then the HTML
    and PDF (the PDF is printed from the HTML), then the workbook."""
    from kuska.reports import build_report, format_groups, write_formats

    written: list[Path] = []
    with steps(console) as step:
        step(_("report ({lang})").format(lang=lang), _("figures and text"))
        report = build_report(figures, lang)
        for group in format_groups(formats):
            step(", ".join(group), _("writing"))
            written += write_formats(report, group, out)
    return written


def write_demo_reports(folder: Path, year: int = DEMO_YEAR) -> list[Path]:
    """``make demo``: the internal report for ``year`` in Spanish and English, in every format, under ``folder``.

    Without WeasyPrint's system libraries the demo still writes the HTML and the XLSX, and says how to get the PDF.
    """
    from kuska.reports import Figures, write_report
    from kuska.reports.pdf import PdfUnavailableError

    figures = Figures(year)
    written: list[Path] = []
    formats = list(FORMATS)
    for lang in whole_languages():
        started = time.perf_counter()
        try:
            paths = write_report(figures, lang, formats, folder)
        except PdfUnavailableError as exc:
            no_pdf = _("No PDF:")
            console.print(f"[yellow]{no_pdf} {exc}[/yellow]", soft_wrap=True)
            formats.remove("pdf")
            paths = write_report(figures, lang, formats, folder)
        written += paths
        console.print(
            _("{year} report ({lang}, {seconds} s): {files}").format(
                year=year,
                lang=lang,
                seconds=f"{time.perf_counter() - started:.1f}",
                files=", ".join(str(p) for p in paths),
            ),
            soft_wrap=True,
        )
    return written
