"""Files sent over the network (the API's uploads, the submissions page's files), checked and submitted.

Both ways in share the same checks: the formats an agency may send, the largest submission
(``API_MAX_UPLOAD_BYTES``), and a name of its own for each file (the record type is read from it). The files are
written, under those names, into a private temporary folder of this process (``FILE_UPLOAD_TEMP_DIR/<process
id>``, ``0700``) only while the submission runs, and removed as soon as it is over, whatever its outcome.

>>> # report = submit_files([("persons.csv", b"record_id,role\\n...")], "POLICE", fmt="auto", dry_run=True)
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from django.conf import settings
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from kuska.files import open_private, private_folder
from kuska.intake.submit import SubmissionError, SubmissionReport, submit

# the formats an agency may send (MININTER's open data is imported by the commission, not sent); screening: the
# workbook paper screening forms are transcribed into (its reader is registered by kuska.screening)
FORMATS = ("auto", "csv", "xlsx", "json", "htcds", "screening")

DEFAULT_MAX_UPLOAD_BYTES = 100 * 1024 * 1024


class UploadError(SubmissionError):
    """Files that cannot be submitted as they were sent; ``code`` names the problem (``too_large``,
    ``no_file_name``, ``duplicate_file_name``, ``unknown_format``)."""

    def __init__(self, code: str, message: Any) -> None:
        super().__init__(message)
        self.code = code


def uploads_root() -> Path:
    """Where uploads are written while a submission runs: ``FILE_UPLOAD_TEMP_DIR`` (``var/uploads``)."""
    configured = getattr(settings, "FILE_UPLOAD_TEMP_DIR", None)
    return Path(configured) if configured else Path(tempfile.gettempdir()) / "kuska-uploads"


def process_folder() -> Path:
    """This process's own upload folder, made ``0700`` when missing."""
    return private_folder(uploads_root() / str(os.getpid()))


def max_upload_bytes() -> int:
    """The largest submission accepted, from the ``API_MAX_UPLOAD_BYTES`` setting (default 100 MB)."""
    return int(getattr(settings, "API_MAX_UPLOAD_BYTES", DEFAULT_MAX_UPLOAD_BYTES))


def too_large(limit: int) -> UploadError:
    megabytes = f"{limit / (1024 * 1024):g}"
    return UploadError(
        "too_large",
        format_lazy(
            _(
                "The submission is larger than the limit of {megabytes} MB: split the files into several "
                "submissions."
            ),
            megabytes=megabytes,
        ),
    )


def check_format(fmt: str) -> str:
    if fmt not in FORMATS:
        raise UploadError(
            "unknown_format",
            format_lazy(_("Unknown format: use one of {formats}."), formats=", ".join(FORMATS)),
        )
    return fmt


def checked_names(names: Sequence[str], total_size: int) -> list[str]:
    """The files' names without any folder, once the submission is within the size limit and each file has a
    name of its own; raises :class:`UploadError`."""
    if total_size > max_upload_bytes():
        raise too_large(max_upload_bytes())
    found: list[str] = []
    for given in names:
        name = Path(given or "").name
        if name in ("", ".", ".."):
            raise UploadError(
                "no_file_name",
                _(
                    "Each file must carry its name (e.g. persons.csv): the record type is read from it."
                ),
            )
        if name in found:
            raise UploadError(
                "duplicate_file_name",
                format_lazy(
                    _(
                        "Two files are named {name}: each file of a submission needs a name of its own."
                    ),
                    name=name,
                ),
            )
        found.append(name)
    return found


def submit_files(
    files: Sequence[tuple[str, bytes]], agency_code: str, **options: Any
) -> SubmissionReport:
    """Submit files given as (name, bytes) for the agency, with :func:`kuska.intake.submit.submit`'s
    ``options``; the files exist on disk only while it runs. Raises :class:`SubmissionError`."""
    names = checked_names([name for name, _content in files], sum(len(c) for _n, c in files))
    with tempfile.TemporaryDirectory(prefix="kuska-submission-", dir=process_folder()) as folder:
        paths = [Path(folder) / name for name in names]
        for (_name, content), path in zip(files, paths, strict=True):
            with open_private(path, "wb") as out:
                out.write(content)
        return submit(paths, agency_code, **options)
