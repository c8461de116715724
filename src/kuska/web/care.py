"""The care pages: a case worker's cases, the form that opens one, a case's timeline and the forms that work it (a
referral, a service, a placement, a consent, a stage), the referrals waiting for their agency's answer, the
facilities' occupancy with the directory of places free tonight, a facility's admissions (the facility manager's
page), and the alerts (docs/care.md).

Each view checks access, calls :mod:`kuska.care` (which reads person records through :mod:`kuska.access` and
audits what it does) and renders; nothing more. A case, referral, facility or alert of an agency the user does not
work for is answered 404, as one that does not exist. A refused action comes back on its form with the domain's
translated message (status 400) and nothing changed. No page shows an identity: records go by pseudonym.
"""

from __future__ import annotations

import datetime
from typing import Any

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import pgettext_lazy
from django.views.decorators.http import require_GET, require_http_methods

from kuska.access import AccessDeniedError, NotInScopeError, holds, pseudonym
from kuska.accounts.models import User
from kuska.audit.trail import request_source
from kuska.care import alerts as care_alerts
from kuska.care import cases, facilities, referrals
from kuska.care.errors import CareError
from kuska.care.models import Alert, Case, CaseReferral, Purpose, Risk, Stage, Status
from kuska.i18n import active_language, localized
from kuska.registry.codes import code_labels
from kuska.registry.records import RECORD_TYPES
from kuska.web.pages import requires

WORK = cases.WORK
ADMIT = facilities.ADMIT
ALERTS = care_alerts.READ_ALL
# the days of occupancy a facility's page shows, up to tonight
OCCUPANCY_DAYS = 14
SEVERITY = {
    "info": pgettext_lazy("alert severity", "information"),
    "warning": pgettext_lazy("alert severity", "warning"),
    "critical": pgettext_lazy("alert severity", "critical"),
}


def _user(request: HttpRequest) -> User:
    user = request.user
    assert isinstance(user, User)
    return user


def _labels() -> dict[str, dict[str, str]]:
    language = active_language()
    return {
        name: code_labels(name, language)
        for name in ("service_type", "referral_refusal_reason", "facility_type", "person_role")
    }


def _alert_title(alert: Alert) -> str:
    entry = care_alerts.definition(alert.rule)
    return entry.title(active_language()) if entry is not None else alert.rule


def _severity(severity: str) -> str:
    return str(SEVERITY.get(severity, severity))


def _alert_rows(found: Any) -> list[tuple[Alert, str, str]]:
    return [(alert, _alert_title(alert), _severity(alert.severity)) for alert in found]


def _open_alerts(user: User) -> Any:
    return care_alerts.alerts_for(user).exclude(state=Alert.State.RESOLVED)


def _case(request: HttpRequest, pk: int) -> Case:
    try:
        return cases.case_for(_user(request), pk)
    except NotInScopeError:
        raise Http404(_("No such case.")) from None


def _refusal(exc: Exception) -> int:
    return 403 if isinstance(exc, AccessDeniedError) else 400


# -- a case worker's cases -------------------------------------------------------------------------------------


@require_GET
@requires(WORK)
def cases_page(request: HttpRequest) -> HttpResponse:
    """The user's cases (with ``?all=1``, every case of their agencies), the number of referrals waiting for their
    agencies' answer and the open alerts of their agencies."""
    user = _user(request)
    every = request.GET.get("all") == "1"
    found = cases.cases_for(user, mine=not every).select_related("victim")[:200]
    now = timezone.now()
    awaiting = referrals.awaiting_answer(user)
    return render(
        request,
        "web/care_cases.html",
        {
            "rows": [(case, pseudonym(case.victim)) for case in found],
            "every": every,
            "awaiting": awaiting.count(),
            "overdue": awaiting.filter(due_at__lt=now).count(),
            "alerts": _alert_rows(_open_alerts(user)[:20]),
        },
    )


def _int(text: str) -> int:
    return int(text) if text.isascii() and text.isdigit() and len(text) < 12 else 0


