"""A questionnaire as a printable form (A4 PDF), for places with no device at all: filled in by hand, then
transcribed and imported (:mod:`kuska.screening.paper`).

The form holds the questionnaire's title, id and version, the language of its questions — with the "translation
under review" mark on every draft and on the form's head when the language is not wholly reviewed, and "no
translation yet: shown in Spanish" on a question without a current translation — a box for the form's id, the
screener's, agency's and date's fields, the person's fields as on the screening page (no name, birth date or
document), each question with its answer boxes (each box named with the answer code the transcription takes:
``yes``, ``no``, ``unknown``), the consent to a referral, and short instructions.

The form's own words (headings, instructions) are in the language of the questions when the interface speaks it
(Spanish, English), and in Spanish otherwise: the screener reads them, the questions are read to the person.

>>> # pdf = render_form("adults_labour", "qu")   # bytes of an A4 PDF; needs WeasyPrint's system libraries
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.translation import gettext_lazy as _

from kuska.i18n import whole_languages
from kuska.pdf import html_to_pdf
from kuska.registry.choices import choices
from kuska.registry.records import RECORD_TYPES
from kuska.screening.questionnaires import Question, questionnaire
from kuska.screening.scoring import Answer
from kuska.screening.translations import (
    ENDONYMS,
    LANGUAGE_NAMES,
    LANGUAGES,
    LanguageStatus,
    Text,
    language_status,
    question_text,
    title_text,
)


class FormLanguageError(ValueError):
    """A language the questionnaires are not offered in."""


@dataclass(frozen=True)
class PrintedQuestion:
    number: int
    question: Question
    text: Text


def form_words_language(language: str) -> str:
    """The language of the form's own words: the questions' language when its catalogue translates the whole
    interface, else the default language (Spanish): the Quechua and Aymara catalogues have the screening pages'
    words only, not the form's."""
    return language if language in whole_languages() else settings.LANGUAGE_CODE


def form_context(questionnaire_id: str, language: str) -> dict[str, Any]:
    """What the form shows (raises :class:`~kuska.screening.questionnaires.QuestionnaireError` for an unknown
    questionnaire, :class:`FormLanguageError` for an unknown language)."""
    if language not in LANGUAGES:
        raise FormLanguageError(f"screening forms are in {', '.join(LANGUAGES)}, not {language!r}")
    asked = questionnaire(questionnaire_id)
    words = form_words_language(language)
    printed = [
        PrintedQuestion(number, question, question_text(asked.id, question.id, language))
        for number, question in enumerate(asked.questions, start=1)
    ]
    status: LanguageStatus = language_status(language)
    with translation.override(words):
        persons = {column.name: column for column in RECORD_TYPES["persons"].columns}
        sexes = choices(persons["sex"], words) or []
        return {
            "questionnaire": asked,
            "title": title_text(asked.id, language),
            "language": language,
            "words": words,
            "endonym": ENDONYMS[language],
            "language_name": str(LANGUAGE_NAMES[language]),
            "status": status,
            "drafts": any(q.text.under_review for q in printed),
            "missing": sum(1 for q in printed if q.text.missing),
            "questions": printed,
            "answers": [(answer.value, str(answer.label)) for answer in Answer],
            "sexes": sexes,
            "labels": {
                name: persons[name].label_in(words)
                for name in ("sex", "nationality", "language", "identification_region")
            },
            "consent": [("yes", str(_("Yes"))), ("no", str(_("No")))],
        }


def form_html(questionnaire_id: str, language: str) -> str:
    """The form as an HTML document (what the PDF is rendered from)."""
    context = form_context(questionnaire_id, language)
    with translation.override(context["words"]):
        return render_to_string("screening/paper_form.html", context)


def render_form(questionnaire_id: str, language: str) -> bytes:
    """The PDF bytes of the form (A4; the fonts are the machine's own, nothing is fetched). Raises
    :class:`kuska.pdf.PdfUnavailableError` when WeasyPrint's system libraries are missing."""
    return html_to_pdf(form_html(questionnaire_id, language))


def file_name(questionnaire_id: str, language: str) -> str:
    """The file name of a form: ``adults_labour-qu.pdf``."""
    return f"{questionnaire_id}-{language}.pdf"
