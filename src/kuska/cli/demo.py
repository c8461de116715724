"""``kuska demo``: a fresh demonstration database, loaded, summarised and served."""

from __future__ import annotations

import argparse
import os

from kuska.cli.output import console, sizes_table

HELP = "Build a fresh demonstration database (SQLite, var/demo.sqlite3), show what it holds, then serve it."

DEMO_DATABASE = "demo.sqlite3"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--no-serve", action="store_true", help="stop after building the database")
    parser.add_argument(
        "--host", default="127.0.0.1", help="address to listen on (default 127.0.0.1)"
    )
    parser.add_argument("--port", type=int, default=8000, help="port (default 8000)")


def prepare(args: argparse.Namespace) -> None:
    """Point the settings at a fresh demo database before Django starts: the demo never touches real data."""
    from kuska.config.env import var_dir

    folder = var_dir()
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / DEMO_DATABASE
    for suffix in ("", "-wal", "-shm"):
        path.with_name(path.name + suffix).unlink(missing_ok=True)
    os.environ["DATABASE_URL"] = f"sqlite:///{path}"


def run(args: argparse.Namespace) -> int:
    from kuska.cli.init import initialise
    from kuska.cli.serve import serve
    from kuska.registry.summary import record_sizes, reference_sizes

    status = initialise()
    if status:
        return status
    console.print(sizes_table("Datos de referencia / reference data", reference_sizes()))
    console.print(sizes_table("Registros / records", record_sizes()))
    if args.no_serve:
        return 0
    serve(args.host, args.port, threads=4)
    return 0
