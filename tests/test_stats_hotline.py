"""The hotline figures on hand-made calls: calls by language, calls that needed an interpreter and those that got
one, calls referred by the agency referred to, and the median hours from call to referral. The same numbers on
SQLite and on PostgreSQL (the median is read value by value, never a dialect's function)."""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal

import pytest

from kuska.stats.catalogue import CatalogueError, parse_catalogue
from kuska.stats.engine import IndicatorResult, StatsContext, Status, compute
from kuska.stats.trace import records_behind
from tests.stats_records import Records


@pytest.fixture
def records(peru: None) -> Records:
    return Records()


def figure(
    indicator: str, year: int = 2020, by: Sequence[str] = (), **where: str
) -> IndicatorResult:
    context = StatsContext.load()
    return compute(
        context.catalogue[indicator],
        context.period("calendar", year),
        by,
        where=where,
        context=context,
    )


def test_calls_are_counted_by_the_language_they_were_held_in(records: Records) -> None:
    records.call("MININTER", "2020-01-05T09:00", language="spa")
    records.call("MININTER", "2020-06-05T23:30", language="spa")
    records.call(
        "MIMP", "2020-12-31T23:50", language="que"
    )  # 31 December, late at night: still 2020
    records.call("MIMP", "2020-08-01T10:00", language="")
    records.call("MININTER", "2021-01-01T00:10", language="aym")
    records.call("PNP", "2020-03-03T10:00", language="spa")  # not a hotline: not a source

    result = figure("hotline_calls", by=["language"])
    assert result.value == 4
    assert result.breakdown() == {"spa": 2, "que": 1, "unknown": 1}
    assert figure("hotline_calls", 2021).value == 1
    assert figure("hotline_calls", by=["agency"]).breakdown() == {"MININTER": 2, "MIMP": 2}
    assert figure("hotline_calls", language="que").value == 1


def test_calls_are_not_reported_for_a_year_without_calls_never_zero(records: Records) -> None:
    records.call("MININTER", "2019-05-05T09:00")
    result = figure("hotline_calls", 2020)
    assert result.status is Status.NOT_REPORTED
    assert result.value is None


def test_calls_needing_an_interpreter_and_those_that_got_one(records: Records) -> None:
    records.call("MININTER", "2020-02-01T10:00", language="spa", interpreter_requested=False)
    records.call(
        "MININTER",
        "2020-02-02T10:00",
        language="spa",
        interpreter_requested=True,
        interpreter_provided=False,
    )
    records.call(
        "MININTER",
        "2020-02-03T10:00",
        language="spa",
        interpreter_requested=True,
        interpreter_provided=False,
    )
    records.call(
        "MIMP",
        "2020-02-04T10:00",
        language="que",
        interpreter_requested=True,
        interpreter_provided=True,
    )

    assert figure("hotline_calls_interpreter_needed").value == 3
    assert figure("hotline_calls_interpreter_provided").value == 1
    assert figure("hotline_calls_interpreter_provided", by=["language"]).breakdown() == {"que": 1}


def test_interpreter_figures_are_not_reported_when_calls_do_not_record_them(
    records: Records,
) -> None:
    records.call("MININTER", "2020-02-01T10:00")  # whether an interpreter was needed: not recorded
    assert figure("hotline_calls").value == 1
    assert figure("hotline_calls_interpreter_needed").status is Status.NOT_REPORTED
    assert figure("hotline_calls_interpreter_provided").status is Status.NOT_REPORTED
    records.call("MININTER", "2020-02-02T10:00", interpreter_requested=True)
    assert figure("hotline_calls_interpreter_needed").value == 1
    assert figure("hotline_calls_interpreter_provided").status is Status.NOT_REPORTED


