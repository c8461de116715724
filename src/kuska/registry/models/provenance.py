"""Provenance: who sent each record, in which submission, when, and which version it is."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from kuska.registry.models.reference import Agency


class SubmissionBatch(models.Model):
    """One submission by an agency: a file, an API call or a web form.

    ``submitted_by`` is the user who sent it (the API's token holder, the web form's user); a file imported from
    the command line has none. A record's creator is its batch's ``submitted_by``: what a frontline screener
    sees of what they created (``records.view_created``).
    """

    class Channel(models.TextChoices):
        FILE = "file"
        API = "api"
        WEB = "web"

    class Status(models.TextChoices):
        RECEIVED = "received", _("received")
        COMPLETED = "completed", _("completed")
        FAILED = "failed", _("failed")

    agency = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="batches")
    # by the settings' name, so the registry imports nothing from the accounts; users are disabled, never deleted
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("submitted by"),
    )
    channel = models.CharField(max_length=10, choices=Channel.choices, default=Channel.FILE)
    source_system = models.CharField(max_length=100, blank=True)
    file_name = models.CharField(max_length=255, blank=True)
    file_sha256 = models.CharField(max_length=64, blank=True)
    format = models.CharField(max_length=20, blank=True)
    received_at = models.DateTimeField(default=timezone.now)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.RECEIVED)
    rows_read = models.PositiveIntegerField(default=0)
    rows_accepted = models.PositiveIntegerField(default=0)
    rows_rejected = models.PositiveIntegerField(default=0)
    rows_unchanged = models.PositiveIntegerField(default=0)
    rows_updated = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["-received_at"]
        verbose_name = _("submission batch")
        verbose_name_plural = _("submission batches")
        constraints = [
            models.CheckConstraint(
                condition=Q(rows_read=models.F("rows_accepted") + models.F("rows_rejected")),
                name="batch_rows_add_up",
            ),
            models.CheckConstraint(
                condition=Q(
                    rows_accepted__gte=models.F("rows_unchanged") + models.F("rows_updated")
                ),
                name="batch_accepted_include_unchanged_and_updated",
            ),
        ]

    def __str__(self) -> str:
        return f"batch {self.pk} ({self.agency_id})"


class Record(models.Model):
    """What every harmonized record carries: agency, source record id, batch, time received and version.

    The source record id is the agency's own identifier of the row; it is unique per agency, so a corrected row
    sent again updates its record instead of duplicating it. ``fingerprint`` is a keyed hash of the submitted
    content, so a row sent again unchanged is recognized without decrypting anything.
    """

    # no index of its own: the unique (agency, source record id) index serves lookups by agency
    agency = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="+", db_index=False)
    source_record_id = models.CharField(max_length=100)
    batch = models.ForeignKey(SubmissionBatch, on_delete=models.PROTECT, related_name="+")
    received_at = models.DateTimeField(default=timezone.now)
    version = models.PositiveIntegerField(default=1)
    fingerprint = models.CharField(max_length=64, blank=True)

    class Meta:
        abstract = True
        constraints = [
            models.UniqueConstraint(
                fields=["agency", "source_record_id"], name="%(app_label)s_%(class)s_source_unique"
            ),
            models.CheckConstraint(
                condition=~Q(source_record_id=""), name="%(app_label)s_%(class)s_source_id_given"
            ),
            models.CheckConstraint(
                condition=Q(version__gte=1), name="%(app_label)s_%(class)s_version"
            ),
        ]


class RecordVersion(models.Model):
    """A previous version of a record, kept when a corrected row replaced it.

    ``data`` holds the stored column values as they were (identity fields still encrypted).
    """

    record_type = models.CharField(max_length=60)
    record_id = models.BigIntegerField()
    version = models.PositiveIntegerField()
    batch = models.ForeignKey(SubmissionBatch, on_delete=models.PROTECT, related_name="+")
    data = models.JSONField()
    replaced_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("previous version")
        verbose_name_plural = _("previous versions")
        constraints = [
            models.UniqueConstraint(
                fields=["record_type", "record_id", "version"], name="recordversion_unique"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.record_type} {self.record_id} v{self.version}"
