"""Intake's own table: rows refused with their reasons (API tokens belong to users: kuska.accounts)."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from kuska.registry.fields import EncryptedTextField
from kuska.registry.models import SubmissionBatch


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
