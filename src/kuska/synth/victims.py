"""Victims identified by the police and the specialized prosecutors (``POLICE``, ``PROSECUTORS``: the profile's
agencies in those parts), their cases and operations.

Calibrated to the catalogue's seed entries for ``victims_identified`` (each agency's total and every breakdown the
seed gives), ``police_operations``, ``police_detentions``, ``prosecutor_operations`` and
``prosecutor_detentions``. A year is built in steps:

1. *specs* — one :class:`~kuska.synth.targets.Spec` per record each agency must send (:func:`allocate`);
2. *persons* — a large share of the smaller agency's victims are also identified by the other agency: their
   specs are paired where one person can satisfy both; every pair or single spec becomes a true victim (a few are
   victims of an earlier year, identified again); each gets a form of exploitation and a region;
3. *police cases and operations* — victims grouped by form and region into cases; the larger cases are the
   operations' (dated as the seed says: nearly half of 2020's in January and February), the rest complaints,
   hotline calls, referrals; detentions spread over the operations (2020: none recorded after September);
4. *prosecutors' cases and operations* — a case for every police case with shared victims, the prosecutors
   joining most police operations (and recording them); their own cases and operations for the rest;
5. *ages* — birth dates redrawn where the dates of step 3–4 moved a record out of its age range;
6. *rows* — operations, cases, persons and identifications written for each agency.
"""

from __future__ import annotations

import datetime
import random
from collections.abc import Sequence

from kuska.synth import profile
from kuska.synth.country import (
    CHILD_PROTECTION,
    EMERGENCY_CENTRES,
    FOREIGN_AFFAIRS,
    HEALTH,
    ID,
    LABOUR,
    MIGRATION,
    POLICE,
    PROSECUTORS,
)
from kuska.synth.narrative import POLICE_DETENTIONS_RECORDED_UNTIL_MONTH, officials_cases
from kuska.synth.noise import record_person
from kuska.synth.people import TruePerson, birth_date_for
from kuska.synth.targets import COUNTRY, Spec, allocate, compatible
from kuska.synth.world import (
    HABITS,
    Case,
    Operation,
    Victimization,
    VictimRecord,
    World,
)

SHARED = 0.62  # share of the smaller agency's victims that the other agency also identified
REIDENTIFIED = 0.03  # victims of an earlier year identified again (re-trafficked)
CHILD_SHARE = 0.40  # where the seed leaves age free
FEMALE_SHARE = 0.80
OPERATION_SHARE = {POLICE: 0.55, PROSECUTORS: 0.45}  # of victims identified in an operation
UNIVERSE = (COUNTRY, *profile.FOREIGN_NATIONALITIES)


def build_year(world: World, year: int) -> None:
    """Identifications, cases and operations of the police and the prosecutors for ``year``."""
    rng = world.rng(f"victims-{year}")
    t = world.targets
    specs: dict[str, list[Spec]] = {}
    for agency in (POLICE, PROSECUTORS):
        n = t.count("victims_identified", year, agency=agency)
        specs[agency] = allocate(n, t.tables("victims_identified", year, agency), rng, world.bands)
    victimizations = _victims(world, rng, year, specs)
    world.victimizations[year] = victimizations
    police_cases, police_ops = _police(world, rng, year, victimizations)
    prosecutor_cases, prosecutor_ops = _prosecutors(world, rng, year, victimizations, police_ops)
    _fix_ages(world, rng, victimizations, specs)
    for agency, cases, ops in (
        (POLICE, police_cases, police_ops),
        (PROSECUTORS, prosecutor_cases, prosecutor_ops),
    ):
        _number_operations(world, agency, year, ops)
        world.cases.setdefault(agency, []).extend(cases)
        world.operations.setdefault(agency, []).extend(ops)
        _write(world, rng, agency, year, cases, specs[agency])


# -- step 2: persons ---------------------------------------------------------------------------------------------


