"""Care: facilities, referrals of victims to services, service episodes and placements."""

from __future__ import annotations

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from kuska.registry.codes import FacilityType, ReferralOutcome, Sex
from kuska.registry.models.cases import PersonRecord
from kuska.registry.models.constraints import not_before
from kuska.registry.models.provenance import Record
from kuska.registry.models.reference import Agency, Region


class Facility(Record):
    """A shelter, residential centre, emergency centre, short-stay space or police station; the submitting agency
    operates it. Who it admits is recorded so gaps (no shelter for men, transgender victims turned away) show."""

    name = models.CharField(max_length=200)
    facility_type = models.CharField(max_length=30, choices=FacilityType.choices)
    region = models.ForeignKey(Region, null=True, blank=True, on_delete=models.PROTECT)
    capacity = models.PositiveIntegerField(null=True, blank=True)
    admits_sex = models.CharField(max_length=10, choices=Sex.choices, blank=True)
    admits_min_age = models.PositiveSmallIntegerField(null=True, blank=True)
    admits_max_age = models.PositiveSmallIntegerField(null=True, blank=True)
    admits_transgender = models.BooleanField(null=True, blank=True)
    open_24_hours = models.BooleanField(null=True, blank=True)
    trafficking_specialized = models.BooleanField(default=False)

    class Meta(Record.Meta):
        verbose_name = _("facility")
        verbose_name_plural = _("facilities")
        constraints = [
            *Record.Meta.constraints,
            models.CheckConstraint(
                condition=Q(facility_type__in=FacilityType.values), name="facility_type_valid"
            ),
            models.CheckConstraint(
                condition=Q(admits_sex="") | Q(admits_sex__in=Sex.values),
                name="facility_admits_sex_valid",
            ),
            not_before("admits_max_age", "admits_min_age", "facility_age_range_ordered"),
        ]

    def __str__(self) -> str:
        return self.name


class Referral(Record):
    """A victim referred by the submitting agency to a service provider or facility, and what came of it."""

    victim = models.ForeignKey(PersonRecord, on_delete=models.PROTECT, related_name="referrals")
    to_agency = models.ForeignKey(
        Agency, null=True, blank=True, on_delete=models.PROTECT, related_name="referrals_received"
    )
    to_facility = models.ForeignKey(Facility, null=True, blank=True, on_delete=models.PROTECT)
    service_type = models.CharField(max_length=30)
    requested_on = models.DateField()
    decided_on = models.DateField(null=True, blank=True)
    outcome = models.CharField(
        max_length=20, choices=ReferralOutcome.choices, default=ReferralOutcome.PENDING
    )
    outcome_reason = models.CharField(max_length=300, blank=True)
    conditioned_on_statement = models.BooleanField(null=True, blank=True)

    class Meta(Record.Meta):
        verbose_name = _("referral")
        verbose_name_plural = _("referrals")
        constraints = [
            *Record.Meta.constraints,
            models.CheckConstraint(
                condition=Q(outcome__in=ReferralOutcome.values), name="referral_outcome_valid"
            ),
            not_before(
                "decided_on",
                "requested_on",
                "referral_decided_after_requested",
                earlier_optional=False,
            ),
        ]

    def __str__(self) -> str:
        return f"referral {self.agency_id}/{self.source_record_id}"


class ServiceEpisode(Record):
    """A service the submitting agency provided to a victim (legal, medical, psychosocial, shelter…)."""

    victim = models.ForeignKey(PersonRecord, on_delete=models.PROTECT, related_name="services")
    service_type = models.CharField(max_length=30)
    started_on = models.DateField()
    ended_on = models.DateField(null=True, blank=True)
    facility = models.ForeignKey(Facility, null=True, blank=True, on_delete=models.PROTECT)
    referral = models.ForeignKey(Referral, null=True, blank=True, on_delete=models.PROTECT)

    class Meta(Record.Meta):
        verbose_name = _("service episode")
        verbose_name_plural = _("service episodes")
        constraints = [
            *Record.Meta.constraints,
            not_before(
                "ended_on", "started_on", "service_ended_after_started", earlier_optional=False
            ),
        ]

    def __str__(self) -> str:
        return f"service {self.agency_id}/{self.source_record_id}"


class Placement(Record):
    """A victim's stay in a facility — police stations included, so children held there become visible."""

    victim = models.ForeignKey(PersonRecord, on_delete=models.PROTECT, related_name="placements")
    facility = models.ForeignKey(Facility, on_delete=models.PROTECT, related_name="placements")
    admitted_on = models.DateField()
    left_on = models.DateField(null=True, blank=True)
    referral = models.ForeignKey(Referral, null=True, blank=True, on_delete=models.PROTECT)
    reason = models.CharField(max_length=300, blank=True)

    class Meta(Record.Meta):
        verbose_name = _("placement")
        verbose_name_plural = _("placements")
        constraints = [
            *Record.Meta.constraints,
            not_before(
                "left_on", "admitted_on", "placement_left_after_admitted", earlier_optional=False
            ),
        ]

    def __str__(self) -> str:
        return f"placement {self.agency_id}/{self.source_record_id}"
