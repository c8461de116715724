"""``kuska screening-form``: write the printable screening forms (a PDF per questionnaire and language) and the
workbook their answers are transcribed into; and what ``kuska import FILE --format screening`` adds to its
summary: the forms counted by result."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from django.utils.translation import gettext as _
from rich.table import Table

from kuska.cli.output import console, unoffered_language
from kuska.i18n import gettext_noop

HELP = gettext_noop(
    "Write the printable screening forms (PDF, one per questionnaire and language) and the workbook their "
    "answers are transcribed into for `kuska import --format screening`."
)
TRANSCRIPTION = "transcripcion-formularios-{agency}.xlsx"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--questionnaire",
        metavar="ID,...",
        help=gettext_noop("questionnaires to write (default: every one)"),
    )
    parser.add_argument(
        "--lang",
        metavar="CODE,...",
        help=gettext_noop(
            "languages of the questions: es, en, qu, ay (default: every one); with --transcription, the "
            "language of the workbook: es or en (default es)"
        ),
    )
    parser.add_argument(
        "--out",
        type=Path,
        default=Path("."),
        metavar="DIR",
        help=gettext_noop("folder to write into (default: the current folder)"),
    )
    parser.add_argument(
        "--transcription",
        action="store_true",
        help=gettext_noop(
            "write the transcription workbook (Excel) instead of the forms; needs --agency"
        ),
    )
    parser.add_argument(
        "--agency",
        metavar="CODE",
        help=gettext_noop("the agency whose data officer transcribes the forms"),
    )


def _error(message: str) -> int:
    print(f"kuska screening-form: {message}", file=sys.stderr)
    return 1


def _chosen(text: str | None, known: list[str], what: str) -> list[str]:
    if not text:
        return known
    chosen = [item.strip() for item in text.split(",") if item.strip()]
    unknown = [item for item in chosen if item not in known]
    if unknown:
        raise ValueError(
            _("unknown {what}: {unknown} (known: {known})").format(
                what=what, unknown=", ".join(unknown), known=", ".join(known)
            )
        )
    return chosen


def run(args: argparse.Namespace) -> int:
    from kuska.i18n import whole_languages
    from kuska.pdf import PdfUnavailableError
    from kuska.registry.agencies import UnknownAgencyError
    from kuska.screening.paper import write_transcription
    from kuska.screening.printable import file_name, render_form
    from kuska.screening.questionnaires import questionnaires
    from kuska.screening.translations import LANGUAGES

    out: Path = args.out
    out.mkdir(parents=True, exist_ok=True)
    if args.transcription:
        if not args.agency:
            return _error(_("--agency CODE is required with --transcription"))
        lang = args.lang or "es"
        refused = unoffered_language(lang, whole_languages())
        if refused is not None:
            return _error(refused)
        path = out / TRANSCRIPTION.format(agency=args.agency.upper())
        try:
            write_transcription(path, args.agency, lang)
        except UnknownAgencyError as exc:
            return _error(_("unknown agency: {agency}").format(agency=exc.code))
        console.print(_("Transcription workbook written: {file}").format(file=path), soft_wrap=True)
        return 0
    try:
        ids = _chosen(args.questionnaire, list(questionnaires()), _("questionnaire"))
        languages = _chosen(args.lang, list(LANGUAGES), _("language"))
    except ValueError as exc:
        return _error(str(exc))
    for questionnaire_id in ids:
        for language in languages:
            path = out / file_name(questionnaire_id, language)
            try:
                path.write_bytes(render_form(questionnaire_id, language))
            except PdfUnavailableError as exc:
                return _error(str(exc))
            console.print(_("Form written: {file}").format(file=path), soft_wrap=True)
    return 0


def print_tally(paths: list[Path]) -> None:
    """The transcribed forms of every file counted by result, and those rejected: a line per count, a column per
    sheet (a workbook has a few sheets, the counts are many)."""
    from kuska.screening.paper import tally
    from kuska.screening.scoring import Result

    for path in paths:
        counts = tally(path)
        table = Table(title=_("Screening forms: {file}").format(file=path.name))
        table.add_column("")
        for counted in counts:
            table.add_column(counted.sheet, justify="right", no_wrap=True)
        table.add_row(_("forms"), *(str(c.forms) for c in counts))
        for result in Result:
            table.add_row(str(result.label), *(str(c.results[result]) for c in counts))
        table.add_row(_("rejected"), *(str(c.refused) for c in counts))
        console.print(table)
