"""The live case work: cases, their stages, consents, referrals' workflow, stays in facilities and alerts.

What an agency *recorded* (the referral, the service, the placement) is a harmonized record of the registry,
written through intake (:mod:`kuska.care.writing`); these tables hold only the state of the work around those
records and point at them, so every figure counts a referral made here exactly as one sent in a file.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from kuska.registry.models import (
    Agency,
    Facility,
    PersonRecord,
    Placement,
    Referral,
    ServiceEpisode,
)


class Stage(models.TextChoices):
    IDENTIFIED = "identified", pgettext_lazy("case stage", "identified")
    ASSESSED = "assessed", pgettext_lazy("case stage", "assessed")
    CARE_PLAN = "care_plan", pgettext_lazy("case stage", "care plan")
    SERVICES = "services", pgettext_lazy("case stage", "services")
    REINTEGRATION = "reintegration", pgettext_lazy("case stage", "reintegration")
    CLOSED = "closed", pgettext_lazy("case stage", "closed")
    REOPENED = "reopened", pgettext_lazy("case stage", "reopened")


class Risk(models.TextChoices):
    LOW = "low", pgettext_lazy("risk level", "low")
    MEDIUM = "medium", pgettext_lazy("risk level", "medium")
    HIGH = "high", pgettext_lazy("risk level", "high")


class Case(models.Model):
    """A victim's care case at the agency in charge.

    ``victim`` is the agency's own person record of the victim: the records care writes refer to it (a record
    refers only to records of its own agency). The victim's other agencies' records are found through linkage.
    ``identified_at`` is when the victim was identified; ``in_operation`` whether it was in a rescue operation.
    """

    victim = models.ForeignKey(PersonRecord, on_delete=models.PROTECT, related_name="+")
    agency = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="+")
    worker = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    stage = models.CharField(max_length=20, choices=Stage.choices, default=Stage.IDENTIFIED)
    risk = models.CharField(max_length=10, choices=Risk.choices, default=Risk.MEDIUM)
    identified_at = models.DateTimeField()
    in_operation = models.BooleanField(default=False)
    opened_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("care case")
        verbose_name_plural = _("care cases")
        constraints = [
            models.CheckConstraint(condition=Q(stage__in=Stage.values), name="case_stage_valid"),
            models.CheckConstraint(condition=Q(risk__in=Risk.values), name="case_risk_valid"),
            # one open or closed case per victim record: a closed case is reopened, not opened again
            models.UniqueConstraint(fields=["victim"], name="case_once_per_victim_record"),
        ]

    def __str__(self) -> str:
        return f"case {self.pk} ({self.agency_id})"


class StageChange(models.Model):
    """One move of a case from a stage to another, by whom and when."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="stage_changes")
    from_stage = models.CharField(max_length=20, choices=Stage.choices)
    to_stage = models.CharField(max_length=20, choices=Stage.choices)
    at = models.DateTimeField(default=timezone.now)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["at", "pk"]
        verbose_name = _("stage change")
        verbose_name_plural = _("stage changes")

    def __str__(self) -> str:
        return f"{self.from_stage} → {self.to_stage} (case {self.case_id})"


class Purpose(models.TextChoices):
    SHARING = "sharing", pgettext_lazy("consent purpose", "sharing with another agency")
    SERVICES = "services", pgettext_lazy("consent purpose", "services")
    STATISTICS = "statistics", pgettext_lazy("consent purpose", "data for statistics")


