"""The justice pipeline: proceeding events for a suspect, the offences charged at each stage, sentences and
compensation."""

from __future__ import annotations

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from kuska.registry.codes import ProceedingStage
from kuska.registry.models.cases import CaseFile, PersonRecord
from kuska.registry.models.provenance import Record
from kuska.registry.models.reference import Offence


class ProceedingEvent(Record):
    """A step of a case against a suspect: complaint, investigation, prosecution, trial, conviction…

    The offences charged are recorded at every stage, so a trafficking charge reduced to a lesser crime stays
    visible.
    """

    case_file = models.ForeignKey(CaseFile, null=True, blank=True, on_delete=models.PROTECT)
    suspect = models.ForeignKey(
        PersonRecord, null=True, blank=True, on_delete=models.PROTECT, related_name="proceedings"
    )
    stage = models.CharField(max_length=20, choices=ProceedingStage.choices)
    occurred_on = models.DateField()
    offences: models.ManyToManyField[Offence, ChargedOffence] = models.ManyToManyField(
        Offence, through="ChargedOffence", related_name="+"
    )

    class Meta(Record.Meta):
        verbose_name = _("proceeding event")
        verbose_name_plural = _("proceeding events")
        constraints = [
            *Record.Meta.constraints,
            models.CheckConstraint(
                condition=Q(stage__in=ProceedingStage.values), name="proceeding_stage_valid"
            ),
            models.CheckConstraint(
                condition=Q(case_file__isnull=False) | Q(suspect__isnull=False),
                name="proceeding_has_case_or_suspect",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.stage} {self.agency_id}/{self.source_record_id}"


class ChargedOffence(models.Model):
    """An offence charged at one proceeding event."""

    event = models.ForeignKey(ProceedingEvent, on_delete=models.CASCADE, related_name="charges")
    offence = models.ForeignKey(Offence, on_delete=models.PROTECT)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["event", "offence"], name="charged_offence_unique")
        ]

    def __str__(self) -> str:
        return f"{self.event_id}: {self.offence_id}"


class Sentence(models.Model):
    """The sentence of a conviction. Empty amounts were not reported."""

    event = models.OneToOneField(ProceedingEvent, on_delete=models.CASCADE, related_name="sentence")
    prison_months = models.PositiveIntegerField(null=True, blank=True)
    suspended = models.BooleanField(null=True, blank=True)
    fine_amount = models.DecimalField(max_digits=14, decimal_places=2, null=True, blank=True)

    class Meta:
        verbose_name = _("sentence")
        verbose_name_plural = _("sentences")
        constraints = [
            models.CheckConstraint(
                condition=Q(fine_amount__isnull=True) | Q(fine_amount__gte=0),
                name="sentence_fine_not_negative",
            ),
        ]

    def __str__(self) -> str:
        return f"sentence of {self.event_id}"


class Compensation(models.Model):
    """Compensation (reparación civil) ordered for a victim at a proceeding event, and what was paid."""

    event = models.ForeignKey(
        ProceedingEvent, on_delete=models.CASCADE, related_name="compensations"
    )
    victim = models.ForeignKey(PersonRecord, null=True, blank=True, on_delete=models.PROTECT)
    ordered_amount = models.DecimalField(max_digits=14, decimal_places=2, null=True, blank=True)
    paid_amount = models.DecimalField(max_digits=14, decimal_places=2, null=True, blank=True)
    paid_on = models.DateField(null=True, blank=True)
    currency = models.CharField(max_length=3, default="PEN")

    class Meta:
        verbose_name = _("compensation")
        verbose_name_plural = _("compensations")
        constraints = [
            models.CheckConstraint(
                condition=(Q(ordered_amount__isnull=True) | Q(ordered_amount__gte=0))
                & (Q(paid_amount__isnull=True) | Q(paid_amount__gte=0)),
                name="compensation_amounts_not_negative",
            ),
        ]

    def __str__(self) -> str:
        return f"compensation at {self.event_id}"
