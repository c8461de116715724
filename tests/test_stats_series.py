"""``kuska stats --series``: an imported aggregate series added up with its grand total, and the groups whose
published totals do not add up, listed after the import (``--inconsistencies``)."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest

from kuska.cli import main
from kuska.intake.mininter import check_file
from kuska.stats.series import SeriesError, inconsistencies
from tests.test_mininter import extract_rows, import_mininter, write_workbook

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def in_english(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("KUSKA_LANGUAGE", "en")


@pytest.fixture
def imported(peru: None, tmp_path: Path) -> Path:
    """The small MININTER workbook of the import's tests, imported: three totals in it do not add up."""
    path = write_workbook(tmp_path / "mininter-extract.xlsx", extract_rows())
    import_mininter(path)
    return path


def test_the_series_table_ends_with_its_grand_total(
    imported: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["stats", "--series", "mininter", "--by", "year"]) == 0
    lines = [" ".join(line.strip("│ ┃").split()) for line in capsys.readouterr().out.splitlines()]
    assert "2019 │ 9 │ 2 │ 0" in lines
    assert "2020 │ 6 │ 3 │ 0" in lines
    assert lines[-2] == "total │ 15 │ 5 │ 0"  # the last row, above the table's bottom line


def test_the_groups_whose_totals_do_not_add_up_are_listed_after_the_import(
    imported: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["stats", "--series", "mininter", "--inconsistencies", "--format", "csv"]) == 0
    rows = list(csv.DictReader(io.StringIO(capsys.readouterr().out)))
    found = {
        (
            r["year"],
            r["month"],
            r["department"],
            r["place"],
            r["total_code"],
            r["total"],
            r["sum_of_details"],
            r["difference"],
        )
        for r in rows
    }
    assert found == {
        ("2019", "3", "08", "CUSCO / WANCHAQ / DEPINCRI", "C_TOTAL", "4", "3", "1"),
        ("2020", "2", "07", "", "EM_EF_TOTAL", "3", "2", "1"),
        ("2020", "2", "15", "", "EF_SUB TOTAL", "1", "0", "1"),
    }
    assert all(r["record_id"].startswith("mininter:") for r in rows)
    # the same groups the import's check of the file finds
    from_file = {
        (i.year, i.month, i.department, i.total_code) for i in check_file(imported).inconsistencies
    }
    assert {
        (i.year, i.month, i.department, i.total_code) for i in inconsistencies("mininter")
    } == from_file


def test_the_inconsistencies_as_a_table_and_as_json(
    imported: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["stats", "--series", "mininter", "--inconsistencies"]) == 0
    table = capsys.readouterr().out
    assert "3 groups whose totals do not add up" in table
    assert "C_TOTAL" in table
    assert "+1" in table
    assert main(["stats", "--series", "mininter", "--inconsistencies", "--format", "json"]) == 0
    listed = json.loads(capsys.readouterr().out)
    assert len(listed) == 3
    assert {item["difference"] for item in listed} == {1}


def test_a_series_without_totals_to_check_is_refused(
    peru: None, capsys: pytest.CaptureFixture[str]
) -> None:
    with pytest.raises(SeriesError, match="no totals to check"):
        inconsistencies("other")
    assert main(["stats", "--series", "other", "--inconsistencies"]) == 2


def test_the_readme_says_where_the_mininter_file_is_published_and_what_to_download() -> None:
    root = Path(__file__).resolve().parent.parent
    readme = (root / "README.md").read_text(encoding="utf-8")
    section = " ".join(
        readme.split("## Aggregate series (MININTER)", 1)[1].split("\n## ", 1)[0].split()
    )
    for said in (
        "Ministerio del Interior",  # the publisher
        "DIRCTP-PNP",
        "Portal Nacional de Datos Abiertos",  # where
        '"trata-de-personas"',  # the dataset's name
        "BD_CONSOLIDADO_TRATA",  # what the downloaded file holds
        "--format mininter",
        "kuska stats --series mininter",
    ):
        assert said in section, said
    source = root.parent / "shared" / "data" / "mininter" / "SOURCE.md"
    if (
        source.exists()
    ):  # the description kept beside the published file names the same dataset and file
        described = source.read_text(encoding="utf-8")
        assert 'dataset "trata-de-personas"' in described
        assert "DataSet_trata_personas_enero2017_septiembre2025.xlsx" in described
        assert "DataSet_trata_personas_enero2017_septiembre2025.xlsx" in section
