"""The indicators a screening finds, as a hotline call's "indicators heard": each questionnaire indicator that has
a counterpart in the code list ``means_of_control`` names it in the profile (``screening/indicators.toml``, data
not code); an indicator without one adds nothing. A code the list does not hold is refused when the profile is
read, naming the file and the indicator."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from kuska.profiles import ProfileError, profile_dir, read_profile
from kuska.screening import questionnaires as questionnaire_files
from kuska.screening.outcome import ScreeningError, indicators_heard, with_heard
from kuska.screening.questionnaires import QuestionnaireError, means_of_control, questionnaires

# by hand: coercive recruitment (as04 violence, as05 abduction), exploitation (as10 forced sexual services, as11
# no control of earnings) and coercion at destination (as15 violence, as16 isolation)
LIKELY_SEXUAL = dict.fromkeys(("as04", "as05", "as10", "as11", "as15", "as16"), "yes")


def broken_profile(tmp_path: Path) -> Path:
    """A copy of the Peru profile whose indicator ``debt_bondage`` names a means of control the list lacks."""
    folder = tmp_path / "broken"
    shutil.copytree(profile_dir("peru"), folder)
    indicators = folder / "screening" / "indicators.toml"
    text = indicators.read_text(encoding="utf-8")
    changed = text.replace(
        'en = "Debt bondage"\nmeans_of_control = "debt_bondage"',
        'en = "Debt bondage"\nmeans_of_control = "servidumbre"',
    )
    assert changed != text
    indicators.write_text(changed, encoding="utf-8")
    return folder


def test_an_indicator_names_its_means_of_control_and_one_without_a_counterpart_names_none() -> None:
    assert means_of_control("confiscation_of_documents", "peru") == "withholds_documents"
    assert means_of_control("deceived_wages", "peru") == "false_promises"
    assert means_of_control("threat_of_denunciation", "peru") == "threats_law_enforcement"
    # a condition of work, not a means of control: nothing is added to the call
    assert means_of_control("hazardous_work", "peru") == ""


def test_every_means_of_control_the_indicators_name_is_in_the_code_list() -> None:
    known = read_profile("peru").code_lists["means_of_control"]
    indicators = {q.indicator for asked in questionnaires("peru").values() for q in asked.questions}
    named = {means_of_control(indicator, "peru") for indicator in indicators} - {""}
    assert named <= known
    assert (
        len(named) >= 10
    )  # most means of control an operator hears have a question that finds them


def test_an_unknown_means_of_control_is_refused_when_the_profile_is_read(tmp_path: Path) -> None:
    folder = broken_profile(tmp_path)
    with pytest.raises(
        ProfileError,
        match=r"screening/indicators.toml, indicator 'debt_bondage': means_of_control 'servidumbre' is not a "
        r"code of the list means_of_control",
    ):
        read_profile("broken", folder)


def test_the_screening_refuses_an_unknown_means_of_control_before_adding_any(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = broken_profile(tmp_path) / "screening"
    monkeypatch.setattr(questionnaire_files, "folder", lambda profile=None: folder)
    with pytest.raises(QuestionnaireError, match="indicator 'debt_bondage'"):
        means_of_control("confiscation_of_documents")


def test_the_answers_find_each_means_of_control_once_and_those_without_one_add_nothing() -> None:
    assert indicators_heard("adults_sexual", LIKELY_SEXUAL) == [
        "physical_violence",  # as04 (and as15: once)
        "deprivation_of_liberty",  # as05
        "takes_earnings",  # as11 (as10, forced sexual services, is a form of exploitation: nothing)
        "isolation",  # as16
    ]
    assert indicators_heard("adults_sexual", {}) == []


def test_an_answer_the_questionnaire_lacks_is_a_screening_error() -> None:
    with pytest.raises(ScreeningError):
        indicators_heard("adults_sexual", {"zz99": "yes"})


def test_the_indicators_found_follow_those_the_operator_ticked_without_duplicates() -> None:
    assert with_heard("threats;physical_violence", ["physical_violence", "isolation"]) == (
        "threats;physical_violence;isolation"
    )
    assert with_heard("", ["isolation"]) == "isolation"
    assert with_heard("threats", []) == "threats"
