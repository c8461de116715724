"""``kuska serve``: the web application."""

from __future__ import annotations

import argparse

from django.utils.translation import gettext as _

from kuska.cli.output import console
from kuska.i18n import gettext_noop

HELP = gettext_noop("Serve the web application (default http://127.0.0.1:8000).")


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--host", default="127.0.0.1", help=gettext_noop("address to listen on (default 127.0.0.1)")
    )
    parser.add_argument("--port", type=int, default=8000, help=gettext_noop("port (default 8000)"))
    parser.add_argument(
        "--threads", type=int, default=4, help=gettext_noop("worker threads (default 4)")
    )


def serve(host: str, port: int, threads: int) -> None:
    import waitress
    from django.contrib.staticfiles.handlers import StaticFilesHandler

    from kuska.wsgi import application

    console.print(
        _("Kuska at {url}  (Ctrl+C to stop)").format(url=f"http://{host}:{port}/"),
        soft_wrap=True,
    )
    from django.conf import settings

    # the web server itself refuses a body declared larger than the limit, before reading it
    waitress.serve(
        StaticFilesHandler(application),
        host=host,
        port=port,
        threads=threads,
        max_request_body_size=int(settings.API_MAX_UPLOAD_BYTES),
    )


def run(args: argparse.Namespace) -> int:
    serve(args.host, args.port, args.threads)
    return 0
