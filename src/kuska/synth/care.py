"""Care: the facilities, the children the child-protection units assist, the girls they refer to the specialized
shelters, the victims the prosecution's victim-care unit assists after operations, and children held in police
stations. Which agency plays each part is the profile's (``synth.toml``, :mod:`kuska.synth.country`).

Calibrated to the seed entries of ``children_assisted`` (with its nationality breakdown),
``girls_referred_to_specialized_shelters``, ``victims_assisted_udavit`` and the facility stocks
(``facilities_*``, ``capacity_specialized_shelters``). The Women's Emergency Centres send their facilities only:
"the government did not collect data on the number of trafficking victims the centers assisted". No referral asks
for residency ("did not report whether it granted any trafficking victims residency"): foreign victims are left
without a residency decision.

The flows carry the gaps the seed names, for the care figures and alerts: no facility where victims spend the night
admits adult men ("there were no shelters that accepted men"), so shelter referrals of men are refused for their
sex and of transgender victims for their gender identity (codes of ``referral_refusal_reason``); some referrals are
conditioned on a statement; the victim-care unit's care starts a day or two after some weekend rescues; the protection units
agree a care plan with most children they assist (a ``care_plan`` service, drawn from a stream of its own so the
children drawn stay the same).

The people these agencies assist are mostly victims the police or prosecutors identified that year — "Authorities
referred all child victims to the Ministry of Women and Vulnerable Populations" — recorded again by each
agency with its own mistakes, and some victims no other agency recorded.
"""

from __future__ import annotations

import datetime
import random

from kuska.synth import profile
from kuska.synth.country import (
    CAPITAL,
    CHILD_PROTECTION,
    EMERGENCY_CENTRE_WEIGHTS,
    EMERGENCY_CENTRES,
    HEALTH,
    ID,
    JUSTICE_MINISTRY,
    POLICE,
    PROSECUTORS,
    REGION_NAMES,
    RESIDENTIAL_CARE,
    SOCIAL_MINISTRY,
    SPECIALIZED_SHELTER_REGIONS,
    VICTIM_CARE,
)
from kuska.synth.dataset import Row, Submission
from kuska.synth.noise import record_person
from kuska.synth.people import TruePerson
from kuska.synth.targets import Spec, allocate
from kuska.synth.world import HABITS, Victimization, World

# share of the victims assisted that the police or prosecutors identified that year
FROM_IDENTIFIED = {CHILD_PROTECTION: 0.85, VICTIM_CARE: 0.88}
CHILD = (0, 17)


def _stock(world: World, indicator: str) -> int:
    """A stock the seed gives for one year (facilities have no date): the seeded year nearest the last year."""
    seeded = sorted(
        (s for s in world.targets.catalogue[indicator].seed if s.value is not None),
        key=lambda s: (abs(s.year - max(world.years)), -s.year),
    )
    if not seeded:
        raise ValueError(f"{indicator}: no seed figure")
    return int(world.targets.value(indicator, seeded[0].year) or 0)


# -- facilities --------------------------------------------------------------------------------------------------


