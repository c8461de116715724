"""Prevention and programme records: budgets, trainings, campaigns, hotline calls, labour inspections."""

from __future__ import annotations

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from kuska.registry.models.constraints import not_before
from kuska.registry.models.provenance import Record
from kuska.registry.models.reference import Agency, Region


class BudgetAllocation(Record):
    """Money allocated to an entity for anti-trafficking work in a year; ``dedicated`` marks a specific line item
    (the seed's 2.35 million soles to MININTER in 2020) as opposed to funding through a general budget."""

    entity = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="budget_allocations")
    year = models.PositiveSmallIntegerField()
    amount = models.DecimalField(max_digits=16, decimal_places=2)
    currency = models.CharField(max_length=3, default="PEN")
    purpose = models.CharField(max_length=300, blank=True)
    dedicated = models.BooleanField(default=True)

    class Meta(Record.Meta):
        verbose_name = _("budget allocation")
        verbose_name_plural = _("budget allocations")
        constraints = [
            *Record.Meta.constraints,
            models.CheckConstraint(condition=Q(amount__gte=0), name="budget_amount_not_negative"),
        ]

    def __str__(self) -> str:
        return f"budget {self.entity_id} {self.year}"


class Training(Record):
    """A training course held by the submitting agency."""

    started_on = models.DateField()
    ended_on = models.DateField(null=True, blank=True)
    title = models.CharField(max_length=300)
    audience = models.CharField(max_length=40, blank=True)
    participants = models.PositiveIntegerField(null=True, blank=True)
    completed = models.PositiveIntegerField(null=True, blank=True)
    partner = models.CharField(max_length=200, blank=True)

    class Meta(Record.Meta):
        verbose_name = _("training")
        verbose_name_plural = _("trainings")
        constraints = [
            *Record.Meta.constraints,
            models.CheckConstraint(
                condition=Q(completed__isnull=True)
                | Q(participants__isnull=True)
                | Q(completed__lte=models.F("participants")),
                name="training_completed_within_participants",
            ),
        ]

    def __str__(self) -> str:
        return self.title


class AwarenessCampaign(Record):
    """An awareness or prevention campaign."""

    started_on = models.DateField()
    ended_on = models.DateField(null=True, blank=True)
    title = models.CharField(max_length=300)
    channel = models.CharField(max_length=40, blank=True)
    audience = models.CharField(max_length=200, blank=True)
    languages = models.CharField(max_length=100, blank=True)
    reach = models.PositiveIntegerField(null=True, blank=True)

    class Meta(Record.Meta):
        verbose_name = _("awareness campaign")
        verbose_name_plural = _("awareness campaigns")

    def __str__(self) -> str:
        return self.title


class HotlineCall(Record):
    """A call to a trafficking hotline, in the language the caller spoke."""

    called_at = models.DateTimeField()
    line = models.CharField(max_length=40)
    language = models.CharField(max_length=3, blank=True)
    region = models.ForeignKey(Region, null=True, blank=True, on_delete=models.PROTECT)
    suspected_trafficking = models.BooleanField(null=True, blank=True)
    caller_type = models.CharField(max_length=20, blank=True)  # code list caller_type
    interpreter_requested = models.BooleanField(null=True, blank=True)
    interpreter_provided = models.BooleanField(null=True, blank=True)
    urgency = models.CharField(max_length=20, blank=True)  # code list call_urgency
    referred_to = models.ForeignKey(
        Agency, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    referred_at = models.DateTimeField(null=True, blank=True)
    # by when the agency referred to is to answer
    referral_deadline = models.DateTimeField(null=True, blank=True)

    class Meta(Record.Meta):
        verbose_name = _("hotline call")
        verbose_name_plural = _("hotline calls")
        constraints = [
            *Record.Meta.constraints,
            not_before("referred_at", "called_at", "call_referred_after_called"),
            not_before("referral_deadline", "referred_at", "call_deadline_after_referral"),
        ]

    def __str__(self) -> str:
        return f"call {self.agency_id}/{self.source_record_id}"


class HotlineCallIndicator(models.Model):
    """An indicator of trafficking the operator heard on a call (code list ``means_of_control``)."""

    call = models.ForeignKey(HotlineCall, on_delete=models.CASCADE, related_name="indicators_heard")
    indicator = models.CharField(max_length=50)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["call", "indicator"], name="call_indicator_unique")
        ]

    def __str__(self) -> str:
        return self.indicator


class LabourInspection(Record):
    """A labour inspection (of an employment agency or a workplace) and what it found and did."""

    inspected_on = models.DateField()
    region = models.ForeignKey(Region, null=True, blank=True, on_delete=models.PROTECT)
    employment_agency = models.BooleanField(default=False)
    recruitment_fees_found = models.BooleanField(null=True, blank=True)
    documents_retained_found = models.BooleanField(null=True, blank=True)
    enforcement_action = models.CharField(max_length=40, blank=True)
    referred_to_prosecutors = models.BooleanField(null=True, blank=True)
    victims_identified = models.PositiveIntegerField(null=True, blank=True)

    class Meta(Record.Meta):
        verbose_name = _("labour inspection")
        verbose_name_plural = _("labour inspections")

    def __str__(self) -> str:
        return f"inspection {self.agency_id}/{self.source_record_id}"
