"""The MININTER open-data file becomes the aggregate series ``mininter``, and ``kuska stats --series`` shows it.

The file is read by a reader of the one intake pipeline (``kuska import FILE --format mininter``). Most tests use
small workbooks in MININTER's layout written here, so they run anywhere; the checks against the published file
read it in place, from ``../shared/data/mininter/`` beside the repository, and are skipped, with the reason, where
it is not there.
"""

from __future__ import annotations

import csv
import json
import unittest
from collections import Counter
from pathlib import Path

import openpyxl
import pytest
from django.test import TestCase
from django.utils import translation
from django.utils.translation import gettext
from python_calamine import CalamineWorkbook

from kuska.cli import main
from kuska.intake.mininter import Inconsistency, MininterFindings, check_file
from kuska.intake.models import RejectedRow
from kuska.intake.readers import ReadError
from kuska.intake.readers.mininter import COLUMNS, SHEET
from kuska.intake.submit import SubmissionError, SubmissionReport, submit
from kuska.profiles import install, read_profile
from kuska.registry.models import AggregateObservation, RecordVersion, SubmissionBatch
from kuska.stats.series import SeriesError, series_by

ROOT = Path(__file__).resolve().parents[1]
PUBLISHED = ROOT.parent / "shared" / "data" / "mininter" / "trata-de-personas-2017-01_2025-09.xlsx"

HEADER = list(COLUMNS.values())  # as published: AÑO, MES, CCDD, lugar, PROVINCIA, … , Valor
CATEGORIES = {
    "C": "CAPTACIÓN",
    "D": "DESTINO DEL HECHO",
    "EF": "FEMENINO GRUPO EDAD",
    "EM": "MASCULINO GRUPO DE EDAD",
    "EM_EF": "EM_EF_TOTAL",
}

Cell = int | float | str | None
Place = tuple[
    int, int, int, str, str, str, str
]  # year, month, CCDD, lugar, province, district, unit

CUSCO: Place = (2019, 3, 8, "CUSCO", "CUSCO", "WANCHAQ", "DEPINCRI")
LIMA_METRO: Place = (2019, 4, 15, "LIMA", "LIMA", "LIMA CERCADO", "DIRCTPTIM")
HUAROCHIRI: Place = (2020, 1, 15, "LIMA", "HUAROCHIRI", "MATUCANA", "COMISARIA MATUCANA")
LIMA_DEPARTMENT: Place = (2020, 2, 15, "LIMA", "", "", "")
CALLAO: Place = (2020, 2, 7, "CALLAO", "", "", "")

# Each place's codes and counts; None is a count left blank. Victims: 2019 4 + 5 = 9, 2020 2 + 1 + 3 = 6.
EXTRACT: list[tuple[Place, dict[str, int | None]]] = [
    (
        CUSCO,
        {
            "C_OFERTA DE TRABAJO": 3,
            "C_TOTAL": 4,  # does not add up: 3
            "D_FISCALIA": None,
            "D_TOTAL": None,
            "EF_DE 12 A 17 AÑOS": 2,
            "EF_DE 18 A 29 AÑOS": 1,
            "EF_SUB TOTAL": 3,
            "EM_DE 18 A 29 AÑOS": 1,
            "EM_SUB TOTAL": 1,
            "EM_EF_TOTAL": 4,
        },
    ),
    (
        LIMA_METRO,
        {"EF_DE 12 A 17 AÑOS": 5, "EF_SUB TOTAL": 5, "EM_SUB TOTAL": 0, "EM_EF_TOTAL": 5},
    ),
    (
        HUAROCHIRI,
        {"EF_DE 18 A 29 AÑOS": 2, "EF_SUB TOTAL": 2, "EM_SUB TOTAL": 0, "EM_EF_TOTAL": 2},
    ),
    (
        LIMA_DEPARTMENT,
        {"EF_DE 0 A 5 AÑOS": 0, "EF_SUB TOTAL": 1, "EM_SUB TOTAL": 0, "EM_EF_TOTAL": 1},
    ),  # EF does not add up: 0
    (
        CALLAO,
        {"EF_SUB TOTAL": 1, "EM_SUB TOTAL": 1, "EM_EF_TOTAL": 3},
    ),  # EM_EF does not add up: 2
]
EXTRACT_ROWS = sum(len(codes) for _, codes in EXTRACT)