def _moment(text: str) -> datetime.datetime:
    """A local day and hour from a ``datetime-local`` field."""
    try:
        moment = datetime.datetime.fromisoformat(text.strip())
    except ValueError:
        raise CareError(
            _("give the day and hour the victim was identified (YYYY-MM-DD HH:MM), not “%(value)s”")
            % {"value": text[:40]}
        ) from None
    if timezone.is_naive(moment):
        moment = timezone.make_aware(moment)
    return moment


@require_http_methods(["GET", "POST"])
@requires(WORK)
def new_case_page(request: HttpRequest) -> HttpResponse:
    """The form to open a care case: the agency in charge (one where the user holds ``care.work``), the agency's
    record id of the victim, the case worker, the risk level, when the victim was identified and whether in a
    rescue operation. Opened, the user goes to the case (a ``care.case`` event)."""
    user = _user(request)
    agencies = list(cases.agencies_in_charge(user))
    workers: dict[int, User] = {}
    for each in agencies:
        workers.update((worker.pk, worker) for worker in cases.workers_at(each))
    problem, status = "", 200
    if request.method == "POST":
        post = request.POST
        chosen: dict[str, str] = {key: str(post.get(key, "")) for key in post}
        try:
            agency = next((a for a in agencies if a.code == post.get("agency", "")), None)
            if agency is None:
                raise CareError(_("choose the agency in charge of the case"))
            victim = cases.victim_record(user, agency, post.get("record_id", ""))
            worker = workers.get(_int(post.get("worker", "")))
            if worker is None:
                raise CareError(_("choose the case worker"))
            case = cases.open_case(
                user,
                victim,
                identified_at=_moment(post.get("identified_at", "")),
                in_operation=post.get("in_operation") == "on",
                risk=post.get("risk", ""),
                worker=worker,
                source=request_source(request),
            )
        except (CareError, AccessDeniedError) as exc:
            problem, status = str(exc), _refusal(exc)
        else:
            messages.success(request, _("Case %(number)s was opened.") % {"number": case.pk})
            return redirect("web:case", pk=case.pk)
    else:
        chosen = {
            "agency": agencies[0].code if len(agencies) == 1 else "",
            "worker": str(user.pk),
            "risk": Risk.MEDIUM,
            "identified_at": timezone.localtime().strftime("%Y-%m-%dT%H:%M"),
        }
    language = active_language()
    return render(
        request,
        "web/care_new_case.html",
        {
            "agencies": [(a.code, localized(a, "name", language)) for a in agencies],
            "workers": sorted(
                ((str(w.pk), str(w)) for w in workers.values()), key=lambda item: item[1]
            ),
            "risks": Risk.choices,
            "chosen": chosen,
            "problem": problem,
        },
        status=status,
    )


def _timeline(user: User, case: Case, source: str) -> tuple[list[Any], bool]:
    labels = _labels()
    kinds = {name: str(record_type.label) for name, record_type in RECORD_TYPES.items()}
    kinds.update(
        {
            "stage": _("Stage"),
            "consent": _("Consent"),
            "referral_status": _("Referral (workflow)"),
        }
    )
    try:
        entries = cases.timeline(user, case, source=source)
    except NotInScopeError:
        return [], False
    shown = []
    for entry in entries:
        what = entry.what
        if entry.kind == "stage" and what in Stage.values:
            what = str(Stage(what).label)
        elif entry.kind == "referral_status" and what in Status.values:
            what = str(Status(what).label)
        elif entry.kind == "consent":
            purpose, _sep, given = what.partition(":")
            answer = _("given") if given == "yes" else _("refused")
            what = f"{Purpose(purpose).label if purpose in Purpose.values else purpose}: {answer}"
        else:
            what = labels["service_type"].get(what) or labels["person_role"].get(what, what)
        shown.append((entry, kinds.get(entry.kind, entry.kind), what))
    return shown, True


