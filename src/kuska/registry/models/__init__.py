"""The registry's models: reference data, provenance, and the harmonized records."""

from kuska.registry.models.care import Facility, Placement, Referral, ServiceEpisode
from kuska.registry.models.cases import (
    CaseExploitation,
    CaseFile,
    CaseMeansOfControl,
    CaseParticipant,
    Identification,
    Operation,
    PersonRecord,
)
from kuska.registry.models.justice import ChargedOffence, Compensation, ProceedingEvent, Sentence
from kuska.registry.models.programmes import (
    AwarenessCampaign,
    BudgetAllocation,
    HotlineCall,
    HotlineCallIndicator,
    LabourInspection,
    Training,
)
from kuska.registry.models.provenance import Record, RecordVersion, SubmissionBatch
from kuska.registry.models.reference import Agency, CodeItem, LoadedProfile, Offence, Region
from kuska.registry.models.series import AggregateObservation

__all__ = [
    "Agency",
    "AggregateObservation",
    "AwarenessCampaign",
    "BudgetAllocation",
    "CaseExploitation",
    "CaseFile",
    "CaseMeansOfControl",
    "CaseParticipant",
    "ChargedOffence",
    "CodeItem",
    "Compensation",
    "Facility",
    "HotlineCall",
    "HotlineCallIndicator",
    "Identification",
    "LabourInspection",
    "LoadedProfile",
    "Offence",
    "Operation",
    "PersonRecord",
    "Placement",
    "ProceedingEvent",
    "Record",
    "RecordVersion",
    "Referral",
    "Region",
    "Sentence",
    "ServiceEpisode",
    "SubmissionBatch",
    "Training",
]
