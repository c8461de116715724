"""Disclosure control: counts of 1 to 4 are never published, and no suppressed count can be worked out from the
published cells, sub-totals and totals.

The check is independent of the suppression code: for every suppressed cell, linear programming (scipy) finds
its least and greatest value over every non-negative table that agrees with what was published; the two must
differ.
"""

from __future__ import annotations

import itertools
from collections.abc import Mapping, Sequence

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy.optimize import linprog  # type: ignore[import-untyped]

from kuska.stats.disclosure import equations, is_small, protect, recoverable, suppress
from kuska.stats.engine import StatsContext, Status, compute
from kuska.stats.periods import Period
from tests.stats_records import Records

Key = tuple[str | None, ...]


def full_table(leaves: Mapping[Key, int], categories: Sequence[Sequence[str]]) -> dict[Key, int]:
    """The leaves and every margin (a ``None`` in a key adds up that dimension)."""
    cells: dict[Key, int] = {}
    for key in itertools.product(*[[None, *c] for c in categories]):
        cells[key] = sum(
            v
            for leaf, v in leaves.items()
            if all(part is None or part == own for part, own in zip(key, leaf, strict=True))
        )
    return cells


def feasible_ranges(
    cells: Mapping[Key, int], categories: Sequence[Sequence[str]], hidden: frozenset[Key]
) -> dict[Key, tuple[float, float]]:
    """Least and greatest value of each suppressed cell given the published ones (infinity if unbounded)."""
    variables = sorted(hidden, key=lambda k: tuple(p or "" for p in k))
    index = {key: i for i, key in enumerate(variables)}
    rows: list[list[float]] = []
    rhs: list[float] = []
    for total, members in equations(categories):
        row = [0.0] * len(variables)
        constant = 0.0
        for key, sign in [(total, 1.0), *((m, -1.0) for m in members)]:
            if key in index:
                row[index[key]] += sign
            else:
                constant -= sign * cells[key]
        if any(row):
            rows.append(row)
            rhs.append(constant)
        else:
            assert constant == 0, "the published cells do not add up"
    ranges: dict[Key, tuple[float, float]] = {}
    for key in variables:
        objective = np.zeros(len(variables))
        objective[index[key]] = 1.0
        options = {"A_eq": rows or None, "b_eq": rhs or None, "bounds": (0, None)}
        low = linprog(objective, **options)
        high = linprog(-objective, **options)
        assert low.status == 0, low.message
        ranges[key] = (low.fun, float("inf") if high.status == 3 else -high.fun)
    return ranges


def assert_protected(leaves: Mapping[Key, int], categories: Sequence[Sequence[str]]) -> None:
    cells = full_table(leaves, categories)
    hidden = suppress(cells, categories)
    for key, value in cells.items():
        if is_small(value):
            assert key in hidden, f"{key}={value} is published"
    for key, (low, high) in feasible_ranges(cells, categories, hidden).items():
        assert high - low > 1e-6, f"{key}={cells[key]} can be worked out: [{low}, {high}]"


# -- the rules ---------------------------------------------------------------------------------------------------


def test_counts_of_one_to_four_are_suppressed_and_zeros_and_larger_counts_published() -> None:
    cells = full_table({("a",): 0, ("b",): 3, ("c",): 20, ("d",): 30}, [["a", "b", "c", "d"]])
    hidden = suppress(cells, [["a", "b", "c", "d"]])
    assert ("b",) in hidden
    assert ("a",) not in hidden


def test_a_lone_small_cell_takes_the_smallest_other_cell_of_its_row_with_it() -> None:
    cells = full_table({("a",): 3, ("b",): 20, ("c",): 30}, [["a", "b", "c"]])
    assert suppress(cells, [["a", "b", "c"]]) == {("a",), ("b",)}


def test_a_small_total_is_suppressed_with_its_parts() -> None:
    cells = full_table({("female",): 2, ("male",): 1}, [["female", "male"]])
    assert suppress(cells, [["female", "male"]]) == {(None,), ("female",), ("male",)}


def test_the_audit_finds_a_cell_that_the_margins_give_away() -> None:
    categories = [["a", "b"], ["x", "y"]]
    cells = full_table({("a", "x"): 3, ("a", "y"): 10, ("b", "x"): 10, ("b", "y"): 10}, categories)
    system = equations(categories)
    assert recoverable({("a", "x")}, system) == {("a", "x")}
    assert recoverable({("a", "x"), ("a", "y")}, system) == {("a", "x"), ("a", "y")}
    square: set[Key] = {("a", "x"), ("a", "y"), ("b", "x"), ("b", "y")}
    assert recoverable(square, system) == set()
    assert_protected({k: v for k, v in cells.items() if None not in k}, categories)


