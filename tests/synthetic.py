"""The synthetic 2018–2020 data of every agency at the seed of ``kuska synth`` and the demo (2021), generated and
written once per pytest run (the session's ``synthetic_agencies``) for every test that reads it.

Generating the three years is the costly part of the acceptance tests that import them (the seed figures, linkage
against the truth file); each test module still imports the files into its own transaction, rolled back at its
end. Tests only read the data set and its folder.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from kuska.synth import AGENCIES, Dataset, generate, write_dataset

YEARS = (2018, 2019, 2020)
SEED = 2021


@dataclass(frozen=True)
class SyntheticAgencies:
    """The generated data set and the folder its files were written to (one subfolder per agency,
    ``truth.csv``)."""

    dataset: Dataset
    folder: Path


def write_synthetic(folder: Path) -> SyntheticAgencies:
    """The data set of :data:`YEARS` at :data:`SEED`, written under ``folder``."""
    dataset = generate(YEARS, seed=SEED)
    write_dataset(dataset, folder)
    return SyntheticAgencies(dataset, folder)


def submit_every_agency(folder: Path) -> None:
    """Every agency's files under ``folder`` submitted through intake; not one row may be rejected."""
    from kuska.intake.submit import submit

    for agency in AGENCIES:
        report = submit(sorted((folder / agency).glob("*.csv")), agency)
        assert report.total("rejected") == 0, agency
