"""How agencies write a person down: the mistakes that make record linkage necessary.

Each agency has its :class:`Habits`: how often it records a document number, a birth date rather than an age, the
mother tongue; and how often its staff mistype a name (``Quispe`` → ``Quipse``, ``Huamán`` → ``Guamán``), swap the
two surnames, leave out the maternal surname or shorten a compound given name, mistype a document number, swap
day and month of a birth date or get its year wrong, or round an age. A mistake is never allowed to change what
the record must show for the figures (its :class:`~kuska.synth.targets.Spec`): a wrong birth date that would turn a
child into an adult is not made.

>>> import random
>>> fold("Huamán") == fold("HUAMAN")
True
>>> word = typo(random.Random(3), "Quispe")
>>> fold(word) != fold("Quispe")
True
"""

from __future__ import annotations

import datetime
import random
import unicodedata
from dataclasses import dataclass

from kuska.synth.people import TruePerson, age_on
from kuska.synth.targets import Spec


@dataclass(frozen=True)
class Habits:
    """How often an agency records each thing, and how often it gets it wrong."""

    document: float = 0.6  # a document number is written when the person has one
    birth_date: float = 0.7  # a birth date (else the age at the event)
    mother_tongue: float = 0.0  # language and indigenous people, when the person has them
    typo: float = 0.27  # a mistyped name (given names or a surname)
    swap: float = 0.05  # paternal and maternal surnames swapped
    no_maternal: float = 0.10  # maternal surname left out
    short_given: float = 0.10  # a compound given name cut to its first word
    date_error: float = 0.08  # a birth date with day and month swapped or the year wrong
    age_error: float = 0.08  # an age one year off
    number_error: float = 0.06  # a mistyped document number
    unknown_age: float = 0.0  # neither birth date nor age (only where the figures allow it)


def fold(text: str) -> str:
    """Text without accents or case, to compare names as a reader would."""
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch)).casefold()


_SOUNDS = (
    ("v", "b"), ("b", "v"), ("s", "z"), ("z", "s"), ("ce", "se"), ("ci", "si"), ("y", "i"), ("i", "y"),
    ("ll", "y"), ("hu", "gu"), ("h", ""), ("ñ", "n"), ("qu", "k"), ("cc", "c"), ("j", "g"), ("x", "j"),
    ("e", "i"), ("o", "u"),
)  # fmt: skip
_KEYS = "qwertyuiopasdfghjklzxcvbnm"


def typo(rng: random.Random, word: str) -> str:
    """``word`` with one plausible mistake that changes it even without accents or case."""
    for _ in range(20):
        candidate = _one_typo(rng, word)
        if candidate.strip() and fold(candidate) != fold(word):
            return candidate
    return word + word[-1]


def _one_typo(rng: random.Random, word: str) -> str:
    roll = rng.random()
    lower = word.lower()
    if roll < 0.35:
        options = [(a, b) for a, b in _SOUNDS if a in lower[1:]]
        if options:
            a, b = rng.choice(options)
            at = lower.index(a, 1)
            return word[:at] + b + word[at + len(a) :]
    if len(word) < 3:
        return word + rng.choice("aeiou")
    at = rng.randrange(1, len(word) - 1)
    if roll < 0.6:
        return word[:at] + word[at + 1 :]
    if roll < 0.8:
        return word[:at] + word[at + 1] + word[at] + word[at + 2 :]
    if roll < 0.9:
        return word[:at] + word[at] + word[at:]
    row = _KEYS.find(word[at].lower())
    neighbour = _KEYS[max(0, row - 1)] if row > 0 else "a"
    return word[:at] + neighbour + word[at + 1 :]


def _typo_in(rng: random.Random, text: str) -> str:
    words = text.split(" ")
    candidates = [i for i, w in enumerate(words) if len(w) > 2 and w.lower() not in _PARTICLES]
    if not candidates:
        return typo(rng, text)
    i = rng.choice(candidates)
    words[i] = typo(rng, words[i])
    return " ".join(words)


_PARTICLES = frozenset({"de", "del", "la", "las", "los", "y"})


