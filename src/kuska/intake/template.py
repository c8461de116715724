"""The Excel template an agency fills in: one sheet per record type, ready to be submitted as it is.

The workbook is built from plain data (:class:`TemplateData`) by :func:`build_workbook`, so it can be built and
tested without a database; :func:`write_template` reads that data from the registry (the code lists, regions and
agencies loaded by ``kuska init``) and saves the file::

    write_template(Path("plantilla-POLICE.xlsx"), "POLICE")  # in Spanish, the default language
    write_template(Path("template-POLICE.xlsx"), "POLICE", lang="en")

The template speaks one language, one of :func:`kuska.i18n.whole_languages`: :func:`build_workbook` and
:func:`template_data` the active one, :func:`write_template` the one it is given. Its texts are English msgids
through the catalogues; sheet titles are the names of the record types in that language, each column's description
is its declared label, and the drop-downs offer the code lists' labels in it.

What intake reads back does not depend on that language. Row 1 holds the canonical (English) column names; a sheet's
title is read by :func:`kuska.intake.schema.record_type_for`, which knows a record type's name in every language of
the interface; the instructions sheet is a name of no record type, and the lists sheet is hidden; a code is a code,
and intake takes a label in Spanish or English, and yes or no in either (:func:`kuska.intake.values.parse_boolean`).
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from django.utils import translation
from django.utils.functional import Promise
from django.utils.text import format_lazy
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext, pgettext_lazy
from openpyxl import Workbook
from openpyxl.comments import Comment
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter, quote_sheetname
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.worksheet import Worksheet

from kuska.files import open_private
from kuska.i18n import active_language, localized
from kuska.intake.schema import RECORD_TYPES, Column, Kind, RecordType, header_key
from kuska.registry.agencies import find_agency

# The titles of the helper sheets, in the workbook's language; a reader of the workbook knows them in every language
INSTRUCTIONS_SHEET = gettext_lazy("Instructions")
LISTS_SHEET = pgettext_lazy("the hidden sheet of a workbook's drop-down values", "lists")
REGION_LIST = "region"
AGENCY_LIST = "agency"
# what a yes/no column's drop-down offers: words intake reads as yes and no in every language
YES_NO = (gettext_lazy("yes"), gettext_lazy("no"))

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
    """One value of a drop-down: the code Kuska stores and the label shown, in the workbook's language."""

    code: str
    label: str


@dataclass(frozen=True)
class TemplateData:
    """Everything the template shows, read from the registry by :func:`template_data` (names and labels in the
    workbook's language)."""

    agency_code: str
    agency_name: str
    code_lists: dict[str, list[Choice]]
    regions: list[Choice] = field(default_factory=list)
    agencies: list[Choice] = field(default_factory=list)


def sheet_title(record_type: RecordType) -> str:
    """The title of a record type's sheet: its name in the active language, within Excel's 31 characters."""
    return str(record_type.label)[:_MAX_SHEET_TITLE]


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
    """The template workbook, in the active language: instructions, one sheet per record type, and the hidden
    drop-down lists."""
    workbook = Workbook()
    instructions = workbook.active
    assert instructions is not None
    instructions.title = str(INSTRUCTIONS_SHEET)
    _write_instructions(instructions, data)
    lists = workbook.create_sheet(str(LISTS_SHEET))
    lists.sheet_state = "hidden"
    sources = write_lists(lists, data)
    for record_type in RECORD_TYPES.values():
        sheet = workbook.create_sheet(sheet_title(record_type), index=workbook.index(lists))
        _write_record_sheet(sheet, record_type, sources)
    workbook.active = 0
    workbook.properties.title = _("Kuska – submission template – {agency}").format(
        agency=data.agency_code
    )
    workbook.properties.creator = "Kuska"
    return workbook


def template_data(agency_code: str) -> TemplateData:
    """The agency, code lists, regions and agencies of the registry, named in the active language (the profile's
    fallback where it has no name in it; needs Django set up)."""
    from kuska.registry.models import Agency, CodeItem, Region

    lang = active_language()
    agency = find_agency(agency_code)
    names = sorted({c.code_list for t in RECORD_TYPES.values() for c in t.columns if c.code_list})
    code_lists: dict[str, list[Choice]] = {name: [] for name in names}
    for item in CodeItem.objects.filter(list__in=names).order_by("list", "sort_order", "code"):
        code_lists[item.list].append(Choice(item.code, localized(item, "label", lang)))
    return TemplateData(
        agency_code=agency.code,
        agency_name=localized(agency, "name", lang),
        code_lists=code_lists,
        regions=[
            Choice(r.code, localized(r, "name", lang)) for r in Region.objects.order_by("code")
        ],
        agencies=[
            Choice(a.code, localized(a, "name", lang)) for a in Agency.objects.order_by("code")
        ],
    )


