"""Synthetic multi-agency data, calibrated to the seed report's figures. No database: the country (which agency
plays each part, its regions) is read from the profile (:mod:`kuska.synth.country`).

:func:`generate` builds, for the years asked, the records each agency would submit — police and prosecutors'
operations, cases, victims and identifications; suspects, prosecutions, trials, convictions and acquittals; the
children the child-protection units assist and the girls they refer to specialized shelters; the victim-care
unit's short-term care; facilities; budgets, trainings, campaigns, labour inspections and the two hotlines' calls (in
Spanish only, as the seed says) — so that, once imported,
the indicator catalogue gives every seed figure of ``kuska/stats/indicators.toml`` exactly (at scale 1), and the
figures the seed says were not reported come out *not reported*. The same person appears at several agencies with
each agency's mistakes; the truth file says which records are the same person. :func:`write_dataset` writes the
agencies' files.

>>> dataset = generate([2020], seed=7)  # doctest: +SKIP
>>> write_dataset(dataset, Path("var/synth"))  # doctest: +SKIP

Everything is deterministic for a seed: the same seed gives the same bytes.
"""

from __future__ import annotations

from collections.abc import Iterable

from kuska.stats.catalogue import Catalogue, load_catalogue
from kuska.synth import care, hotline, justice, programmes, victims
from kuska.synth.country import (
    CHILD_PROTECTION,
    COURTS,
    EMERGENCY_CENTRES,
    INTERIOR,
    LABOUR,
    POLICE,
    PROSECUTORS,
    VICTIM_CARE,
)
from kuska.synth.dataset import Dataset, Row, Submission
from kuska.synth.targets import CalibrationError, Targets
from kuska.synth.world import World
from kuska.synth.writer import write_dataset

__all__ = [
    "ABSENT",
    "AGENCIES",
    "CalibrationError",
    "Dataset",
    "Row",
    "Submission",
    "generate",
    "parse_years",
    "write_dataset",
]

# The agencies that submit synthetic files (which of the profile's agencies plays each part: kuska.synth.country).
AGENCIES = (
    POLICE,
    PROSECUTORS,
    VICTIM_CARE,
    COURTS,
    CHILD_PROTECTION,
    EMERGENCY_CENTRES,
    INTERIOR,
    LABOUR,
)

# Figures the seed says were not reported, and why the generated data leaves them unreported.
ABSENT = {
    "sentences": "convictions carry no sentence",
    "compensation_orders": "no proceeding carries compensation",
    "compensation_ordered_amount": "no proceeding carries compensation",
    "compensation_payments": "no proceeding carries compensation",
    "compensation_paid_amount": "no proceeding carries compensation",
    "victims_assisted_cem": "the Women's Emergency Centres send their facilities only",
    "residency_granted_foreign_victims": "no referral asks for residency",
    "employment_agency_enforcement": "inspections of employment agencies record no enforcement action",
    "victims_identified_other_sources": "only the police and the specialized prosecutors send identifications",
}


def parse_years(text: str) -> tuple[int, ...]:
    """``"2018-2020"`` → ``(2018, 2019, 2020)``; ``"2020"`` → ``(2020,)``.

    >>> parse_years("2018-2020")
    (2018, 2019, 2020)
    """
    first, _, last = text.partition("-")
    start, end = int(first), int(last or first)
    if end < start or end - start > 50:
        raise ValueError(f"not a range of years: {text}")
    return tuple(range(start, end + 1))


def generate(
    years: Iterable[int], seed: int, scale: float = 1.0, catalogue: Catalogue | None = None
) -> Dataset:
    """The synthetic data set for ``years``. ``scale`` multiplies the volumes (victims, operations, suspects,
    services), for benchmarks; the seed figures are reproduced exactly only at scale 1.

    Raises :class:`CalibrationError` when the catalogue's seed entries ask for something the generator cannot
    build. Seed entries of the years asked that no step read are listed in ``Dataset.unread_seeds``.
    """
    if scale <= 0:
        raise ValueError("scale must be positive")
    targets = Targets(catalogue or load_catalogue(), scale)
    world = World.create(seed, tuple(sorted(set(years))), targets)
    for year in world.years:
        victims.build_year(world, year)
    for year in world.years:
        justice.build_year(world, year)
    care.build_facilities(world)
    for year in world.years:
        care.build_children(world, year)
        care.build_udavit(world, year)
    care.build_police_stations(world)
    for year in world.years:
        programmes.build_year(world, year)
    for year in world.years:  # the hotline calls: their own block (kuska.synth.hotline)
        hotline.build_year(world, year)
    justice.finish(world)
    victims.write_operations(world)
    for indicator in targets.catalogue:
        if any(s.status == "not_reported" for s in indicator.seed):
            if indicator.id not in ABSENT:
                raise CalibrationError(
                    f"{indicator.id}: the seed says it was not reported, but the generator does not know "
                    "how to leave it out"
                )
            targets.mark_not_reported(indicator.id)
    world.dataset.unread_seeds = targets.unused(world.years)
    return world.dataset
