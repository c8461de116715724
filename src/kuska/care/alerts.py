"""Alerts as data: the profile's catalogue (``alerts.toml``) of the gaps of the national response, each applying
a rule of :data:`RULES` with its threshold, evaluated over the care records and the registry's.

An alert is raised once per catalogue entry and subject (the placement, referral or case it is about), however
often the rules are evaluated; when raised, it is sent by e-mail (Django's e-mail backend) to the users of the
roles the entry notifies, in their language, naming records by reference only, never a value. It is then
acknowledged and resolved, each with a note, by a case worker of its agency (``care.work``) or whoever holds
``care.alerts``.

>>> # raised = evaluate(source="cli:ana")        # the new alerts; evaluating again raises none
>>> # counts()["referral_unanswered"]["raised"]
"""

from __future__ import annotations

import datetime
import functools
import logging
import smtplib
import tomllib
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass

from django.conf import settings
from django.core.mail import send_mail
from django.db import IntegrityError, models, transaction
from django.db.models import Q, QuerySet
from django.utils import timezone, translation
from django.utils.text import format_lazy
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from kuska.access import AccessDeniedError, NotInScopeError
from kuska.accounts.models import Membership, Permission, User
from kuska.accounts.permissions import agencies_where, has_permission
from kuska.accounts.tree import covers
from kuska.audit.models import Action
from kuska.audit.trail import record_event, record_ref
from kuska.care.cases import WORK, person_records
from kuska.care.changes import changed, is_held
from kuska.care.errors import CareError
from kuska.care.facilities import OVERNIGHT, admits, is_child, is_transgender
from kuska.care.models import Alert, Case, CaseReferral, Stage, Status, Stay
from kuska.care.settings import REFUSED_FOR_WHO_THEY_ARE, care_settings
from kuska.profiles.reader import country_file
from kuska.registry.codes import FacilityType, ReferralOutcome, Sex
from kuska.registry.models import (
    Agency,
    Facility,
    LoadedProfile,
    Placement,
    Referral,
    ServiceEpisode,
)

log = logging.getLogger(__name__)

READ_ALL = "care.alerts"
SEVERITIES = ("info", "warning", "critical")


@dataclass(frozen=True)
class AlertDefinition:
    """One entry of the catalogue: its id, the rule it applies with its threshold, its severity, the roles it
    notifies and its titles by language."""

    id: str
    rule: str
    threshold: float
    severity: str
    notify: tuple[str, ...]
    titles: dict[str, str]

    def title(self, language: str) -> str:
        """The title in a language; the default language's where it has none."""
        return self.titles.get(language) or self.titles.get(settings.LANGUAGE_CODE) or self.id


@dataclass(frozen=True)
class Hit:
    """A subject for which a rule holds: the row it is about, its case when it has one, and the agency whose
    people are told."""

    subject: models.Model
    case: Case | None
    agency: Agency | None


Rule = Callable[[float, datetime.datetime], Iterator[Hit]]


# -- the rules -----------------------------------------------------------------------------------------------


def _stays() -> dict[int, Stay]:
    return {stay.placement_id: stay for stay in Stay.objects.select_related("case")}


def child_in_police_station(threshold: float, now: datetime.datetime) -> Iterator[Hit]:
    """A child placed in a police station, for ``threshold`` hours or more (0: at all). The hours of a stay
    recorded in care; for a placement sent in a file, its days (a day counts 24 hours)."""
    stays = _stays()
    placements = Placement.objects.filter(
        facility__facility_type=FacilityType.POLICE_STATION
    ).select_related("victim", "agency")
    for placement in placements:
        if not is_child(placement.victim):
            continue
        stay = stays.get(placement.pk)
        if stay is not None:
            hours = ((stay.left_at or now) - stay.admitted_at).total_seconds() / 3600
        else:
            left = placement.left_on or timezone.localtime(now).date()
            hours = (left - placement.admitted_on).days * 24
        if hours >= threshold:
            yield Hit(placement, stay.case if stay else None, placement.agency)


