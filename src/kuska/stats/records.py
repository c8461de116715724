"""The record types the catalogue names, and where the engine finds their agency, person, region and case.

Each record type is one registry model; the paths are ORM lookups from that model. The region of a record is the
first recorded of ``regions``, then the region of the submitting agency (a regional unit is in its region).

>>> RECORD_TYPES["identification"].person
'victim'
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db import models

from kuska.registry.models import (
    AwarenessCampaign,
    BudgetAllocation,
    Compensation,
    Facility,
    Identification,
    LabourInspection,
    Operation,
    PersonRecord,
    Placement,
    ProceedingEvent,
    Referral,
    ServiceEpisode,
    Training,
)


@dataclass(frozen=True)
class RecordType:
    """How to read one kind of record: its model and the ORM paths the engine needs."""

    name: str
    model: type[models.Model]
    agency: str = "agency"  # the submitting agency (sources, the agency breakdown)
    person: str = ""  # the person a distinct count and the person breakdowns look at
    role: str = ""  # victim or suspect
    regions: tuple[str, ...] = ()  # Region foreign keys, in order of preference
    case: str = ""  # the case file, for the form of exploitation


RECORD_TYPES: dict[str, RecordType] = {
    r.name: r
    for r in (
        RecordType("operation", Operation, regions=("region",)),
        RecordType(
            "identification",
            Identification,
            person="victim",
            role="victim",
            regions=("region", "case_file__region"),
            case="case_file",
        ),
        RecordType(
            "proceeding",
            ProceedingEvent,
            person="suspect",
            role="suspect",
            regions=("case_file__region",),
            case="case_file",
        ),
        RecordType(
            "compensation",
            Compensation,
            agency="event__agency",
            person="victim",
            role="victim",
            regions=("event__case_file__region",),
            case="event__case_file",
        ),
        RecordType(
            "referral",
            Referral,
            person="victim",
            role="victim",
            regions=("to_facility__region",),
        ),
        RecordType(
            "service",
            ServiceEpisode,
            person="victim",
            role="victim",
            regions=("facility__region",),
        ),
        RecordType(
            "placement",
            Placement,
            person="victim",
            role="victim",
            regions=("facility__region",),
        ),
        RecordType("facility", Facility, regions=("region",)),
        RecordType("budget", BudgetAllocation),
        RecordType("training", Training),
        RecordType("campaign", AwarenessCampaign),
        RecordType("inspection", LabourInspection, regions=("region",)),
        RecordType("person", PersonRecord),
    )
}
