"""The questionnaires in Quechua (``qu``) and Aymara (``ay``): translation catalogues in the profile
(``screening/translations/qu.toml``, ``ay.toml``) whose every string carries its review status — a draft, or reviewed
by a native speaker (by whom, when). Spanish and English are in the questionnaires themselves, complete and final.

:func:`question_text` gives a question in a language, marked when it is a draft (a page shows "translation under
review") or missing (shown in Spanish); :func:`language_status` gives each language's true completeness.
"""

from __future__ import annotations

import datetime
import tomllib
from dataclasses import dataclass
from enum import StrEnum
from functools import cache
from pathlib import Path

from django.utils.translation import gettext_lazy

from kuska.screening.questionnaires import (
    SOURCE_LANGUAGES,
    QuestionnaireError,
    folder,
    questionnaires,
)

CATALOGUE_LANGUAGES = ("qu", "ay")
LANGUAGES = (*SOURCE_LANGUAGES, *CATALOGUE_LANGUAGES)
FALLBACK = "es"
# each language of the questions by its own name, then the reader's word for it
ENDONYMS = {"es": "Español", "en": "English", "qu": "Runasimi", "ay": "Aymar aru"}
LANGUAGE_NAMES = {
    "es": gettext_lazy("Spanish"),
    "en": gettext_lazy("English"),
    "qu": gettext_lazy("Southern Quechua"),
    "ay": gettext_lazy("Aymara"),
}


class Review(StrEnum):
    DRAFT = "draft"
    REVIEWED = "reviewed"  # by a native speaker, named, on a date


@dataclass(frozen=True)
class Entry:
    key: str
    source: str  # the Spanish text it translates
    text: str
    review: Review
    reviewed_by: str = ""
    reviewed_on: datetime.date | None = None


@dataclass(frozen=True)
class Text:
    """A question or title as shown: its text, the language it is in, and whether that is a final text, a draft
    under review, or the Spanish shown because the language has no current translation."""

    text: str
    language: str
    review: Review
    missing: bool = False

    @property
    def under_review(self) -> bool:
        return self.review is Review.DRAFT


@dataclass(frozen=True)
class LanguageStatus:
    """A language's completeness over every title and question of the questionnaires."""

    language: str
    total: int
    translated: int
    reviewed: int

    @property
    def drafts(self) -> int:
        return self.translated - self.reviewed

    @property
    def percent_translated(self) -> int:
        return self.translated * 100 // self.total if self.total else 0

    @property
    def percent_reviewed(self) -> int:
        return self.reviewed * 100 // self.total if self.total else 0

    @property
    def complete(self) -> bool:
        return self.translated == self.total

    @property
    def under_review(self) -> bool:
        """Not every string is reviewed yet: the language is not to be presented as final."""
        return self.reviewed < self.total


def _entry(raw: dict[str, object], where: str) -> Entry:
    key, text, source = (str(raw.get(name) or "").strip() for name in ("key", "text", "es"))
    if not key or not text or not source:
        raise QuestionnaireError(f"{where}: an entry needs key, es and text")
    review = Review(str(raw.get("status") or Review.DRAFT))
    reviewed_by = str(raw.get("reviewed_by") or "").strip()
    reviewed_on = raw.get("reviewed_on")
    if review is Review.REVIEWED and not (reviewed_by and isinstance(reviewed_on, datetime.date)):
        raise QuestionnaireError(f"{where}: {key} is reviewed without reviewed_by and reviewed_on")
    return Entry(
        key,
        source,
        text,
        review,
        reviewed_by,
        reviewed_on if isinstance(reviewed_on, datetime.date) else None,
    )


@cache
def _catalogue(path: Path) -> dict[str, Entry]:
    if not path.is_file():
        return {}
    raw = tomllib.loads(path.read_text(encoding="utf-8"))
    entries = [_entry(item, path.name) for item in raw.get("string", [])]
    return {entry.key: entry for entry in entries}


def catalogue(language: str, profile: str | None = None) -> dict[str, Entry]:
    """The catalogue of a language (key ``questionnaire.question`` or ``questionnaire.title`` → entry)."""
    if language not in CATALOGUE_LANGUAGES:
        raise QuestionnaireError(f"{language!r} has no translation catalogue")
    return _catalogue(folder(profile) / "translations" / f"{language}.toml")


def _sources(profile: str | None) -> dict[str, dict[str, str]]:
    """Every translatable string of the questionnaires: key → its texts in Spanish and English."""
    found: dict[str, dict[str, str]] = {}
    for questionnaire in questionnaires(profile).values():
        found[f"{questionnaire.id}.title"] = questionnaire.titles
        for question in questionnaire.questions:
            found[f"{questionnaire.id}.{question.id}"] = question.texts
    return found


def _text(key: str, language: str, profile: str | None) -> Text:
    sources = _sources(profile)
    if key not in sources:
        raise QuestionnaireError(f"no screening text {key!r}")
    if language in SOURCE_LANGUAGES:
        return Text(sources[key][language], language, Review.REVIEWED)
    entry = catalogue(language, profile).get(key)
    if entry is None or entry.source != sources[key][FALLBACK]:
        return Text(sources[key][FALLBACK], FALLBACK, Review.REVIEWED, missing=True)
    return Text(entry.text, language, entry.review)


def question_text(
    questionnaire_id: str, question_id: str, language: str, profile: str | None = None
) -> Text:
    """A question in the language: final in Spanish and English; in Quechua or Aymara the catalogue's text (a
    draft is marked under review), or the Spanish when there is no current translation (marked missing)."""
    return _text(f"{questionnaire_id}.{question_id}", language, profile)


def title_text(questionnaire_id: str, language: str, profile: str | None = None) -> Text:
    return _text(f"{questionnaire_id}.title", language, profile)


def language_status(language: str, profile: str | None = None) -> LanguageStatus:
    """The language's completeness: how many of the questionnaires' strings it has a current translation of, and
    how many of those a native speaker reviewed. Spanish and English are the source: complete and reviewed."""
    sources = _sources(profile)
    total = len(sources)
    if language in SOURCE_LANGUAGES:
        return LanguageStatus(language, total, total, total)
    entries = catalogue(language, profile)
    current = [
        entry
        for key, texts in sources.items()
        if (entry := entries.get(key)) is not None and entry.source == texts[FALLBACK]
    ]
    reviewed = sum(1 for entry in current if entry.review is Review.REVIEWED)
    return LanguageStatus(language, total, len(current), reviewed)


def languages_status(profile: str | None = None) -> list[LanguageStatus]:
    """Every language of the questionnaires with its completeness and review status."""
    return [language_status(language, profile) for language in LANGUAGES]
