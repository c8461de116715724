"""Suspects and the justice pipeline: police suspects, prosecutors' investigations and prosecutions, the courts'
trials, convictions and acquittals.

Calibrated to the seed entries of ``suspects_prosecuted`` (distinct suspects the Public Ministry prosecuted in the
year), ``traffickers_convicted`` and ``acquittals`` (the judiciary), and ``officials_investigated``,
``officials_prosecuted`` and ``officials_convicted``. Every suspect record says whether the person is a public
official, so "no official was prosecuted or convicted" is a reported 0, not a missing figure. Sentences and
compensation are never sent: the seed says the government did not report them.

Suspects recur: the prosecutors' suspects of a case opened from a police case are mostly the police's suspects, and a
few traffickers turn up again in a later case (sometimes on the same person record, listing both cases; sometimes
on a new record). A conviction follows a prosecution, most often by the same true person recorded again by the
court; older prosecutions, from before the data period, give the court suspects of its own.
"""

from __future__ import annotations

import datetime
import random

from kuska.synth import profile
from kuska.synth.country import COURTS, ID, POLICE, PROSECUTORS
from kuska.synth.narrative import COURTS_CLOSED, officials_cases
from kuska.synth.noise import record_person
from kuska.synth.people import TruePerson, birth_date_for
from kuska.synth.targets import COUNTRY, CalibrationError
from kuska.synth.victims import case_row
from kuska.synth.world import HABITS, Case, SuspectRecord, World

RECURRING = 0.05  # suspects who already were suspects in an earlier case
FROM_PROSECUTIONS = 0.65  # of the court's judgments, those of prosecutions in the data


def build_year(world: World, year: int) -> None:
    """Suspects of the year's cases, the year's prosecutions and judgments."""
    rng = world.rng(f"justice-{year}")
    _police_suspects(world, rng, year)
    _prosecutor_suspects(world, rng, year)
    _officials(world, rng, year)
    _prosecutions(world, rng, year)
    _judgments(world, rng, year)


def finish(world: World) -> None:
    """Dismissals of the suspects never prosecuted, then every suspect's person row (their cases are known)."""
    rng = world.rng("justice-end")
    for record in world.suspects.get(PROSECUTORS, []):
        if (
            record.prosecuted_on is None
            and not record.person.public_official
            and rng.random() < 0.25
        ):
            case = record.cases[0]
            day = case.opened_on + datetime.timedelta(days=rng.randrange(120, 500))
            if day <= world.end:
                _event(world, PROSECUTORS, case, record, "dismissal", day, _charges(case, day))
    for agency in (POLICE, PROSECUTORS, COURTS):
        for record in world.suspects.get(agency, []):
            row = record_person(
                rng,
                record.person,
                record_id=record.record_id,
                event_date=record.cases[0].opened_on,
                habits=HABITS.get(agency, HABITS[PROSECUTORS]),
                case_ids=[c.record_id for c in record.cases],
            )
            world.dataset.add_person(agency, record.person, row)


# -- suspects ----------------------------------------------------------------------------------------------------


def _new_suspect(
    world: World, rng: random.Random, on: datetime.date, region: str, official: bool = False
) -> TruePerson:
    sex = "male" if official or rng.random() < 0.65 else "female"
    age = rng.choices(range(19, 66), weights=[3 if 24 <= a <= 45 else 1 for a in range(19, 66)])[0]
    nationality = COUNTRY if official or rng.random() < 0.9 else profile.foreign_nationality(rng)
    return world.people.new(
        "suspect",
        sex=sex,
        birth_date=birth_date_for(rng, age, on),
        nationality=nationality,
        origin=region if nationality == COUNTRY else "",
        public_official=official,
    )


def _suspect_record(world: World, agency: str, person: TruePerson, case: Case) -> SuspectRecord:
    prefix = {
        POLICE: f"{ID['police']}-S",
        PROSECUTORS: f"{ID['prosecutors']}-IMP",
        COURTS: f"{ID['courts']}-P",
    }[agency]
    record = SuspectRecord(
        agency, person, world.next_id(f"{prefix}-{case.opened_on.year}-{{:05d}}"), [case]
    )
    world.suspects.setdefault(agency, []).append(record)
    case.suspects.append(record)
    return record


def _cases_of(world: World, agency: str, year: int) -> list[Case]:
    return [c for c in world.cases.get(agency, []) if c.opened_on.year == year]


def _police_suspects(world: World, rng: random.Random, year: int) -> None:
    for case in _cases_of(world, POLICE, year):
        if rng.random() < 0.55:
            for _ in range(rng.choices((1, 2, 3), weights=(6, 3, 1))[0]):
                _suspect_record(
                    world, POLICE, _new_suspect(world, rng, case.opened_on, case.region), case
                )


