"""A screening recorded: its answers scored, kept as a :class:`~kuska.screening.models.Screening`, and — for a
likely victim — the identification (method ``screening``, by the screener's agency and the screener as the
submission's sender) and, with the person's consent, a referral, stored through intake like any record: one
submission through the web, one row per record type (the person, the identification, the referral), sent by the
user, checked, with provenance and an ``intake.import`` event naming the batches. Every screening is a
``screening.record`` event naming it (never its answers).

No identity is asked or stored here: the person record holds the role, sex, age, nationality, language and region
only.
"""

from __future__ import annotations

import datetime
import uuid
from collections.abc import Mapping
from dataclasses import dataclass

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.text import format_lazy
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from kuska.access import NotInScopeError, record_import, screening_agency
from kuska.accounts.models import User
from kuska.audit.models import Action, Outcome
from kuska.audit.trail import record_event
from kuska.intake.rows import new_record_id, refusals, submit_rows
from kuska.intake.submit import SubmissionError
from kuska.registry.models import Agency, HotlineCall, Referral
from kuska.screening.models import Screening
from kuska.screening.questionnaires import (
    Population,
    Questionnaire,
    means_of_control,
    questionnaire,
)
from kuska.screening.scoring import AnswerError, Assessment, Result, clean_answers, score

METHOD = "screening"  # identification_method code list
HOTLINE = "hotline"  # the method of a screening an operator makes on a call from the victim
DEFAULT_SERVICE = "case_management"  # service_type code list


class ScreeningError(ValueError):
    """A screening that cannot be recorded as given; nothing is stored. The message is translated."""


@dataclass(frozen=True)
class Person:
    """What the screener records about the person besides the answers: no identity, only what the figures count.
    Codes as intake reads them (sex, ISO country, ISO 639-3 language, region code)."""

    region: str = ""
    sex: str = ""
    age: int | None = None
    nationality: str = ""
    language: str = ""


@dataclass(frozen=True)
class Recorded:
    """A screening kept, and its assessment; ``repeat`` when it was kept before, under the same client id, and
    nothing was stored this time."""

    screening: Screening
    assessment: Assessment
    repeat: bool = False


def _sent_before(user: User, client_id: uuid.UUID | None) -> Recorded | None:
    """The screening a device sent before under this id (answered again, unchanged); another user's id is refused."""
    if client_id is None:
        return None
    kept = Screening.objects.filter(client_id=client_id).first()
    if kept is None:
        return None
    if kept.screened_by_id != user.pk:
        raise ScreeningError(
            _("This screening's id was used by another sending: it was not recorded.")
        )
    return Recorded(kept, assessment_of(kept), repeat=True)


def _rows(
    person: Person,
    screened_on: datetime.date,
    consent: bool,
    referred_to: str,
    service_type: str,
    method: str,
) -> dict[str, dict[str, str]]:
    person_id = new_record_id("web")
    day = screened_on.isoformat()
    rows = {
        "persons": {
            "record_id": person_id,
            "role": "victim",
            "event_date": day,
            "sex": person.sex,
            "age": "" if person.age is None else str(person.age),
            "nationality": person.nationality,
            "language": person.language,
            "identification_region": person.region,
        },
        "identifications": {
            "record_id": new_record_id("web"),
            "person_id": person_id,
            "identified_on": day,
            "method": method,
            "region": person.region,
        },
    }
    if consent:
        rows["referrals"] = {
            "record_id": new_record_id("web"),
            "person_id": person_id,
            "to_agency": referred_to,
            "service_type": service_type,
            "requested_on": day,
        }
    return {name: {k: v for k, v in row.items() if v} for name, row in rows.items()}


def _submit(rows: dict[str, dict[str, str]], agency_code: str, user: User, source: str) -> None:
    sent = submit_rows({name: [row] for name, row in rows.items()}, agency_code, submitted_by=user)
    if sent.rejected:
        problems = refusals(sent.rejected, get_language() or "es")
        raise ScreeningError(
            format_lazy(_("The screening was not recorded: {problems}"), problems=problems)
        )
    record_import(user, sent.batch_ids, source=source)