def test_the_tables_of_the_seed_are_protected() -> None:
    # police victims 2020 by age group and sex: 385 adult women, 0 adult men, 118 girls, 137 boys
    assert_protected(
        {
            ("adult", "female"): 385,
            ("adult", "male"): 0,
            ("child", "female"): 118,
            ("child", "male"): 137,
        },
        [["adult", "child"], ["female", "male"]],
    )
    # prosecutors' victims 2020 by nationality: 402 PE, 45 VE, 7 EC, 1 CO, 1 BO, 14 ZZ
    codes = ["PE", "VE", "EC", "CO", "BO", "ZZ"]
    assert_protected(dict(zip([(c,) for c in codes], [402, 45, 7, 1, 1, 14], strict=True)), [codes])
    # children assisted 2020: 204 PE, 15 VE, 2 EC, 2 CO — by nationality and agency
    assert_protected(
        {("UPE", "PE"): 204, ("UPE", "VE"): 15, ("UPE", "EC"): 2, ("UPE", "CO"): 2},
        [["UPE"], ["PE", "VE", "EC", "CO"]],
    )
    # both agencies by nationality group: PNP 561/79, prosecutors 402/68, and a small region
    assert_protected(
        {
            ("PNP", "national", "LOR"): 300,
            ("PNP", "national", "TUM"): 3,
            ("PNP", "foreign", "LOR"): 79,
            ("PNP", "foreign", "TUM"): 0,
            ("MP", "national", "LOR"): 400,
            ("MP", "national", "TUM"): 2,
            ("MP", "foreign", "LOR"): 67,
            ("MP", "foreign", "TUM"): 1,
        },
        [["PNP", "MP"], ["national", "foreign"], ["LOR", "TUM"]],
    )


@st.composite
def tables(draw: st.DrawFn) -> tuple[dict[Key, int], list[list[str]]]:
    shape = draw(st.lists(st.integers(1, 4), min_size=1, max_size=3))
    categories = [[f"d{i}c{j}" for j in range(n)] for i, n in enumerate(shape)]
    counts = st.one_of(st.integers(0, 6), st.sampled_from([0, 1, 2, 3, 4, 10, 40, 200]))
    leaves: dict[Key, int] = {leaf: draw(counts) for leaf in itertools.product(*categories)}
    return leaves, categories


@settings(max_examples=120, deadline=None)
@given(tables())
def test_no_suppressed_cell_of_a_random_table_can_be_worked_out(
    table: tuple[dict[Key, int], list[list[str]]],
) -> None:
    assert_protected(*table)


@pytest.mark.slow
@settings(max_examples=25, deadline=None)
@given(
    # three or four dimensions of two or three categories: up to 81 leaves and 256 cells, each suppressed one
    # checked by two linear programs (a 4×4×4×4 table takes a linear program 600 times, about 6 s)
    st.lists(st.integers(2, 3), min_size=3, max_size=4).flatmap(
        lambda shape: st.tuples(
            st.just([[f"d{i}c{j}" for j in range(n)] for i, n in enumerate(shape)]),
            st.lists(
                st.sampled_from([0, 1, 2, 3, 4, 5, 8, 30]),
                min_size=int(np.prod(shape)),
                max_size=int(np.prod(shape)),
            ),
        )
    )
)
def test_no_suppressed_cell_of_a_larger_random_table_can_be_worked_out(
    drawn: tuple[list[list[str]], list[int]],
) -> None:
    categories, counts = drawn
    leaves: dict[Key, int] = dict(zip(itertools.product(*categories), counts, strict=True))
    assert_protected(leaves, categories)


# -- on results --------------------------------------------------------------------------------------------------


def test_protect_suppresses_small_cells_of_an_indicator_and_leaves_amounts_whole(
    peru: None,
) -> None:
    records = Records()
    for _ in range(12):
        records.identification("PNP-LOR", "2020-02-01", sex="female")
    for _ in range(2):
        records.identification("PNP-LOR", "2020-02-01", sex="male")
    for _ in range(9):
        records.identification("MP-FISCALIA", "2020-02-01", sex="female")
    records.identification("MP-FISCALIA", "2020-02-01", sex="male")
    for capacity in (3, 2):
        records.facility("MIMP-CAR", "specialized_shelter", capacity=capacity)

    context = StatsContext.load()
    year = Period.calendar(2020)
    victims = protect(
        compute(context.catalogue["victims_identified"], year, ["agency", "sex"], context=context)
    )
    assert victims.status is Status.REPORTED
    assert victims.breakdown()["PNP"]["male"] is None
    assert victims.breakdown()["MP-FISCALIA"]["male"] is None
    assert victims.value == 24
    assert ("PNP", "male") in victims.suppressed
    places = protect(
        compute(context.catalogue["capacity_specialized_shelters"], year, context=context)
    )
    assert places.value == 5
    assert places.suppressed == frozenset()
