"""The table the model reads: one row of normalized values per person record, as an Arrow table in memory.

Names repeat (thousands of ``QUISPE``), so each distinct value is normalized once and the results are spread back
over the rows. The table holds identity values (normalized names, birth dates): it lives in memory for the length of
a run and is never written to a file or logged.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field, fields
from typing import Any

import pyarrow as pa
import pyarrow.compute as pc

from kuska.linkage.model import COLUMNS
from kuska.linkage.normalize import NO_DOCUMENT, normalize_given, phonetic, words

SCHEMA = pa.schema(
    [
        ("unique_id", pa.int64()),
        ("agency", pa.string()),
        ("role", pa.string()),
        ("given", pa.string()),
        ("given_sorted", pa.string()),
        ("given_first", pa.string()),
        ("given_second", pa.string()),
        ("given_key", pa.string()),
        ("paternal", pa.string()),
        ("maternal", pa.string()),
        ("surnames", pa.string()),
        ("surname_first", pa.string()),
        ("surname_second", pa.string()),
        ("paternal_key", pa.string()),
        ("maternal_key", pa.string()),
        ("name_keys", pa.string()),
        ("birth_date", pa.string()),
        ("birth_year_min", pa.int32()),
        ("birth_year_max", pa.int32()),
        ("birth_year", pa.int32()),
        ("event_date", pa.date32()),
        ("sex", pa.string()),
        ("nationality", pa.string()),
        ("document_type", pa.string()),
        ("document_hash", pa.string()),
        ("document_number", pa.string()),
    ]
)
if tuple(SCHEMA.names) != COLUMNS:  # pragma: no cover - a programming error
    raise RuntimeError("the frame's schema and the model's columns differ")


@dataclass(frozen=True, slots=True)
class SourceRecord:
    """A person record as read from the registry, identity fields decrypted (in memory only)."""

    id: int
    agency: str
    role: str
    given_names: str
    paternal_surname: str
    maternal_surname: str
    birth_date: datetime.date | None
    event_date: datetime.date | None
    age_at_event: int | None
    sex: str
    nationality: str
    document_type: str
    document_hash: str
    document_number: str = (
        ""  # decrypted in memory, compared only for numbers a keystroke or two apart
    )

    def __repr__(self) -> str:  # identity values stay out of tracebacks and logs
        return f"SourceRecord(id={self.id}, agency={self.agency!r}, role={self.role!r})"


@dataclass
class SourceColumns:
    """Person records column by column (the fast form of many :class:`SourceRecord`)."""

    id: list[int] = field(default_factory=list)
    agency: list[str] = field(default_factory=list)
    role: list[str] = field(default_factory=list)
    given_names: list[str] = field(default_factory=list)
    paternal_surname: list[str] = field(default_factory=list)
    maternal_surname: list[str] = field(default_factory=list)
    birth_date: list[datetime.date | None] = field(default_factory=list)
    event_date: list[datetime.date | None] = field(default_factory=list)
    age_at_event: list[int | None] = field(default_factory=list)
    sex: list[str] = field(default_factory=list)
    nationality: list[str] = field(default_factory=list)
    document_type: list[str] = field(default_factory=list)
    document_hash: list[str] = field(default_factory=list)
    document_number: list[str] = field(default_factory=list)

    def __repr__(self) -> str:
        return f"SourceColumns({len(self.id)} records)"

    def __len__(self) -> int:
        return len(self.id)

    @classmethod
    def of(cls, records: Iterable[SourceRecord]) -> SourceColumns:
        columns = cls()
        names = [f.name for f in fields(cls)]
        appends = [getattr(columns, name).append for name in names]
        for record in records:
            for name, append in zip(names, appends, strict=True):
                append(getattr(record, name))
        return columns


def _spread(
    values: pa.Array, normalize: Callable[[str], tuple[Any, ...]], types: Sequence[pa.DataType]
) -> list[pa.Array]:
    """Normalize each distinct value once; one output array per element of ``normalize``'s result."""
    encoded = pc.dictionary_encode(values)
    results = [normalize(v or "") for v in encoded.dictionary.to_pylist()]
    outputs = []
    for position, kind in enumerate(types):
        distinct = pa.array([r[position] for r in results], kind)
        outputs.append(distinct.take(encoded.indices))
    return outputs


def _given(text: str) -> tuple[Any, ...]:
    given, given_sorted, first, found, key = normalize_given(text)
    return given, given_sorted, first, found[1] if len(found) > 1 else None, key


def _surname(text: str) -> tuple[Any, ...]:
    """One surname column's value: (whole, first word, the other words, key of the first, key of the second)."""
    found = words(text)
    if not found:
        return None, None, None, None, None
    rest = " ".join(found[1:]) or None
    return " ".join(found), found[0], rest, phonetic(found[0]), phonetic(found[1]) if rest else None


_TEXT = pa.string()
_NULL = pa.scalar(None, _TEXT)
_SURNAME_TYPES = [_TEXT] * 5


def _text(values: Sequence[str]) -> pa.Array:
    """Text values, an empty one as null (not recorded)."""
    array = pa.array(values, _TEXT)
    return pc.if_else(pc.equal(array, ""), _NULL, array)


