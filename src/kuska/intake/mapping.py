"""Per-agency mapping files: an agency's existing export submitted as it is.

A mapping file is TOML::

    record_type = "persons"            # optional: the record type of every file submitted with it
    date_formats = ["%d.%m.%Y"]        # optional: extra date formats (Python strptime)

    [columns]                          # the agency's column -> Kuska's column
    "NOMBRE_VICT" = "given_names"
    "SEXO_VICT" = "sex"

    [values.sex]                       # the agency's value -> code of the code list
    "F" = "female"
    "FEMENINO" = "female"

>>> read_mapping_text('[columns]\\n"SEXO_VICT" = "sex"\\n[values.sex]\\nF = "female"\\n').values
{'sex': {'F': 'female'}}
"""

from __future__ import annotations

import tomllib
from pathlib import Path

from kuska.intake.context import Mapping
from kuska.intake.schema import RECORD_TYPES, Kind

_COLUMNS = {c.name for t in RECORD_TYPES.values() for c in t.columns}
_CODE_LISTS = {
    c.code_list
    for t in RECORD_TYPES.values()
    for c in t.columns
    if c.kind in (Kind.CODE, Kind.CODES)
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
    unknown_keys = set(data) - {"record_type", "date_formats", "columns", "values"}
    if unknown_keys:
        raise MappingError(f"{source}: unknown entries {sorted(unknown_keys)}")
    record_type = str(data.get("record_type", ""))
    if record_type and record_type not in RECORD_TYPES:
        raise MappingError(
            f"{source}: record_type {record_type!r} is not one of {sorted(RECORD_TYPES)}"
        )
    columns = {str(k): str(v) for k, v in dict(data.get("columns", {})).items()}
    for header, target in columns.items():
        if target not in _COLUMNS:
            raise MappingError(
                f"{source}: column {header!r} maps to {target!r}, which is not a Kuska column"
            )
    values: dict[str, dict[str, str]] = {}
    for list_name, table in dict(data.get("values", {})).items():
        if list_name not in _CODE_LISTS:
            raise MappingError(f"{source}: [values.{list_name}] is not a code list used by intake")
        if not isinstance(table, dict):
            raise MappingError(f"{source}: [values.{list_name}] must be a table of value = code")
        values[list_name] = {str(k): str(v) for k, v in table.items()}
    formats = data.get("date_formats", [])
    if not isinstance(formats, list) or not all(isinstance(f, str) for f in formats):
        raise MappingError(f"{source}: date_formats must be a list of strings")
    return Mapping(
        columns=columns, values=values, date_formats=tuple(formats), record_type=record_type
    )
