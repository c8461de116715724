"""How good a linkage is, against the truth: pairwise and B-cubed precision, recall and F1.

Both compare two partitions of the same records: the clusters found (``found``: record → person id) and the true
persons (``truth``: record → truth id). Records are keys such as ``(agency, source record id)``; only records in
both are compared (the counts of the others are reported).

- *Pairwise*: a pair of records is linked when both are in the same cluster. Precision is the share of linked
  pairs that are truly the same person, recall the share of true pairs that are linked.
- *B-cubed*: for each record, precision is the share of its cluster that is truly its person, recall the share of
  its person that is in its cluster; both are averaged over the records. Unlike pairwise figures, large clusters
  do not dominate it.

With no pair to judge (nothing linked, or nothing to link) a precision or recall is 1.0: nothing claimed was wrong,
nothing there was missed.

>>> found = {"a": 1, "b": 1, "c": 2, "d": 3}
>>> truth = {"a": "x", "b": "x", "c": "x", "d": "y"}
>>> m = evaluate(found, truth)
>>> m.pairwise.precision, round(m.pairwise.recall, 4), m.pairwise.true_positives
(1.0, 0.3333, 1)
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Hashable, Iterable, Mapping
from dataclasses import asdict, dataclass, field
from itertools import combinations
from typing import Any, TypeVar

Record = TypeVar("Record", bound=Hashable)


@dataclass(frozen=True)
class Scores:
    precision: float
    recall: float
    f1: float


@dataclass(frozen=True)
class PairwiseScores(Scores):
    true_positives: int
    linked_pairs: int
    true_pairs: int


@dataclass(frozen=True)
class KindRecall:
    true_pairs: int
    linked: int
    recall: float


@dataclass(frozen=True)
class Evaluation:
    pairwise: PairwiseScores
    bcubed: Scores
    records: int  # compared: in the linkage and in the truth
    only_found: int  # in the linkage, not in the truth
    only_truth: int  # in the truth, not in the linkage
    clusters: int
    truth_persons: int
    # per kind of noise (from the truth file): the true pairs with a record carrying it, and their recall
    by_noise: dict[str, KindRecall] = field(default_factory=dict)
    # per comparison, the levels the wrongly linked scored pairs reached, and how many reached each
    false_links: dict[str, dict[str, int]] = field(default_factory=dict)
    false_linked_pairs: int = 0

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)


def _f1(precision: float, recall: float) -> float:
    return 0.0 if precision + recall == 0 else 2 * precision * recall / (precision + recall)


def _ratio(part: float, whole: float) -> float:
    return 1.0 if whole == 0 else part / whole


def _pairs(n: int) -> int:
    return n * (n - 1) // 2


def evaluate(found: Mapping[Record, Hashable], truth: Mapping[Record, Hashable]) -> Evaluation:
    """Pairwise and B-cubed scores of ``found`` against ``truth`` (see the module's docstring)."""
    common = found.keys() & truth.keys()
    cells: Counter[tuple[Hashable, Hashable]] = Counter((found[k], truth[k]) for k in common)
    cluster_sizes: Counter[Hashable] = Counter()
    person_sizes: Counter[Hashable] = Counter()
    for (cluster, person), n in cells.items():
        cluster_sizes[cluster] += n
        person_sizes[person] += n

    true_positives = sum(_pairs(n) for n in cells.values())
    linked = sum(_pairs(n) for n in cluster_sizes.values())
    true_pairs = sum(_pairs(n) for n in person_sizes.values())
    precision = _ratio(true_positives, linked)
    recall = _ratio(true_positives, true_pairs)

    records = len(common)
    b_precision = _ratio(
        sum(n * n / cluster_sizes[cluster] for (cluster, _), n in cells.items()), records
    )
    b_recall = _ratio(
        sum(n * n / person_sizes[person] for (_, person), n in cells.items()), records
    )
    return Evaluation(
        pairwise=PairwiseScores(
            precision=precision,
            recall=recall,
            f1=_f1(precision, recall),
            true_positives=true_positives,
            linked_pairs=linked,
            true_pairs=true_pairs,
        ),
        bcubed=Scores(b_precision, b_recall, _f1(b_precision, b_recall)),
        records=records,
        only_found=len(found.keys() - truth.keys()),
        only_truth=len(truth.keys() - found.keys()),
        clusters=len(cluster_sizes),
        truth_persons=len(person_sizes),
    )


def recall_by_noise(
    found: Mapping[Record, Hashable],
    truth: Mapping[Record, Hashable],
    noise: Mapping[Record, Iterable[str]],
) -> dict[str, KindRecall]:
    """Pairwise recall of the true pairs in which a record carries each kind of noise (a pair counts for every
    kind either of its records carries), by kind in alphabetical order.

    >>> found = {"a": 1, "b": 1, "c": 2, "d": 3}
    >>> truth = {"a": "x", "b": "x", "c": "x", "d": "y"}
    >>> recall_by_noise(found, truth, {"b": ["typo"], "c": ["given_surname_swapped"]})["typo"]
    KindRecall(true_pairs=2, linked=1, recall=0.5)
    """
    members: defaultdict[Hashable, list[Record]] = defaultdict(list)
    for record in found.keys() & truth.keys():
        members[truth[record]].append(record)
    pairs: Counter[str] = Counter()
    linked: Counter[str] = Counter()
    for records in members.values():
        for a, b in combinations(records, 2):
            kinds = {*noise.get(a, ()), *noise.get(b, ())}
            same = found[a] == found[b]
            for kind in kinds:
                pairs[kind] += 1
                linked[kind] += same
    return {
        kind: KindRecall(pairs[kind], linked[kind], _ratio(linked[kind], pairs[kind]))
        for kind in sorted(pairs)
    }
