"""The screening pages: a screening interview (``screenings.create``) in the language the screener chooses, which
may change at any moment without losing an answer, and its result explained; the screenings the user recorded
(``records.view_created``); and each language's completeness and review status (``screenings.create``).

The page keeps the interview in the form itself: every answer travels by question id in each request, so switching
the language of the questions re-shows the same answers in another language. Sent, the screening is scored and
kept by :func:`kuska.screening.outcome.record_screening` (a likely victim's records stored through intake).
"""

from __future__ import annotations

from dataclasses import dataclass

from django.http import Http404, HttpRequest, HttpResponse, HttpResponseBase
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from kuska.access import (
    AccessDeniedError,
    NotInScopeError,
    holds,
    pseudonym,
    screening_agencies,
)
from kuska.audit.trail import request_source
from kuska.i18n import active_language, localized
from kuska.pdf import PdfUnavailableError
from kuska.registry.choices import choices
from kuska.registry.records import RECORD_TYPES
from kuska.screening.interview import Interview, Shown
from kuska.screening.outcome import (
    Person,
    ScreeningError,
    assessment_of,
    record_screening,
    referred_to,
    screening_of,
    screenings_of,
)
from kuska.screening.printable import file_name, render_form
from kuska.screening.questionnaires import indicator_name, questionnaires
from kuska.screening.scoring import Answer, AnswerError, Result
from kuska.screening.translations import (
    ENDONYMS,
    LANGUAGE_NAMES,
    LANGUAGES,
    LanguageStatus,
    languages_status,
    title_text,
)
from kuska.web.interface import interfaces_status
from kuska.web.offline import (
    CLIENT_ID,
    ClientIdError,
    accepted,
    client_id,
    offline_context,
    refused,
)
from kuska.web.pages import _page_number, requires

PERSON_FIELDS = ("sex", "nationality", "language", "identification_region")
PREFIX = "answer-"


@dataclass(frozen=True)
class Asked:
    """A question as the form shows it, with its answer so far."""

    shown: Shown
    answer: str

    @property
    def name(self) -> str:
        return f"{PREFIX}{self.shown.question.id}"


def language_choices() -> list[tuple[str, str, str]]:
    return [(code, ENDONYMS[code], str(LANGUAGE_NAMES[code])) for code in LANGUAGES]


def _person_choices(language: str) -> list[tuple[str, str, list[tuple[str, str]]]]:
    columns = {column.name: column for column in RECORD_TYPES["persons"].columns}
    return [
        (name, columns[name].label_in(language), choices(columns[name], language) or [])
        for name in PERSON_FIELDS
    ]


def _agency_choices(language: str) -> list[tuple[str, str]]:
    column = next(c for c in RECORD_TYPES["referrals"].columns if c.name == "to_agency")
    return choices(column, language) or []


def answers_sent(request: HttpRequest, interview: Interview) -> dict[str, str]:
    """The answers the form carried (a value that is not yes, no or unknown is left out: not answered)."""
    found = {}
    for question_id in interview.questionnaire.question_ids:
        value = request.POST.get(f"{PREFIX}{question_id}", "")
        if value in {answer.value for answer in Answer}:
            found[question_id] = value
    return found


def _chooser(request: HttpRequest, status: int = 200) -> HttpResponse:
    language = active_language()
    return render(
        request,
        "web/screening_choose.html",
        {
            "questionnaires": [
                (q.id, title_text(q.id, language if language in LANGUAGES else "es").text)
                for q in questionnaires().values()
            ],
            "languages": language_choices(),
            **offline_context(),
        },
        status=status,
    )


def _person(request: HttpRequest) -> tuple[Person, list[str]]:
    problems = []
    age_text = request.POST.get("age", "").strip()
    age = None
    if age_text:
        if age_text.isascii() and age_text.isdigit() and int(age_text) < 130:
            age = int(age_text)
        else:
            problems.append(_("Age: write the age in years, as a number."))
    return (
        Person(
            region=request.POST.get("identification_region", ""),
            sex=request.POST.get("sex", ""),
            age=age,
            nationality=request.POST.get("nationality", ""),
            language=request.POST.get("language", ""),
        ),
        problems,
    )