def _prosecutor_suspects(world: World, rng: random.Random, year: int) -> None:
    earlier = [
        r
        for r in world.suspects.get(PROSECUTORS, [])
        if not r.person.public_official and r.cases[0].opened_on.year < year
    ]
    for case in _cases_of(world, PROSECUTORS, year):
        people: list[TruePerson] = []
        if case.mirror_of is not None:
            people = [s.person for s in case.mirror_of.suspects if rng.random() < 0.85]
            if not people or rng.random() < 0.2:
                people.append(_new_suspect(world, rng, case.opened_on, case.region))
        else:
            for _ in range(rng.choices((1, 2, 3), weights=(6, 3, 1))[0]):
                if (
                    not earlier
                    or rng.random() >= RECURRING
                    or not _recurring(world, rng, case, earlier)
                ):
                    people.append(_new_suspect(world, rng, case.opened_on, case.region))
        for person in people:
            _suspect_record(world, PROSECUTORS, person, case)
        for record in case.suspects:
            day = min(case.opened_on + datetime.timedelta(days=rng.randrange(16)), world.end)
            _event(world, PROSECUTORS, case, record, "investigation", day, _charges(case, day))


def _recurring(world: World, rng: random.Random, case: Case, earlier: list[SuspectRecord]) -> bool:
    """A suspect of an earlier year's case in this case too: on the same person record (both cases listed) or
    on a new one. False if the one drawn is already in the case."""
    record = rng.choice(earlier)
    if case in record.cases or any(s.person is record.person for s in case.suspects):
        return False
    if rng.random() < 0.5:
        record.cases.append(case)
        case.suspects.append(record)
    else:
        _suspect_record(world, PROSECUTORS, record.person, case)
    return True


def _officials(world: World, rng: random.Random, year: int) -> None:
    """The cases against officials the seed tells of; at least as many officials as the seed's figure."""
    stories = officials_cases(year)
    wanted = world.targets.value("officials_investigated", year) or 0
    told = sum(s.officials for s in stories)
    operations = {op.date: op for op in world.operations.get("officials", [])}
    for index, story in enumerate(stories):
        op = operations.get(story.opened_on)
        region = op.region if op is not None else profile.region_for(rng, story.form)
        case = Case(
            PROSECUTORS,
            world.next_id(f"CF-{year}-{{:05d}}"),
            region,
            story.form,
            story.opened_on,
            operation=op,
            child_victims="child" in story.quote,
        )
        extra = max(0, wanted - told) if index == len(stories) - 1 else 0
        for n in range(story.officials + extra + story.others):
            official = n < story.officials + extra
            person = _new_suspect(world, rng, story.opened_on, region, official=official)
            record = _suspect_record(world, PROSECUTORS, person, case)
            record.judged = not official  # the others stay under investigation too
            day = story.opened_on + datetime.timedelta(days=rng.randrange(1, 4))
            _event(world, PROSECUTORS, case, record, "investigation", day, _charges(case, day))
        world.cases.setdefault(PROSECUTORS, []).append(case)
        world.dataset.submission(PROSECUTORS).add("cases", case_row(rng, case))
    if wanted > told and not stories:
        raise CalibrationError(
            f"{year}: the seed has officials investigated but no case to put them in"
        )
    for indicator in ("officials_prosecuted", "officials_convicted"):
        if world.targets.value(indicator, year):
            raise CalibrationError(f"{indicator} {year}: the generator prosecutes no official")


# -- proceedings -------------------------------------------------------------------------------------------------


# The March 2021 renumbering (Ley 31146, in force on 31 March 2021): old article → new article.
RENUMBERED = {
    "153": "129-A",
    "153-A": "129-B",
    "153-B": "129-C",
    "153-H": "129-H",
    "168-B": "129-O",
}
RENUMBERED_ON = datetime.date(2021, 3, 31)


def _charges(case: Case, day: datetime.date, reclassified: bool = False) -> list[str]:
    """Offences charged on ``day``: trafficking (art. 153, aggravated 153-A with child victims), or, reclassified,
    an exploitation offence; in the numbering in force that day."""
    if not reclassified:
        article = "153-A" if case.child_victims else "153"
    elif case.form.startswith("labour"):
        article = "168-B"
    elif case.child_victims and day >= datetime.date(2019, 6, 19):
        article = "153-H"
    else:
        article = "153-B"
    return [RENUMBERED[article] if day >= RENUMBERED_ON else article]


def _event(
    world: World,
    agency: str,
    case: Case,
    record: SuspectRecord,
    stage: str,
    day: datetime.date,
    offences: list[str],
) -> None:
    prefix = f"{ID['prosecutors']}-AC" if agency == PROSECUTORS else f"{ID['courts']}-AC"
    world.dataset.submission(agency).add(
        "proceedings",
        {
            "record_id": world.next_id(f"{prefix}-{day.year}-{{:05d}}"),
            "case_id": case.record_id,
            "suspect_id": record.record_id,
            "stage": stage,
            "occurred_on": day,
            "offences": offences,
        },
    )


def _open_day(rng: random.Random, low: datetime.date, high: datetime.date) -> datetime.date | None:
    """A day in [low, high] when prosecutors and courts were working."""
    days = (high - low).days
    if days < 0:
        return None
    for _ in range(30):
        day = low + datetime.timedelta(days=rng.randrange(days + 1))
        if not COURTS_CLOSED[0] <= day <= COURTS_CLOSED[1]:
            return day
    return None


