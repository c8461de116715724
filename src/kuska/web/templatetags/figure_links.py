"""``{% figure_records_url ref %}``: the address of the records behind a figure of the figures page."""

from __future__ import annotations

from typing import Any

from django import template

from kuska.reports.model import FigureRef
from kuska.web.trace import records_url

register = template.Library()


@register.simple_tag(takes_context=True)
def figure_records_url(context: template.Context, ref: FigureRef) -> str:
    """The records behind ``ref``, in the period of the page (``period``) and within its filters (``where``: each
    filtered dimension's code)."""
    period: Any = context.get("period")
    filters: Any = context.get("where") or {}
    return records_url(ref, period.kind.value if period is not None else "calendar", filters)
