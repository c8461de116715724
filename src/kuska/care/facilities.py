"""Facilities' places: who each admits, admissions and discharges, occupancy by day and the places free tonight.

A facility is the registry's :class:`~kuska.registry.models.Facility` record (capacity, the sex, ages and gender
identities it admits, whether it is open 24 hours), as its agency submitted it. An admission is written through
intake as that agency's :class:`~kuska.registry.models.Placement` (its days), with a :class:`Stay` holding its
hours; occupancy counts every placement, those sent in files too.

Admitting and discharging needs ``care.work`` (the case worker, from the case) or ``care.admit`` (the facility
manager, from the facility's admissions) at the case's agency.

>>> # stay = admit(manager, case, facility, source=...)      # one place fewer tonight
>>> # places_free_tonight()[region_code].free
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

from django.db import transaction
from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from kuska.access import AccessDeniedError, NotInScopeError, pseudonym, records_for
from kuska.accounts.models import User
from kuska.accounts.permissions import agencies_where, has_permission
from kuska.audit.models import Action
from kuska.audit.trail import record_event
from kuska.care.cases import WORK, require
from kuska.care.changes import changed
from kuska.care.errors import CareError
from kuska.care.models import Case, Stage, Stay
from kuska.care.writing import new_record_id, row_of, write
from kuska.registry.codes import FacilityType
from kuska.registry.models import Facility, PersonRecord, Placement
from kuska.registry.records import RECORD_TYPES

PLACEMENTS = RECORD_TYPES["placements"]
# the facility manager's permission: admit and discharge at the agency's facilities, see their occupancy
ADMIT = "care.admit"
# the age of majority (Peru's Civil Code, and the anti-trafficking law's line between a child and an adult)
ADULT = 18

# the facilities where a victim spends the night: an emergency centre has no overnight stay, and a police
# station is no place to spend it
OVERNIGHT = frozenset(
    {
        FacilityType.SPECIALIZED_SHELTER,
        FacilityType.RESIDENTIAL_CENTRE,
        FacilityType.SHORT_STAY_SPACE,
        FacilityType.PRIVATE_SHELTER,
    }
)


def is_transgender(person: PersonRecord) -> bool:
    """Whether the person record says the person is transgender (a gender identity ``transgender_…``)."""
    return person.gender_identity.startswith("transgender")


# the sex a facility for women or for men admits a transgender person as, by their gender identity
_LIVED_SEX = {"transgender_woman": "female", "transgender_man": "male"}


def admits(facility: Facility, person: PersonRecord) -> bool:
    """Whether the facility admits the person, by what it declared: sex (empty: both), ages, transgender people
    (only an explicit yes admits them, as the sex of their gender identity: a trans woman in a shelter for women
    that admits transgender people). What the facility did not declare admits."""
    transgender = is_transgender(person)
    sex = _LIVED_SEX.get(person.gender_identity, person.sex) if transgender else person.sex
    if facility.admits_sex and sex and facility.admits_sex != sex:
        return False
    age = person.age_at_event
    if age is not None:
        if facility.admits_min_age is not None and age < facility.admits_min_age:
            return False
        if facility.admits_max_age is not None and age > facility.admits_max_age:
            return False
    return not (transgender and facility.admits_transgender is not True)


def admit(
    user: User | None,
    case: Case,
    facility: Facility,
    *,
    at: datetime.datetime | None = None,
    reason: str = "",
    source: str,
) -> Stay:
    """Admit the case's victim to one of its agency's facilities: a placement written through intake, and its
    stay. A facility that does not admit the victim, or is full, refuses (:class:`CareError`)."""
    _may_admit(user, case)
    if facility.agency_id != case.agency_id:
        raise CareError(
            _(
                "a facility admits the victims of its own agency's cases: the agency operating it opens the case"
            )
        )
    if not admits(facility, case.victim):
        raise CareError(_("the facility does not admit this person"))
    at = at or timezone.now()
    day = timezone.localtime(at).date()
    if facility.capacity is not None and occupancy(facility, day) >= facility.capacity:
        raise CareError(
            format_lazy(_("the facility is full ({capacity} places)"), capacity=facility.capacity)
        )
    row = {
        "record_id": new_record_id(),
        "person_id": case.victim.source_record_id,
        "facility_id": facility.source_record_id,
        "admitted_on": day.isoformat(),
    }
    if reason:
        row["reason"] = reason[:300]
    with transaction.atomic():
        placement = write(PLACEMENTS, row, case.agency, user, source=source)
        assert isinstance(placement, Placement)
        stay = Stay.objects.create(case=case, placement=placement, admitted_at=at)
        record_event(
            user,
            Action.CARE_STAY,
            records=[case, stay, placement],
            reason="admitted",
            source=source,
        )
        changed.send(Stay, actor=user, source=source)
    return stay


def discharge(
    user: User | None, stay: Stay, *, at: datetime.datetime | None = None, source: str
) -> Stay:
    """The victim leaves the facility: the placement's date left and the stay's hour."""
    case = stay.case
    _may_admit(user, case)
    if stay.left_at is not None:
        raise CareError(_("the victim has already left this facility"))
    at = at or timezone.now()
    if at < stay.admitted_at:
        raise CareError(_("a victim cannot leave before being admitted"))
    row = row_of(stay.placement, PLACEMENTS)
    row["left_on"] = timezone.localtime(at).date().isoformat()
    with transaction.atomic():
        write(PLACEMENTS, row, case.agency, user, source=source)
        stay.left_at = at
        stay.save(update_fields=["left_at"])
        record_event(
            user, Action.CARE_STAY, records=[case, stay], reason="discharged", source=source
        )
        changed.send(Stay, actor=user, source=source)
    return stay


def _may_admit(user: User | None, case: Case) -> None:
    """The case's worker (``care.work``) or the facility manager (``care.admit``) at the case's agency admits and
    discharges; anyone else is refused (:class:`AccessDeniedError`)."""
    if user is not None and has_permission(user, ADMIT, case.agency):
        return
    try:
        require(user, WORK, case)
    except AccessDeniedError:
        raise AccessDeniedError(
            format_lazy(
                _("{work} or {admit} at {agency} is needed to admit or discharge this victim"),
                work=WORK,
                admit=ADMIT,
                agency=case.agency.code,
            )
        ) from None


def _present(day: datetime.date) -> Q:
    """The placements of victims in the facility on the night of ``day``: admitted that day or before, not left
    before the next."""
    return Q(admitted_on__lte=day) & (Q(left_on__isnull=True) | Q(left_on__gt=day))


def occupancy(facility: Facility, day: datetime.date) -> int:
    """How many victims spend the night of ``day`` in the facility (every placement, whoever recorded it)."""
    return Placement.objects.filter(_present(day), facility=facility).count()


def occupancy_by_day(
    facility: Facility, first: datetime.date, last: datetime.date
) -> dict[datetime.date, int]:
    """The facility's occupancy each night from ``first`` to ``last``."""
    days = (last - first).days + 1
    return {
        first + datetime.timedelta(days=n): occupancy(facility, first + datetime.timedelta(days=n))
        for n in range(days)
    }


