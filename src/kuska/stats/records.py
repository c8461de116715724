"""The record types the catalogue names, and where the engine finds their agency, person, region and case.

Each is read from the registry's declarations (:mod:`kuska.registry.records`): a record type by the name the
catalogue gives it (``identification``), and the child rows the catalogue counts (``compensation``). The paths are
ORM lookups from the model. The region of a record is the first recorded of ``regions``, then the region of the
submitting agency (a regional unit is in its region).

>>> RECORD_TYPES["identification"].person
'victim'
>>> RECORD_TYPES["compensation"].regions
('event__case_file__region',)
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.apps import apps
from django.db import models
from django.db.models import Max, Min

from kuska.registry import records as declared
from kuska.stats.periods import Period


@dataclass(frozen=True)
class RecordType:
    """How to read one kind of record: its model and the ORM paths the engine needs."""

    name: str
    model: type[models.Model]
    agency: str = "agency"  # the submitting agency (sources, the agency breakdown)
    person: str = ""  # the person a distinct count and the person breakdowns look at
    role: str = ""  # victim or suspect
    regions: tuple[str, ...] = ()  # Region foreign keys, in order of preference
    case: str = ""  # the case file, for the form of exploitation
    source_id: str = (
        "source_record_id"  # what names the record at its agency (an alert: its subject)
    )


def _read(record_type: declared.RecordType) -> list[RecordType]:
    """The record type, and the child rows of it that indicators count."""
    person, case = record_type.person, record_type.case
    read = RecordType(
        record_type.singular,
        record_type.model_class(),
        person=person.stored_as if person else "",
        role=person.role if person else "",
        regions=declared.region_paths(record_type),
        case=case.stored_as if case else "",
    )
    found = [read]
    for child in record_type.children:
        if isinstance(child, declared.ChildRow) and child.singular:
            under = f"{child.parent}__"
            found.append(
                RecordType(
                    child.singular,
                    declared.model_named(child.model),
                    agency=under + read.agency,
                    person=child.person,
                    role=child.role,
                    regions=tuple(under + path for path in read.regions),
                    case=under + read.case if read.case else "",
                )
            )
    return found


def _own() -> list[RecordType]:
    """Kuska's own rows the catalogue counts (:data:`kuska.stats.catalogue.OWN_RECORD_TYPES`): the care module's
    alerts, each of the agency it is about (its region is that agency's).

    The table is found by its app label rather than imported: the statistics read care's tables as they read the
    registry's, while the access module, which reads the statistics, must not import care."""
    return [RecordType("alert", apps.get_model("care", "Alert"), source_id="subject")]


RECORD_TYPES: dict[str, RecordType] = {
    **{r.name: r for t in declared.RECORD_TYPES.values() for r in _read(t)},
    **{r.name: r for r in _own()},
}


def available_years(year: int, look_back: int) -> list[int]:
    """The years from the earliest year any dated record falls in (at most ``look_back`` years before ``year``)
    to ``year``, ascending. A year without records in between stays: its figures are *not reported*.

    A record's year is the year of its declared date (:attr:`kuska.registry.records.RecordType.date`), or the
    year itself where the date is a year (a budget's).
    """
    earliest = year
    for record_type in declared.RECORD_TYPES.values():
        if not record_type.date:
            continue
        column = record_type.column(record_type.date)
        field = column.stored_as
        since = field if column.kind is declared.Kind.INTEGER else f"{field}__year"
        first = (
            record_type.model_class()
            ._default_manager.filter(**{f"{since}__gte": year - look_back})
            .aggregate(first=Min(field))["first"]
        )
        if first is not None:
            earliest = min(earliest, first if isinstance(first, int) else first.year)
    return list(range(earliest, year + 1))


def last_dated() -> datetime.date | None:
    """The latest date any record holds (its declared date; a year alone, as a budget's, is not a date)."""
    latest: datetime.date | None = None
    for record_type in declared.RECORD_TYPES.values():
        if not record_type.date:
            continue
        column = record_type.column(record_type.date)
        if column.kind is declared.Kind.INTEGER:
            continue
        found = record_type.model_class()._default_manager.aggregate(last=Max(column.stored_as))[
            "last"
        ]
        if isinstance(found, datetime.datetime):
            found = found.date()
        if found is not None and (latest is None or found > latest):
            latest = found
    return latest


def covered_to(period: Period) -> datetime.date | None:
    """The last date holding data when the period runs past it, else ``None`` (the period is covered in full).

    A period is not covered in full when no record is dated in its last month or after it: TIP 2020 runs to
    31 March 2021, and records that end in December 2020 give smaller figures than the period will have. The
    figures are right for the days covered; what they cover is said beside them.

    >>> covered_to(Period.tip(2020))  # doctest: +SKIP
    datetime.date(2020, 12, 30)
    """
    latest = last_dated()
    if latest is None or latest >= period.end.replace(day=1):
        return None
    return min(latest, period.end)