class Consent(models.Model):
    """The victim's answer on one purpose, who asked and when. The latest answer on a purpose is the one in
    force."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="consents")
    purpose = models.CharField(max_length=20, choices=Purpose.choices)
    given = models.BooleanField()
    asked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    asked_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["asked_at", "pk"]
        verbose_name = _("consent")
        verbose_name_plural = _("consents")
        constraints = [
            models.CheckConstraint(
                condition=Q(purpose__in=Purpose.values), name="consent_purpose_valid"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.purpose} {'given' if self.given else 'refused'} (case {self.case_id})"


class Status(models.TextChoices):
    REQUESTED = "requested", pgettext_lazy("referral status", "requested")
    ACCEPTED = "accepted", pgettext_lazy("referral status", "accepted")
    REFUSED = "refused", pgettext_lazy("referral status", "refused")
    STARTED = "started", pgettext_lazy("referral status", "service started")
    COMPLETED = "completed", pgettext_lazy("referral status", "completed")
    DECLINED = "declined", pgettext_lazy("referral status", "declined by the victim")
    INTERRUPTED = "interrupted", pgettext_lazy("referral status", "interrupted")


class CaseReferral(models.Model):
    """The workflow of a referral of a case: the registry's :class:`Referral` (and, once started, its
    :class:`ServiceEpisode`) is what was recorded; this is where it stands.

    ``due_at`` is when the receiving agency should have answered (the profile's deadline for the service type).
    ``override_reason`` is set when the referral shares the victim's identity without their consent.
    """

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="referrals")
    referral = models.OneToOneField(Referral, on_delete=models.PROTECT, related_name="+")
    service = models.OneToOneField(
        ServiceEpisode, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    to_agency = models.ForeignKey(
        Agency, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    facility = models.ForeignKey(
        Facility, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    service_type = models.CharField(max_length=30)
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.REQUESTED)
    requested_at = models.DateTimeField(default=timezone.now)
    due_at = models.DateTimeField()
    answered_at = models.DateTimeField(null=True, blank=True)
    started_at = models.DateTimeField(null=True, blank=True)
    ended_at = models.DateTimeField(null=True, blank=True)
    refusal_reason = models.CharField(max_length=40, blank=True)
    note = models.CharField(max_length=300, blank=True)
    shares_identity = models.BooleanField(default=False)
    conditioned_on_statement = models.BooleanField(default=False)
    override_reason = models.CharField(max_length=300, blank=True)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["requested_at", "pk"]
        verbose_name = _("case referral")
        verbose_name_plural = _("case referrals")
        constraints = [
            models.CheckConstraint(
                condition=Q(status__in=Status.values), name="case_referral_status_valid"
            ),
            models.CheckConstraint(
                condition=~Q(status="refused") | ~Q(refusal_reason=""),
                name="case_referral_refusal_has_reason",
            ),
        ]

    def __str__(self) -> str:
        return f"referral {self.referral_id} {self.status} (case {self.case_id})"


class Stay(models.Model):
    """A victim's stay in a facility to the hour: the registry's :class:`Placement` holds its days."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="stays")
    placement = models.OneToOneField(Placement, on_delete=models.PROTECT, related_name="+")
    admitted_at = models.DateTimeField()
    left_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["admitted_at", "pk"]
        verbose_name = _("stay")
        verbose_name_plural = _("stays")
        constraints = [
            models.CheckConstraint(
                condition=Q(left_at__isnull=True) | Q(left_at__gte=models.F("admitted_at")),
                name="stay_left_after_admitted",
            ),
        ]

    def __str__(self) -> str:
        return f"stay {self.placement_id} (case {self.case_id})"


class Alert(models.Model):
    """A rule of the profile's alert catalogue that held for one subject (a case, a referral, a stay).

    Raised once per rule and subject, whatever the number of evaluations; acknowledged, then resolved, each with a
    note. ``subject`` names the row as the audit trail names records (``care.casereferral:7``), never a value.
    """

    class State(models.TextChoices):
        RAISED = "raised", pgettext_lazy("alert state", "raised")
        ACKNOWLEDGED = "acknowledged", pgettext_lazy("alert state", "acknowledged")
        RESOLVED = "resolved", pgettext_lazy("alert state", "resolved")

    rule = models.CharField(max_length=60)
    subject = models.CharField(max_length=80)
    case = models.ForeignKey(
        Case, null=True, blank=True, on_delete=models.CASCADE, related_name="alerts"
    )
    agency = models.ForeignKey(
        Agency, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    severity = models.CharField(max_length=10)
    state = models.CharField(max_length=20, choices=State.choices, default=State.RAISED)
    raised_at = models.DateTimeField(default=timezone.now)
    acknowledged_at = models.DateTimeField(null=True, blank=True)
    acknowledged_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    acknowledged_note = models.TextField(blank=True)
    resolved_at = models.DateTimeField(null=True, blank=True)
    resolved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    resolved_note = models.TextField(blank=True)

    class Meta:
        ordering = ["-raised_at", "pk"]
        verbose_name = _("alert")
        verbose_name_plural = _("alerts")
        constraints = [
            models.UniqueConstraint(
                fields=["rule", "subject"], name="alert_once_per_rule_and_subject"
            ),
            models.CheckConstraint(
                condition=Q(state__in=["raised", "acknowledged", "resolved"]),
                name="alert_state_valid",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.rule} {self.subject}"