@require_http_methods(["GET", "POST"])
@requires("screenings.create")
def new_screening(request: HttpRequest) -> HttpResponse:
    """Without a questionnaire and a language: the choice of both. With them: the questions in that language
    (a draft marked under review, a missing translation shown in Spanish and marked). Sent with ``switch``: the
    same answers, the questions in another language. Sent with ``record``: the screening scored and kept, and the
    user goes to its result (status 400 and the form again when it cannot be kept; nothing is stored). Sent by
    the offline script with the device's id of the answers: recorded once, whatever the number of sendings, and
    answered in JSON (:mod:`kuska.web.offline`)."""
    data = request.POST if request.method == "POST" else request.GET
    questionnaire_id = data.get("questionnaire", "")
    language = data.get("switch") or data.get("questions_in", "")
    if questionnaire_id not in questionnaires() or language not in LANGUAGES:
        return _chooser(request, status=400 if data else 200)
    interview = Interview(questionnaire_id, language)
    if request.method == "POST":
        for question_id, value in answers_sent(request, interview).items():
            interview.answer(question_id, value)
    page_language = active_language()
    problems: list[str] = []
    from_device = CLIENT_ID in request.POST
    if request.method == "POST" and "record" in request.POST:
        person, problems = _person(request)
        consent = request.POST.get("consent") == "yes"
        try:
            device_id = client_id(request)
        except ClientIdError:
            device_id = None
            problems.append(_("The answers kept on the device carry no valid id."))
        if not problems:
            try:
                recorded = record_screening(
                    request.user,  # type: ignore[arg-type]
                    questionnaire_id,
                    interview.answers,
                    screened_on=timezone.localdate(),
                    person=person,
                    consent_to_referral=consent,
                    referred_to=request.POST.get("referred_to", ""),
                    agency_code=request.POST.get("agency", ""),
                    client_id=device_id,
                    language=interview.language,
                    source=request_source(request),
                )
            except (AccessDeniedError, ScreeningError, AnswerError) as exc:
                problems = [str(exc)]
            else:
                if from_device:
                    url = reverse("web:screening", kwargs={"pk": recorded.screening.pk})
                    return accepted(url, repeat=recorded.repeat)
                return redirect("web:screening", pk=recorded.screening.pk)
        if from_device:
            return refused(problems)
    agencies = screening_agencies(request.user)  # type: ignore[arg-type]
    answers = interview.answers
    return render(
        request,
        "web/screening_new.html",
        {
            "interview": interview,
            "title": interview.title,
            "asked": [
                Asked(shown, answers.get(shown.question.id, Answer.UNKNOWN.value))
                for shown in interview.questions()
            ],
            "answer_choices": [(a.value, a.label) for a in Answer],
            "languages": language_choices(),
            "language_name": LANGUAGE_NAMES[interview.language],
            "person_fields": _person_choices(page_language),
            "person_values": {name: request.POST.get(name, "") for name in PERSON_FIELDS},
            "age": request.POST.get("age", ""),
            "consent": request.POST.get("consent") == "yes",
            "referral_agencies": _agency_choices(page_language),
            "referred_to": request.POST.get("referred_to", ""),
            "agencies": [(a.code, localized(a, "name", page_language)) for a in agencies],
            "chosen_agency": request.POST.get("agency", ""),
            "problems": problems,
            **offline_context(),
        },
        status=400 if problems else 200,
    )


@require_GET
@requires("records.view_created")
def screening(request: HttpRequest, pk: int) -> HttpResponse:
    """A screening the user recorded: its result and the indicators and dimensions that led to it (the domain's
    explanation, never a number), and the referral made (a ``records.view`` event); anyone else's: 404."""
    language = active_language()
    try:
        kept = screening_of(request.user, pk, source=request_source(request))  # type: ignore[arg-type]
    except NotInScopeError as exc:
        raise Http404(str(exc)) from exc
    assessment = assessment_of(kept)
    likely = assessment.result is Result.LIKELY_VICTIM
    return render(
        request,
        "web/screening_result.html",
        {
            "screening": kept,
            "name": pseudonym(kept),
            "result": assessment.result,
            "result_label": assessment.result.label,
            "explanation": assessment.explanation(language),
            "findings": [
                (
                    finding,
                    [
                        (indicator_name(found.indicator, language), found)
                        for found in finding.indicators
                    ],
                )
                for finding in assessment.dimensions
                if finding.indicators
            ],
            "likely": likely,
            "referred_to": referred_to(kept),
        },
    )


@require_GET
@requires("records.view_created")
def screenings(request: HttpRequest) -> HttpResponse:
    """The screenings the user recorded, the latest first, by pseudonym (a ``records.list`` event naming them)."""
    language = active_language()
    shown = screenings_of(
        request.user,  # type: ignore[arg-type]
        source=request_source(request),
        page=_page_number(request),
    )
    known = questionnaires()
    rows = [
        (
            pseudonym(screening),
            screening,
            title_text(screening.questionnaire, language).text
            if screening.questionnaire in known and language in LANGUAGES
            else screening.questionnaire,
            Result(screening.result).label,
            [indicator_name(indicator, language) for indicator in screening.indicators.values()],
        )
        for screening in shown.screenings
    ]
    return render(
        request,
        "web/screenings.html",
        {
            "shown": shown,
            "rows": rows,
            "may_record": holds(request.user, "screenings.create"),
        },
    )


@require_GET
@requires("screenings.create")
def languages(request: HttpRequest) -> HttpResponse:
    """Each language of the screening, in two parts: the questionnaires' questions, and the screening and hotline
    pages' own words (:mod:`kuska.web.interface`); for each, how many strings it translates and how many a native
    speaker reviewed. A language not wholly reviewed is "under review"."""

    def named(statuses: list[LanguageStatus]) -> list[tuple[LanguageStatus, str, str]]:
        return [(s, ENDONYMS[s.language], str(LANGUAGE_NAMES[s.language])) for s in statuses]

    return render(
        request,
        "web/screening_languages.html",
        {"statuses": named(languages_status()), "interface": named(interfaces_status())},
    )


@require_GET
@requires("screenings.create")
def printable_form(request: HttpRequest, questionnaire_id: str, language: str) -> HttpResponseBase:
    """A questionnaire as a printable form (A4 PDF) with its questions in a language, for a place with no device
    (a draft marked "translation under review"); filled in, it is transcribed and imported
    (``kuska.screening.paper``)."""
    if questionnaire_id not in questionnaires() or language not in LANGUAGES:
        raise Http404(_("There is no such screening form."))
    try:
        pdf = render_form(questionnaire_id, language)
    except PdfUnavailableError:
        return HttpResponse(
            _("The PDF cannot be made on this server."), status=503, content_type="text/plain"
        )
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = (
        f'attachment; filename="{file_name(questionnaire_id, language)}"'
    )
    return response
