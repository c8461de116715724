"""Referrals of a case to other agencies and providers, and their workflow.

::

    requested ──► accepted ──► started ──► completed
        │                        ├──────► declined (by the victim, with a reason)
        └──► refused (reason)    └──────► interrupted

The referral is written through intake as the case's agency's :class:`~kuska.registry.models.Referral` record
(its outcome and date decided follow the workflow); a service started is its
:class:`~kuska.registry.models.ServiceEpisode`. A referral that shares the victim's identity needs the victim's
consent to sharing, or an override by a user holding ``care.override`` with a reason: the override is a
``care.override`` audit event. A transition the workflow does not allow raises :class:`CareError`.

>>> # ref = refer(worker, case, service_type="shelter", to_agency=mimp, source=...)
>>> # accept(receiving_worker, ref, source=...); start(receiving_worker, ref, source=...)
"""

from __future__ import annotations

import datetime

from django.db import transaction
from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from kuska.access import AccessDeniedError, NotInScopeError
from kuska.accounts.models import User
from kuska.accounts.permissions import agencies_where, has_permission
from kuska.audit.models import Action, Outcome
from kuska.audit.trail import record_event
from kuska.care.cases import OVERRIDE, WORK, consents, require
from kuska.care.changes import changed
from kuska.care.errors import CareError, ConsentRequiredError
from kuska.care.models import Case, CaseReferral, Purpose, Status
from kuska.care.settings import care_settings, refusal_reasons
from kuska.care.writing import new_record_id, row_of, write
from kuska.registry.codes import ReferralOutcome
from kuska.registry.models import Agency, Facility, Referral, ServiceEpisode
from kuska.registry.records import RECORD_TYPES

REFERRALS = RECORD_TYPES["referrals"]
SERVICES = RECORD_TYPES["services"]

# the statuses a referral may move to from each status
NEXT: dict[str, frozenset[str]] = {
    Status.REQUESTED: frozenset({Status.ACCEPTED, Status.REFUSED}),
    Status.ACCEPTED: frozenset({Status.STARTED, Status.DECLINED}),
    Status.STARTED: frozenset({Status.COMPLETED, Status.DECLINED, Status.INTERRUPTED}),
    Status.REFUSED: frozenset(),
    Status.COMPLETED: frozenset(),
    Status.DECLINED: frozenset(),
    Status.INTERRUPTED: frozenset(),
}

# what the registry's referral record says of each status
OUTCOME: dict[str, str] = {
    Status.REQUESTED: ReferralOutcome.PENDING,
    Status.ACCEPTED: ReferralOutcome.PENDING,
    Status.REFUSED: ReferralOutcome.REFUSED_BY_PROVIDER,
    Status.STARTED: ReferralOutcome.PROVIDED,
    Status.COMPLETED: ReferralOutcome.PROVIDED,
    Status.INTERRUPTED: ReferralOutcome.PROVIDED,
    Status.DECLINED: ReferralOutcome.DECLINED_BY_VICTIM,
}


