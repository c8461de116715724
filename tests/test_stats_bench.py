"""The benchmarks' database: a linkage run over its victims, for the dashboard's figures of persons."""

from __future__ import annotations

import pytest
from django.db.models import F

from kuska.linkage.models import ClusterAssignment, LinkageRun
from kuska.registry.models import Identification, PersonRecord
from kuska.stats.bench import build, link_victims
from kuska.stats.engine import StatsContext, compute
from kuska.stats.periods import Period

pytestmark = pytest.mark.django_db


def test_the_victims_are_linked_once_each_dated_and_a_tenth_of_them_across_two_agencies() -> None:
    build(200, years=(2019, 2020))
    assert link_victims() == 200
    assert link_victims() == 0  # a completed run is there already
    run = LinkageRun.latest()
    assert run is not None
    assert (run.records, run.persons) == (200, 180)
    dated = 0
    for victim in PersonRecord.objects.filter(role="victim").order_by("pk"):
        identified = [i.identified_on for i in Identification.objects.filter(victim=victim)]
        assert victim.event_date == (min(identified) if identified else None)
        dated += bool(identified)
    assert dated > 100
    assert ClusterAssignment.objects.exclude(person_id=F("record_id")).count() == 20
    context = StatsContext.load()
    overlap = compute(context.catalogue["agency_overlap"], Period.calendar(2020), context=context)
    unique = compute(context.catalogue["unique_victims"], Period.calendar(2020), context=context)
    assert isinstance(overlap.value, int)
    assert isinstance(unique.value, int)
    assert 0 < overlap.value < unique.value
