"""The screening questionnaires of the country profile (``screening/*.toml``), read as data: each question with its
id, its indicator, the dimension and strength of the indicator, and its text in Spanish and English.

>>> questionnaire("adults_labour").question("al01").strength
<Strength.STRONG: 'strong'>
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from enum import StrEnum
from functools import cache
from pathlib import Path
from typing import TypeVar

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from kuska.profiles import ProfileError, country_file, read_profile
from kuska.profiles.reader import MEANS_OF_CONTROL

E = TypeVar("E", bound=StrEnum)

FOLDER = "screening"
INDICATORS = "indicators.toml"  # the indicators' names, beside the questionnaires
# the languages a questionnaire file holds in full; others come from the translation catalogues
SOURCE_LANGUAGES = ("es", "en")


class Strength(StrEnum):
    STRONG = "strong"
    MEDIUM = "medium"
    WEAK = "weak"

    @property
    def label(self) -> Promise:
        return {
            Strength.STRONG: _("strong indicator"),
            Strength.MEDIUM: _("medium indicator"),
            Strength.WEAK: _("weak indicator"),
        }[self]


class Dimension(StrEnum):
    """The six dimensions of the ILO/EC operational indicators, in the publication's order."""

    DECEPTIVE_RECRUITMENT = "deceptive_recruitment"
    COERCIVE_RECRUITMENT = "coercive_recruitment"
    RECRUITMENT_ABUSE_OF_VULNERABILITY = "recruitment_abuse_of_vulnerability"
    EXPLOITATIVE_CONDITIONS = "exploitative_conditions"
    COERCION_AT_DESTINATION = "coercion_at_destination"
    DESTINATION_ABUSE_OF_VULNERABILITY = "destination_abuse_of_vulnerability"

    @property
    def label(self) -> Promise:
        return {
            Dimension.DECEPTIVE_RECRUITMENT: _("deceptive recruitment"),
            Dimension.COERCIVE_RECRUITMENT: _("coercive recruitment"),
            Dimension.RECRUITMENT_ABUSE_OF_VULNERABILITY: _(
                "recruitment by abuse of vulnerability"
            ),
            Dimension.EXPLOITATIVE_CONDITIONS: _("exploitative conditions"),
            Dimension.COERCION_AT_DESTINATION: _("coercion at destination"),
            Dimension.DESTINATION_ABUSE_OF_VULNERABILITY: _(
                "abuse of vulnerability at destination"
            ),
        }[self]


class Population(StrEnum):
    ADULT = "adult"
    CHILD = "child"


class QuestionnaireError(ValueError):
    """A questionnaire file is missing or holds a value that cannot be used; the message names file and question."""


@dataclass(frozen=True)
class Question:
    id: str
    indicator: str
    dimension: Dimension
    strength: Strength
    texts: dict[str, str]  # Spanish and English

    def text_in(self, language: str) -> str:
        """The question in Spanish or English (Spanish for any other language: a Quechua or Aymara text is a
        translation of the catalogues, :func:`kuska.screening.translations.question_text`)."""
        return self.texts.get(language) or self.texts["es"]


@dataclass(frozen=True)
class Questionnaire:
    id: str
    version: int
    population: Population
    exploitation: str
    titles: dict[str, str]
    questions: tuple[Question, ...]

    def question(self, question_id: str) -> Question:
        for question in self.questions:
            if question.id == question_id:
                return question
        raise KeyError(question_id)

    @property
    def question_ids(self) -> tuple[str, ...]:
        return tuple(question.id for question in self.questions)


def _enum(kind: type[E], value: object, where: str) -> E:
    try:
        return kind(str(value))
    except ValueError:
        known = ", ".join(member.value for member in kind)
        raise QuestionnaireError(f"{where}: {value!r} is not one of {known}") from None


def _texts(raw: dict[str, object], where: str) -> dict[str, str]:
    texts = {language: str(raw.get(language) or "").strip() for language in SOURCE_LANGUAGES}
    missing = [language for language, text in texts.items() if not text]
    if missing:
        raise QuestionnaireError(f"{where}: no text in {', '.join(missing)}")
    return texts


