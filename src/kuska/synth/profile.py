"""The trafficking profile the synthetic data follows, from the seed report's "Trafficking profile" section.

Women and girls are exploited mostly in sex trafficking (Lima, Loreto and the Amazon, Cusco, Puno, Madre de Dios and
the mining and logging areas); men and boys mostly in forced labour (gold mining in Madre de Dios and Puno, logging
in Ucayali and Loreto, agriculture, brick-making, factories, counterfeit goods); children also in begging, street
vending, domestic service and coca and drug transport in the VRAEM (Ayacucho, Cusco, Junín). Venezuelans are the
largest group of foreign victims, then Ecuadorians, Colombians and Bolivians. These are weights for drawing at
random, not figures: the figures come from the seed entries of the indicator catalogue.
"""

from __future__ import annotations

import datetime
import random
from collections.abc import Mapping, Sequence
from typing import TypeVar

from kuska.synth.country import LANGUAGES, ORIGINS, REGIONS, REGIONS_BY_FORM

T = TypeVar("T")

__all__ = [
    "LANGUAGES",
    "ORIGINS",
    "REGIONS",
    "REGIONS_BY_FORM",
]  # the country's, read by the generator

# Forms of exploitation by (sex, child?): the seed's profile, as weights.
FORMS: dict[tuple[str, bool], dict[str, float]] = {
    ("female", False): {
        "sexual": 80, "online_sexual_exploitation": 2, "labour_domestic_service": 6,
        "labour_agriculture": 3, "labour_factory": 2, "labour_street_vending": 2, "labour_market_work": 2,
        "labour_mining": 1, "labour_begging": 1, "labour_counterfeit_goods": 1,
    },
    ("female", True): {
        "sexual": 70, "online_sexual_exploitation": 7, "labour_domestic_service": 8, "labour_begging": 5,
        "labour_street_vending": 5, "labour_agriculture": 3, "forced_criminality": 1, "child_selling": 1,
    },
    ("male", False): {
        "labour_mining": 28, "labour_logging": 15, "labour_agriculture": 15, "labour_brick_making": 6,
        "labour_factory": 6, "labour_construction": 5, "labour_counterfeit_goods": 3,
        "labour_drug_production_transport": 6, "labour_fishing": 3, "sexual": 8, "forced_criminality": 2,
    },
    ("male", True): {
        "labour_begging": 18, "labour_street_vending": 14, "labour_mining": 12, "labour_agriculture": 12,
        "labour_drug_production_transport": 8, "forced_criminality": 8, "sexual": 14,
        "online_sexual_exploitation": 3, "labour_logging": 5, "labour_domestic_service": 3,
        "armed_recruitment": 2, "labour_brick_making": 1,
    },
}  # fmt: skip

# How many victims a case of each kind tends to gather (largest number; at least one).
CASE_SIZE = {
    "sexual": 7,
    "labour_mining": 9,
    "labour_logging": 6,
    "labour_agriculture": 6,
    "labour_factory": 6,
}

RECRUITMENT_SEXUAL = {
    "social_media": 35, "false_job_offer": 30, "romantic_relationship": 15, "acquaintance": 10,
    "family_member": 5, "online_advertisement": 5,
}  # fmt: skip
RECRUITMENT_LABOUR = {
    "false_job_offer": 55, "acquaintance": 15, "family_member": 10, "employment_agency": 8,
    "godparenthood": 5, "social_media": 7,
}  # fmt: skip
MEANS_SEXUAL = (
    "false_promises", "threats", "debt_bondage", "withholds_documents", "psychoactive_substances",
    "physical_violence", "isolation", "takes_earnings",
)  # fmt: skip
MEANS_LABOUR = (
    "debt_bondage", "withholds_wages", "isolation", "restricts_movement", "threats", "physical_violence",
    "withholds_documents", "excessive_working_hours", "false_promises",
)  # fmt: skip

# True nationality of a foreign victim or suspect ("other": a Caribbean country, Argentina…).
FOREIGN_NATIONALITIES = {
    "VE": 70, "EC": 9, "CO": 8, "BO": 8, "DO": 1.5, "CU": 1, "HT": 1, "AR": 0.8, "CL": 0.7,
}  # fmt: skip

# Share of the year's records in each month (identifications, cases) in an ordinary year and in 2020.
MONTHS_ORDINARY = (8, 8, 9, 8, 9, 8, 9, 9, 8, 8, 8, 8)
MONTHS_2020 = (12, 12, 8, 3, 4, 6, 8, 9, 9, 10, 10, 9)
# Operations in 2020: "Nearly half the operations were conducted in January and February 2020".
OPERATION_MONTHS_2020 = (24, 22, 6, 1, 1, 3, 5, 6, 7, 8, 8, 9)


def pick(rng: random.Random, weights: Mapping[str, float]) -> str:
    """One key, with probability proportional to its weight (in the mapping's order, for determinism)."""
    keys = list(weights)
    return rng.choices(keys, weights=[weights[k] for k in keys])[0]


def region_for(rng: random.Random, form: str) -> str:
    weights = dict.fromkeys(REGIONS, 1.0)
    weights.update(REGIONS_BY_FORM.get(form, REGIONS_BY_FORM["sexual"]))
    return pick(rng, weights)


def form_for(rng: random.Random, sex: str, child: bool) -> str:
    return pick(rng, FORMS[(sex if sex in ("female", "male") else "female", child)])


def origin_for(rng: random.Random, region: str) -> str:
    return pick(rng, ORIGINS.get(region, {region: 1.0}))


def foreign_nationality(rng: random.Random) -> str:
    return pick(rng, FOREIGN_NATIONALITIES)


def month_weights(year: int, operations: bool = False) -> Sequence[int]:
    if year == 2020:
        return OPERATION_MONTHS_2020 if operations else MONTHS_2020
    return MONTHS_ORDINARY


def apportion(total: int, weights: Sequence[float]) -> list[int]:
    """``total`` split in proportion to ``weights``, in whole numbers that add up (largest remainder)."""
    mass = sum(weights)
    if total <= 0 or mass <= 0:
        return [0] * len(weights)
    exact = [total * w / mass for w in weights]
    counts = [int(x) for x in exact]
    order = sorted(range(len(weights)), key=lambda i: (-(exact[i] - counts[i]), i))
    for i in order[: total - sum(counts)]:
        counts[i] += 1
    return counts


def dates_in_year(
    rng: random.Random, year: int, n: int, weights: Sequence[float]
) -> list[datetime.date]:
    """``n`` dates of ``year`` whose months follow ``weights`` exactly (up to rounding), sorted."""
    out: list[datetime.date] = []
    for month, count in enumerate(apportion(n, weights), start=1):
        first = datetime.date(year, month, 1)
        following = datetime.date(year + (month == 12), month % 12 + 1, 1)
        days = (following - first).days
        out.extend(first + datetime.timedelta(days=rng.randrange(days)) for _ in range(count))
    out.sort()
    return out


def shuffled(rng: random.Random, items: Sequence[T]) -> list[T]:
    out = list(items)
    rng.shuffle(out)
    return out
