"""Files Kuska writes: readable by their owner only, and never carrying a formula a spreadsheet would run.

Every output may hold what an agency submitted (a record id, a cell of a rejected row) or figures about victims,
so files are created ``0600`` and the folders Kuska makes for them ``0700``, whatever the process's umask. And as
the OWASP guidance on CSV injection describes, a text value that starts with ``=``, ``+``, ``-``, ``@``, a tab or a
carriage return would be run by Excel or LibreOffice as a formula when the file is opened: it is written with a
leading ``'`` instead. A value that is a plain number (``-12``, ``-3.5``) stays as it is.

This module sits below every package (it imports nothing of Kuska), so every writer can use it.

>>> neutralised("=HYPERLINK(\\"http://x\\")")
'\\'=HYPERLINK("http://x")'
>>> neutralised("-12"), neutralised(-12), neutralised("Quispe")
('-12', -12, 'Quispe')
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterable
from pathlib import Path
from typing import IO, Any, TypeVar

FILE_MODE = 0o600
FOLDER_MODE = 0o700
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
_NUMBER = re.compile(r"[+-]?(\d+([.,]\d*)?|[.,]\d+)([eE][+-]?\d+)?")

T = TypeVar("T")


def neutralised(value: T) -> T | str:
    """A cell value that no spreadsheet runs as a formula: text starting a formula gets a leading ``'``."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS) and not _NUMBER.fullmatch(value):
        return "'" + value
    return value


def neutralised_row(values: Iterable[Any]) -> list[Any]:
    """:func:`neutralised` applied to every cell of a row."""
    return [neutralised(value) for value in values]


def private_folder(path: Path) -> Path:
    """Make ``path`` and any missing parents as ``0700`` folders; an existing folder is left as it is."""
    missing: list[Path] = []
    current = path
    while not current.exists():
        missing.append(current)
        current = current.parent
    for folder in reversed(missing):
        folder.mkdir(mode=FOLDER_MODE, exist_ok=True)
        os.chmod(folder, FOLDER_MODE)  # mkdir's mode is narrowed by the umask, never widened
    return path


def _private_opener(path: str, flags: int) -> int:
    descriptor = os.open(path, flags, FILE_MODE)
    os.fchmod(descriptor, FILE_MODE)  # a file that existed keeps its old mode otherwise
    return descriptor


def open_private(path: Path, mode: str = "w", **kwargs: Any) -> IO[Any]:
    """``open(path, mode)`` for writing, the file ``0600`` and its missing folders ``0700``."""
    private_folder(path.parent)
    return open(path, mode, opener=_private_opener, **kwargs)


def write_private(path: Path, data: bytes | str, encoding: str = "utf-8") -> Path:
    """Write a whole file, readable by its owner only."""
    if isinstance(data, str):
        with open_private(path, "w", encoding=encoding) as text:
            text.write(data)
    else:
        with open_private(path, "wb") as binary:
            binary.write(data)
    return path


def make_private(path: Path) -> None:
    """Create ``path`` empty with mode ``0600`` if it does not exist, or narrow it to ``0600`` if it does (an
    SQLite database: SQLite gives its journal files the database file's mode)."""
    private_folder(path.parent)
    descriptor = os.open(path, os.O_WRONLY | os.O_CREAT, FILE_MODE)
    try:
        os.fchmod(descriptor, FILE_MODE)
    finally:
        os.close(descriptor)
