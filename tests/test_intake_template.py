"""The Excel template an agency fills in: one sheet per record type, ready to submit, with drop-down lists."""

from __future__ import annotations

import datetime
from pathlib import Path

import pytest
from openpyxl import Workbook, load_workbook
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.worksheet import Worksheet
from pytest_django import DjangoDbBlocker

from kuska.cli import main
from kuska.intake.schema import RECORD_TYPES, Kind, record_type_for
from kuska.intake.submit import submit
from kuska.intake.template import (
    INSTRUCTIONS_SHEET,
    LISTS_SHEET,
    Choice,
    TemplateData,
    build_workbook,
    dropdown_values,
    sheet_title,
    write_template,
)
from kuska.registry.models import Agency, CodeItem, Facility, PersonRecord, Region
from tests.country import ensure_profile


@pytest.fixture(scope="module")
def template_file(
    django_db_setup: None,
    django_db_blocker: DjangoDbBlocker,
    tmp_path_factory: pytest.TempPathFactory,
) -> Path:
    """The template of the Lima police unit, written once for the module (the tests only read it)."""
    path = tmp_path_factory.mktemp("template") / "plantilla-PNP-LMA.xlsx"
    with django_db_blocker.unblock():
        ensure_profile()
        write_template(path, "PNP-LMA")
    return path


@pytest.fixture
def template(peru: None, template_file: Path) -> Workbook:
    """The template of the Lima police unit, opened afresh for each test."""
    return load_workbook(template_file)


def validation_at(sheet: Worksheet, cell: str) -> DataValidation | None:
    found = [dv for dv in sheet.data_validations.dataValidation if cell in dv.sqref]
    assert len(found) <= 1, cell
    return found[0] if found else None


def list_values(workbook: Workbook, formula: str | None) -> list[str]:
    """The values a list validation offers: an inline list ("a,b") or a range of another sheet."""
    assert formula is not None
    if formula.startswith('"'):
        return formula.strip('"').split(",")
    sheet_name, cells = formula.rsplit("!", 1)
    sheet = workbook[sheet_name.strip("'")]
    return [str(row[0].value) for row in sheet[cells.replace("$", "")]]


def column_letter(record_type: str, column: str) -> str:
    names = [c.name for c in RECORD_TYPES[record_type].columns]
    return chr(ord("A") + names.index(column))


def test_opens_with_instructions_first_then_one_sheet_per_record_type(template: Workbook) -> None:
    visible = [s.title for s in template.worksheets if s.sheet_state == "visible"]
    assert visible == [INSTRUCTIONS_SHEET, *(sheet_title(t) for t in RECORD_TYPES.values())]
    assert template[LISTS_SHEET].sheet_state == "hidden"
    assert template.active is not None
    assert template.active.title == INSTRUCTIONS_SHEET


def test_each_sheet_name_reads_back_as_its_record_type() -> None:
    for record_type in RECORD_TYPES.values():
        assert record_type_for(sheet_title(record_type)) is record_type
    assert record_type_for(INSTRUCTIONS_SHEET) is None
    assert record_type_for(LISTS_SHEET) is None


def test_row_one_holds_the_canonical_headers_and_nothing_else_is_filled(template: Workbook) -> None:
    for record_type in RECORD_TYPES.values():
        sheet = template[sheet_title(record_type)]
        assert [c.value for c in sheet[1]] == [c.name for c in record_type.columns]
        assert sheet.max_row == 1
        assert sheet.freeze_panes == "A2"


def test_required_headers_are_bold_and_filled_apart_from_optional_ones(template: Workbook) -> None:
    for record_type in RECORD_TYPES.values():
        sheet = template[sheet_title(record_type)]
        fills: dict[bool, set[str]] = {True: set(), False: set()}
        for column, cell in zip(record_type.columns, sheet[1], strict=True):
            assert cell.font.bold is column.required, (record_type.name, column.name)
            fills[column.required].add(str(cell.fill.fgColor.rgb))
        assert fills[True].isdisjoint(fills[False])