def _victims(
    world: World, rng: random.Random, year: int, specs: dict[str, list[Spec]]
) -> list[Victimization]:
    police, prosecutors = specs[POLICE], specs[PROSECUTORS]
    pairs = _pairs(rng, police, prosecutors, round(SHARED * min(len(police), len(prosecutors))))
    paired_police = {p for p, _ in pairs}
    paired_prosecutors = {m for _, m in pairs}
    mid = datetime.date(year, 7, 1)
    earlier = [v.person for y, vs in world.victimizations.items() if y < year for v in vs]
    out: list[Victimization] = []
    taken: set[str] = set()

    def add(person: TruePerson, indexes: dict[str, int], reused: bool = False) -> None:
        child = person.age_on(mid) < 18
        form = profile.form_for(rng, person.sex, child)
        region = profile.region_for(rng, form)
        victimization = Victimization(year, person, form, region, reused=reused)
        for agency, index in indexes.items():
            victimization.records[agency] = VictimRecord(agency, index)
        out.append(victimization)
        taken.add(person.truth_id)

    for p, m in pairs:
        person = _new_victim(world, rng, [police[p], prosecutors[m]], mid)
        if person is None:
            paired_police.discard(p)
            paired_prosecutors.discard(m)
            continue
        add(person, {POLICE: p, PROSECUTORS: m})
    for agency, agency_specs, paired in (
        (POLICE, police, paired_police),
        (PROSECUTORS, prosecutors, paired_prosecutors),
    ):
        for index, spec in enumerate(agency_specs):
            if index in paired:
                continue
            again = _earlier_victim(rng, earlier, year, spec, taken)
            if again is not None:
                add(again, {agency: index}, reused=True)
                continue
            person = _new_victim(world, rng, [spec], mid)
            if person is None:
                raise AssertionError(f"no victim fits {spec}")
            add(person, {agency: index})
    return out


def _pairs(
    rng: random.Random, police: Sequence[Spec], prosecutors: Sequence[Spec], wanted: int
) -> list[tuple[int, int]]:
    """Up to ``wanted`` (police index, prosecutors index) pairs one person can satisfy, drawn at random."""
    buckets: dict[Spec, list[int]] = {}
    for index in profile.shuffled(rng, range(len(police))):
        buckets.setdefault(police[index], []).append(index)
    fits: dict[tuple[Spec, Spec], bool] = {}
    pairs: list[tuple[int, int]] = []
    for m in profile.shuffled(rng, range(len(prosecutors))):
        if len(pairs) >= wanted:
            break
        spec = prosecutors[m]
        options = []
        for key, indexes in buckets.items():
            if not indexes:
                continue
            if (key, spec) not in fits:
                fits[(key, spec)] = compatible(key, spec, UNIVERSE)
            if fits[(key, spec)]:
                options.append(key)
        if not options:
            continue
        key = rng.choices(options, weights=[len(buckets[k]) for k in options])[0]
        pairs.append((buckets[key].pop(), m))
    return pairs


def _new_victim(
    world: World, rng: random.Random, specs: list[Spec], on: datetime.date
) -> TruePerson | None:
    region = profile.region_for(rng, "sexual")
    person = world.people.victim_for(
        [(s, on) for s in specs], child_share=CHILD_SHARE, female_share=FEMALE_SHARE, region=region
    )
    if (
        person is not None
        and person.sex == "male"
        and person.age_on(on) >= 18
        and rng.random() < 0.04
    ):
        person.gender_identity = "transgender_woman"
    return person


def _earlier_victim(
    rng: random.Random, earlier: list[TruePerson], year: int, spec: Spec, taken: set[str]
) -> TruePerson | None:
    """Sometimes, a victim of an earlier year who fits ``spec`` on every day of ``year``."""
    if rng.random() >= REIDENTIFIED:
        return None
    first, last = datetime.date(year, 1, 1), datetime.date(year, 12, 31)
    for person in rng.sample(earlier, min(30, len(earlier))):
        if person.truth_id in taken or (spec.sex and spec.sex != person.sex):
            continue
        if not spec.allows(person.nationality):
            continue
        low, high = spec.age
        if low <= person.age_on(first) and person.age_on(last) <= high:
            return person
    return None


# -- steps 3 and 4: cases and operations -------------------------------------------------------------------------


def _case_size(rng: random.Random, form: str, remaining: int) -> int:
    largest = profile.CASE_SIZE.get(form, 3)
    sizes = list(range(1, largest + 1))
    return min(remaining, rng.choices(sizes, weights=[1 / k for k in sizes])[0])


