"""The frontline screener's pages: recording a hotline call (``screenings.create``) and the calls they recorded
(``records.view_created``).

The form's fields come from the ``hotline_calls`` declaration (:mod:`kuska.web.declared`); the call is checked and
stored by intake, as a one-row submission through the web sent by the user, and a value intake refuses comes back
on its field with nothing stored.

When the caller is the victim, the operator may screen them on the call: the form offers the screening
questionnaires (chosen as on ``/screenings/new/``), the questions first in the language of the call, switchable at
any moment without losing an answer (the interview travels in the form, answers by question id). Sent, the call is
stored and the screening recorded by :func:`kuska.screening.outcome.record_screening` (identification method
``hotline``, the referral of the call with the caller's consent) in one transaction: if either is refused, nothing
is stored. The indicators the answers find are added to the call's "indicators heard" (those of them with a means
of control in the profile, :func:`kuska.screening.outcome.indicators_heard`) before the call goes to intake; the
form shows which, as the answers are given.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.contrib import messages
from django.db import transaction
from django.http import HttpRequest, HttpResponse, QueryDict
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from kuska.access import (
    AccessDeniedError,
    holds,
    list_created,
    pseudonym,
    screening_agencies,
    screening_agency,
)
from kuska.accounts.models import User
from kuska.audit.trail import request_source
from kuska.i18n import active_language, localized
from kuska.intake.submit import SubmissionError
from kuska.registry.choices import choices
from kuska.registry.records import RECORD_TYPES, RecordType
from kuska.screening.interview import Interview
from kuska.screening.outcome import (
    Recorded,
    ScreeningError,
    indicators_heard,
    record_call_screening,
    with_heard,
)
from kuska.screening.questionnaires import questionnaires
from kuska.screening.scoring import Answer
from kuska.screening.translations import LANGUAGES, title_text
from kuska.web.declared import (
    FieldProblem,
    Made,
    form_values,
    initial_values,
    record_form,
    submit_row,
    table,
)
from kuska.web.offline import (
    CLIENT_ID,
    ClientIdError,
    accepted,
    client_id,
    offline_context,
    record_id_of,
    refused,
    sent_before,
)
from kuska.web.pages import _page_number, requires
from kuska.web.screenings import Asked, answers_sent, language_choices

CALLS = "hotline_calls"
HEARD = "indicators_heard"  # the call's column the screening's indicators are added to
AGENCY_FIELD = "agency"
SCREENING_FIELD = "screening"  # the problems of the screening come back under this name
# the language of a call (ISO 639-3, code list ``language``) → the language of the screening questions
QUESTION_LANGUAGES = {"spa": "es", "eng": "en", "que": "qu", "quz": "qu", "quy": "qu", "aym": "ay"}


def _refusal(record_type: RecordType, problem: FieldProblem, sent: QueryDict) -> str:
    """A refused value of a call a device kept, for the device to show: the field, the value (never an identity's)
    and the reason."""
    column = record_type.field(problem.column) if problem.column else None
    value = sent.get(problem.column, "") if column is not None and not column.encrypted else ""
    return (
        f"{problem.label} ({value}): {problem.message}"
        if value
        else f"{problem.label}: {problem.message}"
    )


@require_GET
@requires("records.view_created")
def calls(request: HttpRequest) -> HttpResponse:
    """The hotline calls the user recorded, the latest first (a ``records.list`` event naming them)."""
    shown = list_created(
        request.user,  # type: ignore[arg-type]
        CALLS,
        source=request_source(request),
        page=_page_number(request),
    )
    shown_as = table(RECORD_TYPES[CALLS], shown.records, active_language())
    rows = [
        (pseudonym(record), record, zip(values, shown_as.dated, strict=True))
        for record, values in zip(shown.records, shown_as.rows, strict=True)
    ]
    return render(
        request,
        "web/calls.html",
        {
            "shown": shown,
            "headings": shown_as.headings,
            "rows": rows,
            "may_record": holds(request.user, "screenings.create"),
        },
    )


@dataclass
class CallScreening:
    """The screening part of the call form: the questionnaire chosen (none: no screening), the language of the
    questions, the answers so far and what the operator noted of the caller (age, sex, consent)."""

    questionnaire: str = ""
    language: str = "es"
    interview: Interview | None = None
    age: str = ""
    sex: str = ""
    consent: bool = False
    problems: list[str] = field(default_factory=list)

    @classmethod
    def read(cls, request: HttpRequest, call_language: str) -> CallScreening:
        """From the form sent, or the address (``?questionnaire=children&questions_in=qu`` opens the form with the
        questions shown); without a language, the questions are in the call's, else in the page's."""
        data = request.POST if request.method == "POST" else request.GET
        chosen = data.get("questionnaire", "")
        language = data.get("switch") or data.get("questions_in", "")
        if language not in LANGUAGES:
            language = QUESTION_LANGUAGES.get(call_language, "")
        if language not in LANGUAGES:
            page = active_language()
            language = page if page in LANGUAGES else "es"
        found = cls(
            questionnaire=chosen if chosen in questionnaires() else "",
            language=language,
            age=data.get("age", "").strip(),
            sex=data.get("sex", ""),
            consent=data.get("consent") == "yes",
        )
        if found.questionnaire:
            found.interview = Interview(found.questionnaire, language)
            for question_id, value in answers_sent(request, found.interview).items():
                found.interview.answer(question_id, value)
        return found

    def heard(self) -> list[str]:
        """The codes of the indicators heard the answers so far find (none without a screening)."""
        if self.interview is None:
            return []
        return indicators_heard(self.interview.questionnaire.id, self.interview.answers)

    def heard_labels(self, language: str) -> list[tuple[str, str]]:
        """:meth:`heard`, each code with its label in the language."""
        column = RECORD_TYPES[CALLS].column(HEARD)
        labels = dict(choices(column, language) or [])
        return [(code, labels.get(code, code)) for code in self.heard()]

    def age_in_years(self) -> int | None:
        """The age noted, in years; not a number: :class:`ScreeningError`."""
        if not self.age:
            return None
        if not (self.age.isascii() and self.age.isdigit() and int(self.age) < 130):
            raise ScreeningError(_("Age: write the age in years, as a number."))
        return int(self.age)

    def context(self, page_language: str) -> dict[str, object]:
        interview = self.interview
        answers = interview.answers if interview else {}
        sex = next(c for c in RECORD_TYPES["persons"].columns if c.name == "sex")
        return {
            "screening": self,
            "questionnaires": [
                (q.id, title_text(q.id, page_language if page_language in LANGUAGES else "es").text)
                for q in questionnaires().values()
            ],
            "question_languages": language_choices(),
            "asked": [
                Asked(shown, answers.get(shown.question.id, Answer.UNKNOWN.value))
                for shown in interview.questions()
            ]
            if interview
            else [],
            "title": interview.title if interview else None,
            "answer_choices": [(a.value, a.label) for a in Answer],
            "sex_choices": choices(sex, page_language) or [],
            "heard_from_screening": self.heard_labels(page_language),
        }


def _record(
    request: HttpRequest,
    agency_code: str,
    values: dict[str, str],
    screening: CallScreening,
    record_id: str = "",
) -> tuple[Made, Recorded | None]:
    """Store the call (under ``record_id`` when a device kept it offline) and, when the caller was screened, the
    screening, in one transaction: a screening refused (:class:`ScreeningError`) stores nothing, not even the
    call."""
    user: User = request.user  # type: ignore[assignment]
    source = request_source(request)
    if screening.interview is not None:
        values = {**values, HEARD: with_heard(values.get(HEARD, ""), screening.heard())}
    with transaction.atomic():
        made = submit_row(
            RECORD_TYPES[CALLS],
            values,
            screening_agency(user, agency_code),
            user,
            source=source,
            language=active_language(),
            record_id=record_id,
        )
        if made.problems or screening.interview is None:
            return made, None
        recorded = record_call_screening(
            user,
            made.record_id,
            screening.interview.questionnaire.id,
            screening.interview.answers,
            agency_code=agency_code,
            age=screening.age_in_years(),
            sex=screening.sex,
            consent_to_referral=screening.consent,
            language=screening.interview.language,
            source=source,
        )
    return made, recorded


@require_http_methods(["GET", "POST"])
@requires("screenings.create")
def new_call(request: HttpRequest) -> HttpResponse:
    """A form for one hotline call; sent, the call is stored through intake (with the screening, when the caller
    is the victim and was screened) and the user goes to their calls (or to the screening's result), or the form
    comes back with each refused value's message on its field (status 400, nothing stored). Sent with ``switch``
    (the language of the screening questions, or a questionnaire chosen): the same form, nothing stored."""
    language = active_language()
    record_type = RECORD_TYPES[CALLS]
    agencies = screening_agencies(request.user)  # type: ignore[arg-type]
    form_class = record_form(record_type, language)
    problems: list[FieldProblem] = []
    status = 200
    screening = CallScreening.read(request, request.POST.get("language", ""))
    # a call a device kept offline: recorded once under the device's id, answered in JSON (kuska.web.offline)
    from_device = request.method == "POST" and CLIENT_ID in request.POST
    if request.method == "POST" and "switch" in request.POST and not from_device:
        form = form_class(request.POST)
    elif request.method == "POST":
        form = form_class(request.POST)
        recorded: Recorded | None = None
        try:
            device_id = client_id(request)
            if device_id is not None and sent_before(request.user, CALLS, device_id):  # type: ignore[arg-type]
                return accepted(reverse("web:calls"), repeat=True)
        except ClientIdError:
            return refused([_("The answers kept on the device carry no valid id.")])
        try:
            agency = screening_agency(
                request.user,  # type: ignore[arg-type]
                request.POST.get(AGENCY_FIELD, "") if len(agencies) > 1 else "",
            )
            made, recorded = _record(
                request,
                agency.code,
                form_values(form),
                screening,
                record_id=record_id_of(device_id) if device_id is not None else "",
            )
        except (AccessDeniedError, SubmissionError) as exc:
            problems = [FieldProblem(AGENCY_FIELD, _("Agency"), str(exc))]
        except ScreeningError as exc:
            problems = [FieldProblem(SCREENING_FIELD, _("Screening"), str(exc))]
        else:
            if not made.problems and from_device:
                return accepted(reverse("web:calls"), repeat=False)
            if not made.problems:
                messages.success(
                    request,
                    _("The call was recorded for %(agency)s as %(record)s.")
                    % {"agency": agency.code, "record": made.record_id},
                )
                if recorded is not None:
                    heard = screening.heard_labels(language)
                    if heard:
                        messages.info(
                            request,
                            _("Added to the call's indicators heard from the screening: %(heard)s.")
                            % {"heard": "; ".join(label for _code, label in heard)},
                        )
                    return redirect("web:screening", pk=recorded.screening.pk)
                return redirect("web:calls")
            problems = made.problems
        if from_device:
            return refused(_refusal(record_type, problem, request.POST) for problem in problems)
        status = 400
        for problem in problems:
            if problem.column in form.fields:
                form.add_error(problem.column, problem.message)
                attrs = form.fields[problem.column].widget.attrs
                attrs["aria-invalid"] = "true"
                attrs["aria-describedby"] = f"{problem.column}-errors"
    else:
        form = form_class(initial=initial_values(record_type))
    return render(
        request,
        "web/call_new.html",
        {
            "form": form,
            "problems": problems,
            "agencies": [(agency.code, localized(agency, "name", language)) for agency in agencies],
            "chosen_agency": request.POST.get(AGENCY_FIELD, ""),
            **offline_context(),
            **screening.context(language),
        },
        status=status,
    )
