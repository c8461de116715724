"""The benchmark's population and the mistakes both generators make: agencies from the profile, every record's kinds
of noise named, mistakes of the size they claim."""

from __future__ import annotations

import ast
import datetime
import random
from collections import Counter
from pathlib import Path

import duckdb

from kuska.linkage.bench import profile_agencies
from kuska.profiles import read_profile
from kuska.synth import mistakes
from kuska.synth.population import Agencies, generate

SYNTH = Path(mistakes.__file__).parent


def test_the_population_records_persons_only_at_agencies_of_the_profile() -> None:
    codes = {row["code"] for row in read_profile("peru").agencies}
    agencies = profile_agencies("peru")

    found = Counter(r.agency for r in generate(3000, agencies, seed=1))

    assert set(found) <= codes
    assert set(found) & set(agencies.first)
    assert set(found) & set(agencies.later)


def test_agencies_with_units_of_their_own_record_no_person() -> None:
    agencies = Agencies.of(read_profile("peru").agencies)
    parents = {row["parent"] for row in read_profile("peru").agencies if row["parent"]}
    assert not parents & {*agencies.first, *agencies.later}


def test_every_record_names_its_kinds_of_noise_and_every_kind_occurs() -> None:
    records = list(generate(20_000, profile_agencies("peru"), seed=3))
    kinds = Counter(k for r in records for k in r.noise.split(";") if k)

    assert set(kinds) == set(mistakes.NOISE_KINDS)
    for record in records:
        named = record.noise.split(";") if record.noise else []
        assert named == sorted(named, key=mistakes.NOISE_KINDS.index)  # in the list's order
        if "first_name_only" in named:
            assert record.role == "victim"
            assert not record.paternal_surname
            assert not record.maternal_surname
        if "no_document" in named:
            assert not record.document_number
        if "no_birth" in named:
            assert record.birth_date is None
            assert record.age_at_event is None


def test_namesakes_share_a_given_name_and_paternal_surname_with_another_person() -> None:
    records = list(generate(20_000, profile_agencies("peru"), seed=4, noise=None))
    people: dict[str, set[tuple[str, str]]] = {}
    for r in records:
        if "namesake" in r.noise and "given_surname_swapped" not in r.noise and r.paternal_surname:
            people.setdefault(r.truth_id, set()).add(
                (mistakes.fold(r.given_names), mistakes.fold(r.paternal_surname))
            )
    assert people


def _distance(a: str, b: str) -> int:
    ((found,),) = duckdb.execute("SELECT damerau_levenshtein(?, ?)", [a, b]).fetchall()
    return int(found)


def test_a_near_document_number_is_one_or_two_keystrokes_away() -> None:
    pick = random.Random(5)
    for _ in range(500):
        number = f"{pick.randrange(10_000_000, 80_000_000):08d}"
        near = mistakes.near_number(pick, number)
        assert near != number
        assert 1 <= _distance(number, near) <= 2


def test_a_wrong_birth_date_has_day_and_month_swapped_or_one_digit_off() -> None:
    pick = random.Random(6)
    for _ in range(500):
        born = datetime.date(1990, 1, 1) + datetime.timedelta(days=pick.randrange(10_000))
        wrong = mistakes.wrong_birth_date(pick, born)
        assert wrong != born
        swapped = (wrong.year, wrong.month, wrong.day) == (born.year, born.day, born.month)
        one_digit = _distance(born.strftime("%Y%m%d"), wrong.strftime("%Y%m%d")) == 1
        assert swapped or one_digit, (born, wrong)
        assert abs(wrong.year - born.year) <= 1


def _kuska_imports(path: Path) -> set[str]:
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom) and node.module and node.module.startswith("kuska"):
            found.add(node.module)
        elif isinstance(node, ast.Import):
            found |= {a.name for a in node.names if a.name.startswith("kuska")}
    return found


def test_the_population_and_the_mistakes_import_nothing_of_kuska_but_the_mistakes() -> None:
    """So the linkage benchmark can use them without reaching the layers above linkage."""
    assert _kuska_imports(SYNTH / "mistakes.py") == set()
    assert _kuska_imports(SYNTH / "population.py") <= {
        "kuska.synth"
    }  # from kuska.synth import mistakes
