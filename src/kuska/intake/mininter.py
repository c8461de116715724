"""The MININTER open-data file: police complaints for trafficking, imported as the aggregate series ``mininter``.

MININTER (DIRCTP-PNP) publishes counts, not records: sheet ``BD_CONSOLIDADO_TRATA``, one row per year × month ×
department (``CCDD``, INEI numbering) × province × district × police unit × subcategory code, with the count in
``Valor``. Each row becomes one :class:`~kuska.registry.models.AggregateObservation` of the series ``mininter``,
kept apart from record-level data.

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
  NULL, never 0.
- From 2023 on every row is a department-level figure: province, district and police unit are blank (18,146
  rows). Before that, rows name their place.
- Totals that do not add up (370 groups): in 2017 the age bands are all 0 while ``EF_SUB TOTAL`` (123 groups) and
  ``EM_SUB TOTAL`` (42 groups) are not, and ``EM_EF_TOTAL`` is below the two sub-totals in 19 groups (641 victims
  against 725); ``P3_`` schooling differs from its total in 182 groups (2017, 2019, 2021); ``D_`` details exceed
  ``D_TOTAL`` in 4 groups of June 2020. They are reported, not fixed: the series keeps what was published.

Decisions:

- **Region.** ``CCDD`` is the INEI department. Department 15 (Lima) is two reporting regions: the province of
  Lima is Metropolitan Lima (``PE-LMA``, ubigeo 1501) and the rest is Lima Provincias (``PE-LIM``). A row whose
  ``PROVINCIA`` is ``LIMA`` goes to ``PE-LMA``, one with another province (``HUAROCHIRI``) to ``PE-LIM``, and one
  with no province (1,548 department-level rows, every Lima row from 2023 on: 876 victims) has **no region**:
  it cannot be split, and guessing would move complaints between the two. Such rows still count in national
  figures; the department stays readable in their ``source_record_id``.
- **Identity.** A row's ``source_record_id`` is built from its natural key (year, month, CCDD, province,
  district, police unit, code): ``mininter:2017-01:15:<hash>``. Importing the same file again changes nothing;
  a corrected count updates its observation (previous version kept in ``RecordVersion``). A natural key seen
  twice in one file is rejected at its second row as a duplicate, naming the first.
- **Place** is ``PROVINCIA / DISTRITO / COMISARÍA`` as published, blank for department-level rows. One group
  (April 2017, Lima) names 17 districts and is longer than the column allows (300 characters): it is shortened
  with ``…`` and counted in the report; the full text stays in the file, identified by the batch's checksum.
- **All or nothing.** The import runs in one transaction: an error leaves the registry as it was. Rejected rows
  are returned in the report (row, column, value, message in Spanish and English); they do not stop the others.

>>> report = import_mininter(path, dry_run=True)  # doctest: +SKIP
>>> report.rows_read, report.rows_accepted, report.inconsistent_groups  # doctest: +SKIP
(75508, 75508, 370)
"""

from __future__ import annotations

import hashlib
import json
import re
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from datetime import datetime
from decimal import Decimal, InvalidOperation
from functools import cached_property
from pathlib import Path
from typing import Any, Protocol

from django.db import connection, models, transaction
from django.utils import timezone
from python_calamine import CalamineWorkbook

from kuska.intake.schema import header_key
from kuska.registry.bulk import insert_rows
from kuska.registry.models import (
    Agency,
    AggregateObservation,
    RecordVersion,
    Region,
    SubmissionBatch,
)

SERIES = "mininter"
SHEET = "BD_CONSOLIDADO_TRATA"
FORMAT = "mininter"

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

# Provinces that are a reporting region by themselves, by department: the province's INEI code. Names are
# compared without case, accents or spaces.
OWN_REGION_PROVINCES: dict[str, dict[str, str]] = {"15": {"LIMA": "01"}}