def _mistype_number(rng: random.Random, number: str) -> str:
    digits = [i for i, ch in enumerate(number) if ch.isdigit()]
    if len(digits) < 2:
        return number + "1"
    roll = rng.random()
    if roll < 0.5:
        i = rng.choice(digits)
        return number[:i] + str((int(number[i]) + rng.randrange(1, 10)) % 10) + number[i + 1 :]
    if roll < 0.8:
        i = rng.choice(digits[:-1])
        j = i + 1
        if number[i] != number[j]:
            return number[:i] + number[j] + number[i] + number[j + 1 :]
    i = rng.choice(digits)
    return number[:i] + number[i + 1 :]


def _wrong_birth_date(rng: random.Random, birth: datetime.date) -> datetime.date:
    if birth.day <= 12 and birth.day != birth.month and rng.random() < 0.6:
        return datetime.date(birth.year, birth.day, birth.month)
    year = birth.year + rng.choice((-1, 1))
    try:
        return birth.replace(year=year)
    except ValueError:
        return birth.replace(year=year, day=28)


def record_person(
    rng: random.Random,
    person: TruePerson,
    *,
    record_id: str,
    event_date: datetime.date,
    habits: Habits,
    spec: Spec | None = None,
    nationality: str | None = None,
    case_ids: list[str] | None = None,
) -> dict[str, object]:
    """The row of a persons file: ``person`` as this agency recorded them on ``event_date``.

    ``spec`` says what the record must show (sex, age range, nationality); ``nationality`` overrides the recorded
    nationality (an agency writing ``ZZ`` for a foreign country it did not specify).
    """
    spec = spec or Spec()
    given, paternal, maternal = person.given_names, person.paternal_surname, person.maternal_surname
    if rng.random() < habits.short_given and " " in given and given.split(" ")[1] not in _PARTICLES:
        given = given.split(" ")[0]
    if rng.random() < habits.typo:
        which = rng.choices((0, 1, 2), weights=(4, 4, 2 if maternal else 0))[0]
        if which == 0:
            given = _typo_in(rng, given)
        elif which == 1:
            paternal = _typo_in(rng, paternal)
        else:
            maternal = _typo_in(rng, maternal)
    if rng.random() < habits.swap and maternal:
        paternal, maternal = maternal, paternal
    if rng.random() < habits.no_maternal:
        maternal = ""

    row: dict[str, object] = {
        "record_id": record_id,
        "role": person.role,
        "given_names": given,
        "paternal_surname": paternal,
        "maternal_surname": maternal,
        "sex": person.sex,
        "gender_identity": person.gender_identity,
        "event_date": event_date,
        "nationality": nationality or spec.recorded_nationality(person.nationality),
    }
    true_age = person.age_on(event_date)
    low, high = spec.age
    if rng.random() < habits.birth_date:
        birth = person.birth_date
        if rng.random() < habits.date_error:
            wrong = _wrong_birth_date(rng, birth)
            if low <= age_on(wrong, event_date) <= high and wrong <= event_date:
                birth = wrong
        row["birth_date"] = birth
    elif spec.age == (0, 150) and rng.random() < habits.unknown_age:
        pass  # neither birth date nor age
    else:
        age = true_age
        if rng.random() < habits.age_error:
            off = age + rng.choice((-1, 1))
            if low <= off <= high and off >= 0:
                age = off
        row["age"] = age

    kind, number = person.document_type, person.document_number
    if number and rng.random() < habits.document:
        if rng.random() < habits.number_error:
            number = _mistype_number(rng, number)
        row["document_type"], row["document_number"] = kind, number
    elif kind == "none" and rng.random() < 0.3:
        row["document_type"] = "none"
    elif kind and kind != "none" and rng.random() < 0.4:
        row["document_type"] = kind  # the type is known, the number was not written down

    if person.language and rng.random() < habits.mother_tongue:
        row["language"], row["indigenous_people"] = person.language, person.indigenous_people
    if person.role == "suspect":
        row["public_official"] = person.public_official
    if case_ids:
        row["case_id"] = list(case_ids)
    return row
