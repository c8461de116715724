"""The ``kuska`` command. Each subcommand is a small module in this package, registered in :data:`COMMANDS`.

A subcommand module has ``HELP`` (one line), ``add_arguments(parser)`` and ``run(args) -> int``; it parses, calls
the domain and prints, nothing more. Before it runs, the database is checked (:func:`kuska.cli.init.database_ready`:
a database never initialised gets "run `kuska init`", not a traceback) unless the module says
``NEEDS_DATABASE = False``. ``HELP`` and the arguments' help texts are English msgids marked with
``gettext_noop``: the parser translates them when it shows them (:mod:`kuska.cli.parser`).

A command that reads records or figures takes ``--as EMAIL`` (:mod:`kuska.cli.actor`): the user it acts for, whose
permissions it checks; without it, the server's operator.
"""

from __future__ import annotations

import argparse
import logging
import os
import sys
from collections.abc import Sequence
from types import ModuleType

from kuska import __version__
from kuska.cli import (
    actor,
    alerts,
    audit,
    bench,
    demo,
    init,
    link,
    report,
    review,
    screening_form,
    serve,
    stats,
    submit,
    synth,
    template,
    token,
    user,
    worker,
)
from kuska.cli.parser import Parser, parse
from kuska.i18n import gettext_noop

COMMANDS: dict[str, ModuleType] = {
    "init": init,
    "import": submit,
    "demo": demo,
    "serve": serve,
    "worker": worker,
    "stats": stats,
    "template": template,
    "token": token,
    "synth": synth,
    "bench": bench,
    "report": report,
    "link": link,
    "review": review,
    "user": user,
    "audit": audit,
    "alerts": alerts,
    "screening-form": screening_form,
}


def build_parser(parser_class: type[Parser] = Parser) -> argparse.ArgumentParser:
    parser = parser_class(
        prog="kuska",
        description=gettext_noop("Kuska: harmonized anti-trafficking information system."),
    )
    parser.add_argument(
        "--version",
        action="version",
        version=f"kuska {__version__}",
        help=gettext_noop("show program's version number and exit"),
    )
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", required=True)
    for name, module in COMMANDS.items():
        command_parser = sub.add_parser(name, help=module.HELP, description=module.HELP)
        module.add_arguments(command_parser)
    return parser


def start_django() -> bool:
    """Django started, for the parser to speak the command's language; ``False`` when the settings are wrong (the
    command then says so, after parsing)."""
    from django.core.exceptions import ImproperlyConfigured

    try:
        setup_django()
    except ImproperlyConfigured:
        return False
    return True


def setup_django() -> None:
    import django

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "kuska.settings")
    django.setup()
    if not os.environ.get("KUSKA_LOG_LEVEL"):
        # the commands print their own summaries; the log repeats them only when asked to
        logging.getLogger("kuska").setLevel(logging.WARNING)


def main(argv: Sequence[str] | None = None) -> int:
    args = parse(build_parser, sys.argv[1:] if argv is None else argv, start_django)
    module = COMMANDS[args.command]
    prepare = getattr(module, "prepare", None)
    if prepare is not None:
        prepare(args)
    from django.core.exceptions import ImproperlyConfigured

    try:
        setup_django()
    except ImproperlyConfigured as exc:
        print(f"kuska: configuration error: {exc}", file=sys.stderr)
        return 2
    from django.utils import translation

    from kuska.i18n import cli_language

    with translation.override(cli_language(os.environ)):
        if getattr(module, "NEEDS_DATABASE", True) and not init.database_ready():
            return 1
        refused = actor.prepare(args)
        if refused is not None:
            return refused
        result: int = module.run(args)
    return result


if __name__ == "__main__":
    raise SystemExit(main())
