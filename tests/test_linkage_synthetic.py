"""Acceptance: the synthetic 2018–2020 data of every agency, imported through intake and linked, gives pairwise
precision of at least 0.995 and F1 of at least 0.995 against its truth file; a smaller generated population, on
every test run, precision of at least 0.98 and F1 of at least 0.975.

The data (``kuska synth``, default seed) has about 13,000 person records of 8,000 persons across the police, the
prosecutors, UDAVIT, the MIMP protection units and the courts, with each agency's mistakes: over 40% of records
without a document number, a typing mistake in about a quarter of them, swapped and missing surnames, a given name
and a surname swapped, victims known by a first name only, document numbers a keystroke or two apart, birth dates
with day and month swapped or a digit wrong, ages instead of birth dates; and different people who share a common
given name and a surname.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from django.conf import LazySettings

from kuska.linkage.bench import insert_person_records, profile_agencies
from kuska.linkage.models import LinkageRun
from kuska.linkage.pipeline import link
from kuska.linkage.results import evaluate_run, read_noise, read_truth
from kuska.synth.population import generate as generate_population
from tests.synthetic import SyntheticAgencies, submit_every_agency

NEW_KINDS = {
    "given_surname_swapped",
    "first_name_only",
    "document_near",
    "namesake",
    "birth_day_month_swapped",
    "birth_date_digit",
}
PRECISION_SMALL = 0.98
F1_SMALL = 0.975


@pytest.mark.slow
def test_linking_the_synthetic_agencies_finds_their_persons(
    peru: None, settings: LazySettings, tmp_path: Path, synthetic_agencies: SyntheticAgencies
) -> None:
    settings.VAR_DIR = tmp_path
    folder = synthetic_agencies.folder
    submit_every_agency(folder)
    truth = read_truth(folder / "truth.csv")
    noise = read_noise(folder / "truth.csv")
    assert len(truth) > 10_000
    kinds = {k for found in noise.values() for k in found}
    assert kinds >= NEW_KINDS

    run = link().run
    scores = evaluate_run(run, truth, noise)

    assert run.trained
    assert run.status == LinkageRun.Status.COMPLETED
    assert scores.records == len(truth)
    # measured: precision 0.9978, recall 0.9942, F1 0.9960; B-cubed F1 0.9984 (seed 2022: 0.9979, 0.9925, 0.9952)
    assert scores.pairwise.f1 >= 0.995, scores
    assert scores.pairwise.precision >= 0.995, scores
    assert scores.bcubed.f1 >= 0.995, scores


def test_linking_a_generated_population_with_every_kind_of_noise_finds_its_persons(
    peru: None, settings: LazySettings, tmp_path: Path
) -> None:
    """The default-sized check: 3,000 records of the benchmark's population, every kind of noise in them."""
    settings.VAR_DIR = tmp_path
    records = list(generate_population(3000, profile_agencies(), seed=2021))
    insert_person_records(records)
    truth = {(r.agency, r.source_record_id): r.truth_id for r in records}
    noise = {(r.agency, r.source_record_id): tuple(r.noise.split(";")) for r in records if r.noise}

    run = link().run
    scores = evaluate_run(run, truth, noise)

    assert run.trained
    assert set(scores.by_noise) >= NEW_KINDS
    assert scores.pairwise.precision >= PRECISION_SMALL, scores
    assert scores.pairwise.f1 >= F1_SMALL, scores