def write_template(path: Path | str, agency_code: str, lang: str = "es") -> None:
    """Write the Excel template of an agency to ``path`` in a language of :func:`kuska.i18n.whole_languages`
    (raises :class:`UnknownAgencyError`)."""
    with translation.override(lang):
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
        meaning_heading = pgettext("the column beside a list's values", "{list}: meaning")
        sheet.cell(1, value_col + 1, meaning_heading.format(list=name)).font = Font(bold=True)
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
            errorTitle=_("Invalid value"),
            error=_("Choose a value from the list (or type its code)."),
        )
    if source is not None:
        # Several values separated by ';' cannot match a list, so the list only suggests.
        return DataValidation(
            type="list",
            formula1=source,
            allow_blank=True,
            showErrorMessage=True,
            errorStyle="information",
            errorTitle=_("Several values"),
            error=_("If you type several values, separate them with semicolons (;)."),
        )
    if kind is Kind.BOOLEAN:
        yes, no = (str(word) for word in YES_NO)
        return DataValidation(
            type="list",
            formula1=f'"{yes},{no}"',
            allow_blank=True,
            showErrorMessage=True,
            errorTitle=_("Invalid value"),
            error=_("Type {yes} or {no}.").format(yes=yes, no=no),
        )
    if kind in (Kind.DATE, Kind.DATETIME):
        return DataValidation(
            type="date",
            operator="between",
            formula1="1",  # 01/01/1900
            formula2=str(_excel_serial(datetime.date(2101, 1, 1))),  # any time on 31/12/2100
            allow_blank=True,
            showErrorMessage=True,
            errorTitle=_("Invalid date"),
            error=_("Type a date dd/mm/yyyy, for example 05/03/2021."),
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
            errorTitle=_("Invalid number"),
            error=_whole_number_error(column),
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


def _whole_number(column: Column) -> str:
    """What a whole-number column holds, with its range where it has one."""
    if column.minimum is not None and column.maximum is not None:
        return _("Whole number from {minimum} to {maximum}").format(
            minimum=column.minimum, maximum=column.maximum
        )
    if column.minimum is not None:
        return _("Whole number greater than or equal to {minimum}").format(minimum=column.minimum)
    return _("Whole number")


def _whole_number_error(column: Column) -> str:
    if column.minimum is not None and column.maximum is not None:
        return _("Type a whole number from {minimum} to {maximum}.").format(
            minimum=column.minimum, maximum=column.maximum
        )
    if column.minimum is not None:
        return _("Type a whole number greater than or equal to {minimum}.").format(
            minimum=column.minimum
        )
    return _("Type a whole number.")


def _kind_text(column: Column) -> str:
    """What a column holds and how to write it, in the active language."""
    kind = column.kind
    if kind is Kind.REFERENCE:
        target = RECORD_TYPES[column.references]
        return _("record_id of a record on the sheet {sheet} of your agency").format(
            sheet=sheet_title(target)
        )
    if kind is Kind.INTEGER:
        return _whole_number(column)
    if kind is Kind.BOOLEAN:
        return " / ".join(str(word) for word in YES_NO)
    if kind is Kind.CODE:
        return _("List «{list}»: label or code").format(list=column.code_list)
    if kind is Kind.CODES:
        return _("List «{list}»: one or more values separated by ;").format(list=column.code_list)
    return str(_KIND_TEXTS[kind])


_KIND_TEXTS: dict[Kind, Promise] = {
    Kind.TEXT: gettext_lazy("Text"),
    Kind.IDENTITY: gettext_lazy("Text (identity data: stored encrypted)"),
    Kind.DATE: gettext_lazy("Date dd/mm/yyyy"),
    Kind.DATETIME: gettext_lazy("Date and time dd/mm/yyyy hh:mm"),
    Kind.DECIMAL: gettext_lazy("Number"),
    Kind.REGION: gettext_lazy("Region: ISO 3166-2 code, INEI code or name"),
    Kind.AGENCY: pgettext_lazy("what a column holds", "Agency code"),
    Kind.AGENCIES: gettext_lazy("Agency codes separated by ;"),
    Kind.OFFENCES: gettext_lazy(
        "Articles of the Penal Code separated by ; (for example 129-A; 153)"
    ),
}


def _comment_text(column: Column) -> str:
    lines = [str(column.label), "", _kind_text(column)]
    if column.required:
        lines.append(_("Required."))
    return "\n".join(lines)


_GENERAL: tuple[str | Promise, ...] = (
    gettext_lazy(
        "This file is the template for sending your agency's records to Kuska. Fill in the sheets that concern "
        "you and send the file as it is: a sheet with no rows sends nothing."
    ),
    gettext_lazy(
        "There is one sheet per record type (Persons, Cases, Referrals…). Do not rename the sheets or change the "
        "headers of row 1; write one record per row from row 2."
    ),
    gettext_lazy(
        "record_id is the record's identifier in your agency's system: unique within your agency for each "
        "record type (up to 100 characters) and always the same. If you send a row with the same record_id "
        "again, Kuska takes it as a correction and keeps the previous version."
    ),
    gettext_lazy(
        "The columns ending in _id (person_id, case_id…) hold the record_id of another record of your agency, "
        "sent in this file or before."
    ),
    gettext_lazy(
        "Dates: dd/mm/yyyy, for example 05/03/2021 (yyyy-mm-dd is also accepted). Date and time: dd/mm/yyyy "
        "hh:mm."
    ),
    format_lazy(
        gettext_lazy(
            "Code lists: the columns with a list have a drop-down list with the labels in English; you may also "
            "type the code (for example female instead of Female). The values of each list are in the hidden "
            "sheet «{lists}» (right-click a tab ▸ Unhide)."
        ),
        lists=LISTS_SHEET,
    ),
    gettext_lazy(
        "Several options in one cell (forms of exploitation, means of control, participating agencies): separate "
        "them with semicolons, for example: sexual; labour."
    ),
    gettext_lazy("Yes / no columns: type yes or no. Leave the cell empty if you do not know."),
    gettext_lazy(
        "Required columns have their header in bold on an orange background. Hover over a header to see what "
        "goes in the column; the full list is at the end of this sheet."
    ),
    gettext_lazy(
        "Kuska checks every row. Rows with errors are returned to you with the row number, the column, the value "
        "and the reason, so that you can correct them and send them again; the other rows are accepted. Nothing "
        "is lost: the rejected rows are kept with their reason."
    ),
    gettext_lazy(
        "Names, surnames, date of birth and document number are stored encrypted. Once filled in, this file "
        "holds personal data: keep it and send it only through a secure channel, and delete it when you no "
        "longer need it."
    ),
)


def _write_instructions(sheet: Worksheet, data: TemplateData) -> None:
    sheet.append([_("Kuska – records submission template")])
    sheet["A1"].font = Font(bold=True, size=14)
    sheet.append([_("Agency"), f"{data.agency_code} – {data.agency_name}"])
    sheet.append([_("Code of the agency"), data.agency_code])
    sheet.append([])
    sheet.append([_("How to fill in this file")])
    sheet.cell(sheet.max_row, 1).font = Font(bold=True, size=12)
    for number, text in enumerate((str(paragraph) for paragraph in _GENERAL), start=1):
        sheet.append([str(number), text])
        sheet.cell(sheet.max_row, 2).alignment = _WRAP
        sheet.merge_cells(
            start_row=sheet.max_row, start_column=2, end_row=sheet.max_row, end_column=5
        )
        sheet.row_dimensions[sheet.max_row].height = 15 * (1 + len(text) // 120)
    sheet.append([])
    sheet.append([_("Columns of each sheet")])
    sheet.cell(sheet.max_row, 1).font = Font(bold=True, size=12)
    headings = [
        pgettext("a heading of the template's table of columns", "sheet"),
        pgettext("a heading of the template's table of columns", "column"),
        pgettext("a heading of the template's table of columns", "required"),
        pgettext("a heading of the template's table of columns", "description"),
        pgettext("a heading of the template's table of columns", "format or list"),
    ]
    yes = str(YES_NO[0])
    _append_rows(
        sheet,
        [headings],
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
                    yes if column.required else "",
                    str(column.label),
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
