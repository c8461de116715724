"""The screening and hotline pages' own words in Quechua (``qu``) and Aymara (``ay``): which strings they are, and
each language's true completeness and review status over them (docs/translation.md, "The pages' catalogues").

The pages' strings are the msgids of the gettext catalogue that the files of :data:`PAGE_SOURCES` use (the
``#:`` references ``makemessages`` writes), and the labels of the record columns their forms show
(:data:`PAGE_COLUMNS`). Spanish's catalogue, the complete one, says which they are; a Quechua or Aymara catalogue
(``locale/<code>/LC_MESSAGES/django.po``) translates them, each entry carrying its review status in a translator
comment, kept by ``makemessages`` and by the usual tools:

    # review: draft
    # review: reviewed by Name Surname on 2026-11-30

An entry translated without a valid status is a draft: a translation is never presented as final until a native
speaker, named, reviewed it on a date. Every other msgid stays untranslated there, and Django shows it in Spanish.

>>> review_of(["review: reviewed by Rosa Quispe on 2026-11-30"])
(<Review.REVIEWED: 'reviewed'>, 'Rosa Quispe', datetime.date(2026, 11, 30))
>>> review_of(["review: draft"])[0], review_of(["a comment"])
(<Review.DRAFT: 'draft'>, (None,))
"""

from __future__ import annotations

import datetime
import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from babel.messages.catalog import Catalog, Message
from babel.messages.pofile import read_po
from django.conf import settings
from django.utils.translation import gettext_lazy

from kuska.i18n import translated
from kuska.registry.records import RECORD_TYPES
from kuska.screening.translations import (
    CATALOGUE_LANGUAGES,
    LanguageStatus,
    Review,
)
from kuska.screening.translations import (
    LANGUAGES as SCREENING_LANGUAGES,
)

# The files whose msgids are the pages' strings, relative to the package (as the catalogues' references name them):
# the templates of the screening, hotline and offline pages, the questions partial, the language page and the base
# layout; the modules whose messages, labels and errors those pages show.
PAGE_SOURCES: tuple[str, ...] = (
    *(
        f"web/templates/web/{name}.html"
        for name in (
            "base",
            "screening_choose",
            "screening_new",
            "screening_result",
            "screenings",
            "screening_languages",
            "_questions",
            "_language_status",
            "offline",
            "call_new",
            "_call_screening",
            "calls",
        )
    ),
    "web/screenings.py",
    "web/calls.py",
    "web/menu.py",
    "web/interface.py",
    "screening/scoring.py",
    "screening/outcome.py",
    "screening/questionnaires.py",
    "screening/translations.py",
)
# The record columns whose labels the pages' forms show: every field of the call form, the person's fields of the
# screening form, the agency a person is referred to.
PAGE_COLUMNS: tuple[tuple[str, tuple[str, ...] | None], ...] = (
    ("hotline_calls", None),
    ("persons", ("sex", "nationality", "language", "identification_region")),
    ("referrals", ("to_agency",)),
)
REFERENCE_LANGUAGE = "es"  # the complete catalogue, which says which strings the pages have
STATUS = re.compile(
    r"review:\s*(?:(?P<draft>draft)|reviewed by (?P<by>\S.*?) on (?P<on>\d{4}-\d{2}-\d{2}))\s*"
)
NOTICE = gettext_lazy(
    "Translation under review: the text of this page is a draft that a native speaker has not yet reviewed."
)

Key = tuple[str | None, str]  # (msgctxt, msgid)


@dataclass(frozen=True)
class PageString:
    """An entry of a language's catalogue for the pages: its translation (empty: missing) and review status."""

    key: Key
    translation: str
    review: Review | None  # None: translated without a valid status comment (counted a draft)
    reviewed_by: str = ""
    reviewed_on: datetime.date | None = None

    @property
    def translated(self) -> bool:
        return bool(self.translation)


def review_of(comments: Iterable[str]) -> tuple[Review, str, datetime.date | None] | tuple[None]:
    """The review status a catalogue entry's translator comments give (the module docstring), or ``(None,)``."""
    for comment in comments:
        found = STATUS.fullmatch(comment.strip())
        if found is None:
            continue
        if found["draft"]:
            return Review.DRAFT, "", None
        try:
            day = datetime.date.fromisoformat(found["on"])
        except ValueError:
            continue
        return Review.REVIEWED, found["by"].strip(), day
    return (None,)


