"""A small world for the care tests: a case worker of the residential centres (MIMP-CAR), a case worker of the
police unit of Loreto (PNP-LOR), an analyst, victims recorded by those agencies, and facilities.

Victims carry names so that a test can check none of them leaks into an alert, an e-mail or an event.
"""

from __future__ import annotations

import datetime
from itertools import count

from django.utils import timezone

from kuska.accounts.models import User
from kuska.care import cases
from kuska.care.models import Case
from kuska.registry.models import Agency, Facility, PersonRecord, Placement, Region, SubmissionBatch
from tests.personas import member

SHELTER_AGENCY = "MIMP-CAR"
POLICE = "PNP-LOR"
LORETO = "PE-LOR"
SOURCE = "test"
GIVEN_NAMES = "Wayra Antonella"
SURNAME = "Huamán"

_ids = count(1)


def worker(agency: str = SHELTER_AGENCY, email: str = "gestora@mimp.example") -> User:
    return member(email, agency, "case_worker")


def analyst() -> User:
    return member("analista@mininter.example", "MININTER", "analyst")


def batch(agency: str) -> SubmissionBatch:
    return SubmissionBatch.objects.create(agency=Agency.objects.get(code=agency))


def victim(agency: str = SHELTER_AGENCY, **fields: object) -> PersonRecord:
    """A victim's record at the agency: a Peruvian girl of 15 identified in Loreto, unless told otherwise."""
    values: dict[str, object] = {
        "role": "victim",
        "given_names": GIVEN_NAMES,
        "paternal_surname": SURNAME,
        "maternal_surname": "Ccori",
        "sex": "female",
        "age_at_event": 15,
        "nationality": "PE",
        "identification_region": Region.objects.get(code=LORETO),
    }
    values.update(fields)
    made = batch(agency)
    return PersonRecord.objects.create(
        agency=made.agency, batch=made, source_record_id=f"V-{next(_ids)}", **values
    )


def facility(agency: str = SHELTER_AGENCY, **fields: object) -> Facility:
    """A specialized shelter in Loreto for girls of 12 to 17, 10 places, unless told otherwise."""
    values: dict[str, object] = {
        "name": "Casa refugio",
        "facility_type": "specialized_shelter",
        "region": Region.objects.get(code=LORETO),
        "capacity": 10,
        "admits_sex": "female",
        "admits_min_age": 12,
        "admits_max_age": 17,
        "admits_transgender": False,
        "open_24_hours": True,
    }
    values.update(fields)
    made = batch(agency)
    return Facility.objects.create(
        agency=made.agency, batch=made, source_record_id=f"F-{next(_ids)}", **values
    )


def placement(
    person: PersonRecord, place: Facility, admitted_on: datetime.date, **fields: object
) -> Placement:
    """A placement sent in a file by the facility's agency."""
    made = batch(place.agency.code)
    return Placement.objects.create(
        agency=made.agency,
        batch=made,
        source_record_id=f"P-{next(_ids)}",
        victim=person,
        facility=place,
        admitted_on=admitted_on,
        **fields,
    )


def case_of(
    person: PersonRecord | None = None,
    by: User | None = None,
    *,
    identified_at: datetime.datetime | None = None,
    **fields: object,
) -> Case:
    """A case opened by the agency's case worker on the victim's record."""
    person = person or victim()
    by = by or worker(person.agency.code, f"gestora@{person.agency.code.lower()}.example")
    return cases.open_case(
        by,
        person,
        identified_at=identified_at or timezone.now() - datetime.timedelta(days=1),
        source=SOURCE,
        **fields,  # type: ignore[arg-type]
    )
