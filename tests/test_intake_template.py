"""The Excel template an agency fills in: one sheet per record type, ready to submit, with drop-down lists; written
in Spanish or English, and read back the same whatever its language."""

from __future__ import annotations

import datetime
from pathlib import Path

import pytest
from django.utils import translation
from openpyxl import Workbook, load_workbook
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.worksheet import Worksheet
from pytest_django import DjangoDbBlocker

from kuska.cli import main
from kuska.intake.schema import RECORD_TYPES, Kind, record_type_for
from kuska.intake.submit import submit
from kuska.intake.template import (
    AGENCY_LIST,
    INSTRUCTIONS_SHEET,
    LISTS_SHEET,
    REGION_LIST,
    YES_NO,
    Choice,
    TemplateData,
    build_workbook,
    dropdown_values,
    sheet_title,
    template_data,
    write_template,
)
from kuska.intake.values import parse_boolean
from kuska.registry.models import Agency, CodeItem, Facility, PersonRecord, Region
from tests.country import ensure_profile
from tests.pseudo import pseudo_language
from tests.workbooks import unmarked_words, workbook_texts


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
    assert visible == ["Instrucciones", *(sheet_title(t) for t in RECORD_TYPES.values())]
    assert template["listas"].sheet_state == "hidden"
    assert template.active is not None
    assert template.active.title == "Instrucciones"


@pytest.mark.parametrize("language", ["es", "en"])
def test_each_sheet_name_reads_back_as_its_record_type_in_either_language(language: str) -> None:
    with translation.override(language):
        titles = {name: sheet_title(t) for name, t in RECORD_TYPES.items()}
        helpers = [str(INSTRUCTIONS_SHEET), str(LISTS_SHEET)]
    for name, title in titles.items():
        assert record_type_for(title) is RECORD_TYPES[name], title
    assert [record_type_for(title) for title in helpers] == [None, None]


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
        for row in template["Instrucciones"].iter_rows(values_only=True)
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
    assert report.files[0].ignored_sheets == ["Instrucciones"]
    facility = Facility.objects.get(source_record_id="CAR-1")
    assert facility.open_24_hours is True
    assert facility.facility_type == "residential_centre"
    victim = PersonRecord.objects.get(source_record_id="V-1")
    assert (victim.role, victim.sex, victim.nationality) == ("victim", "female", "PE")
    assert victim.birth_date == datetime.date(2004, 5, 17)


def test_agency_code_is_found_whatever_its_case(peru: None, tmp_path: Path) -> None:
    write_template(tmp_path / "t.xlsx", "mimp-cem")
    sheet = load_workbook(tmp_path / "t.xlsx")["Instrucciones"]
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
    assert load_workbook(out).sheetnames[0] == "Instrucciones"


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


# -- its language ------------------------------------------------------------------------------------------------


def texts_at(texts: dict[str, str], *places: str) -> list[str]:
    return [texts[place] for place in places]


def test_the_spanish_template_says_what_it_always_said(template: Workbook) -> None:
    texts = workbook_texts(template)
    assert texts["title"] == "Kuska – plantilla de envío – PNP-LMA"
    assert texts_at(texts, "0!A1", "0!A2", "0!A3", "0!A5") == [
        "Kuska – plantilla de envío de registros",
        "Entidad",
        "Código de la entidad",
        "Cómo llenar este archivo",
    ]
    instructions = list(texts.values())
    assert (
        "Listas de códigos: las columnas con lista tienen una lista desplegable con las etiquetas en castellano; "
        "también puede escribir el código (por ejemplo female en lugar de Femenino). Los valores de cada lista "
        "están en la hoja oculta «listas» (clic derecho en una pestaña ▸ Mostrar)."
    ) in instructions
    assert (
        "Columnas sí / no: escriba sí o no. Deje vacía la celda si no sabe el dato." in instructions
    )
    assert [
        texts[f"0!{letter}{row}"]
        for row in [n for n in range(1, 40) if texts.get(f"0!A{n}") == "hoja"]
        for letter in "ABCDE"
    ] == ["hoja", "columna", "obligatoria", "descripción", "formato o lista"]
    persons = template[sheet_title(RECORD_TYPES["persons"])]
    comments = {cell.value: cell.comment.text for cell in persons[1] if cell.comment}
    assert comments["record_id"].endswith("\n\nTexto\nObligatorio.")
    assert comments["given_names"].endswith("Texto (dato de identidad: se guarda cifrado)")
    assert comments["birth_date"].endswith("Fecha dd/mm/aaaa")
    assert comments["sex"].endswith("Lista «sex»: etiqueta o código")
    assert comments["age"].endswith("Número entero de 0 a 120")
    assert comments["identification_region"].endswith(
        "Región: código ISO 3166-2, código INEI o nombre"
    )
    validations = {
        (v.errorTitle, v.error) for v in persons.data_validations.dataValidation if v.error
    }
    assert {
        ("Valor no válido", "Elija un valor de la lista (o escriba su código)."),
        ("Fecha no válida", "Escriba una fecha dd/mm/aaaa, por ejemplo 05/03/2021."),
        ("Número no válido", "Escriba un número entero de 0 a 120."),
    } <= validations
    facilities = template[sheet_title(RECORD_TYPES["facilities"])]
    boolean = validation_at(facilities, f"{column_letter('facilities', 'open_24_hours')}2")
    assert boolean is not None
    assert (boolean.errorTitle, boolean.error) == ("Valor no válido", "Escriba sí o no.")
    lists = template["listas"]
    assert [lists.cell(1, column).value for column in (1, 2)] == [
        lists.cell(1, 1).value,
        f"{lists.cell(1, 1).value}: equivalencia",
    ]


