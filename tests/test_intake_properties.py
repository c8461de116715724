"""Whatever a file holds — wrong encodings, separators, garbage cells, truncation — intake never fails
unexpectedly, and every row read is either accepted or rejected; and the registry then holds exactly the rows
accepted, with the values their cells say."""

from __future__ import annotations

import csv
import datetime
import io
import string
from pathlib import Path

import openpyxl
import pytest
from django.db import transaction
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from openpyxl.utils.exceptions import IllegalCharacterError

from kuska.i18n import in_each_language
from kuska.intake.models import RejectedRow
from kuska.intake.submit import SubmissionError, SubmissionReport, submit
from kuska.registry.models import PersonRecord, SubmissionBatch

pytestmark = pytest.mark.usefixtures("peru")

HEADERS = [
    "record_id",
    "role",
    "given_names",
    "paternal_surname",
    "sexo",
    "birth_date",
    "edad",
    "event_date",
    "nationality",
    "document_type",
    "document_number",
    "case_id",
    "columna_rara",
]
GOOD = {
    "record_id": st.from_regex(r"P-[0-9]{1,4}", fullmatch=True),
    "role": st.sampled_from(["victim", "víctima", "suspect", "testigo", "x"]),
    "sexo": st.sampled_from(["F", "M", "female", "Mujer", "?", ""]),
    "birth_date": st.sampled_from(
        ["12/07/2004", "2004-07-12", "31/02/2004", "01/01/2090", "43895", "ayer", ""]
    ),
    "edad": st.sampled_from(["15", "15.0", "-3", "200", "quince", ""]),
    "nationality": st.sampled_from(["PE", "Perú", "VE", "venezolana", "XX", ""]),
    "document_type": st.sampled_from(["dni", "DNI", "pasaporte", "", "z"]),
}
garbage = st.text(alphabet=string.printable + "áéíóúñÑü\x00\ufffd€", max_size=30)


def cell(header: str) -> st.SearchStrategy[str]:
    return st.one_of(GOOD.get(header, garbage), garbage) if header in GOOD else garbage


@st.composite
def csv_files(draw: st.DrawFn) -> tuple[bytes, int]:
    header = draw(
        st.lists(st.sampled_from(HEADERS), min_size=1, max_size=len(HEADERS), unique=True)
    )
    rows = draw(st.lists(st.tuples(*[cell(h) for h in header]), max_size=25))
    extra = draw(st.booleans())
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=draw(st.sampled_from([",", ";", "\t"])))
    writer.writerow(header)
    for row in rows:
        writer.writerow([*row, "sobra"] if extra else list(row))
    text = buffer.getvalue()
    data = text.encode(draw(st.sampled_from(["utf-8", "utf-8-sig", "cp1252"])), errors="replace")
    if draw(st.booleans()):
        data = data[: draw(st.integers(min_value=0, max_value=len(data)))]
    return data, len(rows)


def assert_every_row_accounted_for(report: SubmissionReport) -> None:
    assert report.total("rows_read") == report.total("accepted") + report.total("rejected")
    assert PersonRecord.objects.count() == report.total("created")
    assert RejectedRow.objects.count() == report.total("rejected")
    for batch in SubmissionBatch.objects.all():
        assert batch.rows_read == batch.rows_accepted + batch.rows_rejected
        # the rows written are the batch's: one record per record id, each rejected row once, with its reasons
        records = PersonRecord.objects.filter(batch=batch)
        assert records.count() == batch.rows_accepted
        ids = list(records.values_list("source_record_id", flat=True))
        assert len(set(ids)) == len(ids)
        assert all(ids)
        assert set(records.values_list("agency__code", flat=True)) <= {"PNP"}
        rejected = RejectedRow.objects.filter(batch=batch)
        assert rejected.count() == batch.rows_rejected
        numbers = list(rejected.values_list("row_number", flat=True))
        assert len(set(numbers)) == len(numbers)
        assert all(number >= 2 for number in numbers)  # the header is row 1
        assert all(problems for problems in rejected.values_list("problems", flat=True))


def submit_rolled_back(path: Path) -> SubmissionReport | None:
    """Submit, check, and undo, so each generated case starts from the same registry."""
    with transaction.atomic():
        try:
            result = submit([path], "PNP", record_type="persons")
        except SubmissionError as error:
            # refused whole: explained in every offered language, and nothing stored
            report = None
            refused: SubmissionError | None = error
        else:
            assert_every_row_accounted_for(result)
            report, refused = result, None
        if refused is not None:
            assert all(in_each_language(refused.message).values())
            assert PersonRecord.objects.count() == 0
        transaction.set_rollback(True)
    return report


@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(generated=csv_files())
def test_any_csv_is_read_or_refused_whole_and_rows_add_up(
    tmp_path: Path, generated: tuple[bytes, int]
) -> None:
    data, _ = generated
    path = tmp_path / "personas.csv"
    path.write_bytes(data)
    submit_rolled_back(path)


@settings(
    max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    header=st.lists(st.sampled_from(HEADERS), min_size=1, max_size=8, unique=True),
    values=st.lists(
        st.one_of(
            st.none(),
            garbage,
            st.integers(min_value=-(10**12), max_value=10**12),
            st.floats(allow_nan=True, allow_infinity=True),
            st.dates(min_value=datetime.date(1800, 1, 1), max_value=datetime.date(2100, 1, 1)),
            st.booleans(),
        ),
        max_size=80,
    ),
    cut=st.one_of(st.none(), st.floats(min_value=0.0, max_value=1.0)),
)
def test_any_workbook_is_read_or_refused_whole_and_rows_add_up(
    tmp_path: Path, header: list[str], values: list[object], cut: float | None
) -> None:
    book = openpyxl.Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = "Personas"
    sheet.append(header)
    width = len(header)
    for start in range(0, len(values), width):
        cells = [
            v.replace("\x00", "") if isinstance(v, str) else v
            for v in values[start : start + width]
        ]
        try:
            sheet.append(cells)
        except (ValueError, TypeError, IllegalCharacterError):
            continue  # openpyxl refuses some characters; not what this test is about
    path = tmp_path / "envio.xlsx"
    book.save(path)
    if cut is not None:
        data = path.read_bytes()
        path.write_bytes(data[: int(len(data) * cut)])
    submit_rolled_back(path)


