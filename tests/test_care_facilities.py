"""Facilities' places: who each admits, admissions and discharges written through intake, occupancy by day, and the
directory of places free tonight."""

from __future__ import annotations

import datetime

import pytest
from django.utils import timezone

from kuska.care import facilities
from kuska.care.errors import CareError
from kuska.registry.models import Placement
from tests import care_world as world

pytestmark = pytest.mark.usefixtures("peru")

DAY = datetime.date(2026, 3, 2)


def test_a_facility_admits_by_sex_age_and_gender_identity_as_it_declared() -> None:
    shelter = world.facility()
    assert facilities.admits(shelter, world.victim())
    assert not facilities.admits(shelter, world.victim(sex="male"))
    assert not facilities.admits(shelter, world.victim(age_at_event=30))
    assert not facilities.admits(shelter, world.victim(gender_identity="transgender_woman"))
    for_women = world.facility(admits_min_age=None, admits_max_age=None, admits_transgender=True)
    assert facilities.admits(
        for_women, world.victim(sex="male", age_at_event=25, gender_identity="transgender_woman")
    )
    assert not facilities.admits(
        for_women, world.victim(sex="female", age_at_event=25, gender_identity="transgender_man")
    )
    open_to_all = world.facility(
        admits_sex="", admits_min_age=None, admits_max_age=None, admits_transgender=True
    )
    assert facilities.admits(
        open_to_all, world.victim(sex="male", age_at_event=40, gender_identity="transgender_man")
    )


def test_an_admission_is_a_placement_written_through_intake_and_a_discharge_ends_it() -> None:
    shelter = world.facility()
    case = world.case_of()
    stay = facilities.admit(case.worker, case, shelter, source=world.SOURCE)
    placement = Placement.objects.get(pk=stay.placement_id)
    assert placement.agency == case.agency
    assert placement.facility == shelter
    assert placement.left_on is None
    assert placement.batch.channel == "web"
    facilities.discharge(case.worker, stay, source=world.SOURCE)
    placement.refresh_from_db()
    assert placement.left_on == timezone.localdate()
    with pytest.raises(CareError):
        facilities.discharge(case.worker, stay, source=world.SOURCE)


def test_a_facility_refuses_someone_it_does_not_admit_or_when_full() -> None:
    case = world.case_of(world.victim(sex="male", age_at_event=30))
    girls_only = world.facility()
    with pytest.raises(CareError):
        facilities.admit(case.worker, case, girls_only, source=world.SOURCE)
    tiny = world.facility(capacity=1)
    world.placement(world.victim(), tiny, timezone.localdate())
    case = world.case_of()
    with pytest.raises(CareError):
        facilities.admit(case.worker, case, tiny, source=world.SOURCE)


def test_occupancy_counts_each_night_from_admission_to_the_day_before_leaving() -> None:
    shelter = world.facility()
    world.placement(world.victim(), shelter, DAY, left_on=DAY + datetime.timedelta(days=2))
    world.placement(world.victim(), shelter, DAY + datetime.timedelta(days=1))
    by_day = facilities.occupancy_by_day(
        shelter, DAY - datetime.timedelta(days=1), DAY + datetime.timedelta(days=3)
    )
    assert list(by_day.values()) == [0, 1, 2, 1, 1]


def test_a_girl_admitted_leaves_one_place_fewer_tonight_in_her_region() -> None:
    shelter = world.facility(capacity=3)
    world.facility(facility_type="police_station", capacity=20)  # no place to spend the night
    world.facility(facility_type="emergency_centre", capacity=20)  # no overnight stay
    before = facilities.places_free_tonight()[world.LORETO]
    case = world.case_of()
    facilities.admit(case.worker, case, shelter, source=world.SOURCE)
    after = facilities.places_free_tonight()[world.LORETO]
    assert (before.free, after.free) == (3, 2)
    assert after.facilities == [shelter.pk]


def test_the_directory_for_a_person_counts_only_the_facilities_that_admit_them() -> None:
    world.facility(capacity=5)
    world.facility(capacity=None, admits_sex="male", admits_min_age=18, admits_max_age=None)
    man = world.victim(sex="male", age_at_event=30)
    places = facilities.places_free_tonight(man)[world.LORETO]
    assert (places.free, places.unknown) == (0, 1)
    assert world.LORETO not in facilities.places_free_tonight(
        world.victim(gender_identity="transgender_woman")
    )
