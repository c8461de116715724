"""Person records with known truth and the noise real agency records carry, at any size: for the linkage benchmark
(``kuska bench link``) and the linkage tests.

Each generated person is recorded by one to five agencies (sometimes twice by the same one); each record is
written the way that agency would have written it, with the mistakes of :mod:`kuska.synth.mistakes` (the same as
the synthetic data set's): accents dropped, typing mistakes, the spellings Quechua and Aymara names take
(``Huamán``/``Guamán``), the maternal surname left out or typed in the paternal column, surnames swapped, given
names reordered or shortened, particles dropped (``De la Cruz``/``Cruz``), the age at the event instead of the
birth date, and the document often missing. Names follow the frequencies of Peruvian names (a few very common
surnames, ``Quispe`` first, and a long tail), with Venezuelan names for Venezuelan nationals.

The agencies come from the country profile (:class:`Agencies`): a person is first met by a police unit or the
prosecutors, later by any agency that records persons. Unlike ``kuska synth``, nothing here is calibrated on the
seed figures: the records exist so linkage can be tested and timed on its own, with the truth known.

>>> agencies = Agencies(first=("POLICE",), later=("COURT", "SHELTER"))
>>> records = list(generate(20, agencies, seed=1))
>>> len(records), len({r.truth_id for r in records}) < 20
(20, True)
"""

from __future__ import annotations

import datetime
import random
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from itertools import accumulate

from kuska.synth import mistakes