_TEXT_COLUMNS = (
    "department_name",
    "province",
    "district",
    "police_unit",
    "category",
    "subcategory",
)
_TOTAL_SUFFIX = re.compile(r"_(SUB ?)?TOTAL$")
_WRITE_CHUNK = 2000


class MininterFileError(Exception):
    """The file as a whole cannot be imported (not a workbook, sheet or column missing, unknown agency)."""

    def __init__(self, message_es: str, message_en: str) -> None:
        super().__init__(f"{message_es} / {message_en}")
        self.message_es = message_es
        self.message_en = message_en


class Progress(Protocol):
    """Told how far the import has gone: ``step`` is ``"read"`` or ``"write"``."""

    def __call__(self, step: str, done: int, total: int) -> None: ...


@dataclass(frozen=True)
class Rejection:
    """A row that was not imported, and why, for a data officer to correct."""

    row: int
    column: str
    value: str
    message_es: str
    message_en: str


@dataclass(frozen=True)
class Duplicate:
    """A natural key the file gives twice; the later row is rejected."""

    row: int
    first_row: int
    key: tuple[int, int, str, str, str, str, str]


@dataclass(frozen=True)
class MininterRow:
    """One data row of the sheet, read and checked; ``value`` is None where the count was left blank."""

    row: int
    year: int
    month: int
    department: str  # INEI department code, two digits
    department_name: str
    province: str
    district: str
    police_unit: str
    category: str
    subcategory: str
    value: int | None

    @property
    def key(self) -> tuple[int, int, str, str, str, str, str]:
        """The natural key: what identifies the row in this and every later edition of the file."""
        return (
            self.year,
            self.month,
            self.department,
            self.province,
            self.district,
            self.police_unit,
            self.subcategory,
        )

    @cached_property
    def source_record_id(self) -> str:
        digest = hashlib.sha256("\x1f".join(map(str, self.key)).encode("utf-8")).hexdigest()
        return f"{SERIES}:{self.year}-{self.month:02d}:{self.department}:{digest[:32]}"

    @property
    def place(self) -> str:
        parts = (self.province, self.district, self.police_unit)
        return " / ".join(parts) if any(parts) else ""

    @property
    def is_total(self) -> bool:
        return bool(_TOTAL_SUFFIX.search(self.subcategory))

    @property
    def prefix(self) -> str:
        """The category the code belongs to: ``EF`` for ``EF_DE 0 A 5 AÑOS``, ``EM_EF`` for ``EM_EF_TOTAL``."""
        if self.is_total:
            return _TOTAL_SUFFIX.sub("", self.subcategory)
        return self.subcategory.split("_", 1)[0]


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
class MininterReport:
    """What an import did: counts, rejected rows, duplicates and the totals that do not add up."""

    file_name: str
    file_sha256: str
    dry_run: bool
    batch_id: int | None = None
    rows_read: int = 0
    rows_created: int = 0
    rows_updated: int = 0
    rows_unchanged: int = 0
    total_rows: int = 0  # rows recognized as a total or sub-total
    blank_values: int = 0
    rows_without_region: int = 0
    places_shortened: int = 0
    groups_checked: int = 0
    rejected: list[Rejection] = field(default_factory=list)
    duplicates: list[Duplicate] = field(default_factory=list)
    inconsistencies: list[Inconsistency] = field(default_factory=list)

    @property
    def rows_accepted(self) -> int:
        return self.rows_created + self.rows_updated + self.rows_unchanged

    @property
    def rows_rejected(self) -> int:
        return len(self.rejected)

    @property
    def inconsistent_groups(self) -> int:
        return len(self.inconsistencies)


# Reading ------------------------------------------------------------------------------------------------------


def _field(name: str) -> models.Field[Any, Any]:
    column = AggregateObservation._meta.get_field(name)
    assert isinstance(column, models.Field)
    return column


