"""Disclosure control for published figures: small counts suppressed, and nothing suppressed recoverable.

A breakdown is a table of cells with all its margins (row, column and grand totals of nested breakdowns): a cell
key holds one category per dimension, ``None`` for "all". Every margin is the sum of the cells it covers, one
dimension at a time; these are the equations a reader can use.

1. *Primary suppression*: every count from 1 to 4 (:data:`SMALL`); zeros are published.
2. *Secondary suppression*: while some equation has exactly one suppressed cell, the smallest non-zero published
   cell of that equation is suppressed too.
3. *Exact audit*: with the published cells fixed, a suppressed cell is recoverable only if it is the same in every
   solution of the equations. Because every suppressed cell is positive (primary cells are 1–4 and secondary cells
   are chosen non-zero), the true table lies strictly inside the non-negativity bounds, so a suppressed cell's
   feasible range is a single value exactly when the cell is a linear combination of the equations — a rank
   question answered with exact rational elimination. A recoverable cell gets one more cell suppressed beside
   it, and steps 2–3 repeat. This ends: with every non-zero cell suppressed nothing is recoverable.

>>> table = {(None,): 7, ("female",): 3, ("male",): 4}
>>> sorted(suppress(table, [["female", "male"]]), key=str)
[('female',), ('male',)]
"""

from __future__ import annotations

import itertools
from collections.abc import Mapping, Sequence
from collections.abc import Set as AbstractSet
from decimal import Decimal
from fractions import Fraction
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from kuska.stats.engine import IndicatorResult

CellKey = tuple[str | None, ...]
SMALL = range(1, 5)  # counts suppressed in published tables
_PRIME = 2**61 - 1  # a Mersenne prime for the fast elimination


def is_small(value: int | Decimal) -> bool:
    return value != 0 and 1 <= value <= 4


def equations(categories: Sequence[Sequence[str]]) -> list[tuple[CellKey, list[CellKey]]]:
    """Every margin equation of the table: (the margin, the cells it sums over one dimension)."""
    out: list[tuple[CellKey, list[CellKey]]] = []
    choices = [[None, *c] for c in categories]
    for key in itertools.product(*choices):
        for position, part in enumerate(key):
            if part is None:
                members = [
                    (*key[:position], category, *key[position + 1 :])
                    for category in categories[position]
                ]
                out.append((tuple(key), members))
    return out


def suppress(
    cells: Mapping[CellKey, int | Decimal], categories: Sequence[Sequence[str]]
) -> frozenset[CellKey]:
    """The cells to leave out of a published table so no count of 1–4 is shown or can be worked out."""
    system = equations(categories)
    by_cell: dict[CellKey, list[int]] = {}
    for index, (total, members) in enumerate(system):
        for key in (total, *members):
            by_cell.setdefault(key, []).append(index)
    hidden = {key for key, value in cells.items() if is_small(value)}
    exact = False
    while True:
        _close_single(cells, system, by_cell, hidden)
        exposed = recoverable(hidden, system, modulus=None if exact else _PRIME)
        if not exposed and not exact:
            exact = True  # confirm the answer over the rationals
            exposed = recoverable(hidden, system)
        if not exposed:
            return frozenset(hidden)
        touched: set[int] = set()
        for key in sorted(exposed, key=_order):
            if touched.isdisjoint(by_cell.get(key, [])):  # one partner per neighbourhood and round
                partner = _partner_for(key, cells, system, by_cell, hidden)
                hidden.add(partner)
                touched.update(by_cell.get(partner, []))


def _order(key: CellKey) -> tuple[int, tuple[str, ...]]:
    # margins last: keep totals published when a leaf will do
    return (sum(part is None for part in key), tuple(part or "" for part in key))


def _choose(
    candidates: Sequence[CellKey], cells: Mapping[CellKey, int | Decimal]
) -> CellKey | None:
    non_zero = [c for c in candidates if cells.get(c, 0) != 0]
    if not non_zero:
        return None
    return min(non_zero, key=lambda c: (cells.get(c, 0), _order(c)))


