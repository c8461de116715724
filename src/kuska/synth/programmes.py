"""Programme records: budgets, trainings, awareness campaigns and labour inspections (hotline calls:
:mod:`kuska.synth.hotline`).

Budgets, trainings and campaigns exist only for the years the seed gives a figure for (a budget the report does not
mention is not invented): ``budget_mininter_dedicated``, ``budget_pnp_units`` (split between the police
directorate and its regional units), ``trainings_held``, ``training_participants``, ``trainings_with_partners``,
``prosecutors_trained``, ``judges_trained``, ``journalists_trained``, ``awareness_campaigns``, ``campaign_reach``.
Labour inspections of employment agencies never record an enforcement action ("the government did not report
whether it took enforcement action against employment agencies"); some inspections are referred to the
prosecutors (``inspections_referred_to_prosecutors``).
"""

from __future__ import annotations

import datetime
import random
from decimal import Decimal

from kuska.synth import profile
from kuska.synth.country import CAPITAL, COURTS, ID, INTERIOR, LABOUR, POLICE, PROSECUTORS
from kuska.synth.targets import CalibrationError
from kuska.synth.world import World

PARTNER_INTERNATIONAL = "Organización internacional (cooperación técnica)"
PARTNER_CIVIL_SOCIETY = "Organizaciones de la sociedad civil"


def build_year(world: World, year: int) -> None:
    rng = world.rng(f"programmes-{year}")
    _budgets(world, rng, year)
    _trainings(world, rng, year)
    _campaigns(world, rng, year)
    _inspections(world, rng, year)


