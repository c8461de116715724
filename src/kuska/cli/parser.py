"""The ``kuska`` argument parser, speaking the command's language.

Help texts in the command modules are English msgids marked with ``gettext_noop`` (``HELP``, every argument's
``help``, group titles): the parser is built before Django starts, because ``kuska demo`` and ``kuska bench`` must
point the settings at their own database first, so nothing can be translated while it is built. The texts are
translated when they are shown, by :class:`Formatter`.

argparse's own words ("usage:", "options", "the following arguments are required: …") are msgids of our catalogue
too (:data:`ARGPARSE_WORDS`): while the parser speaks, argparse's ``gettext`` is Django's.

Parsing therefore happens twice only when the parser has something to say: a silent parse first (no Django, no
output); when it would print help, the version or an error, Django is started, the command's language made active,
and a parser built again parses the same arguments and says it (:func:`parse`).
"""

from __future__ import annotations

import argparse
import os
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from typing import TYPE_CHECKING, Any, NoReturn

from django.utils.translation import ngettext_lazy

from kuska.i18n import gettext_noop

if TYPE_CHECKING:
    from _typeshed import SupportsWrite

# The words argparse says to a user (Python 3.11's list; tests/test_cli_language.py checks every message of the
# running Python's argparse is here or in PROGRAMMING_ERRORS).
ARGPARSE_WORDS = (
    gettext_noop("usage: "),
    gettext_noop("positional arguments"),
    gettext_noop("options"),
    gettext_noop("subcommands"),
    gettext_noop("show this help message and exit"),
    gettext_noop("show program's version number and exit"),
    gettext_noop("%(prog)s: error: %(message)s\n"),
    gettext_noop("argument %(argument_name)s: %(message)s"),
    gettext_noop("the following arguments are required: %s"),
    gettext_noop("one of the arguments %s is required"),
    gettext_noop("not allowed with argument %s"),
    gettext_noop("unrecognized arguments: %s"),
    gettext_noop("ambiguous option: %(option)s could match %(matches)s"),
    gettext_noop("invalid choice: %(value)r (choose from %(choices)s)"),
    gettext_noop("invalid %(type)s value: %(value)r"),
    gettext_noop("expected one argument"),
    gettext_noop("expected at most one argument"),
    gettext_noop("expected at least one argument"),
    gettext_noop("ignored explicit argument %r"),
    gettext_noop("unexpected option string: %s"),
    gettext_noop("can't open '%(filename)s': %(error)s"),
    gettext_noop("unknown parser %(parser_name)r (choices: %(choices)s)"),
    gettext_noop('argument "-" with mode %r'),
)
ARGPARSE_PLURALS = (
    ngettext_lazy("expected %s argument", "expected %s arguments", 1),
    ngettext_lazy("conflicting option string: %s", "conflicting option strings: %s", 1),
)
# argparse's messages for mistakes in building a parser: raised while Kuska's parser is built, never shown to a user.
PROGRAMMING_ERRORS = (
    ".__call__() not defined",
    "'required' is an invalid argument for positionals",
    "mutually exclusive arguments must be optional",
    "%r is not callable",
    "cannot merge actions - two groups are named %r",
    "invalid option string %(option)r: must start with a character %(prefix_chars)r",
    "dest= is required for options like %r",
    "invalid conflict_resolution value: %r",
    "cannot have multiple subparser arguments",
    "conflicting subparser: %s",
    "conflicting subparser alias: %s",
)


def translate(msgid: str) -> str:
    """A msgid in the active language once Django has started, else the msgid itself: for the parser's texts and
    the messages of its ``type=`` functions, which run in the silent parse too (mark the msgid with
    ``gettext_noop``)."""
    from django.apps import apps
    from django.utils.translation import gettext

    return gettext(msgid) if msgid and apps.ready else msgid


class Formatter(argparse.HelpFormatter):
    """Translates the help texts, descriptions and group titles when they are shown."""

    def start_section(self, heading: str | None) -> None:
        super().start_section(translate(heading) if heading else heading)

    def add_text(self, text: str | None) -> None:
        super().add_text(translate(text) if text else text)

    def _get_help_string(self, action: argparse.Action) -> str | None:
        return translate(action.help) if action.help else action.help


class _Spoke(Exception):  # noqa: N818 (not an error: the parser has something to say)
    """The silent parser had something to say."""


class Parser(argparse.ArgumentParser):
    """Kuska's parser: its subcommands' parsers are of the same class, and it translates as it formats."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("formatter_class", Formatter)
        super().__init__(*args, **kwargs)


class _SilentParser(Parser):
    """Says nothing: where argparse would print (help, version, an error), it raises :class:`_Spoke`."""

    def print_help(self, file: SupportsWrite[str] | None = None) -> None:
        raise _Spoke

    def print_usage(self, file: SupportsWrite[str] | None = None) -> None:
        raise _Spoke

    def _print_message(self, message: str, file: SupportsWrite[str] | None = None) -> None:
        raise _Spoke

    def exit(self, status: int = 0, message: str | None = None) -> NoReturn:
        raise _Spoke


@contextmanager
def argparse_in_catalogue() -> Iterator[None]:
    """While it lasts, argparse's own words come from Kuska's catalogues in the active language."""
    from django.utils.translation import gettext, ngettext

    module: Any = argparse
    saved = module._, module.ngettext
    module._, module.ngettext = gettext, ngettext
    try:
        yield
    finally:
        module._, module.ngettext = saved


def parse(
    build: Callable[[type[Parser]], argparse.ArgumentParser],
    argv: Sequence[str],
    start_django: Callable[[], bool],
) -> argparse.Namespace:
    """The arguments parsed by the parser ``build(parser_class)`` makes.

    When the parser has something to say, ``start_django()`` is called (it answers whether Django could start:
    without settings no language can be chosen, and argparse speaks English), and a second parser says it in the
    command's language; argparse then exits the process as usual (``SystemExit``: 0 after help, 2 after an error).
    """
    try:
        return build(_SilentParser).parse_args(argv)
    except _Spoke:
        pass
    if not start_django():
        return build(Parser).parse_args(argv)
    from django.utils import translation

    from kuska.i18n import cli_language

    with translation.override(cli_language(os.environ)), argparse_in_catalogue():
        return build(Parser).parse_args(argv)