SURNAMES_PE = [
    "Quispe",
    "Flores",
    "Sánchez",
    "Rodríguez",
    "García",
    "Rojas",
    "Huamán",
    "Mamani",
    "Chávez",
    "Vásquez",
    "Ramos",
    "Díaz",
    "Torres",
    "Mendoza",
    "López",
    "Castillo",
    "Gonzales",
    "Ramírez",
    "Espinoza",
    "Pérez",
    "Cruz",
    "Romero",
    "Gutiérrez",
    "Fernández",
    "Gómez",
    "Condori",
    "Salazar",
    "Vargas",
    "Hernández",
    "Castro",
    "Córdova",
    "Silva",
    "Ruiz",
    "Cárdenas",
    "Ríos",
    "Medina",
    "Reyes",
    "Martínez",
    "Morales",
    "Jiménez",
    "Herrera",
    "Aguilar",
    "Vega",
    "Paredes",
    "Alvarado",
    "León",
    "Guerrero",
    "Ticona",
    "Apaza",
    "Ccahuana",
    "Choque",
    "Soto",
    "Valdivia",
    "Villanueva",
    "Zapata",
    "Huanca",
    "Cóndor",
    "Yupanqui",
    "Ccopa",
    "Ttito",
    "Huaylla",
    "Cusi",
    "Layme",
    "Coaquira",
    "Pari",
    "Calla",
    "Mayta",
    "Chura",
    "Huarca",
    "Llanos",
    "Palomino",
    "Cahuana",
    "Cuba",
    "Nina",
    "Huillca",
    "Ancco",
    "Puma",
    "Inca",
    "Sulca",
    "Taipe",
    "Yauri",
    "Ayala",
    "Bautista",
    "Cabrera",
    "Campos",
    "Carrasco",
    "Chambi",
    "Delgado",
    "Escobar",
    "Estrada",
    "Farfán",
    "Guevara",
    "Ibáñez",
    "Lázaro",
    "Luna",
    "Malpartida",
    "Maldonado",
    "Marín",
    "Navarro",
    "Núñez",
    "Ortiz",
    "Pacheco",
    "Palacios",
    "Peña",
    "Pinedo",
    "Quiroz",
    "Rivera",
    "Saavedra",
    "Salas",
    "Suárez",
    "Tapia",
    "Toledo",
    "Valencia",
    "Valverde",
    "Velásquez",
    "Vilca",
    "Villegas",
    "Yáñez",
    "Zevallos",
    "Arias",
    "Benites",
    "Bustamante",
    "Calderón",
    "Chumpitaz",
    "Chuquimia",
    "Huayta",
    "Lozano",
    "Meza",
    "Montes",
    "Muñoz",
    "Ojeda",
    "Orellana",
    "Poma",
    "Quiñones",
    "Sullca",
    "Tito",
    "Vilchez",
]
COMPOUND_SURNAMES_PE = ("De la Cruz", "Del Águila", "De los Santos", "Fernández-Dávila", "La Torre")
SURNAMES_VE = [
    "González",
    "Rodríguez",
    "Pérez",
    "Hernández",
    "García",
    "Martínez",
    "López",
    "Díaz",
    "Sánchez",
    "Ramírez",
    "Rojas",
    "Morales",
    "Torres",
    "Álvarez",
    "Romero",
    "Castillo",
    "Gutiérrez",
    "Suárez",
    "Mendoza",
    "Blanco",
    "Medina",
    "Moreno",
    "Marcano",
    "Parra",
    "Briceño",
    "Villarroel",
    "Colmenares",
    "Urdaneta",
    "Guzmán",
    "Salazar",
    "Rivas",
    "Contreras",
]
GIVEN_FEMALE = [
    "María",
    "Rosa",
    "Luz",
    "Ana",
    "Carmen",
    "Juana",
    "Yesenia",
    "Milagros",
    "Maribel",
    "Elena",
    "Sofía",
    "Valeria",
    "Camila",
    "Lucía",
    "Daniela",
    "Gabriela",
    "Nayeli",
    "Flor",
    "Silvia",
    "Gloria",
    "Marleni",
    "Yaneth",
    "Ruth",
    "Karina",
    "Katherine",
    "Fiorella",
    "Mayra",
    "Sandra",
    "Patricia",
    "Jessica",
    "Vanessa",
    "Diana",
    "Evelyn",
    "Liliana",
    "Nelly",
    "Roxana",
    "Marisol",
    "Margarita",
    "Teresa",
    "Isabel",
    "Pilar",
    "Mercedes",
    "Beatriz",
    "Leydi",
    "Rocío",
    "Zulema",
    "Hilda",
    "Julia",
    "Angélica",
    "Norma",
    "Lourdes",
    "Jhoselin",
    "Yuliana",
    "Sheyla",
    "Brenda",
    "Kiara",
    "Xiomara",
    "Dayana",
    "Naomi",
    "Alexandra",
    "Ximena",
    "Andrea",
    "Paola",
    "Cinthia",
    "Melissa",
    "Tatiana",
    "Wendy",
    "Esther",
    "Nancy",
    "Victoria",
    "Nieves",
    "Soledad",
    "Guadalupe",
    "Antonia",
    "Dina",
    "Edith",
    "Alicia",
    "Irma",
    "Elizabeth",
    "Fabiola",
    "Kelly",
    "Lizbeth",
    "Marilú",
]
GIVEN_MALE = [
    "José",
    "Juan",
    "Luis",
    "Carlos",
    "Jorge",
    "Miguel",
    "Pedro",
    "Wilmer",
    "Edwin",
    "Richard",
    "Jhon",
    "Jhonatan",
    "Kevin",
    "Brayan",
    "Anthony",
    "Alex",
    "Percy",
    "Walter",
    "César",
    "Víctor",
    "Raúl",
    "Hugo",
    "Julio",
    "Mario",
    "Manuel",
    "Jesús",
    "Ángel",
    "Fernando",
    "Roberto",
    "Ricardo",
    "David",
    "Daniel",
    "Diego",
    "Alonso",
    "Franco",
    "Renzo",
    "Eduardo",
    "Marco",
    "Segundo",
    "Santos",
    "Alberto",
    "Rubén",
    "Elmer",
    "Wilber",
    "Nilton",
    "Edgar",
    "Henry",
    "Fredy",
    "Willy",
    "Yuri",
    "Saúl",
    "Teodoro",
    "Félix",
    "Gregorio",
    "Héctor",
    "Javier",
    "Francisco",
    "Andrés",
    "Felipe",
    "Alejandro",
    "Abel",
    "Cristian",
    "Gilberto",
    "Hernán",
    "Isaac",
    "Leonardo",
    "Lucio",
    "Máximo",
    "Nicolás",
    "Óscar",
    "Pablo",
    "Rolando",
    "Sergio",
    "Tomás",
    "Ulises",
]
GIVEN_FEMALE_VE = [
    "Yorgelis",
    "Yusmary",
    "Oriana",
    "Génesis",
    "Mariangel",
    "Yuleisy",
    "Dayerlin",
    "Keila",
    "Yenifer",
    "Mariana",
    "Andreína",
    "Daniela",
    "Yolimar",
    "Rosangela",
    "Marbelis",
    "Yelitza",
    "Luisana",
    "Valentina",
    "Stefany",
    "Wilmary",
]
GIVEN_MALE_VE = [
    "Jesús",
    "Luis",
    "José",
    "Carlos",
    "Yorman",
    "Jhonny",
    "Deivis",
    "Yonaiker",
    "Anderson",
    "Luis",
    "Ángel",
    "Eduardo",
    "Jean",
    "Darwin",
    "Kleiber",
]
_QUECHUA_SYLLABLES = [
    "Hua",
    "Qui",
    "Ccu",
    "Ma",
    "Pa",
    "Ta",
    "Lla",
    "Cho",
    "Ti",
    "Yu",
    "Ca",
    "Chu",
    "Pu",
    "Sa",
    "Ni",
    "Ri",
    "Cu",
    "Hui",
    "Pi",
    "Mo",
    "Ha",
    "Ccha",
    "Tu",
    "Ku",
    "Qqe",
    "Wa",
    "Phu",
    "Lli",
    "Ya",
    "Cha",
]
_QUECHUA_ENDINGS = [
    "lla",
    "pa",
    "ri",
    "ma",
    "na",
    "cca",
    "ta",
    "que",
    "ni",
    "co",
    "yo",
    "nca",
    "sca",
    "ro",
    "lca",
    "nqui",
    "mani",
    "pe",
    "ra",
    "huay",
]

