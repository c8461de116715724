"""How agencies write a person down: the mistakes that make record linkage necessary.

Each agency has its :class:`Habits`: how often it records a document number, a birth date rather than an age, the
mother tongue; and how often its staff mistype a name (``Quispe`` → ``Quipse``, ``Huamán`` → ``Guamán``), swap the
two surnames, leave out the maternal surname or shorten a compound given name, mistype a document number, swap
day and month of a birth date or get its year wrong, or round an age. A mistake is never allowed to change what
the record must show for the figures (its :class:`~kuska.synth.targets.Spec`): a wrong birth date that would turn a
child into an adult is not made.

The mistakes themselves are those of :mod:`kuska.synth.mistakes`, which the linkage benchmark's records
(:mod:`kuska.synth.population`) make too.
"""

from __future__ import annotations

import datetime
import random
from dataclasses import dataclass

from kuska.synth.mistakes import PARTICLES, near_number, noise_label, typo_in, wrong_birth_date
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
    number_error: float = 0.06  # a document number one or two edits or a transposition away
    given_surname_swap: float = (
        0.015  # the given name in the surname column and the surname in the given one
    )
    first_name_only: float = 0.02  # a victim recorded by a given name only
    unknown_age: float = 0.0  # neither birth date nor age (only where the figures allow it)


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
    kinds: set[str] = {"namesake"} if person.namesake_of else set()
    given, paternal, maternal = person.given_names, person.paternal_surname, person.maternal_surname
    if rng.random() < habits.short_given and " " in given and given.split(" ")[1] not in PARTICLES:
        given = given.split(" ")[0]
        kinds.add("second_given_dropped")
    if rng.random() < habits.typo:
        which = rng.choices((0, 1, 2), weights=(4, 4, 2 if maternal else 0))[0]
        if which == 0:
            given = typo_in(rng, given)
        elif which == 1:
            paternal = typo_in(rng, paternal)
        else:
            maternal = typo_in(rng, maternal)
        kinds.add("typo")
    if rng.random() < habits.swap and maternal:
        paternal, maternal = maternal, paternal
        kinds.add("surnames_swapped")
    if rng.random() < habits.no_maternal and maternal:
        maternal = ""
        kinds.add("no_maternal")
    if person.role == "victim" and rng.random() < habits.first_name_only:
        paternal, maternal = "", ""
        kinds.add("first_name_only")
    elif rng.random() < habits.given_surname_swap and paternal:
        given, paternal = paternal, given.split(" ")[0]
        kinds.add("given_surname_swapped")

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
            wrong = wrong_birth_date(rng, birth)
            if low <= age_on(wrong, event_date) <= high and wrong <= event_date:
                swapped = (wrong.month, wrong.day) == (birth.day, birth.month)
                kinds.add("birth_day_month_swapped" if swapped else "birth_date_digit")
                birth = wrong
        row["birth_date"] = birth
    elif spec.age == (0, 150) and rng.random() < habits.unknown_age:
        kinds.add("no_birth")  # neither birth date nor age
    else:
        kinds.add("age_only")
        age = true_age
        if rng.random() < habits.age_error:
            off = age + rng.choice((-1, 1))
            if low <= off <= high and off >= 0:
                age = off
        row["age"] = age

    kind, number = person.document_type, person.document_number
    if number and rng.random() < habits.document:
        if rng.random() < habits.number_error:
            # a number of digits only (a DNI, a carné) keeps its length: intake checks the type's form
            number = near_number(rng, number, keep_length=number.isdigit())
            kinds.add("document_near")
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
    if number and "document_number" not in row:
        kinds.add("no_document")
    row["noise"] = noise_label(kinds)  # for the truth file; taken out before the row is written
    return row