def _close_single(
    cells: Mapping[CellKey, int | Decimal],
    system: Sequence[tuple[CellKey, list[CellKey]]],
    by_cell: Mapping[CellKey, list[int]],
    hidden: set[CellKey],
) -> None:
    pending = sorted({i for key in hidden for i in by_cell.get(key, [])})
    while pending:
        index = pending.pop()
        total, members = system[index]
        group = [total, *members]
        if sum(key in hidden for key in group) != 1:
            continue
        chosen = _choose([k for k in group if k not in hidden], cells)
        if chosen is None:  # only zeros beside it: the table is not additive here
            continue
        hidden.add(chosen)
        pending.extend(by_cell.get(chosen, []))


def _partner_for(
    exposed: CellKey,
    cells: Mapping[CellKey, int | Decimal],
    system: Sequence[tuple[CellKey, list[CellKey]]],
    by_cell: Mapping[CellKey, list[int]],
    hidden: set[CellKey],
) -> CellKey:
    """One more cell to suppress so that ``exposed`` can no longer be worked out."""
    for index in by_cell.get(exposed, []):
        total, members = system[index]
        chosen = _choose([k for k in (total, *members) if k not in hidden], cells)
        if chosen is not None:
            return chosen
    chosen = _choose([k for k in cells if k not in hidden], cells)
    if chosen is None:
        raise AssertionError("every non-zero cell is suppressed, yet one is recoverable")
    return chosen


def recoverable(
    hidden: AbstractSet[CellKey],
    system: Sequence[tuple[CellKey, list[CellKey]]],
    *,
    modulus: int | None = None,
) -> set[CellKey]:
    """The suppressed cells whose value follows from the published ones (given all are positive).

    Reduced row echelon form of the equations restricted to the suppressed cells: a cell is fixed exactly when
    its pivot row holds no other cell. Exact over the rationals by default; with a prime ``modulus`` the same
    elimination runs modulo that prime (much faster; it can only miss a recoverable cell if the prime divides a
    minor of the system, so :func:`suppress` confirms its final answer exactly).
    """
    one: Any = Fraction(1) if modulus is None else 1

    def reduce(value: Any) -> Any:
        return value if modulus is None else value % modulus

    def divide(value: Any, by: Any) -> Any:
        return value / by if modulus is None else value * pow(by, modulus - 2, modulus) % modulus

    pivots: dict[CellKey, dict[CellKey, Any]] = {}
    for total, members in system:
        row: dict[CellKey, Any] = {}
        if total in hidden:
            row[total] = one
        for key in members:
            if key in hidden:
                row[key] = reduce(row.get(key, 0) - one)
        row = {k: v for k, v in row.items() if v}
        for variable in [v for v in row if v in pivots]:
            factor = row.get(variable, 0)
            if factor:
                for k, coefficient in pivots[variable].items():
                    value = reduce(row.get(k, 0) - factor * coefficient)
                    if value:
                        row[k] = value
                    else:
                        row.pop(k, None)
        if not row:
            continue
        pivot = max(row, key=_order)
        scale = row[pivot]
        row = {k: divide(v, scale) for k, v in row.items()}
        for other in pivots.values():
            factor = other.get(pivot)
            if factor:
                for k, coefficient in row.items():
                    value = reduce(other.get(k, 0) - factor * coefficient)
                    if value:
                        other[k] = value
                    else:
                        other.pop(k, None)
        pivots[pivot] = row
    return {pivot for pivot, row in pivots.items() if len(row) == 1}


def protect(result: IndicatorResult) -> IndicatorResult:
    """Apply disclosure control to a result in place (when its indicator asks for it) and return it."""
    from kuska.stats.engine import Status

    if result.status is not Status.REPORTED or not result.indicator.disclosure:
        return result
    categories = [result.categories[d] for d in result.dimensions]
    result.suppressed = suppress(result.cells, categories)
    return result
