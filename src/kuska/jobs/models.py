"""A job and the files it was given.

A job's texts (the step it is at, its outcome, its error) are kept in every offered language
(:func:`kuska.i18n.in_each_language`), since whoever reads them may read another language than whoever started
the job. Uploaded files hold identities: they are kept encrypted (:class:`JobFile`) and deleted when the job ends.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class Job(models.Model):
    class State(models.TextChoices):
        QUEUED = "queued", _("waiting")
        RUNNING = "running", _("running")
        DONE = "done", _("finished")
        FAILED = "failed", _("failed")

    kind = models.CharField(max_length=40)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    params = models.JSONField(default=dict)
    state = models.CharField(max_length=10, choices=State.choices, default=State.QUEUED)
    done = models.PositiveBigIntegerField(default=0)
    total = models.PositiveBigIntegerField(null=True)
    step = models.JSONField(default=dict)  # the step it is at, {language: text}
    outcome = models.JSONField(default=dict)  # what it did, {language: text}
    error = models.JSONField(default=dict)  # why it failed, {language: text}
    result = models.JSONField(default=dict)  # what the job's page needs: ids, a "url" to follow
    created_at = models.DateTimeField(auto_now_add=True)
    started_at = models.DateTimeField(null=True)
    finished_at = models.DateTimeField(null=True)
    worker = models.CharField(
        max_length=300, blank=True, default=""
    )  # host:pid of the process running it

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["user", "-created_at"])]

    def __str__(self) -> str:
        return f"job:{self.pk} {self.kind} ({self.state})"

    @property
    def finished(self) -> bool:
        return self.state in (self.State.DONE, self.State.FAILED)

    def text(self, field: str, lang: str) -> str:
        """``step``, ``outcome`` or ``error`` in the language, else the default one, else any."""
        values: dict[str, Any] = getattr(self, field) or {}
        return str(
            values.get(lang)
            or values.get(settings.LANGUAGE_CODE)
            or next(iter(values.values()), "")
        )


class JobFile(models.Model):
    """A file given to a job, encrypted with the identity key (:mod:`kuska.registry.crypto`) until the job ends."""

    job = models.ForeignKey(Job, on_delete=models.CASCADE, related_name="files")
    name = models.CharField(max_length=255)
    size = models.PositiveBigIntegerField()
    content = models.TextField()  # v1:<key id>:<base64 nonce+ciphertext> of the base64 of the bytes

    class Meta:
        ordering = ["id"]

    def __str__(self) -> str:
        return f"{self.name} ({self.size} bytes) of job:{self.job_id}"