def refer(
    user: User | None,
    case: Case,
    *,
    service_type: str,
    to_agency: Agency | None = None,
    facility: Facility | None = None,
    shares_identity: bool = False,
    conditioned_on_statement: bool = False,
    override_reason: str = "",
    requested_at: datetime.datetime | None = None,
    source: str,
) -> CaseReferral:
    """Refer the case's victim to a service (of the profile's ``service_type`` list), at an agency or a facility.

    Sharing the victim's identity needs their consent to ``sharing``; without it, ``override_reason`` with
    ``care.override`` at the case's agency lets it go (a ``care.override`` event, the reason as said), and any
    other attempt is refused (:class:`ConsentRequiredError`; with a reason but without the permission, a
    ``denied`` event too)."""
    require(user, WORK, case)
    override_reason = override_reason.strip()
    overridden = False
    if shares_identity and not consents(case).get(Purpose.SHARING, False):
        if not override_reason:
            raise ConsentRequiredError(
                _(
                    "the victim has not consented to sharing their identity with another agency: record "
                    "their consent, or give the reason for an override"
                )
            )
        if user is not None and not has_permission(user, OVERRIDE, case.agency):
            record_event(
                user,
                Action.CARE_OVERRIDE,
                records=[case],
                reason=override_reason,
                outcome=Outcome.DENIED,
                source=source,
            )
            raise AccessDeniedError(
                format_lazy(
                    _("{permission} at {agency} is needed to share an identity without consent"),
                    permission=OVERRIDE,
                    agency=case.agency.code,
                )
            )
        overridden = True
    requested_at = requested_at or timezone.now()
    if facility is not None and to_agency is None:
        to_agency = facility.agency
    row = {
        "record_id": new_record_id(),
        "person_id": case.victim.source_record_id,
        "service_type": service_type,
        "requested_on": timezone.localtime(requested_at).date().isoformat(),
        "outcome": ReferralOutcome.PENDING,
        "conditioned_on_statement": "true" if conditioned_on_statement else "false",
    }
    if to_agency is not None:
        row["to_agency"] = to_agency.code
    if facility is not None and facility.agency_id == case.agency_id:
        # a record refers only to its own agency's records: another agency's facility is named by its agency
        row["facility_id"] = facility.source_record_id
    with transaction.atomic():
        record = write(REFERRALS, row, case.agency, user, source=source)
        assert isinstance(record, Referral)
        referral = CaseReferral.objects.create(
            case=case,
            referral=record,
            to_agency=to_agency,
            facility=facility,
            service_type=service_type,
            requested_at=requested_at,
            due_at=requested_at + care_settings().response_time(service_type),
            shares_identity=shares_identity,
            conditioned_on_statement=conditioned_on_statement,
            override_reason=override_reason if overridden else "",
            requested_by=user,
        )
        record_event(
            user,
            Action.CARE_REFERRAL,
            records=[case, referral, record],
            reason="requested",
            source=source,
        )
        if overridden:
            record_event(
                user,
                Action.CARE_OVERRIDE,
                records=[case, referral],
                reason=override_reason,
                source=source,
            )
        changed.send(CaseReferral, actor=user, source=source)
    return referral


def awaiting_answer(user: User) -> QuerySet[CaseReferral]:
    """The referrals waiting for the user's agencies to answer (sent to an agency where they hold ``care.work``),
    the nearest deadline first: the tasks due."""
    return (
        CaseReferral.objects.select_related("case__agency", "to_agency")
        .filter(status=Status.REQUESTED, to_agency__in=agencies_where(user, WORK))
        .order_by("due_at", "pk")
    )


def referral_for(user: User, pk: int) -> CaseReferral:
    """The referral ``pk`` made by or sent to an agency where the user holds ``care.work``; any other, as one that
    does not exist, is :class:`NotInScopeError`."""
    agencies = agencies_where(user, WORK)
    found = (
        CaseReferral.objects.select_related("case__agency", "to_agency", "facility", "referral")
        .filter(Q(case__agency__in=agencies) | Q(to_agency__in=agencies), pk=pk)
        .first()
    )
    if found is None:
        raise NotInScopeError(_("no such referral"))
    return found


def statuses_from(referral: CaseReferral, user: User | None = None) -> list[str]:
    """The statuses the referral may move to from where it stands, in the workflow's order; given a user, those
    they may move it to (only the receiving agency accepts or refuses)."""
    found = []
    for status in Status.values:
        if status not in NEXT[referral.status]:
            continue
        try:
            _may_answer(user, referral, status)
        except AccessDeniedError:
            continue
        found.append(status)
    return found


def receiving_agencies() -> QuerySet[Agency]:
    """The agencies a referral may be sent to: every agency, by code."""
    return Agency.objects.order_by("code")


def agency_by_code(code: str) -> Agency | None:
    """The agency of that code, if there is one."""
    return Agency.objects.filter(code=code).first()


def _may_answer(user: User | None, referral: CaseReferral, status: str) -> None:
    """The receiving agency's case workers accept or refuse a referral (the referring agency's, when it names no
    receiving agency); after that, the referring or the receiving agency's move it on."""
    if user is None:
        return
    if status in (Status.ACCEPTED, Status.REFUSED) and referral.to_agency is not None:
        if not has_permission(user, WORK, referral.to_agency):
            raise AccessDeniedError(
                format_lazy(
                    _(
                        "{permission} at the receiving agency is needed to accept or refuse a referral"
                    ),
                    permission=WORK,
                )
            )
        return
    agencies = [referral.case.agency, referral.to_agency]
    if not any(a is not None and has_permission(user, WORK, a) for a in agencies):
        raise AccessDeniedError(
            format_lazy(
                _(
                    "{permission} at the referring or the receiving agency is needed to answer a referral"
                ),
                permission=WORK,
            )
        )


