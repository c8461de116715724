"""A screening recorded: a likely victim becomes an identification (method ``screening``) by the screener's agency,
stored through intake as a web submission the screener sent, counted in ``kuska stats`` for the year like any other
identification; with consent, a referral too. A possible victim or no indicators store the screening only. The
answers are kept by question id, whatever language the questions were read in."""

from __future__ import annotations

import datetime
import json
import logging
from pathlib import Path

import pytest

from kuska.access import AccessDeniedError
from kuska.accounts.models import User
from kuska.audit.models import Event
from kuska.cli import main
from kuska.registry.models import Identification, PersonRecord, Referral, SubmissionBatch
from kuska.screening.interview import Interview
from kuska.screening.models import Screening
from kuska.screening.outcome import Person, ScreeningError, record_screening
from tests.personas import member
from tests.screening_catalogues import use_partial_catalogues

pytestmark = pytest.mark.usefixtures("peru")

AGENCY = "SUNAFIL"  # a labour inspection: its identifications are "other sources" than police and prosecutors
DAY = datetime.date(2021, 3, 9)
# by hand (tests/test_screening_scoring.py): deceptive recruitment, exploitation and coercion at destination
LIKELY = dict.fromkeys(("al01", "al02", "al11", "al12", "al15", "al16"), "yes")
POSSIBLE = {"al01": "yes", "al11": "yes", "al12": "no"}


