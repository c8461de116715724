"""JSON Lines: one object per line; the record type comes from the file name or each object's ``record_type``."""

from __future__ import annotations

import json
from collections.abc import Iterator
from contextlib import ExitStack
from pathlib import Path

from kuska.intake.readers.base import EXTRA, Sheet

RECORD_TYPE_KEY = "record_type"


def read_jsonl(path: Path, stack: ExitStack) -> list[Sheet]:
    handle = stack.enter_context(path.open(encoding="utf-8-sig", errors="replace"))
    first = handle.readline()
    hint = path.name
    try:
        first_object = json.loads(first) if first.strip() else None
    except json.JSONDecodeError:
        first_object = None
    if isinstance(first_object, dict) and RECORD_TYPE_KEY in first_object:
        hint = str(first_object[RECORD_TYPE_KEY])
    handle.seek(0)

    def rows() -> Iterator[tuple[int, dict[str, object]]]:
        for number, line in enumerate(handle, start=1):
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
            data.pop(RECORD_TYPE_KEY, None)
            yield number, {str(k): v for k, v in data.items()}

    return [Sheet(name=path.name, record_type=hint, header=[], rows=rows())]