def _max_length(name: str) -> int:
    """The length a text column of :class:`AggregateObservation` allows, so the model stays the authority."""
    column = AggregateObservation._meta.get_field(name)
    assert isinstance(column, models.CharField)
    return column.max_length or 0


def _text(cell: object) -> str:
    if cell is None:
        return ""
    if isinstance(cell, float) and cell.is_integer():
        return str(int(cell))
    return str(cell).strip()


def _whole_number(cell: object) -> int | None:
    """A count or a code: None when blank; ValueError when not a whole number."""
    if isinstance(cell, bool):
        raise ValueError(cell)
    if isinstance(cell, int):
        return cell
    text = _text(cell)
    if not text:
        return None
    try:
        number = Decimal(text)
    except InvalidOperation as exc:
        raise ValueError(text) from exc
    if not number.is_finite() or number != number.to_integral_value():
        raise ValueError(text)
    return int(number)


class MininterReader:
    """Streams the rows of sheet ``BD_CONSOLIDADO_TRATA``: each one a :class:`MininterRow` or a :class:`Rejection`.

    Row numbers are the sheet's (the header is row 1). Blank lines are skipped: they are not rows.
    """

    def __init__(self, path: Path) -> None:
        try:
            workbook = CalamineWorkbook.from_path(str(path))
        except Exception as exc:  # calamine raises several error types for unreadable files
            raise MininterFileError(
                f"No se puede leer {path.name} como libro de Excel ({exc}).",
                f"Cannot read {path.name} as an Excel workbook ({exc}).",
            ) from exc
        if SHEET not in workbook.sheet_names:
            found = ", ".join(workbook.sheet_names)
            raise MininterFileError(
                f"El libro no tiene la hoja {SHEET} (tiene: {found}).",
                f"The workbook has no sheet {SHEET} (it has: {found}).",
            )
        self._sheet = workbook.get_sheet_by_name(SHEET)
        self.total = max(self._sheet.height - 1, 0)
        self._rows = iter(self._sheet.iter_rows())
        header = [header_key(_text(cell)) for cell in next(self._rows, [])]
        missing = [title for title in COLUMNS.values() if header_key(title) not in header]
        if missing:
            raise MininterFileError(
                f"Faltan columnas en la hoja {SHEET}: {', '.join(missing)}.",
                f"Columns missing from sheet {SHEET}: {', '.join(missing)}.",
            )
        self._index = {name: header.index(header_key(title)) for name, title in COLUMNS.items()}

    def __iter__(self) -> Iterator[MininterRow | Rejection]:
        for number, cells in enumerate(self._rows, start=2):
            if all(_text(cell) == "" for cell in cells):
                continue
            yield self._read(number, list(cells))

    def _read(self, number: int, cells: list[object]) -> MininterRow | Rejection:
        def cell(name: str) -> object:
            index = self._index[name]
            return cells[index] if index < len(cells) else ""

        def reject(name: str, es: str, en: str) -> Rejection:
            return Rejection(number, COLUMNS[name], _text(cell(name)), es, en)

        parsed: list[int] = []
        for name, low, high in (("year", 1990, 2100), ("month", 1, 12), ("department", 1, 99)):
            try:
                got = _whole_number(cell(name))
            except ValueError:
                return reject(name, "No es un número entero.", "Not a whole number.")
            if got is None:
                return reject(name, "Falta un valor obligatorio.", "A required value is missing.")
            if not low <= got <= high:
                return reject(
                    name,
                    f"Debe estar entre {low} y {high}.",
                    f"Must be between {low} and {high}.",
                )
            parsed.append(got)
        year, month, department = parsed
        try:
            value = _whole_number(cell("value"))
        except ValueError:
            return reject(
                "value",
                "El conteo no es un número entero (déjelo vacío si no se reportó).",
                "The count is not a whole number (leave it blank if not reported).",
            )
        if value is not None and value < 0:
            return reject("value", "El conteo es negativo.", "The count is negative.")
        texts = {name: _text(cell(name)) for name in _TEXT_COLUMNS}
        for name in ("category", "subcategory"):
            if not texts[name]:
                return reject(name, "Falta un valor obligatorio.", "A required value is missing.")
            limit = _max_length(name)
            if len(texts[name]) > limit:
                return reject(
                    name,
                    f"El texto pasa de {limit} caracteres.",
                    f"The text is longer than {limit} characters.",
                )
        return MininterRow(
            row=number,
            year=year,
            month=month,
            department=f"{department:02d}",
            department_name=texts["department_name"],
            province=texts["province"],
            district=texts["district"],
            police_unit=texts["police_unit"],
            category=texts["category"],
            subcategory=texts["subcategory"],
            value=value,
        )


