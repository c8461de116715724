"""What every reader produces."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from kuska.i18n import TranslatableError
from kuska.intake.messages import Problem

# Key under which a reader says what is wrong with the row as a whole: a reason it could not be read (text), a
# :class:`FieldCount` when a CSV row has more or fewer fields than its header, or a :class:`RowProblems` when a
# reader that checks its own layout (the transcription of paper screening forms) refuses the row.
EXTRA = "\x00extra"


@dataclass(frozen=True)
class FieldCount:
    """A row whose number of fields differs from the header's: it is rejected whole, never stored in part."""

    found: int
    expected: int


@dataclass(frozen=True)
class RowProblems:
    """A row its reader refuses whole, with each problem's column, value and message: it is rejected with these,
    and nothing else of it is checked or stored."""

    problems: tuple[Problem, ...]


class ReadError(TranslatableError):
    """The file cannot be read at all (not a spreadsheet, not text, no header…); its message is translatable."""


@dataclass
class Sheet:
    """One table of a submitted file.

    ``record_type`` is a name hint (file name, sheet name or a ``record_type`` field) that
    :func:`kuska.intake.schema.record_type_for` resolves. ``rows`` can be consumed once.
    """

    name: str
    record_type: str
    header: list[str]
    rows: Iterator[tuple[int, dict[str, object]]]
    size_hint: int | None = None
    # columns the reader knows hold no identity (answer codes, form ids): a rejected row shows their values
    shown_columns: frozenset[str] = frozenset()
    # what the reader made of the sheet beyond its rows, for its format's last step
    # (kuska.intake.submit.register_step): the transcription's forms, checked and scored, read once
    parsed: tuple[object, ...] = ()