def record_screening(
    user: User,
    questionnaire_id: str,
    answers: Mapping[str, str],
    *,
    screened_on: datetime.date,
    person: Person | None = None,
    consent_to_referral: bool = False,
    referred_to: str = "",
    service_type: str = DEFAULT_SERVICE,
    agency_code: str = "",
    client_id: uuid.UUID | None = None,
    method: str = METHOD,
    call_record_id: str = "",
    language: str = "",
    source: str,
) -> Recorded:
    """Score and keep a screening by the user (who holds ``screenings.create`` at the agency, see
    :func:`kuska.access.screening_agency`). A likely victim gets a person record, an identification and, with
    consent, a referral to ``referred_to``, stored through intake in one submission; a possible victim or a
    screening with no indicators stores the screening only. A hotline operator's screening of a caller who is the
    victim names the call (``call_record_id``, the call's record id at the agency) and identifies by ``method``
    ``hotline``. ``language``: the language the questions were shown in when it was sent (es, en, qu, ay). Raises
    ``AccessDeniedError`` or :class:`ScreeningError`, storing nothing.

    ``client_id``: the id a device gave the screening it kept offline. Sent again (the device never heard the
    answer), it is answered with the screening first recorded under it (``repeat``), and nothing more is stored;
    two sendings at once store one screening, the database refusing the second (a unique id)."""
    agency = screening_agency(user, agency_code)
    if (before := _sent_before(user, client_id)) is not None:
        return before
    person = person or Person()
    asked = questionnaire(questionnaire_id)
    stored = clean_answers(asked, answers)
    assessment = score(asked, stored)
    if asked.population is Population.CHILD and person.age is not None and person.age >= 18:
        raise ScreeningError(_("The children's questionnaire is for persons under 18."))
    if asked.population is Population.ADULT and person.age is not None and person.age < 18:
        raise ScreeningError(_("A person under 18 is screened with the children's questionnaire."))
    likely = assessment.result is Result.LIKELY_VICTIM
    if likely and consent_to_referral and not referred_to:
        raise ScreeningError(_("A referral needs the agency the person is referred to."))
    rows = (
        _rows(person, screened_on, consent_to_referral, referred_to, service_type, method)
        if likely
        else {}
    )
    try:
        screening = _keep(
            user,
            agency,
            asked,
            assessment,
            stored,
            rows,
            screened_on,
            consent_to_referral,
            client_id,
            call_record_id,
            language,
            source,
        )
    except IntegrityError:
        # the same client id, kept by a sending that ran at the same time: this one stored nothing
        if (before := _sent_before(user, client_id)) is None:
            raise
        return before
    return Recorded(screening, assessment)


def _keep(
    user: User,
    agency: Agency,
    asked: Questionnaire,
    assessment: Assessment,
    stored: dict[str, str],
    rows: dict[str, dict[str, str]],
    screened_on: datetime.date,
    consent_to_referral: bool,
    client_id: uuid.UUID | None,
    call_record_id: str,
    language: str,
    source: str,
) -> Screening:
    with transaction.atomic():
        if rows:
            try:
                _submit(rows, agency.code, user, source)
            except SubmissionError as exc:
                raise ScreeningError(str(exc)) from exc
        screening = Screening.objects.create(
            agency=agency,
            screened_by=user,
            screened_on=screened_on,
            questionnaire=asked.id,
            version=asked.version,
            answers=stored,
            result=assessment.result.value,
            indicators={found.question_id: found.indicator for found in assessment.indicators},
            consent_to_referral=consent_to_referral,
            person_record_id=rows.get("persons", {}).get("record_id", ""),
            identification_record_id=rows.get("identifications", {}).get("record_id", ""),
            referral_record_id=rows.get("referrals", {}).get("record_id", ""),
            client_id=client_id,
            call_record_id=call_record_id,
            language=language,
        )
        record_event(user, Action.SCREENING_RECORD, records=[screening], source=source)
    return screening


VICTIM_CALLER = "victim"  # caller_type: only a caller who is the victim is screened on the call
HEARD_SEPARATOR = ";"  # the codes of a call's indicators heard, as intake reads them


def indicators_heard(questionnaire_id: str, answers: Mapping[str, str]) -> list[str]:
    """The codes of ``means_of_control`` the answers find (each indicator found that has one, see
    :func:`~kuska.screening.questionnaires.means_of_control`), once each, in the order of the assessment's
    dimensions: what a call on which the caller was screened adds to its "indicators heard". Raises
    :class:`ScreeningError` for an answer that is not one of the questionnaire's.

    >>> # indicators_heard("adults_sexual", {"as15": "yes", "as16": "yes"})  # ['physical_violence', 'isolation']
    """
    asked = questionnaire(questionnaire_id)
    try:
        assessment = score(asked, clean_answers(asked, answers))
    except AnswerError as exc:
        raise ScreeningError(str(exc)) from exc
    codes = (means_of_control(found.indicator) for found in assessment.indicators)
    return list(dict.fromkeys(code for code in codes if code))


