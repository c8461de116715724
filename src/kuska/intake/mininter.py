"""What the MININTER open-data file holds, and the check of its totals.

The file is imported like any other with ``kuska import FILE --agency CODE --format mininter``: its reader
(:mod:`kuska.intake.readers.mininter`) gives each row as an observation of the aggregate series ``mininter``, kept
apart from record-level data. This module checks what the import cannot see row by row: whether the totals
published in each group add up. It reads the file and writes nothing.

What the file holds (January 2017 to September 2025, 75,508 data rows, looked at before writing this module):

- Rows come in *groups*: every year × month × department × place carries the same 86 subcategory codes (878
  groups). The code's prefix names its category: ``C_`` recruitment, ``D_`` where the complaint went, ``EF_`` and
  ``EM_`` female and male victims by age band, ``F1_`` purpose of exploitation, ``F2_`` place or sector of
  exploitation, ``M_`` means used, ``P3_`` schooling, ``P4_`` relation to the trafficker, ``P5_`` who reported,
  ``T_`` national or international.
- Every prefix has one total row: ``X_TOTAL``, except ``EF_`` and ``EM_``, whose totals are ``EF_SUB TOTAL`` and
  ``EM_SUB TOTAL``; ``EM_EF_TOTAL``, the overall victims total, is the total of those two sub-totals. A total whose
  prefix joins several prefixes (``EM_EF``) is therefore checked against the totals of its parts.
- Victims per year (sum of ``EM_EF_TOTAL``): 2017 641, 2018 734, 2019 509, 2020 372, 2021 535, 2022 631,
  2023 583, 2024 669, 2025 384 (January to September). 2023 holds one group per department, all dated January:
  the year seems published as one annual figure filed under month 1.
- Blank counts: every ``D_`` row of 2022 and 2023 (129 groups, 1,032 rows). A blank is *not reported* and stays
  blank, never 0.
- From 2023 on every row is a department-level figure: province, district and police unit are blank (18,146
  rows). Before that, rows name their place. 1,548 of the department-level rows are Lima's (876 victims): they
  have no region (see the reader).
- Totals that do not add up (370 groups): in 2017 the age bands are all 0 while ``EF_SUB TOTAL`` (123 groups) and
  ``EM_SUB TOTAL`` (42 groups) are not, and ``EM_EF_TOTAL`` is below the two sub-totals in 19 groups (641 victims
  against 725); ``P3_`` schooling differs from its total in 182 groups (2017, 2019, 2021); ``D_`` details exceed
  ``D_TOTAL`` in 4 groups of June 2020. They are reported, not fixed: the series keeps what was published.

>>> findings = check_file(path)  # doctest: +SKIP
>>> findings.rows, findings.inconsistent_groups  # doctest: +SKIP
(75508, 370)
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from kuska.intake.readers.mininter import (
    RegionSplit,
    department_code,
    is_total,
    open_sheet,
    place,
    prefix,
    source_record_id,
    text,
    whole,
)
from kuska.registry.records.series import AGGREGATE_OBSERVATIONS


@dataclass(frozen=True)
class Count:
    """A row of the file as the check of totals reads it; ``value`` is None where the count was left blank."""

    row: int
    year: int
    month: int
    department: str
    place: str
    subcategory: str
    value: int | None

    @property
    def is_total(self) -> bool:
        return is_total(self.subcategory)

    @property
    def prefix(self) -> str:
        return prefix(self.subcategory)


@dataclass(frozen=True)
class Inconsistency:
    """A group whose members do not add up to its total, as published."""

    year: int
    month: int
    department: str
    place: str
    prefix: str
    total_code: str
    row: int  # the total's row in the sheet
    expected_total: int
    sum_of_details: int

    @property
    def group(self) -> str:
        place = self.place or "(departamento / department)"
        return f"{self.year}-{self.month:02d} · {self.department} · {place} · {self.prefix}_"


@dataclass
class MininterFindings:
    """What the file holds beyond its rows: totals, blanks, rows without a region, totals that do not add up.

    Only rows the import accepts are counted (a row whose year, month, department or count cannot be read, or
    that repeats another's natural key, is left out, as the import rejects it).
    """

    file_name: str
    rows: int = 0
    total_rows: int = 0  # rows recognized as a total or sub-total
    blank_values: int = 0
    rows_without_region: int = 0
    groups_checked: int = 0
    inconsistencies: list[Inconsistency] = field(default_factory=list)

    @property
    def inconsistent_groups(self) -> int:
        return len(self.inconsistencies)


def check_file(path: Path | str) -> MininterFindings:
    """Read the file and check its totals; raises :class:`kuska.intake.readers.ReadError` when it cannot."""
    path = Path(path)
    cells_by_row, index, _ = open_sheet(path)
    regions = RegionSplit.from_registry()
    findings = MininterFindings(file_name=path.name)
    seen: set[str] = set()
    counts: list[Count] = []
    for number, cells in enumerate(cells_by_row, start=2):
        values = {name: cells[i] if i < len(cells) else None for name, i in index.items()}
        year, month = whole(values["year"]), whole(values["month"])
        department = department_code(values["department"])
        value, count_text = whole(values["value"]), text(values["value"])
        code = text(values["subcategory"])
        readable = (
            _within("year", year)
            and _within("month", month)
            and regions.known(department)
            and _fits("category", text(values["category"]))
            and _fits("subcategory", code)
            and (count_text == "" or _within("value", value))
        )
        if not readable or year is None or month is None:
            continue
        province, district, unit = (
            text(values["province"]),
            text(values["district"]),
            text(values["police_unit"]),
        )
        identity = source_record_id(year, month, department, province, district, unit, code)
        if identity in seen:
            continue
        seen.add(identity)
        count = Count(number, year, month, department, place(province, district, unit), code, value)
        counts.append(count)
        findings.rows += 1
        findings.total_rows += count.is_total
        findings.blank_values += value is None
        findings.rows_without_region += (
            regions.splits(department) and regions.region(department, province) is None
        )
    findings.groups_checked, findings.inconsistencies = check_totals(counts)
    return findings


# the limits the import checks, from the aggregate observation's columns
_COLUMNS = {column.name: column for column in AGGREGATE_OBSERVATIONS.columns}


def _within(name: str, number: int | None) -> bool:
    """A whole number the import accepts in this column."""
    column = _COLUMNS[name]
    return (
        number is not None
        and (column.minimum is None or number >= column.minimum)
        and (column.maximum is None or number <= column.maximum)
    )


def _fits(name: str, value: str) -> bool:
    column = _COLUMNS[name]
    assert column.max_length is not None
    return 0 < len(value) <= column.max_length


def check_totals(rows: Iterable[Count]) -> tuple[int, list[Inconsistency]]:
    """Groups checked and those whose members do not add up to their total.

    A group is year × month × department × place × prefix. A total's members are the group's detail rows; for a
    total that joins prefixes (``EM_EF_TOTAL``), the totals of those prefixes. A group with a blank total or a
    blank member is not checked: a count that was not reported cannot be added.
    """
    places: dict[tuple[int, int, str, str], list[Count]] = defaultdict(list)
    for row in rows:
        places[row.year, row.month, row.department, row.place].append(row)
    checked = 0
    found: list[Inconsistency] = []
    for (year, month, department, where), members in places.items():
        details: dict[str, list[int | None]] = defaultdict(list)
        totals: dict[str, list[Count]] = defaultdict(list)
        for row in members:
            if row.is_total:
                totals[row.prefix].append(row)
            else:
                details[row.prefix].append(row.value)
        for code_prefix, total_rows in totals.items():
            parts = code_prefix.split("_")
            if len(parts) > 1 and all(part in totals for part in parts):
                values = [r.value for part in parts for r in totals[part]]
            elif code_prefix in details:
                values = details[code_prefix]
            else:
                continue
            if None in values:
                continue
            added = sum(v for v in values if v is not None)
            for total in total_rows:
                if total.value is None:
                    continue
                checked += 1
                if added != total.value:
                    found.append(
                        Inconsistency(
                            year,
                            month,
                            department,
                            where,
                            code_prefix,
                            total.subcategory,
                            total.row,
                            total.value,
                            added,
                        )
                    )
    found.sort(key=lambda i: (i.year, i.month, i.department, i.place, i.prefix))
    return checked, found