def read_questionnaire(path: Path) -> Questionnaire:
    """One questionnaire file, checked: known dimensions and strengths, unique question ids, Spanish and English
    for the title and every question."""
    raw = tomllib.loads(path.read_text(encoding="utf-8"))
    name = path.name
    questions: list[Question] = []
    seen: set[str] = set()
    for index, entry in enumerate(raw.get("question", []), start=1):
        question_id = str(entry.get("id") or "")
        where = f"{name}, question {index} ({question_id or 'no id'})"
        if not question_id or question_id in seen:
            raise QuestionnaireError(f"{where}: the id is empty or used twice")
        seen.add(question_id)
        questions.append(
            Question(
                question_id,
                str(entry.get("indicator") or question_id),
                _enum(Dimension, entry.get("dimension"), where),
                _enum(Strength, entry.get("strength"), where),
                _texts(entry, where),
            )
        )
    if not questions:
        raise QuestionnaireError(f"{name}: no questions")
    names = _indicator_names(path.parent / INDICATORS)
    unnamed = sorted({q.indicator for q in questions} - set(names))
    if unnamed:
        raise QuestionnaireError(f"{name}: indicators without a name in {INDICATORS}: {unnamed}")
    return Questionnaire(
        str(raw.get("id") or path.stem),
        int(raw.get("version", 1)),
        _enum(Population, raw.get("population"), name),
        str(raw.get("exploitation", "")),
        _texts(raw.get("title", {}), f"{name}, title"),
        tuple(questions),
    )


def folder(profile: str | None = None) -> Path:
    return country_file(FOLDER, profile)


@cache
def _questionnaires(path: Path) -> dict[str, Questionnaire]:
    found = {}
    for file in sorted(path.glob("*.toml")):
        if file.name == INDICATORS:
            continue
        read = read_questionnaire(file)
        found[read.id] = read
    return found


@cache
def _indicator_names(path: Path) -> dict[str, dict[str, str]]:
    raw = tomllib.loads(path.read_text(encoding="utf-8"))
    return {key: _texts(value, f"{path.name}, {key}") for key, value in raw.items()}


def indicator_name(indicator: str, language: str, profile: str | None = None) -> str:
    """An indicator's name in Spanish or English (Spanish for any other language); its id when unnamed."""
    names = _indicator_names(folder(profile) / INDICATORS).get(indicator, {})
    return names.get(language) or names.get("es") or indicator


@cache
def _indicator_means(path: Path) -> dict[str, str]:
    # the profile holding the screening folder is read, and by that checked: a code not in the list
    # means_of_control is a ProfileError naming the file and the indicator
    profile_folder = path.parent.parent
    try:
        read_profile(profile_folder.name, profile_folder)
    except ProfileError as exc:
        raise QuestionnaireError(str(exc)) from None
    raw = tomllib.loads(path.read_text(encoding="utf-8"))
    return {
        key: str(value[MEANS_OF_CONTROL])
        for key, value in raw.items()
        if isinstance(value, dict) and value.get(MEANS_OF_CONTROL)
    }


def means_of_control(indicator: str, profile: str | None = None) -> str:
    """The code of the list ``means_of_control`` an indicator corresponds to (``indicators.toml``), empty when it
    has none: what a hotline call's "indicators heard" gains when the caller's screening finds the indicator.

    >>> means_of_control("confiscation_of_documents"), means_of_control("hazardous_work")
    ('withholds_documents', '')
    """
    return _indicator_means(folder(profile) / INDICATORS).get(indicator, "")


def questionnaires(profile: str | None = None) -> dict[str, Questionnaire]:
    """The profile's questionnaires by id."""
    return _questionnaires(folder(profile))


def questionnaire(questionnaire_id: str, profile: str | None = None) -> Questionnaire:
    try:
        return questionnaires(profile)[questionnaire_id]
    except KeyError:
        raise QuestionnaireError(f"no screening questionnaire {questionnaire_id!r}") from None