def test_a_clean_file_reads_every_row(tmp_path: Path) -> None:
    rows = [f"P-{i},victim,female" for i in range(40)]
    path = tmp_path / "personas.csv"
    path.write_text("record_id,role,sex\n" + "\n".join(rows) + "\n", encoding="utf-8")
    report = submit_rolled_back(path)
    assert report is not None
    assert report.total("rows_read") == 40
    assert report.total("accepted") == 40


# -- the registry holds exactly what the cells say ----------------------------------------------------------------

REJECTED = object()
"""A cell that makes its row rejected."""

# per column: cells as agencies write them, each with the value the registry must hold (or REJECTED)
CELLS: dict[str, list[tuple[str, object]]] = {
    "record_id": [(f"P-{n}", f"P-{n}") for n in range(1, 6)],  # few: ids repeat
    "role": [
        ("victim", "victim"),
        ("Víctima", "victim"),
        ("agraviada", "victim"),
        ("imputado", "suspect"),
        ("testigo", "witness"),
        ("x", REJECTED),
        ("", REJECTED),  # required
    ],
    "given_names": [("Rosa Elena", "Rosa Elena"), ("  Ñusta   Killa ", "Ñusta Killa"), ("", "")],
    "sexo": [("F", "female"), ("Mujer", "female"), ("M", "male"), ("", ""), ("?", REJECTED)],
    "birth_date": [
        ("12/07/2004", datetime.date(2004, 7, 12)),
        ("2004-07-12", datetime.date(2004, 7, 12)),
        ("01/03/1990", datetime.date(1990, 3, 1)),
        ("", None),
        ("31/02/2004", REJECTED),
        ("ayer", REJECTED),
    ],
    "nacionalidad": [
        ("PE", "PE"),
        ("peruana", "PE"),
        ("venezolana", "VE"),
        ("", ""),
        ("XX", REJECTED),
    ],
    "tipo_documento": [("dni", "dni"), ("pasaporte", "passport"), ("", "")],
}
EVENT_DATE = datetime.date(2020, 3, 15)


def years_between(birth: datetime.date, day: datetime.date) -> int:
    return day.year - birth.year - ((day.month, day.day) < (birth.month, birth.day))


@st.composite
def person_rows(draw: st.DrawFn) -> list[dict[str, tuple[str, object]]]:
    """Rows of (cell, expected value) per column; a document number goes with a document type."""
    rows = draw(
        st.lists(
            st.fixed_dictionaries({name: st.sampled_from(cells) for name, cells in CELLS.items()}),
            max_size=20,
        )
    )
    for number, row in enumerate(rows):
        kind = row["tipo_documento"][1]
        digits = f"{40000000 + number}"
        row["numero_documento"] = (digits, digits) if kind else ("", "")
    return rows


@settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(rows=person_rows())
def test_the_registry_holds_exactly_the_accepted_rows_with_their_values(
    tmp_path: Path, rows: list[dict[str, tuple[str, object]]]
) -> None:
    header = [*CELLS, "numero_documento"]
    path = tmp_path / "personas.csv"
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow([*header, "fecha_hecho"])
        for row in rows:
            writer.writerow([row[name][0] for name in header] + ["15/03/2020"])

    # what the registry must hold: a row with a rejected cell is refused; of the rest, the first row of each
    # record id is stored and a later row with the same id is refused as a duplicate
    expected: dict[str, dict[str, object]] = {}
    refused: set[int] = set()
    for number, row in enumerate(rows, start=2):
        values = {name: value for name, (_, value) in row.items()}
        if REJECTED in values.values() or values["record_id"] in expected:
            refused.add(number)
        else:
            expected[str(values["record_id"])] = values

    with transaction.atomic():
        report = submit([path], "PNP", record_type="persons")
        assert (report.total("rows_read"), report.total("created")) == (len(rows), len(expected))
        assert (report.total("rejected"), report.total("updated")) == (len(refused), 0)
        assert set(RejectedRow.objects.values_list("row_number", flat=True)) == refused
        assert RejectedRow.objects.count() == len(refused)
        records = {r.source_record_id: r for r in PersonRecord.objects.all()}
        assert set(records) == set(expected)
        assert PersonRecord.objects.count() == len(expected)  # one record per id
        for record_id, values in expected.items():
            record = PersonRecord.objects.get(
                pk=records[record_id].pk
            )  # read back from the database
            birth = values["birth_date"]
            assert isinstance(birth, datetime.date | None)
            assert (
                record.role,
                record.given_names,
                record.sex,
                record.birth_date,
                record.nationality,
                record.document_type,
                record.document_number,
                record.event_date,
                record.age_at_event,
            ) == (
                values["role"],
                values["given_names"],
                values["sexo"],
                birth,
                values["nacionalidad"],
                values["tipo_documento"],
                values["numero_documento"],
                EVENT_DATE,
                None if birth is None else years_between(birth, EVENT_DATE),
            ), record_id
            assert bool(record.document_hash) == bool(values["numero_documento"])
            assert record.agency.code == "PNP"
            assert record.batch_id == report.files[0].batch_id
        transaction.set_rollback(True)