# Checking totals ----------------------------------------------------------------------------------------------


def check_totals(rows: Iterable[MininterRow]) -> tuple[int, list[Inconsistency]]:
    """Groups checked and those whose members do not add up to their total.

    A group is year × month × department × place × prefix. A total's members are the group's detail rows; for a
    total that joins prefixes (``EM_EF_TOTAL``), the totals of those prefixes. A group with a blank total or a
    blank member is not checked: a count that was not reported cannot be added.
    """
    places: dict[tuple[int, int, str, str], list[MininterRow]] = defaultdict(list)
    for row in rows:
        places[row.year, row.month, row.department, row.place].append(row)
    checked = 0
    found: list[Inconsistency] = []
    for (year, month, department, place), members in places.items():
        details: dict[str, list[int | None]] = defaultdict(list)
        totals: dict[str, list[MininterRow]] = defaultdict(list)
        for row in members:
            if row.is_total:
                totals[row.prefix].append(row)
            else:
                details[row.prefix].append(row.value)
        for prefix, total_rows in totals.items():
            parts = prefix.split("_")
            if len(parts) > 1 and all(part in totals for part in parts):
                values = [r.value for part in parts for r in totals[part]]
            elif prefix in details:
                values = details[prefix]
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
                            place,
                            prefix,
                            total.subcategory,
                            total.row,
                            total.value,
                            added,
                        )
                    )
    found.sort(key=lambda i: (i.year, i.month, i.department, i.place, i.prefix))
    return checked, found


# Regions --------------------------------------------------------------------------------------------------------


def _fold(text: str) -> str:
    return header_key(text).upper()


class _Regions:
    """The reporting region of a department and province, from the registry's regions."""

    def __init__(self) -> None:
        self._by_department: dict[str, list[Region]] = defaultdict(list)
        for region in Region.objects.all():
            self._by_department[region.inei_department].append(region)

    def known(self, department: str) -> bool:
        return department in self._by_department

    def region(self, department: str, province: str) -> Region | None:
        regions = self._by_department[department]
        if len(regions) == 1:
            return regions[0]
        own = OWN_REGION_PROVINCES.get(department, {}).get(_fold(province))
        if own is not None:
            return next((r for r in regions if r.inei_province == own), None)
        if not province:
            return None  # a department split in several regions, and no province to say which
        return next((r for r in regions if not r.inei_province), None)


# Loading ----------------------------------------------------------------------------------------------------


_STORED = ("year", "month", "region_id", "place", "category", "subcategory", "is_total", "value")


def _fingerprint(content: tuple[object, ...]) -> str:
    """A hash of the stored content, in the order of ``_STORED``.

    Published counts hold nothing secret, so unlike the fingerprints of person records this hash needs no key.
    """
    return hashlib.sha256(json.dumps(content, ensure_ascii=False).encode("utf-8")).hexdigest()