def _group_into_cases(
    world: World, rng: random.Random, agency: str, year: int, victims: list[Victimization]
) -> list[Case]:
    groups: dict[tuple[str, str], list[Victimization]] = {}
    for v in victims:
        groups.setdefault((v.form, v.region), []).append(v)
    cases = []
    prefix = f"{ID['police']}-AT" if agency == POLICE else "CF"
    for (form, region), members in groups.items():
        rng.shuffle(members)
        while members:
            size = _case_size(rng, form, len(members))
            chunk, members = members[:size], members[size:]
            case = Case(
                agency,
                world.next_id(f"{prefix}-{year}-{{:05d}}"),
                region,
                form,
                datetime.date(year, 1, 1),
                victims=chunk,
            )
            cases.append(case)
    return cases


def _operation_cases(
    rng: random.Random, cases: list[Case], capacity: int, share: float
) -> list[Case]:
    """The larger cases, up to ``capacity`` of them or until they hold ``share`` of the victims."""
    total = sum(len(c.victims) for c in cases)
    ranked = sorted(cases, key=lambda c: (-len(c.victims), rng.random()))
    chosen: list[Case] = []
    covered = 0
    for case in ranked:
        if len(chosen) >= capacity or covered >= share * total:
            break
        chosen.append(case)
        covered += len(case.victims)
    return chosen


def _clip(day: datetime.date, year: int) -> datetime.date:
    return min(day, datetime.date(year, 12, 31))


def _method(rng: random.Random, agency: str) -> tuple[str, str]:
    """How a victim outside an operation was identified, and the referring agency if referred."""
    method = profile.pick(
        rng,
        {
            "complaint": 45,
            "hotline": 12,
            "agency_referral": 13,
            "screening": 15,
            "self_referral": 10,
            "inspection": 5,
        },
    )
    if method == "agency_referral":
        return method, profile.pick(
            rng,
            {
                EMERGENCY_CENTRES: 40,
                HEALTH: 20,
                CHILD_PROTECTION: 20,
                MIGRATION: 10,
                FOREIGN_AFFAIRS: 10,
            },
        )
    if method == "inspection":
        return method, LABOUR
    return method, ""


def _spread(rng: random.Random, total: int, ops: list[Operation]) -> None:
    """``total`` detentions over ``ops`` (more where more victims were found); the others record none."""
    if not ops:
        if total:
            raise AssertionError("detentions to record but no operation to record them on")
        return
    counts = [0] * len(ops)
    for i in rng.choices(range(len(ops)), weights=[1 + op.victims for op in ops], k=total):
        counts[i] += 1
    for op, count in zip(ops, counts, strict=True):
        op.detentions = count


def _police(
    world: World, rng: random.Random, year: int, victimizations: list[Victimization]
) -> tuple[list[Case], list[Operation]]:
    t = world.targets
    members = [v for v in victimizations if POLICE in v.records]
    cases = _group_into_cases(world, rng, POLICE, year, members)
    n_ops = t.count("police_operations", year)
    dates = profile.dates_in_year(rng, year, n_ops, profile.month_weights(year, operations=True))
    ops = [Operation(POLICE, "", d, profile.region_for(rng, "sexual")) for d in dates]
    with_victims = _operation_cases(rng, cases, int(0.8 * n_ops), OPERATION_SHARE[POLICE])
    for case, slot in zip(with_victims, rng.sample(range(n_ops), len(with_victims)), strict=True):
        op = ops[slot]
        op.region, op.victims = case.region, len(case.victims)
        case.operation, case.opened_on = op, op.date
    others = [c for c in cases if c.operation is None]
    for case, day in zip(
        others,
        profile.shuffled(
            rng, profile.dates_in_year(rng, year, len(others), profile.month_weights(year))
        ),
        strict=True,
    ):
        case.opened_on = day
    for case in cases:
        for v in case.victims:
            record = v.records[POLICE]
            record.case = case
            if case.operation is not None:
                record.date, record.method = case.opened_on, "operation"
            else:
                record.date = _clip(
                    case.opened_on + datetime.timedelta(days=rng.randrange(3)), year
                )
                record.method, record.referred_by = _method(rng, POLICE)
    until = POLICE_DETENTIONS_RECORDED_UNTIL_MONTH.get(year, 12)
    _spread(rng, t.count("police_detentions", year), [op for op in ops if op.date.month <= until])
    return cases, ops


