"""Database constraints that several models share."""

from __future__ import annotations

from django.db import models
from django.db.models import F, Q


def not_before(
    later: str, earlier: str, name: str, *, earlier_optional: bool = True
) -> models.CheckConstraint:
    """``later`` is empty or not below ``earlier`` (dates, ages, penalties): a closing date before the opening,
    an end before the start, a maximum below the minimum are refused by the database itself.

    >>> not_before("closed_on", "opened_on", "case_closed_after_opened").name
    'case_closed_after_opened'
    """
    condition = Q(**{f"{later}__isnull": True})
    if earlier_optional:
        condition |= Q(**{f"{earlier}__isnull": True})
    condition |= Q(**{f"{later}__gte": F(earlier)})
    return models.CheckConstraint(condition=condition, name=name)
