"""The comparison levels a pair of records reaches, the blocking keys that let it be scored, and the clustering that
keeps two people apart: one record pair per kind of noise, scored by the model shipped with Kuska."""

from __future__ import annotations

import datetime
import itertools
from collections.abc import Callable, Iterator
from dataclasses import replace

import pytest
from splink import Linker

from kuska.linkage import model, shipped
from kuska.linkage.backends import open_backend
from kuska.linkage.clusters import persons
from kuska.linkage.frame import SourceRecord, build_frame

Levels = Callable[[SourceRecord, SourceRecord], dict[str, str]]
EVENT = datetime.date(2020, 3, 15)
ANA = SourceRecord(
    id=1,
    agency="PNP",
    role="victim",
    given_names="Ana",
    paternal_surname="Flores",
    maternal_surname="Herrera",
    birth_date=datetime.date(2012, 5, 4),
    event_date=EVENT,
    age_at_event=None,
    sex="female",
    nationality="PE",
    document_type="",
    document_hash="",
)


@pytest.fixture(scope="module")
def levels() -> Iterator[Levels]:
    backend = open_backend("duckdb")
    trained = model.without_term_frequencies(shipped.load_shipped_model())
    weights = model.level_weights(trained)
    names = itertools.count()

    def reached(left: SourceRecord, right: SourceRecord) -> dict[str, str]:
        frame = build_frame([left, replace(right, id=left.id + 1)])
        settings = model.settings_for("duckdb", trained)
        settings["blocking_rules_to_generate_predictions"] = [
            {"blocking_rule": "l.role = r.role", "sql_dialect": "duckdb"}
        ]
        table = backend.register(frame, f"pair_{next(names)}")
        [row] = Linker(table, settings, log_level=None).inference.predict().as_record_list()
        values = {name: row[f"mw_{name}"] for name in model.COMPARISON_LEVELS}
        ranks = model.agreement(weights, values).split(",")
        return {
            name: "not recorded" if rank == "-" else model.COMPARISON_LEVELS[name][int(rank)]
            for name, rank in zip(model.COMPARISON_LEVELS, ranks, strict=True)
        }

    yield reached
    backend.close()


def test_names_written_in_other_columns_are_the_names_in_other_columns(levels: Levels) -> None:
    rotated = replace(ANA, given_names="Herrera", paternal_surname="Ana", maternal_surname="Floris")
    found = levels(ANA, rotated)
    assert found["surnames"] == "the names alike, in other columns"
    assert found["given_names"] == "not recorded"  # weighed once, by the surnames


def test_a_given_name_and_surname_swapped_with_a_typing_mistake_is_still_a_swap(
    levels: Levels,
) -> None:
    adrian = replace(ANA, given_names="Adrián", paternal_surname="Copa", maternal_surname="")
    swapped = replace(adrian, given_names="Copa", paternal_surname="Adiran")
    found = levels(adrian, swapped)
    assert found["surnames"] == "given name and paternal surname swapped"
    assert found["given_names"] == "not recorded"


def test_a_compound_given_name_cut_to_its_first_word_keeps_its_first_given_name(
    levels: Levels,
) -> None:
    found = levels(replace(ANA, given_names="Ana Lucía"), ANA)
    assert found["given_names"] == "same first given name, the second left out"


def test_surnames_swapped_then_the_maternal_left_out(levels: Levels) -> None:
    found = levels(ANA, replace(ANA, paternal_surname="Herrera", maternal_surname=""))
    assert found["surnames"] == "surnames swapped, one maternal missing"


def test_two_ages_that_give_the_same_birth_years_are_the_same_birth_years(levels: Levels) -> None:
    aged = replace(ANA, birth_date=None, age_at_event=7)
    found = levels(aged, replace(aged, event_date=EVENT + datetime.timedelta(days=3)))
    assert found["birth"] == "same birth years (from the ages at the events)"
    assert found["event"] == "within 7 days"


def test_the_names_in_any_column_share_one_blocking_key() -> None:
    rotated = replace(
        ANA, id=2, given_names="Herrera", paternal_surname="Ana", maternal_surname="Flores"
    )
    keys = build_frame([ANA, rotated]).column("name_keys").to_pylist()
    assert keys[0] is not None
    assert keys[0] == keys[1]
    assert any(rule.name == "names in any columns" for rule in model.BLOCKING_RULES)


def test_a_record_without_a_maternal_surname_has_no_name_keys() -> None:
    assert build_frame([replace(ANA, maternal_surname="")]).column("name_keys").to_pylist() == [
        None
    ]


def test_a_record_that_looks_like_two_different_people_joins_one_of_them_not_both() -> None:
    # record 3 (a first name and an age) is like record 1 and like record 2, which are surely two people
    pairs = [(1, 3, 0.97), (2, 3, 0.9)]
    assert persons([1, 2, 3], pairs, threshold=0.7) == {1: 1, 2: 1, 3: 1}
    assert persons([1, 2, 3], pairs, threshold=0.7, vetoes={(1, 2)}) == {1: 1, 2: 2, 3: 1}


def test_a_reviewer_s_acceptance_joins_records_whatever_the_vetoes() -> None:
    assert persons([1, 2], [], threshold=0.7, accepted={(1, 2)}, vetoes={(1, 2)}) == {1: 1, 2: 1}


def test_surnames_swapped_then_the_maternal_left_out_and_mistyped(levels: Levels) -> None:
    found = levels(ANA, replace(ANA, paternal_surname="Herrea", maternal_surname=""))
    assert found["surnames"] == "surnames swapped, one maternal missing"