@dataclass
class RegionPlaces:
    """A region's places tonight in the facilities where a victim may spend the night: ``free`` in those that
    declared their capacity, and the facilities that did not (``unknown``), whose places nobody can count."""

    region: str
    capacity: int = 0
    occupied: int = 0
    facilities: list[int] = field(default_factory=list)
    unknown: int = 0

    @property
    def free(self) -> int:
        return max(self.capacity - self.occupied, 0)


def places_free_tonight(
    person: PersonRecord | None = None, *, day: datetime.date | None = None
) -> dict[str, RegionPlaces]:
    """The directory of places free tonight, by region code: overnight facilities (:data:`OVERNIGHT`) with a
    region, those that admit ``person`` when one is given (a girl of 15, an adult man)."""
    day = day or timezone.localdate()
    found: dict[str, RegionPlaces] = {}
    facilities = Facility.objects.filter(
        facility_type__in=OVERNIGHT, region__isnull=False
    ).select_related("region")
    for facility in facilities.order_by("pk"):
        if person is not None and not admits(facility, person):
            continue
        assert facility.region is not None
        places = found.setdefault(facility.region.code, RegionPlaces(facility.region.code))
        places.facilities.append(facility.pk)
        if facility.capacity is None:
            places.unknown += 1
            continue
        places.capacity += facility.capacity
        places.occupied += min(occupancy(facility, day), facility.capacity)
    return found


def facilities_for(user: User) -> QuerySet[Facility]:
    """The facilities of the agencies where the user holds ``care.work`` or ``care.admit``, by agency and record
    id."""
    agencies = agencies_where(user, WORK) | agencies_where(user, ADMIT)
    return (
        Facility.objects.select_related("agency", "region")
        .filter(agency__in=agencies)
        .order_by("agency__code", "source_record_id")
    )


def facility_for(user: User, pk: int) -> Facility:
    """The facility ``pk`` of an agency where the user holds ``care.work`` or ``care.admit``; any other is
    :class:`NotInScopeError`."""
    found = facilities_for(user).filter(pk=pk).first()
    if found is None:
        raise NotInScopeError(_("no such facility"))
    return found


@dataclass(frozen=True)
class Movement:
    """An admission or a discharge: the day, which (``admitted``, ``left``), the placement's pseudonym and the
    agency that recorded it; never who."""

    on: datetime.date
    kind: str
    reference: str
    agency: str


