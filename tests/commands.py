"""Running ``kuska`` subcommands in a child process, as a user would."""

from __future__ import annotations

import os
import subprocess
import sys
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
