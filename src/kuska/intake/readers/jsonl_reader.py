"""JSON Lines: one object per line; the record type comes from the file name or each object's ``record_type``."""

from __future__ import annotations

import json
from collections.abc import Iterator
from contextlib import ExitStack
from pathlib import Path

from kuska.intake import limits
from kuska.intake.readers.base import EXTRA, Sheet
from kuska.intake.readers.text import detect_encoding, limited_lines, too_many_columns

RECORD_TYPE_KEY = "record_type"


def read_jsonl(path: Path, stack: ExitStack) -> list[Sheet]:
    bounds = limits.current()
    encoding = detect_encoding(path)
    handle = stack.enter_context(path.open(encoding=encoding, errors="replace"))
    first = next(limited_lines(handle, path, bounds.line_length, first=1), "")
    hint = path.name
    try:
        first_object = json.loads(first) if first.strip() else None
    except json.JSONDecodeError:
        first_object = None
    if isinstance(first_object, dict):
        if len(first_object) > bounds.columns:
            raise too_many_columns(path, len(first_object), bounds.columns)
        if RECORD_TYPE_KEY in first_object:
            hint = str(first_object[RECORD_TYPE_KEY])
    handle.seek(0)

    def rows() -> Iterator[tuple[int, dict[str, object]]]:
        lines = limited_lines(handle, path, bounds.line_length, first=1)
        for number, line in enumerate(lines, start=1):
            if not line.strip():
                continue
            try:
                data = json.loads(line)
            except json.JSONDecodeError as exc:
                yield number, {EXTRA: f"json: {exc.msg}"}
                continue
            if not isinstance(data, dict):
                yield number, {EXTRA: "json: not an object"}
                continue
            if len(data) > bounds.columns:
                raise too_many_columns(path, len(data), bounds.columns)
            data.pop(RECORD_TYPE_KEY, None)
            yield number, {str(k): v for k, v in data.items()}

    return [Sheet(name=path.name, record_type=hint, header=[], rows=rows())]