def test_first_given_names_of_the_same_sounds_are_alike(levels: Levels) -> None:
    found = levels(replace(ANA, given_names="Nalleli"), replace(ANA, given_names="Nayeli"))
    assert found["given_names"] == "first given name alike"


def _rules_letting_through(left: SourceRecord, right: SourceRecord) -> list[str]:
    """The names of the blocking rules that let the pair through (each rule in SQL, on the two records)."""
    import duckdb

    connection = duckdb.connect()
    connection.register("frame", build_frame([left, replace(right, id=left.id + 1)]))
    found = []
    for rule in model.BLOCKING_RULES:
        sql = f"SELECT count(*) FROM frame l JOIN frame r ON l.unique_id < r.unique_id AND {rule.sql()}"
        row = connection.execute(sql).fetchone()
        if row and row[0]:
            found.append(rule.name)
    connection.close()
    return found


def _narrow_rules_miss(found: list[str]) -> list[str]:
    """The rules found, checked to be all among the ways in for pairs with two kinds of noise (the rules after
    the event day's): no earlier rule lets the pair through."""
    names = [rule.name for rule in model.BLOCKING_RULES]
    late = names[names.index("event day, given initial") + 1 :]
    assert found, "no rule lets the pair through"
    assert set(found) <= set(late), found
    return found


def test_a_given_name_and_surname_swapped_and_one_mistyped_is_let_through() -> None:
    mercedes = replace(
        ANA, given_names="Mercedes", paternal_surname="Carrasco", maternal_surname="Córdova"
    )
    swapped = replace(
        mercedes,
        given_names="Carraso",
        paternal_surname="Mercedes",
        birth_date=None,
        age_at_event=30,
        event_date=EVENT + datetime.timedelta(days=20),
    )
    found = _narrow_rules_miss(_rules_letting_through(mercedes, swapped))
    assert "given name and paternal surname swapped, one mistyped" in found


def test_a_first_name_only_record_with_a_birth_date_one_digit_off_is_let_through() -> None:
    named = replace(ANA, given_names="Yanet")
    alone = replace(
        named,
        paternal_surname="",
        maternal_surname="",
        birth_date=datetime.date(2013, 5, 4),
        event_date=EVENT + datetime.timedelta(days=1),
    )
    assert _narrow_rules_miss(_rules_letting_through(named, alone)) == [
        "given, birth month and day"
    ]


def test_a_mistyped_first_given_name_is_let_through_by_the_second() -> None:
    named = replace(ANA, given_names="María Elena", birth_date=None, age_at_event=38)
    alone = replace(
        named,
        given_names="Mria Elena",
        paternal_surname="",
        maternal_surname="",
        age_at_event=36,
        event_date=EVENT + datetime.timedelta(days=3),
    )
    assert _narrow_rules_miss(_rules_letting_through(named, alone)) == [
        "second given name, given initial"
    ]


def test_document_numbers_a_keystroke_apart_are_let_through_whatever_the_names() -> None:
    numbered = replace(ANA, document_type="dni", document_hash="a", document_number="45678912")
    other = replace(
        numbered,
        given_names="Yeinfer",
        paternal_surname="",
        maternal_surname="",
        birth_date=None,
        age_at_event=30,
        event_date=EVENT + datetime.timedelta(days=40),
        document_hash="b",
        document_number="45679812",
    )
    assert _narrow_rules_miss(_rules_letting_through(numbered, other)) == [
        "document number beginning"
    ]


@pytest.mark.parametrize("seed", range(3))
def test_one_typing_mistake_apart_is_exactly_damerau_levenshtein_one_or_less(seed: int) -> None:
    """The cheap test before the distance never changes the answer: random names, each with no mistake, one
    or two (a letter changed, left out, added, two neighbours swapped), compared both ways."""
    import random

    import duckdb

    rng = random.Random(seed)
    letters = "AEIOUQSMLRNHC"

    def mistake(word: str) -> str:
        at = rng.randrange(len(word))
        kind = rng.randrange(4)
        if kind == 0:
            return word[:at] + rng.choice(letters) + word[at + 1 :]
        if kind == 1:
            return word[:at] + word[at + 1 :]
        if kind == 2:
            return word[:at] + rng.choice(letters) + word[at:]
        return word[:at] + word[at + 1 : at + 2] + word[at : at + 1] + word[at + 2 :]

    pairs = []
    for _ in range(2000):
        word = "".join(rng.choice(letters) for _ in range(rng.randrange(1, 12)))
        other = word
        for _ in range(rng.randrange(3)):
            other = mistake(other) or other
        pairs.append((word, other))
    connection = duckdb.connect()
    connection.execute("CREATE TABLE p (a_l TEXT, a_r TEXT)")
    connection.executemany("INSERT INTO p VALUES (?, ?)", pairs)
    gated = model.one_typo_apart("a_l", "a_r")
    rows = connection.execute(
        f"SELECT a_l, a_r, CASE WHEN {gated} THEN 1 ELSE 0 END,"
        " CASE WHEN damerau_levenshtein(a_l, a_r) <= 1 THEN 1 ELSE 0 END FROM p"
    ).fetchall()
    connection.close()
    assert [r for r in rows if r[2] != r[3]] == []
    assert (
        sum(r[3] for r in rows) > 500
    )  # most pairs of one mistake or none are near, the test means something
