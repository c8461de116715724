"""The intake benchmark: person records with encrypted identities, against a plain ``executemany`` of the same
rows into the same database.

Run it with ``kuska bench import --rows N``; it needs a scratch database with the profile loaded.
"""

from __future__ import annotations

import csv
import random
import resource
import time
from dataclasses import dataclass
from pathlib import Path

from django.db import connection, transaction

from kuska.intake.submit import Progress, submit
from kuska.registry.agencies import AgencyTree

GIVEN = [
    "Rosa",
    "María Elena",
    "Luz",
    "Juana",
    "Carmen Rosa",
    "Yesenia",
    "Nayeli",
    "Milagros",
    "José Luis",
    "Wilmer",
]
SURNAMES = [
    "Quispe",
    "Mamani",
    "Huamán",
    "Flores",
    "Rojas",
    "Núñez",
    "Condori",
    "Chávez",
    "Ccahuana",
    "Ticona",
]
HEADER = [
    "record_id",
    "role",
    "given_names",
    "paternal_surname",
    "maternal_surname",
    "sex",
    "birth_date",
    "event_date",
    "nationality",
    "document_type",
    "document_number",
]
PLAIN_TABLE = "kuska_bench_plain"


@dataclass(frozen=True)
class ImportBenchmark:
    backend: str
    rows: int
    import_seconds: float
    plain_seconds: float
    peak_memory_mb: float
    # CPU time of the import in this process and in its worker processes (a database server's is not counted)
    import_cpu_seconds: float
    workers_cpu_seconds: float

    @property
    def rows_per_second(self) -> float:
        return self.rows / self.import_seconds

    @property
    def plain_rows_per_second(self) -> float:
        return self.rows / self.plain_seconds

    @property
    def ratio(self) -> float:
        """How many times slower than a plain executemany the import is."""
        return self.import_seconds / self.plain_seconds


def write_person_rows(path: Path, rows: int, seed: int = 7) -> None:
    """A CSV of ``rows`` victim records with names, birth dates and DNI numbers, written as it is generated."""
    pick = random.Random(seed)
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(HEADER)
        for i in range(rows):
            writer.writerow(
                [
                    f"B-{i:07d}",
                    "victim",
                    pick.choice(GIVEN),
                    pick.choice(SURNAMES),
                    pick.choice(SURNAMES),
                    pick.choice(("female", "female", "female", "male")),
                    f"{pick.randint(1, 28):02d}/{pick.randint(1, 12):02d}/{pick.randint(1965, 2012)}",
                    f"{pick.randint(1, 28):02d}/{pick.randint(1, 12):02d}/2020",
                    pick.choice(("PE", "PE", "PE", "VE")),
                    "dni",
                    f"{pick.randint(1, 99_999_999):08d}",
                ]
            )


def plain_executemany(path: Path, chunk: int = 2000) -> float:
    """Seconds to insert the CSV's rows, as they are, into a bare table with a unique index, in one transaction."""
    quote = connection.ops.quote_name
    columns = ", ".join(f"{quote('c' + str(i))} VARCHAR(300)" for i in range(1, len(HEADER)))
    with connection.cursor() as cursor:
        cursor.execute(f"DROP TABLE IF EXISTS {quote(PLAIN_TABLE)}")
        cursor.execute(
            f"CREATE TABLE {quote(PLAIN_TABLE)} ({quote('c0')} VARCHAR(100) NOT NULL, {columns})"
        )
        cursor.execute(
            f"CREATE UNIQUE INDEX {quote(PLAIN_TABLE + '_c0')} ON {quote(PLAIN_TABLE)} ({quote('c0')})"
        )
    marks = ", ".join(["%s"] * len(HEADER))
    sql = f"INSERT INTO {quote(PLAIN_TABLE)} VALUES ({marks})"  # noqa: S608 - fixed names
    start = time.perf_counter()
    with (
        transaction.atomic(),
        connection.cursor() as cursor,
        path.open(encoding="utf-8", newline="") as handle,
    ):
        reader = csv.reader(handle)
        next(reader)
        batch: list[list[str]] = []
        for row in reader:
            batch.append(row)
            if len(batch) >= chunk:
                cursor.executemany(sql, batch)
                batch = []
        if batch:
            cursor.executemany(sql, batch)
    seconds = time.perf_counter() - start
    with connection.cursor() as cursor:
        cursor.execute(f"DROP TABLE {quote(PLAIN_TABLE)}")
    return seconds


def run_import_benchmark(
    rows: int, folder: Path, progress: Progress | None = None, workers: int = 1
) -> ImportBenchmark:
    """Generate ``rows`` person records, submit them as the profile's first agency, then time the plain insert of
    the same rows."""
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / "personas.csv"
    write_person_rows(path, rows)
    agency = AgencyTree.load().roots()[0].code
    start, cpu, workers_cpu = (
        time.perf_counter(),
        _cpu(resource.RUSAGE_SELF),
        _cpu(resource.RUSAGE_CHILDREN),
    )
    report = submit([path], agency, progress=progress, workers=workers)
    import_seconds = time.perf_counter() - start
    cpu, workers_cpu = (
        _cpu(resource.RUSAGE_SELF) - cpu,
        _cpu(resource.RUSAGE_CHILDREN) - workers_cpu,
    )
    if report.total("created") != rows:
        raise RuntimeError(
            f"the benchmark file should load whole: {report.total('created')} of {rows} created"
        )
    plain_seconds = plain_executemany(path)
    path.unlink()
    # the larger of this process and its worker (reaped once the submission ended)
    peak_kb = max(
        resource.getrusage(resource.RUSAGE_SELF).ru_maxrss,
        resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss,
    )
    return ImportBenchmark(
        connection.vendor, rows, import_seconds, plain_seconds, peak_kb / 1024, cpu, workers_cpu
    )


def _cpu(who: int) -> float:
    usage = resource.getrusage(who)
    return usage.ru_utime + usage.ru_stime
