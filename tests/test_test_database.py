"""The test database every test starts from: migrated, with the Peru profile installed, and nothing else."""

from __future__ import annotations

import pytest

from kuska.registry.models import (
    Agency,
    CodeItem,
    LoadedProfile,
    Offence,
    PersonRecord,
    Region,
    SubmissionBatch,
)

# in order, in one process: a test here checks what the one before it left (under pytest-xdist, one worker)
pytestmark = pytest.mark.xdist_group("test-database")


def profile_rows() -> tuple[int, int, int, int, int]:
    return (
        LoadedProfile.objects.count(),
        Region.objects.count(),
        Agency.objects.count(),
        Offence.objects.count(),
        CodeItem.objects.count(),
    )


def test_a_database_test_starts_with_the_profile_and_no_records(db: None) -> None:
    loaded, regions, agencies, offences, codes = profile_rows()
    assert (loaded, regions) == (1, 26)
    assert min(agencies, offences, codes) > 0
    assert not PersonRecord.objects.exists()
    assert not SubmissionBatch.objects.exists()


def test_an_empty_registry_has_no_profile(empty_registry: None) -> None:
    assert profile_rows() == (0, 0, 0, 0, 0)


def test_the_profile_is_back_after_a_test_that_emptied_the_registry(peru: None) -> None:
    assert LoadedProfile.objects.get().code == "peru"
    assert Region.objects.count() == 26


@pytest.mark.parametrize("turn", ["first", "second"])
@pytest.mark.django_db(transaction=True)
def test_a_transactional_test_starts_with_the_profile_and_no_records(turn: str) -> None:
    """Twice: the second run shows that what the first committed is gone and the profile was put back."""
    loaded, regions, *_ = profile_rows()
    assert (loaded, regions) == (1, 26)
    assert not PersonRecord.objects.exists()
    batch = SubmissionBatch.objects.create(agency=Agency.objects.get(code="PNP"))
    PersonRecord.objects.create(
        agency=batch.agency, batch=batch, source_record_id=f"P-{turn}", role="victim"
    )