def _prosecutors(
    world: World,
    rng: random.Random,
    year: int,
    victimizations: list[Victimization],
    police_ops: list[Operation],
) -> tuple[list[Case], list[Operation]]:
    t = world.targets
    n_ops = t.count("prosecutor_operations", year)
    special = [c for c in officials_cases(year) if c.detentions is not None]
    ops: list[Operation] = []
    for story in special:
        op = Operation(PROSECUTORS, "", story.opened_on, profile.region_for(rng, story.form))
        op.participants, op.detentions, op.fixed_detentions = [POLICE], story.detentions, True
        ops.append(op)
    world.operations.setdefault("officials", []).extend(ops)
    capacity = n_ops - len(ops)
    if capacity < 0:
        raise AssertionError(
            f"{year}: more operations against officials than prosecutor operations"
        )

    cases: list[Case] = []
    shared: dict[str, tuple[Case, list[Victimization]]] = {}
    for v in victimizations:
        if POLICE in v.records and PROSECUTORS in v.records:
            police_case = v.records[POLICE].case
            assert police_case is not None
            shared.setdefault(police_case.record_id, (police_case, []))[1].append(v)
    for police_case, members in shared.values():
        case = Case(
            PROSECUTORS,
            world.next_id(f"CF-{year}-{{:05d}}"),
            police_case.region,
            police_case.form,
            police_case.opened_on,
            victims=members,
            mirror_of=police_case,
        )
        police_op = police_case.operation
        if police_op is not None and rng.random() < 0.8 and capacity > 0:
            op = Operation(PROSECUTORS, "", police_op.date, police_op.region, participants=[POLICE])
            op.victims = len(members)
            police_op.participants.append(PROSECUTORS)
            ops.append(op)
            capacity -= 1
            case.operation = op
        else:
            delay = datetime.timedelta(days=rng.randrange(21))
            case.opened_on = _clip(police_case.opened_on + delay, year)
        for v in members:
            record = v.records[PROSECUTORS]
            record.case, record.date = case, case.opened_on
            if case.operation is not None:
                record.method = "operation"
            elif rng.random() < 0.65:
                record.method, record.referred_by = "agency_referral", POLICE
            else:
                record.method = "complaint"
        cases.append(case)

    own = [v for v in victimizations if list(v.records) == [PROSECUTORS]]
    own_cases = _group_into_cases(world, rng, PROSECUTORS, year, own)
    with_victims = _operation_cases(
        rng, own_cases, int(0.7 * capacity), OPERATION_SHARE[PROSECUTORS]
    )
    weights = profile.month_weights(year)
    for case, day in zip(
        own_cases,
        profile.shuffled(rng, profile.dates_in_year(rng, year, len(own_cases), weights)),
        strict=True,
    ):
        case.opened_on = day
        if case in with_victims:
            op = Operation(PROSECUTORS, "", day, case.region, victims=len(case.victims))
            if rng.random() < 0.5:
                op.participants = [POLICE]
            ops.append(op)
            case.operation = op
            capacity -= 1
        for v in case.victims:
            record = v.records[PROSECUTORS]
            record.case = case
            if case.operation is not None:
                record.date, record.method = day, "operation"
            else:
                record.date = _clip(day + datetime.timedelta(days=rng.randrange(3)), year)
                record.method, record.referred_by = _method(rng, PROSECUTORS)
    for day in profile.dates_in_year(rng, year, capacity, weights):
        ops.append(Operation(PROSECUTORS, "", day, profile.region_for(rng, "sexual")))
    cases.extend(own_cases)
    fixed = sum(op.detentions or 0 for op in ops if op.fixed_detentions)
    remaining = t.count("prosecutor_detentions", year) - fixed
    if remaining < 0:
        raise AssertionError(f"{year}: more detentions of officials than prosecutor detentions")
    _spread(rng, remaining, [op for op in ops if not op.fixed_detentions])
    return cases, ops


# -- step 5: ages ------------------------------------------------------------------------------------------------


