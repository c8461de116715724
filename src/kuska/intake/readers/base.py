"""What every reader produces."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from kuska.i18n import TranslatableError

# Key under which a reader puts values that had no header (a CSV row longer than its header).
EXTRA = "\x00extra"


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
