"""Shared fixtures: the loaded Peru profile and the people who use Kuska."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from kuska.profiles import install, read_profile
from kuska.registry.models import Agency, PersonRecord, SubmissionBatch


@pytest.fixture
def peru(db: None) -> None:
    """The registry with the Peru country profile loaded."""
    install(read_profile("peru"))


@pytest.fixture
def batch_for(peru: None) -> Callable[[str], SubmissionBatch]:
    """A submission batch of the agency with the given code."""

    def make(agency_code: str) -> SubmissionBatch:
        return SubmissionBatch.objects.create(agency=Agency.objects.get(code=agency_code))

    return make


@pytest.fixture
def victim_for(batch_for: Callable[[str], SubmissionBatch]) -> Callable[..., PersonRecord]:
    """A victim record submitted by an agency, with identity fields set."""

    def make(agency_code: str, source_record_id: str, **fields: object) -> PersonRecord:
        batch = batch_for(agency_code)
        values: dict[str, object] = {
            "role": "victim",
            "given_names": "Rosa Elena",
            "paternal_surname": "Quispe",
            "maternal_surname": "Mamani",
            "sex": "female",
            "nationality": "PE",
        }
        values.update(fields)
        return PersonRecord.objects.create(
            agency=batch.agency, batch=batch, source_record_id=source_record_id, **values
        )

    return make
