"""True persons: who the synthetic victims and suspects really are, before any agency writes them down.

A :class:`TruePerson` has one name, one birth date, one nationality and at most one identity document. Agencies
record them with mistakes (:mod:`kuska.synth.noise`); the truth file says which records are the same true person.
Document numbers are random and unique within a data set: DNI (eight digits) for most Peruvian adults and many
children, carné de extranjería, passport, PTP/CPP or a foreign cédula for foreigners, none for some.
"""

from __future__ import annotations

import datetime
import random
from dataclasses import dataclass, field, replace

from kuska.synth import profile
from kuska.synth.names import person_name
from kuska.synth.targets import COUNTRY, Spec


def age_on(birth_date: datetime.date, day: datetime.date) -> int:
    """Completed years on ``day`` (the rule the registry applies to a birth date and an event date)."""
    before_birthday = (day.month, day.day) < (birth_date.month, birth_date.day)
    return day.year - birth_date.year - int(before_birthday)


def years_before(day: datetime.date, years: int) -> datetime.date:
    """The same day ``years`` earlier (28 February for a 29 February that did not exist)."""
    try:
        return day.replace(year=day.year - years)
    except ValueError:
        return day.replace(year=day.year - years, day=28)


def birth_date_for(rng: random.Random, age: int, on: datetime.date) -> datetime.date:
    """A birth date at which a person is exactly ``age`` on ``on``."""
    latest = years_before(on, age)
    earliest = years_before(on, age + 1) + datetime.timedelta(days=1)
    span = (latest - earliest).days
    return earliest + datetime.timedelta(days=rng.randrange(span + 1))


@dataclass
class TruePerson:
    """One real (synthetic) person, as no agency records them: the reference for the truth file and the noise."""

    truth_id: str
    role: str
    given_names: str
    paternal_surname: str
    maternal_surname: str
    sex: str
    birth_date: datetime.date
    nationality: str
    origin: str  # region of origin (names, mother tongue)
    document_type: str = ""  # "" or "none": no document
    document_number: str = ""
    language: str = ""
    indigenous_people: str = ""
    gender_identity: str = ""
    public_official: bool = False
    namesake_of: str = (
        ""  # the truth id of an earlier person whose given name and paternal surname this one has
    )
    records: list[tuple[str, str]] = field(default_factory=list)  # (agency, source record id)

    def age_on(self, day: datetime.date) -> int:
        return age_on(self.birth_date, day)


class Documents:
    """Unique document numbers of the plausible shape for each type."""

    def __init__(self, rng: random.Random) -> None:
        self.rng = rng
        self.issued: set[str] = set()

    def issue(self, kind: str, nationality: str) -> str:
        while True:
            number = self._draw(kind, nationality)
            if number not in self.issued:
                self.issued.add(number)
                return number

    def _draw(self, kind: str, nationality: str) -> str:
        rng = self.rng
        if kind == "dni":
            return f"{rng.randrange(1_000_000, 79_999_999):08d}"
        if kind in ("ce", "ptp", "cpp"):
            return f"{rng.randrange(1_000_000, 9_999_999):09d}"
        if kind == "passport":
            if nationality == "VE":
                return f"{rng.randrange(100_000_000, 199_999_999)}"
            letters = "ABCDEFGHJKLMNPRSTUVWXYZ"
            return f"{rng.choice(letters)}{rng.choice(letters)}{rng.randrange(100_000, 999_999)}"
        if kind == "foreign_id":  # cédula
            if nationality == "VE":
                return f"V-{rng.randrange(10_000_000, 32_000_000)}"
            if nationality == "BO":
                return f"{rng.randrange(1_000_000, 9_999_999)}"
            return f"{rng.randrange(1_000_000_000, 1_799_999_999)}"
        return f"{rng.randrange(10_000_000, 99_999_999)}"


def document_for(rng: random.Random, nationality: str, child: bool) -> str:
    """The kind of identity document a person has ("none": none at all)."""
    if nationality == COUNTRY:
        if child:
            return profile.pick(rng, {"dni": 65, "birth_certificate": 5, "none": 30})
        return profile.pick(rng, {"dni": 95, "none": 5})
    if nationality == "VE":
        return profile.pick(
            rng, {"ptp": 30, "cpp": 8, "ce": 10, "passport": 15, "foreign_id": 25, "none": 12}
        )
    return profile.pick(rng, {"passport": 35, "foreign_id": 35, "ce": 15, "none": 15})


