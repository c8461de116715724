"""Files received through the API, handed to :func:`kuska.intake.submit.submit` as files on disk.

The uploads are written, under their original names (the record type is read from the file name), into a
private temporary folder that is removed as soon as the submission is over, whatever its outcome. A process killed
mid-upload cannot remove anything: so every upload, Django's own temporary copy of a large file included, is
written in a folder of the process's own (``FILE_UPLOAD_TEMP_DIR/<process id>``, ``0700``), and the next start of
the API removes the folders of processes that no longer run (:func:`remove_stale_uploads`).

>>> # report = submit_uploads(request.FILES.getlist("file"), agency, fmt="auto", record_type=None, dry_run=False,
>>> #                         submitted_by=user)
"""

from __future__ import annotations

import logging
import os
import shutil
import tempfile
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from django.contrib.auth.base_user import AbstractBaseUser
from django.core.files.uploadedfile import TemporaryUploadedFile, UploadedFile
from django.core.files.uploadhandler import FileUploadHandler, TemporaryFileUploadHandler
from django.db import transaction
from django.utils.translation import gettext_lazy as _
from rest_framework import status

from kuska.api.errors import ApiError
from kuska.intake.submit import Channel, SubmissionReport, submit
from kuska.intake.uploads import (
    FORMATS,
    UploadError,
    check_format,
    checked_names,
    max_upload_bytes,
    process_folder,
    too_large,
    uploads_root,
)
from kuska.registry.models import Agency

log = logging.getLogger(__name__)

# the checks and the folders are intake's (kuska.intake.uploads), shared with the submissions page
__all__ = [
    "FORMATS",
    "PrivateUploadHandler",
    "check_declared_size",
    "max_upload_bytes",
    "process_folder",
    "remove_stale_uploads",
    "submit_uploads",
    "uploads_root",
]


def _running(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # another user's process
        return True
    return True


def remove_stale_uploads() -> list[Path]:
    """Remove the upload folders of processes that no longer run (killed mid-upload); returns those removed."""
    root = uploads_root()
    if not root.is_dir():
        return []
    removed: list[Path] = []
    for folder in root.iterdir():
        if (
            folder.name.isdigit()
            and int(folder.name) != os.getpid()
            and not _running(int(folder.name))
        ):
            shutil.rmtree(folder, ignore_errors=True)
            removed.append(folder)
    if removed:
        log.info("removed the uploads of %d stopped process(es)", len(removed))
    return removed


class _PrivateTemporaryUploadedFile(TemporaryUploadedFile):
    """Django's temporary copy of a large upload, written in this process's own folder."""

    def __init__(
        self,
        name: str,
        content_type: str,
        size: int,
        charset: str | None,
        content_type_extra: dict[str, Any] | None = None,
    ) -> None:
        extension = os.path.splitext(name)[1]
        file = tempfile.NamedTemporaryFile(  # noqa: SIM115 - closed, and so removed, by Django
            suffix=".upload" + extension, dir=process_folder()
        )
        UploadedFile.__init__(self, file, name, content_type, size, charset, content_type_extra)


class PrivateUploadHandler(TemporaryFileUploadHandler):
    """Writes a large upload to this process's own folder (``FILE_UPLOAD_HANDLERS`` in the settings)."""

    def new_file(self, *args: Any, **kwargs: Any) -> None:
        FileUploadHandler.new_file(self, *args, **kwargs)
        self.file = _PrivateTemporaryUploadedFile(
            self.file_name or "", self.content_type or "", 0, self.charset, self.content_type_extra
        )


def _too_large(limit: int) -> ApiError:
    error = too_large(limit)
    return ApiError(error.code, error.message, status.HTTP_413_REQUEST_ENTITY_TOO_LARGE)


def check_declared_size(content_length: str | None) -> None:
    """Refuse a request whose declared size is over the limit, before a byte of it is read."""
    limit = max_upload_bytes()
    try:
        declared = int(content_length or 0)
    except ValueError:
        declared = 0
    if declared > limit:
        raise _too_large(limit)


def _file_names(uploads: Sequence[UploadedFile]) -> list[str]:
    if not uploads:
        raise ApiError(
            "no_file", _("No file: send one or more 'file' parts as multipart/form-data.")
        )
    try:
        return checked_names([u.name or "" for u in uploads], sum(u.size or 0 for u in uploads))
    except UploadError as exc:
        if exc.code == "too_large":
            raise _too_large(max_upload_bytes()) from None
        raise ApiError(exc.code, exc.message) from None


def submit_uploads(
    uploads: Sequence[UploadedFile],
    agency: Agency,
    *,
    fmt: str,
    record_type: str | None,
    dry_run: bool,
    submitted_by: AbstractBaseUser | None = None,
) -> SubmissionReport:
    """Submit the uploaded files for the agency, as sent by ``submitted_by`` (the token's user); raises
    :class:`ApiError` or ``SubmissionError``."""
    try:
        check_format(fmt)
    except UploadError as exc:
        raise ApiError(exc.code, exc.message) from None
    names = _file_names(uploads)
    with tempfile.TemporaryDirectory(prefix="kuska-api-", dir=process_folder()) as folder:
        paths = [Path(folder) / name for name in names]
        for upload, path in zip(uploads, paths, strict=True):
            with path.open("wb") as out:
                for chunk in upload.chunks():
                    out.write(chunk)
        with transaction.atomic():
            report = submit(
                paths,
                agency.code,
                fmt=fmt,
                record_type=record_type,
                dry_run=dry_run,
                submitted_by=submitted_by,
                channel=Channel.API,
            )
            batch_ids = [f.batch_id for f in report.files if f.batch_id is not None]
    log.info(
        "api submission by %s: %d files, batches %s%s",
        agency.code,
        len(paths),
        batch_ids or "-",
        " (dry run)" if dry_run else "",
    )
    return report