def _case_context(request: HttpRequest, case: Case) -> dict[str, Any]:
    user = _user(request)
    entries, in_scope = _timeline(user, case, request_source(request))
    labels = _labels()
    in_force = cases.consents(case)
    return {
        "case": case,
        "victim": pseudonym(case.victim),
        "stage": Stage(case.stage).label,
        "risk": Risk(case.risk).label,
        "entries": entries,
        "in_scope": in_scope,
        "stages": [(stage, Stage(stage).label) for stage in cases.stages_from(case)],
        "purposes": [(value, label, in_force.get(value)) for value, label in Purpose.choices],
        "referrals": [
            (
                referral,
                labels["service_type"].get(referral.service_type, referral.service_type),
                Status(referral.status).label,
                labels["referral_refusal_reason"].get(referral.refusal_reason, ""),
                [
                    (status, Status(status).label)
                    for status in referrals.statuses_from(referral)
                    if status
                    in (Status.STARTED, Status.COMPLETED, Status.INTERRUPTED, Status.DECLINED)
                ],
            )
            for referral in case.referrals.select_related("to_agency").order_by(
                "-requested_at", "-pk"
            )
        ],
        "stays": [
            (
                stay,
                pseudonym(stay.placement),
                labels["facility_type"].get(
                    stay.placement.facility.facility_type, stay.placement.facility.facility_type
                )
                if stay.placement.facility
                else "",
            )
            for stay in facilities.stays_of(case)
        ],
        "alerts": _alert_rows(case.alerts.order_by("-raised_at", "pk")),
        "problem": "",
        "problem_form": "",
    }


# the actions the case's page takes (POST ``action``) and what each does
def _act(request: HttpRequest, case: Case) -> str:
    user, source, post = _user(request), request_source(request), request.POST
    action = post.get("action", "")
    if action == "stage":
        cases.move(user, case, post.get("stage", ""), source=source)
        return _("The case moved to “%(stage)s”.") % {"stage": Stage(case.stage).label}
    if action == "consent":
        purpose, given = post.get("purpose", ""), post.get("given", "")
        if given not in ("yes", "no"):
            raise CareError(_("say whether the victim gave their consent"))
        cases.record_consent(user, case, purpose, given == "yes", source=source)
        return _("The consent was recorded.")
    if action == "service":
        try:
            referral = case.referrals.get(pk=int(post.get("referral", "")))
        except (ValueError, CaseReferral.DoesNotExist):
            raise CareError(_("no such referral in this case")) from None
        status = post.get("status", "")
        if status == Status.STARTED:
            referrals.start(user, referral, source=source)
        elif status == Status.COMPLETED:
            referrals.complete(user, referral, source=source)
        elif status == Status.INTERRUPTED:
            referrals.interrupt(user, referral, note=post.get("note", ""), source=source)
        elif status == Status.DECLINED:
            referrals.decline(user, referral, post.get("note", ""), source=source)
        else:
            raise CareError(_("choose what happened to the service"))
        return _("The service was recorded.")
    if action == "discharge":
        try:
            stay = facilities.stay_of(case, int(post.get("stay", "")))
        except ValueError:
            raise CareError(_("no such stay in this case")) from None
        facilities.discharge(user, stay, source=source)
        return _("The discharge was recorded.")
    raise CareError(_("unknown action"))


@require_http_methods(["GET", "POST"])
@requires(WORK)
def case_page(request: HttpRequest, pk: int) -> HttpResponse:
    """A case: its stage, risk and consents, its timeline (the victim's records of every agency in the user's
    scope, a ``records.list`` event), its referrals and stays, its alerts, and the forms that move its stage,
    record a consent, a service of a referral or a discharge."""
    case = _case(request, pk)
    if request.method == "POST":
        try:
            done = _act(request, case)
        except (CareError, AccessDeniedError) as exc:
            context = _case_context(request, case)
            context["problem"] = str(exc)
            context["problem_form"] = request.POST.get("action", "")
            return render(request, "web/care_case.html", context, status=_refusal(exc))
        messages.success(request, done)
        return redirect("web:case", pk=case.pk)
    return render(request, "web/care_case.html", _case_context(request, case))