def _fix_ages(
    world: World,
    rng: random.Random,
    victimizations: list[Victimization],
    specs: dict[str, list[Spec]],
) -> None:
    """Redraw a birth date where a record's date moved its age out of the record's range."""
    for v in victimizations:
        dated = [(specs[a][r.spec_index], r) for a, r in v.records.items()]

        def fits(birth: datetime.date, dated: list[tuple[Spec, VictimRecord]] = dated) -> bool:
            return all(
                s.age[0] <= _age(birth, r.date) <= s.age[1] for s, r in dated if r.date is not None
            )

        if fits(v.person.birth_date):
            continue
        if v.reused:
            raise AssertionError("a victim identified again no longer fits its record")
        low = max(s.age[0] for s, _ in dated)
        high = min(s.age[1] for s, _ in dated)
        first = v.first_date
        age = min(max(v.person.age_on(first), low), high)
        for _ in range(60):
            birth = birth_date_for(rng, age, first)
            if fits(birth):
                v.person.birth_date = birth
                break
        else:
            for _, record in dated:
                record.date = first
            v.person.birth_date = birth_date_for(rng, age, first)


def _age(birth: datetime.date, day: datetime.date) -> int:
    before = (day.month, day.day) < (birth.month, birth.day)
    return day.year - birth.year - int(before)


# -- step 6: rows ------------------------------------------------------------------------------------------------


def _number_operations(world: World, agency: str, year: int, ops: list[Operation]) -> None:
    prefix = f"{ID['police']}-OP" if agency == POLICE else f"{ID['prosecutors']}-OP"
    for op in sorted(ops, key=lambda o: o.date):
        op.record_id = world.next_id(f"{prefix}-{year}-{{:04d}}")
    ops.sort(key=lambda o: o.record_id)


def _write(
    world: World,
    rng: random.Random,
    agency: str,
    year: int,
    cases: list[Case],
    specs: list[Spec],
) -> None:
    submission = world.dataset.submission(agency)
    habits = HABITS[agency]
    person_prefix = f"{ID['police']}-V" if agency == POLICE else f"{ID['prosecutors']}-VIC"
    for case in sorted(cases, key=lambda c: c.record_id):
        case.child_victims = any(
            v.person.age_on(v.records[agency].date or case.opened_on) < 18 for v in case.victims
        )
        submission.add("cases", case_row(rng, case))
        for v in case.victims:
            record = v.records[agency]
            assert record.date is not None
            record.record_id = world.next_id(f"{person_prefix}-{year}-{{:05d}}")
            spec = specs[record.spec_index]
            row = record_person(
                rng,
                v.person,
                record_id=record.record_id,
                event_date=record.date,
                habits=habits,
                spec=spec,
                case_ids=[case.record_id],
            )
            world.dataset.add_person(agency, v.person, row)
            submission.add(
                "identifications",
                {
                    "record_id": world.next_id(f"{agency}-ID-{year}-{{:05d}}"),
                    "person_id": record.record_id,
                    "identified_on": record.date,
                    "method": record.method,
                    "region": case.region,
                    "operation_id": case.operation.record_id if case.operation else None,
                    "case_id": case.record_id,
                    "referred_by": record.referred_by or None,
                },
            )


def case_row(rng: random.Random, case: Case) -> dict[str, object]:
    """A case file row: dates, region, recruitment, forms of exploitation and means of control."""
    sexual = case.form in ("sexual", "online_sexual_exploitation")
    forms = [case.form]
    if rng.random() < 0.08:
        extra = "labour_domestic_service" if sexual else "sexual"
        forms.append(extra)
    means = profile.MEANS_SEXUAL if sexual else profile.MEANS_LABOUR
    return {
        "record_id": case.record_id,
        "opened_on": case.opened_on,
        "region": case.region,
        "recruitment_channel": profile.pick(
            rng, profile.RECRUITMENT_SEXUAL if sexual else profile.RECRUITMENT_LABOUR
        ),
        "exploitation_forms": forms,
        "means_of_control": rng.sample(means, rng.randint(1, 3)),
    }


def write_operations(world: World) -> None:
    """The operations rows of both agencies (written last: later steps add participants, e.g. inspectors)."""
    for agency in (POLICE, PROSECUTORS):
        submission = world.dataset.submission(agency)
        for op in world.operations.get(agency, []):
            submission.add(
                "operations",
                {
                    "record_id": op.record_id,
                    "started_on": op.date,
                    "region": op.region,
                    "participating_agencies": sorted(set(op.participants)),
                    "detentions": op.detentions,
                    "victims_rescued": op.victims,
                },
            )
