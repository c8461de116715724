"""MININTER's open data on trafficking complaints, read as the aggregate series ``mininter``.

MININTER's anti-trafficking police directorate publishes counts, not records: sheet ``BD_CONSOLIDADO_TRATA``,
one row per year × month × department (``CCDD``, INEI numbering) × province × district × police unit ×
subcategory code, with the count in ``Valor``. This reader gives each row as an aggregate observation (see
:data:`kuska.intake.schema.AGGREGATE_OBSERVATIONS`) and the rest of intake checks and loads it like any row: the
same batch, provenance, fingerprint and versions, and a row that cannot be read is a rejected row with its row,
column, value and reason. :mod:`kuska.intake.mininter` describes the file and checks its totals.

A row keeps the file's cells under the file's headers (``AÑO``, ``MES``, ``CCDD``, ``categoría``,
``Denuncias por comisión``, ``Valor`` are read as the year, month, region, category, code and count), and gains
what the file says without a column of its own:

- ``record_id``, from the row's natural key (year, month, CCDD, province, district, police unit, code):
  ``mininter:2017-01:15:<hash>``. A row whose year, month or CCDD is blank has none, and is rejected for it. Importing the same file again changes nothing; a corrected count updates its
  observation (previous version kept); a natural key seen twice in one file is rejected at its second row.
- ``series`` (``mininter``), ``place`` (``PROVINCIA / DISTRITO / COMISARÍA`` as published, blank for
  department-level rows) and ``is_total`` (codes ending in ``_TOTAL`` or ``_SUB TOTAL``).
- ``region``, for a department split into several reporting regions only (department 15, Lima): the province of
  Lima is its own region (Metropolitan Lima, ubigeo 1501), and the rest of the department another (Lima
  Provincias). A row whose ``PROVINCIA`` is ``LIMA`` goes to the first, one with another province to the second,
  and one with no province (every Lima row from 2023 on) to **no region**: it cannot be split, and guessing would
  move complaints between the two. Such rows still count in national figures; the department stays readable in
  their ``record_id``. The regions come from the registry; any other department is read from ``CCDD`` itself.

A blank count is *not reported* and stays blank, never 0.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterator, Sequence
from contextlib import ExitStack
from pathlib import Path
from typing import TYPE_CHECKING, Any

from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _
from python_calamine import CalamineWorkbook

from kuska.intake.readers.base import ReadError, Sheet
from kuska.registry.records import header_key
from kuska.registry.records.series import AGGREGATE_OBSERVATIONS

if TYPE_CHECKING:
    from kuska.registry.models import Region

SERIES = "mininter"
SHEET = "BD_CONSOLIDADO_TRATA"

# The file's headers, as published, by the name this module gives them.
COLUMNS: dict[str, str] = {
    "year": "AÑO",
    "month": "MES",
    "department": "CCDD",
    "department_name": "lugar",
    "province": "PROVINCIA",
    "district": "DISTRITO",
    "police_unit": "COMISARÍA",
    "category": "categoría",
    "subcategory": "Denuncias por comisión",
    "value": "Valor",
}

# The file's columns the aggregate-observation columns read directly (by their aliases); the others (``lugar``,
# ``PROVINCIA``, ``DISTRITO``, ``COMISARÍA``) are read into ``place`` and ``region``.
READ_AS_IS = ("year", "month", "department", "category", "subcategory", "value")
DERIVED = ("record_id", "series", "place", "is_total", "region")


TOTAL_SUFFIX = re.compile(r"_(SUB ?)?TOTAL$")


_WHOLE = re.compile(r"[+-]?\d+")


def text(cell: object) -> str:
    """A cell as the file shows it: ``8.0`` (how spreadsheets store numbers) is ``8``; blank is ``""``."""
    if isinstance(cell, str):
        return cell.strip()
    if cell is None:
        return ""
    if isinstance(cell, float) and cell.is_integer():
        return str(int(cell))
    return str(cell).strip()


def whole(cell: object) -> int | None:
    """A whole number, or None when the cell is blank or not one."""
    if cell.__class__ is int:
        return cell  # type: ignore[return-value]
    if isinstance(cell, float):
        return int(cell) if cell.is_integer() else None
    found = text(cell)
    return int(found) if _WHOLE.fullmatch(found) else None


def department_code(cell: object) -> str:
    """``CCDD`` as the two-digit INEI code (``8`` → ``08``); as written when it is not a number."""
    number = whole(cell)
    return f"{number:02d}" if number is not None and number >= 0 else text(cell)


def is_total(code: str) -> bool:
    return bool(TOTAL_SUFFIX.search(code))


def prefix(code: str) -> str:
    """The category a code belongs to: ``EF`` for ``EF_DE 0 A 5 AÑOS``, ``EM_EF`` for ``EM_EF_TOTAL``."""
    if is_total(code):
        return TOTAL_SUFFIX.sub("", code)
    return code.split("_", 1)[0]


def place(province: str, district: str, police_unit: str) -> str:
    parts = (province, district, police_unit)
    return " / ".join(parts) if any(parts) else ""


def source_record_id(
    year: object, month: object, department: str, province: str, district: str, unit: str, code: str
) -> str:
    """The row's identity in this and every later edition of the file, from its natural key."""
    years, months = whole(year), whole(month)
    key = (
        years if years is not None else text(year),
        months if months is not None else text(month),
        department,
        province,
        district,
        unit,
        code,
    )
    digest = hashlib.sha256("\x1f".join(map(str, key)).encode("utf-8")).hexdigest()
    period = f"{key[0]}-{key[1]:02d}" if isinstance(key[1], int) else f"{key[0]}-{key[1]}"
    return f"{SERIES}:{period}:{department}:{digest[:32]}"