def build_facilities(world: World) -> None:
    rng = world.rng("facilities")
    upe = world.dataset.submission(CHILD_PROTECTION)
    shelters = _stock(world, "facilities_specialized_shelters")
    places = profile.apportion(_stock(world, "capacity_specialized_shelters"), [1.0] * shelters)
    regions = [
        SPECIALIZED_SHELTER_REGIONS[i % len(SPECIALIZED_SHELTER_REGIONS)] for i in range(shelters)
    ]
    for n, (region, capacity) in enumerate(zip(sorted(regions), places, strict=True), start=1):
        upe.add(
            "facilities",
            {
                "record_id": f"{ID['residential_care']}-ESP-{n:02d}",
                "name": f"Centro de acogida residencial especializado {_region_name(region)} {n:02d}",
                "facility_type": "specialized_shelter",
                "region": region,
                "capacity": capacity,
                "admits_sex": "female",
                "admits_min_age": 12,
                "admits_max_age": 17,
                "admits_transgender": False,
                "open_24_hours": True,
                "trafficking_specialized": True,
            },
        )
    for n in range(1, _stock(world, "facilities_residential_centres") + 1):
        region = profile.region_for(rng, "labour_begging")
        sex = profile.pick(rng, {"": 50, "male": 25, "female": 25})
        upe.add(
            "facilities",
            {
                "record_id": f"{ID['residential_care']}-{n:03d}",
                "name": f"Centro de acogida residencial {_region_name(region)} {n:03d}",
                "facility_type": "residential_centre",
                "region": region,
                "capacity": rng.randrange(20, 61),
                "admits_sex": sex or None,
                "admits_min_age": rng.choice((0, 6, 12)),
                "admits_max_age": 17,
                "admits_transgender": False,
                "open_24_hours": True,
                "trafficking_specialized": False,
            },
        )
    for n in range(1, _stock(world, "facilities_private_shelters") + 1):
        region = profile.region_for(rng, "sexual")
        name = f"Albergue {rng.choice(_SAINTS)} ({_region_name(region)})"
        capacity = rng.randrange(8, 41)
        sex = profile.pick(rng, {"female": 70, "": 30})
        upe.add(
            "facilities",
            {
                "record_id": f"ALB-PRIV-{n:03d}",
                "name": name,
                "facility_type": "private_shelter",
                "region": region,
                "capacity": capacity,
                "admits_sex": sex or None,
                # "there were no shelters that accepted men": a shelter for both sexes takes children only
                "admits_max_age": None if sex else 17,
                "admits_transgender": rng.random() < 0.1,
                "open_24_hours": True,
                "trafficking_specialized": rng.random() < 0.3,
            },
        )
    cem = world.dataset.submission(EMERGENCY_CENTRES)
    weights = dict.fromkeys(profile.REGIONS, 1.0)
    weights.update(EMERGENCY_CENTRE_WEIGHTS)
    counts = profile.apportion(
        _stock(world, "facilities_emergency_centres"), list(weights.values())
    )
    n = 0
    for region, count in zip(weights, counts, strict=True):
        for k in range(1, count + 1):
            n += 1
            cem.add(
                "facilities",
                {
                    "record_id": f"{ID['emergency_centres']}-{n:03d}",
                    "name": f"Centro Emergencia Mujer {_region_name(region)} {k:02d}",
                    "facility_type": "emergency_centre",
                    "region": region,
                    "admits_sex": None,
                    "open_24_hours": rng.random() < 0.55,
                    "trafficking_specialized": False,
                },
            )
    udavit = world.dataset.submission(VICTIM_CARE)
    for n in range(1, _stock(world, "facilities_short_stay_spaces") + 1):
        region = profile.region_for(rng, "sexual")
        udavit.add(
            "facilities",
            {
                "record_id": f"{ID['victim_care']}-EA-{n:02d}",
                "name": f"Espacio de acogida temporal {ID['victim_care']} {_region_name(region)} {n:02d}",
                "facility_type": "short_stay_space",
                "region": region,
                "capacity": rng.randrange(4, 13),
                "admits_sex": "female",  # no facility admitting men (TIP 2021)
                "admits_min_age": 0,
                "admits_max_age": 120,
                "admits_transgender": False,
                "open_24_hours": False,
                "trafficking_specialized": False,
            },
        )


_SAINTS = (
    "Santa Rosa", "San José", "Virgen de Guadalupe", "Casa de la Esperanza", "Hogar Belén", "Santa María",
    "Casa Luz", "San Francisco", "Nueva Vida", "Santa Teresa", "Renacer", "Casa de Acogida Miraflores",
)  # fmt: skip


def _region_name(code: str) -> str:
    return REGION_NAMES.get(code, code)


# -- Child-protection units -------------------------------------------------------------------------------------


def _later(day: datetime.date, rng: random.Random, most: int, year: int) -> datetime.date:
    return min(day + datetime.timedelta(days=rng.randrange(most + 1)), datetime.date(year, 12, 31))


class _Pool:
    """Victims identified in a year who are children, by nationality, for the protection units to assist."""

    def __init__(self, rng: random.Random, victimizations: list[Victimization]) -> None:
        self.by_nationality: dict[str, list[Victimization]] = {}
        for v in profile.shuffled(rng, victimizations):
            if v.person.age_on(v.first_date) < 18:
                self.by_nationality.setdefault(v.person.nationality, []).append(v)

    def take(
        self, rng: random.Random, spec: Spec, year: int
    ) -> tuple[TruePerson, datetime.date, Victimization] | None:
        """A child who fits ``spec`` when the service starts (up to 10 days after identification)."""
        for nationality, candidates in self.by_nationality.items():
            if not spec.allows(nationality):
                continue
            for i, v in enumerate(candidates):
                if spec.sex and v.person.sex != spec.sex:
                    continue
                start = _later(v.first_date, rng, 10, year)
                if spec.age[0] <= v.person.age_on(start) <= spec.age[1]:
                    del candidates[i]
                    return v.person, start, v
        return None


