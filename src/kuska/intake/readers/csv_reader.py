"""CSV: UTF-8 (with or without BOM) or Latin-1/Windows-1252, comma, semicolon or tab separated, streamed."""

from __future__ import annotations

import codecs
import csv
from collections.abc import Iterator
from contextlib import ExitStack
from pathlib import Path

from kuska.intake.readers.base import EXTRA, FieldCount, ReadError, Sheet

SNIFF_BYTES = 64 * 1024
DELIMITERS = (",", ";", "\t", "|")
csv.field_size_limit(1024 * 1024)


def detect_encoding(path: Path) -> str:
    """``utf-8-sig`` when the whole file is valid UTF-8, else ``cp1252`` (or ``latin-1`` for bytes cp1252 lacks).

    The file is checked in chunks, so memory stays flat however large it is.
    """
    decoder: codecs.IncrementalDecoder = codecs.getincrementaldecoder("utf-8")()
    with path.open("rb") as handle:
        try:
            while chunk := handle.read(1 << 20):
                decoder.decode(chunk)
            decoder.decode(b"", final=True)
            return "utf-8-sig"
        except UnicodeDecodeError:
            pass
        handle.seek(0)
        decoder = codecs.getincrementaldecoder("cp1252")()
        try:
            while chunk := handle.read(1 << 20):
                decoder.decode(chunk)
            return "cp1252"
        except UnicodeDecodeError:
            return "latin-1"


def detect_delimiter(first_line: str) -> str:
    """The separator used most in the header line (comma when there is none)."""
    counts = {d: first_line.count(d) for d in DELIMITERS}
    best = max(counts, key=lambda d: counts[d])
    return best if counts[best] else ","


def _lines(handle: Iterator[str]) -> Iterator[str]:
    # csv refuses NUL characters; they become replacement characters that validation reports as unreadable.
    for line in handle:
        yield line.replace("\x00", "\ufffd") if "\x00" in line else line


def read_csv(path: Path, stack: ExitStack) -> list[Sheet]:
    encoding = detect_encoding(path)
    handle = stack.enter_context(path.open(encoding=encoding, errors="replace", newline=""))
    first = handle.readline()
    if not first.strip():
        raise ReadError(
            f"{path.name} está vacío o no tiene encabezado",
            f"{path.name} is empty or has no header",
        )
    delimiter = detect_delimiter(first)
    header = [h.strip() for h in next(csv.reader([first], delimiter=delimiter))]
    if not any(header):
        raise ReadError(f"{path.name} no tiene encabezado", f"{path.name} has no header")

    def rows() -> Iterator[tuple[int, dict[str, object]]]:
        reader = csv.reader(_lines(handle), delimiter=delimiter)
        while True:
            try:
                values = next(reader)
            except StopIteration:
                return
            except csv.Error as exc:
                yield reader.line_num + 1, {EXTRA: f"csv: {exc}"}
                continue
            if not "".join(values).strip():  # a blank line, or only separators and spaces
                continue
            row: dict[str, object] = dict(zip(header, values, strict=False))
            if len(values) != len(header):  # a truncated line, or a separator inside a cell
                row[EXTRA] = FieldCount(len(values), len(header))
            yield reader.line_num + 1, row  # the header is line 1

    return [Sheet(name=path.name, record_type=path.name, header=header, rows=rows())]
