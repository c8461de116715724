"""Aggregate series: counts an agency published without records behind them, kept apart from record-level data
and never added to it."""

from __future__ import annotations

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from kuska.registry.models.provenance import Record
from kuska.registry.models.reference import Region


class AggregateObservation(Record):
    """One published count: a series (e.g. ``mininter``), a month, a place and a category.

    ``is_total`` marks the series' own total and sub-total rows, kept but never summed with detail rows. An empty
    ``value`` is a count the source left blank (not reported), not zero.
    """

    series = models.CharField(max_length=40)
    year = models.PositiveSmallIntegerField()
    month = models.PositiveSmallIntegerField(null=True, blank=True)
    region = models.ForeignKey(Region, null=True, blank=True, on_delete=models.PROTECT)
    place = models.CharField(max_length=1000, blank=True)
    category = models.CharField(max_length=200)
    subcategory = models.CharField(max_length=60)
    is_total = models.BooleanField(default=False)
    value = models.IntegerField(null=True, blank=True)

    class Meta(Record.Meta):
        verbose_name = _("aggregate observation")
        verbose_name_plural = _("aggregate observations")
        indexes = [models.Index(fields=["series", "year"], name="aggregate_series_year")]
        constraints = [
            *Record.Meta.constraints,
            models.CheckConstraint(
                condition=Q(month__isnull=True) | Q(month__gte=1, month__lte=12),
                name="aggregate_month_valid",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.series} {self.year}-{self.month} {self.subcategory}"