def build_children(world: World, year: int) -> None:
    """The child-protection units: the children assisted in ``year``, the girls referred to specialized shelters,
    other referrals and placements."""
    rng = world.rng(f"children-{year}")
    t = world.targets
    reference = ("victims_identified", POLICE)
    n = t.count("children_assisted", year, reference=reference)
    girls = t.count("girls_referred_to_specialized_shelters", year, reference=reference)
    if girls > n:
        raise ValueError(f"{year}: more girls referred ({girls}) than children assisted ({n})")
    specs = allocate(n, t.tables("children_assisted", year), rng, world.bands)
    specs = [Spec(s.sex, CHILD, s.nationality, s.national) for s in specs]
    referred = set(rng.sample(range(n), girls))
    for i in referred:
        specs[i] = Spec("female", CHILD, specs[i].nationality, specs[i].national)
    pool = _Pool(rng, world.victimizations.get(year, []))
    plans = world.rng(
        f"care-plans-{year}"
    )  # a stream of its own: the children drawn above stay the same
    submission = world.dataset.submission(CHILD_PROTECTION)
    shelters = [
        r for r in submission.rows["facilities"] if r["facility_type"] == "specialized_shelter"
    ]
    centres = [
        r for r in submission.rows["facilities"] if r["facility_type"] == "residential_centre"
    ]
    weights = profile.month_weights(year)
    own_days = profile.shuffled(rng, profile.dates_in_year(rng, year, n, weights))
    for index, spec in enumerate(specs):
        found = (
            pool.take(rng, spec, year) if rng.random() < FROM_IDENTIFIED[CHILD_PROTECTION] else None
        )
        if found is not None:
            person, start, v = found
            region = v.region
        else:
            start = own_days[index]
            region = profile.region_for(rng, "labour_begging")
            new = world.people.victim_for(
                [(spec, start)], child_share=1.0, female_share=0.7, region=region
            )
            if new is None:
                raise ValueError(f"no child fits {spec}")
            person = new
        record_id = world.next_id(f"{ID['child_protection']}-NNA-{year}-{{:05d}}")
        row = record_person(
            rng,
            person,
            record_id=record_id,
            event_date=start,
            habits=HABITS[CHILD_PROTECTION],
            spec=spec,
        )
        world.dataset.add_person(CHILD_PROTECTION, person, row)
        ended = start + datetime.timedelta(days=rng.randrange(30, 240))
        service_id = world.next_id(f"{ID['child_protection']}-AT-{year}-{{:05d}}")
        submission.add(
            "services",
            {
                "record_id": service_id,
                "person_id": record_id,
                "service_type": "case_management",
                "started_on": start,
                "ended_on": ended if ended <= world.end else None,
            },
        )
        _care_plan(world, plans, submission, record_id, start, year)
        if index in referred:
            facility = _nearest(rng, shelters, region)
            _refer(world, rng, submission, record_id, facility, start, year, specialized=True)
        elif rng.random() < 0.35:
            facility = _nearest(rng, centres, region)
            _refer(world, rng, submission, record_id, facility, start, year, specialized=False)
        elif rng.random() < 0.3:
            requested = _later(start, rng, 7, year)
            submission.add(
                "referrals",
                {
                    "record_id": world.next_id(f"{ID['child_protection']}-DR-{year}-{{:05d}}"),
                    "person_id": record_id,
                    "service_type": "family_care",
                    "requested_on": requested,
                    "decided_on": _later(requested, rng, 20, year),
                    "outcome": "provided",
                },
            )


# share of the children assisted with whom the protection unit agreed an individual care plan, and its delay
CARE_PLAN_SHARE = 0.7
CARE_PLAN_DAYS = (3, 30)


def _care_plan(
    world: World,
    rng: random.Random,
    submission: Submission,
    record_id: str,
    start: datetime.date,
    year: int,
) -> None:
    """A care plan (a service episode of type care_plan, as the care module records one) some days after the
    child's case management began, within the same year (so it counts the same children assisted)."""
    if rng.random() >= CARE_PLAN_SHARE:
        return
    planned = start + datetime.timedelta(days=rng.randrange(*CARE_PLAN_DAYS))
    planned = min(planned, datetime.date(year, 12, 31), world.end)
    submission.add(
        "services",
        {
            "record_id": world.next_id(f"{ID['child_protection']}-PAI-{year}-{{:05d}}"),
            "person_id": record_id,
            "service_type": "care_plan",
            "started_on": planned,
        },
    )


