"""Linkage normalization: the ways agencies write one Peruvian or Latin American person come out alike.

Normalization never decides a match; it makes the comparisons see through spelling. These cases are the
specification of what it folds together and what it keeps apart.
"""

from __future__ import annotations

import datetime

import pytest

from kuska.linkage.bench import profile_agencies, source_columns
from kuska.linkage.frame import SCHEMA, SourceColumns, SourceRecord, build_frame
from kuska.linkage.normalize import (
    birth_years,
    clean,
    document_kind,
    normalize_given,
    normalize_person,
    normalize_surnames,
    phonetic,
    surname_fields,
    words,
)
from kuska.synth.population import generate


def test_case_accents_and_the_tilde_do_not_matter() -> None:
    assert clean("Núñez") == clean("NUNEZ") == clean("nuñez") == "NUNEZ"
    assert clean("  María   José ") == "MARIA JOSE"


def test_punctuation_and_hyphens_separate_words() -> None:
    assert clean("Fernández-Dávila") == "FERNANDEZ DAVILA"
    assert clean("d'Ángelo") == "DANGELO"


@pytest.mark.parametrize(
    ("written", "expected"),
    [
        ("De la Cruz", ("CRUZ",)),
        ("del Águila", ("AGUILA",)),
        ("De los Santos", ("SANTOS",)),
        ("Fernández y Soto", ("FERNANDEZ", "SOTO")),
        ("María de los Ángeles", ("MARIA", "ANGELES")),
        ("Del", ("DEL",)),  # nothing but a particle: kept
    ],
)
def test_particles_de_del_de_la_y_are_dropped(written: str, expected: tuple[str, ...]) -> None:
    assert words(written) == expected


def test_a_surname_with_or_without_its_particle_is_the_same() -> None:
    assert normalize_surnames("De la Cruz", "Huamán") == normalize_surnames("Cruz", "HUAMAN")


def test_both_surnames_typed_in_the_paternal_column_are_split() -> None:
    assert normalize_surnames("Quispe Mamani", "") == ("QUISPE", "MAMANI")


def test_a_missing_maternal_surname_stays_missing() -> None:
    assert normalize_surnames("Quispe", "") == ("QUISPE", None)


def test_only_a_maternal_surname_is_taken_as_the_surname() -> None:
    assert normalize_surnames("", "Mamani") == ("MAMANI", None)


def test_a_compound_surname_stays_whole_when_the_maternal_one_is_given() -> None:
    assert normalize_surnames("Fernández-Dávila", "Soto") == ("FERNANDEZ DAVILA", "SOTO")


def test_swapped_surnames_sort_alike() -> None:
    paternal, maternal, *_ = surname_fields("Quispe", "Mamani")
    swapped_paternal, swapped_maternal, *_ = surname_fields("Mamani", "Quispe")
    assert sorted([paternal, maternal]) == sorted([swapped_paternal, swapped_maternal])  # type: ignore[type-var]


def test_given_names_in_another_order_sort_alike() -> None:
    given, ordered, first, found, _ = normalize_given("Elena María")
    assert given == "ELENA MARIA"
    assert ordered == normalize_given("María Elena")[1] == "ELENA MARIA"
    assert first == "ELENA"
    assert found == ("ELENA", "MARIA")


def test_abbreviated_given_names_are_written_out() -> None:
    assert normalize_given("Ma. Elena")[0] == "MARIA ELENA"
    assert normalize_given("Fco. Javier")[0] == "FRANCISCO JAVIER"


@pytest.mark.parametrize(
    "spellings",
    [
        ("HUAMAN", "GUAMAN", "WAMAN"),
        ("QUISPE", "QUISPI", "QUIZPE", "KISPE"),
        ("CCAHUANA", "CAHUANA"),
        ("YUPANQUI", "LLUPANQUI"),
        ("VILCHEZ", "BILCHES"),
        ("CONDORI", "CUNDORI"),
        ("TTITO", "TITO"),
        ("HUAYTA", "WAYTA"),
        ("JORGE", "JORJE"),
        ("GONZALES", "GONZALEZ"),
    ],
)
def test_the_spellings_of_one_name_share_a_phonetic_key(spellings: tuple[str, ...]) -> None:
    assert len({phonetic(s) for s in spellings}) == 1


