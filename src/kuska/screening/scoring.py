"""Scoring that explains itself: a screening's result, by the combination rule of the ILO/EC operational
indicators of trafficking (2009) as documented in ``docs/screening.md``, with the indicators found and the
dimensions they make present. Never a bare number.

A dimension is present when its indicators found are at least: two strong; or one strong and one medium or weak;
or three medium; or two medium and one weak. Weak indicators alone never make a dimension present.

* an adult is a **likely victim** when a recruitment dimension (deceptive, coercive or by abuse of vulnerability),
  exploitative conditions, and a dimension at destination (coercion or abuse of vulnerability) are all present;
* a child is a **likely victim** when a recruitment dimension and exploitative conditions are present (a child's
  consent is irrelevant: no means are needed);
* otherwise, a person with at least one indicator found is a **possible victim** (Kuska's own category: a full
  interview is due); with none, **no indicators found**.

>>> from kuska.screening.questionnaires import questionnaire
>>> score(questionnaire("adults_labour"), {"al01": "yes", "al11": "yes"}).result
<Result.POSSIBLE_VICTIM: 'possible_victim'>
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from enum import StrEnum

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _
from django.utils.translation import override

from kuska.screening.questionnaires import (
    Dimension,
    Population,
    Questionnaire,
    Strength,
    indicator_name,
)


class Answer(StrEnum):
    """What the person answered; stored as is, whatever the language of the question."""

    YES = "yes"
    NO = "no"
    UNKNOWN = "unknown"  # not asked, not known, or the person preferred not to answer

    @property
    def label(self) -> Promise:
        return {
            Answer.YES: _("Yes"),
            Answer.NO: _("No"),
            Answer.UNKNOWN: _("Not asked or not known"),
        }[self]


class Result(StrEnum):
    LIKELY_VICTIM = "likely_victim"
    POSSIBLE_VICTIM = "possible_victim"
    NO_INDICATORS = "no_indicators"

    @property
    def label(self) -> Promise:
        return {
            Result.LIKELY_VICTIM: _("likely victim"),
            Result.POSSIBLE_VICTIM: _("possible victim"),
            Result.NO_INDICATORS: _("no indicators found"),
        }[self]


RECRUITMENT = (
    Dimension.DECEPTIVE_RECRUITMENT,
    Dimension.COERCIVE_RECRUITMENT,
    Dimension.RECRUITMENT_ABUSE_OF_VULNERABILITY,
)
EXPLOITATION = (Dimension.EXPLOITATIVE_CONDITIONS,)
DESTINATION = (Dimension.COERCION_AT_DESTINATION, Dimension.DESTINATION_ABUSE_OF_VULNERABILITY)


class AnswerError(ValueError):
    """An answer to a question the questionnaire does not have, or a value that is not yes, no or unknown."""


@dataclass(frozen=True)
class IndicatorFound:
    question_id: str
    indicator: str
    strength: Strength


@dataclass(frozen=True)
class DimensionFinding:
    dimension: Dimension
    indicators: tuple[IndicatorFound, ...]

    def count(self, strength: Strength) -> int:
        return sum(1 for found in self.indicators if found.strength is strength)

    @property
    def present(self) -> bool:
        """By the rule: 2 strong; 1 strong + 1 medium or weak; 3 medium; 2 medium + 1 weak."""
        strong, medium, weak = (self.count(s) for s in Strength)
        return (
            strong >= 2
            or (strong >= 1 and medium + weak >= 1)
            or medium >= 3
            or (medium >= 2 and weak >= 1)
        )


@dataclass(frozen=True)
class Assessment:
    """A screening's result and what led to it: every dimension with the indicators found in it, and which of
    the rule's elements (recruitment, exploitation, destination) are met."""

    questionnaire: str
    version: int
    population: Population
    result: Result
    dimensions: tuple[DimensionFinding, ...]
    elements: dict[str, bool]

    @property
    def indicators(self) -> tuple[IndicatorFound, ...]:
        return tuple(found for finding in self.dimensions for found in finding.indicators)

    @property
    def present(self) -> tuple[Dimension, ...]:
        return tuple(finding.dimension for finding in self.dimensions if finding.present)

    def explanation(self, language: str) -> list[str]:
        """The result and its reasons as sentences in the language: the result, each dimension with the indicators
        found in it and whether it is present, and the rule's elements met or missing."""
        with override(language):
            lines = [str(_("Result: %(result)s.") % {"result": self.result.label})]
            for finding in self.dimensions:
                if not finding.indicators:
                    continue
                named = ", ".join(
                    f"{indicator_name(found.indicator, language)} ({found.strength.label})"
                    for found in finding.indicators
                )
                template = (
                    _("%(dimension)s: present, by %(indicators)s.")
                    if finding.present
                    else _("%(dimension)s: not present, only %(indicators)s.")
                )
                lines.append(
                    str(template % {"dimension": finding.dimension.label, "indicators": named})
                )
            for element, met in self.elements.items():
                name = ELEMENT_LABELS[element]
                lines.append(
                    str(
                        (
                            _("Element met: %(element)s.")
                            if met
                            else _("Element missing: %(element)s.")
                        )
                        % {"element": name}
                    )
                )
            return lines


ELEMENT_LABELS: dict[str, Promise] = {
    "recruitment": _("recruitment (deceptive, coercive or by abuse of vulnerability)"),
    "exploitation": _("exploitative conditions"),
    "destination": _("coercion or abuse of vulnerability at destination"),
}


def clean_answers(questionnaire: Questionnaire, answers: Mapping[str, str]) -> dict[str, str]:
    """The answers as stored: question id → ``yes``, ``no`` or ``unknown``, in the questionnaire's order; an
    unknown question or value raises :class:`AnswerError`."""
    known = set(questionnaire.question_ids)
    for question_id, value in answers.items():
        if question_id not in known:
            raise AnswerError(f"{questionnaire.id} has no question {question_id!r}")
        if value not in {answer.value for answer in Answer}:
            raise AnswerError(f"{question_id}: {value!r} is not yes, no or unknown")
    return {qid: str(answers[qid]) for qid in questionnaire.question_ids if qid in answers}


def score(questionnaire: Questionnaire, answers: Mapping[str, str]) -> Assessment:
    """The assessment of the answers (question id → yes/no/unknown) by the documented rule."""
    stored = clean_answers(questionnaire, answers)
    findings = []
    for dimension in Dimension:
        found = tuple(
            IndicatorFound(question.id, question.indicator, question.strength)
            for question in questionnaire.questions
            if question.dimension is dimension and stored.get(question.id) == Answer.YES
        )
        findings.append(DimensionFinding(dimension, found))
    present = {finding.dimension for finding in findings if finding.present}
    elements = {
        "recruitment": bool(present.intersection(RECRUITMENT)),
        "exploitation": bool(present.intersection(EXPLOITATION)),
    }
    if questionnaire.population is Population.ADULT:
        elements["destination"] = bool(present.intersection(DESTINATION))
    if all(elements.values()):
        result = Result.LIKELY_VICTIM
    elif any(finding.indicators for finding in findings):
        result = Result.POSSIBLE_VICTIM
    else:
        result = Result.NO_INDICATORS
    return Assessment(
        questionnaire.id,
        questionnaire.version,
        questionnaire.population,
        result,
        tuple(findings),
        elements,
    )
