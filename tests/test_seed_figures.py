"""Acceptance: synthetic records → import → indicators give every seed figure of the 2021 TIP report on Peru.

The synthetic 2018–2020 data of every agency is generated once per run (``synthetic_agencies``) and submitted once
for this module (rolled back at its end). Each seed entry of the indicator catalogue (the profile's part, ``kuska/profiles/peru/indicators.toml``) is then checked, beside the
sentence of the report it comes from: totals, every cell of the breakdowns the seed gives (e.g. 2020 police: 385
adult women, 118 girls, 137 boys; 561 Peruvian, 79 foreign), and the figures the seed says were not reported,
which must come out *not reported*, never 0.
"""

from __future__ import annotations

import math
from collections.abc import Iterator, Mapping
from decimal import Decimal
from typing import Any

import pytest
from django.db import connection, transaction
from pytest_django import DjangoDbBlocker

from kuska.stats.catalogue import Indicator, SeedFigure, load_catalogue
from kuska.stats.engine import IndicatorResult, StatsContext, Status, compute
from kuska.stats.periods import Period
from kuska.synth import ABSENT
from tests.synthetic import YEARS, SyntheticAgencies, submit_every_agency


def _seed_entries() -> Iterator[Any]:
    for indicator in load_catalogue():
        for seed in indicator.seed:
            if seed.year not in YEARS:
                continue
            name = f"{indicator.id}-{seed.year}" + (f"-by-{'-'.join(seed.by)}" if seed.by else "")
            yield pytest.param(indicator.id, seed, id=name)


@pytest.fixture(scope="module")
def registry(
    synthetic_agencies: SyntheticAgencies,
    django_db_setup: None,
    django_db_blocker: DjangoDbBlocker,
) -> Iterator[StatsContext]:
    """The synthetic data of every agency (generated once per run), imported once for the module (one
    transaction, rolled back)."""
    from tests.country import ensure_profile

    assert synthetic_agencies.dataset.unread_seeds == []
    with django_db_blocker.unblock():
        atomic = transaction.atomic()
        atomic.__enter__()
        try:
            ensure_profile()
            submit_every_agency(synthetic_agencies.folder)
            context = StatsContext.load()
            if connection.features.can_defer_constraint_checks:
                connection.check_constraints()  # once here, not again at every test's end
        except BaseException:
            transaction.set_rollback(True)
            atomic.__exit__(None, None, None)
            raise
    yield context
    with django_db_blocker.unblock():
        transaction.set_rollback(True)
        atomic.__exit__(None, None, None)


def _cells(breakdown: Mapping[str, Any], depth: int) -> Iterator[tuple[tuple[str, ...], Any]]:
    for key, inner in breakdown.items():
        if depth == 1:
            yield (str(key),), inner
        else:
            for rest, value in _cells(inner, depth - 1):
                yield (str(key), *rest), value


def _matches(got: object, seed: SeedFigure, expected: object) -> bool:
    """The figure equals the seed's (is at least it, for "more than 700"); amounts compare as numbers."""
    if not isinstance(got, int | Decimal) or not isinstance(expected, int | float):
        return False
    if seed.at_least:
        return got >= expected
    return math.isclose(float(got), float(expected))


def _compute(context: StatsContext, indicator: Indicator, seed: SeedFigure) -> IndicatorResult:
    period = Period.of(seed.period, seed.year, context.tip_start)
    return compute(indicator, period, seed.by, context=context)


@pytest.mark.parametrize(("indicator_id", "seed"), list(_seed_entries()))
def test_seed_figure(indicator_id: str, seed: SeedFigure, registry: StatsContext, db: None) -> None:
    indicator = registry.catalogue[indicator_id]
    result = _compute(registry, indicator, seed)
    said = f"{indicator_id} {seed.year}: the report says {seed.quote!r}"
    if seed.status == "not_reported":
        assert result.status is Status.NOT_REPORTED, f"{said}, but Kuska gives {result.value}"
        return
    assert result.status is Status.REPORTED, f"{said}, but the figure is {result.status}"
    if seed.value is not None:
        bound = "at least " if seed.at_least else ""
        assert _matches(result.value, seed, seed.value), (
            f"{said} ({bound}{seed.value}), but Kuska gives {result.value}"
        )
    for key, expected in _cells(seed.breakdown, len(seed.by)):
        got = result.cell(*key)
        assert _matches(got, seed, expected), (
            f"{said}: {dict(zip(seed.by, key, strict=True))} should be {expected}, Kuska gives {got}"
        )