RECORDS_PER_PERSON = ((1, 50), (2, 30), (3, 13), (4, 5), (5, 2))

_ACCENTS = str.maketrans("áéíóúÁÉÍÓÚüÜ", "aeiouAEIOUuU")


@dataclass(frozen=True)
class Agencies:
    """The agencies that record persons: ``first`` meet a person first (the police units, the prosecutors),
    ``later`` meet them afterwards (assistance, protection, the courts)."""

    first: tuple[str, ...]
    later: tuple[str, ...]

    FIRST_SECTORS = ("police", "prosecution")
    LATER_SECTORS = ("prosecution", "victim_assistance", "social_protection", "judiciary")

    @classmethod
    def of(cls, agencies: Iterable[Mapping[str, str]]) -> Agencies:
        """From a country profile's agencies (rows with ``code``, ``sector`` and ``parent``): the agencies that
        record persons are those without units of their own, by sector.

        >>> rows = [{"code": "POL", "sector": "police", "parent": ""},
        ...         {"code": "POL-1", "sector": "police", "parent": "POL"},
        ...         {"code": "COURT", "sector": "judiciary", "parent": ""}]
        >>> Agencies.of(rows)
        Agencies(first=('POL-1',), later=('COURT',))
        """
        rows = list(agencies)
        parents = {row.get("parent") or "" for row in rows}
        leaves = [row for row in rows if row["code"] not in parents]
        found = cls(
            first=tuple(r["code"] for r in leaves if r["sector"] in cls.FIRST_SECTORS),
            later=tuple(r["code"] for r in leaves if r["sector"] in cls.LATER_SECTORS),
        )
        if not found.first or not found.later:
            raise ValueError(
                "the profile has no agencies of the police, prosecution or assistance sectors"
            )
        return found


@dataclass(frozen=True, slots=True)
class NoisyRecord:
    """One agency's record of a person, as the agency would submit it, the person it truly is, and the kinds of
    noise the record carries (:data:`~kuska.synth.mistakes.NOISE_KINDS`, in that order, separated by ``;``; empty for a clean record)."""

    agency: str
    source_record_id: str
    truth_id: str
    role: str
    given_names: str
    paternal_surname: str
    maternal_surname: str
    sex: str
    birth_date: datetime.date | None
    event_date: datetime.date | None
    age_at_event: int | None
    nationality: str
    document_type: str
    document_number: str
    noise: str = ""