def test_each_header_explains_its_column_in_spanish(template: Workbook) -> None:
    sheet = template[sheet_title(RECORD_TYPES["persons"])]
    comments = {cell.value: cell.comment.text for cell in sheet[1] if cell.comment}
    assert len(comments) == len(RECORD_TYPES["persons"].columns)
    assert "Apellido paterno" in comments["paternal_surname"]
    assert "Obligatorio" in comments["record_id"]


def test_sex_column_offers_every_spanish_label_and_accepts_every_code(template: Workbook) -> None:
    sheet = template[sheet_title(RECORD_TYPES["persons"])]
    validation = validation_at(sheet, f"{column_letter('persons', 'sex')}2")
    assert validation is not None
    assert validation.type == "list"
    assert validation.showErrorMessage
    assert validation.errorStyle in (None, "stop")
    offered = list_values(template, validation.formula1)
    sexes = CodeItem.objects.filter(list="sex")
    assert {i.label_es for i in sexes} | {i.code for i in sexes} <= set(offered)
    assert offered[0] == "Femenino"  # labels first, in the profile's order


def test_every_code_region_and_agency_column_has_a_drop_down(template: Workbook) -> None:
    regions = set(Region.objects.values_list("code", flat=True))
    agencies = set(Agency.objects.values_list("code", flat=True))
    for record_type in RECORD_TYPES.values():
        sheet = template[sheet_title(record_type)]
        for index, column in enumerate(record_type.columns):
            validation = validation_at(sheet, f"{chr(ord('A') + index)}1000")
            where = (record_type.name, column.name)
            if column.kind in (Kind.CODE, Kind.CODES):
                assert validation is not None, where
                items = CodeItem.objects.filter(list=column.code_list)
                offered = {v.casefold() for v in list_values(template, validation.formula1)}
                assert {i.code.casefold() for i in items} <= offered, where
            elif column.kind is Kind.REGION:
                assert validation is not None, where
                assert regions <= set(list_values(template, validation.formula1)), where
            elif column.kind in (Kind.AGENCY, Kind.AGENCIES):
                assert validation is not None, where
                assert agencies == set(list_values(template, validation.formula1)), where
            else:
                continue
            multiple = column.kind in (Kind.CODES, Kind.AGENCIES)
            assert (validation.errorStyle == "information") is multiple, where


def test_yes_no_and_date_columns_are_validated_and_dates_shown_day_first(
    template: Workbook,
) -> None:
    sheet = template[sheet_title(RECORD_TYPES["facilities"])]
    validation = validation_at(sheet, f"{column_letter('facilities', 'open_24_hours')}2")
    assert validation is not None
    assert list_values(template, validation.formula1) == ["sí", "no"]

    sheet = template[sheet_title(RECORD_TYPES["persons"])]
    letter = column_letter("persons", "birth_date")
    validation = validation_at(sheet, f"{letter}2")
    assert validation is not None
    assert validation.type == "date"
    assert sheet.column_dimensions[letter].number_format == "DD/MM/YYYY"
    document = column_letter("persons", "document_number")
    assert sheet.column_dimensions[document].number_format == "@"  # keeps leading zeros


def test_instructions_name_the_agency_and_describe_every_column(template: Workbook) -> None:
    text = "\n".join(
        str(value)
        for row in template[INSTRUCTIONS_SHEET].iter_rows(values_only=True)
        for value in row
        if value is not None
    )
    agency = Agency.objects.get(code="PNP-LMA")
    assert agency.code in text
    assert agency.name_es in text
    for words in ("record_id", "dd/mm/aaaa", "listas", "cifrad", "motivo"):
        assert words in text
    for record_type in RECORD_TYPES.values():
        for column in record_type.columns:
            assert column.label_in("es") in text, (record_type.name, column.name)