@pytest.mark.parametrize("year", YEARS)
@pytest.mark.parametrize("indicator_id", sorted(ABSENT))
def test_figures_the_report_says_were_not_reported_stay_not_reported(
    indicator_id: str, year: int, registry: StatsContext, db: None
) -> None:
    indicator = registry.catalogue[indicator_id]
    result = compute(indicator, Period.calendar(year), context=registry)
    quotes = [s.quote for s in indicator.seed if s.status == "not_reported"]
    assert result.status is Status.NOT_REPORTED, (
        f"{indicator_id} {year} should be not reported ({ABSENT[indicator_id]}; the report: {quotes}), "
        f"Kuska gives {result.value}"
    )
    assert result.value is None  # never 0


@pytest.mark.parametrize("year", YEARS)
def test_no_official_was_prosecuted_or_convicted_a_reported_zero(
    year: int, registry: StatsContext, db: None
) -> None:
    """The report: "the government did not prosecute or convict any officials for trafficking-related
    complicity"."""
    for indicator_id in ("officials_prosecuted", "officials_convicted"):
        result = compute(registry.catalogue[indicator_id], Period.calendar(year), context=registry)
        assert result.status is Status.REPORTED, indicator_id
        assert result.value == 0, indicator_id


def test_police_2020_victims_sex_by_age_and_nationality_hold_jointly(
    registry: StatsContext, db: None
) -> None:
    """The report: "These victims included 385 adults (all women) and 255 children (118 girls and 137 boys); 561
    were Peruvian and 79 were from other countries"."""
    result = compute(
        registry.catalogue["victims_identified"],
        Period.calendar(2020),
        ("agency", "age_group", "sex", "nationality_group"),
        context=registry,
    )
    assert result.cell("PNP", "adult", "female", None) == 385
    assert result.cell("PNP", "adult", "male", None) == 0
    assert result.cell("PNP", "child", "female", None) == 118
    assert result.cell("PNP", "child", "male", None) == 137
    assert result.cell("PNP", None, None, "national") == 561
    assert result.cell("PNP", None, None, "foreign") == 79
    assert result.cell("PNP", "unknown", None, None) == 0
    assert result.cell("MP-FISCALIA", None, "female", None) == 411
    assert result.cell("MP-FISCALIA", "child", None, None) == 244


def test_the_figures_are_not_reproduced_by_identifications_of_other_years(
    registry: StatsContext, db: None
) -> None:
    """Each year's figure counts only its own identifications: 2021 has none."""
    result = compute(
        registry.catalogue["victims_identified"], Period.calendar(2021), context=registry
    )
    assert result.status is Status.NOT_REPORTED


def test_the_hotline_figures_hold_the_seeds_spanish_only_lines(
    registry: StatsContext, db: None
) -> None:
    """The report: the two 24-hour hotlines "could only accommodate Spanish speakers". Every 2020 call is held
    in Spanish; the callers who needed an interpreter got none; calls are referred to the police, the
    prosecutors, the MIMP and the labour inspectors; the interpreter and the referral's time are recorded from
    2020, so 2019 says *not reported*, never 0."""

    def figure(indicator: str, year: int = 2020, by: tuple[str, ...] = ()) -> IndicatorResult:
        return compute(registry.catalogue[indicator], Period.calendar(year), by, context=registry)

    calls = figure("hotline_calls", by=("language",))
    assert calls.value
    assert calls.breakdown() == {"spa": calls.value}
    assert figure("hotline_calls").value > figure("hotline_calls", 2019).value  # type: ignore[operator]
    needed = figure("hotline_calls_interpreter_needed").value
    assert needed
    assert needed > 0
    assert (
        figure("hotline_calls_interpreter_provided").value == 0
    )  # a reported 0: none was provided
    referred = figure("hotline_calls_referred", by=("referred_to",))
    assert set(referred.breakdown()) == {"PNP", "MP", "MIMP", "SUNAFIL"}
    hours = figure("hotline_hours_to_referral").value
    assert isinstance(hours, Decimal)
    assert 0 < hours < 120
    for indicator in (
        "hotline_calls_interpreter_needed",
        "hotline_calls_interpreter_provided",
        "hotline_hours_to_referral",
    ):
        assert figure(indicator, 2019).status is Status.NOT_REPORTED, indicator
    assert figure("hotline_calls_referred", 2019).status is Status.REPORTED