@dataclass(frozen=True)
class Noise:
    """How often each kind of noise touches a record (probabilities per record)."""

    typo: float = 0.22  # a typing mistake in one name field (sometimes two)
    spelling: float = 0.08  # another spelling of the same sound
    no_accents: float = 0.5
    no_maternal: float = 0.08
    surnames_in_one_field: float = 0.05
    swapped_surnames: float = 0.03
    given_surname_swapped: float = 0.015
    first_name_only: float = 0.02  # of victims' records
    given_order: float = 0.05  # given names in another order (of two)
    second_given_dropped: float = 0.15  # of two
    particle_dropped: float = 0.3
    birth_date: float = 0.6  # the birth date is recorded
    age_only: float = 0.3  # else the age at the event is
    birth_date_typo: float = 0.03  # day and month swapped or one digit wrong
    document: float = 0.6  # a document number is recorded
    document_typo: float = 0.02  # one or two edits or a transposition
    no_sex: float = 0.02
    no_nationality: float = 0.05
    same_agency_again: float = 0.1
    namesake: float = 0.03  # of persons: a common given name and a surname of an earlier person


def _weights(count: int, exponent: float) -> list[float]:
    return [1.0 / (rank + 2) ** exponent for rank in range(count)]


class _Names:
    """Name pools with cumulative weights, built once."""

    def __init__(self, pick: random.Random) -> None:
        tail = sorted(
            {
                a + b.lower()
                for a in _QUECHUA_SYLLABLES
                for b in _QUECHUA_ENDINGS
                if (a + b.lower()) not in SURNAMES_PE
            }
        )
        # listed surnames carry half of the people (Quispe about 3.5%, Flores 2.5%), the long tail the rest
        listed = _weights(len(SURNAMES_PE), 0.8)
        share = sum(listed)
        self.surnames_pe = [*SURNAMES_PE, *COMPOUND_SURNAMES_PE, *tail]
        self.surnames_pe_cum = list(
            accumulate(
                [
                    *listed,
                    *([share / 60] * len(COMPOUND_SURNAMES_PE)),
                    *([share / len(tail)] * len(tail)),
                ]
            )
        )
        self.surnames_ve = list(SURNAMES_VE)
        self.surnames_ve_cum = list(accumulate(_weights(len(SURNAMES_VE), 0.9)))
        self.given = {
            ("female", False): (GIVEN_FEMALE, list(accumulate(_weights(len(GIVEN_FEMALE), 0.9)))),
            ("male", False): (GIVEN_MALE, list(accumulate(_weights(len(GIVEN_MALE), 0.9)))),
            ("female", True): (
                GIVEN_FEMALE_VE,
                list(accumulate(_weights(len(GIVEN_FEMALE_VE), 0.7))),
            ),
            ("male", True): (GIVEN_MALE_VE, list(accumulate(_weights(len(GIVEN_MALE_VE), 0.7)))),
        }
        self.pick = pick

    def surname(self, foreign: bool) -> str:
        if foreign:
            return self.pick.choices(self.surnames_ve, cum_weights=self.surnames_ve_cum)[0]
        return self.pick.choices(self.surnames_pe, cum_weights=self.surnames_pe_cum)[0]

    def given_names(self, sex: str, foreign: bool) -> str:
        pool, cum = self.given[(sex, foreign)]
        first = self.pick.choices(pool, cum_weights=cum)[0]
        if self.pick.random() < 0.45:
            second = self.pick.choices(pool, cum_weights=cum)[0]
            if second != first:
                return f"{first} {second}"
        return first


@dataclass
class _Person:
    truth_id: str
    role: str
    sex: str
    given: str
    paternal: str
    maternal: str
    birth_date: datetime.date
    nationality: str
    document_type: str
    document_number: str
    namesake: bool = False


def _document(nationality: str, pick: random.Random) -> tuple[str, str]:
    if nationality == "PE":
        return "dni", f"{pick.randrange(10_000_000, 80_000_000):08d}"
    kind = pick.choice(("ptp", "cpp", "passport", "ce"))
    return kind, f"{pick.randrange(1_000_000, 99_999_999):09d}"


