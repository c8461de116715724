"""The enumerations the registry's rules depend on.

Their labels come from the country profile's code lists (a test checks the profile carries exactly these codes);
the database refuses any other value. :func:`code_labels` gives a code list's labels in a language: what a page
shows for a stored code, never the enumeration's own (English) name.
"""

from __future__ import annotations

from django.db import models

from kuska.i18n import localized


class Role(models.TextChoices):
    VICTIM = "victim"
    SUSPECT = "suspect"
    WITNESS = "witness"


class Sex(models.TextChoices):
    FEMALE = "female"
    MALE = "male"
    INTERSEX = "intersex"


class IdentificationMethod(models.TextChoices):
    OPERATION = "operation"
    COMPLAINT = "complaint"
    HOTLINE = "hotline"
    INSPECTION = "inspection"
    SELF_REFERRAL = "self_referral"
    AGENCY_REFERRAL = "agency_referral"
    SCREENING = "screening"


class ProceedingStage(models.TextChoices):
    COMPLAINT = "complaint"
    INVESTIGATION = "investigation"
    PROSECUTION = "prosecution"
    TRIAL = "trial"
    CONVICTION = "conviction"
    ACQUITTAL = "acquittal"
    DISMISSAL = "dismissal"
    APPEAL = "appeal"


class ReferralOutcome(models.TextChoices):
    PENDING = "pending"
    PROVIDED = "provided"
    DECLINED_BY_VICTIM = "declined_by_victim"
    REFUSED_BY_PROVIDER = "refused_by_provider"
    NOT_AVAILABLE = "not_available"


class FacilityType(models.TextChoices):
    SPECIALIZED_SHELTER = "specialized_shelter"
    RESIDENTIAL_CENTRE = "residential_centre"
    EMERGENCY_CENTRE = "emergency_centre"
    SHORT_STAY_SPACE = "short_stay_space"
    PRIVATE_SHELTER = "private_shelter"
    POLICE_STATION = "police_station"


class OffenceCategory(models.TextChoices):
    TRAFFICKING = "trafficking"
    EXPLOITATION = "exploitation"
    FACILITATING_CRIME = "facilitating_crime"


# code list name in the profile -> the enumeration it must match exactly
ENUMERATED_LISTS: dict[str, type[models.TextChoices]] = {
    "person_role": Role,
    "sex": Sex,
    "identification_method": IdentificationMethod,
    "proceeding_stage": ProceedingStage,
    "referral_outcome": ReferralOutcome,
    "facility_type": FacilityType,
    "offence_category": OffenceCategory,
}


def code_labels(list_name: str, language: str) -> dict[str, str]:
    """The labels of a code list's values in a language, by code, from the loaded country profile (the fallback
    of :func:`kuska.i18n.localized` where the profile has no label in that language).

    >>> # code_labels("sex", "es")["female"]  → 'Femenino'
    >>> # code_labels("sex", "en")["female"]  → 'Female'
    """
    from kuska.registry.models import CodeItem  # the models read this module's enumerations

    return {
        item.code: localized(item, "label", language)
        for item in CodeItem.objects.filter(list=list_name)
    }