def referral_unanswered(threshold: float, now: datetime.datetime) -> Iterator[Hit]:
    """A referral still waiting for an answer ``threshold`` hours after its deadline."""
    late = now - datetime.timedelta(hours=threshold)
    for referral in CaseReferral.objects.filter(
        status=Status.REQUESTED, due_at__lt=late
    ).select_related("case__agency"):
        yield Hit(referral, referral.case, referral.case.agency)


def referral_refused_for_who_they_are(threshold: float, now: datetime.datetime) -> Iterator[Hit]:
    """A referral refused because the provider does not admit the victim's sex, age or gender identity."""
    refused = CaseReferral.objects.filter(
        status=Status.REFUSED, refusal_reason__in=REFUSED_FOR_WHO_THEY_ARE
    ).select_related("case__agency")
    for referral in refused:
        yield Hit(referral, referral.case, referral.case.agency)


def _open_cases() -> QuerySet[Case]:
    return Case.objects.exclude(stage=Stage.CLOSED).select_related("victim", "agency")


def no_facility_admits(threshold: float, now: datetime.datetime) -> Iterator[Hit]:
    """An open case of an adult man or a transgender victim, in a region (where the victim was identified, else
    the agency's) with no overnight facility that admits them."""
    facilities = list(Facility.objects.filter(facility_type__in=OVERNIGHT, region__isnull=False))
    for case in _open_cases():
        victim = case.victim
        adult_man = (
            victim.sex == Sex.MALE and victim.age_at_event is not None and not is_child(victim)
        )
        if not (adult_man or is_transgender(victim)):
            continue
        region = victim.identification_region_id or case.agency.region_id
        if region is None:
            continue
        if not any(f.region_id == region and admits(f, victim) for f in facilities):
            yield Hit(case, case, case.agency)


def _services_started(case: Case, service_type: str | None = None) -> QuerySet[ServiceEpisode]:
    found = ServiceEpisode.objects.filter(victim__in=person_records(case.victim))
    return found.filter(service_type=service_type) if service_type else found


def no_service_after_night_rescue(threshold: float, now: datetime.datetime) -> Iterator[Hit]:
    """A victim identified in a rescue operation at night or on a weekend with no service started within
    ``threshold`` hours (a service episode of any agency on or before that day, or a referral started by then)."""
    night = care_settings()
    for case in _open_cases().filter(in_operation=True):
        identified = timezone.localtime(case.identified_at)
        if not night.at_night_or_weekend(identified):
            continue
        by = case.identified_at + datetime.timedelta(hours=threshold)
        if now < by:
            continue
        started = (
            case.referrals.filter(started_at__lte=by).exists()
            or _services_started(case)
            .filter(started_on__lte=timezone.localtime(by).date())
            .exists()
        )
        if not started:
            yield Hit(case, case, case.agency)


def conditioned_on_statement(threshold: float, now: datetime.datetime) -> Iterator[Hit]:
    """A referral whose service was conditioned on the victim giving a statement, made in care or sent in a
    file."""
    cases = {r.referral_id: r.case for r in CaseReferral.objects.select_related("case__agency")}
    for referral in Referral.objects.filter(conditioned_on_statement=True).select_related("agency"):
        yield Hit(referral, cases.get(referral.pk), referral.agency)


def _country() -> str:
    profile = LoadedProfile.objects.order_by("-loaded_at").first()
    return profile.country if profile is not None else ""


def foreign_without_residency(threshold: float, now: datetime.datetime) -> Iterator[Hit]:
    """A foreign victim (a nationality other than the profile's country) with no decision on residency
    ``threshold`` days after identification: no residency referral answered, no residency service recorded."""
    country = _country()
    since = now - datetime.timedelta(days=threshold)
    for case in _open_cases().filter(identified_at__lte=since):
        nationality = case.victim.nationality
        if not nationality or nationality == country:
            continue
        decided = (
            case.referrals.filter(service_type="residency")
            .exclude(status=Status.REQUESTED)
            .exists()
        )
        if not decided and not _services_started(case, "residency").exists():
            yield Hit(case, case, case.agency)