def _budgets(world: World, rng: random.Random, year: int) -> None:
    t = world.targets
    submission = world.dataset.submission(INTERIOR)
    amount = t.value("budget_mininter_dedicated", year)
    if amount is not None:
        submission.add(
            "budgets",
            {
                "record_id": f"PPTO-{year}-{INTERIOR}",
                "entity": INTERIOR,
                "year": year,
                "amount": Decimal(amount),
                "currency": "PEN",
                "purpose": "Partida específica: Plan Nacional contra la Trata de Personas",
                "dedicated": True,
            },
        )
    police = t.value("budget_pnp_units", year)
    if police is None:
        return
    units = [POLICE, *(f"{ID['police']}-{code[3:]}" for code in profile.REGIONS)]
    weights = [
        30.0,
        *(6.0 if code == CAPITAL else 1.0 + rng.random() * 3 for code in profile.REGIONS),
    ]
    amounts = [h * 100 for h in profile.apportion(police // 100, weights)]
    amounts[0] += police - sum(amounts)  # the directorate keeps what rounding to hundreds leaves
    for unit, value in zip(units, amounts, strict=True):
        submission.add(
            "budgets",
            {
                "record_id": f"PPTO-{year}-{unit}",
                "entity": unit,
                "year": year,
                "amount": Decimal(value),
                "currency": "PEN",
                "purpose": "Unidades especializadas contra la trata de personas",
                "dedicated": True,
            },
        )


def _within(
    rng: random.Random, year: int, months: tuple[int, int], days: int
) -> tuple[datetime.date, datetime.date]:
    first = datetime.date(year, months[0], 1)
    last = datetime.date(year, months[1], 28) - datetime.timedelta(days=days)
    start = first + datetime.timedelta(days=rng.randrange(max(1, (last - first).days)))
    return start, start + datetime.timedelta(days=days)


def _trainings(world: World, rng: random.Random, year: int) -> None:
    t = world.targets
    held = t.value("trainings_held", year)
    participants = t.value("training_participants", year)
    partnered = t.value("trainings_with_partners", year)
    prosecutors = t.value("prosecutors_trained", year)
    judges = t.value("judges_trained", year)
    journalists = t.value("journalists_trained", year)
    if held:
        split = profile.apportion(participants or 0, [1.0] * held)
        for n, count in enumerate(split, start=1):
            start, end = _within(rng, year, (7, 11), 5)
            world.dataset.submission(PROSECUTORS).add(
                "trainings",
                {
                    "record_id": f"CAP-{year}-{n:02d}",
                    "started_on": start,
                    "ended_on": end,
                    "title": "Curso virtual: investigación y persecución del delito de trata de personas",
                    "participants": count or None,
                    "partner": None,
                },
            )
    with_partner = 0
    if prosecutors is not None:
        start, end = _within(rng, year, (8, 11), 42)
        world.dataset.submission(PROSECUTORS).add(
            "trainings",
            {
                "record_id": f"CAP-{year}-CERT-FISCALES",
                "started_on": start,
                "ended_on": end,
                "title": "Programa de certificación en persecución de la trata de personas (seis semanas)",
                "audience": "prosecutors",
                "completed": prosecutors,
                "partner": PARTNER_INTERNATIONAL,
            },
        )
        with_partner += 1
    if judges is not None:
        start, end = _within(rng, year, (8, 12), 56)
        world.dataset.submission(COURTS).add(
            "trainings",
            {
                "record_id": f"CAP-{year}-CERT-JUECES",
                "started_on": start,
                "ended_on": end,
                "title": "Programa de certificación para jueces en trata de personas (ocho semanas)",
                "audience": "judges",
                "completed": judges,
                "partner": PARTNER_INTERNATIONAL,
            },
        )
        with_partner += 1
    if journalists is not None:
        start = datetime.date(year, 6, 1) + datetime.timedelta(days=rng.randrange(25))
        world.dataset.submission(INTERIOR).add(
            "trainings",
            {
                "record_id": f"CAP-{year}-PERIODISTAS",
                "started_on": start,
                "ended_on": start + datetime.timedelta(days=2),
                "title": "Capacitación virtual para periodistas: cobertura de la trata de personas",
                "audience": "journalists",
                "participants": journalists,
                "partner": PARTNER_CIVIL_SOCIETY,
            },
        )
        with_partner += 1
    if partnered is not None:
        if partnered < with_partner:
            raise CalibrationError(
                f"trainings_with_partners {year}: {partnered}, but {with_partner} trainings with partners"
            )
        for n in range(partnered - with_partner):
            start, end = _within(rng, year, (3, 11), 3)
            world.dataset.submission(INTERIOR).add(
                "trainings",
                {
                    "record_id": f"CAP-{year}-SOCIOS-{n + 1:02d}",
                    "started_on": start,
                    "ended_on": end,
                    "title": "Taller sobre identificación de víctimas de trata",
                    "audience": "police",
                    "partner": PARTNER_CIVIL_SOCIETY,
                },
            )


def _campaigns(world: World, rng: random.Random, year: int) -> None:
    t = world.targets
    count = t.value("awareness_campaigns", year)
    reach = t.value("campaign_reach", year)
    if not count:
        return
    with_reach = max(1, count - 1) if reach else 0
    reaches = profile.apportion(reach or 0, [1.0 + rng.random() for _ in range(with_reach)])
    titles = [
        "Campaña digital «No te dejes engañar»: trata de personas y falsas ofertas de empleo",
        "Campaña digital para líderes comunitarios, madres, padres y estudiantes",
        "Campaña digital para niñas, niños y adolescentes: riesgos de explotación en plataformas en línea",
    ]
    for n in range(count):
        start, end = _within(rng, year, (6, 11), 30)
        world.dataset.submission(INTERIOR).add(
            "campaigns",
            {
                "record_id": f"CAMP-{year}-{n + 1:02d}",
                "started_on": start,
                "ended_on": end,
                "title": titles[n % len(titles)],
                "channel": "social_media",
                "audience": "Público en general"
                if n < with_reach
                else "Niñas, niños y adolescentes",
                "languages": "Castellano",
                "reach": reaches[n] if n < with_reach else None,
            },
        )


def _inspections(world: World, rng: random.Random, year: int) -> None:
    referred_wanted = world.targets.value("inspections_referred_to_prosecutors", year) or 0
    submission = world.dataset.submission(LABOUR)
    count = 24 + rng.randrange(10)
    rows = []
    for n, day in enumerate(
        profile.dates_in_year(rng, year, count, profile.month_weights(year)), start=1
    ):
        agency = rng.random() < 0.4
        form = profile.pick(
            rng,
            {"labour_mining": 3, "labour_agriculture": 3, "labour_factory": 2, "labour_logging": 2},
        )
        fees = agency and rng.random() < 0.3
        row: dict[str, object] = {
            "record_id": f"{ID['labour']}-{year}-{n:04d}",
            "inspected_on": day,
            "region": profile.region_for(rng, "labour_factory" if agency else form),
            "employment_agency": agency,
            "recruitment_fees_found": fees if agency else None,
            "documents_retained_found": (rng.random() < 0.15) if agency else None,
            "enforcement_action": None
            if agency
            else profile.pick(rng, {"multa": 3, "paralización": 1, "none": 4}),
            "referred_to_prosecutors": fees and rng.random() < 0.5,
            "victims_identified": 0,
        }
        rows.append(row)
    referred = [r for r in rows if r["referred_to_prosecutors"]]
    for row in rows:
        if len(referred) >= referred_wanted:
            break
        if row["employment_agency"] and not row["referred_to_prosecutors"]:
            row["recruitment_fees_found"] = True
            row["referred_to_prosecutors"] = True
            referred.append(row)
    if len(referred) < referred_wanted:
        raise CalibrationError(f"inspections_referred_to_prosecutors {year}: too few inspections")
    _joint_operation(world, rng, year, rows)
    for row in rows:
        submission.add("labour_inspections", row)


def _joint_operation(
    world: World, rng: random.Random, year: int, rows: list[dict[str, object]]
) -> None:
    """A police operation on a labour case, joined by the inspectors ("these units participated in at least one
    joint operation with specialized antitrafficking police that led to identification of trafficking victims")."""
    for op in world.operations.get(POLICE, []):
        if op.date.year != year or not op.victims or LABOUR in op.participants:
            continue
        case = next(
            (
                c
                for c in world.cases.get(POLICE, [])
                if c.operation is op and c.form.startswith("labour")
            ),
            None,
        )
        if case is None:
            continue
        op.participants.append(LABOUR)
        rows.append(
            {
                "record_id": f"{ID['labour']}-{year}-OC-{op.record_id}",
                "inspected_on": op.date,
                "region": op.region,
                "employment_agency": False,
                "enforcement_action": "paralización",
                "referred_to_prosecutors": True,
                "victims_identified": op.victims,
            }
        )
        return
