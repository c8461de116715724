"""A screening interview as kept: who screened, for which agency, with which questionnaire (and its version), the
answers by question id (never a question's text: the language they were asked in changes nothing stored), the
result and the indicators that led to it, the person's consent to a referral, and the records it created."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from kuska.registry.models import Agency


class Screening(models.Model):
    RESULTS = (
        ("likely_victim", _("likely victim")),
        ("possible_victim", _("possible victim")),
        ("no_indicators", _("no indicators found")),
    )

    agency = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="screenings")
    screened_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="screenings"
    )
    screened_on = models.DateField()
    questionnaire = models.CharField(max_length=40)
    version = models.PositiveIntegerField()
    # question id → "yes", "no" or "unknown"
    answers = models.JSONField(default=dict)
    result = models.CharField(max_length=20, choices=RESULTS)
    # the indicators found ("question id": "indicator"), in the questionnaire's order
    indicators = models.JSONField(default=dict)
    consent_to_referral = models.BooleanField(default=False)
    # the agency's record ids of the person, identification and referral stored through intake (likely victims)
    person_record_id = models.CharField(max_length=64, blank=True, default="")
    identification_record_id = models.CharField(max_length=64, blank=True, default="")
    referral_record_id = models.CharField(max_length=64, blank=True, default="")
    # the id the screener's device gave the screening when it was kept offline (kuska.screening.outcome): a
    # repeat of the same sending is answered with this screening, never recorded twice
    client_id = models.UUIDField(null=True, blank=True, unique=True, editable=False)
    # the hotline call (its record id at the agency) on which the operator screened the caller, if any
    call_record_id = models.CharField(max_length=64, blank=True, default="")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("screening")
        verbose_name_plural = _("screenings")
        ordering = ("-created_at", "-pk")

    def __str__(self) -> str:
        return f"screening {self.pk} ({self.questionnaire} v{self.version}, {self.result})"