def _file_sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as stream:
        for chunk in iter(lambda: stream.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


def _shorten(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def import_mininter(
    path: Path | str,
    *,
    agency_code: str = "PNP",
    dry_run: bool = False,
    progress: Progress | None = None,
) -> MininterReport:
    """Import the MININTER file as the aggregate series ``mininter``, submitted by ``agency_code``.

    Everything is written in one transaction, under a new :class:`SubmissionBatch`; ``dry_run`` reads, checks
    and compares with what is stored, and writes nothing. Raises :class:`MininterFileError` when the file as a
    whole cannot be imported.
    """
    path = Path(path)
    tell: Callable[[str, int, int], None] = progress or (lambda step, done, total: None)
    agency = Agency.objects.filter(code=agency_code).first()
    if agency is None:
        raise MininterFileError(
            f"No hay una entidad con el código {agency_code} (¿se cargó el perfil con `kuska init`?).",
            f"There is no agency with code {agency_code} (was the profile loaded with `kuska init`?).",
        )
    if not path.is_file():
        raise MininterFileError(f"No existe el archivo {path}.", f"File {path} does not exist.")
    reader = MininterReader(path)
    report = MininterReport(file_name=path.name, file_sha256=_file_sha256(path), dry_run=dry_run)
    rows = _accepted_rows(reader, _Regions(), report, tell)
    report.groups_checked, report.inconsistencies = check_totals(row for row, _ in rows)
    with transaction.atomic():
        _write(rows, agency, report, tell)
    return report


def _accepted_rows(
    reader: MininterReader,
    regions: _Regions,
    report: MininterReport,
    tell: Callable[[str, int, int], None],
) -> list[tuple[MininterRow, Region | None]]:
    """The rows to store, with their region; rejected rows and duplicates go into the report."""
    accepted: list[tuple[MininterRow, Region | None]] = []
    first_seen: dict[tuple[int, int, str, str, str, str, str], int] = {}
    for item in reader:
        report.rows_read += 1
        if report.rows_read % _WRITE_CHUNK == 0:
            tell("read", report.rows_read, reader.total)
        if isinstance(item, Rejection):
            report.rejected.append(item)
            continue
        if not regions.known(item.department):
            report.rejected.append(
                Rejection(
                    item.row,
                    COLUMNS["department"],
                    item.department,
                    "No es un código de departamento del INEI conocido.",
                    "Not a known INEI department code.",
                )
            )
            continue
        first = first_seen.setdefault(item.key, item.row)
        if first != item.row:
            report.duplicates.append(Duplicate(item.row, first, item.key))
            report.rejected.append(
                Rejection(
                    item.row,
                    COLUMNS["subcategory"],
                    item.subcategory,
                    f"Repite año, mes, departamento, provincia, distrito, comisaría y código de la fila {first}.",
                    f"Repeats the year, month, department, province, district, police unit and code of row {first}.",
                )
            )
            continue
        region = regions.region(item.department, item.province)
        report.rows_without_region += region is None
        report.total_rows += item.is_total
        report.blank_values += item.value is None
        accepted.append((item, region))
    tell("read", report.rows_read, report.rows_read)
    return accepted


def _write(
    rows: list[tuple[MininterRow, Region | None]],
    agency: Agency,
    report: MininterReport,
    tell: Callable[[str, int, int], None],
) -> None:
    """Create, update or leave each observation; in a dry run, only count what would happen."""
    stored = {
        source_id: (pk, fingerprint)
        for pk, source_id, fingerprint in AggregateObservation.objects.filter(
            agency=agency, series=SERIES
        ).values_list("pk", "source_record_id", "fingerprint")
    }
    batch = None
    if not report.dry_run:
        batch = SubmissionBatch.objects.create(
            agency=agency,
            channel=SubmissionBatch.Channel.FILE,
            source_system="MININTER datos abiertos",
            file_name=report.file_name[:255],
            file_sha256=report.file_sha256,
            format=FORMAT,
        )
        report.batch_id = batch.pk
    place_limit = _max_length("place")
    now = timezone.now()
    new: list[tuple[object, ...]] = []
    changed: dict[int, AggregateObservation] = {}
    for done, (row, region) in enumerate(rows, start=1):
        place = _shorten(row.place, place_limit)
        report.places_shortened += place != row.place
        content = (
            row.year,
            row.month,
            region.pk if region else None,
            place,
            row.category,
            row.subcategory,
            row.is_total,
            row.value,
        )
        fingerprint = _fingerprint(content)
        known = stored.get(row.source_record_id)
        if known is None:
            report.rows_created += 1
            new.append((row.source_record_id, fingerprint, *content))
        elif known[1] == fingerprint:
            report.rows_unchanged += 1
        else:
            report.rows_updated += 1
            changed[known[0]] = AggregateObservation(
                source_record_id=row.source_record_id,
                fingerprint=fingerprint,
                **dict(zip(_STORED, content, strict=True)),
            )
        if batch is not None and len(new) >= _WRITE_CHUNK:
            _insert(new, agency, batch, now)
            new.clear()
        if done % _WRITE_CHUNK == 0:
            tell("write", done, len(rows))
    if batch is not None:
        _insert(new, agency, batch, now)
        _update(changed, batch, now)
        batch.status = SubmissionBatch.Status.COMPLETED
        batch.rows_read = report.rows_read
        batch.rows_accepted = report.rows_accepted
        batch.rows_rejected = report.rows_rejected
        batch.rows_unchanged = report.rows_unchanged
        batch.rows_updated = report.rows_updated
        batch.save()
    tell("write", len(rows), len(rows))


def _insert(
    rows: list[tuple[object, ...]], agency: Agency, batch: SubmissionBatch, now: datetime
) -> None:
    """Insert new observations, each given as ``(source_record_id, fingerprint, *content)``.

    ``bulk_create`` prepares each of the 75,000 × 14 values through its field, and its long multi-row
    statements are parsed again for every batch (by psycopg on PostgreSQL): together most of an import's time.
    Here only the values shared by every row go through their fields; the rest are plain integers, text,
    booleans and NULLs, which every backend takes as they are: sent with ``COPY`` on PostgreSQL, and with
    ``executemany`` of one short statement elsewhere (SQLite). Table and columns come from the model's metadata.
    The model has no ``save()`` logic or signals that this would skip.
    """
    if not rows:
        return
    shared = {
        "agency": agency.pk,
        "batch": batch.pk,
        "received_at": now,
        "series": SERIES,
        "version": 1,
    }
    own = ("source_record_id", "fingerprint", *(name.removesuffix("_id") for name in _STORED))
    fields = [_field(name) for name in (*shared, *own)]
    prepared = tuple(
        _field(name).get_db_prep_save(value, connection) for name, value in shared.items()
    )
    insert_rows(AggregateObservation, fields, [(*prepared, *row) for row in rows])


def _update(
    changed: dict[int, AggregateObservation], batch: SubmissionBatch, now: datetime
) -> None:
    """Replace corrected observations, keeping each previous version in :class:`RecordVersion`."""
    fields = [*_STORED, "batch", "received_at", "fingerprint", "version"]
    previous = AggregateObservation.objects.in_bulk(list(changed))
    versions: list[RecordVersion] = []
    updated: list[AggregateObservation] = []
    for pk, old in previous.items():
        versions.append(
            RecordVersion(
                record_type=AggregateObservation._meta.label_lower,
                record_id=pk,
                version=old.version,
                batch_id=old.batch_id,
                data={
                    **{name: getattr(old, name) for name in _STORED},
                    "batch_id": old.batch_id,
                    "received_at": old.received_at.isoformat(),
                    "fingerprint": old.fingerprint,
                },
            )
        )
        new = changed[pk]
        new.pk, new.version, new.received_at = pk, old.version + 1, now
        new.agency_id, new.batch = old.agency_id, batch
        updated.append(new)
    RecordVersion.objects.bulk_create(versions, batch_size=_WRITE_CHUNK)
    AggregateObservation.objects.bulk_update(updated, fields, batch_size=_WRITE_CHUNK)
