"""Linkage's tables: each run with its model, the person each record belongs to, the scored pairs, reviewers'
decisions.

Only the latest completed run keeps its assignments and pairs (a run replaces the previous one's); every run keeps
its row here with its settings, counts and the model it used, so any figure can be traced to the model behind it.
Reviewers' decisions are kept across runs: they are about two records, not about a run.

Nothing here holds an identity value: records are referred to by their id, pairs by the two record ids, and a
pair's agreement by the level reached on each comparison.
"""

from __future__ import annotations

from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from kuska.registry.models import PersonRecord


class LinkageRun(models.Model):
    """One run of ``kuska link``: what it read, the model it used, what it found."""

    class Status(models.TextChoices):
        RUNNING = "running"
        COMPLETED = "completed"
        FAILED = "failed"

    started_at = models.DateTimeField(default=timezone.now)
    finished_at = models.DateTimeField(null=True, blank=True)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.RUNNING)
    backend = models.CharField(max_length=10)
    threshold = models.FloatField(
        help_text=_("match probability at or above which two records link")
    )
    review_from = models.FloatField(
        help_text=_("match probability from which a pair below the threshold goes to review")
    )
    seed = models.BigIntegerField()
    trained = models.BooleanField(help_text=_("trained on this run's records (else loaded)"))
    model = models.JSONField(help_text=_("the Splink model, as saved to its JSON file"))
    model_file = models.CharField(max_length=500, blank=True)
    records = models.PositiveIntegerField(default=0)
    persons = models.PositiveIntegerField(default=0)
    pairs_linked = models.PositiveIntegerField(default=0)
    pairs_in_review = models.PositiveIntegerField(default=0)
    decisions_applied = models.PositiveIntegerField(default=0)
    seconds = models.FloatField(null=True, blank=True)

    class Meta:
        ordering = ["-started_at", "-id"]
        verbose_name = _("linkage run")
        verbose_name_plural = _("linkage runs")
        constraints = [
            models.CheckConstraint(
                condition=Q(review_from__lte=F("threshold")), name="linkage_review_below_threshold"
            ),
        ]

    def __str__(self) -> str:
        return f"linkage run {self.pk} ({self.status})"

    @classmethod
    def latest(cls) -> LinkageRun | None:
        """The latest completed run: the one whose persons the figures count."""
        return (
            cls.objects.filter(status=cls.Status.COMPLETED).order_by("-finished_at", "-id").first()
        )


class ClusterAssignment(models.Model):
    """The person a record belongs to: ``person_id`` is the smallest record id of the person's records."""

    run = models.ForeignKey(LinkageRun, on_delete=models.CASCADE, related_name="assignments")
    record = models.ForeignKey(PersonRecord, on_delete=models.CASCADE, related_name="+")
    person_id = models.BigIntegerField(db_index=True)

    class Meta:
        verbose_name = _("cluster assignment")
        verbose_name_plural = _("cluster assignments")
        constraints = [
            models.UniqueConstraint(fields=["run", "record"], name="linkage_assignment_unique"),
        ]

    def __str__(self) -> str:
        return f"record {self.record_id} → person {self.person_id}"


class LinkedPair(models.Model):
    """Two records the model scored at or above the review band, and what became of them.

    ``agreement`` holds, per comparison of the model (in its order), the level the pair reached: see
    :func:`kuska.linkage.review.describe_agreement`.
    """

    class Outcome(models.TextChoices):
        LINKED = "linked"  # at or above the threshold, or accepted by a reviewer
        REVIEW = "review"  # in the uncertain band, no decision yet
        ACCEPTED = "accepted"
        REJECTED = "rejected"

    run = models.ForeignKey(LinkageRun, on_delete=models.CASCADE, related_name="pairs")
    record_l = models.ForeignKey(PersonRecord, on_delete=models.CASCADE, related_name="+")
    record_r = models.ForeignKey(PersonRecord, on_delete=models.CASCADE, related_name="+")
    match_weight = models.FloatField()
    match_probability = models.FloatField()
    agreement = models.CharField(max_length=100, blank=True)
    outcome = models.CharField(max_length=10, choices=Outcome.choices)

    class Meta:
        verbose_name = _("scored pair")
        verbose_name_plural = _("scored pairs")
        indexes = [models.Index(fields=["run", "outcome"], name="linkage_pair_outcome")]
        constraints = [
            models.UniqueConstraint(
                fields=["run", "record_l", "record_r"], name="linkage_pair_unique"
            ),
            models.CheckConstraint(
                condition=Q(record_l__lt=F("record_r")), name="linkage_pair_ordered"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.record_l_id}–{self.record_r_id} p={self.match_probability:.3f}"


class ReviewDecision(models.Model):
    """A reviewer's word on two records: the same person (accept) or not (reject). It overrides the model on every
    later run."""

    class Decision(models.TextChoices):
        ACCEPT = "accept"
        REJECT = "reject"

    record_l = models.ForeignKey(PersonRecord, on_delete=models.CASCADE, related_name="+")
    record_r = models.ForeignKey(PersonRecord, on_delete=models.CASCADE, related_name="+")
    decision = models.CharField(max_length=10, choices=Decision.choices)
    decided_at = models.DateTimeField(default=timezone.now)
    decided_by = models.CharField(max_length=150, blank=True)
    match_probability = models.FloatField(
        null=True, blank=True, help_text=_("the model's score when the decision was made")
    )
    note = models.TextField(blank=True)

    class Meta:
        verbose_name = _("review decision")
        verbose_name_plural = _("review decisions")
        constraints = [
            models.UniqueConstraint(
                fields=["record_l", "record_r"], name="linkage_decision_unique"
            ),
            models.CheckConstraint(
                condition=Q(record_l__lt=F("record_r")), name="linkage_decision_ordered"
            ),
            models.CheckConstraint(
                condition=Q(decision__in=["accept", "reject"]), name="linkage_decision_valid"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.record_l_id}–{self.record_r_id}: {self.decision}"
