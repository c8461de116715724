"""The figures the synthetic data must reproduce, read from the seed entries of the indicator catalogue.

The catalogue (``kuska/stats/indicators.toml``) is the one source of truth: every ``[[indicator.seed]]`` gives a
figure of the 2021 TIP report for a year, possibly broken down (``by = "agency,age_group,sex"``). :class:`Targets`
answers the generator's questions — how many victims did the police identify in 2020, split how — and remembers which
seed entries it was asked about, so a seed entry no part of the generator reads is noticed (:meth:`Targets.unused`).

For a year the seed says nothing about, the generator still needs a volume: :meth:`Targets.count` then takes the
nearest year's figure, scaled by how a reference series (e.g. the agency's identified victims) changed between the
two years. Those figures are synthetic draws, not the report's.

A breakdown becomes a list of :class:`Spec`, one per person record to produce: what the record must show once
imported (its sex, an age range, its nationality or nationality group). :func:`allocate` builds that list so that
every seed breakdown of the agency and year holds exactly.

>>> import random
>>> tables = [Table(("sex",), {("female",): 2, ("male",): 1}), Table(("age_group",), {("child",): 1, ("adult",): 2})]
>>> specs = allocate(3, tables, random.Random(1), {"age_group": {"child": (0, 17), "adult": (18, 150)}})
>>> sorted(s.sex or "" for s in specs), sorted(s.age for s in specs)
(['female', 'female', 'male'], [(0, 17), (18, 150), (18, 150)])
"""

from __future__ import annotations

import random
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, replace
from typing import Any

from kuska.stats.catalogue import Catalogue, SeedFigure

COUNTRY = "PE"
NOT_SPECIFIED = "ZZ"  # a foreign country the agency did not specify
AGE_DIMENSIONS = ("age_group", "age_band", "age_band_general")
PERSON_DIMENSIONS = ("sex", "nationality", "nationality_group", *AGE_DIMENSIONS)


class CalibrationError(ValueError):
    """The seed entries ask for something the generator cannot build (or that contradicts itself)."""


@dataclass(frozen=True)
class Table:
    """Cells of one seed breakdown for one agency: ``dims`` and a count per combination of categories."""

    dims: tuple[str, ...]
    cells: dict[tuple[str, ...], int]

    @property
    def total(self) -> int:
        return sum(self.cells.values())

    def project(self, dims: tuple[str, ...]) -> Table:
        """The margin over ``dims`` (each a dimension of this table or derivable from one)."""
        out: dict[tuple[str, ...], int] = {}
        for key, count in self.cells.items():
            values = dict(zip(self.dims, key, strict=True))
            if "nationality" in values:
                values.setdefault("nationality_group", _group(values["nationality"]))
            projected = tuple(values[d] for d in dims)
            out[projected] = out.get(projected, 0) + count
        return Table(dims, out)

    def scaled(self, total: int) -> Table:
        """The same shares over ``total`` records (largest remainder: the cells add up to ``total``)."""
        from kuska.synth.profile import apportion

        keys = list(self.cells)
        counts = apportion(total, [self.cells[k] for k in keys]) if self.total else [0] * len(keys)
        return Table(self.dims, dict(zip(keys, counts, strict=True)))


def _group(nationality: str) -> str:
    return "national" if nationality == COUNTRY else "foreign"


def _derivable(dims: Iterable[str]) -> set[str]:
    out = set(dims)
    if "nationality" in out:
        out.add("nationality_group")
    return out


@dataclass(frozen=True)
class Spec:
    """What one person record must show once imported; ``None`` leaves the generator free.

    ``age`` is the range of the age at the event, both ends included; ``nationality`` a recorded code (``ZZ``: a
    foreign country not specified); ``national`` the recorded group (Peruvian or not).
    """

    sex: str | None = None
    age: tuple[int, int] = (0, 150)
    nationality: str | None = None
    national: bool | None = None

    def allows(self, true_nationality: str) -> bool:
        """Whether a person of this (true) nationality can be recorded as this spec says."""
        if self.nationality is not None and self.nationality != NOT_SPECIFIED:
            return true_nationality == self.nationality
        foreign = self.nationality == NOT_SPECIFIED or self.national is False
        if foreign:
            return true_nationality != COUNTRY
        if self.national:
            return true_nationality == COUNTRY
        return True

    def recorded_nationality(self, true_nationality: str) -> str:
        return self.nationality if self.nationality is not None else true_nationality

    @property
    def child_only(self) -> bool:
        return self.age[1] < 18


