"""Where Splink runs: DuckDB in this process, or Apache Spark (local mode here; a cluster in production).

Everything that differs between the two lives here: how the engine starts, how the records get into it, and how
it is shut down. The model (:mod:`kuska.linkage.model`) is the same on both.
"""

from __future__ import annotations

import shutil
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pyarrow as pa
from django.utils.translation import gettext as _

from kuska.linkage import BACKENDS

DUCKDB_MEMORY_LIMIT = "3GB"
SPARK_MASTER = "local[2]"


class BackendUnavailableError(RuntimeError):
    """The backend asked for cannot run here (pyspark or Java missing)."""


@dataclass
class Backend:
    """A Splink database API with the records registered in it, and what to clean up afterwards."""

    name: str
    db_api: Any
    dialect: str
    scratch: Path
    _session: Any = None
    _records: list[Any] = field(default_factory=list)

    def register(self, frame: pa.Table, name: str = "person_records") -> Any:
        """The records as a Splink table of this backend."""
        table = self.db_api.register(frame, table_name=name)
        self._records.append(table)
        return table

    def close(self) -> None:
        if self._session is not None:
            self._session.stop()
        shutil.rmtree(self.scratch, ignore_errors=True)


def open_backend(name: str, *, scratch_root: Path | None = None) -> Backend:
    """Start the backend ``name`` (``duckdb`` or ``spark``). Raises :class:`BackendUnavailableError`."""
    scratch = Path(tempfile.mkdtemp(prefix=f"kuska-link-{name}-", dir=scratch_root))
    if name == "duckdb":
        return _duckdb(scratch)
    if name == "spark":
        return _spark(scratch)
    raise ValueError(
        _("unknown backend {name}: one of {backends}").format(
            name=repr(name), backends=", ".join(BACKENDS)
        )
    )


def _duckdb(scratch: Path) -> Backend:
    import duckdb
    from splink import DuckDBAPI

    connection = duckdb.connect(":memory:")
    # a memory ceiling with spilling to disk keeps a large run inside the machine's memory
    connection.execute(f"SET memory_limit = '{DUCKDB_MEMORY_LIMIT}'")
    connection.execute(f"SET temp_directory = '{scratch / 'duckdb'}'")
    connection.execute("SET preserve_insertion_order = false")
    return Backend("duckdb", DuckDBAPI(connection), "duckdb", scratch)


def spark_available() -> str | None:
    """Why Spark cannot run here, or ``None`` if it can."""
    try:
        import pyspark  # noqa: F401
    except ImportError:
        return _("pyspark is not installed (pip install -e '.[spark]')")
    if shutil.which("java") is None:
        return _("no Java runtime on the PATH (Spark needs Java 17 or newer)")
    return None


def _spark(scratch: Path) -> Backend:
    reason = spark_available()
    if reason is not None:
        raise BackendUnavailableError(reason)
    from pyspark.sql import SparkSession
    from splink import SparkAPI
    from splink.backends.spark import similarity_jar_location

    session = (
        SparkSession.builder.master(SPARK_MASTER)
        .appName("kuska-link")
        .config("spark.jars", similarity_jar_location())
        .config("spark.ui.enabled", "false")
        .config("spark.ui.showConsoleProgress", "false")
        .config("spark.log.level", "ERROR")
        .config("spark.sql.shuffle.partitions", "8")
        .config("spark.default.parallelism", "8")
        .config("spark.driver.memory", "2g")
        .config("spark.sql.warehouse.dir", str(scratch / "warehouse"))
        .config("spark.local.dir", str(scratch / "local"))
        .getOrCreate()
    )
    session.sparkContext.setLogLevel("ERROR")
    # Splink breaks long query lineages with checkpoints: it needs a checkpoint directory
    session.sparkContext.setCheckpointDir(str(scratch / "checkpoints"))
    return Backend(
        "spark",
        SparkAPI(spark_session=session, num_partitions_on_repartition=8),  # type: ignore[no-untyped-call]
        "spark",
        scratch,
        _session=session,
    )