def sheet_row(place: Place, code: str, value: Cell) -> list[Cell]:
    prefix = code.removesuffix("_TOTAL") if code == "EM_EF_TOTAL" else code.split("_", 1)[0]
    return [*place, CATEGORIES[prefix], code, value]


def write_workbook(path: Path, rows: list[list[Cell]], sheet: str = SHEET) -> Path:
    """A workbook in MININTER's layout: one sheet, the published header, numbers stored as the file stores them."""
    workbook = openpyxl.Workbook()
    worksheet = workbook.active
    assert worksheet is not None
    worksheet.title = sheet
    worksheet.append(HEADER)
    for row in rows:
        worksheet.append(row)
    workbook.save(path)
    return path


def extract_rows() -> list[list[Cell]]:
    return [
        sheet_row(place, code, value) for place, codes in EXTRACT for code, value in codes.items()
    ]


@pytest.fixture(autouse=True)
def in_english(monkeypatch: pytest.MonkeyPatch) -> object:
    """The messages these tests read, and the command's, in English."""
    monkeypatch.setenv("KUSKA_LANGUAGE", "en")
    with translation.override("en"):
        yield


@pytest.fixture
def extract(tmp_path: Path) -> Path:
    """A small MININTER workbook: five places, blank counts and three totals that do not add up."""
    return write_workbook(tmp_path / "mininter-extract.xlsx", extract_rows())


def import_mininter(path: Path, agency: str = "PNP", *, dry_run: bool = False) -> SubmissionReport:
    return submit([path], agency, fmt="mininter", dry_run=dry_run)


def counts(report: SubmissionReport) -> tuple[int, int, int, int, int]:
    """Rows read, created, updated, unchanged and rejected."""
    names = ("rows_read", "created", "updated", "unchanged", "rejected")
    return tuple(report.total(name) for name in names)  # type: ignore[return-value]


def observation(place: Place, code: str) -> AggregateObservation:
    year, month, department, _, province, district, unit = place
    full = " / ".join((province, district, unit)) if province or district or unit else ""
    return AggregateObservation.objects.get(
        source_record_id__startswith=f"mininter:{year}-{month:02d}:{department:02d}:",
        place=full,
        subcategory=code,
    )


def batch_of(report: SubmissionReport) -> SubmissionBatch:
    [file_report] = report.files
    assert file_report.batch_id is not None
    return SubmissionBatch.objects.get(pk=file_report.batch_id)


def stats_json(capsys: pytest.CaptureFixture[str], *args: str) -> list[dict[str, object]]:
    capsys.readouterr()
    assert main(["stats", "--series", "mininter", *args, "--format", "json"]) == 0
    result: list[dict[str, object]] = json.loads(capsys.readouterr().out)
    return result


# Importing ------------------------------------------------------------------------------------------------------


@pytest.mark.django_db
def test_each_row_becomes_an_observation_with_provenance(peru: None, extract: Path) -> None:
    report = import_mininter(extract)
    assert counts(report) == (25, 25, 0, 0, 0)
    batch = batch_of(report)
    assert batch.agency.code == "PNP"
    assert (batch.channel, batch.format, batch.status) == ("file", "mininter", "completed")
    assert batch.file_name == "mininter-extract.xlsx"
    assert len(batch.file_sha256) == 64
    assert (batch.rows_read, batch.rows_accepted, batch.rows_rejected) == (25, 25, 0)
    assert AggregateObservation.objects.filter(batch=batch, agency=batch.agency).count() == 25
    cusco = observation(CUSCO, "C_OFERTA DE TRABAJO")
    assert (cusco.series, cusco.category, cusco.value, cusco.region and cusco.region.code) == (
        "mininter",
        "CAPTACIÓN",
        3,
        "PE-CUS",
    )
    assert (cusco.year, cusco.month, cusco.is_total) == (2019, 3, False)
    assert cusco.place == "CUSCO / WANCHAQ / DEPINCRI"
    assert cusco.source_record_id.startswith("mininter:2019-03:08:")
    assert (cusco.version, len(cusco.fingerprint)) == (1, 64)


