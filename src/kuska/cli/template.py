"""``kuska template``: write the Excel template an agency fills in to submit its records."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from kuska.cli.output import console

HELP = (
    "Write the Excel template an agency fills in to submit its records (one sheet per record type)."
)


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--agency",
        metavar="CODE",
        help="code of the agency (any case, or an alias of the profile; required)",
    )
    parser.add_argument(
        "--out", metavar="FILE.xlsx", help="file to write (default: plantilla-CODE.xlsx)"
    )


def _error(message: str) -> int:
    print(f"kuska template: {message}", file=sys.stderr)
    return 1


def run(args: argparse.Namespace) -> int:
    from django.db import DatabaseError

    from kuska.intake.template import write_template
    from kuska.registry.agencies import UnknownAgencyError

    if not args.agency:
        return _error("falta --agency CODE / --agency CODE is required")
    out = Path(args.out or f"plantilla-{args.agency}.xlsx")
    if out.suffix.lower() != ".xlsx":
        return _error(f"{out}: el archivo debe terminar en .xlsx / the file must end in .xlsx")
    try:
        write_template(out, args.agency)
    except UnknownAgencyError as exc:
        known = ", ".join(exc.suggestions) or "—"
        return _error(
            f"entidad desconocida / unknown agency: {exc.code}\n"
            f"  códigos válidos, por ejemplo / valid codes, for example: {known}\n"
            "  (¿se ejecutó `kuska init`? / has `kuska init` been run?)"
        )
    except DatabaseError as exc:
        return _error(
            f"no se pudo leer la base de datos / could not read the database: {exc}\n"
            "  (¿se ejecutó `kuska init`? / has `kuska init` been run?)"
        )
    console.print(f"Plantilla escrita / template written: {out}", soft_wrap=True)
    return 0