def _person(index: int, names: _Names, pick: random.Random, suspect_share: float) -> _Person:
    role = "suspect" if pick.random() < suspect_share else "victim"
    sex = (
        ("female" if pick.random() < 0.8 else "male")
        if role == "victim"
        else ("male" if pick.random() < 0.7 else "female")
    )
    roll = pick.random()
    nationality = "PE" if roll < 0.86 else "VE" if roll < 0.97 else pick.choice(("EC", "CO", "BO"))
    foreign = nationality != "PE"
    age = pick.randint(8, 35) if role == "victim" else pick.randint(19, 62)
    born = datetime.date(2019 - age, 1, 1) + datetime.timedelta(days=pick.randrange(365))
    kind, number = _document(nationality, pick)
    return _Person(
        truth_id=f"T{index:07d}",
        role=role,
        sex=sex,
        given=names.given_names(sex, foreign),
        paternal=names.surname(foreign),
        maternal=names.surname(foreign),
        birth_date=born,
        nationality=nationality,
        document_type=kind,
        document_number=number,
    )


def _namesake(index: int, of: _Person, names: _Names, pick: random.Random) -> _Person:
    """Another person with ``of``'s first given name and paternal surname, born within two years of them."""
    born = of.birth_date + datetime.timedelta(days=pick.randint(-730, 730))
    kind, number = _document(of.nationality, pick)
    return _Person(
        truth_id=f"T{index:07d}",
        role=of.role,
        sex=of.sex,
        given=of.given.split()[0],
        paternal=of.paternal,
        maternal=names.surname(of.nationality != "PE"),
        birth_date=born,
        nationality=of.nationality,
        document_type=kind,
        document_number=number,
        namesake=True,
    )


def _noisy_names(
    person: _Person, noise: Noise, pick: random.Random, kinds: set[str]
) -> tuple[str, str, str]:
    given, paternal, maternal = person.given, person.paternal, person.maternal
    parts = given.split()
    if len(parts) == 2:
        if pick.random() < noise.second_given_dropped:
            given = parts[0]
            kinds.add("second_given_dropped")
        elif pick.random() < noise.given_order:
            given = f"{parts[1]} {parts[0]}"
            kinds.add("given_order")
    for _ in range(2 if pick.random() < 0.15 else 1):
        if pick.random() < noise.typo:
            which = pick.randrange(3)
            if which == 0:
                given = mistakes.typo_in(pick, given)
            elif which == 1:
                paternal = mistakes.typo_in(pick, paternal)
            else:
                maternal = mistakes.typo_in(pick, maternal)
            kinds.add("typo")
    if pick.random() < noise.spelling:
        if pick.random() < 0.5:
            paternal = mistakes.respell(pick, paternal)
        else:
            maternal = mistakes.respell(pick, maternal)
        kinds.add("spelling")
    if pick.random() < noise.particle_dropped:
        dropped = _drop_particle(paternal), _drop_particle(maternal)
        if dropped != (paternal, maternal):
            paternal, maternal = dropped
            kinds.add("particle_dropped")
    if pick.random() < noise.swapped_surnames:
        paternal, maternal = maternal, paternal
        kinds.add("surnames_swapped")
    if person.role == "victim" and pick.random() < noise.first_name_only:
        paternal, maternal = "", ""
        kinds.add("first_name_only")
    elif pick.random() < noise.given_surname_swapped:
        given, paternal = paternal, given.split()[0]
        kinds.add("given_surname_swapped")
    elif pick.random() < noise.no_maternal:
        maternal = ""
        kinds.add("no_maternal")
    elif pick.random() < noise.surnames_in_one_field:
        paternal, maternal = f"{paternal} {maternal}", ""
        kinds.add("surnames_in_one_field")
    if pick.random() < noise.no_accents:
        given, paternal, maternal = (
            given.translate(_ACCENTS),
            paternal.translate(_ACCENTS),
            maternal.translate(_ACCENTS),
        )
    case = pick.random()
    if case < 0.4:
        given, paternal, maternal = given.upper(), paternal.upper(), maternal.upper()
    elif case < 0.45:
        given, paternal, maternal = given.lower(), paternal.lower(), maternal.lower()
    return given, paternal, maternal


def _drop_particle(surname: str) -> str:
    for particle in ("De la ", "Del ", "De los ", "La "):
        if surname.startswith(particle):
            return surname[len(particle) :].capitalize()
    return surname


