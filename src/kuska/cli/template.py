"""``kuska template``: write the Excel template an agency fills in to submit its records."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from django.utils.translation import gettext as _

from kuska.cli.output import console, unoffered_language
from kuska.i18n import gettext_noop

HELP = gettext_noop(
    "Write the Excel template an agency fills in to submit its records (one sheet per record type)."
)


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--agency",
        metavar="CODE",
        help=gettext_noop("code of the agency (any case, or an alias of the profile; required)"),
    )
    parser.add_argument(
        "--out",
        metavar="FILE.xlsx",
        help=gettext_noop("file to write (default: plantilla-CODE.xlsx)"),
    )
    parser.add_argument(
        "--lang",
        default="es",
        metavar="es|en",
        help=gettext_noop("language of the template's texts and labels (default es)"),
    )


def _error(message: str) -> int:
    print(f"kuska template: {message}", file=sys.stderr)
    return 1


def run(args: argparse.Namespace) -> int:
    from django.db import DatabaseError

    from kuska.i18n import whole_languages
    from kuska.intake.template import write_template
    from kuska.registry.agencies import UnknownAgencyError

    if not args.agency:
        return _error(_("--agency CODE is required"))
    refused = unoffered_language(args.lang, whole_languages())
    if refused is not None:
        return _error(refused)
    out = Path(args.out or f"plantilla-{args.agency}.xlsx")
    if out.suffix.lower() != ".xlsx":
        return _error(_("{file}: the file must end in .xlsx").format(file=out))
    try:
        write_template(out, args.agency, args.lang)
    except UnknownAgencyError as exc:
        known = ", ".join(exc.suggestions) or "—"
        return _error(
            _("unknown agency: {agency}").format(agency=exc.code)
            + "\n  "
            + _("valid codes, for example: {known}").format(known=known)
            + "\n  "
            + _("(has `kuska init` been run?)")
        )
    except DatabaseError as exc:
        return _error(
            _("could not read the database: {error}").format(error=exc)
            + "\n  "
            + _("(has `kuska init` been run?)")
        )
    console.print(_("Template written: {file}").format(file=out), soft_wrap=True)
    return 0
