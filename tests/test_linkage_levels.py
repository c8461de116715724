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
