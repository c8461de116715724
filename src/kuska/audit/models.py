"""The audit trail: an append-only, hash-chained table of events (see :mod:`kuska.audit.trail`).

An event says who (the user, and their e-mail as it was), when, from where, what action, which records (references
``app.model:id``, never values), the reason given and the outcome. Its ``hash`` is the SHA-256 of its canonical
serialisation, which includes the previous event's hash; :class:`Head` holds the last sequence number and hash and
is the row every writer locks, so two writers can never both append after the same event.
"""

from __future__ import annotations

import datetime
import hashlib
import json

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

GENESIS = "0" * 64


class Action(models.TextChoices):
    """Every kind of event. A new kind is added here and in docs/access.md (a test keeps them together)."""

    LOGIN = "auth.login", _("signed in")
    LOGIN_FAILED = "auth.login_failed", _("failed sign-in")
    LOCKOUT = "auth.lockout", _("account locked")
    LOGOUT = "auth.logout", _("signed out")
    RECORDS_LIST = "records.list", _("listed records")
    RECORD_VIEW = "records.view", _("viewed a record")
    RECORDS_SEARCH = "records.search", _("searched records")
    RECORDS_EXPORT = "records.export", _("exported records")
    IDENTITY_REVEAL = "identity.reveal", _("revealed an identity")
    INTAKE_IMPORT = "intake.import", _("imported a submission")
    SCREENING_RECORD = "screening.record", _("recorded a screening")
    LINKAGE_RUN = "linkage.run", _("ran record linkage")
    LINKAGE_REVIEW = "linkage.review", _("decided a linkage pair")
    REPORT_GENERATE = "report.generate", _("wrote a report")
    USER_ADD = "user.add", _("added a user")
    USER_CHANGE = "user.change", _("changed a user")
    USER_DISABLE = "user.disable", _("disabled a user")
    MEMBERSHIP_ADD = "membership.add", _("gave a user a role at an agency")
    MEMBERSHIP_REMOVE = "membership.remove", _("took a role away from a user")
    ROLES_LOAD = "roles.load", _("changed roles or permissions")
    TOKEN_ISSUE = "token.issue", _("issued an API token")
    TOKEN_REVOKE = "token.revoke", _("revoked an API token")
    AUDIT_LIST = "audit.list", _("read the audit trail")
    CARE_CASE = "care.case", _("opened or changed a care case")
    CARE_CONSENT = "care.consent", _("recorded a victim's consent")
    CARE_REFERRAL = "care.referral", _("made or moved a referral")
    CARE_OVERRIDE = "care.override", _("shared an identity without consent")
    CARE_STAY = "care.stay", _("admitted or discharged a victim")
    CARE_ALERT = "care.alert", _("raised or handled an alert")


class Outcome(models.TextChoices):
    SUCCESS = "success", _("success")
    DENIED = "denied", _("denied")
    FAILURE = "failure", _("failure")


class Event(models.Model):
    """One audit event. Never updated or deleted (on PostgreSQL the database refuses both)."""

    sequence = models.PositiveBigIntegerField(unique=True)
    at = models.DateTimeField()
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="audit_events",
    )
    actor_email = models.CharField(max_length=254, blank=True)
    source = models.CharField(max_length=200, blank=True)
    action = models.CharField(max_length=40, choices=Action.choices)
    records = models.JSONField(default=list, blank=True)
    reason = models.TextField(blank=True)
    outcome = models.CharField(max_length=10, choices=Outcome.choices)
    previous_hash = models.CharField(max_length=64)
    hash = models.CharField(max_length=64, unique=True)

    class Meta:
        db_table = "audit_event"
        ordering = ["sequence"]
        verbose_name = _("audit event")
        verbose_name_plural = _("audit events")
        indexes = [
            models.Index(fields=["at"], name="audit_event_at"),
            models.Index(fields=["action", "at"], name="audit_event_action_at"),
        ]

    def __str__(self) -> str:
        return f"{self.sequence} {self.action}"

    def canonical(self) -> bytes:
        """The bytes the hash is computed over: every field but the hash itself, as sorted, compact JSON.

        >>> from datetime import datetime, UTC
        >>> event = Event(sequence=1, at=datetime(2026, 1, 2, 3, 4, 5, tzinfo=UTC), action="user.add",
        ...               records=["accounts.user:7"], outcome="success", previous_hash=GENESIS)
        >>> event.canonical()[:60]
        b'{"action":"user.add","actor":null,"actor_email":"","at":"202'
        """
        at = self.at.astimezone(datetime.UTC).isoformat(timespec="microseconds")
        return json.dumps(
            {
                "sequence": self.sequence,
                "at": at,
                "actor": self.actor_id,
                "actor_email": self.actor_email,
                "source": self.source,
                "action": self.action,
                "records": list(self.records),
                "reason": self.reason,
                "outcome": self.outcome,
                "previous_hash": self.previous_hash,
            },
            sort_keys=True,
            separators=(",", ":"),
            ensure_ascii=False,
        ).encode("utf-8")

    def compute_hash(self) -> str:
        return hashlib.sha256(self.canonical()).hexdigest()


class Head(models.Model):
    """The end of the chain: the last event's sequence and hash. One row, locked by every writer."""

    sequence = models.PositiveBigIntegerField(default=0)
    hash = models.CharField(max_length=64, default=GENESIS)

    class Meta:
        db_table = "audit_head"
        verbose_name = _("audit trail head")

    def __str__(self) -> str:
        return f"{self.sequence} {self.hash[:12]}"
