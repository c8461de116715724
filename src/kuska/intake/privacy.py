"""What a rejected row may show: never a name, a birth date or a document number.

A rejected row comes back to the data officer (the ``--errors`` file, the API, the pages) and is kept in the
database with its reasons. It shows the row number, the column and the rule broken, which are enough to find the
row in the agency's own file; the values of identity columns are masked, and so are the values of columns Kuska
does not read (an unknown column may hold anything, a name included).

>>> from kuska.intake.schema import RECORD_TYPES
>>> persons = RECORD_TYPES["persons"]
>>> masked_row({"record_id": "P-1", "nombres": "Rosa", "sexo": "X"}, persons.field)
{'record_id': 'P-1', 'nombres': '***', 'sexo': 'X'}
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable

from kuska.intake.messages import Problem
from kuska.intake.readers import EXTRA, FieldCount, RowProblems
from kuska.intake.schema import Column, Kind

MASK = "***"
# Columns that identify a person without being text encrypted as an identity.
_IDENTIFYING = frozenset({"birth_date"})

ColumnOf = Callable[[str], Column | None]


def identifies(column: Column | None) -> bool:
    """Whether a column's values may identify a person: identities, the birth date, and unknown columns."""
    return column is None or column.kind is Kind.IDENTITY or column.name in _IDENTIFYING


def masked_row(
    raw: dict[str, object], column_of: ColumnOf, plain: frozenset[str] = frozenset()
) -> dict[str, object]:
    """The row as submitted, identity and unknown columns masked (empty cells stay empty); ``plain`` names the
    columns its reader knows hold no identity (:attr:`~kuska.intake.readers.Sheet.shown_columns`)."""
    shown: dict[str, object] = {}
    for header, value in raw.items():
        if header == EXTRA:
            if not isinstance(
                value, FieldCount | RowProblems
            ):  # a reason the row could not be read: no cell value
                shown["(extra)"] = value
            continue
        empty = value is None or (isinstance(value, str) and not value.strip())
        hidden = header not in plain and identifies(column_of(header))
        shown[header] = MASK if hidden and not empty else value
    return shown


def masked_problem(
    item: Problem, column_of: ColumnOf, plain: frozenset[str] = frozenset()
) -> Problem:
    """A problem without the value when its column identifies a person (row-level problems carry none)."""
    if not item.value or not item.column or item.column in plain:
        return item
    if not identifies(column_of(item.column)):
        return item
    return dataclasses.replace(item, value="")
