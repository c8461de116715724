"""The years that hold data: where a report's comparisons and trends begin."""

from __future__ import annotations

from django.db.models import Min


def available_years(year: int, look_back: int) -> list[int]:
    """The years from the earliest year any dated record falls in (at most ``look_back`` years before ``year``)
    to ``year``, ascending. A year without records in between stays: its figures are *not reported*.
    """
    from kuska.registry.models import (
        AwarenessCampaign,
        BudgetAllocation,
        Identification,
        Operation,
        ProceedingEvent,
        Referral,
        ServiceEpisode,
        Training,
    )

    earliest = year
    dated = (
        (Operation, "started_on"),
        (Identification, "identified_on"),
        (ProceedingEvent, "occurred_on"),
        (ServiceEpisode, "started_on"),
        (Referral, "requested_on"),
        (Training, "started_on"),
        (AwarenessCampaign, "started_on"),
    )
    for model, field in dated:
        first = model._default_manager.filter(
            **{f"{field}__year__gte": year - look_back}
        ).aggregate(first=Min(field))["first"]
        if first is not None:
            earliest = min(earliest, first.year)
    budget = BudgetAllocation.objects.filter(year__gte=year - look_back).aggregate(
        first=Min("year")
    )
    if budget["first"] is not None:
        earliest = min(earliest, budget["first"])
    return list(range(earliest, year + 1))
