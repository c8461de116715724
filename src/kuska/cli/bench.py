"""``kuska bench``: benchmarks, each on a fresh throwaway database that is removed afterwards.

Every benchmark is a subcommand registered in :data:`BENCHMARKS` (``import``, ``stats``, ``link`` and ``web``): a
:class:`Benchmark` with a one-line help, its options and a ``run`` that receives the parsed arguments once Django is
set up on the scratch database with the country profile loaded. The progress lines
speak the command's language; the measurement tables, read by whoever tunes Kuska, are in English.

The scratch database is a temporary SQLite file, or, when ``DATABASE_URL`` names a PostgreSQL server, a new
database ``kuska_bench_…`` on that server (dropped at the end; ``--keep`` keeps either).
"""

from __future__ import annotations

import argparse
import os
import secrets
import shutil
import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit, urlunsplit

from django.utils.translation import gettext as _
from django.utils.translation import pgettext_lazy
from rich.table import Table

from kuska.cli.output import console
from kuska.i18n import gettext_noop

NEEDS_DATABASE = False  # each benchmark makes its own database
HELP = gettext_noop("Run a benchmark on a fresh throwaway database: import, stats, link or web.")


@dataclass(frozen=True)
class Benchmark:
    """One ``kuska bench NAME`` subcommand."""

    help: str
    add_arguments: Callable[[argparse.ArgumentParser], None]
    run: Callable[[argparse.Namespace], int]


# -- kuska bench stats -------------------------------------------------------------------------------------------


def _stats_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--victims",
        type=int,
        default=100_000,
        help=gettext_noop("victim records to build (default 100000)"),
    )
    parser.add_argument(
        "--year", type=int, default=2020, help=gettext_noop("year computed (default 2020)")
    )
    parser.add_argument(
        "--period",
        choices=("calendar", "tip"),
        default="calendar",
        help=gettext_noop("period (default calendar)"),
    )
    parser.add_argument(
        "--years",
        default="2018-2020",
        metavar="FIRST-LAST",
        help=gettext_noop("years the records' dates spread over (default 2018-2020)"),
    )
    parser.add_argument(
        "--by",
        default="",
        metavar="DIM[,DIM...]",
        help=gettext_noop(
            "also break every indicator down by these dimensions (default: totals only)"
        ),
    )


def _stats_run(args: argparse.Namespace) -> int:
    from kuska.stats.bench import run

    by = [d.strip() for d in args.by.split(",") if d.strip()]
    first, _dash, last = args.years.partition("-")
    years = (int(first), int(last or first))
    console.print(
        _("Building {victims} victims ({database})…").format(
            victims=f"{args.victims:,}", database=_describe_database()
        )
    )
    report = run(args.victims, args.year, args.period, by, years)
    table = Table(title=f"kuska bench stats — {report.backend}, {args.victims:,} victims")
    table.add_column("")
    table.add_column("", justify="right")
    table.add_row(f"rows inserted (dated {args.years})", f"{sum(report.rows.values()):,}")
    table.add_row("build (s)", f"{report.build_seconds:.1f}")
    table.add_row(
        f"catalogue, {report.indicators} indicators, {args.period} {args.year}"
        + (f", by {','.join(by)}" if by else "")
        + " (s)",
        f"{report.stats_seconds:.2f}",
    )
    table.add_row("peak memory (MB, getrusage)", f"{report.peak_memory_mb:.0f}")
    for indicator, seconds in report.slowest:
        table.add_row(f"  {indicator} (s)", f"{seconds:.2f}")
    console.print(table)
    return 0


# -- kuska bench import ------------------------------------------------------------------------------------------


def _import_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--rows",
        type=int,
        default=100_000,
        help=gettext_noop("person records to submit (default 100000)"),
    )
    parser.add_argument(
        "--workers",
        type=int,
        default=None,
        help=gettext_noop(
            "worker processes that check rows while the main one writes (default: one per core, at most 4, "
            "none on a single core)"
        ),
    )