@pytest.mark.django_db
def test_the_agency_code_is_looked_up_as_for_every_format(peru: None, extract: Path) -> None:
    report = import_mininter(extract, agency="pnp")
    assert batch_of(report).agency.code == "PNP"
    with pytest.raises(SubmissionError, match="agency 'NOPE' is not in the profile"):
        import_mininter(extract, agency="NOPE")


@pytest.mark.django_db
def test_blank_counts_stay_null_never_zero(peru: None, extract: Path) -> None:
    import_mininter(extract)
    assert observation(CUSCO, "D_TOTAL").value is None
    assert observation(CUSCO, "D_FISCALIA").value is None
    assert observation(LIMA_DEPARTMENT, "EF_DE 0 A 5 AÑOS").value == 0
    assert check_file(extract).blank_values == 2


@pytest.mark.django_db
def test_totals_and_sub_totals_are_marked(peru: None, extract: Path) -> None:
    import_mininter(extract)
    totals = set(
        AggregateObservation.objects.filter(is_total=True).values_list("subcategory", flat=True)
    )
    assert totals == {"C_TOTAL", "D_TOTAL", "EF_SUB TOTAL", "EM_SUB TOTAL", "EM_EF_TOTAL"}
    assert (
        check_file(extract).total_rows
        == AggregateObservation.objects.filter(is_total=True).count()
        == 17
    )


@pytest.mark.django_db
def test_lima_goes_to_metropolitan_lima_only_when_the_province_says_lima(
    peru: None, extract: Path
) -> None:
    import_mininter(extract)

    def region(place: Place) -> str | None:
        found = observation(place, "EM_EF_TOTAL").region
        return found.code if found else None

    assert region(LIMA_METRO) == "PE-LMA"
    assert region(HUAROCHIRI) == "PE-LIM"
    assert region(LIMA_DEPARTMENT) is None  # department 15 without a province cannot be split
    assert region(CALLAO) == "PE-CAL"
    assert AggregateObservation.objects.filter(region__isnull=True).count() == 4
    assert check_file(extract).rows_without_region == 4


@pytest.mark.django_db
def test_importing_the_same_file_again_changes_nothing(peru: None, extract: Path) -> None:
    first = import_mininter(extract)
    before = list(AggregateObservation.objects.order_by("pk").values())
    second = import_mininter(extract)
    assert counts(second) == (25, 0, 0, 25, 0)
    assert list(AggregateObservation.objects.order_by("pk").values()) == before
    batch = batch_of(second)
    assert (batch.rows_read, batch.rows_accepted, batch.rows_unchanged) == (25, 25, 25)
    assert batch.pk != batch_of(first).pk
    assert not RecordVersion.objects.exists()


@pytest.mark.django_db
def test_a_corrected_count_updates_its_observation_and_keeps_the_previous_version(
    peru: None, tmp_path: Path
) -> None:
    rows = extract_rows()
    import_mininter(write_workbook(tmp_path / "first.xlsx", rows))
    rows[0][-1] = 7  # CUSCO C_OFERTA DE TRABAJO, was 3
    report = import_mininter(write_workbook(tmp_path / "corrected.xlsx", rows))
    assert counts(report) == (25, 0, 1, 24, 0)
    corrected = observation(CUSCO, "C_OFERTA DE TRABAJO")
    assert (corrected.value, corrected.version, corrected.batch_id) == (7, 2, batch_of(report).pk)
    kept = RecordVersion.objects.get(record_id=corrected.pk)
    assert (kept.version, kept.data["value"]) == (1, 3)
    assert kept.record_type == "registry.aggregateobservation"
    assert batch_of(report).rows_updated == 1


def unreadable_rows() -> list[list[Cell]]:
    """One good row, then one row for each way a row of the file cannot be read."""
    good = sheet_row(CUSCO, "C_INTERNET", 1)
    return [
        good,
        ["20x9", *good[1:]],
        [good[0], 13, *good[2:]],
        [*good[:9], "dos"],
        [*good[:9], 1.5],
        [*good[:9], -1],
        [good[0], good[1], 99, *good[3:]],
        [*good[:8], "", 1],
        [good[0], None, *good[2:]],
        [good[0], good[1], None, *good[3:]],
    ]


