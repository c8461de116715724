"""Scoring a screening by the combination rule of the ILO/EC operational indicators (docs/screening.md): a dimension
is present with two strong indicators, one strong and one medium or weak, three medium, or two medium and one weak;
an adult is a likely victim with recruitment, exploitation and a dimension at destination present, a child with
recruitment and exploitation. Every example below is worked by hand from the questionnaires' strengths."""

from __future__ import annotations

import pytest

from kuska.screening.questionnaires import Dimension, Population, questionnaire, questionnaires
from kuska.screening.scoring import AnswerError, Result, score


def yes(*question_ids: str) -> dict[str, str]:
    return dict.fromkeys(question_ids, "yes")


# (answers "yes", expected result, dimensions expected present) — the others answered nothing
ADULTS_LABOUR = [
    # deceived about the job (strong) + wages (medium) → deceptive recruitment;
    # excessive hours (strong) + low pay (medium) → exploitation;
    # documents kept (strong) + debt (strong) → coercion at destination: likely victim
    (
        ("al01", "al02", "al11", "al12", "al15", "al16"),
        Result.LIKELY_VICTIM,
        {
            Dimension.DECEPTIVE_RECRUITMENT,
            Dimension.EXPLOITATIVE_CONDITIONS,
            Dimension.COERCION_AT_DESTINATION,
        },
    ),
    # recruitment by abuse of vulnerability by two medium + one weak (al08, al09, al10); exploitation by three
    # medium (al12, al13, al14); abuse of vulnerability at destination by two medium + one weak (al20-al22)
    (
        ("al08", "al09", "al10", "al12", "al13", "al14", "al20", "al21", "al22"),
        Result.LIKELY_VICTIM,
        {
            Dimension.RECRUITMENT_ABUSE_OF_VULNERABILITY,
            Dimension.EXPLOITATIVE_CONDITIONS,
            Dimension.DESTINATION_ABUSE_OF_VULNERABILITY,
        },
    ),
    # borderline: as the first, but exploitation has one strong indicator only → not present: possible victim
    (
        ("al01", "al02", "al11", "al15", "al16"),
        Result.POSSIBLE_VICTIM,
        {Dimension.DECEPTIVE_RECRUITMENT, Dimension.COERCION_AT_DESTINATION},
    ),
    # borderline: two medium indicators of exploitation and nothing weak → not present
    (
        ("al01", "al02", "al12", "al13", "al15", "al16"),
        Result.POSSIBLE_VICTIM,
        {Dimension.DECEPTIVE_RECRUITMENT, Dimension.COERCION_AT_DESTINATION},
    ),
    # a weak indicator alone is an indicator found, never a dimension
    (("al10",), Result.POSSIBLE_VICTIM, set()),
    ((), Result.NO_INDICATORS, set()),
]

ADULTS_SEXUAL = [
    # abducted (strong) + violence (strong) → coercive recruitment; forced sex (strong) + earnings kept (medium);
    # violence (strong) + confinement (strong) at destination
    (
        ("as04", "as05", "as10", "as11", "as15", "as16"),
        Result.LIKELY_VICTIM,
        {
            Dimension.COERCIVE_RECRUITMENT,
            Dimension.EXPLOITATIVE_CONDITIONS,
            Dimension.COERCION_AT_DESTINATION,
        },
    ),
    # deceived about the job (strong) + promise of marriage (weak) → deceptive recruitment; forced sex (strong)
    # + bad living conditions (medium); threats to tell the family (medium) + drugs (medium) + dependency on the
    # exploiters (medium) are in two dimensions: neither reaches the rule → possible victim
    (
        ("as01", "as03", "as10", "as13", "as17", "as18", "as19"),
        Result.POSSIBLE_VICTIM,
        {Dimension.DECEPTIVE_RECRUITMENT, Dimension.EXPLOITATIVE_CONDITIONS},
    ),
    # borderline met: the same with an unknown place at destination (as20, medium) and irregular status (as21,
    # weak): two medium + one weak makes abuse of vulnerability at destination present → likely victim
    (
        ("as01", "as03", "as10", "as13", "as19", "as20", "as21"),
        Result.LIKELY_VICTIM,
        {
            Dimension.DECEPTIVE_RECRUITMENT,
            Dimension.EXPLOITATIVE_CONDITIONS,
            Dimension.DESTINATION_ABUSE_OF_VULNERABILITY,
        },
    ),
    ((), Result.NO_INDICATORS, set()),
]