def _import_run(args: argparse.Namespace) -> int:
    from kuska.intake.bench import run_import_benchmark
    from kuska.intake.submit import default_workers

    console.print(
        _("Submitting {records} person records ({database})…").format(
            records=f"{args.rows:,}", database=_describe_database()
        )
    )
    with tempfile.TemporaryDirectory(prefix="kuska-bench-import-") as folder:
        workers = default_workers() if args.workers is None else args.workers
        report = run_import_benchmark(args.rows, Path(folder), workers=workers)
    table = Table(title=f"kuska bench import — {report.backend}, {args.rows:,} person records")
    table.add_column("")
    table.add_column("", justify="right")
    table.add_row("kuska import (s)", f"{report.import_seconds:.1f}")
    table.add_row("kuska import (rows/s)", f"{report.rows_per_second:,.0f}")
    table.add_row("plain executemany, same rows (s)", f"{report.plain_seconds:.1f}")
    table.add_row("plain executemany (rows/s)", f"{report.plain_rows_per_second:,.0f}")
    table.add_row("ratio (import / plain)", f"{report.ratio:.1f}")
    table.add_row("peak memory (MB, getrusage)", f"{report.peak_memory_mb:.0f}")
    table.add_row("worker processes", str(workers))
    table.add_row("CPU, writing process (s)", f"{report.import_cpu_seconds:.1f}")
    table.add_row("CPU, worker processes (s)", f"{report.workers_cpu_seconds:.1f}")
    console.print(table)
    return 0


# -- kuska bench link --------------------------------------------------------------------------------------------


def _link_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--records",
        type=int,
        default=100_000,
        help=gettext_noop("person records to link (default 100000)"),
    )
    parser.add_argument(
        "--backend",
        choices=("duckdb", "spark"),
        default="duckdb",
        help=gettext_noop("where Splink runs (default duckdb)"),
    )


def _link_run(args: argparse.Namespace) -> int:
    from kuska.linkage.bench import run_link_benchmark
    from kuska.linkage.pipeline import STEPS

    steps = {**STEPS, "insert": pgettext_lazy("a step of linkage", "insert the records")}

    console.print(
        _("Inserting {records} person records ({database})…").format(
            records=f"{args.records:,}", database=_describe_database()
        )
    )
    report = run_link_benchmark(
        args.records,
        backend=args.backend,
        progress=lambda step, message: console.print(f"  {steps[step]}: {message}", soft_wrap=True),
    )
    run = report.link.run
    table = Table(title=f"kuska bench link — {args.backend}, {args.records:,} person records")
    table.add_column("")
    table.add_column("", justify="right")
    table.add_row("insert, not timed below (s)", f"{report.insert_seconds:.1f}")
    for step, seconds in report.timings.items():
        table.add_row(f"  {step} (s)", f"{seconds:.1f}")
    table.add_row("kuska link: read, normalize, link, write back (s)", f"{report.link_seconds:.1f}")
    table.add_row("unique persons", f"{run.persons:,}")
    table.add_row("pairs linked / to review", f"{run.pairs_linked:,} / {run.pairs_in_review:,}")
    table.add_row("peak memory (MB, getrusage)", f"{report.peak_memory_mb:.0f}")
    console.print(table)
    return 0


# -- kuska bench web ---------------------------------------------------------------------------------------------


def _web_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--victims",
        type=int,
        default=100_000,
        help=gettext_noop("victim records to build (default 100000)"),
    )
    parser.add_argument(
        "--users",
        type=int,
        default=20,
        help=gettext_noop("users browsing at once, half visitors, half analysts (default 20)"),
    )
    parser.add_argument(
        "--seconds",
        type=float,
        default=60.0,
        help=gettext_noop("how long they browse (default 60)"),
    )
    parser.add_argument(
        "--threads", type=int, default=4, help=gettext_noop("the web server's threads (default 4)")
    )
    parser.add_argument(
        "--think",
        type=_think,
        default=(2.0, 8.0),
        metavar="MIN-MAX",
        help=gettext_noop(
            "seconds each user reads a page before the next, drawn at random between the two (default 2-8; "
            "0 asks again at once)"
        ),
    )
    parser.add_argument(
        "--seed",
        type=int,
        default=2021,
        help=gettext_noop("seed of the filters asked for (default 2021)"),
    )
    parser.add_argument(
        "--reuse",
        metavar="DATABASE_URL",
        default="",
        help=gettext_noop(
            "use and keep this database instead of a throwaway one: built on the first run (made on the "
            "PostgreSQL server if absent), reused as it is when it already holds N victims"
        ),
    )


def _think(text: str) -> tuple[float, float]:
    """``2-8`` → (2.0, 8.0); ``0`` → (0.0, 0.0)."""
    low, _dash, high = text.partition("-")
    try:
        pause = (float(low), float(high or low))
    except ValueError:
        raise argparse.ArgumentTypeError(_("expected seconds as MIN-MAX, such as 2-8")) from None
    if not 0 <= pause[0] <= pause[1]:
        raise argparse.ArgumentTypeError(_("expected seconds as MIN-MAX, such as 2-8"))
    return pause