def _weighted_sample(
    rng: random.Random, items: list[SuspectRecord], weights: list[float], k: int
) -> list[SuspectRecord]:
    """``k`` items without replacement, with probability growing with the weight (Efraimidis–Spirakis)."""
    keyed = sorted(zip(items, weights, strict=True), key=lambda iw: -(rng.random() ** (1 / iw[1])))
    return [item for item, _ in keyed[:k]]


def _prosecutions(world: World, rng: random.Random, year: int) -> None:
    wanted = world.targets.count("suspects_prosecuted", year)
    last_case_day = datetime.date(year, 10, 31)
    candidates, weights = [], []
    for record in world.suspects.get(PROSECUTORS, []):
        if record.prosecuted_on is not None or record.person.public_official or record.judged:
            continue
        opened = min(c.opened_on for c in record.cases)
        if opened > last_case_day or opened.year < year - 3:
            continue
        candidates.append(record)
        weights.append({0: 1.0, 1: 3.0, 2: 2.0}.get(year - opened.year, 1.0))
    if len(candidates) < wanted:
        raise CalibrationError(
            f"suspects_prosecuted {year}: {wanted} wanted, only {len(candidates)} suspects to prosecute"
        )
    for record in sorted(
        _weighted_sample(rng, candidates, weights, wanted), key=lambda r: r.record_id
    ):
        case = min(record.cases, key=lambda c: c.opened_on)
        low = max(datetime.date(year, 1, 1), case.opened_on + datetime.timedelta(days=60))
        day = _open_day(rng, low, datetime.date(year, 12, 31)) or datetime.date(year, 12, 31)
        record.prosecuted_on = day
        reclassified = rng.random() < 0.15
        _event(
            world, PROSECUTORS, case, record, "prosecution", day, _charges(case, day, reclassified)
        )


def _judgments(world: World, rng: random.Random, year: int) -> None:
    t = world.targets
    convictions = t.count("traffickers_convicted", year)
    acquittals = t.count("acquittals", year, reference=("traffickers_convicted", None))
    outcomes = ["conviction"] * convictions + ["acquittal"] * acquittals
    rng.shuffle(outcomes)
    end = datetime.date(year, 12, 31)
    ready = [
        r
        for r in world.suspects.get(PROSECUTORS, [])
        if r.prosecuted_on is not None
        and not r.judged
        and r.prosecuted_on + datetime.timedelta(days=90) <= end
    ]
    ready.sort(key=lambda r: (r.prosecuted_on or end, r.record_id))
    chosen = ready[: round(FROM_PROSECUTIONS * len(outcomes))]
    by_case: dict[str, tuple[Case, list[SuspectRecord]]] = {}
    for record in chosen:
        record.judged = True
        case = min(record.cases, key=lambda c: c.opened_on)
        by_case.setdefault(case.record_id, (case, []))[1].append(record)

    # (court case, person, earliest day of the judgment)
    judged: list[tuple[Case, TruePerson, datetime.date]] = []
    for prosecutors_case, records in by_case.values():
        first = min(r.prosecuted_on or end for r in records)
        court_case = _court_case(world, rng, prosecutors_case.region, prosecutors_case.form, first)
        court_case.child_victims = prosecutors_case.child_victims
        for record in records:
            low = max(datetime.date(year, 1, 1), first + datetime.timedelta(days=90))
            judged.append((court_case, record.person, low))
    while len(judged) < len(outcomes):
        form = profile.pick(
            rng, {"sexual": 75, "labour_mining": 10, "labour_agriculture": 8, "labour_begging": 7}
        )
        region = profile.region_for(rng, form)
        opened = datetime.date(year, 1, 1) - datetime.timedelta(days=rng.randrange(200, 900))
        court_case = _court_case(world, rng, region, form, opened)
        court_case.child_victims = rng.random() < 0.35
        for _ in range(min(rng.choice((1, 1, 2)), len(outcomes) - len(judged))):
            person = _new_suspect(world, rng, opened, region)
            judged.append((court_case, person, datetime.date(year, 1, 1)))
    for (court_case, person, low), outcome in zip(judged, outcomes, strict=True):
        record = _suspect_record(world, COURTS, person, court_case)
        day = _open_day(rng, low, end) or end
        trial = max(court_case.opened_on, day - datetime.timedelta(days=rng.randrange(10, 90)))
        _event(world, COURTS, court_case, record, "trial", trial, _charges(court_case, trial))
        _event(world, COURTS, court_case, record, outcome, day, _charges(court_case, day))


def _court_case(
    world: World, rng: random.Random, region: str, form: str, opened: datetime.date
) -> Case:
    case = Case(COURTS, world.next_id(f"EXP-{opened.year}-{{:05d}}"), region, form, opened)
    world.cases.setdefault(COURTS, []).append(case)
    world.dataset.submission(COURTS).add("cases", case_row(rng, case))
    return case
