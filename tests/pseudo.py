"""The pseudo-language: a catalogue made from the English msgids in which every translation is the msgid wrapped in
``⟦…⟧``. Text rendered under it shows at a glance what went through the catalogues: whatever is left once the
marked stretches are taken out did not, and must be a number, a code or a name from the country profile.

The catalogue is generated in the test run (Babel's message tools), never committed: it is always the catalogue
of the current msgids. See docs/translation.md.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from html.parser import HTMLParser
from pathlib import Path

from babel.messages.catalog import Catalog
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from django.conf import settings
from django.test import override_settings
from django.utils import translation

PSEUDO = "xx"
OPEN, CLOSE = "⟦", "⟧"
SPANISH_PO = Path(settings.LOCALE_PATHS[0]) / "es" / "LC_MESSAGES" / "django.po"

# What may stand outside a marked stretch: numbers and amounts, codes (upper-case letters, digits and
# separators: PE-LOR, PNP, A-12), identifiers (snake_case: victims_identified), years and ranges, percentages,
# punctuation and symbols.
_ALLOWED_TOKEN = re.compile(r"^[\W\d_]*$|^[A-Z0-9][A-Z0-9./_-]*$|^[a-z0-9]+(_[a-z0-9]+)+$")
_MARKED = re.compile(f"{OPEN}[^{OPEN}{CLOSE}]*{CLOSE}")


def mark(text: str) -> str:
    return f"{OPEN}{text}{CLOSE}"


def pseudo_catalogue(folder: Path) -> Path:
    """Writes ``folder/xx/LC_MESSAGES/django.mo`` from the msgids of the Spanish catalogue; returns ``folder``."""
    with SPANISH_PO.open("rb") as source:
        spanish = read_po(source)
    pseudo = Catalog(locale=None, domain="django", charset="utf-8")
    for message in spanish:
        if not message.id:
            continue
        if isinstance(message.id, tuple | list):
            string: str | tuple[str, ...] = tuple(mark(i) for i in message.id)
        else:
            string = mark(message.id)
        pseudo.add(message.id, string, context=message.context)
    target = folder / PSEUDO / "LC_MESSAGES"
    target.mkdir(parents=True, exist_ok=True)
    with (target / "django.mo").open("wb") as out:
        write_mo(out, pseudo)
    return folder


@contextmanager
def pseudo_language(folder: Path) -> Iterator[None]:
    """Offers the pseudo-language (its catalogue written into ``folder``) and makes it the active language. It
    writes numbers as the msgids' language, English, does (no CLDR data knows it)."""
    from kuska.reports.text import NUMBER_FORMATS, number_format

    pseudo_catalogue(folder)
    NUMBER_FORMATS[PSEUDO] = NUMBER_FORMATS["en"]
    try:
        with (
            override_settings(
                LOCALE_PATHS=[*settings.LOCALE_PATHS, str(folder)],
                LANGUAGES=[*settings.LANGUAGES, (PSEUDO, "Pseudo")],
            ),
            translation.override(PSEUDO),
        ):
            yield
    finally:
        del NUMBER_FORMATS[PSEUDO]
        number_format.cache_clear()


def unmarked(text: str, names: Iterable[str] = ()) -> list[str]:
    """The words of ``text`` that went through no catalogue and are not a number, a code or one of ``names``
    (reference data, translated through the country profile)."""
    previous = None
    while previous != text:
        previous, text = text, _MARKED.sub(" ", text)
    text = " ".join(text.split())
    for name in sorted({" ".join(n.split()) for n in names if n.strip()}, key=len, reverse=True):
        text = text.replace(name, " ")
    tokens = [token.strip("()[],.;:«»“”\"'") for token in text.split()]
    return [token for token in tokens if not _ALLOWED_TOKEN.match(token)]


_HIDDEN = ("style", "script", "metadata")


class _Text(HTMLParser):
    """The text a reader sees: text nodes outside ``<style>``, ``<script>`` and an SVG's ``<metadata>``, and the
    ``title``, ``alt`` and ``aria-label`` attributes."""

    def __init__(self) -> None:
        super().__init__()
        self.parts: list[str] = []
        self._skip = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in _HIDDEN:
            self._skip += 1
        for name, value in attrs:
            if name in ("title", "alt", "aria-label") and value:
                self.parts.append(value)

    def handle_endtag(self, tag: str) -> None:
        if tag in _HIDDEN:
            self._skip -= 1

    def handle_data(self, data: str) -> None:
        if not self._skip:
            self.parts.append(data)


def visible_text(html: str) -> str:
    parser = _Text()
    parser.feed(html)
    return " ".join(parser.parts)