def test_the_english_template_speaks_english_and_offers_the_english_labels(
    peru: None, tmp_path: Path
) -> None:
    path = tmp_path / "template-PNP-LMA.xlsx"
    write_template(path, "PNP-LMA", lang="en")
    book = load_workbook(path)
    visible = [s.title for s in book.worksheets if s.sheet_state == "visible"]
    assert visible[:5] == ["Instructions", "Facilities", "Operations", "Cases", "Persons"]
    texts = workbook_texts(book)
    assert texts["title"] == "Kuska – submission template – PNP-LMA"
    assert texts_at(texts, "0!A1", "0!A2", "0!A3") == [
        "Kuska – records submission template",
        "Agency",
        "Code of the agency",
    ]
    agency = Agency.objects.get(code="PNP-LMA")
    assert texts["0!B2"] == f"PNP-LMA – {agency.name_en}"
    persons = book["Persons"]
    comments = {cell.value: cell.comment.text for cell in persons[1] if cell.comment}
    assert comments["record_id"].endswith("\n\nText\nRequired.")
    assert comments["age"].endswith("Whole number from 0 to 120")
    sex = validation_at(persons, f"{column_letter('persons', 'sex')}2")
    assert sex is not None
    assert list_values(book, sex.formula1)[:2] == ["Female", "Male"]
    assert (sex.errorTitle, sex.error) == (
        "Invalid value",
        "Choose a value from the list (or type its code).",
    )
    facilities = book["Facilities"]
    boolean = validation_at(facilities, f"{column_letter('facilities', 'open_24_hours')}2")
    assert boolean is not None
    assert list_values(book, boolean.formula1) == ["yes", "no"]
    assert (boolean.errorTitle, boolean.error) == ("Invalid value", "Type yes or no.")
    spanish = ("Obligatori", "Escriba", "Elija", "hoja", "Entidad", "entidad", "listas", "Fecha")
    assert [t for t in texts.values() for word in spanish if word in t] == []


@pytest.mark.parametrize("language", ["es", "en"])
def test_the_yes_and_no_a_template_offers_are_read_back_as_yes_and_no(language: str) -> None:
    with translation.override(language):
        yes, no = (str(word) for word in YES_NO)
    assert (parse_boolean(yes), parse_boolean(no)) == (True, False)


def test_a_filled_in_english_template_is_submitted_like_a_spanish_one(
    peru: None, tmp_path: Path
) -> None:
    """English labels picked from the drop-downs, yes and English sheet titles are read back as the Spanish ones
    are; the instructions sheet is skipped."""
    path = tmp_path / "template.xlsx"
    write_template(path, "MIMP-CAR", lang="en")
    workbook = load_workbook(path)
    facilities = workbook["Facilities"]
    facilities.append(["CAR-1", "CAR Santa Rosa", "Residential care centre", "Cusco", 20])
    facilities["J2"] = "yes"
    persons = workbook["Persons"]
    persons.append(["V-1", "Victim", "Rosa", "Quispe", "Mamani", "Female"])
    persons["H2"] = datetime.date(2004, 5, 17)
    persons["K2"] = "Peru"
    workbook.save(path)

    report = submit([path], "MIMP-CAR")

    assert (report.total("rows_read"), report.total("created"), report.total("rejected")) == (
        2,
        2,
        0,
    )
    assert report.files[0].ignored_sheets == ["Instructions"]
    facility = Facility.objects.get(source_record_id="CAR-1")
    assert (facility.open_24_hours, facility.facility_type) == (True, "residential_centre")
    victim = PersonRecord.objects.get(source_record_id="V-1")
    assert (victim.role, victim.sex, victim.nationality) == ("victim", "female", "PE")
    assert victim.birth_date == datetime.date(2004, 5, 17)


@pytest.mark.django_db
def test_command_writes_the_template_in_the_language_asked_for(
    peru: None, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "template.xlsx"
    assert main(["template", "--agency", "PNP", "--lang", "en", "--out", str(out)]) == 0
    assert load_workbook(out).sheetnames[:2] == ["Instructions", "Facilities"]
    assert main(["template", "--agency", "PNP", "--lang", "qu", "--out", str(out)]) == 1
    assert "--lang qu" in capsys.readouterr().err


def test_the_pseudo_language_marks_every_word_of_the_template(peru: None, tmp_path: Path) -> None:
    with pseudo_language(tmp_path):
        data = template_data("PNP-LMA")
        book = build_workbook(data)
    texts = workbook_texts(book)
    assert "⟦Instructions⟧" in book.sheetnames
    choices = [*data.regions, *data.agencies, *(c for cs in data.code_lists.values() for c in cs)]
    known = {data.agency_name, "Kuska", *data.code_lists, REGION_LIST, AGENCY_LIST}
    known |= {text for choice in choices for text in (choice.code, choice.label)}
    known |= {column.name for t in RECORD_TYPES.values() for column in t.columns}
    assert unmarked_words(texts, known) == {}