@pytest.fixture(autouse=True)
def in_spanish(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("KUSKA_LANGUAGE", "es")


def screener() -> User:
    return member("inspectora@sunafil.example", AGENCY, "screener")


def identified_in(year: int, capsys: pytest.CaptureFixture[str]) -> int:
    capsys.readouterr()
    code = main(
        [
            "stats",
            "--year",
            str(year),
            "--indicator",
            "victims_identified_other_sources",
            "--format",
            "json",
        ]
    )
    assert code == 0
    [figure] = json.loads(capsys.readouterr().out)
    return int(figure["value"] or 0)


def screen(answers: dict[str, str], **options: object) -> Screening:
    person = Person(region="PE-MDD", sex="female", age=24, nationality="PE", language="que")
    recorded = record_screening(
        screener(),
        "adults_labour",
        answers,
        screened_on=DAY,
        person=person,
        source="203.0.113.7",
        **options,  # type: ignore[arg-type]
    )
    return recorded.screening


def test_a_likely_victim_becomes_an_identification_by_screening_through_intake(
    capsys: pytest.CaptureFixture[str],
) -> None:
    before = identified_in(2021, capsys)
    screening = screen(LIKELY)
    assert screening.result == "likely_victim"
    identification = Identification.objects.get()
    assert identification.method == "screening"
    assert identification.identified_on == DAY
    assert identification.agency.code == AGENCY
    assert identification.source_record_id == screening.identification_record_id
    assert identification.victim.role == "victim"
    batch = identification.batch
    assert batch.submitted_by == screener()
    assert batch.channel == SubmissionBatch.Channel.WEB
    assert SubmissionBatch.objects.count() == 2  # one row each: the person and the identification
    [event] = Event.objects.filter(action="intake.import")
    assert event.actor == screener()
    assert identified_in(2021, capsys) == before + 1
    assert identified_in(2020, capsys) == 0


def test_a_possible_victim_or_no_indicators_store_the_screening_and_no_record() -> None:
    possible = screen(POSSIBLE)
    nothing = screen({"al01": "no"})
    assert (possible.result, nothing.result) == ("possible_victim", "no_indicators")
    assert possible.indicators == {
        "al01": "deceived_nature_of_job",
        "al11": "excessive_working_hours",
    }
    assert not possible.identification_record_id
    assert not (Identification.objects.exists())
    assert not (PersonRecord.objects.exists())
    assert not SubmissionBatch.objects.exists()
    assert Screening.objects.count() == 2
    recorded = Event.objects.filter(action="screening.record").order_by("sequence")
    assert [event.records for event in recorded] == [
        [f"screening.screening:{possible.pk}"],
        [f"screening.screening:{nothing.pk}"],
    ]
    assert {event.actor for event in recorded} == {screener()}


def test_with_consent_a_likely_victim_is_also_referred() -> None:
    screening = screen(LIKELY, consent_to_referral=True, referred_to="MIMP")
    referral = Referral.objects.get()
    assert referral.to_agency is not None
    assert referral.to_agency.code == "MIMP"
    assert referral.requested_on == DAY
    assert referral.outcome == "pending"
    assert referral.victim == Identification.objects.get().victim
    assert referral.source_record_id == screening.referral_record_id
    assert screening.consent_to_referral


def test_without_consent_no_referral_is_stored() -> None:
    screen(LIKELY, referred_to="MIMP")
    assert Identification.objects.count() == 1
    assert not Referral.objects.exists()


def test_a_referral_without_the_agency_referred_to_stores_nothing() -> None:
    with pytest.raises(ScreeningError):
        screen(LIKELY, consent_to_referral=True)
    assert not (Screening.objects.exists())
    assert not (SubmissionBatch.objects.exists())


def test_a_value_intake_refuses_stores_nothing_not_even_the_screening() -> None:
    with pytest.raises(ScreeningError):
        screen(LIKELY, consent_to_referral=True, referred_to="NO-SUCH-AGENCY")
    assert not (Screening.objects.exists())
    assert not (SubmissionBatch.objects.exists())
    assert not Identification.objects.exists()


def test_a_user_without_screenings_create_records_no_screening() -> None:
    analyst = member("analista@sunafil.example", AGENCY, "analyst")
    with pytest.raises(AccessDeniedError):
        record_screening(analyst, "adults_labour", LIKELY, screened_on=DAY, source="test")
    assert not Screening.objects.exists()


def test_a_child_is_screened_with_the_childrens_questionnaire() -> None:
    with pytest.raises(ScreeningError):
        record_screening(
            screener(), "adults_labour", LIKELY, screened_on=DAY, person=Person(age=15), source="t"
        )
    child = dict.fromkeys(("ch03", "ch04", "ch08", "ch10"), "yes")
    recorded = record_screening(
        screener(), "children", child, screened_on=DAY, person=Person(age=15), source="t"
    )
    assert recorded.screening.result == "likely_victim"
    assert Identification.objects.get().victim.age_at_event == 15


def test_switching_the_language_of_the_questions_midway_changes_nothing_stored(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    use_partial_catalogues(tmp_path, monkeypatch)  # as15 drafted in Quechua, as01 left in Spanish
    switched = Interview("adults_sexual", "qu")
    shown = {item.question.id: item.text for item in switched.questions()}
    assert shown["as15"].language == "qu"
    assert shown["as15"].under_review
    assert shown["as01"].language == "es"
    assert shown["as01"].missing
    for qid in ("as04", "as05", "as10"):
        switched.answer(qid, "yes")
    switched.switch("es")
    assert {item.text.language for item in switched.questions()} == {"es"}
    for qid in ("as11", "as15", "as16"):
        switched.answer(qid, "yes")
    switched.answer("as01", "no")
    in_spanish = Interview("adults_sexual", "es")
    for qid in ("as01", "as04", "as05", "as10", "as11", "as15", "as16"):
        in_spanish.answer(qid, "no" if qid == "as01" else "yes")
    assert switched.answers == in_spanish.answers
    assert switched.assessment() == in_spanish.assessment()
    kept = record_screening(
        screener(), "adults_sexual", switched.answers, screened_on=DAY, source="t"
    ).screening
    again = record_screening(
        screener(), "adults_sexual", in_spanish.answers, screened_on=DAY, source="t"
    ).screening
    assert kept.answers == again.answers == switched.answers
    assert kept.result == again.result == "likely_victim"


def test_no_answer_or_indicator_reaches_the_audit_trail_or_the_log(
    caplog: pytest.LogCaptureFixture,
) -> None:
    caplog.set_level(logging.DEBUG)
    screen(LIKELY, consent_to_referral=True, referred_to="MIMP")
    trail = json.dumps([[e.action, e.records, e.reason, e.source] for e in Event.objects.all()])
    logged = caplog.text
    for indicator in Screening.objects.get().indicators.values():
        assert indicator not in trail
        assert indicator not in logged
    assert '"yes"' not in trail
    person = PersonRecord.objects.get()
    assert not (person.given_names)
    assert not (person.paternal_surname)
    assert not (person.document_number)