def _nearest(rng: random.Random, facilities: list[Row], region: str) -> Row:
    here = [f for f in facilities if f["region"] == region]
    lima = [f for f in facilities if f["region"] == CAPITAL]
    return rng.choice(here or lima or facilities)


def _refer(
    world: World,
    rng: random.Random,
    submission: Submission,
    record_id: str,
    facility: Row,
    start: datetime.date,
    year: int,
    *,
    specialized: bool,
) -> None:
    requested = _later(start, rng, 7, year)
    decided = requested + datetime.timedelta(days=rng.randrange(6))
    if specialized:
        outcome = profile.pick(rng, {"provided": 80, "not_available": 12, "declined_by_victim": 8})
    else:
        outcome = profile.pick(rng, {"provided": 85, "refused_by_provider": 15})
    reasons = {
        "not_available": "Sin plazas disponibles",
        "declined_by_victim": "La adolescente no aceptó el ingreso",
        "refused_by_provider": "does_not_admit_age",  # a code of referral_refusal_reason
    }
    referral_id = world.next_id(f"{ID['child_protection']}-DR-{year}-{{:05d}}")
    submission.add(
        "referrals",
        {
            "record_id": referral_id,
            "person_id": record_id,
            "to_agency": RESIDENTIAL_CARE,
            "facility_id": facility["record_id"],
            "service_type": "shelter",
            "requested_on": requested,
            "decided_on": decided if decided <= world.end else None,
            "outcome": outcome if decided <= world.end else "pending",
            "outcome_reason": reasons.get(outcome),
            "conditioned_on_statement": False,
        },
    )
    if outcome == "provided" and decided <= world.end:
        left = decided + datetime.timedelta(days=rng.randrange(60, 330))
        submission.add(
            "placements",
            {
                "record_id": world.next_id(f"{ID['child_protection']}-IN-{year}-{{:05d}}"),
                "person_id": record_id,
                "facility_id": facility["record_id"],
                "admitted_on": decided,
                "left_on": left if left <= world.end else None,
                "referral_id": referral_id,
                "reason": "Medida de protección: acogimiento residencial",
            },
        )


# -- Victim care--------------------------------------------------------------------------------------------------


def build_udavit(world: World, year: int) -> None:
    """The victim-care unit: victims given short-term care in ``year`` (mostly right after the prosecutors
    identified them), and its referrals to other services — some made conditional on a statement."""
    rng = world.rng(f"udavit-{year}")
    t = world.targets
    n = t.count("victims_assisted_udavit", year, reference=("victims_identified", PROSECUTORS))
    identified = world.victimizations.get(year, [])
    by_prosecutors = profile.shuffled(rng, [v for v in identified if PROSECUTORS in v.records])
    by_police_only = profile.shuffled(rng, [v for v in identified if list(v.records) == [POLICE]])
    submission = world.dataset.submission(VICTIM_CARE)
    spaces = submission.rows["facilities"]
    own_days = profile.shuffled(
        rng, profile.dates_in_year(rng, year, n, profile.month_weights(year))
    )
    for index in range(n):
        source: Victimization | None = None
        if rng.random() < FROM_IDENTIFIED[VICTIM_CARE]:
            pool = by_prosecutors if rng.random() < 0.85 or not by_police_only else by_police_only
            if pool:
                source = pool.pop()
        if source is not None:
            person, region = source.person, source.region
            start = _later(source.first_date, rng, 2, year)
        else:
            start = own_days[index]
            region = profile.region_for(rng, "sexual")
            new = world.people.victim_for(
                [(Spec(), start)], child_share=0.3, female_share=0.85, region=region
            )
            if new is None:
                raise ValueError(f"no victim for {VICTIM_CARE}")
            person = new
        record_id = world.next_id(f"{ID['victim_care']}-{year}-{{:05d}}")
        row = record_person(
            rng, person, record_id=record_id, event_date=start, habits=HABITS[VICTIM_CARE]
        )
        row["identification_region"] = (
            region  # where the unit met the victim: where their case is worked
        )
        world.dataset.add_person(VICTIM_CARE, person, row)
        here = [s for s in spaces if s["region"] == region]
        submission.add(
            "services",
            {
                "record_id": world.next_id(f"{ID['victim_care']}-AT-{year}-{{:05d}}"),
                "person_id": record_id,
                "service_type": "short_term_care",
                "started_on": start,
                "ended_on": min(start + datetime.timedelta(days=rng.randrange(6)), world.end),
                "facility_id": rng.choice(here)["record_id"]
                if here and rng.random() < 0.5
                else None,
            },
        )
        if rng.random() < 0.2:
            submission.add(
                "services",
                {
                    "record_id": world.next_id(f"{ID['victim_care']}-AT-{year}-{{:05d}}"),
                    "person_id": record_id,
                    "service_type": "psychosocial",
                    "started_on": start,
                    "ended_on": min(
                        start + datetime.timedelta(days=rng.randrange(10, 60)), world.end
                    ),
                },
            )
        if rng.random() < 0.35:
            _udavit_referral(world, rng, submission, record_id, person, start, year)