def test_referred_calls_by_the_top_level_agency_referred_to(records: Records) -> None:
    records.call("MININTER", "2020-04-01T10:00", referred_to="PNP-CUS")
    records.call("MININTER", "2020-04-02T10:00", referred_to="PNP")
    records.call("MININTER", "2020-04-03T10:00", referred_to="MP-FISCALIA")
    records.call("MIMP", "2020-04-04T10:00", referred_to="MIMP")
    records.call("MIMP", "2020-04-05T10:00", referred_to="SUNAFIL")
    records.call("MIMP", "2020-04-06T10:00")  # not referred

    result = figure("hotline_calls_referred", by=["referred_to"])
    assert result.value == 5
    assert result.breakdown() == {"PNP": 2, "MP": 1, "MIMP": 1, "SUNAFIL": 1}
    assert list(result.breakdown()) == ["PNP", "MP", "MIMP", "SUNAFIL"]  # the lead agencies first
    assert figure("hotline_calls_referred", referred_to="MP").value == 1


def test_hours_from_call_to_referral_are_a_median_not_a_mean(records: Records) -> None:
    records.call(
        "MININTER", "2020-04-01T10:00", referred_to="PNP", referred_at="2020-04-01T11:00"
    )  # 1 hour
    records.call(
        "MININTER", "2020-04-02T10:00", referred_to="PNP", referred_at="2020-04-02T12:30"
    )  # 2.5 hours
    records.call(
        "MIMP", "2020-04-03T22:00", referred_to="MIMP", referred_at="2020-04-05T22:00"
    )  # 48 hours
    records.call("MIMP", "2020-04-04T10:00", referred_to="MIMP")  # its time not recorded: left out
    records.call("MIMP", "2020-04-04T11:00")  # not referred

    result = figure("hotline_hours_to_referral", by=["referred_to"])
    assert result.value == Decimal("2.5")  # the mean would be 17.2
    assert result.breakdown() == {"PNP": Decimal("1.8"), "MIMP": Decimal("48.0")}
    assert result.cell("SUNAFIL") is None  # a median of nothing is no figure, not 0
    records.call("MIMP", "2020-04-06T10:00", referred_to="SUNAFIL", referred_at="2020-04-06T14:00")
    assert figure("hotline_hours_to_referral").value == Decimal("3.3")  # (2.5 + 4) / 2, even count
    behind = records_behind(
        StatsContext.load().catalogue["hotline_hours_to_referral"],
        StatsContext.load().period("calendar", 2020),
    )
    assert len(list(behind.ids)) == 4  # the referred calls with both times


def test_hours_to_referral_are_not_reported_when_no_referral_time_is_recorded(
    records: Records,
) -> None:
    records.call("MININTER", "2020-04-01T10:00", referred_to="PNP")
    assert figure("hotline_calls_referred").value == 1
    assert figure("hotline_hours_to_referral").status is Status.NOT_REPORTED


CATALOGUE_HEAD = """
[age_bands]
age_band = { child_under_14 = [0, 13], child_14_17 = [14, 17], adult = [18, 150] }
age_group = { child = [0, 17], adult = [18, 150] }
age_band_general = { "0_17" = [0, 17], "18_plus" = [18, 150] }

[[indicator]]
id = "m"
section = "prevention"
title_es = "m"
title_en = "m"
unit = "amount"
record = "hotline_call"
count = "median"
date = "called_at"
"""


@pytest.mark.parametrize(
    ("extra", "message"),
    [
        ('measure = "hours"', "a median needs a 'field' or an 'interval'"),
        (
            'measure = "hours"\nfield = "x"\ninterval = ["called_at", "referred_at"]',
            "not both",
        ),
        ('measure = "weeks"\ninterval = ["called_at", "referred_at"]', "hours or days"),
        ('measure = "hours"\ninterval = ["called_at"]', "two dates"),
        (
            'measure = "hours"\ninterval = ["called_at", "referred_at"]\ndisclosure = true',
            "disclosure control cannot apply",
        ),
    ],
)
def test_a_median_is_refused_unless_it_names_what_it_measures(extra: str, message: str) -> None:
    with pytest.raises(CatalogueError, match=message):
        parse_catalogue(CATALOGUE_HEAD + extra)
