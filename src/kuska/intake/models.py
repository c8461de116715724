"""Intake's own tables: rows refused with their reasons, and the agencies' API tokens."""

from __future__ import annotations

import hashlib
import secrets

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from kuska.registry.fields import EncryptedTextField
from kuska.registry.models import Agency, SubmissionBatch


class RejectedRow(models.Model):
    """A submitted row that was not accepted, kept with the reasons so it can be listed, corrected and sent again.

    The row is kept as submitted but with the values of identity columns (names, birth dates, document numbers)
    and of columns Kuska does not read masked (:mod:`kuska.intake.privacy`), and encrypted at rest all the same.
    ``problems`` holds the reasons, with the cell's value except for those columns, whose value is left blank.
    """

    batch = models.ForeignKey(
        SubmissionBatch, on_delete=models.CASCADE, related_name="rejected_rows"
    )
    sheet = models.CharField(max_length=300)
    record_type = models.CharField(max_length=40, blank=True)
    row_number = models.PositiveIntegerField()
    raw = EncryptedTextField()
    problems = models.JSONField()

    class Meta:
        ordering = ["batch", "sheet", "row_number"]
        verbose_name = _("rejected row")
        verbose_name_plural = _("rejected rows")

    def __str__(self) -> str:
        return f"{self.sheet} row {self.row_number}"


def _digest(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


class AgencyToken(models.Model):
    """A secret with which an agency's system submits files through the API. Only its SHA-256 is stored."""

    agency = models.ForeignKey(Agency, on_delete=models.CASCADE, related_name="api_tokens")
    label = models.CharField(max_length=100, blank=True)
    digest = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(default=timezone.now)
    revoked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("API token")
        verbose_name_plural = _("API tokens")

    def __str__(self) -> str:
        return f"{self.agency_id} {self.label}"

    @classmethod
    def issue(cls, agency: Agency, label: str = "") -> tuple[AgencyToken, str]:
        """A new token for the agency; the clear token is returned once and never stored."""
        token = "ksk_" + secrets.token_urlsafe(32)
        return cls.objects.create(agency=agency, label=label, digest=_digest(token)), token

    @classmethod
    def agency_for(cls, token: str) -> Agency | None:
        """The agency a presented token belongs to, if the token is valid and not revoked."""
        found = (
            cls.objects.select_related("agency")
            .filter(digest=_digest(token), revoked_at__isnull=True)
            .first()
        )
        return found.agency if found else None