@pytest.mark.parametrize(
    ("one", "other"), [("QUISPE", "MAMANI"), ("ROSA", "RUTH"), ("MIGUEL", "MANUEL")]
)
def test_different_names_keep_different_keys(one: str, other: str) -> None:
    assert phonetic(one) != phonetic(other)


def test_a_birth_date_gives_its_year() -> None:
    assert birth_years(datetime.date(2004, 7, 12), datetime.date(2020, 3, 1), 15) == (
        2004,
        2004,
        2004,
    )


def test_an_age_at_the_event_allows_two_birth_years() -> None:
    # 15 on 1 March 2020: born between 2 March 2004 and 1 March 2005
    low, high, likeliest = birth_years(None, datetime.date(2020, 3, 1), 15)
    assert (low, high) == (2004, 2005)
    assert likeliest == 2004  # early in the year, the birthday has likely not come yet
    assert birth_years(None, datetime.date(2020, 11, 1), 15)[2] == 2005


def test_an_age_without_an_event_date_says_nothing_about_the_birth_year() -> None:
    assert birth_years(None, None, 15) == (None, None, None)


def test_a_record_without_a_document_has_no_document_to_compare() -> None:
    assert document_kind("none", "") == (None, None)
    assert document_kind("", "") == (None, None)
    assert document_kind("dni", "") == (
        None,
        None,
    )  # the type is known, the number was not written down
    assert document_kind(" DNI ", "9f2c") == ("dni", "9f2c")


def test_document_numbers_are_compared_only_for_records_with_a_document_and_as_typed() -> None:
    assert "document_hash" in SCHEMA.names
    columns = SourceColumns(
        id=[1, 2, 3, 4],
        agency=["PNP"] * 4,
        role=["victim"] * 4,
        given_names=["Rosa"] * 4,
        paternal_surname=["Quispe"] * 4,
        maternal_surname=[""] * 4,
        birth_date=[None] * 4,
        event_date=[None] * 4,
        age_at_event=[None] * 4,
        sex=[""] * 4,
        nationality=[""] * 4,
        document_type=["foreign_id", "none", "dni", "dni"],
        document_hash=["h1", "h2", "", "h4"],
        document_number=["v-12.345.678", "123", "45678912", " "],
    )

    frame = build_frame(columns)

    # a type "none", no keyed hash or an empty number: no number to compare
    assert frame.column("document_number").to_pylist() == ["V12345678", None, None, None]


def test_the_fast_table_normalizes_every_record_as_the_reference_function_does() -> None:
    records = list(generate(3000, profile_agencies(), seed=11))
    columns = source_columns(records)
    rows = build_frame(columns).to_pylist()
    compared = (
        "given",
        "given_sorted",
        "given_first",
        "given_key",
        "paternal",
        "maternal",
        "surnames",
        "paternal_key",
        "maternal_key",
        "birth_date",
        "birth_year_min",
        "birth_year_max",
        "birth_year",
    )
    for record, row in zip(records, rows, strict=True):
        expected = normalize_person(
            record.given_names,
            record.paternal_surname,
            record.maternal_surname,
            record.birth_date,
            record.event_date,
            record.age_at_event,
        )
        assert {name: row[name] for name in compared} == {
            name: getattr(expected, name) for name in compared
        }
        second = expected.given_words[1] if len(expected.given_words) > 1 else None
        assert row["given_second"] == second


def test_a_source_record_does_not_show_identity_values_in_its_repr() -> None:
    record = SourceRecord(
        1, "PNP", "victim", "Rosa", "Quispe", "Mamani", None, None, None, "", "", "", "", "45678912"
    )
    assert "Rosa" not in repr(record)
    assert "Quispe" not in repr(record)
    assert "45678912" not in repr(record)