def _move(
    user: User | None,
    referral: CaseReferral,
    status: str,
    *,
    at: datetime.datetime | None,
    source: str,
    reason: str = "",
    note: str = "",
) -> CaseReferral:
    _may_answer(user, referral, status)
    if status not in NEXT[referral.status]:
        raise CareError(
            format_lazy(
                _("a referral cannot go from “{current}” to “{status}”"),
                current=Status(referral.status).label,
                status=Status(status).label,
            )
        )
    at = at or timezone.now()
    day = timezone.localtime(at).date().isoformat()
    case = referral.case
    with transaction.atomic():
        if status in (Status.ACCEPTED, Status.REFUSED):
            referral.answered_at = at
        if status == Status.REFUSED:
            referral.refusal_reason = reason
        if status in (Status.DECLINED, Status.INTERRUPTED, Status.COMPLETED):
            referral.ended_at = at
        if note:
            referral.note = note[:300]
        # the registry's referral says what the workflow says
        row = row_of(referral.referral, REFERRALS)
        row["outcome"] = OUTCOME[status]
        if referral.answered_at is not None:
            row["decided_on"] = timezone.localtime(referral.answered_at).date().isoformat()
        elif status in (Status.STARTED, Status.DECLINED):
            row["decided_on"] = day
        if status == Status.REFUSED:
            row["outcome_reason"] = reason
        elif status == Status.DECLINED:
            row["outcome_reason"] = note[:300]
        write(REFERRALS, row, case.agency, user, source=source)
        if status == Status.STARTED:
            referral.started_at = at
            service = write(
                SERVICES,
                {
                    "record_id": new_record_id(),
                    "person_id": case.victim.source_record_id,
                    "service_type": referral.service_type,
                    "started_on": day,
                    "referral_id": referral.referral.source_record_id,
                },
                case.agency,
                user,
                source=source,
            )
            assert isinstance(service, ServiceEpisode)
            referral.service = service
        elif referral.service is not None and status in (
            Status.COMPLETED,
            Status.INTERRUPTED,
            Status.DECLINED,
        ):
            service_row = row_of(referral.service, SERVICES)
            service_row["ended_on"] = day
            write(SERVICES, service_row, case.agency, user, source=source)
        referral.status = status
        referral.save()
        referral.referral.refresh_from_db()
        record_event(
            user, Action.CARE_REFERRAL, records=[case, referral], reason=status, source=source
        )
        changed.send(CaseReferral, actor=user, source=source)
    return referral


def accept(
    user: User | None, referral: CaseReferral, *, at: datetime.datetime | None = None, source: str
) -> CaseReferral:
    """The receiving agency accepts the referral."""
    return _move(user, referral, Status.ACCEPTED, at=at, source=source)


def refuse(
    user: User | None,
    referral: CaseReferral,
    reason: str,
    *,
    note: str = "",
    at: datetime.datetime | None = None,
    source: str,
) -> CaseReferral:
    """The receiving agency refuses the referral, for a reason of the profile's ``referral_refusal_reason`` list
    (no capacity, does not admit the person's sex, age or gender identity, outside hours, other)."""
    if reason not in refusal_reasons():
        raise CareError(
            format_lazy(
                _("“{reason}” is not a reason for refusing a referral ({known})"),
                reason=reason,
                known=", ".join(sorted(refusal_reasons())),
            )
        )
    return _move(user, referral, Status.REFUSED, at=at, source=source, reason=reason, note=note)


def start(
    user: User | None, referral: CaseReferral, *, at: datetime.datetime | None = None, source: str
) -> CaseReferral:
    """The service starts: a service episode is recorded for the victim, pointing at the referral."""
    return _move(user, referral, Status.STARTED, at=at, source=source)


def complete(
    user: User | None, referral: CaseReferral, *, at: datetime.datetime | None = None, source: str
) -> CaseReferral:
    """The service was given in full: its episode ends."""
    return _move(user, referral, Status.COMPLETED, at=at, source=source)


def interrupt(
    user: User | None,
    referral: CaseReferral,
    *,
    note: str = "",
    at: datetime.datetime | None = None,
    source: str,
) -> CaseReferral:
    """The service stopped before its end."""
    return _move(user, referral, Status.INTERRUPTED, at=at, source=source, note=note)


def decline(
    user: User | None,
    referral: CaseReferral,
    reason: str,
    *,
    at: datetime.datetime | None = None,
    source: str,
) -> CaseReferral:
    """The victim declined the service, for the reason they gave."""
    if not reason.strip():
        raise CareError(_("say why the victim declined the service"))
    return _move(user, referral, Status.DECLINED, at=at, source=source, note=reason.strip())
