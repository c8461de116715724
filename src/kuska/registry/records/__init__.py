"""The record types, each declared once: what intake reads and stores, what the template shows and what the
statistics count all come from here.

:data:`RECORD_TYPES` holds them in the order a submission is loaded (a record type after those it references);
:func:`register` adds one. See ``docs/records.md`` for adding a record type. :data:`SERIES_TYPES` holds the
aggregate series (published counts, kept apart from records); :func:`loadable` gives both, in loading order.

>>> RECORD_TYPES["persons"].field("nombres").name
'given_names'
>>> [t.name for t in by_singular().values()][:3]
['facilities', 'operations', 'cases']
>>> region_paths(RECORD_TYPES["identifications"])
('region', 'case_file__region')
"""

from __future__ import annotations

from kuska.registry.records.base import (
    ENDED_ON,
    FOREIGN_KEY_KINDS,
    RECORD_ID,
    REGION,
    STARTED_ON,
    TITLE,
    Check,
    Children,
    ChildRow,
    Column,
    Derive,
    Finding,
    Kind,
    RecordType,
    header_key,
    model_named,
)
from kuska.registry.records.care import FACILITIES, PLACEMENTS, REFERRALS, SERVICES
from kuska.registry.records.cases import CASES, IDENTIFICATIONS, OPERATIONS, PERSONS
from kuska.registry.records.justice import PROCEEDINGS
from kuska.registry.records.programmes import (
    BUDGETS,
    CAMPAIGNS,
    HOTLINE_CALLS,
    LABOUR_INSPECTIONS,
    TRAININGS,
)
from kuska.registry.records.series import AGGREGATE_OBSERVATIONS

__all__ = [
    "ENDED_ON",
    "FOREIGN_KEY_KINDS",
    "RECORD_ID",
    "RECORD_TYPES",
    "REGION",
    "SERIES_TYPES",
    "STARTED_ON",
    "TITLE",
    "Check",
    "ChildRow",
    "Children",
    "Column",
    "Derive",
    "Finding",
    "Kind",
    "RecordType",
    "by_singular",
    "header_key",
    "loadable",
    "model_named",
    "region_paths",
    "register",
]


def by_singular() -> dict[str, RecordType]:
    """The record types by the name the indicator catalogue gives them (``person``)."""
    return {t.singular: t for t in RECORD_TYPES.values()}


# In the order a submission is loaded.
RECORD_TYPES: dict[str, RecordType] = {}


def register(record_type: RecordType) -> RecordType:
    """Add a record type, after every record type it references (raises ``ValueError`` otherwise)."""
    if record_type.name in RECORD_TYPES:
        raise ValueError(f"record type {record_type.name} is declared twice")
    if record_type.singular in by_singular():
        raise ValueError(f"{record_type.name}: the name {record_type.singular} is taken")
    for column in record_type.references:
        if column.references not in RECORD_TYPES and column.references != record_type.name:
            raise ValueError(
                f"{record_type.name}.{column.name}: {column.references} is not declared before it"
            )
    for name in record_type.regions_via:
        if record_type.column(name).kind is not Kind.REFERENCE:
            raise ValueError(f"{record_type.name}.{name}: regions_via names a reference")
    RECORD_TYPES[record_type.name] = record_type
    return record_type


for _record_type in (
    FACILITIES,
    OPERATIONS,
    CASES,
    PERSONS,
    IDENTIFICATIONS,
    PROCEEDINGS,
    REFERRALS,
    SERVICES,
    PLACEMENTS,
    BUDGETS,
    TRAININGS,
    CAMPAIGNS,
    HOTLINE_CALLS,
    LABOUR_INSPECTIONS,
):
    register(_record_type)


# Published counts (aggregate series), never counted as records.
SERIES_TYPES: dict[str, RecordType] = {AGGREGATE_OBSERVATIONS.name: AGGREGATE_OBSERVATIONS}


def loadable() -> dict[str, RecordType]:
    """Every record type intake loads, in loading order: the records, then the series."""
    return {**RECORD_TYPES, **SERIES_TYPES}


def region_paths(record_type: RecordType) -> tuple[str, ...]:
    """Where a record's region is, as ORM paths from its model in order of preference: its own region column, then
    the region of each record named in ``regions_via``."""
    paths = [c.stored_as for c in record_type.columns if c.kind is Kind.REGION]
    for name in record_type.regions_via:
        column = record_type.column(name)
        target = RECORD_TYPES[column.references]
        paths += [
            f"{column.stored_as}__{c.stored_as}" for c in target.columns if c.kind is Kind.REGION
        ]
    return tuple(paths)