# row, column, value as in the file, and the reason's code, for the rows of unreadable_rows()
UNREADABLE = [
    (3, "AÑO", "20x9", "bad_integer"),
    (4, "MES", "13", "above_maximum"),
    (5, "Valor", "dos", "bad_integer"),
    (6, "Valor", "1.5", "bad_integer"),
    (7, "Valor", "-1", "below_minimum"),
    (8, "CCDD", "99", "unknown_region"),
    (9, "Denuncias por comisión", "", "required"),
    (10, "record_id", "", "required"),  # no month: the row cannot be identified
    (11, "record_id", "", "required"),  # no department (CCDD)
]


@pytest.mark.django_db
def test_unreadable_rows_are_rejected_rows_with_row_column_value_and_reason(
    peru: None, tmp_path: Path
) -> None:
    report = import_mininter(write_workbook(tmp_path / "bad.xlsx", unreadable_rows()))
    assert counts(report) == (10, 1, 0, 0, 9)
    batch = batch_of(report)
    assert (batch.rows_read, batch.rows_accepted, batch.rows_rejected) == (10, 1, 9)
    stored = RejectedRow.objects.filter(batch=batch).order_by("row_number")
    found = [(r.row_number, p["column"], p["value"], p["code"]) for r in stored for p in r.problems]
    assert found == UNREADABLE
    assert {r.record_type for r in stored} == {"aggregate_observations"}
    assert all(p["message_es"] and p["message_en"] for r in stored for p in r.problems)
    assert json.loads(stored[0].raw)["AÑO"] == "20x9"  # the row as the file gave it
    assert AggregateObservation.objects.count() == 1


@pytest.mark.django_db
@pytest.mark.parametrize("suffix", [".csv", ".xlsx"])
def test_import_command_writes_the_unreadable_rows_with_errors(
    peru: None, tmp_path: Path, capsys: pytest.CaptureFixture[str], suffix: str
) -> None:
    path = write_workbook(tmp_path / "bad.xlsx", unreadable_rows())
    out = tmp_path / f"rejected{suffix}"
    code = main(
        ["import", str(path), "--agency", "pnp", "--format", "mininter", "--errors", str(out)]
    )
    assert code == 0
    if suffix == ".csv":
        with out.open(encoding="utf-8-sig", newline="") as handle:
            lines = list(csv.reader(handle))
    else:
        sheet = openpyxl.load_workbook(out, read_only=True).active
        assert sheet is not None
        lines = [
            ["" if v is None else str(v) for v in row] for row in sheet.iter_rows(values_only=True)
        ]
    header, rows = lines[0], lines[1:]
    assert header == [  # in the command's language; the message in every offered one
        "file",
        "sheet",
        "row",
        "column",
        "value",
        "error (es)",
        "error (en)",
        "submitted row",
    ]
    assert [(int(r[2]), r[3], r[4]) for r in rows] == [(n, c, v) for n, c, v, _ in UNREADABLE]
    assert all(r[0] == "bad.xlsx" and r[5] and r[6] for r in rows)
    # the console wraps a long path anywhere, even inside a name (a worker's tmp_path under pytest-xdist is longer)
    assert f"{out}(9)" in "".join(capsys.readouterr().out.split())


@pytest.mark.django_db
def test_a_repeated_natural_key_is_rejected_as_a_duplicate(peru: None, tmp_path: Path) -> None:
    rows = extract_rows()
    rows.append(sheet_row(CUSCO, "C_TOTAL", 5))  # C_TOTAL of CUSCO is row 3
    report = import_mininter(write_workbook(tmp_path / "twice.xlsx", rows))
    assert counts(report) == (26, 25, 0, 0, 1)
    [rejected] = RejectedRow.objects.all()
    assert rejected.row_number == 27
    assert [p["code"] for p in rejected.problems] == ["duplicate_record_id"]
    assert observation(CUSCO, "C_TOTAL").value == 4  # the first one stays