def _surnames(paternal_column: Sequence[str], maternal_column: Sequence[str]) -> list[pa.Array]:
    """(paternal, maternal, both, paternal key, maternal key), the rules of :func:`normalize_surnames`.

    A record with only a maternal surname has it as its paternal one; a record with one surname field holding two
    words has them split into paternal and maternal.
    """
    p_full, p_first, p_rest, p_key, p_rest_key = _spread(
        pa.array(paternal_column, _TEXT), _surname, _SURNAME_TYPES
    )
    m_full, m_first, m_rest, m_key, m_rest_key = _spread(
        pa.array(maternal_column, _TEXT), _surname, _SURNAME_TYPES
    )
    only_maternal = pc.and_(pc.is_null(p_full), pc.is_valid(m_full))
    full = pc.if_else(only_maternal, m_full, p_full)
    first = pc.if_else(only_maternal, m_first, p_first)
    rest = pc.if_else(only_maternal, m_rest, p_rest)
    key = pc.if_else(only_maternal, m_key, p_key)
    rest_key = pc.if_else(only_maternal, m_rest_key, p_rest_key)
    maternal = pc.if_else(only_maternal, _NULL, m_full)
    maternal_key = pc.if_else(only_maternal, _NULL, m_key)
    split = pc.and_(pc.is_null(maternal), pc.is_valid(rest))
    paternal = pc.if_else(split, first, full)
    maternal = pc.if_else(split, rest, maternal)
    maternal_key = pc.if_else(split, rest_key, maternal_key)
    # a null on either side gives the other one alone (Arrow's "skip" null handling drops the rows where both
    # are null, so the nulls are replaced by hand)
    joined = pc.binary_join_element_wise(paternal, maternal, " ")
    both = pc.if_else(
        pc.is_null(maternal), paternal, pc.if_else(pc.is_null(paternal), maternal, joined)
    )
    return [paternal, maternal, both, key, maternal_key]


def _sorted(paternal: pa.Array, maternal: pa.Array) -> list[pa.Array]:
    """The two surnames in alphabetical order (either order compares alike); null unless both are recorded."""
    paternal_first = pc.less_equal(paternal, maternal)
    return [
        pc.if_else(paternal_first, paternal, maternal),
        pc.if_else(paternal_first, maternal, paternal),
    ]


def _name_keys(given: pa.Array, paternal: pa.Array, maternal: pa.Array) -> pa.Array:
    """The keys of the first given name and of the two surnames in alphabetical order, whatever the column each
    was written in (``ANA|FLORES|HERRERA`` for Ana Flores Herrera and for Herrera, Ana Flores); null unless all
    three are recorded."""
    low = pc.min_element_wise(pc.min_element_wise(given, paternal), maternal)
    high = pc.max_element_wise(pc.max_element_wise(given, paternal), maternal)
    middle = pc.max_element_wise(
        pc.min_element_wise(given, paternal),
        pc.min_element_wise(pc.max_element_wise(given, paternal), maternal),
    )
    joined = pc.binary_join_element_wise(low, middle, high, "|")  # null if any of the three is
    return pc.if_else(
        pc.and_(pc.and_(pc.is_valid(given), pc.is_valid(paternal)), pc.is_valid(maternal)),
        joined,
        _NULL,
    )


def _birth(columns: SourceColumns) -> list[pa.Array]:
    """(birth date as ISO text, earliest, latest and likeliest birth year): the rules of :func:`birth_years`."""
    birth = pa.array(columns.birth_date, pa.date32())
    event = pa.array(columns.event_date, pa.date32())
    age = pa.array(columns.age_at_event, pa.int32())
    born = pc.cast(pc.year(birth), pa.int32())
    latest = pc.cast(pc.subtract(pc.year(event), age), pa.int32())
    second_half = pc.greater_equal(pc.month(event), 7)
    likeliest = pc.if_else(second_half, latest, pc.subtract(latest, 1))
    has_birth = pc.is_valid(birth)
    return [
        pc.cast(birth, _TEXT),
        pc.if_else(has_birth, born, pc.subtract(latest, 1)),
        pc.if_else(has_birth, born, latest),
        pc.if_else(has_birth, born, likeliest),
    ]


def build_frame(source: SourceColumns | Iterable[SourceRecord]) -> pa.Table:
    """Normalize every record into the model's columns (see :mod:`kuska.linkage.normalize`)."""
    columns = source if isinstance(source, SourceColumns) else SourceColumns.of(source)
    given, given_sorted, given_first, given_second, given_key = _spread(
        pa.array(columns.given_names, _TEXT), _given, [_TEXT] * 5
    )
    paternal, maternal, surnames, paternal_key, maternal_key = _surnames(
        columns.paternal_surname, columns.maternal_surname
    )
    birth_date, low, high, likeliest = _birth(columns)
    kinds = pc.utf8_lower(pc.utf8_trim_whitespace(pa.array(columns.document_type, _TEXT)))
    hashes = pa.array(columns.document_hash, _TEXT)
    has_document = pc.and_(
        pc.not_equal(hashes, ""), pc.invert(pc.is_in(kinds, pa.array(sorted(NO_DOCUMENT))))
    )
    numbers = pa.array(columns.document_number or [""] * len(columns.id), _TEXT)
    # the number as typed, upper case, without spaces, dots or dashes: "V-12.345.678" → "V12345678"
    numbers = pc.replace_substring_regex(pc.utf8_upper(numbers), r"[^0-9A-Z]", "")
    has_number = pc.and_(has_document, pc.not_equal(numbers, ""))
    return pa.table(
        [
            pa.array(columns.id, pa.int64()),
            pa.array(columns.agency, _TEXT),
            pa.array(columns.role, _TEXT),
            given,
            given_sorted,
            given_first,
            given_second,
            given_key,
            paternal,
            maternal,
            surnames,
            *_sorted(paternal, maternal),
            paternal_key,
            maternal_key,
            _name_keys(given_key, paternal_key, maternal_key),
            birth_date,
            low,
            high,
            likeliest,
            pa.array(columns.event_date, pa.date32()),
            _text(columns.sex),
            _text(columns.nationality),
            pc.if_else(has_document, kinds, _NULL),
            pc.if_else(has_document, hashes, _NULL),
            pc.if_else(has_number, numbers, _NULL),
        ],
        schema=SCHEMA,
    )
