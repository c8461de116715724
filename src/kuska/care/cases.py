"""The care case of a victim: who is in charge, its stage, its risk, the victim's consents and its timeline.

A case is opened by the agency in charge on its own person record of the victim (the records care writes refer
to it). Every action needs ``care.work`` at the case's agency; reading the timeline needs the victim's records
to be in the user's scope (:mod:`kuska.access`).

>>> # case = open_case(worker, victim_record, identified_at=now, source="203.0.113.7")
>>> # move(worker, case, Stage.ASSESSED, source=...)       # identified → assessed
>>> # record_consent(worker, case, Purpose.SHARING, True, source=...)
>>> # [entry.kind for entry in timeline(worker, case, source=...)]
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.db import models, transaction
from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from kuska.access import AccessDeniedError, NotInScopeError, pseudonym, record_types, records_for
from kuska.accounts.models import Membership, User
from kuska.accounts.permissions import agencies_where, has_permission
from kuska.accounts.tree import covers
from kuska.audit.models import Action
from kuska.audit.trail import record_event
from kuska.care.changes import changed
from kuska.care.errors import CareError
from kuska.care.models import Case, Consent, Purpose, Risk, Stage, StageChange
from kuska.care.writing import new_record_id, write
from kuska.linkage.models import ClusterAssignment, LinkageRun
from kuska.registry.codes import Role
from kuska.registry.models import Agency, PersonRecord, ServiceEpisode
from kuska.registry.records import RECORD_TYPES

WORK = "care.work"
OVERRIDE = "care.override"

# the stages a case may move to from each stage: forward one step, or closed; a closed case is reopened, and a
# reopened case goes back to the stage its work resumes at
NEXT: dict[str, frozenset[str]] = {
    Stage.IDENTIFIED: frozenset({Stage.ASSESSED, Stage.CLOSED}),
    Stage.ASSESSED: frozenset({Stage.CARE_PLAN, Stage.CLOSED}),
    Stage.CARE_PLAN: frozenset({Stage.SERVICES, Stage.CLOSED}),
    Stage.SERVICES: frozenset({Stage.REINTEGRATION, Stage.CLOSED}),
    Stage.REINTEGRATION: frozenset({Stage.CLOSED}),
    Stage.CLOSED: frozenset({Stage.REOPENED}),
    Stage.REOPENED: frozenset(
        {Stage.ASSESSED, Stage.CARE_PLAN, Stage.SERVICES, Stage.REINTEGRATION, Stage.CLOSED}
    ),
}


def require(user: User | None, permission: str, case: Case) -> None:
    """Refuse (:class:`AccessDeniedError`) a user who does not hold ``permission`` at the case's agency. A
    command run without a user (the server's operator) holds every permission."""
    if user is None:
        return
    if not has_permission(user, permission, case.agency):
        raise AccessDeniedError(
            format_lazy(
                _("{permission} at {agency} is needed to work on this case"),
                permission=permission,
                agency=case.agency.code,
            )
        )


def open_case(
    user: User | None,
    victim: PersonRecord,
    *,
    identified_at: datetime.datetime,
    in_operation: bool = False,
    risk: str = Risk.MEDIUM,
    worker: User | None = None,
    source: str,
) -> Case:
    """Open the care case of a victim at the agency that recorded ``victim`` (which must be a victim's record),
    with ``worker`` (else the user) as its case worker."""
    if victim.role != Role.VICTIM:
        raise CareError(_("a care case is opened on a victim's record"))
    if risk not in Risk.values:
        raise CareError(format_lazy(_("unknown risk level: {risk}"), risk=risk))
    if identified_at > timezone.now():
        raise CareError(_("a victim cannot be identified in the future"))
    if worker is not None and not has_permission(worker, WORK, victim.agency):
        raise CareError(
            format_lazy(
                _("the case worker must hold care.work at {agency}"), agency=victim.agency.code
            )
        )
    case = Case(
        victim=victim,
        agency=victim.agency,
        worker=worker or user,
        risk=risk,
        identified_at=identified_at,
        in_operation=in_operation,
    )
    require(user, WORK, case)
    if Case.objects.filter(victim=victim).exists():
        raise CareError(_("this victim's record already has a care case: reopen it"))
    case.save()
    record_event(user, Action.CARE_CASE, records=[case], reason="opened", source=source)
    changed.send(Case, actor=user, source=source)
    return case


def agencies_in_charge(user: User) -> QuerySet[Agency]:
    """The agencies where the user may open a case (``care.work``), by code."""
    return Agency.objects.filter(pk__in=agencies_where(user, WORK)).order_by("code")


def victim_record(user: User, agency: Agency, record_id: str) -> PersonRecord:
    """The agency's own record of a victim, by the agency's record id (as written in its files): the record a
    case of the agency is opened on. The user must hold ``care.work`` there; a record that is not the agency's,
    not a victim's, or that has a case already is refused (:class:`CareError`), naming the record id."""
    if agency.pk not in agencies_where(user, WORK):
        raise AccessDeniedError(
            format_lazy(
                _("{permission} at {agency} is needed to open a case there"),
                permission=WORK,
                agency=agency.code,
            )
        )
    record_id = record_id.strip()
    if not record_id:
        raise CareError(_("give the agency's record id of the victim"))
    found = PersonRecord.objects.filter(agency=agency, source_record_id=record_id).first()
    if found is None:
        raise CareError(
            format_lazy(
                _("{agency} has no person record {record_id}"),
                agency=agency.code,
                record_id=record_id,
            )
        )
    if found.role != Role.VICTIM:
        raise CareError(
            format_lazy(
                _("record {record_id} of {agency} is not a victim's"),
                agency=agency.code,
                record_id=record_id,
            )
        )
    if Case.objects.filter(victim=found).exists():
        raise CareError(
            format_lazy(
                _("record {record_id} of {agency} already has a care case: reopen it"),
                agency=agency.code,
                record_id=record_id,
            )
        )
    return found


def workers_at(agency: Agency) -> list[User]:
    """The active users holding ``care.work`` at the agency (a membership of it or of an agency above it), by
    e-mail: those a case of the agency may be given to."""
    memberships = Membership.objects.filter(
        role__permissions__code=WORK, user__is_active=True
    ).select_related("user", "agency")
    found = {m.user.pk: m.user for m in memberships if covers(m.agency, agency)}
    return sorted(found.values(), key=lambda user: user.email)


def move(user: User | None, case: Case, stage: str, *, source: str) -> Case:
    """Move the case to ``stage``, if the workflow allows it from where the case is (:data:`NEXT`); otherwise
    :class:`CareError`, and nothing changes."""
    require(user, WORK, case)
    if stage not in Stage.values:
        raise CareError(format_lazy(_("unknown stage: {stage}"), stage=stage))
    if stage not in NEXT[case.stage]:
        raise CareError(
            format_lazy(
                _("a case cannot move from “{current}” to “{stage}”"),
                current=Stage(case.stage).label,
                stage=Stage(stage).label,
            )
        )
    with transaction.atomic():
        StageChange.objects.create(case=case, from_stage=case.stage, to_stage=stage, by=user)
        case.stage = stage
        case.save(update_fields=["stage"])
        if stage == Stage.CARE_PLAN:
            _record_care_plan(user, case, source=source)
        record_event(user, Action.CARE_CASE, records=[case], reason=f"stage {stage}", source=source)
        changed.send(Case, actor=user, source=source)
    return case


CARE_PLAN_SERVICE = (
    "care_plan"  # the profile's service type of a care plan (code list service_type)
)


def _record_care_plan(user: User | None, case: Case, *, source: str) -> None:
    """The care plan is the harmonized record every figure counts (``victims_with_care_plan``): a service episode
    of type ``care_plan`` of the case's agency, written through intake the first time the case reaches the stage
    (a case reopened and planned again keeps its first)."""
    if ServiceEpisode.objects.filter(victim=case.victim, service_type=CARE_PLAN_SERVICE).exists():
        return
    write(
        RECORD_TYPES["services"],
        {
            "record_id": new_record_id(),
            "person_id": case.victim.source_record_id,
            "service_type": CARE_PLAN_SERVICE,
            "started_on": timezone.localdate().isoformat(),
        },
        case.agency,
        user,
        source=source,
    )


def set_risk(user: User | None, case: Case, risk: str, *, source: str) -> Case:
    """Set the case's risk level."""
    require(user, WORK, case)
    if risk not in Risk.values:
        raise CareError(format_lazy(_("unknown risk level: {risk}"), risk=risk))
    case.risk = risk
    case.save(update_fields=["risk"])
    record_event(user, Action.CARE_CASE, records=[case], reason=f"risk {risk}", source=source)
    return case


def assign(user: User | None, case: Case, worker: User, *, source: str) -> Case:
    """Give the case to a case worker, who must hold ``care.work`` at the case's agency."""
    require(user, WORK, case)
    if not has_permission(worker, WORK, case.agency):
        raise CareError(
            format_lazy(
                _("the case worker must hold care.work at {agency}"), agency=case.agency.code
            )
        )
    case.worker = worker
    case.save(update_fields=["worker"])
    record_event(user, Action.CARE_CASE, records=[case, worker], reason="assigned", source=source)
    return case


def cases_for(user: User, *, mine: bool = False) -> QuerySet[Case]:
    """The cases of the agencies where the user holds ``care.work`` (with ``mine``, only those they are the case
    worker of), the most recently opened first."""
    found = Case.objects.select_related("agency", "worker").filter(
        agency__in=agencies_where(user, WORK)
    )
    if mine:
        found = found.filter(worker=user)
    return found.order_by("-opened_at", "-pk")


def case_for(user: User, pk: int) -> Case:
    """The case ``pk`` of an agency where the user holds ``care.work``; any other case, as one that does not
    exist, is :class:`NotInScopeError`."""
    found = cases_for(user).filter(pk=pk).select_related("victim").first()
    if found is None:
        raise NotInScopeError(_("no such case"))
    return found


def stages_from(case: Case) -> list[str]:
    """The stages the case may move to from where it is, in the workflow's order."""
    return [stage for stage in Stage.values if stage in NEXT[case.stage]]


# -- consent -------------------------------------------------------------------------------------------------


def record_consent(
    user: User | None,
    case: Case,
    purpose: str,
    given: bool,
    *,
    asked_by: User | None = None,
    asked_at: datetime.datetime | None = None,
    source: str,
) -> Consent:
    """The victim's answer on a purpose (:class:`Purpose`), asked by ``asked_by`` (else the user) at
    ``asked_at`` (else now). It replaces any earlier answer on the purpose."""
    require(user, WORK, case)
    if purpose not in Purpose.values:
        raise CareError(format_lazy(_("unknown purpose of consent: {purpose}"), purpose=purpose))
    consent = Consent.objects.create(
        case=case,
        purpose=purpose,
        given=given,
        asked_by=asked_by or user,
        asked_at=asked_at or timezone.now(),
    )
    record_event(
        user,
        Action.CARE_CONSENT,
        records=[case, consent],
        reason=f"{purpose} {'given' if given else 'refused'}",
        source=source,
    )
    return consent


def consents(case: Case) -> dict[str, bool]:
    """The answers in force, by purpose: the latest of each; a purpose never asked about is absent."""
    found: dict[str, bool] = {}
    for consent in Consent.objects.filter(case=case).order_by("asked_at", "pk"):
        found[consent.purpose] = consent.given
    return found


# -- the person and the timeline -----------------------------------------------------------------------------


def person_records(victim: PersonRecord) -> list[int]:
    """The ids of the person records of the same person as ``victim``: its linked person in the latest
    completed linkage run, else ``victim`` alone."""
    run = LinkageRun.objects.filter(status=LinkageRun.Status.COMPLETED).order_by("-pk").first()
    if run is None:
        return [victim.pk]
    person = (
        ClusterAssignment.objects.filter(run=run, record=victim)
        .values_list("person_id", flat=True)
        .first()
    )
    if person is None:
        return [victim.pk]
    return sorted(
        ClusterAssignment.objects.filter(run=run, person_id=person).values_list(
            "record_id", flat=True
        )
    )


@dataclass(frozen=True)
class Entry:
    """One line of a timeline: when, what kind of record or event, its pseudonym, the agency that recorded it and
    a word on it (a code, a stage), never an identity."""

    on: datetime.date
    kind: str
    reference: str
    agency: str
    what: str


def _day(value: object) -> datetime.date | None:
    if isinstance(value, datetime.datetime):
        return timezone.localtime(value).date()
    if isinstance(value, datetime.date):
        return value
    return None


def timeline(user: User, case: Case, *, source: str) -> list[Entry]:
    """Everything recorded about the case's victim by the agencies the user may see, oldest first: the person's
    records of every agency (the victim's linked person records) in the user's scope, each dated by its record
    type's date, and the case's own stage changes, consents and referrals. A ``records.list`` event names the
    records shown. A victim whose record is out of the user's scope is :class:`NotInScopeError`."""
    persons = records_for(user, PersonRecord).filter(pk__in=person_records(case.victim))
    if not persons.filter(pk=case.victim_id).exists():
        raise NotInScopeError(_("no such case"))
    person_ids = list(persons.values_list("pk", flat=True))
    entries: list[Entry] = []
    shown: list[models.Model] = []
    for name, record_type in record_types().items():
        model = record_type.model_class()
        if record_type.identity_columns:
            found = persons
        elif record_type.person is not None:
            found = records_for(user, model).filter(
                Q(**{f"{record_type.person.stored_as}__in": person_ids})
            )
        else:
            continue
        dated_by = record_type.column(record_type.date).stored_as if record_type.date else ""
        for record in found:
            day = _day(getattr(record, dated_by, None)) if dated_by else None
            day = day or _day(record.received_at)
            assert day is not None
            what = str(getattr(record, "service_type", "") or getattr(record, "role", "") or "")
            entries.append(Entry(day, name, pseudonym(record), record.agency.code, what))
            shown.append(record)
    for change in case.stage_changes.all():
        entries.append(
            Entry(
                _day(change.at) or change.at.date(),
                "stage",
                pseudonym(change),
                case.agency.code,
                change.to_stage,
            )
        )
    for consent in case.consents.all():
        entries.append(
            Entry(
                _day(consent.asked_at) or consent.asked_at.date(),
                "consent",
                pseudonym(consent),
                case.agency.code,
                f"{consent.purpose}:{'yes' if consent.given else 'no'}",
            )
        )
    for referral in case.referrals.all():
        entries.append(
            Entry(
                _day(referral.requested_at) or referral.requested_at.date(),
                "referral_status",
                pseudonym(referral),
                case.agency.code,
                referral.status,
            )
        )
    record_event(user, Action.RECORDS_LIST, records=[case, *shown], source=source)
    entries.sort(key=lambda entry: (entry.on, entry.kind, entry.reference))
    return entries
