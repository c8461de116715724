"""Acceptance: the synthetic 2018–2020 data of every agency, imported through intake and linked, gives pairwise
F1 of at least 0.98 against its truth file.

The data (``kuska synth``, default seed) has about 13,000 person records of 8,000 persons across the police, the
prosecutors, UDAVIT, the MIMP protection units and the courts, with each agency's mistakes: over 40% of records
without a document number, a typing mistake in about a quarter of them, swapped and missing surnames, mistyped
document numbers, wrong birth dates, ages instead of birth dates.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from django.conf import LazySettings

from kuska.linkage.models import LinkageRun
from kuska.linkage.pipeline import link
from kuska.linkage.results import evaluate_run, read_truth
from kuska.synth import AGENCIES, generate, write_dataset

YEARS = (2018, 2019, 2020)
SEED = 2021


@pytest.mark.slow
def test_linking_the_synthetic_agencies_finds_their_persons(
    peru: None, settings: LazySettings, tmp_path: Path
) -> None:
    from kuska.intake.submit import submit

    settings.VAR_DIR = tmp_path
    folder = tmp_path / "synth"
    write_dataset(generate(YEARS, seed=SEED), folder)
    for agency in AGENCIES:
        report = submit(sorted((folder / agency).glob("*.csv")), agency)
        assert report.total("rejected") == 0, agency
    truth = read_truth(folder / "truth.csv")
    assert len(truth) > 10_000

    run = link().run
    scores = evaluate_run(run, truth)

    assert run.trained
    assert run.status == LinkageRun.Status.COMPLETED
    assert scores.records == len(truth)
    assert scores.pairwise.f1 >= 0.98, scores
    assert scores.pairwise.precision >= 0.98, scores
    assert scores.pairwise.recall >= 0.97, scores
    assert scores.bcubed.f1 >= 0.99, scores
