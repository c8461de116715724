"""HTCDS 2.0 (IOM's Human Trafficking Case Data Standard): its picklist values mapped to Kuska's codes.

HTCDS field names are accepted as headers by every reader (see the ``htcds`` names in
:mod:`kuska.intake.schema`); with ``--format htcds`` the values below are accepted as well. Values with no
counterpart here (``NonSpecifiedUnknown``, ``Surrogacy``…) are rejected and explained like any unknown value.
"""

from __future__ import annotations

from kuska.intake.context import Mapping

HTCDS_VALUES: dict[str, dict[str, str]] = {
    "gender_identity": {
        "Feminine": "woman",
        "Masculine": "man",
        "TransgenderFeminine": "transgender_woman",
        "TransgenderMasculine": "transgender_man",
        "NonConforming": "non_binary",
    },
    "exploitation_form": {
        "ForcedLabour": "labour",
        "SexualExploitation": "sexual",
        "ChildLabour": "labour",
        "ForcedMarriage": "forced_marriage",
        "Servitude": "slavery",
        "ForcedMilitaryByNonStateActors": "armed_recruitment",
        "OrganRemoval": "organ_removal",
        "ForcedBegging": "labour_begging",
        "ForcedAdoption": "illegal_adoption",
        "Other": "other",
    },
    "means_of_control": {
        "PhysicalThreats": "threats",
        "ThreatsLawEnforcement": "threats_law_enforcement",
        "ThreatensChildrenFamily": "threats_to_family",
        "DebtBondage": "debt_bondage",
        "FalsePromises": "false_promises",
        "PhysicalAbuse": "physical_violence",
        "SexualAbuse": "sexual_violence",
        "TakesEarnings": "takes_earnings",
        "RestrictsFinancialAccess": "restricts_financial_access",
        "RestrictsMedicalCare": "restricts_medical_care",
        "WithholdsNecessities": "withholds_necessities",
        "PsychologicalAbuse": "psychological_abuse",
        "PsychoactiveSubstance": "psychoactive_substances",
        "ExcessiveWorkingHours": "excessive_working_hours",
        "WithholdsDocuments": "withholds_documents",
        "Other": "other",
    },
}


def with_htcds_values(mapping: Mapping) -> Mapping:
    """The mapping with HTCDS picklist values added; the agency's own entries win."""
    values = {
        name: {**table, **mapping.values.get(name, {})} for name, table in HTCDS_VALUES.items()
    }
    values.update({k: v for k, v in mapping.values.items() if k not in values})
    return Mapping(
        columns=mapping.columns,
        values=values,
        date_formats=mapping.date_formats,
        record_type=mapping.record_type,
    )
