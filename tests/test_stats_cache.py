"""Figures remembered until the data changes: the same question is answered from the cache, and a new batch, a
new linkage run or the profile installed again makes the next answer a new computation."""

from __future__ import annotations

import pytest
from django.core.cache import cache
from django.utils import timezone

from kuska.linkage.models import LinkageRun
from kuska.registry.models import Agency, LoadedProfile, SubmissionBatch
from kuska.stats.cache import data_version, remembered

pytestmark = pytest.mark.usefixtures("peru")


@pytest.fixture(autouse=True)
def empty_cache() -> None:
    cache.clear()


class Counter:
    def __init__(self) -> None:
        self.calls = 0

    def __call__(self) -> dict[str, int]:
        self.calls += 1
        return {"victims": 10 + self.calls}


def test_the_same_question_is_computed_once_and_another_question_apart() -> None:
    count = Counter()
    first = remembered("catalogue", (2020, "calendar", False), count)
    assert remembered("catalogue", (2020, "calendar", False), count) == first
    assert count.calls == 1
    remembered("catalogue", (2020, "calendar", True), count)  # the published figures: kept apart
    remembered("catalogue", (2019, "calendar", False), count)
    assert count.calls == 3


def test_a_new_batch_changes_the_data_version_and_the_answer_is_computed_again() -> None:
    count = Counter()
    before = data_version()
    remembered("catalogue", (2020,), count)
    SubmissionBatch.objects.create(agency=Agency.objects.get(code="PNP"), file_name="x.csv")
    assert data_version() != before
    assert remembered("catalogue", (2020,), count) == {"victims": 12}


def test_a_batch_whose_counts_change_when_its_import_commits_changes_the_version() -> None:
    batch = SubmissionBatch.objects.create(agency=Agency.objects.get(code="PNP"))
    before = data_version()
    SubmissionBatch.objects.filter(pk=batch.pk).update(rows_read=3, rows_accepted=3)
    assert data_version() != before


def test_a_linkage_run_and_the_profile_installed_again_change_the_version() -> None:
    before = data_version()
    run = LinkageRun.objects.create(
        backend="duckdb", threshold=0.95, review_from=0.5, seed=1, trained=True, model={}
    )
    after_run = data_version()
    assert after_run != before
    LinkageRun.objects.filter(pk=run.pk).update(finished_at=timezone.now())
    finished = data_version()
    assert finished != after_run
    LoadedProfile.objects.update(loaded_at=timezone.now())
    assert data_version() != finished


def test_the_version_is_the_same_while_nothing_changes() -> None:
    assert data_version() == data_version()
