"""From scored pairs to persons: reviewers' decisions applied, then links joined strongest first, never joining
records the model is sure are two people.

A pair at or above the threshold links its two records, unless a reviewer rejected it; a pair a reviewer accepted
links them whatever its score. Links are joined from the most likely down, each joining the two groups of records
it connects (a record linked to no other is a person on its own), unless a *veto* would end in one person: two
records the model scored as almost surely different people (below ``VETO_BELOW``, see
:mod:`kuska.linkage.pipeline`). So a record with little on it (a first name and an age) that looks like two
different persons joins the likelier one, and does not merge the two. A person's id is the smallest record id among
its records, so the same links always give the same ids, and a person keeps its id when a newer record joins it.

A rejection removes one link, not the possibility that the two records meet through a third one: the review queue
shows the pairs of a cluster, so a reviewer can reject each link that holds the wrong records together. An accepted
pair is joined whatever the vetoes: the reviewer has seen the records.

>>> persons([1, 2, 3, 4], [(1, 2, 0.99), (3, 4, 0.6)], threshold=0.9)
{1: 1, 2: 1, 3: 3, 4: 4}
>>> persons([1, 2, 3, 4], [(1, 2, 0.99), (3, 4, 0.6)], threshold=0.9, accepted={(3, 4)}, rejected={(1, 2)})
{1: 1, 2: 2, 3: 3, 4: 3}
>>> persons([1, 2, 3], [(1, 3, 0.99), (2, 3, 0.97)], threshold=0.9, vetoes={(1, 2)})
{1: 1, 2: 2, 3: 1}
"""

from __future__ import annotations

from collections.abc import Iterable, Set


def ordered(a: int, b: int) -> tuple[int, int]:
    return (a, b) if a < b else (b, a)


def _root(parent: dict[int, int], node: int) -> int:
    """The root of ``node``'s group in the union-find forest ``parent``, compressing the path to it."""
    top = node
    while parent[top] != top:
        top = parent[top]
    while parent[node] != top:  # path compression
        parent[node], node = top, parent[node]
    return top


def components(record_ids: Iterable[int], links: Iterable[tuple[int, int]]) -> dict[int, int]:
    """Record id → the smallest record id of its connected component through ``links``.

    >>> components([1, 2, 3, 4], [(2, 3), (3, 1)])
    {1: 1, 2: 1, 3: 1, 4: 4}
    """
    parent: dict[int, int] = {r: r for r in record_ids}

    def root(node: int) -> int:
        return _root(parent, node)

    for a, b in links:
        ra, rb = root(a), root(b)
        if ra != rb:
            # the smaller id becomes the root: the person id is its smallest record id
            parent[max(ra, rb)] = min(ra, rb)
    return {r: root(r) for r in parent}


def persons(
    record_ids: Iterable[int],
    pairs: Iterable[tuple[int, int, float]],
    *,
    threshold: float,
    accepted: Set[tuple[int, int]] = frozenset(),
    rejected: Set[tuple[int, int]] = frozenset(),
    vetoes: Set[tuple[int, int]] = frozenset(),
) -> dict[int, int]:
    """Record id → person id (see the module's docstring). Pairs are ``(record, record, match probability)``;
    accepted, rejected and vetoed pairs are ``(smaller id, larger id)``."""
    parent: dict[int, int] = {r: r for r in record_ids}
    size: dict[int, int] = {}  # the groups of two records or more, by their root
    against: dict[int, set[int]] = {}
    for a, b in vetoes:
        against.setdefault(a, set()).add(b)
        against.setdefault(b, set()).add(a)
    # each group's records that have a veto: the only ones a veto check needs (no list per record: on a million
    # records, a million small lists cost more in allocation and garbage collection than the rest of the step)
    vetoed_records: dict[int, list[int]] = {r: [r] for r in against if r in parent}
    apart: set[tuple[int, int]] = set()  # groups found vetoed: they stay apart as they grow

    def root(node: int) -> int:
        return _root(parent, node)

    def vetoed(ra: int, rb: int) -> bool:
        # the vetoes of the group with fewer vetoed records, looked up in the other group
        key = ordered(ra, rb)
        if key in apart:
            return True
        mine, theirs = vetoed_records.get(ra, ()), rb
        if len(mine) > len(vetoed_records.get(rb, ())):
            mine, theirs = vetoed_records.get(rb, ()), ra
        if any(root(other) == theirs for record in mine for other in against[record]):
            apart.add(key)
            return True
        return False

    def join(a: int, b: int, *, checked: bool) -> None:
        ra, rb = root(a), root(b)
        if ra == rb or (checked and vetoed(ra, rb)):
            return
        if size.get(ra, 1) < size.get(rb, 1):
            ra, rb = rb, ra
        parent[rb] = ra
        size[ra] = size.get(ra, 1) + size.pop(rb, 1)
        if rb in vetoed_records:
            vetoed_records.setdefault(ra, []).extend(vetoed_records.pop(rb))

    for a, b in accepted:
        if a in parent and b in parent:
            join(a, b, checked=False)
    links = [
        (-probability, *ordered(a, b))
        for a, b, probability in pairs
        if probability >= threshold and ordered(a, b) not in rejected
    ]
    links.sort()  # the most likely first (then by record ids, for the same persons on every run)
    for _, a, b in links:
        join(a, b, checked=True)
    roots = {record: root(record) for record in parent}
    smallest: dict[int, int] = {}
    for record, top in roots.items():
        if top not in smallest or record < smallest[top]:
            smallest[top] = record
    return {record: smallest[top] for record, top in roots.items()}
