"""The Excel template an agency fills in: one sheet per record type, ready to be submitted as it is.

The workbook is built from plain data (:class:`TemplateData`) by :func:`build_workbook`, so it can be built and
tested without a database; :func:`write_template` reads that data from the registry (the code lists, regions and
agencies loaded by ``kuska init``) and saves the file::

    write_template(Path("plantilla-POLICE.xlsx"), "POLICE")

The template speaks Spanish (:data:`LANGUAGE`): sheet titles are the Spanish names of the record types, and each
column's description is its declared label in Spanish. Row 1 holds the canonical (English) column names, so
:func:`kuska.intake.schema.record_type_for` and the header matching of the schema read the file back unchanged.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from openpyxl import Workbook
from openpyxl.comments import Comment
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter, quote_sheetname
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.worksheet import Worksheet

from kuska.files import open_private
from kuska.intake.schema import RECORD_TYPES, Column, Kind, RecordType, header_key
from kuska.registry.agencies import find_agency

LANGUAGE = "es"  # the language of the template's texts and labels
INSTRUCTIONS_SHEET = "Instrucciones"
LISTS_SHEET = "listas"
REGION_LIST = "region"
AGENCY_LIST = "agency"
YES_NO = ("sí", "no")

DATE_FORMAT = "DD/MM/YYYY"
DATETIME_FORMAT = "DD/MM/YYYY HH:MM"
TEXT_FORMAT = "@"  # keeps leading zeros of document numbers and identifiers

_MAX_SHEET_TITLE = 31  # Excel's limit
_LAST_ROW = 1_048_576  # validations and formats cover the whole column
_LONG_LIST = 40  # longer drop-downs are sorted alphabetically so a value can be found

_REQUIRED_FILL = PatternFill("solid", fgColor="F4B183")
_OPTIONAL_FILL = PatternFill("solid", fgColor="DDEBF7")
_HEADING_FILL = PatternFill("solid", fgColor="D9D9D9")
_WRAP = Alignment(wrap_text=True, vertical="top")

_NUMBER_FORMATS = {
    Kind.DATE: DATE_FORMAT,
    Kind.DATETIME: DATETIME_FORMAT,
    Kind.INTEGER: "0",
    Kind.DECIMAL: "General",
}


@dataclass(frozen=True)
class Choice:
    """One value of a drop-down: the code Kuska stores and the Spanish label shown."""

    code: str
    label: str


@dataclass(frozen=True)
class TemplateData:
    """Everything the template shows, read from the registry by :func:`template_data`."""

    agency_code: str
    agency_name: str
    code_lists: dict[str, list[Choice]]
    regions: list[Choice] = field(default_factory=list)
    agencies: list[Choice] = field(default_factory=list)


def sheet_title(record_type: RecordType) -> str:
    """The title of a record type's sheet: its Spanish name, within Excel's 31 characters."""
    return record_type.label_in(LANGUAGE)[:_MAX_SHEET_TITLE]


def dropdown_values(choices: Sequence[Choice]) -> list[tuple[str, str]]:
    """The values a drop-down offers, each with its counterpart: labels (with their code), then codes.

    Both are listed so the validation accepts a label or a code; a code that is its label (``Radio``) appears once.

    >>> dropdown_values([Choice("female", "Femenino")])
    [('Femenino', 'female'), ('female', 'Femenino')]
    """
    by_label, by_code = list(choices), list(choices)
    if len(by_label) > _LONG_LIST:
        by_label.sort(key=lambda c: header_key(c.label))
        by_code.sort(key=lambda c: header_key(c.code))
    # Excel matches a typed value against the list ignoring case, but not accents.
    labels = {c.label.casefold() for c in by_label}
    return [(c.label, c.code) for c in by_label] + [
        (c.code, c.label) for c in by_code if c.code.casefold() not in labels
    ]


def build_workbook(data: TemplateData) -> Workbook:
    """The template workbook: instructions, one sheet per record type, and the hidden drop-down lists."""
    workbook = Workbook()
    instructions = workbook.active
    assert instructions is not None
    instructions.title = INSTRUCTIONS_SHEET
    _write_instructions(instructions, data)
    lists = workbook.create_sheet(LISTS_SHEET)
    lists.sheet_state = "hidden"
    sources = write_lists(lists, data)
    for record_type in RECORD_TYPES.values():
        sheet = workbook.create_sheet(sheet_title(record_type), index=workbook.index(lists))
        _write_record_sheet(sheet, record_type, sources)
    workbook.active = 0
    workbook.properties.title = f"Kuska – plantilla de envío – {data.agency_code}"
    workbook.properties.creator = "Kuska"
    return workbook


def template_data(agency_code: str) -> TemplateData:
    """The agency, code lists, regions and agencies of the registry (needs Django set up)."""
    from kuska.registry.models import Agency, CodeItem, Region

    agency = find_agency(agency_code)
    names = sorted({c.code_list for t in RECORD_TYPES.values() for c in t.columns if c.code_list})
    code_lists: dict[str, list[Choice]] = {name: [] for name in names}
    for item in CodeItem.objects.filter(list__in=names).order_by("list", "sort_order", "code"):
        code_lists[item.list].append(Choice(item.code, item.label_es))
    return TemplateData(
        agency_code=agency.code,
        agency_name=agency.name_es,
        code_lists=code_lists,
        regions=[Choice(r.code, r.name_es) for r in Region.objects.order_by("code")],
        agencies=[Choice(a.code, a.name_es) for a in Agency.objects.order_by("code")],
    )


def write_template(path: Path | str, agency_code: str) -> None:
    """Write the Excel template of an agency to ``path`` (raises :class:`UnknownAgencyError`)."""
    workbook = build_workbook(template_data(agency_code))
    with open_private(Path(path), "wb") as handle:
        workbook.save(handle)


# --- the hidden sheet of drop-down lists -------------------------------------------------------------------


def write_lists(sheet: Worksheet, data: TemplateData) -> dict[str, str]:
    """Two columns per list (the accepted values, and what each means); returns each list's range, for the
    drop-downs of this template and of other workbooks built on the same lists (the transcription of paper
    screening forms)."""
    blocks: list[tuple[str, list[tuple[str, str]]]] = [
        (name, dropdown_values(choices)) for name, choices in sorted(data.code_lists.items())
    ]
    blocks.append((REGION_LIST, dropdown_values(data.regions)))
    blocks.append((AGENCY_LIST, [(a.code, a.label) for a in data.agencies]))
    sources: dict[str, str] = {}
    for index, (name, values) in enumerate(blocks):
        value_col = 2 * index + 1
        sheet.cell(1, value_col, name).font = Font(bold=True)
        sheet.cell(1, value_col + 1, f"{name}: equivalencia").font = Font(bold=True)
        for row, (value, meaning) in enumerate(values, start=2):
            sheet.cell(row, value_col, value).number_format = TEXT_FORMAT
            sheet.cell(row, value_col + 1, meaning)
        letter = get_column_letter(value_col)
        sheet.column_dimensions[letter].width = 30
        sheet.column_dimensions[get_column_letter(value_col + 1)].width = 30
        if values:
            last = len(values) + 1
            sources[name] = f"{quote_sheetname(sheet.title)}!${letter}$2:${letter}${last}"
    return sources


# --- one sheet per record type -----------------------------------------------------------------------------


def _write_record_sheet(sheet: Worksheet, record_type: RecordType, sources: dict[str, str]) -> None:
    for index, column in enumerate(record_type.columns, start=1):
        letter = get_column_letter(index)
        cell = sheet.cell(1, index, column.name)
        cell.font = Font(bold=column.required)
        cell.fill = _REQUIRED_FILL if column.required else _OPTIONAL_FILL
        comment = Comment(_comment_text(column), "Kuska")
        comment.width, comment.height = 320, 140
        cell.comment = comment
        dimension = sheet.column_dimensions[letter]
        dimension.width = _width(column)
        number_format = _number_format(column.kind)
        if number_format:
            dimension.number_format = number_format
        validation = _validation(column, sources)
        if validation is not None:
            sheet.add_data_validation(validation)
            validation.add(f"{letter}2:{letter}{_LAST_ROW}")
    sheet.freeze_panes = "A2"


def _validation(column: Column, sources: dict[str, str]) -> DataValidation | None:
    kind = column.kind
    source = {
        Kind.CODE: sources.get(column.code_list),
        Kind.CODES: sources.get(column.code_list),
        Kind.REGION: sources.get(REGION_LIST),
        Kind.AGENCY: sources.get(AGENCY_LIST),
        Kind.AGENCIES: sources.get(AGENCY_LIST),
    }.get(kind)
    if source is not None and kind in (Kind.CODE, Kind.REGION, Kind.AGENCY):
        return DataValidation(
            type="list",
            formula1=source,
            allow_blank=True,
            showErrorMessage=True,
            errorTitle="Valor no válido",
            error="Elija un valor de la lista (o escriba su código).",
        )
    if source is not None:
        # Several values separated by ';' cannot match a list, so the list only suggests.
        return DataValidation(
            type="list",
            formula1=source,
            allow_blank=True,
            showErrorMessage=True,
            errorStyle="information",
            errorTitle="Varios valores",
            error="Si escribe varios valores, sepárelos con punto y coma (;).",
        )
    if kind is Kind.BOOLEAN:
        return DataValidation(
            type="list",
            formula1=f'"{",".join(YES_NO)}"',
            allow_blank=True,
            showErrorMessage=True,
            errorTitle="Valor no válido",
            error="Escriba sí o no.",
        )
    if kind in (Kind.DATE, Kind.DATETIME):
        return DataValidation(
            type="date",
            operator="between",
            formula1="1",  # 01/01/1900
            formula2=str(_excel_serial(datetime.date(2101, 1, 1))),  # any time on 31/12/2100
            allow_blank=True,
            showErrorMessage=True,
            errorTitle="Fecha no válida",
            error="Escriba una fecha dd/mm/aaaa, por ejemplo 05/03/2021.",
        )
    if kind is Kind.INTEGER:
        low = column.minimum if column.minimum is not None else -(10**9)
        high = column.maximum if column.maximum is not None else 10**9
        return DataValidation(
            type="whole",
            operator="between",
            formula1=str(low),
            formula2=str(high),
            allow_blank=True,
            showErrorMessage=True,
            errorTitle="Número no válido",
            error=f"Escriba un número entero{_range_text(column)}.",
        )
    return None


def _excel_serial(day: datetime.date) -> int:
    """The number Excel stores for a date after February 1900 (its epoch is 30/12/1899)."""
    return (day - datetime.date(1899, 12, 30)).days


def _number_format(kind: Kind) -> str:
    """Dates shown as dd/mm/yyyy; everything not a number kept as typed (leading zeros of ``01``, ``0123``)."""
    return _NUMBER_FORMATS.get(kind, TEXT_FORMAT)


def _width(column: Column) -> float:
    if column.kind in (Kind.DATE, Kind.DATETIME, Kind.BOOLEAN, Kind.INTEGER, Kind.DECIMAL):
        return max(len(column.name) + 4, 14)
    return min(max(len(column.name) + 4, 20), 40)


# --- texts ---------------------------------------------------------------------------------------------------


def _range_text(column: Column) -> str:
    if column.minimum is not None and column.maximum is not None:
        return f" de {column.minimum} a {column.maximum}"
    if column.minimum is not None:
        return f" mayor o igual a {column.minimum}"
    return ""


def _kind_text(column: Column) -> str:
    """What a column holds and how to write it, in Spanish."""
    kind = column.kind
    if kind is Kind.REFERENCE:
        target = RECORD_TYPES[column.references]
        return f"record_id de un registro de la hoja {sheet_title(target)} de su entidad"
    return {
        Kind.TEXT: "Texto",
        Kind.IDENTITY: "Texto (dato de identidad: se guarda cifrado)",
        Kind.DATE: "Fecha dd/mm/aaaa",
        Kind.DATETIME: "Fecha y hora dd/mm/aaaa hh:mm",
        Kind.INTEGER: f"Número entero{_range_text(column)}",
        Kind.DECIMAL: "Número",
        Kind.BOOLEAN: "sí / no",
        Kind.CODE: f"Lista «{column.code_list}»: etiqueta o código",
        Kind.CODES: f"Lista «{column.code_list}»: uno o varios valores separados por ;",
        Kind.REGION: "Región: código ISO 3166-2, código INEI o nombre",
        Kind.AGENCY: "Código de entidad",
        Kind.AGENCIES: "Códigos de entidad separados por ;",
        Kind.OFFENCES: "Artículos del Código Penal separados por ; (por ejemplo 129-A; 153)",
    }[kind]


def _comment_text(column: Column) -> str:
    lines = [column.label_in(LANGUAGE), "", _kind_text(column)]
    if column.required:
        lines.append("Obligatorio.")
    return "\n".join(lines)


_GENERAL = (
    "Este archivo es la plantilla para enviar a Kuska los registros de su entidad. Llene las hojas que le "
    "correspondan y envíe el archivo tal como está: una hoja sin filas no envía nada.",
    "Hay una hoja por tipo de registro (Personas, Casos, Derivaciones…). No cambie el nombre de las hojas ni "
    "los encabezados de la fila 1; escriba un registro por fila desde la fila 2.",
    "record_id es el identificador del registro en el sistema de su entidad: único dentro de su entidad para "
    "cada tipo de registro (hasta 100 caracteres) y siempre el mismo. Si envía otra vez una fila con el mismo "
    "record_id, Kuska la toma como una corrección y guarda la versión anterior.",
    "Las columnas terminadas en _id (person_id, case_id…) llevan el record_id de otro registro de su entidad, "
    "enviado en este archivo o antes.",
    "Fechas: dd/mm/aaaa, por ejemplo 05/03/2021 (también se acepta aaaa-mm-dd). Fecha y hora: dd/mm/aaaa hh:mm.",
    "Listas de códigos: las columnas con lista tienen una lista desplegable con las etiquetas en castellano; "
    "también puede escribir el código (por ejemplo female en lugar de Femenino). Los valores de cada lista "
    "están en la hoja oculta «listas» (clic derecho en una pestaña ▸ Mostrar).",
    "Varias opciones en una celda (formas de explotación, medios de control, entidades participantes): "
    "sepárelas con punto y coma, por ejemplo: sexual; labour.",
    "Columnas sí / no: escriba sí o no. Deje vacía la celda si no sabe el dato.",
    "Las columnas obligatorias tienen el encabezado en negrita sobre fondo naranja. Pase el cursor sobre un "
    "encabezado para ver qué va en la columna; la lista completa está al final de esta hoja.",
    "Kuska revisa cada fila. Las filas con errores se le devuelven con el número de fila, la columna, el valor "
    "y el motivo, para que las corrija y las vuelva a enviar; las demás filas se aceptan. Nada se pierde: las "
    "filas rechazadas quedan guardadas con su motivo.",
    "Los nombres, apellidos, fecha de nacimiento y número de documento se guardan cifrados. Este archivo, una "
    "vez lleno, contiene datos personales: guárdelo y envíelo solo por un canal seguro y bórrelo cuando ya no "
    "lo necesite.",
)


def _write_instructions(sheet: Worksheet, data: TemplateData) -> None:
    sheet.append(["Kuska – plantilla de envío de registros"])
    sheet["A1"].font = Font(bold=True, size=14)
    sheet.append(["Entidad", f"{data.agency_code} – {data.agency_name}"])
    sheet.append(["Código de la entidad", data.agency_code])
    sheet.append([])
    sheet.append(["Cómo llenar este archivo"])
    sheet.cell(sheet.max_row, 1).font = Font(bold=True, size=12)
    for number, text in enumerate(_GENERAL, start=1):
        sheet.append([str(number), text])
        sheet.cell(sheet.max_row, 2).alignment = _WRAP
        sheet.merge_cells(
            start_row=sheet.max_row, start_column=2, end_row=sheet.max_row, end_column=5
        )
        sheet.row_dimensions[sheet.max_row].height = 15 * (1 + len(text) // 120)
    sheet.append([])
    sheet.append(["Columnas de cada hoja"])
    sheet.cell(sheet.max_row, 1).font = Font(bold=True, size=12)
    _append_rows(
        sheet,
        [["hoja", "columna", "obligatoria", "descripción", "formato o lista"]],
        font=Font(bold=True),
        fill=_HEADING_FILL,
    )
    for record_type in RECORD_TYPES.values():
        _append_rows(
            sheet,
            [
                [
                    sheet_title(record_type),
                    column.name,
                    "sí" if column.required else "",
                    column.label_in(LANGUAGE),
                    _kind_text(column),
                ]
                for column in record_type.columns
            ],
        )
    for letter, width in zip("ABCDE", (24, 26, 12, 60, 48), strict=True):
        sheet.column_dimensions[letter].width = width


def _append_rows(
    sheet: Worksheet,
    rows: Iterable[list[str]],
    *,
    font: Font | None = None,
    fill: PatternFill | None = None,
) -> None:
    for values in rows:
        sheet.append(values)
        for cell in sheet[sheet.max_row]:
            cell.alignment = _WRAP
            if font is not None:
                cell.font = font
            if fill is not None:
                cell.fill = fill