@require_http_methods(["GET", "POST"])
@requires(WORK)
def refer_page(request: HttpRequest, pk: int) -> HttpResponse:
    """The form to refer the case's victim to a service at an agency: the service type, the receiving agency,
    whether the identity is shared (consent to sharing, or an override with its reason), whether the service is
    conditioned on a statement."""
    case = _case(request, pk)
    language = active_language()
    labels = _labels()
    agencies = [(a.code, localized(a, "name", language)) for a in referrals.receiving_agencies()]
    problem, status = "", 200
    chosen = request.POST if request.method == "POST" else {}
    if request.method == "POST":
        service_type = request.POST.get("service_type", "")
        agency = referrals.agency_by_code(request.POST.get("to_agency", ""))
        try:
            if service_type not in labels["service_type"]:
                raise CareError(_("choose the service the victim is referred to"))
            if agency is None:
                raise CareError(_("choose the agency the victim is referred to"))
            referrals.refer(
                _user(request),
                case,
                service_type=service_type,
                to_agency=agency,
                shares_identity=request.POST.get("shares_identity") == "on",
                conditioned_on_statement=request.POST.get("conditioned") == "on",
                override_reason=request.POST.get("override_reason", "")[:300],
                source=request_source(request),
            )
        except (CareError, AccessDeniedError) as exc:
            problem, status = str(exc), _refusal(exc)
        else:
            messages.success(request, _("The referral was recorded."))
            return redirect("web:case", pk=case.pk)
    return render(
        request,
        "web/care_refer.html",
        {
            "case": case,
            "victim": pseudonym(case.victim),
            "services": sorted(labels["service_type"].items(), key=lambda item: item[1]),
            "agencies": agencies,
            "chosen": chosen,
            "may_override": holds(_user(request), cases.OVERRIDE),
            "problem": problem,
        },
        status=status,
    )


@require_http_methods(["GET", "POST"])
@requires(WORK)
def admit_page(request: HttpRequest, pk: int) -> HttpResponse:
    """The form to admit the case's victim to one of its agency's facilities: each with its places free tonight
    and whether it admits the victim."""
    case = _case(request, pk)
    labels = _labels()
    today = timezone.localdate()
    own = [f for f in facilities.facilities_for(_user(request)) if f.agency_id == case.agency_id]
    problem, status = "", 200
    if request.method == "POST":
        chosen = next((f for f in own if str(f.pk) == request.POST.get("facility", "")), None)
        try:
            if chosen is None:
                raise CareError(_("choose the facility the victim is admitted to"))
            facilities.admit(_user(request), case, chosen, source=request_source(request))
        except (CareError, AccessDeniedError) as exc:
            problem, status = str(exc), _refusal(exc)
        else:
            messages.success(request, _("The admission was recorded."))
            return redirect("web:case", pk=case.pk)
    rows = [
        (
            facility,
            labels["facility_type"].get(facility.facility_type, facility.facility_type),
            None
            if facility.capacity is None
            else max(facility.capacity - facilities.occupancy(facility, today), 0),
            facilities.admits(facility, case.victim),
        )
        for facility in own
    ]
    return render(
        request,
        "web/care_admit.html",
        {"case": case, "victim": pseudonym(case.victim), "rows": rows, "problem": problem},
        status=status,
    )


# -- referrals to answer ---------------------------------------------------------------------------------------


@require_GET
@requires(WORK)
def tasks_page(request: HttpRequest) -> HttpResponse:
    """The referrals waiting for an answer from the user's agencies, the nearest deadline first; those past it
    marked."""
    labels = _labels()
    now = timezone.now()
    rows = [
        (
            referral,
            labels["service_type"].get(referral.service_type, referral.service_type),
            referral.due_at < now,
        )
        for referral in referrals.awaiting_answer(_user(request))[:200]
    ]
    return render(request, "web/care_tasks.html", {"rows": rows})


