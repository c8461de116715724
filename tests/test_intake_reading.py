"""Reading what agencies actually send: encodings, separators, Excel dates, and cells written many ways."""

from __future__ import annotations

import datetime
from contextlib import ExitStack
from decimal import Decimal
from pathlib import Path

import pytest

from kuska.intake.readers import EXTRA, FieldCount, ReadError, detect_format
from kuska.intake.readers.csv_reader import detect_encoding, read_csv
from kuska.intake.readers.xlsx_reader import read_xlsx
from kuska.intake.values import CellError, parse_boolean, parse_date, parse_decimal, parse_integer


def rows_of(path: Path) -> list[tuple[int, dict[str, object]]]:
    with ExitStack() as stack:
        (sheet,) = read_csv(path, stack)
        return list(sheet.rows)


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "cp1252", "latin-1"])
@pytest.mark.parametrize("delimiter", [",", ";", "\t"])
def test_reads_every_encoding_and_separator_agencies_use(
    tmp_path: Path, encoding: str, delimiter: str
) -> None:
    path = tmp_path / "personas.csv"
    text = (
        delimiter.join(["record_id", "apellido_paterno"])
        + "\r\n"
        + delimiter.join(["P-1", "Núñez"])
        + "\r\n"
    )
    path.write_bytes(text.encode(encoding))
    assert rows_of(path) == [(2, {"record_id": "P-1", "apellido_paterno": "Núñez"})]


def test_encoding_is_decided_on_the_whole_file(tmp_path: Path) -> None:
    path = tmp_path / "x.csv"
    path.write_bytes(b"a,b\n" + b"x,y\n" * 100_000 + "ñ,ü\n".encode("cp1252"))
    assert detect_encoding(path) == "cp1252"


def test_row_numbers_are_the_lines_a_data_officer_sees(tmp_path: Path) -> None:
    path = tmp_path / "x.csv"
    path.write_text('record_id,nota\nP-1,"dos\nlíneas"\n\nP-2,ok\n', encoding="utf-8")
    assert [number for number, _ in rows_of(path)] == [3, 5]


def test_lines_of_only_separators_and_spaces_are_not_rows(tmp_path: Path) -> None:
    path = tmp_path / "x.csv"
    path.write_text("record_id,nota\nP-1,a\n,\n , \t\nP-2, \n", encoding="utf-8")
    assert [number for number, _ in rows_of(path)] == [2, 5]


def test_a_row_longer_or_shorter_than_its_header_is_flagged(tmp_path: Path) -> None:
    path = tmp_path / "x.csv"
    path.write_text("record_id,role,sex\nP-1,victim,female,sobra\nP-2,victim\n", encoding="utf-8")
    (_, longer), (_, shorter) = rows_of(path)
    assert longer[EXTRA] == FieldCount(found=4, expected=3)
    assert shorter[EXTRA] == FieldCount(found=2, expected=3)


def test_a_nul_byte_is_read_as_it_is_for_validation_to_reject_its_row(tmp_path: Path) -> None:
    path = tmp_path / "x.csv"
    path.write_bytes(b"record_id,role\nP-\x001,victim\n")
    ((_, row),) = rows_of(path)
    assert row["record_id"] == "P-\x001"


def test_an_empty_file_cannot_be_read(tmp_path: Path) -> None:
    path = tmp_path / "x.csv"
    path.write_bytes(b"")
    with pytest.raises(ReadError), ExitStack() as stack:
        read_csv(path, stack)


def test_a_truncated_workbook_cannot_be_read(tmp_path: Path) -> None:
    import openpyxl

    good = tmp_path / "good.xlsx"
    book = openpyxl.Workbook()
    book.active.append(["record_id"])  # type: ignore[union-attr]
    book.save(good)
    bad = tmp_path / "bad.xlsx"
    bad.write_bytes(good.read_bytes()[: good.stat().st_size // 2])
    assert detect_format(bad) == "xlsx"
    with pytest.raises(ReadError), ExitStack() as stack:
        read_xlsx(bad, stack)


@pytest.mark.parametrize(
    ("written", "expected"),
    [
        ("05/03/2020", datetime.date(2020, 3, 5)),
        ("5/3/2020", datetime.date(2020, 3, 5)),
        ("05-03-2020", datetime.date(2020, 3, 5)),
        ("2020-03-05", datetime.date(2020, 3, 5)),
        ("2020-03-05T10:30:00", datetime.date(2020, 3, 5)),
        (43895, datetime.date(2020, 3, 5)),
        (43895.0, datetime.date(2020, 3, 5)),
        ("43895", datetime.date(2020, 3, 5)),
        (datetime.datetime(2020, 3, 5, 8, 0), datetime.date(2020, 3, 5)),
    ],
)
def test_dates_as_agencies_write_them(written: object, expected: datetime.date) -> None:
    assert parse_date(written) == expected


@pytest.mark.parametrize("written", ["31/02/2020", "2020-13-01", "ayer", "05/03/20", "", True])
def test_dates_that_are_not(written: object) -> None:
    with pytest.raises(CellError):
        parse_date(written)


def test_a_two_digit_year_is_explained() -> None:
    with pytest.raises(CellError) as error:
        parse_date("05/03/20")
    assert error.value.code == "two_digit_year"


@pytest.mark.parametrize(
    ("written", "expected"), [("12", 12), (12.0, 12), ("12.0", 12), (" 7 ", 7)]
)
def test_whole_numbers(written: object, expected: int) -> None:
    assert parse_integer(written) == expected


@pytest.mark.parametrize("written", ["12.5", 12.5, "doce", "1e3"])
def test_not_whole_numbers(written: object) -> None:
    with pytest.raises(CellError):
        parse_integer(written)


@pytest.mark.parametrize(
    ("written", "expected"),
    [
        ("1500", "1500"),
        ("1,500.50", "1500.50"),
        ("1.500,50", "1500.50"),
        ("1500,5", "1500.5"),
        ("S/ 2,350,000", "2350000"),
    ],
)
def test_amounts_with_either_decimal_separator(written: str, expected: str) -> None:
    assert parse_decimal(written) == Decimal(expected)


@pytest.mark.parametrize(
    ("written", "expected"),
    [("Sí", True), ("si", True), ("X", True), ("No", False), ("0", False), (1.0, True)],
)
def test_yes_and_no(written: object, expected: bool) -> None:
    assert parse_boolean(written) is expected