def test_a_filled_in_template_is_submitted_as_it_is(peru: None, tmp_path: Path) -> None:
    """Labels picked from the drop-downs, sí/no and date cells are read back; the helper sheets are skipped."""
    path = tmp_path / "plantilla.xlsx"
    write_template(path, "MIMP-CAR")
    workbook = load_workbook(path)
    facilities = workbook[sheet_title(RECORD_TYPES["facilities"])]
    facilities.append(
        ["CAR-1", "CAR Santa Rosa", "Centro de Acogida Residencial (CAR)", "Cusco", 20]
    )
    facilities["J2"] = "sí"
    persons = workbook[sheet_title(RECORD_TYPES["persons"])]
    persons.append(["V-1", "Víctima", "Rosa", "Quispe", "Mamani", "Femenino"])
    persons["H2"] = datetime.date(2004, 5, 17)
    persons["K2"] = "Perú"
    workbook.save(path)

    report = submit([path], "MIMP-CAR")

    assert (report.total("rows_read"), report.total("created"), report.total("rejected")) == (
        2,
        2,
        0,
    )
    assert report.files[0].ignored_sheets == [INSTRUCTIONS_SHEET]
    facility = Facility.objects.get(source_record_id="CAR-1")
    assert facility.open_24_hours is True
    assert facility.facility_type == "residential_centre"
    victim = PersonRecord.objects.get(source_record_id="V-1")
    assert (victim.role, victim.sex, victim.nationality) == ("victim", "female", "PE")
    assert victim.birth_date == datetime.date(2004, 5, 17)


def test_agency_code_is_found_whatever_its_case(peru: None, tmp_path: Path) -> None:
    write_template(tmp_path / "t.xlsx", "mimp-cem")
    sheet = load_workbook(tmp_path / "t.xlsx")[INSTRUCTIONS_SHEET]
    assert any(row[1] == "MIMP-CEM" for row in sheet.iter_rows(values_only=True))


def test_drop_down_lists_labels_then_codes_each_once() -> None:
    values = dropdown_values([Choice("female", "Femenino"), Choice("radio", "Radio")])
    assert values == [("Femenino", "female"), ("Radio", "radio"), ("female", "Femenino")]


def test_a_long_list_is_sorted_so_a_value_can_be_found() -> None:
    countries = [Choice(f"C{i:03d}", f"País {999 - i}") for i in range(60)]
    labels = [value for value, _ in dropdown_values(countries)[:60]]
    assert labels == sorted(labels)


def test_builds_from_plain_data_and_skips_a_list_the_profile_lacks() -> None:
    data = TemplateData(
        agency_code="X",
        agency_name="Entidad de prueba",
        code_lists={"sex": [Choice("female", "Femenino"), Choice("male", "Masculino")]},
        regions=[Choice("PE-CUS", "Cusco")],
        agencies=[Choice("X", "Entidad de prueba")],
    )
    workbook = build_workbook(data)
    sheet = workbook[sheet_title(RECORD_TYPES["persons"])]
    sex = validation_at(sheet, f"{column_letter('persons', 'sex')}2")
    assert sex is not None
    assert list_values(workbook, sex.formula1) == ["Femenino", "Masculino", "female", "male"]
    assert validation_at(sheet, f"{column_letter('persons', 'nationality')}2") is None


@pytest.mark.django_db
def test_command_writes_the_template(
    peru: None, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "salida" / "plantilla.xlsx"
    assert main(["template", "--agency", "PNP", "--out", str(out)]) == 0
    assert str(out) in capsys.readouterr().out
    assert load_workbook(out).sheetnames[0] == INSTRUCTIONS_SHEET


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("language", "words"), [("es", "entidad desconocida: PNPX"), ("en", "unknown agency: PNPX")]
)
def test_command_refuses_an_unknown_agency_and_lists_valid_codes(
    peru: None,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
    language: str,
    words: str,
) -> None:
    monkeypatch.setenv("KUSKA_LANGUAGE", language)
    out = tmp_path / "plantilla.xlsx"
    assert main(["template", "--agency", "PNPX", "--out", str(out)]) == 1
    error = capsys.readouterr().err
    assert words in error
    assert "PNP" in error.split("PNPX", 1)[1]
    assert not out.exists()


@pytest.mark.django_db
def test_command_needs_an_agency_and_an_xlsx_file(
    peru: None, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["template", "--out", str(tmp_path / "t.xlsx")]) == 1
    assert "--agency" in capsys.readouterr().err
    assert main(["template", "--agency", "PNP", "--out", str(tmp_path / "t.csv")]) == 1
    assert ".xlsx" in capsys.readouterr().err
