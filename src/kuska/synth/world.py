"""The state the generator's steps share: targets, random sources, true persons, record ids and the data set.

Each step takes its own random source (``world.rng("victims-2020")``), seeded from the data set's seed and the
step's name, so a change in one step does not shift the draws of another and the same seed gives the same bytes.
"""

from __future__ import annotations

import datetime
import random
from collections.abc import Mapping
from dataclasses import dataclass, field

from kuska.synth.country import CHILD_PROTECTION, COURTS, POLICE, PROSECUTORS, VICTIM_CARE
from kuska.synth.dataset import Dataset
from kuska.synth.noise import Habits
from kuska.synth.people import Documents, People, TruePerson
from kuska.synth.targets import Targets

# How each agency writes persons down (kuska.synth.noise): police and the victim-care unit, working fast after
# operations, record fewer documents and birth dates than prosecutors and courts.
HABITS: Mapping[str, Habits] = {
    POLICE: Habits(document=0.62, birth_date=0.60, unknown_age=0.03),
    PROSECUTORS: Habits(document=0.72, birth_date=0.75, mother_tongue=0.5, unknown_age=0.02),
    VICTIM_CARE: Habits(document=0.55, birth_date=0.50, mother_tongue=0.3, unknown_age=0.05),
    CHILD_PROTECTION: Habits(document=0.70, birth_date=0.85, mother_tongue=0.6, typo=0.25),
    COURTS: Habits(document=0.90, birth_date=0.85, typo=0.22, no_maternal=0.05),
}


@dataclass
class Operation:
    """An operation as one agency recorded it."""

    agency: str
    record_id: str
    date: datetime.date
    region: str
    participants: list[str] = field(default_factory=list)
    detentions: int | None = None
    victims: int = 0
    fixed_detentions: bool = False


@dataclass
class Case:
    """A case file of one agency: the victims and suspects in it."""

    agency: str
    record_id: str
    region: str
    form: str
    opened_on: datetime.date
    victims: list[Victimization] = field(default_factory=list)
    operation: Operation | None = None
    mirror_of: Case | None = None
    suspects: list[SuspectRecord] = field(default_factory=list)
    child_victims: bool = False


@dataclass
class VictimRecord:
    """One agency's identification of a victim in a year."""

    agency: str
    spec_index: int
    record_id: str = ""
    date: datetime.date | None = None
    case: Case | None = None
    method: str = ""
    referred_by: str = ""


@dataclass
class Victimization:
    """A true victim identified in a year: the exploitation, where, and each agency's record of it."""

    year: int
    person: TruePerson
    form: str
    region: str
    records: dict[str, VictimRecord] = field(default_factory=dict)
    reused: bool = False  # a victim of an earlier year, identified again

    @property
    def first_date(self) -> datetime.date:
        dates = [r.date for r in self.records.values() if r.date is not None]
        return min(dates)


@dataclass
class SuspectRecord:
    """A suspect as one agency recorded them: a person record, possibly in several cases."""

    agency: str
    person: TruePerson
    record_id: str
    cases: list[Case] = field(default_factory=list)
    prosecuted_on: datetime.date | None = None
    judged: bool = False


@dataclass
class World:
    seed: int
    years: tuple[int, ...]
    targets: Targets
    dataset: Dataset
    bands: dict[str, dict[str, tuple[int, int]]]
    counters: dict[str, int] = field(default_factory=dict)
    victimizations: dict[int, list[Victimization]] = field(default_factory=dict)
    cases: dict[str, list[Case]] = field(default_factory=dict)  # by agency
    operations: dict[str, list[Operation]] = field(default_factory=dict)
    suspects: dict[str, list[SuspectRecord]] = field(default_factory=dict)

    @classmethod
    def create(cls, seed: int, years: tuple[int, ...], targets: Targets) -> World:
        rng = random.Random(f"{seed}:people")
        people = People(rng=rng, documents=Documents(random.Random(f"{seed}:documents")))
        bands = {
            dim: {code: (low, high) for code, low, high in rows}
            for dim, rows in targets.catalogue.age_bands.items()
        }
        dataset = Dataset(years=years, seed=seed, scale=targets.scale, people=people)
        return cls(seed=seed, years=years, targets=targets, dataset=dataset, bands=bands)

    @property
    def people(self) -> People:
        return self.dataset.people

    @property
    def end(self) -> datetime.date:
        """The day the agencies extracted their data: the last day of the last year."""
        return datetime.date(max(self.years), 12, 31)

    def rng(self, name: str) -> random.Random:
        return random.Random(f"{self.seed}:{name}")

    def next_id(self, pattern: str) -> str:
        """The next record id of a series: ``next_id("POL-V20-{:05d}")`` → ``POL-V20-00001``, ``…-00002``…"""
        n = self.counters.get(pattern, 0) + 1
        self.counters[pattern] = n
        return pattern.format(n)
