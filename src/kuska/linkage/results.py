"""What a run found, for people and programs: the export file and the evaluation against a truth file.

The export holds the agency, the agency's record id and the person id of every person record — never a name, a
birth date or a document: it tells which records are one person, not who the person is.
"""

from __future__ import annotations

import csv
from collections.abc import Iterator
from pathlib import Path

from kuska.files import neutralised_row, open_private
from kuska.linkage.evaluate import Evaluation, evaluate
from kuska.linkage.models import ClusterAssignment, LinkageRun

EXPORT_HEADER = ("agency", "source_record_id", "person_id")
TRUTH_COLUMNS = ("agency", "source_record_id", "truth_id")


class TruthFileError(ValueError):
    """The truth file cannot be read (missing columns, not a CSV)."""


def assignments(run: LinkageRun) -> Iterator[tuple[str, str, int]]:
    """(agency, source record id, person id) of every record of the run, by agency and record id."""
    rows = (
        ClusterAssignment.objects.filter(run=run)
        .order_by("record__agency__code", "record__source_record_id")
        .values_list("record__agency__code", "record__source_record_id", "person_id")
    )
    yield from rows.iterator(chunk_size=20_000)


def export(run: LinkageRun, path: Path) -> int:
    """Write the run's persons as CSV (:data:`EXPORT_HEADER`); returns the rows written."""
    count = 0
    with open_private(path, "w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(EXPORT_HEADER)
        for row in assignments(run):
            writer.writerow(neutralised_row(row))  # a record id is the agency's own text
            count += 1
    return count


def read_truth(path: Path) -> dict[tuple[str, str], str]:
    """A truth file: CSV with the columns agency, source_record_id, truth_id (``kuska synth``'s truth.csv)."""
    with path.open(encoding="utf-8-sig", newline="") as handle:
        reader = csv.DictReader(handle)
        missing = [c for c in TRUTH_COLUMNS if c not in (reader.fieldnames or [])]
        if missing:
            raise TruthFileError(f"{path}: missing column(s) {', '.join(missing)}")
        return {(row["agency"], row["source_record_id"]): row["truth_id"] for row in reader}


def evaluate_run(run: LinkageRun, truth: dict[tuple[str, str], str]) -> Evaluation:
    found = {(agency, record): person for agency, record, person in assignments(run)}
    return evaluate(found, truth)
