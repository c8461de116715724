"""What a run found, for people and programs: the export file and the evaluation against a truth file.

The export holds the agency, the agency's record id and the person id of every person record — never a name, a
birth date or a document: it tells which records are one person, not who the person is.
"""

from __future__ import annotations

import csv
from collections import Counter, defaultdict
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path

from django.utils.translation import gettext as _

from kuska.files import neutralised_row, open_private
from kuska.linkage.evaluate import Evaluation, evaluate, recall_by_noise
from kuska.linkage.models import ClusterAssignment, LinkageRun, LinkedPair
from kuska.linkage.review import describe_agreement

EXPORT_HEADER = ("agency", "source_record_id", "person_id")
TRUTH_COLUMNS = ("agency", "source_record_id", "truth_id")
NOISE_COLUMN = "noise"  # optional: the kinds of noise of each record, separated by ";"


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
            raise TruthFileError(
                _("{path}: missing column(s) {columns}").format(
                    path=path, columns=", ".join(missing)
                )
            )
        return {(row["agency"], row["source_record_id"]): row["truth_id"] for row in reader}


def read_noise(path: Path) -> dict[tuple[str, str], tuple[str, ...]]:
    """The kinds of noise of each record of a truth file (its ``noise`` column; none if it has no such column)."""
    with path.open(encoding="utf-8-sig", newline="") as handle:
        reader = csv.DictReader(handle)
        if NOISE_COLUMN not in (reader.fieldnames or []):
            return {}
        return {
            (row["agency"], row["source_record_id"]): tuple(
                k for k in (row[NOISE_COLUMN] or "").split(";") if k
            )
            for row in reader
        }


def evaluate_run(
    run: LinkageRun,
    truth: dict[tuple[str, str], str],
    noise: dict[tuple[str, str], tuple[str, ...]] | None = None,
) -> Evaluation:
    """The run's persons against the truth; with the kinds of noise, the recall of each kind and what the wrongly
    linked pairs had in common."""
    found = {(agency, record): person for agency, record, person in assignments(run)}
    scores = evaluate(found, truth)
    false_links, false_pairs = _false_links(run, truth)
    return replace(
        scores,
        by_noise=recall_by_noise(found, truth, noise or {}),
        false_links=false_links,
        false_linked_pairs=false_pairs,
    )


def _false_links(
    run: LinkageRun, truth: dict[tuple[str, str], str]
) -> tuple[dict[str, dict[str, int]], int]:
    """Per comparison, how many of the linked pairs that join two true persons reached each level."""
    pairs = LinkedPair.objects.filter(
        run=run, outcome__in=(LinkedPair.Outcome.LINKED, LinkedPair.Outcome.ACCEPTED)
    ).values_list(
        "record_l__agency__code",
        "record_l__source_record_id",
        "record_r__agency__code",
        "record_r__source_record_id",
        "agreement",
    )
    levels: defaultdict[str, Counter[str]] = defaultdict(Counter)
    count = 0
    for agency_l, record_l, agency_r, record_r, agreement in pairs.iterator(chunk_size=20_000):
        left, right = truth.get((agency_l, record_l)), truth.get((agency_r, record_r))
        if left is None or right is None or left == right:
            continue
        count += 1
        for comparison, level in describe_agreement(agreement):
            levels[comparison][level] += 1
    return {name: dict(found.most_common()) for name, found in levels.items()}, count
