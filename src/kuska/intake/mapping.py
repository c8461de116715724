"""Per-agency mapping files: an agency's existing export submitted as it is.

A mapping file is TOML::

    record_type = "persons"            # optional: the record type of every file submitted with it
    date_formats = ["%d.%m.%Y"]        # optional: extra date formats (Python strptime)

    [columns]                          # the agency's column -> Kuska's column
    "NOMBRE_VICT" = "given_names"
    "SEXO_VICT" = "sex"

    [values.sex]                       # the agency's value -> code, by code list or by column name
    "F" = "female"
    "FEMENINO" = "female"

    [constants]                        # a value for every row, where the export has none
    role = "victim"

    name_order = "given_first"         # of a full_name column without a comma ("surnames_first" otherwise)

    [[document_shapes]]                # replaces the profile's rules for a number sent without its type
    type = "dni"
    pattern = "[0-9]{8}"

A column may map to ``full_name``: one column holding the whole name, split into given names and surnames
(:mod:`kuska.intake.names`).

>>> read_mapping_text('[columns]\\n"SEXO_VICT" = "sex"\\n[values.sex]\\nF = "female"\\n').values
{'sex': {'F': 'female'}}
"""

from __future__ import annotations

import re
import tomllib
from pathlib import Path

from kuska.intake.context import FULL_NAME, Mapping
from kuska.intake.names import ORDERS
from kuska.intake.schema import RECORD_TYPES, Kind

_COLUMNS = {c.name for t in RECORD_TYPES.values() for c in t.columns}
_CODED = [c for t in RECORD_TYPES.values() for c in t.columns if c.kind in (Kind.CODE, Kind.CODES)]
_CODE_LISTS = {c.code_list for c in _CODED}
_LIST_OF_COLUMN = {c.name: c.code_list for c in _CODED}
_ENTRIES = {
    "record_type",
    "date_formats",
    "columns",
    "values",
    "constants",
    "name_order",
    "document_shapes",
}


class MappingError(ValueError):
    """A mapping file that cannot be used; the message says which entry."""


def read_mapping(path: Path) -> Mapping:
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as exc:
        raise MappingError(f"{path}: {exc.strerror}") from exc
    return read_mapping_text(text, source=path.name)


def read_mapping_text(text: str, source: str = "mapping") -> Mapping:
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise MappingError(f"{source}: {exc}") from exc
    unknown_keys = set(data) - _ENTRIES
    if unknown_keys:
        raise MappingError(f"{source}: unknown entries {sorted(unknown_keys)}")
    record_type = str(data.get("record_type", ""))
    if record_type and record_type not in RECORD_TYPES:
        raise MappingError(
            f"{source}: record_type {record_type!r} is not one of {sorted(RECORD_TYPES)}"
        )
    columns = {str(k): str(v) for k, v in dict(data.get("columns", {})).items()}
    for header, target in columns.items():
        if target not in _COLUMNS and target != FULL_NAME:
            raise MappingError(
                f"{source}: column {header!r} maps to {target!r}, which is not a Kuska column"
            )
    values: dict[str, dict[str, str]] = {}
    for name, table in dict(data.get("values", {})).items():
        list_name = name if name in _CODE_LISTS else _LIST_OF_COLUMN.get(name)
        if list_name is None:
            raise MappingError(
                f"{source}: [values.{name}] is neither a code list used by intake nor a coded column"
            )
        if not isinstance(table, dict):
            raise MappingError(f"{source}: [values.{name}] must be a table of value = code")
        values.setdefault(list_name, {}).update({str(k): str(v) for k, v in table.items()})
    constants = {str(k): _text(v) for k, v in dict(data.get("constants", {})).items()}
    for column in constants:
        if column not in _COLUMNS or column == "record_id":
            raise MappingError(
                f"{source}: [constants] names {column!r}, which is not a Kuska column"
            )
    name_order = str(data.get("name_order", ORDERS[0]))
    if name_order not in ORDERS:
        raise MappingError(f"{source}: name_order must be one of {', '.join(ORDERS)}")
    formats = data.get("date_formats", [])
    if not isinstance(formats, list) or not all(isinstance(f, str) for f in formats):
        raise MappingError(f"{source}: date_formats must be a list of strings")
    return Mapping(
        columns=columns,
        values=values,
        date_formats=tuple(formats),
        record_type=record_type,
        constants=constants,
        name_order=name_order,
        document_shapes=_document_shapes(data, source),
    )


def _text(value: object) -> str:
    if isinstance(value, bool):
        return "yes" if value else "no"
    return str(value)


def _document_shapes(data: dict[str, object], source: str) -> tuple[tuple[str, str], ...] | None:
    if "document_shapes" not in data:
        return None
    rules = data["document_shapes"]
    shapes: list[tuple[str, str]] = []
    if not isinstance(rules, list):
        raise MappingError(f"{source}: document_shapes must be a list of {{type, pattern}} tables")
    for rule in rules:
        if not isinstance(rule, dict) or set(rule) != {"type", "pattern"}:
            raise MappingError(f"{source}: each [[document_shapes]] needs a type and a pattern")
        try:
            re.compile(str(rule["pattern"]))
        except re.error as exc:
            raise MappingError(f"{source}: pattern {rule['pattern']!r}: {exc}") from exc
        shapes.append((str(rule["type"]), str(rule["pattern"])))
    return tuple(shapes)
