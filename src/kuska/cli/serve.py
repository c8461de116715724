"""``kuska serve``: the web application."""

from __future__ import annotations

import argparse

from django.utils.translation import gettext as _

from kuska.cli.output import console
from kuska.i18n import gettext_noop

HELP = gettext_noop(
    "Serve the web application (default http://127.0.0.1:8000), with a worker for its background jobs."
)


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--host", default="127.0.0.1", help=gettext_noop("address to listen on (default 127.0.0.1)")
    )
    parser.add_argument("--port", type=int, default=8000, help=gettext_noop("port (default 8000)"))
    parser.add_argument(
        "--threads", type=int, default=4, help=gettext_noop("worker threads (default 4)")
    )
    parser.add_argument(
        "--no-worker",
        action="store_true",
        help=gettext_noop(
            "run no background worker beside the web server (run `kuska worker` elsewhere instead)"
        ),
    )


def serve(host: str, port: int, threads: int, worker: bool = True) -> None:
    """The dashboard's figures read into memory (:mod:`kuska.stats.snapshot`), then the web server, and, unless
    ``worker`` is false, a worker for the background jobs in a thread beside it (in the same process, so a job's
    progress in the local cache reaches the pages)."""
    import waitress
    from django.conf import settings
    from django.contrib.staticfiles.handlers import StaticFilesHandler

    from kuska.jobs.work import WorkerThread
    from kuska.reports.svg import text_width
    from kuska.stats import snapshot
    from kuska.wsgi import application

    # the dashboard counts its figures from a snapshot of the data in memory, read again when the data change
    console.print(_("Reading the figures of the dashboard…"))
    read = snapshot.keep_current()
    text_width("0", 1), text_width("0", 1, bold=True)  # the charts' font widths, read once
    console.print(
        _("The dashboard's figures are ready ({seconds} s).").format(seconds=f"{read.seconds:.1f}")
    )
    console.print(
        _("Kuska at {url}  (Ctrl+C to stop)").format(url=f"http://{host}:{port}/"),
        soft_wrap=True,
    )
    background = WorkerThread() if worker else None
    if background is not None:
        background.start()
    # behind a proxy that ends TLS (KUSKA_BEHIND_PROXY), waitress passes on its X-Forwarded-Proto when the proxy runs
    # on this machine; it removes the headers of any other sender
    proxy: dict[str, object] = (
        {"trusted_proxy": "127.0.0.1", "trusted_proxy_headers": {"x-forwarded-proto"}}
        if getattr(settings, "SECURE_PROXY_SSL_HEADER", None)
        else {}
    )
    try:
        # the web server itself refuses a body declared larger than the limit, before reading it
        waitress.serve(
            StaticFilesHandler(application),
            host=host,
            port=port,
            threads=threads,
            max_request_body_size=int(settings.API_MAX_UPLOAD_BYTES),
            **proxy,
        )
    finally:
        if background is not None:
            background.stop()


def run(args: argparse.Namespace) -> int:
    serve(args.host, args.port, args.threads, worker=not args.no_worker)
    return 0