@dataclass
class People:
    """Every true person of a data set, in creation order, with a random source of their own."""

    rng: random.Random
    documents: Documents
    persons: dict[str, TruePerson] = field(default_factory=dict)
    namesake_share: float = (
        0.03  # persons who share a common given name and a surname with an earlier one
    )

    def _next_id(self) -> str:
        return f"T{len(self.persons) + 1:06d}"

    def new(
        self,
        role: str,
        *,
        sex: str,
        birth_date: datetime.date,
        nationality: str,
        origin: str,
        child: bool = False,
        public_official: bool = False,
    ) -> TruePerson:
        """A person with a random name and document; ``child``: a child when first met (documents differ)."""
        rng = self.rng
        name = person_name(rng, nationality, sex, born=birth_date.year, origin=origin)
        kind = document_for(rng, nationality, child)
        namesake = self._namesake(sex, nationality, birth_date)
        if namesake is not None:
            name = replace(
                name,
                given_names=namesake.given_names.split(" ")[0],
                paternal_surname=namesake.paternal_surname,
            )
        person = TruePerson(
            truth_id=self._next_id(),
            role=role,
            given_names=name.given_names,
            paternal_surname=name.paternal_surname,
            maternal_surname=name.maternal_surname,
            sex=sex,
            birth_date=birth_date,
            nationality=nationality,
            origin=origin,
            document_type=kind,
            document_number=self.documents.issue(kind, nationality)
            if kind not in ("none", "birth_certificate")
            else "",
            public_official=public_official,
            namesake_of=namesake.truth_id if namesake else "",
        )
        if kind == "birth_certificate":
            person.document_number = f"{rng.randrange(10_000_000, 99_999_999)}"
        if nationality == COUNTRY and origin in profile.LANGUAGES:
            share, language, people = profile.LANGUAGES[origin]
            if rng.random() < share:
                person.language, person.indigenous_people = language, people
        self.persons[person.truth_id] = person
        return person

    def _namesake(self, sex: str, nationality: str, birth_date: datetime.date) -> TruePerson | None:
        """Sometimes an earlier person of the same sex and nationality, born within three years, whose first given
        name and paternal surname a new person takes: two people a linkage must keep apart."""
        if self.rng.random() >= self.namesake_share:
            return None
        recent = list(self.persons.values())[-400:]
        alike = [
            p
            for p in recent
            if p.sex == sex
            and p.nationality == nationality
            and abs(p.birth_date.year - birth_date.year) <= 3
            and p.paternal_surname
        ]
        return self.rng.choice(alike) if alike else None

    def victim_for(
        self,
        specs: list[tuple[Spec, datetime.date]],
        *,
        child_share: float,
        female_share: float,
        region: str,
    ) -> TruePerson | None:
        """A new victim that every (spec, event date) pair can record as its spec says, or ``None``."""
        rng = self.rng
        sexes = {s.sex for s, _ in specs if s.sex}
        if len(sexes) > 1:
            return None
        low = max(s.age[0] for s, _ in specs)
        high = min(s.age[1] for s, _ in specs)
        if low > high:
            return None
        nationality = self._nationality(rng, [s for s, _ in specs])
        if nationality is None:
            return None
        first = min(d for _, d in specs)
        fixed_sex = next(iter(sexes)) if sexes else None
        for _ in range(40):
            sex = fixed_sex or ("female" if rng.random() < female_share else "male")
            age = _victim_age(rng, low, high, child_share)
            birth = birth_date_for(rng, age, first)
            if all(s.age[0] <= age_on(birth, d) <= s.age[1] for s, d in specs):
                origin = profile.origin_for(rng, region) if nationality == COUNTRY else ""
                return self.new(
                    "victim",
                    sex=sex,
                    birth_date=birth,
                    nationality=nationality,
                    origin=origin,
                    child=age < 18,
                )
        return None

    @staticmethod
    def _nationality(rng: random.Random, specs: list[Spec]) -> str | None:
        named = {s.nationality for s in specs if s.nationality and s.nationality != "ZZ"}
        if len(named) > 1:
            return None
        if named:
            code = named.pop()
            return code if all(s.allows(code) for s in specs) else None
        if all(s.allows(COUNTRY) for s in specs) and (
            any(s.national for s in specs) or rng.random() < 0.87
        ):
            return COUNTRY
        for _ in range(20):
            code = profile.foreign_nationality(rng)
            if all(s.allows(code) for s in specs):
                return code
        return COUNTRY if all(s.allows(COUNTRY) for s in specs) else None


def _victim_age(rng: random.Random, low: int, high: int, child_share: float) -> int:
    """An age at identification: children mostly 12–17, adults mostly 18–30."""
    child_ok = low <= 17
    adult_ok = high >= 18
    child = child_ok and (not adult_ok or rng.random() < child_share)
    if child:
        lo, hi = low, min(high, 17)
        candidates = list(range(lo, hi + 1))
        weights = [1 + 3 * (a >= 12) + 2 * (a >= 14) for a in candidates]
    else:
        lo, hi = max(low, 18), min(high, 70)
        candidates = list(range(lo, hi + 1)) or [lo]
        weights = [6 if a <= 25 else 3 if a <= 35 else 1 for a in candidates]
    return rng.choices(candidates, weights=weights)[0]
