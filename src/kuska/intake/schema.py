"""The submission format: one record type per sheet or file, its columns, their kinds and aliases, as the
registry declares them (:mod:`kuska.registry.records`).

Column names are English (``given_names``); each column also accepts its Spanish aliases (``nombres``) and, where
one exists, its HTCDS 2.0 field name (``prs_FirstName``). Headers are compared without case, accents or
punctuation. ``docs/intake.md`` documents every column (a test keeps it complete).

>>> RECORD_TYPES["persons"].field("nombres").name
'given_names'
>>> record_type_for("PNP_victimas_2021.csv").name
'persons'
"""

from __future__ import annotations

import re

from django.conf import settings

from kuska.registry.records import (
    RECORD_TYPES,
    SERIES_TYPES,
    Column,
    Kind,
    RecordType,
    header_key,
    loadable,
)

__all__ = [
    "RECORD_TYPES",
    "SERIES_TYPES",
    "Column",
    "Kind",
    "RecordType",
    "header_key",
    "loadable",
    "record_type_for",
]


def record_type_for(name: str) -> RecordType | None:
    """The record type a sheet or file name stands for: ``"Personas"``, ``"persons.csv"``, ``"pnp_victimas"``.

    A name is the record type's name, its name in one of the languages of the interface, or one of its aliases;
    failing that, a longer name containing one of these (the longest that fits, of at least five letters).
    """
    by_name: dict[str, RecordType] = {}
    for record_type in RECORD_TYPES.values():
        labels = [record_type.label_in(code) for code, _ in settings.LANGUAGES]
        for alias in (record_type.name, *labels, *record_type.aliases):
            by_name[header_key(alias)] = record_type
    stem = re.sub(r"\.(csv|tsv|txt|xlsx|jsonl|json|ndjson)$", "", name.strip(), flags=re.IGNORECASE)
    key = header_key(stem)
    if key in by_name:
        return by_name[key]
    for alias in sorted(by_name, key=len, reverse=True):
        if len(alias) >= 5 and alias in key:
            return by_name[alias]
    return None
