"""Running ``kuska`` subcommands in a child process, as a user would."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path


def kuska_bench(tmp_path: Path, *args: str) -> subprocess.CompletedProcess[str]:
    """``kuska bench ARGS`` with its scratch files under ``tmp_path``. ``DATABASE_URL`` is passed on: on
    PostgreSQL the benchmark's throwaway database is made on that server."""
    env = dict(os.environ, TMPDIR=str(tmp_path), KUSKA_VAR_DIR=str(tmp_path / "var"))
    return subprocess.run(
        [sys.executable, "-m", "kuska.cli", "bench", *args],
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )


def kuska(*args: str, var: Path, timeout: float = 180) -> subprocess.CompletedProcess[str]:
    """``kuska ARGS`` in a child process on the SQLite database of ``var`` (``DATABASE_URL`` is not passed on)."""
    env = {k: v for k, v in os.environ.items() if k != "DATABASE_URL"}
    env["KUSKA_VAR_DIR"] = str(var)
    # the output these tests read is Spanish, whatever the machine's locale, unless a test says otherwise
    env.setdefault("KUSKA_LANGUAGE", "es")
    return subprocess.run(
        [sys.executable, "-m", "kuska.cli", *args],
        env=env,
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
    )


@dataclass(frozen=True)
class Initialised:
    """What ``kuska init`` printed in a new folder, and the folder (``KUSKA_VAR_DIR``: the SQLite database, migrated
    with the country profile loaded, and its local keys)."""

    result: subprocess.CompletedProcess[str]
    var: Path

    def copy(self, to: Path) -> Path:
        """A copy of the folder at ``to``, for a test to change or run processes on: the original is only read."""
        shutil.copytree(self.var, to)
        return to


def initialise(var: Path) -> Initialised:
    """``kuska init`` in the new folder ``var``."""
    return Initialised(kuska("init", var=var), var)