def closed_without_reintegration(threshold: float, now: datetime.datetime) -> Iterator[Hit]:
    """A closed case whose victim had no reintegration service: none started from its referrals, none
    recorded by any agency."""
    for case in Case.objects.filter(stage=Stage.CLOSED).select_related("victim", "agency"):
        started = case.referrals.filter(
            service_type="reintegration",
            status__in=[Status.STARTED, Status.COMPLETED, Status.INTERRUPTED],
        ).exists()
        if not started and not _services_started(case, "reintegration").exists():
            yield Hit(case, case, case.agency)


def refused_for_who_they_are_anywhere(threshold: float, now: datetime.datetime) -> Iterator[Hit]:
    """A referral refused because the provider does not admit the victim's sex, age or gender identity, made in
    care (:func:`referral_refused_for_who_they_are`) or sent in a file: the referral record refused by the
    provider with that reason (a code of ``referral_refusal_reason``) as its outcome reason."""
    yield from referral_refused_for_who_they_are(threshold, now)
    refused = (
        Referral.objects.filter(
            outcome=ReferralOutcome.REFUSED_BY_PROVIDER,
            outcome_reason__in=REFUSED_FOR_WHO_THEY_ARE,
        )
        .exclude(pk__in=CaseReferral.objects.values("referral_id"))
        .select_related("agency")
    )
    for referral in refused:
        yield Hit(referral, None, referral.agency)


RULES: dict[str, Rule] = {
    "child_in_police_station": child_in_police_station,
    "referral_unanswered": referral_unanswered,
    "referral_refused_for_who_they_are": refused_for_who_they_are_anywhere,
    "no_facility_admits": no_facility_admits,
    "no_service_after_night_rescue": no_service_after_night_rescue,
    "conditioned_on_statement": conditioned_on_statement,
    "foreign_without_residency": foreign_without_residency,
    "closed_without_reintegration": closed_without_reintegration,
}


# -- the catalogue -------------------------------------------------------------------------------------------


class CatalogueError(CareError):
    """The alert catalogue holds an entry Kuska cannot use."""


@functools.cache
def _read(path: str) -> tuple[AlertDefinition, ...]:
    with open(path, "rb") as handle:
        data = tomllib.load(handle)
    found: list[AlertDefinition] = []
    for alert_id, entry in data.get("alert", {}).items():
        rule = str(entry.get("rule", ""))
        severity = str(entry.get("severity", ""))
        if rule not in RULES:
            raise CatalogueError(
                format_lazy(
                    _("alerts.toml: alert {id} applies an unknown rule {rule}"),
                    id=alert_id,
                    rule=rule,
                )
            )
        if severity not in SEVERITIES:
            raise CatalogueError(
                format_lazy(
                    _("alerts.toml: alert {id} has an unknown severity {severity}"),
                    id=alert_id,
                    severity=severity,
                )
            )
        titles = {
            key.removeprefix("title_"): str(v)
            for key, v in entry.items()
            if key.startswith("title_")
        }
        found.append(
            AlertDefinition(
                alert_id,
                rule,
                float(entry.get("threshold", 0)),
                severity,
                tuple(str(role) for role in entry.get("notify", [])),
                titles,
            )
        )
    return tuple(found)


def catalogue() -> tuple[AlertDefinition, ...]:
    """The deployment's profile's alert catalogue (none where the profile has no ``alerts.toml``)."""
    path = country_file("alerts.toml")
    return _read(str(path)) if path.is_file() else ()


def definition(alert_id: str) -> AlertDefinition | None:
    """The catalogue's entry of an id."""
    return next((entry for entry in catalogue() if entry.id == alert_id), None)


# -- evaluating and telling ----------------------------------------------------------------------------------