def movements(
    user: User, facility: Facility, first: datetime.date, last: datetime.date, *, source: str
) -> list[Movement]:
    """The facility's admissions and discharges from ``first`` to ``last``, newest first, of the placements the
    user may see (:func:`kuska.access.records_for`; a ``records.list`` event names them)."""
    placements = list(
        records_for(user, Placement)
        .filter(facility=facility)
        .filter(
            Q(admitted_on__range=(first, last)) | Q(left_on__range=(first, last)),
        )
    )
    found: list[Movement] = []
    for placement in placements:
        if first <= placement.admitted_on <= last:
            found.append(
                Movement(
                    placement.admitted_on, "admitted", pseudonym(placement), placement.agency.code
                )
            )
        if placement.left_on is not None and first <= placement.left_on <= last:
            found.append(
                Movement(placement.left_on, "left", pseudonym(placement), placement.agency.code)
            )
    if placements:
        record_event(user, Action.RECORDS_LIST, records=placements, source=source)
    found.sort(key=lambda movement: (movement.on, movement.kind, movement.reference), reverse=True)
    return found


def stays_of(case: Case) -> QuerySet[Stay]:
    """The case's stays, the latest first, with their facility."""
    return (
        Stay.objects.filter(case=case)
        .select_related("placement__facility")
        .order_by("-admitted_at", "-pk")
    )


def stay_of(case: Case, pk: int) -> Stay:
    """The case's stay ``pk``; any other is :class:`CareError`."""
    found = stays_of(case).filter(pk=pk).first()
    if found is None:
        raise CareError(_("no such stay in this case"))
    return found


def is_child(person: PersonRecord) -> bool:
    """Whether the person was a child when recorded (``age_at_event`` below the age of majority)."""
    return person.age_at_event is not None and person.age_at_event < ADULT


def _residents(facility: Facility) -> QuerySet[Stay]:
    return (
        Stay.objects.filter(placement__facility=facility, left_at__isnull=True)
        .select_related("case__agency", "case__victim", "placement")
        .order_by("-admitted_at", "-pk")
    )


def residents(user: User, facility: Facility, *, source: str) -> list[Stay]:
    """The stays recorded in care of the victims in the facility now (not yet left), whose placements the user
    may see (:func:`kuska.access.records_for`), the latest admitted first: those its admissions page discharges;
    a ``records.list`` event names their placements. Placements sent in files count in :func:`occupancy`."""
    visible = records_for(user, Placement).filter(facility=facility).values("pk")
    found = list(_residents(facility).filter(placement__in=visible))
    if found:
        record_event(
            user, Action.RECORDS_LIST, records=[stay.placement for stay in found], source=source
        )
    return found


def resident(facility: Facility, pk: int) -> Stay:
    """The stay ``pk`` of a victim in the facility now; any other is :class:`CareError`."""
    found = _residents(facility).filter(pk=pk).first()
    if found is None:
        raise CareError(_("no such victim in this facility"))
    return found


@dataclass(frozen=True)
class Candidate:
    """An open case of the facility's agency whose victim is in no facility now: the case, the victim's
    pseudonym, and whether the facility admits them."""

    case: Case
    victim: str
    admitted_here: bool


def awaiting_admission(
    user: User, facility: Facility, *, source: str, limit: int = 200
) -> list[Candidate]:
    """The open cases of the facility's agency whose victim stays in no facility now and whose record the user
    may see (:func:`kuska.access.records_for`), the latest opened first, each with whether the facility admits
    the victim; a ``records.list`` event names the victims shown."""
    staying = Stay.objects.filter(left_at__isnull=True).values("case")
    visible = records_for(user, PersonRecord).filter(agency=facility.agency).values("pk")
    found = list(
        Case.objects.filter(agency=facility.agency, victim__in=visible)
        .exclude(stage=Stage.CLOSED)
        .exclude(pk__in=staying)
        .select_related("victim", "agency")
        .order_by("-opened_at", "-pk")[:limit]
    )
    if found:
        record_event(
            user, Action.RECORDS_LIST, records=[case.victim for case in found], source=source
        )
    return [
        Candidate(case, pseudonym(case.victim), admits(facility, case.victim)) for case in found
    ]


def case_awaiting(user: User, facility: Facility, pk: int) -> Case:
    """The open case ``pk`` of the facility's agency, with its victim in the user's scope; any other is
    :class:`CareError`."""
    visible = records_for(user, PersonRecord).filter(agency=facility.agency).values("pk")
    found = (
        Case.objects.filter(pk=pk, agency=facility.agency, victim__in=visible)
        .exclude(stage=Stage.CLOSED)
        .select_related("victim", "agency")
        .first()
    )
    if found is None:
        raise CareError(_("choose the case of the victim admitted"))
    return found