def catalogue_path(language: str, locale_dir: Path | None = None) -> Path:
    folder = locale_dir or Path(settings.LOCALE_PATHS[0])
    return folder / language / "LC_MESSAGES" / "django.po"


@cache
def _read(path: Path, modified: float) -> Catalog:
    with path.open("rb") as po:
        return read_po(po)


def read_catalogue(path: Path) -> Catalog:
    """A ``.po`` catalogue, read again only when the file changed."""
    return _read(path, path.stat().st_mtime)


def translation_of(message: Message) -> str:
    """An entry's translation (a plural's first form), or "" when it or any of its plural forms is empty."""
    value = message.string
    strings = [value] if isinstance(value, str) else list(value or ())
    return strings[0] if strings and all(strings) else ""


def _key(message: Message) -> Key:
    msgid = message.id if isinstance(message.id, str) else message.id[0]
    return (message.context, msgid)


def _column_labels() -> set[tuple[str, str]]:
    """The labels of :data:`PAGE_COLUMNS`, each as (English msgid, Spanish translation)."""
    found = set()
    for record_type, names in PAGE_COLUMNS:
        for column in RECORD_TYPES[record_type].columns:
            if names is None or column.name in names:
                found.add((column.label_in("en"), column.label_in("es")))
    return found


def page_keys(locale_dir: Path | None = None) -> frozenset[Key]:
    """The pages' strings (the module docstring), from the references of the reference catalogue."""
    path = catalogue_path(REFERENCE_LANGUAGE, locale_dir)
    return _page_keys(path, path.stat().st_mtime)


@cache
def _page_keys(path: Path, modified: float) -> frozenset[Key]:
    reference = _read(path, modified)
    labels = _column_labels()
    keys = set()
    for message in reference:
        if not message.id:
            continue
        used = any(path in PAGE_SOURCES for path, _line in message.locations)
        shown = isinstance(message.id, str) and (message.id, message.string) in labels
        if used or shown:
            keys.add(_key(message))
    return frozenset(keys)


def page_strings(language: str, locale_dir: Path | None = None) -> dict[Key, PageString]:
    """The pages' strings in a catalogue language: each with its translation (empty when missing or fuzzy, as the
    compiled catalogue leaves them out) and its review status."""
    if language not in CATALOGUE_LANGUAGES:
        raise ValueError(f"{language!r} has no catalogue of the pages under review")
    keys = page_keys(locale_dir)
    path = catalogue_path(language, locale_dir)
    entries = {_key(m): m for m in read_catalogue(path) if m.id} if path.is_file() else {}
    found = {}
    for key in keys:
        message = entries.get(key)
        if message is None or message.fuzzy:
            found[key] = PageString(key, "", None)
            continue
        text = translation_of(message)
        review = review_of(message.user_comments)
        if review[0] is None:
            found[key] = PageString(key, text, None)
        else:
            status, by, on = review
            found[key] = PageString(key, text, status, by, on)
    return found


def interface_status(language: str, locale_dir: Path | None = None) -> LanguageStatus:
    """A language's completeness over the pages' strings: how many it translates, how many of those a native
    speaker reviewed. Spanish (the complete catalogue) and English (the msgids) are the source: complete and
    reviewed."""
    if language not in CATALOGUE_LANGUAGES:
        total = len(page_keys(locale_dir))
        return LanguageStatus(language, total, total, total)
    strings = page_strings(language, locale_dir).values()
    done = [s for s in strings if s.translated]
    reviewed = sum(1 for s in done if s.review is Review.REVIEWED)
    return LanguageStatus(language, len(strings), len(done), reviewed)


def interfaces_status(locale_dir: Path | None = None) -> list[LanguageStatus]:
    """Every language of the screening pages with its completeness over the pages' strings."""
    return [interface_status(language, locale_dir) for language in SCREENING_LANGUAGES]


def under_review_notice(language: str) -> dict[str, str] | None:
    """The notice a page in the language shows while the pages' strings are not all reviewed: in the language and
    in Spanish (for a supervisor), or None (a source language, or every string reviewed). Without the ``.po``
    files (an installation that left them out) the review cannot be read: the notice is shown."""
    if language not in CATALOGUE_LANGUAGES:
        return None
    try:
        reviewed = not interface_status(language).under_review
    except OSError:
        reviewed = False
    if reviewed:
        return None
    return {
        "language": language,
        "text": translated(NOTICE, language),
        "spanish": translated(NOTICE, REFERENCE_LANGUAGE),
    }