def with_heard(ticked: str, heard: list[str]) -> str:
    """The call's indicators heard: those the operator ticked (``a;b``), then those the screening found that were
    not ticked.

    >>> with_heard("threats;debt_bondage", ["debt_bondage", "withholds_documents"])
    'threats;debt_bondage;withholds_documents'
    """
    codes = [code.strip() for code in ticked.split(HEARD_SEPARATOR) if code.strip()]
    return HEARD_SEPARATOR.join(dict.fromkeys([*codes, *heard]))


def record_call_screening(
    user: User,
    call_record_id: str,
    questionnaire_id: str,
    answers: Mapping[str, str],
    *,
    agency_code: str,
    age: int | None = None,
    sex: str = "",
    consent_to_referral: bool = False,
    language: str = "",
    source: str,
) -> Recorded:
    """A hotline operator's screening of a caller who is the victim, on the call the agency stored as
    ``call_record_id``: scored and kept like any screening (:func:`record_screening`), dated on the day of the call,
    the person in the call's region and language, identified by the method ``hotline`` and, with consent,
    referred to the agency the call was referred to. Raises :class:`ScreeningError` for a caller who is not the
    victim (nothing stored here; the caller rolls the call back too)."""
    call = (
        HotlineCall.objects.select_related("region", "referred_to")
        .filter(agency__code=agency_code, source_record_id=call_record_id)
        .first()
    )
    if call is None or call.caller_type != VICTIM_CALLER:
        raise ScreeningError(
            _("The screening questions are asked only when the caller is the victim.")
        )
    try:
        return record_screening(
            user,
            questionnaire_id,
            answers,
            screened_on=timezone.localtime(call.called_at).date(),
            person=Person(
                region=call.region.code if call.region else "",
                sex=sex,
                age=age,
                language=call.language,
            ),
            consent_to_referral=consent_to_referral,
            referred_to=call.referred_to.code if call.referred_to else "",
            agency_code=agency_code,
            method=HOTLINE,
            call_record_id=call_record_id,
            language=language,
            source=source,
        )
    except AnswerError as exc:
        raise ScreeningError(str(exc)) from exc


@dataclass(frozen=True)
class ScreeningPage:
    screenings: list[Screening]
    total: int
    page: int
    pages: int


def screenings_of(user: User, *, source: str, page: int = 1, page_size: int = 50) -> ScreeningPage:
    """One page of the screenings the user recorded, the latest first, and the ``records.list`` event naming every
    screening shown (never its answers). Another person's screenings are never listed."""
    found = Screening.objects.filter(screened_by=user).select_related("agency")
    total = found.count()
    pages = max(1, -(-total // page_size))
    page = min(max(page, 1), pages)
    shown = list(found[(page - 1) * page_size : page * page_size])
    record_event(user, Action.RECORDS_LIST, records=shown, source=source)
    return ScreeningPage(shown, total, page, pages)


def screening_of(user: User, pk: int, *, source: str) -> Screening:
    """One screening the user recorded, as a ``records.view`` event naming it. Another person's screening is
    refused exactly as one that does not exist (:class:`~kuska.access.NotInScopeError`)."""
    screening = Screening.objects.filter(pk=pk, screened_by=user).select_related("agency").first()
    if screening is None:
        existing = Screening.objects.filter(pk=pk).first()
        if existing is not None:
            record_event(
                user, Action.RECORD_VIEW, records=[existing], outcome=Outcome.DENIED, source=source
            )
        raise NotInScopeError(
            format_lazy(_("There is no screening {screening} you may see."), screening=pk)
        )
    record_event(user, Action.RECORD_VIEW, records=[screening], source=source)
    return screening


def assessment_of(screening: Screening) -> Assessment:
    """A kept screening's assessment, by the rule, from its answers (the questionnaire's version it was asked in
    is on the screening; a question the questionnaire no longer has is left out)."""
    asked = questionnaire(screening.questionnaire)
    known = set(asked.question_ids)
    return score(asked, {qid: value for qid, value in screening.answers.items() if qid in known})


def referred_to(screening: Screening) -> str:
    """The code of the agency a screening's referral went to; empty without a referral."""
    if not screening.referral_record_id:
        return ""
    referral = (
        Referral.objects.filter(
            agency=screening.agency, source_record_id=screening.referral_record_id
        )
        .select_related("to_agency")
        .first()
    )
    return referral.to_agency.code if referral is not None and referral.to_agency else ""