def compatible(a: Spec, b: Spec, universe: Iterable[str]) -> bool:
    """Whether one person can be recorded as ``a`` by one agency and as ``b`` by another."""
    if a.sex and b.sex and a.sex != b.sex:
        return False
    if max(a.age[0], b.age[0]) > min(a.age[1], b.age[1]):
        return False
    return any(a.allows(code) and b.allows(code) for code in universe)


@dataclass
class Targets:
    """The seed figures of the catalogue, as the generator asks for them; ``scale`` multiplies every volume."""

    catalogue: Catalogue
    scale: float = 1.0
    used: set[tuple[str, int]] = field(default_factory=set)

    def _seeds(self, indicator_id: str, year: int) -> list[tuple[int, SeedFigure]]:
        indicator = self.catalogue[indicator_id]
        return [
            (i, s)
            for i, s in enumerate(indicator.seed)
            if s.year == year and s.period == "calendar"
        ]

    def _mark(self, indicator_id: str, index: int) -> None:
        self.used.add((indicator_id, index))

    def value(self, indicator_id: str, year: int) -> int | None:
        """The seed's total for the year (unscaled), or ``None``."""
        for index, seed in self._seeds(indicator_id, year):
            if seed.value is not None:
                self._mark(indicator_id, index)
                return int(seed.value)
        return None

    def agency_value(self, indicator_id: str, year: int, agency: str) -> int | None:
        """The seed's figure for one agency (from a breakdown ``by = "agency"``), or ``None``."""
        for index, seed in self._seeds(indicator_id, year):
            if seed.by == ("agency",) and agency in seed.breakdown:
                self._mark(indicator_id, index)
                return int(seed.breakdown[agency])
        return None

    def not_reported(self, indicator_id: str, year: int) -> bool:
        found = False
        for index, seed in self._seeds(indicator_id, year):
            if seed.status == "not_reported":
                self._mark(indicator_id, index)
                found = True
        return found

    def mark_not_reported(self, indicator_id: str) -> None:
        """Note that the generator leaves this figure unreported in every year (it sends nothing for it)."""
        for index, seed in enumerate(self.catalogue[indicator_id].seed):
            if seed.status == "not_reported":
                self._mark(indicator_id, index)

    def tables(self, indicator_id: str, year: int, agency: str | None = None) -> list[Table]:
        """The seed breakdowns over person dimensions for the year, for one agency (``by`` starting with agency)
        or, with ``agency=None``, those without an agency dimension."""
        out: list[Table] = []
        for index, seed in self._seeds(indicator_id, year):
            if not seed.by or seed.by == ("agency",):
                continue
            if agency is None:
                if "agency" in seed.by:
                    continue
                dims, nested = seed.by, seed.breakdown
            else:
                if seed.by[0] != "agency" or agency not in seed.breakdown:
                    continue
                dims, nested = seed.by[1:], seed.breakdown[agency]
            unknown = [d for d in dims if d not in PERSON_DIMENSIONS]
            if unknown:
                raise CalibrationError(
                    f"{indicator_id} {year}: the generator cannot build a breakdown by {', '.join(unknown)}"
                )
            self._mark(indicator_id, index)
            out.append(Table(tuple(dims), dict(_flatten(nested, len(dims)))))
        return out

    def count(
        self,
        indicator_id: str,
        year: int,
        *,
        agency: str | None = None,
        reference: tuple[str, str | None] | None = None,
        years: Iterable[int] = (),
    ) -> int:
        """How many records to build for a figure: the seed's (scaled), or an estimate from the nearest seeded year.

        ``reference`` (indicator, agency) is the series whose change between the two years scales the estimate.
        """
        exact = self._exact(indicator_id, year, agency)
        if exact is not None:
            return self.scaled(exact)
        seeded = sorted(
            {s.year for s in self.catalogue[indicator_id].seed if s.status == "reported"},
            key=lambda y: (abs(y - year), -y),
        )
        for other in seeded:
            base = self._peek(indicator_id, other, agency)
            if base is None:
                continue
            ratio = 1.0
            if reference is not None:
                here = self._peek(reference[0], year, reference[1])
                there = self._peek(reference[0], other, reference[1])
                if here and there:
                    ratio = here / there
            return self.scaled(round(base * ratio))
        raise CalibrationError(f"{indicator_id}: no seed figure to estimate {year} from")

    def _exact(self, indicator_id: str, year: int, agency: str | None) -> int | None:
        if agency is None:
            return self.value(indicator_id, year)
        return self.agency_value(indicator_id, year, agency)

    def _peek(self, indicator_id: str, year: int, agency: str | None) -> int | None:
        """A seed figure without marking it used (for estimates)."""
        for seed in self.catalogue[indicator_id].seed:
            if seed.year != year or seed.status != "reported":
                continue
            if agency is None and seed.value is not None:
                return int(seed.value)
            if agency is not None and seed.by == ("agency",) and agency in seed.breakdown:
                return int(seed.breakdown[agency])
        return None

    def scaled(self, n: int) -> int:
        return round(n * self.scale)

    def unused(self, years: Iterable[int]) -> list[str]:
        """Seed entries of ``years`` no part of the generator read: ``indicator year (quote)``."""
        wanted = set(years)
        out = []
        for indicator in self.catalogue:
            for index, seed in enumerate(indicator.seed):
                if seed.year in wanted and (indicator.id, index) not in self.used:
                    out.append(f"{indicator.id} {seed.year} ({seed.quote[:60]}…)")
        return out