@pytest.mark.django_db
def test_a_dry_run_writes_nothing(peru: None, extract: Path) -> None:
    report = import_mininter(extract, dry_run=True)
    assert counts(report) == (25, 25, 0, 0, 0)
    assert report.files[0].batch_id is None
    assert not AggregateObservation.objects.exists()
    assert not SubmissionBatch.objects.exists()


@pytest.mark.django_db
def test_a_failure_while_writing_leaves_the_registry_unchanged(peru: None, extract: Path) -> None:
    def fail(sheet: str, done: int, total: int | None) -> None:
        raise RuntimeError("interrupted")

    with pytest.raises(RuntimeError):
        submit([extract], "PNP", fmt="mininter", progress=fail)
    assert not AggregateObservation.objects.exists()
    assert not SubmissionBatch.objects.exists()


@pytest.mark.django_db
def test_a_file_that_is_not_the_mininter_sheet_is_refused_whole(peru: None, tmp_path: Path) -> None:
    other = write_workbook(tmp_path / "other.xlsx", extract_rows(), sheet="Hoja1")
    with pytest.raises(SubmissionError, match="has no sheet BD_CONSOLIDADO_TRATA"):
        import_mininter(other)
    text = tmp_path / "text.xlsx"
    text.write_text("not a workbook")
    with pytest.raises(SubmissionError, match="not a readable Excel workbook"):
        import_mininter(text)
    with pytest.raises(ReadError, match="not a readable Excel workbook"):
        check_file(text)
    assert not SubmissionBatch.objects.exists()