@require_http_methods(["GET", "POST"])
@requires(WORK)
def referral_page(request: HttpRequest, pk: int) -> HttpResponse:
    """A referral made by or sent to the user's agency: where it stands, and the forms to answer it (accept, or
    refuse with a reason of the profile's list) or to move its service on."""
    user = _user(request)
    try:
        referral = referrals.referral_for(user, pk)
    except NotInScopeError:
        raise Http404(_("No such referral.")) from None
    labels = _labels()
    problem, status = "", 200
    if request.method == "POST":
        source, post = request_source(request), request.POST
        answer = post.get("status", "")
        try:
            if answer == Status.ACCEPTED:
                referrals.accept(user, referral, source=source)
            elif answer == Status.REFUSED:
                referrals.refuse(
                    user, referral, post.get("reason", ""), note=post.get("note", ""), source=source
                )
            elif answer == Status.STARTED:
                referrals.start(user, referral, source=source)
            elif answer == Status.COMPLETED:
                referrals.complete(user, referral, source=source)
            elif answer == Status.INTERRUPTED:
                referrals.interrupt(user, referral, note=post.get("note", ""), source=source)
            elif answer == Status.DECLINED:
                referrals.decline(user, referral, post.get("note", ""), source=source)
            else:
                raise CareError(_("choose an answer"))
        except (CareError, AccessDeniedError) as exc:
            problem, status = str(exc), _refusal(exc)
        else:
            messages.success(
                request,
                _("The referral is now “%(status)s”.") % {"status": Status(referral.status).label},
            )
            return redirect("web:referral", pk=referral.pk)
    may_open_case = holds(user, WORK) and cases.cases_for(user).filter(pk=referral.case_id).exists()
    return render(
        request,
        "web/care_referral.html",
        {
            "referral": referral,
            "service": labels["service_type"].get(referral.service_type, referral.service_type),
            "status": Status(referral.status).label,
            "refusal_reason": labels["referral_refusal_reason"].get(referral.refusal_reason, ""),
            "reasons": sorted(labels["referral_refusal_reason"].items(), key=lambda item: item[1]),
            "next": referrals.statuses_from(referral, user),
            "overdue": referral.status == Status.REQUESTED and referral.due_at < timezone.now(),
            "case_link": may_open_case,
            "problem": problem,
        },
        status=status,
    )


# -- facilities ------------------------------------------------------------------------------------------------


@require_GET
@requires(WORK, ADMIT)
def facilities_page(request: HttpRequest) -> HttpResponse:
    """The facilities of the user's agencies with their places tonight, and the directory of places free tonight
    in every region's overnight facilities."""
    labels = _labels()
    today = timezone.localdate()
    rows = []
    for facility in facilities.facilities_for(_user(request)):
        occupied = facilities.occupancy(facility, today)
        rows.append(
            (
                facility,
                labels["facility_type"].get(facility.facility_type, facility.facility_type),
                occupied,
                None if facility.capacity is None else max(facility.capacity - occupied, 0),
            )
        )
    directory = sorted(facilities.places_free_tonight(day=today).values(), key=lambda r: r.region)
    return render(
        request,
        "web/care_facilities.html",
        {"rows": rows, "directory": directory, "today": today},
    )


@require_GET
@requires(WORK, ADMIT)
def facility_page(request: HttpRequest, pk: int) -> HttpResponse:
    """A facility of the user's agency: its occupancy each night of the last two weeks, and its admissions and
    discharges then (the placements by pseudonym, a ``records.list`` event)."""
    user = _user(request)
    try:
        facility = facilities.facility_for(user, pk)
    except NotInScopeError:
        raise Http404(_("No such facility.")) from None
    today = timezone.localdate()
    first = today - datetime.timedelta(days=OCCUPANCY_DAYS - 1)
    by_day = facilities.occupancy_by_day(facility, first, today)
    return render(
        request,
        "web/care_facility.html",
        {
            "facility": facility,
            "type": _labels()["facility_type"].get(facility.facility_type, facility.facility_type),
            "by_day": sorted(by_day.items(), reverse=True),
            "movements": facilities.movements(
                user, facility, first, today, source=request_source(request)
            ),
        },
    )


