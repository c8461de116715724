"""``kuska demo --no-serve``, built once per pytest run for the tests that read it (the session's ``demo``).

The demo is the slowest thing the suite runs (synthetic data of three years imported, linked and reported), so it
is built once, over the database of an "earlier run" (a SQLite file with a table of its own), which shows the demo
builds afresh whatever it finds. Tests only read the result: one that needs to change or serve it copies the folder.
"""

from __future__ import annotations

import sqlite3
import subprocess
from contextlib import closing
from dataclasses import dataclass
from pathlib import Path

from tests.commands import kuska

EARLIER_RUNS_TABLE = "left_by_an_earlier_run"


@dataclass(frozen=True)
class Demo:
    """What ``kuska demo --no-serve`` printed and the folder (``KUSKA_VAR_DIR``) it built in."""

    result: subprocess.CompletedProcess[str]
    var: Path


def build_demo(var: Path) -> Demo:
    """The demo built in ``var``, over a database an earlier run left there."""
    var.mkdir(mode=0o700, parents=True, exist_ok=True)
    with closing(sqlite3.connect(var / "demo.sqlite3")) as earlier:
        earlier.execute(f"CREATE TABLE {EARLIER_RUNS_TABLE} (id INTEGER PRIMARY KEY)")
        earlier.commit()
    return Demo(kuska("demo", "--no-serve", var=var, timeout=900), var)