@pytest.mark.django_db
def test_type_and_mapping_are_refused_not_ignored(
    peru: None, extract: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    mapping = tmp_path / "mapping.toml"
    mapping.write_text('[columns]\n"Valor" = "age"\n', encoding="utf-8")
    base = ["import", str(extract), "--agency", "PNP", "--format", "mininter"]
    for option in (["--type", "persons"], ["--mapping", str(mapping)]):
        capsys.readouterr()
        assert main([*base, *option]) == 1
        out = " ".join(capsys.readouterr().out.split())  # as one line, however the console wraps it
        assert f"{option[0]} does not apply to the mininter format" in out
    assert not SubmissionBatch.objects.exists()


# Totals that do not add up ---------------------------------------------------------------------------------


@pytest.mark.django_db
def test_totals_that_do_not_add_up_are_reported_not_fixed(peru: None, extract: Path) -> None:
    import_mininter(extract)
    findings = check_file(extract)
    found = {
        (i.group, i.total_code, i.expected_total, i.sum_of_details)
        for i in findings.inconsistencies
    }
    assert found == {
        ("2019-03 · 08 · CUSCO / WANCHAQ / DEPINCRI · C_", "C_TOTAL", 4, 3),
        ("2020-02 · 07 · (departamento / department) · EM_EF_", "EM_EF_TOTAL", 3, 2),
        ("2020-02 · 15 · (departamento / department) · EF_", "EF_SUB TOTAL", 1, 0),
    }
    # Checked: C, EF, EM and EM_EF in Cusco (D is blank: not reported); EF and EM_EF in each Lima place;
    # EM_EF in Callao. A total with no detail rows (EM in Lima, EF and EM in Callao) has nothing to add.
    assert findings.groups_checked == 4 + 3 * 2 + 1
    assert observation(CUSCO, "C_TOTAL").value == 4


@pytest.mark.django_db
def test_the_check_of_totals_leaves_out_the_rows_the_import_rejects(
    peru: None, tmp_path: Path
) -> None:
    rows = unreadable_rows()
    rows.append(sheet_row(CUSCO, "C_INTERNET", 3))  # the same natural key as the first: rejected
    findings = check_file(write_workbook(tmp_path / "bad.xlsx", rows))
    assert (findings.rows, findings.total_rows, findings.groups_checked) == (1, 0, 0)


@pytest.mark.django_db
def test_import_summary_shows_the_counts_and_the_totals_that_do_not_add_up(
    peru: None, extract: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["import", str(extract), "--agency", "PNP", "--format", "mininter"]) == 0
    out = capsys.readouterr().out
    assert "Submission PNP" in out  # rows read, accepted and rejected, as for every format
    lines = [" ".join(line.strip("│ ").split()) for line in out.splitlines()]
    for label, count in (
        ("blank counts (not reported)", 2),
        ("rows without a region (Lima, no province)", 4),
        ("groups whose totals do not add up", 3),
    ):
        assert f"{gettext(label)} │ {count}" in lines  # in the language the command speaks
    assert "C_TOTAL" in out
    missing = str(extract.with_name("missing.xlsx"))
    assert main(["import", missing, "--agency", "PNP", "--format", "mininter"]) == 1


# Figures ------------------------------------------------------------------------------------------------------


@pytest.mark.django_db
def test_victims_per_year_add_the_victims_total_rows_only(peru: None, extract: Path) -> None:
    import_mininter(extract)
    assert series_by("mininter", ["year"]) == [
        {"year": 2019, "value": 9, "rows": 2, "not_reported": 0},
        {"year": 2020, "value": 6, "rows": 3, "not_reported": 0},
    ]
    assert series_by("mininter", ["region"], year=2020) == [
        {"region": "PE-CAL", "value": 3, "rows": 1, "not_reported": 0},
        {"region": "PE-LIM", "value": 2, "rows": 1, "not_reported": 0},
        {"region": None, "value": 1, "rows": 1, "not_reported": 0},
    ]


@pytest.mark.django_db
def test_a_figure_whose_counts_were_all_blank_is_not_reported(peru: None, extract: Path) -> None:
    import_mininter(extract)
    assert series_by("mininter", ["year"], subcategory="D_TOTAL") == [
        {"year": 2019, "value": None, "rows": 1, "not_reported": 1}
    ]


@pytest.mark.django_db
def test_by_subcategory_each_code_is_its_own_row(peru: None, extract: Path) -> None:
    import_mininter(extract)
    rows = series_by("mininter", ["subcategory"], category="MASCULINO GRUPO DE EDAD")
    assert rows == [
        {
            "subcategory": "EM_DE 18 A 29 AÑOS",
            "is_total": False,
            "value": 1,
            "rows": 1,
            "not_reported": 0,
        },
        {"subcategory": "EM_SUB TOTAL", "is_total": True, "value": 2, "rows": 5, "not_reported": 0},
    ]
    with pytest.raises(SeriesError, match="Unknown dimension"):
        series_by("mininter", ["colour"])


@pytest.mark.django_db
def test_stats_command_prints_the_series_as_json_csv_or_a_table(
    peru: None, extract: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    import_mininter(extract)
    assert stats_json(capsys, "--by", "year") == [
        {"year": 2019, "value": 9, "rows": 2, "not_reported": 0},
        {"year": 2020, "value": 6, "rows": 3, "not_reported": 0},
    ]
    assert stats_json(capsys, "--by", "year", "--subcategory", "EF_SUB TOTAL")[0]["value"] == 8
    assert main(["stats", "--series", "mininter", "--by", "year,month", "--format", "csv"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[0] == "year,month,value,rows,not_reported"
    assert lines[1:] == ["2019,3,4,1,0", "2019,4,5,1,0", "2020,1,2,1,0", "2020,2,4,2,0"]
    assert main(["stats", "--series", "mininter", "--by", "year"]) == 0
    table = capsys.readouterr().out
    assert "EM_EF_TOTAL" in table
    assert "2019" in table
    assert main(["stats", "--series", "mininter", "--by", "colour"]) == 2


# The published file ------------------------------------------------------------------------------------------


def published_victims_per_year(path: Path) -> dict[int, int]:
    """The sum of the file's EM_EF_TOTAL rows per year, read without Kuska."""
    rows = CalamineWorkbook.from_path(str(path)).get_sheet_by_name(SHEET).to_python()
    header = rows[0]
    year, code, value = (
        header.index("AÑO"),
        header.index("Denuncias por comisión"),
        header.index("Valor"),
    )
    victims: Counter[int] = Counter()
    for row in rows[1:]:
        if row[code] == "EM_EF_TOTAL":
            year_cell, count = row[year], row[value] or 0
            assert isinstance(year_cell, float)
            assert isinstance(count, float | int)
            victims[int(year_cell)] += int(count)
    return dict(victims)


@pytest.mark.slow
class TestThePublishedFile(TestCase):
    """The published file, imported once for the class and rolled back after it."""

    report: SubmissionReport
    findings: MininterFindings

    @classmethod
    def setUpClass(cls) -> None:
        if not PUBLISHED.is_file():
            raise unittest.SkipTest(
                "the published MININTER file is not beside the repository "
                "(../shared/data/mininter/trata-de-personas-2017-01_2025-09.xlsx)"
            )
        super().setUpClass()

    @classmethod
    def setUpTestData(cls) -> None:
        install(read_profile("peru"))
        cls.report = import_mininter(PUBLISHED)
        cls.findings = check_file(PUBLISHED)

    @pytest.fixture(autouse=True)
    def _capture(self, capsys: pytest.CaptureFixture[str]) -> None:
        self.capsys = capsys

    def test_every_row_imports(self) -> None:
        assert counts(self.report) == (75_508, 75_508, 0, 0, 0)
        findings = self.findings
        assert findings.rows == 75_508
        assert findings.total_rows == 878 * 12  # 12 total rows in each of the 878 groups
        assert findings.rows_without_region == 1_548  # Lima department rows with no province
        batch = batch_of(self.report)
        assert (batch.rows_read, batch.rows_accepted, batch.rows_rejected) == (75_508, 75_508, 0)
        assert AggregateObservation.objects.filter(series="mininter").count() == 75_508
        assert AggregateObservation.objects.filter(region__isnull=True).count() == 1_548
        longest = max(len(p) for p in AggregateObservation.objects.values_list("place", flat=True))
        assert longest == 352  # the 17 districts of Lima in April 2017, kept whole

    def test_victims_per_year_match_the_total_rows(self) -> None:
        expected = published_victims_per_year(PUBLISHED)
        assert expected == {
            2017: 641,
            2018: 734,
            2019: 509,
            2020: 372,
            2021: 535,
            2022: 631,
            2023: 583,
            2024: 669,
            2025: 384,
        }
        figures = {row["year"]: row["value"] for row in stats_json(self.capsys, "--by", "year")}
        assert figures == expected

    def test_importing_it_again_changes_nothing(self) -> None:
        again = import_mininter(PUBLISHED, agency="pnp")
        assert counts(again) == (75_508, 0, 0, 75_508, 0)
        assert not AggregateObservation.objects.filter(batch=batch_of(again)).exists()
        assert AggregateObservation.objects.count() == 75_508

    def test_blank_counts_stay_null(self) -> None:
        blank = AggregateObservation.objects.filter(value__isnull=True)
        assert self.findings.blank_values == blank.count() == 1_032
        assert set(blank.values_list("year", flat=True)) == {2022, 2023}
        assert {code[:2] for code in blank.values_list("subcategory", flat=True)} == {"D_"}
        assert series_by("mininter", ["year"], subcategory="D_TOTAL", year=2022) == [
            {"year": 2022, "value": None, "rows": 107, "not_reported": 107}
        ]

    def test_the_totals_that_do_not_add_up_are_the_ones_found(self) -> None:
        findings = self.findings
        assert findings.groups_checked == 878 * 12 - 129  # D_ is blank in 129 groups
        assert findings.inconsistent_groups == 370
        by_kind = Counter((i.prefix, i.year) for i in findings.inconsistencies)
        assert by_kind == {
            ("EF", 2017): 123,
            ("EM", 2017): 42,
            ("EM_EF", 2017): 19,
            ("P3", 2017): 110,
            ("P3", 2019): 22,
            ("P3", 2021): 50,
            ("D", 2020): 4,
        }
        assert findings.inconsistencies[0] == Inconsistency(
            2017, 1, "02", "SANTA / CHIMBOTE / DIVICAJ -DEPINTRAP", "EF", "EF_SUB TOTAL", 24, 2, 0
        )
        june_2020 = {
            (i.place, i.expected_total, i.sum_of_details)
            for i in findings.inconsistencies
            if (i.year, i.month, i.prefix) == (2020, 6, "D")
        }
        assert ("LIMA / LIMA CERCADO / DIRCTPTIM", 0, 10) in june_2020
