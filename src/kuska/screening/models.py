"""A screening interview as kept: who screened, for which agency, with which questionnaire (and its version), the
answers by question id (never a question's text: the language they were asked in changes nothing stored), the
result and the indicators that led to it, the person's consent to a referral, and the records it created.

A paper form transcribed and imported (:mod:`kuska.screening.paper`) is kept the same way, with its form number,
the language it was printed in (when the transcription says) and where it came from: the submission batch (its
file and SHA-256), the sheet and the row."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from kuska.registry.models import Agency, SubmissionBatch


class Screening(models.Model):
    RESULTS = (
        ("likely_victim", _("likely victim")),
        ("possible_victim", _("possible victim")),
        ("no_indicators", _("no indicators found")),
    )

    agency = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="screenings")
    # who recorded it: the screener online, the user who imported a paper form (none: imported by the server's
    # operator from the command line, without --as)
    screened_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="screenings",
        null=True,
        blank=True,
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
    # the language the questions were read in (es, en, qu, ay); empty when not known (an old transcription)
    language = models.CharField(max_length=8, blank=True, default="")
    # a paper form: its number (unique at the agency: a form imported twice is kept once), the batch of the
    # import that stored or last changed it, and the sheet and row of the transcription it was on
    form_id = models.CharField(max_length=40, blank=True, default="")
    batch = models.ForeignKey(
        SubmissionBatch,
        on_delete=models.PROTECT,
        related_name="screenings",
        null=True,
        blank=True,
    )
    form_sheet = models.CharField(max_length=31, blank=True, default="")
    form_row = models.PositiveIntegerField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("screening")
        verbose_name_plural = _("screenings")
        ordering = ("-created_at", "-pk")
        constraints = (
            models.UniqueConstraint(
                fields=("agency", "form_id"),
                condition=~Q(form_id=""),
                name="screening_paper_form_once",
            ),
        )

    def __str__(self) -> str:
        return f"screening {self.pk} ({self.questionnaire} v{self.version}, {self.result})"

    @property
    def on_paper(self) -> bool:
        """Whether it was a paper form, transcribed and imported."""
        return bool(self.form_id)