class RegionSplit:
    """The reporting region of a row of a department that is several regions, from the registry's regions.

    ``own_provinces`` are the provinces that are a reporting region by themselves, by department: the province's
    name as the file writes it → its INEI code (the profile's ``intake.toml``, ``[mininter.own_region_provinces]``).
    Names are compared without case, accents or spaces.
    """

    def __init__(
        self, regions: list[Region], own_provinces: dict[str, dict[str, str]] | None = None
    ) -> None:
        self._own = {
            department: {header_key(name).upper(): code for name, code in provinces.items()}
            for department, provinces in (own_provinces or {}).items()
        }
        by_department: dict[str, list[Region]] = {}
        for region in regions:
            by_department.setdefault(region.inei_department, []).append(region)
        self._known = set(by_department)
        self._split = {d: found for d, found in by_department.items() if len(found) > 1}

    @classmethod
    def from_registry(cls) -> RegionSplit:
        from kuska.intake.context import profile_intake
        from kuska.registry.models import Region

        mininter: Any = profile_intake().get("mininter", {})
        own = {
            str(department): {str(name): str(code) for name, code in provinces.items()}
            for department, provinces in mininter.get("own_region_provinces", {}).items()
        }
        return cls(list(Region.objects.all()), own)

    def known(self, department: str) -> bool:
        return department in self._known

    def splits(self, department: str) -> bool:
        return department in self._split

    def region(self, department: str, province: str) -> str | None:
        """The region's code for a row of a split department; None when no province says which."""
        regions = self._split[department]
        own = self._own.get(department, {}).get(header_key(province).upper())
        if own is not None:
            return next((r.code for r in regions if r.inei_province == own), None)
        if not province:
            return None
        return next((r.code for r in regions if not r.inei_province), None)


def open_sheet(path: Path) -> tuple[Iterator[Sequence[object]], dict[str, int], int]:
    """The sheet's data rows (after the header), each column's index, and the number of data rows."""
    try:
        workbook = CalamineWorkbook.from_path(str(path))
    except Exception as exc:  # calamine raises several error types for unreadable files
        raise ReadError(
            format_lazy(_("{file} is not a readable Excel workbook"), file=path.name)
        ) from exc
    if SHEET not in workbook.sheet_names:
        found = ", ".join(workbook.sheet_names)
        raise ReadError(
            format_lazy(
                _("{file} has no sheet {sheet} (it has: {found})"),
                file=path.name,
                sheet=SHEET,
                found=found,
            )
        )
    sheet = workbook.get_sheet_by_name(SHEET)
    rows = iter(sheet.iter_rows())
    header = [header_key(text(cell)) for cell in next(rows, [])]
    missing = [title for title in COLUMNS.values() if header_key(title) not in header]
    if missing:
        raise ReadError(
            format_lazy(
                _("columns missing from sheet {sheet} of {file}: {columns}"),
                sheet=SHEET,
                file=path.name,
                columns=", ".join(missing),
            )
        )
    index = {name: header.index(header_key(title)) for name, title in COLUMNS.items()}
    return rows, index, max(sheet.height - 1, 0)


def read_mininter(path: Path, stack: ExitStack) -> list[Sheet]:
    """The sheet ``BD_CONSOLIDADO_TRATA`` as aggregate observations; a :class:`ReadError` when it is not there."""
    cells_by_row, index, size = open_sheet(path)
    regions = RegionSplit.from_registry()

    def rows() -> Iterator[tuple[int, dict[str, object]]]:
        for number, cells in enumerate(cells_by_row, start=2):  # the header is row 1
            if all(text(cell) == "" for cell in cells):
                continue
            yield number, observation(list(cells), index, regions)

    header = [*DERIVED, *(COLUMNS[name] for name in READ_AS_IS)]
    return [
        Sheet(
            name=f"{path.name} [{SHEET}]",
            record_type=AGGREGATE_OBSERVATIONS.name,
            header=header,
            rows=rows(),
            size_hint=size,
        )
    ]


def _cell(value: object) -> object:
    """A whole number stored as a float (``8.0``) as the integer the file shows."""
    return int(value) if isinstance(value, float) and value.is_integer() else value


def observation(
    cells: list[object], index: dict[str, int], regions: RegionSplit
) -> dict[str, object]:
    """A row of the sheet as an aggregate observation: what the file says without a column of its own, then the
    file's cells under its headers, as they were (a rejected row is given back as it was sent).

    ``region`` comes before ``CCDD``, which is then not read: the first of two headers for a column wins.
    """
    values = {name: _cell(cells[i]) if i < len(cells) else None for name, i in index.items()}
    province, district, unit = (
        text(values["province"]),
        text(values["district"]),
        text(values["police_unit"]),
    )
    code = text(values["subcategory"])
    department = department_code(values["department"])
    row: dict[str, object] = {}
    if text(values["year"]) and text(values["month"]) and department:
        # without them the row cannot be told apart from others: it has no record id, and is rejected for it
        row["record_id"] = source_record_id(
            values["year"], values["month"], department, province, district, unit, code
        )
    row.update(series=SERIES, place=place(province, district, unit), is_total=is_total(code))
    if regions.splits(department):
        row["region"] = regions.region(department, province)
    row.update((COLUMNS[name], value) for name, value in values.items())
    return row