CHILDREN = [
    # sold (strong) + violence when taken (strong); sexual exploitation (strong) + unpaid (medium): no means are
    # needed for a child → likely victim without any dimension at destination
    (
        ("ch03", "ch04", "ch08", "ch10"),
        Result.LIKELY_VICTIM,
        {Dimension.COERCIVE_RECRUITMENT, Dimension.EXPLOITATIVE_CONDITIONS},
    ),
    # deceived (strong) + family deceived (medium); hazardous work (strong) + long hours (medium)
    (
        ("ch01", "ch02", "ch07", "ch09"),
        Result.LIKELY_VICTIM,
        {Dimension.DECEPTIVE_RECRUITMENT, Dimension.EXPLOITATIVE_CONDITIONS},
    ),
    # borderline: recruitment by one medium + one weak (ch05, ch06) is not present, whatever the exploitation
    (
        ("ch05", "ch06", "ch07", "ch09", "ch11", "ch12"),
        Result.POSSIBLE_VICTIM,
        {Dimension.EXPLOITATIVE_CONDITIONS, Dimension.COERCION_AT_DESTINATION},
    ),
    ((), Result.NO_INDICATORS, set()),
]


@pytest.mark.parametrize(
    ("questionnaire_id", "examples"),
    [("adults_labour", ADULTS_LABOUR), ("adults_sexual", ADULTS_SEXUAL), ("children", CHILDREN)],
)
def test_each_questionnaire_scores_its_hand_worked_examples(
    questionnaire_id: str, examples: list[tuple[tuple[str, ...], Result, set[Dimension]]]
) -> None:
    asked = questionnaire(questionnaire_id, "peru")
    for answered_yes, result, present in examples:
        answers = dict.fromkeys(asked.question_ids, "no") | yes(*answered_yes)
        assessment = score(asked, answers)
        assert assessment.result is result, answered_yes
        assert set(assessment.present) == present, answered_yes
        assert {found.question_id for found in assessment.indicators} == set(answered_yes)


def test_the_profile_has_the_three_questionnaires_on_the_six_dimensions_with_every_strength() -> (
    None
):
    found = questionnaires("peru")
    assert set(found) == {"adults_labour", "adults_sexual", "children"}
    assert found["children"].population is Population.CHILD
    for asked in found.values():
        assert {q.dimension for q in asked.questions} == set(Dimension), asked.id
        assert {q.strength.value for q in asked.questions} == {"strong", "medium", "weak"}
        assert all(q.texts["es"] and q.texts["en"] for q in asked.questions)


def test_the_explanation_names_the_result_the_indicators_and_the_elements_never_a_bare_number() -> (
    None
):
    asked = questionnaire("adults_labour", "peru")
    assessment = score(asked, yes("al01", "al02", "al11", "al15", "al16"))
    lines = assessment.explanation("en")
    assert lines[0] == "Result: possible victim."
    assert (
        "deceptive recruitment: present, by Deceived about the nature of the job, location or employer "
        "(strong indicator), Deceived about wages or earnings (medium indicator)." in lines
    )
    assert (
        "exploitative conditions: not present, only Excessive working days or hours (strong indicator)."
        in lines
    )
    assert "Element missing: exploitative conditions." in lines
    assert "Element met: coercion or abuse of vulnerability at destination." in lines
    spanish = assessment.explanation("es")
    assert spanish[0] == "Resultado: posible víctima."
    assert "Elemento ausente: condiciones de explotación." in spanish


def test_unknown_and_no_answers_find_no_indicator() -> None:
    asked = questionnaire("children", "peru")
    assessment = score(asked, dict.fromkeys(asked.question_ids, "unknown"))
    assert assessment.result is Result.NO_INDICATORS
    assert assessment.explanation("en") == [
        "Result: no indicators found.",
        "Element missing: recruitment (deceptive, coercive or by abuse of vulnerability).",
        "Element missing: exploitative conditions.",
    ]


@pytest.mark.parametrize("answers", [{"zz99": "yes"}, {"al01": "sí"}, {"al01": "1"}])
def test_an_answer_to_no_question_or_not_yes_no_or_unknown_is_refused(
    answers: dict[str, str],
) -> None:
    with pytest.raises(AnswerError):
        score(questionnaire("adults_labour", "peru"), answers)