def _udavit_referral(
    world: World,
    rng: random.Random,
    submission: Submission,
    record_id: str,
    person: TruePerson,
    start: datetime.date,
    year: int,
) -> None:
    child = person.age_on(start) < 18
    reason = None
    if child:
        to, service, outcome = CHILD_PROTECTION, "case_management", "provided"
    elif person.sex == "male" and rng.random() < 0.6:
        # "there were no shelters that accepted men"; transgender victims "typically" not admitted (TIP 2021)
        to, service = SOCIAL_MINISTRY, "shelter"
        outcome = "refused_by_provider"
        transgender = person.gender_identity.startswith("transgender")
        reason = "does_not_admit_gender_identity" if transgender else "does_not_admit_sex"
    else:
        to, service = profile.pick(
            rng,
            {
                f"{EMERGENCY_CENTRES}|psychosocial": 35,
                f"{HEALTH}|medical": 25,
                f"{JUSTICE_MINISTRY}|legal": 25,
                f"{SOCIAL_MINISTRY}|shelter": 15,
            },
        ).split("|")
        outcome = profile.pick(
            rng, {"provided": 60, "declined_by_victim": 20, "pending": 10, "not_available": 10}
        )
        if outcome == "declined_by_victim":
            reason = "La víctima no aceptó el servicio"
        elif outcome == "not_available":
            reason = "Servicio no disponible en la zona"
    requested = _later(start, rng, 3, year)
    decided = requested + datetime.timedelta(days=rng.randrange(8))
    undecided = outcome == "pending" or decided > world.end
    submission.add(
        "referrals",
        {
            "record_id": world.next_id(f"{ID['victim_care']}-DR-{year}-{{:05d}}"),
            "person_id": record_id,
            "to_agency": to,
            "service_type": service,
            "requested_on": requested,
            "decided_on": None if undecided else decided,
            "outcome": "pending" if undecided else outcome,
            "outcome_reason": reason,
            "conditioned_on_statement": rng.random() < 0.12,
        },
    )


# -- police stations ---------------------------------------------------------------------------------------------


def build_police_stations(world: World) -> None:
    """Children held in police stations ("At times, authorities placed child victims in police stations"): a few
    children the police identified, held in a police station for a day or two, waiting for the protection units."""
    rng = world.rng("police-stations")
    submission = world.dataset.submission(POLICE)
    stations: dict[str, str] = {}
    for year in world.years:
        for v in world.victimizations.get(year, []):
            record = v.records.get(POLICE)
            if record is None or record.date is None or v.person.age_on(record.date) >= 18:
                continue
            if rng.random() >= 0.03:
                continue
            if v.region not in stations:
                stations[v.region] = f"COM-{len(stations) + 1:03d}"
                submission.add(
                    "facilities",
                    {
                        "record_id": stations[v.region],
                        "name": f"Comisaría {ID['police']} {_region_name(v.region)}",
                        "facility_type": "police_station",
                        "region": v.region,
                        "open_24_hours": True,
                    },
                )
            left = record.date + datetime.timedelta(days=rng.randrange(1, 4))
            submission.add(
                "placements",
                {
                    "record_id": world.next_id(f"{ID['police']}-DEP-{year}-{{:04d}}"),
                    "person_id": record.record_id,
                    "facility_id": stations[v.region],
                    "admitted_on": record.date,
                    "left_on": min(left, world.end),
                    "reason": "En espera de la Unidad de Protección Especial",
                },
            )