@require_http_methods(["GET", "POST"])
@requires(WORK, ADMIT)
def admissions_page(request: HttpRequest, pk: int) -> HttpResponse:
    """A facility's admissions, the facility manager's page: its places tonight, the victims in it now (by the
    pseudonym of their placement) with a button to record each one's discharge, and the open cases of its agency
    whose victim is in no facility, each with whether the facility admits them and a button to admit them."""
    user = _user(request)
    try:
        facility = facilities.facility_for(user, pk)
    except NotInScopeError:
        raise Http404(_("No such facility.")) from None
    source = request_source(request)
    problem, status = "", 200
    if request.method == "POST":
        post = request.POST
        try:
            if post.get("action") == "admit":
                case = facilities.case_awaiting(user, facility, _int(post.get("case", "")))
                facilities.admit(user, case, facility, source=source)
                done = _("The admission was recorded.")
            elif post.get("action") == "discharge":
                stay = facilities.resident(facility, _int(post.get("stay", "")))
                facilities.discharge(user, stay, source=source)
                done = _("The discharge was recorded.")
            else:
                raise CareError(_("unknown action"))
        except (CareError, AccessDeniedError) as exc:
            problem, status = str(exc), _refusal(exc)
        else:
            messages.success(request, done)
            return redirect("web:facility-admissions", pk=facility.pk)
    occupied = facilities.occupancy(facility, timezone.localdate())
    return render(
        request,
        "web/care_admissions.html",
        {
            "facility": facility,
            "type": _labels()["facility_type"].get(facility.facility_type, facility.facility_type),
            "occupied": occupied,
            "free": None if facility.capacity is None else max(facility.capacity - occupied, 0),
            "residents": [
                (stay, pseudonym(stay.placement), pseudonym(stay.case.victim))
                for stay in facilities.residents(user, facility, source=source)
            ],
            "candidates": facilities.awaiting_admission(user, facility, source=source),
            "problem": problem,
        },
        status=status,
    )


# -- alerts ----------------------------------------------------------------------------------------------------


@require_GET
@requires(ALERTS)
def alerts_page(request: HttpRequest) -> HttpResponse:
    """Every catalogue entry with its alerts counted by state, and the open alerts (raised or acknowledged) under
    their entry."""
    user = _user(request)
    counted = care_alerts.counts()
    open_alerts: dict[str, list[Alert]] = {}
    for alert in _open_alerts(user)[:500]:
        open_alerts.setdefault(alert.rule, []).append(alert)
    language = active_language()
    entries = [
        (
            entry.id,
            entry.title(language),
            _severity(entry.severity),
            counted.get(entry.id, {}),
            open_alerts.get(entry.id, []),
        )
        for entry in care_alerts.catalogue()
    ]
    return render(request, "web/care_alerts.html", {"entries": entries})


@require_http_methods(["GET", "POST"])
@requires(WORK, ALERTS)
def alert_page(request: HttpRequest, pk: int) -> HttpResponse:
    """An alert: its entry, severity, subject, case and agency by reference, its notes, and the forms to
    acknowledge and resolve it (a note each)."""
    user = _user(request)
    try:
        alert = care_alerts.alert_for(user, pk)
    except NotInScopeError:
        raise Http404(_("No such alert.")) from None
    problem, status = "", 200
    if request.method == "POST":
        note, source = request.POST.get("note", ""), request_source(request)
        try:
            if request.POST.get("action") == "acknowledge":
                care_alerts.acknowledge(user, alert, note, source=source)
            elif request.POST.get("action") == "resolve":
                care_alerts.resolve(user, alert, note, source=source)
            else:
                raise CareError(_("unknown action"))
        except (CareError, AccessDeniedError) as exc:
            problem, status = str(exc), _refusal(exc)
        else:
            messages.success(
                request, _("The alert is now “%(state)s”.") % {"state": alert.get_state_display()}
            )
            return redirect("web:alert", pk=alert.pk)
    case_link = (
        alert.case_id is not None and cases.cases_for(user).filter(pk=alert.case_id).exists()
    )
    return render(
        request,
        "web/care_alert.html",
        {
            "alert": alert,
            "title": _alert_title(alert),
            "severity": _severity(alert.severity),
            "case_link": case_link,
            "problem": problem,
        },
        status=status,
    )