def _flatten(nested: Mapping[str, Any] | int, depth: int) -> Iterable[tuple[tuple[str, ...], int]]:
    if depth == 0:
        if not isinstance(nested, int):
            raise CalibrationError(f"a breakdown cell must be a number, not {nested!r}")
        yield (), nested
        return
    if not isinstance(nested, Mapping):
        raise CalibrationError(f"a breakdown is nested one level per dimension, got {nested!r}")
    for key, inner in nested.items():
        for rest, count in _flatten(inner, depth - 1):
            yield (str(key), *rest), count


def allocate(
    n: int,
    tables: list[Table],
    rng: random.Random,
    age_bands: Mapping[str, Mapping[str, tuple[int, int]]],
) -> list[Spec]:
    """``n`` specs such that every table holds exactly (tables are rescaled to ``n`` when their total differs,
    which only happens at a scale other than 1).

    A table whose dimensions another table determines (``nationality_group`` beside ``nationality``) must agree
    with it and is then implied; the remaining tables must be over separate dimensions. Each is expanded into one
    category combination per record, shuffled, and the tables are zipped together.
    """
    kept: list[Table] = []
    for table in sorted(tables, key=lambda t: -len(_derivable(t.dims))):
        coarser = next((k for k in kept if set(table.dims) <= _derivable(k.dims)), None)
        if coarser is not None:
            projected = coarser.project(table.dims)
            if {k: v for k, v in projected.cells.items() if v} != {
                k: v for k, v in table.cells.items() if v
            }:
                raise CalibrationError(f"breakdowns by {table.dims} and {coarser.dims} disagree")
            continue
        for other in kept:
            if _derivable(other.dims) & _derivable(table.dims):
                raise CalibrationError(
                    f"breakdowns by {other.dims} and {table.dims} overlap without one determining the other"
                )
        kept.append(table)
    columns: list[list[dict[str, str]]] = []
    for table in kept:
        if table.total != n:
            table = table.scaled(n)
        column = [
            dict(zip(table.dims, key, strict=True))
            for key, count in table.cells.items()
            for _ in range(count)
        ]
        rng.shuffle(column)
        columns.append(column)
    specs = []
    for i in range(n):
        values: dict[str, str] = {}
        for column in columns:
            values.update(column[i])
        specs.append(_spec(values, age_bands))
    return specs


def _spec(
    values: Mapping[str, str], age_bands: Mapping[str, Mapping[str, tuple[int, int]]]
) -> Spec:
    spec = Spec()
    if "sex" in values:
        spec = replace(spec, sex=values["sex"])
    low, high = spec.age
    for dim in AGE_DIMENSIONS:
        if dim in values:
            band = age_bands[dim].get(values[dim])
            if band is None:
                raise CalibrationError(f"unknown {dim} category {values[dim]!r}")
            low, high = max(low, band[0]), min(high, band[1])
    if low > high:
        raise CalibrationError(f"age categories {dict(values)} do not overlap")
    spec = replace(spec, age=(low, high))
    if "nationality" in values:
        spec = replace(spec, nationality=values["nationality"])
        spec = replace(spec, national=values["nationality"] == COUNTRY)
    elif "nationality_group" in values:
        group = values["nationality_group"]
        if group not in ("national", "foreign"):
            raise CalibrationError(f"unknown nationality group {group!r}")
        spec = replace(spec, national=group == "national")
    return spec