def _web_run(args: argparse.Namespace) -> int:
    import subprocess
    import sys
    import urllib.request

    from kuska.stats.bench import build, link_victims, victims_held
    from kuska.web.load import PAGE, analyst_sessions, filters_of, run_load

    held = victims_held()
    if args.reuse and held:
        if held != args.victims:
            console.print(
                "[red]"
                + _(
                    "The database holds {held} victims, not {victims}: build it anew elsewhere."
                ).format(held=f"{held:,}", victims=f"{args.victims:,}")
                + "[/red]"
            )
            return 2
        console.print(
            _("Reusing {victims} victims ({database}).").format(
                victims=f"{held:,}", database=_describe_database()
            )
        )
    else:
        console.print(
            _("Building {victims} victims ({database})…").format(
                victims=f"{args.victims:,}", database=_describe_database()
            )
        )
        build(args.victims)
    # the persons of a linkage run, for the dashboard's unique victims and overlap between agencies
    if link_victims() and args.reuse:
        _analyze()  # planned as a database kept for many runs is, not as a bulk import leaves it
    analysts = args.users // 2
    sessions: list[str | None] = [*analyst_sessions(analysts), *[None] * (args.users - analysts)]
    from django.db import connections

    connections.close_all()
    port = _free_port()
    base = f"http://127.0.0.1:{port}"
    # the server as in production behind a proxy that ends TLS: the load says it came through HTTPS
    env = dict(os.environ, KUSKA_BEHIND_PROXY="true")
    command = [sys.executable, "-m", "kuska.cli", "serve", "--no-worker", "--port", str(port)]
    server = subprocess.Popen(  # noqa: S603  # this Python, running Kuska itself
        [*command, "--threads", str(args.threads)],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        page = _first_page(f"{base}{PAGE}", server, urllib.request)
        filters = filters_of(page)
        console.print(
            _("{users} users browse the dashboard for {seconds} s…").format(
                users=args.users, seconds=f"{args.seconds:g}"
            )
        )
        report = run_load(base, filters, sessions, args.seconds, args.seed, args.think)
    finally:
        server.terminate()
        server.wait(timeout=30)
    table = Table(
        title=(
            f"kuska bench web — {_describe_database()}, {args.victims:,} victims, {args.users} users, "
            f"{args.seconds:g} s"
        )
    )
    table.add_column("")
    table.add_column("", justify="right")
    table.add_row("filters varied", ", ".join(f"{k} ({len(v)})" for k, v in filters.items()))
    table.add_row("pause between pages (s)", "{:g}-{:g}".format(*args.think))
    table.add_row("requests", f"{report.requests:,}")
    table.add_row("errors", f"{len(report.errors):,}")
    table.add_row("median (ms)", f"{report.median_ms:.0f}")
    table.add_row("95th percentile (ms)", f"{report.p95_ms:.0f}")
    table.add_row("largest page (KB)", f"{report.largest_bytes / 1024:.0f}")
    console.print(table)
    for error in report.errors[:5]:
        console.print(f"  {error}", soft_wrap=True, markup=False)
    return 0 if not report.errors else 1


def _analyze() -> None:
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")


def _free_port() -> int:
    import socket

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _first_page(url: str, server: Any, request: Any) -> str:
    """The page once the server answers (it may take a while to start on a busy machine)."""
    import time

    deadline = time.monotonic() + 300
    while True:
        try:
            ask = request.Request(url, headers={"X-Forwarded-Proto": "https"})
            with request.urlopen(ask, timeout=300) as answer:
                return str(answer.read().decode())
        except OSError:
            if server.poll() is not None or time.monotonic() > deadline:
                raise
            time.sleep(0.5)


BENCHMARKS: dict[str, Benchmark] = {
    "import": Benchmark(
        help=gettext_noop(
            "Submit N person records with encrypted identities, against a plain executemany of the same rows "
            "(kuska bench import --rows N)."
        ),
        add_arguments=_import_arguments,
        run=_import_run,
    ),
    "stats": Benchmark(
        help=gettext_noop(
            "Time the whole indicator catalogue for one year over N victims (kuska bench stats --victims N)."
        ),
        add_arguments=_stats_arguments,
        run=_stats_run,
    ),
    "link": Benchmark(
        help=gettext_noop(
            "Insert N noisy person records, then time kuska link over them: read, normalize, link, write "
            "back (kuska bench link --records N)."
        ),
        add_arguments=_link_arguments,
        run=_link_run,
    ),
    "web": Benchmark(
        help=gettext_noop(
            "Build N victims, serve the pages, and time U users browsing the dashboard with changing filters "
            "(kuska bench web --victims N --users U)."
        ),
        add_arguments=_web_arguments,
        run=_web_run,
    ),
}


# -- the command -------------------------------------------------------------------------------------------------


def add_arguments(parser: argparse.ArgumentParser) -> None:
    sub = parser.add_subparsers(dest="benchmark", metavar="BENCHMARK")
    for name, benchmark in BENCHMARKS.items():
        command = sub.add_parser(name, help=benchmark.help, description=benchmark.help)
        command.add_argument(
            "--keep",
            action="store_true",
            help=gettext_noop("keep the throwaway database and print where it is"),
        )
        benchmark.add_arguments(command)


@dataclass
class _Scratch:
    url: str
    folder: Path | None = None  # SQLite
    server_url: str = ""  # PostgreSQL: where to drop the database from
    name: str = ""


_scratch: _Scratch | None = None


def prepare(args: argparse.Namespace) -> None:
    """Point the settings at a fresh scratch database before Django starts: a benchmark never touches real data."""
    global _scratch
    if not getattr(args, "benchmark", None):
        return
    url = os.environ.get("DATABASE_URL", "")
    if getattr(args, "reuse", ""):  # a database kept between runs: made if absent, never dropped
        url = args.reuse
        if url.startswith(("postgres://", "postgresql://")):
            _create_if_absent(url)
        os.environ["DATABASE_URL"] = url
        args.keep = True
        return
    if url.startswith(("postgres://", "postgresql://")):
        name = f"kuska_bench_{secrets.token_hex(4)}"
        _execute_autocommit(url, f'CREATE DATABASE "{name}"')
        parts = urlsplit(url)
        _scratch = _Scratch(
            url=urlunsplit(parts._replace(path=f"/{name}")), server_url=url, name=name
        )
    else:
        folder = Path(tempfile.mkdtemp(prefix="kuska-bench-"))
        _scratch = _Scratch(url=f"sqlite:///{folder / 'bench.sqlite3'}", folder=folder)
    os.environ["DATABASE_URL"] = _scratch.url


def _create_if_absent(url: str) -> None:
    import psycopg

    try:
        psycopg.connect(url).close()
    except psycopg.OperationalError:
        name = urlsplit(url).path.lstrip("/")
        _execute_autocommit(
            urlunsplit(urlsplit(url)._replace(path="/postgres")), f'CREATE DATABASE "{name}"'
        )


def _execute_autocommit(url: str, sql: str) -> None:
    """Run CREATE or DROP DATABASE from the URL's database, or the server's ``postgres`` one if that is absent."""
    import psycopg

    try:
        conn = psycopg.connect(url, autocommit=True)
    except psycopg.OperationalError:
        conn = psycopg.connect(
            urlunsplit(urlsplit(url)._replace(path="/postgres")), autocommit=True
        )
    with conn:
        conn.execute(sql.encode())


def _describe_database() -> str:
    from kuska.registry.summary import database_description

    return database_description()


def _cleanup(keep: bool) -> None:
    from django.db import connections

    connections.close_all()
    if _scratch is None:
        return
    if keep:
        console.print(_("Database kept: {url}").format(url=_scratch.url))
        return
    if _scratch.folder is not None:
        shutil.rmtree(_scratch.folder, ignore_errors=True)
    elif _scratch.name:
        _execute_autocommit(_scratch.server_url, f'DROP DATABASE IF EXISTS "{_scratch.name}"')


def run(args: argparse.Namespace) -> int:
    if not getattr(args, "benchmark", None):
        console.print(
            "[red]"
            + _("Name the benchmark:")
            + "[/red] "
            + " | ".join(f"kuska bench {name}" for name in BENCHMARKS),
            soft_wrap=True,  # one line, whatever the terminal's width
        )
        return 2
    from django.core.management import call_command

    from kuska.profiles import install, read_profile

    try:
        call_command("migrate", interactive=False, verbosity=0)
        from django.conf import settings

        install(read_profile(settings.KUSKA_PROFILE))
        return BENCHMARKS[args.benchmark].run(args)
    finally:
        _cleanup(args.keep)
