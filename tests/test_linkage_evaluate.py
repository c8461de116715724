"""Linkage evaluation: pairwise and B-cubed precision, recall and F1, checked on examples worked by hand."""

from __future__ import annotations

from fractions import Fraction

import pytest

from kuska.linkage.evaluate import KindRecall, evaluate, recall_by_noise

# Truth: a, b, c are one person (X); d, e another (Y); f a third (Z).
TRUTH = {"a": "X", "b": "X", "c": "X", "d": "Y", "e": "Y", "f": "Z"}
# Found: {a, b}, {c, d}, {e}, {f}: one right link, one wrong link, three true pairs missed.
FOUND = {"a": 1, "b": 1, "c": 2, "d": 2, "e": 3, "f": 4}


def test_pairwise_scores_count_pairs_of_records() -> None:
    scores = evaluate(FOUND, TRUTH).pairwise
    # linked pairs: ab, cd; true pairs: ab, ac, bc, de; right: ab
    assert (scores.linked_pairs, scores.true_pairs, scores.true_positives) == (2, 4, 1)
    assert scores.precision == pytest.approx(1 / 2)
    assert scores.recall == pytest.approx(1 / 4)
    assert scores.f1 == pytest.approx(1 / 3)


def test_bcubed_scores_average_over_records() -> None:
    scores = evaluate(FOUND, TRUTH).bcubed
    # precision per record: a 1, b 1, c 1/2, d 1/2, e 1, f 1
    precision = Fraction(5, 6)
    # recall per record: a 2/3, b 2/3, c 1/3, d 1/2, e 1/2, f 1
    recall = Fraction(11, 18)
    assert scores.precision == pytest.approx(float(precision))
    assert scores.recall == pytest.approx(float(recall))
    assert scores.f1 == pytest.approx(float(2 * precision * recall / (precision + recall)))


def test_a_perfect_linkage_scores_one_everywhere() -> None:
    result = evaluate(TRUTH, TRUTH)
    assert (result.pairwise.precision, result.pairwise.recall, result.pairwise.f1) == (
        1.0,
        1.0,
        1.0,
    )
    assert (result.bcubed.precision, result.bcubed.recall, result.bcubed.f1) == (1.0, 1.0, 1.0)


def test_linking_nothing_is_precise_but_misses_every_pair() -> None:
    alone = {key: key for key in TRUTH}
    result = evaluate(alone, TRUTH)
    assert result.pairwise.precision == 1.0  # nothing claimed, nothing wrong
    assert result.pairwise.recall == 0.0
    assert result.pairwise.f1 == 0.0
    assert result.bcubed.precision == 1.0


def test_merging_everything_recalls_every_pair_but_is_imprecise() -> None:
    one = dict.fromkeys(TRUTH, 1)
    result = evaluate(one, TRUTH)
    assert result.pairwise.recall == 1.0
    assert result.pairwise.precision == pytest.approx(4 / 15)
    assert result.clusters == 1
    assert result.truth_persons == 3


def test_records_missing_from_either_side_are_counted_and_left_out() -> None:
    found = {**FOUND, "g": 9}
    truth = {k: v for k, v in TRUTH.items() if k != "f"}
    result = evaluate(found, truth)
    assert (result.records, result.only_found, result.only_truth) == (5, 2, 0)


def test_the_evaluation_reads_as_json_ready_data() -> None:
    data = evaluate(FOUND, TRUTH).as_dict()
    assert set(data) >= {"pairwise", "bcubed", "records"}
    assert set(data["pairwise"]) >= {"precision", "recall", "f1"}
    assert set(data["bcubed"]) == {"precision", "recall", "f1"}


def test_recall_by_kind_of_noise_counts_the_true_pairs_a_noisy_record_is_in() -> None:
    # c was recorded with given name and surname swapped, and was missed; b had a typo and was found with a
    noise = {"b": ("typo",), "c": ("given_surname_swapped", "typo"), "e": ("no_document",)}

    found = recall_by_noise(FOUND, TRUTH, noise)

    # true pairs: ab (typo), ac (swap, typo), bc (all), de (no_document); linked: ab
    assert found == {
        "given_surname_swapped": KindRecall(true_pairs=2, linked=0, recall=0.0),
        "no_document": KindRecall(true_pairs=1, linked=0, recall=0.0),
        "typo": KindRecall(true_pairs=3, linked=1, recall=1 / 3),
    }


def test_a_kind_of_noise_no_true_pair_carries_is_not_listed() -> None:
    assert recall_by_noise(FOUND, TRUTH, {"f": ("namesake",)}) == {}
