"""A screening interview in progress: the questions shown in the language the screener chose — which may change at
any moment — and the answers, kept by question id only. Switching the language changes what is shown, never what
is kept.

>>> interview = Interview("children", "qu")
>>> interview.answer("ch12", "yes"); interview.switch("es"); interview.answer("ch01", "no")
>>> interview.answers
{'ch01': 'no', 'ch12': 'yes'}
"""

from __future__ import annotations

from dataclasses import dataclass

from kuska.screening.questionnaires import Question, questionnaire
from kuska.screening.scoring import Assessment, clean_answers, score
from kuska.screening.translations import LANGUAGES, Text, question_text, title_text


@dataclass(frozen=True)
class Shown:
    question: Question
    text: Text


class Interview:
    def __init__(self, questionnaire_id: str, language: str, profile: str | None = None) -> None:
        self.questionnaire = questionnaire(questionnaire_id, profile)
        self.profile = profile
        self._answers: dict[str, str] = {}
        self.language = ""
        self.switch(language)

    def switch(self, language: str) -> None:
        """Show the questions in another language from now on."""
        if language not in LANGUAGES:
            raise ValueError(f"screening questions are in {', '.join(LANGUAGES)}, not {language!r}")
        self.language = language

    @property
    def title(self) -> Text:
        return title_text(self.questionnaire.id, self.language, self.profile)

    def questions(self) -> list[Shown]:
        """Every question in the current language (a draft marked under review, a missing one in Spanish)."""
        return [
            Shown(q, question_text(self.questionnaire.id, q.id, self.language, self.profile))
            for q in self.questionnaire.questions
        ]

    def answer(self, question_id: str, value: str) -> None:
        self._answers.update(clean_answers(self.questionnaire, {question_id: value}))

    @property
    def answers(self) -> dict[str, str]:
        """The answers as stored: question id → yes, no or unknown, in the questionnaire's order."""
        return clean_answers(self.questionnaire, self._answers)

    def assessment(self) -> Assessment:
        return score(self.questionnaire, self._answers)