def recipients(entry: AlertDefinition, alert: Alert) -> list[User]:
    """The active users told of an alert: the case's worker, and the members of the roles the entry notifies,
    at an agency covering the alert's (any agency, for a role that sees every agency's records)."""
    found: dict[int, User] = {}
    if alert.case is not None and alert.case.worker is not None and alert.case.worker.is_active:
        found[alert.case.worker.pk] = alert.case.worker
    memberships = Membership.objects.filter(
        role__code__in=entry.notify, user__is_active=True
    ).select_related("user", "agency", "role")
    for membership in memberships:
        everywhere = membership.role.permissions.filter(
            scope=Permission.Scope.ALL, code=READ_ALL
        ).exists()
        if everywhere or (alert.agency is not None and covers(membership.agency, alert.agency)):
            found[membership.user.pk] = membership.user
    return [user for _, user in sorted(found.items()) if user.email]


def _send(entry: AlertDefinition, alert: Alert) -> None:
    for user in recipients(entry, alert):
        language = user.offered_language() or settings.LANGUAGE_CODE
        with translation.override(language):
            title = entry.title(language)
            body = gettext(
                "Kuska raised an alert.\n\n%(title)s\nSeverity: %(severity)s\nAbout: %(subject)s\n"
                "Case: %(case)s\nAgency: %(agency)s\n\nSee it in Kuska to acknowledge and resolve it."
            ) % {
                "title": title,
                "severity": entry.severity,
                "subject": alert.subject,
                "case": record_ref(alert.case) if alert.case is not None else "—",
                "agency": alert.agency.code if alert.agency is not None else "—",
            }
            try:
                send_mail(f"[Kuska] {title}", body, None, [user.email])
            except (OSError, smtplib.SMTPException) as exc:
                # the alert is stored and shown whatever the mail server says: one mail lost is logged, not fatal
                log.warning(
                    "alert %s not mailed to user %s: %s", alert.pk, user.pk, type(exc).__name__
                )


def evaluate(
    actor: User | None = None,
    *,
    now: datetime.datetime | None = None,
    rules: Iterable[str] | None = None,
    source: str,
) -> list[Alert]:
    """Apply every entry of the catalogue (with ``rules``, the entries applying one of them); raise (store, tell,
    audit) an alert for each subject not yet alerted on by that entry, and return the alerts raised. Evaluating
    again raises nothing new. ``actor`` is who asked for the evaluation (none: a scheduled run, or Kuska after a
    care write), named by the events of the alerts raised."""
    now = now or timezone.now()
    only = None if rules is None else frozenset(rules)
    raised: list[Alert] = []
    for entry in catalogue():
        if only is not None and entry.rule not in only:
            continue
        known = set(Alert.objects.filter(rule=entry.id).values_list("subject", flat=True))
        for hit in RULES[entry.rule](entry.threshold, now):
            subject = record_ref(hit.subject)
            if subject in known:
                continue
            known.add(subject)
            try:
                with transaction.atomic():
                    alert = Alert.objects.create(
                        rule=entry.id,
                        subject=subject,
                        case=hit.case,
                        agency=hit.agency,
                        severity=entry.severity,
                        raised_at=now,
                    )
                    record_event(
                        actor,
                        Action.CARE_ALERT,
                        records=[alert, hit.subject],
                        reason=f"raised {entry.id}",
                        source=source,
                    )
            except IntegrityError:
                continue  # another evaluation raised it at the same time
            _send(entry, alert)
            raised.append(alert)
    return raised


# the rules that read what each care write changes: evaluated as soon as the write is committed, so an alert shows
# at once; the rules that hold only once time has passed (a deadline, 24 hours, 60 days) are evaluated on a
# schedule too (kuska.jobs.alerting)
READ_BY: dict[type[models.Model], frozenset[str]] = {
    Case: frozenset(
        {
            "no_facility_admits",
            "no_service_after_night_rescue",
            "foreign_without_residency",
            "closed_without_reintegration",
        }
    ),
    CaseReferral: frozenset(
        {
            "referral_unanswered",
            "referral_refused_for_who_they_are",
            "conditioned_on_statement",
        }
    ),
    Stay: frozenset({"child_in_police_station"}),
}


