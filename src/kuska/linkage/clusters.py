"""From scored pairs to persons: reviewers' decisions applied, then connected components.

A pair at or above the threshold links its two records, unless a reviewer rejected it; a pair a reviewer accepted
links them whatever its score. Persons are the connected components of those links (a record linked to no other
is a person on its own). A person's id is the smallest record id among its records, so the same links always give
the same ids, and a person keeps its id when a newer record joins it.

A rejection removes one link, not the possibility that the two records meet through a third one: the review queue
shows the pairs of a cluster, so a reviewer can reject each link that holds the wrong records together.

>>> persons([1, 2, 3, 4], [(1, 2, 0.99), (3, 4, 0.6)], threshold=0.9)
{1: 1, 2: 1, 3: 3, 4: 4}
>>> persons([1, 2, 3, 4], [(1, 2, 0.99), (3, 4, 0.6)], threshold=0.9, accepted={(3, 4)}, rejected={(1, 2)})
{1: 1, 2: 2, 3: 3, 4: 3}
"""

from __future__ import annotations

from collections.abc import Iterable, Set


def ordered(a: int, b: int) -> tuple[int, int]:
    return (a, b) if a < b else (b, a)


def persons(
    record_ids: Iterable[int],
    pairs: Iterable[tuple[int, int, float]],
    *,
    threshold: float,
    accepted: Set[tuple[int, int]] = frozenset(),
    rejected: Set[tuple[int, int]] = frozenset(),
) -> dict[int, int]:
    """Record id → person id (see the module's docstring). Pairs are ``(record, record, match probability)``."""
    parent: dict[int, int] = {r: r for r in record_ids}

    def root(node: int) -> int:
        top = node
        while parent[top] != top:
            top = parent[top]
        while parent[node] != top:  # path compression
            parent[node], node = top, parent[node]
        return top

    def join(a: int, b: int) -> None:
        ra, rb = root(a), root(b)
        if ra != rb:
            # the smaller id becomes the root: the person id is its smallest record id
            if ra < rb:
                parent[rb] = ra
            else:
                parent[ra] = rb

    for a, b, probability in pairs:
        if probability >= threshold and ordered(a, b) not in rejected:
            join(a, b)
    for a, b in accepted:
        if a in parent and b in parent:
            join(a, b)
    return {r: root(r) for r in parent}