def _noisy_birth(
    born: datetime.date, event: datetime.date, noise: Noise, pick: random.Random, kinds: set[str]
) -> tuple[datetime.date | None, int | None]:
    age = event.year - born.year - int((event.month, event.day) < (born.month, born.day))
    roll = pick.random()
    if roll < noise.birth_date:
        if pick.random() < noise.birth_date_typo:
            wrong = mistakes.wrong_birth_date(pick, born)
            swapped = (wrong.year, wrong.month, wrong.day) == (born.year, born.day, born.month)
            kinds.add("birth_day_month_swapped" if swapped else "birth_date_digit")
            return wrong, age
        return born, age
    if roll < noise.birth_date + noise.age_only:
        kinds.add("age_only")
        return None, age
    kinds.add("no_birth")
    return None, None


def generate(
    records: int,
    agencies: Agencies,
    seed: int = 7,
    *,
    noise: Noise | None = None,
    suspect_share: float = 0.2,
    years: tuple[int, int] = (2018, 2020),
) -> Iterator[NoisyRecord]:
    """``records`` noisy person records of about ``records / 1.9`` persons, streamed (constant memory)."""
    noise = noise or Noise()
    pick = random.Random(seed)
    names = _Names(pick)
    counters: dict[str, int] = {}
    sizes, size_weights = zip(*RECORDS_PER_PERSON, strict=True)
    size_cum = list(accumulate(size_weights))
    first_day = datetime.date(years[0], 1, 1)
    span = (datetime.date(years[1], 12, 31) - first_day).days
    emitted = 0
    index = 0
    recent: list[_Person] = []  # the latest persons, whom a namesake may share a name with
    while emitted < records:
        index += 1
        if recent and pick.random() < noise.namesake:
            person = _namesake(index, pick.choice(recent), names, pick)
        else:
            person = _person(index, names, pick, suspect_share)
            recent.append(person)
            if len(recent) > 500:
                recent.pop(0)
        count = min(pick.choices(sizes, cum_weights=size_cum)[0], records - emitted)
        first_event = first_day + datetime.timedelta(days=pick.randrange(span - 120))
        agency = pick.choice(agencies.first)
        for n in range(count):
            if n > 0 and pick.random() >= noise.same_agency_again:
                agency = pick.choice([a for a in agencies.later if a != agency])
            counters[agency] = counters.get(agency, 0) + 1
            event = first_event + datetime.timedelta(days=pick.randrange(0, 120) if n else 0)
            yield _record(person, agency, counters[agency], event, noise, pick)
            emitted += 1


def _record(
    person: _Person,
    agency: str,
    number: int,
    event: datetime.date,
    noise: Noise,
    pick: random.Random,
) -> NoisyRecord:
    kinds: set[str] = {"namesake"} if person.namesake else set()
    given, paternal, maternal = _noisy_names(person, noise, pick, kinds)
    birth_date, age = _noisy_birth(person.birth_date, event, noise, pick, kinds)
    document_type, document_number = "", ""
    if pick.random() < noise.document:
        document_type, document_number = person.document_type, person.document_number
        if pick.random() < noise.document_typo:
            document_number = mistakes.near_number(pick, document_number)
            kinds.add("document_near")
    else:
        kinds.add("no_document")
    return NoisyRecord(
        agency=agency,
        source_record_id=f"{agency}-{number:07d}",
        truth_id=person.truth_id,
        role=person.role,
        given_names=given,
        paternal_surname=paternal,
        maternal_surname=maternal,
        sex="" if pick.random() < noise.no_sex else person.sex,
        birth_date=birth_date,
        event_date=event,
        age_at_event=age,
        nationality="" if pick.random() < noise.no_nationality else person.nationality,
        document_type=document_type,
        document_number=document_number,
        noise=mistakes.noise_label(kinds),
    )


TRUTH_HEADER = ("agency", "source_record_id", "truth_id", "noise")


def truth_rows(records: Sequence[NoisyRecord]) -> list[tuple[str, str, str, str]]:
    """(agency, source record id, truth id, noise) of each record: the format of ``kuska synth``'s truth file."""
    return [(r.agency, r.source_record_id, r.truth_id, r.noise) for r in records]