def after_write(sender: type[models.Model], *, source: str, **kwargs: object) -> None:
    """Evaluate the rules that read what a care write changed (:data:`READ_BY`), once it is committed, unless the
    write was made inside :func:`kuska.care.changes.held`; an error there is logged and leaves the write as it is
    (the scheduled evaluation catches up)."""
    rules = READ_BY.get(sender)
    if rules and not is_held():
        transaction.on_commit(
            functools.partial(evaluate, None, rules=rules, source=source), robust=True
        )


changed.connect(after_write, dispatch_uid="kuska.care.alerts.after_write")


def alerts_for(user: User | None) -> QuerySet[Alert]:
    """The alerts the user may see: every one with ``care.alerts`` (or for no user: the server's operator),
    else those of the agencies where they hold ``care.work``; the latest first."""
    found = Alert.objects.select_related("case", "agency").order_by("-raised_at", "pk")
    if user is None or has_permission(user, READ_ALL):
        return found
    return found.filter(Q(agency__in=agencies_where(user, WORK)))


def alert_for(user: User, pk: int) -> Alert:
    """The alert ``pk``, if the user may see it (:func:`alerts_for`); any other is :class:`NotInScopeError`."""
    found = alerts_for(user).filter(pk=pk).first()
    if found is None:
        raise NotInScopeError(_("no such alert"))
    return found


def _may_handle(user: User | None, alert: Alert) -> None:
    if user is None or has_permission(user, READ_ALL):
        return
    if alert.agency is None or not has_permission(user, WORK, alert.agency):
        raise AccessDeniedError(
            _("care.work at the alert's agency, or care.alerts, is needed to handle it")
        )


def acknowledge(user: User | None, alert: Alert, note: str, *, source: str) -> Alert:
    """Someone has seen the alert and says what is being done (a note is required)."""
    _may_handle(user, alert)
    if not note.strip():
        raise CareError(_("write a note to acknowledge the alert"))
    if alert.state != Alert.State.RAISED:
        raise CareError(_("only a raised alert can be acknowledged"))
    alert.state = Alert.State.ACKNOWLEDGED
    alert.acknowledged_at = timezone.now()
    alert.acknowledged_by = user
    alert.acknowledged_note = note.strip()
    alert.save()
    record_event(user, Action.CARE_ALERT, records=[alert], reason="acknowledged", source=source)
    return alert


def resolve(user: User | None, alert: Alert, note: str, *, source: str) -> Alert:
    """The alert's cause is dealt with (a note is required); an alert not yet acknowledged is acknowledged too."""
    _may_handle(user, alert)
    if not note.strip():
        raise CareError(_("write a note to resolve the alert"))
    if alert.state == Alert.State.RESOLVED:
        raise CareError(_("the alert is already resolved"))
    now = timezone.now()
    if alert.state == Alert.State.RAISED:
        alert.acknowledged_at, alert.acknowledged_by = now, user
    alert.state = Alert.State.RESOLVED
    alert.resolved_at = now
    alert.resolved_by = user
    alert.resolved_note = note.strip()
    alert.save()
    record_event(user, Action.CARE_ALERT, records=[alert], reason="resolved", source=source)
    return alert


def counts() -> dict[str, dict[str, int]]:
    """Every catalogue entry's alerts by state, and in all (``total``): entries never raised count 0."""
    found = {
        entry.id: {"raised": 0, "acknowledged": 0, "resolved": 0, "total": 0}
        for entry in catalogue()
    }
    for rule, state, number in (
        Alert.objects.values_list("rule", "state").annotate(n=models.Count("pk")).order_by()
    ):
        row = found.setdefault(rule, {"raised": 0, "acknowledged": 0, "resolved": 0, "total": 0})
        row[state] += number
        row["total"] += number
    return found
