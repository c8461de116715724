"""The indicator catalogue is data: read, checked, and every rule in it names fields the registry has."""

from __future__ import annotations

import pytest

from kuska.profiles import read_profile
from kuska.stats.catalogue import (
    DIMENSIONS,
    CatalogueError,
    CountMethod,
    Op,
    Section,
    Unit,
    load_catalogue,
    parse_catalogue,
)
from kuska.stats.engine import StatsContext, check_indicator

STABLE_IDS = {
    "police_operations",
    "police_detentions",
    "prosecutor_operations",
    "prosecutor_detentions",
    "suspects_prosecuted",
    "traffickers_convicted",
    "acquittals",
    "victims_identified",
    "children_assisted",
    "girls_referred_to_specialized_shelters",
    "victims_assisted_udavit",
    "unique_victims",
    "agency_overlap",
}

# What the seed says no agency reported in 2020, and the indicator that must show it.
NOT_REPORTED_IN_2020 = {
    "sentences",
    "compensation_orders",
    "compensation_ordered_amount",
    "compensation_payments",
    "compensation_paid_amount",
    "residency_granted_foreign_victims",
    "victims_assisted_cem",
    "victims_identified_other_sources",
    "employment_agency_enforcement",
}
REPORTED_ZERO_IN_2020 = {"officials_prosecuted", "officials_convicted"}

MINIMAL = """
[age_bands]
age_band = { child = [0, 17], adult = [18, 150] }
age_group = { child = [0, 17], adult = [18, 150] }
age_band_general = { young = [0, 29], older = [30, 150] }

[[indicator]]
id = "things"
section = "protection"
title_es = "Cosas"
title_en = "Things"
unit = "records"
record = "identification"
count = "distinct victims"
date = "identified_on"
"""


def test_the_stable_ids_are_in_the_catalogue() -> None:
    assert set(load_catalogue().ids) >= STABLE_IDS


def test_every_indicator_names_its_unit_titles_and_section() -> None:
    for indicator in load_catalogue():
        assert isinstance(indicator.unit, Unit)
        assert isinstance(indicator.section, Section)
        assert indicator.title_es
        assert indicator.title_en
        assert indicator.title_es != indicator.title_en


def test_unique_persons_come_only_from_record_linkage() -> None:
    for indicator in load_catalogue():
        linked = indicator.count is CountMethod.LINKAGE
        assert linked == (indicator.unit is Unit.UNIQUE_PERSONS), indicator.id


def test_the_seed_figures_cover_what_was_and_was_not_reported() -> None:
    catalogue = load_catalogue()
    for indicator_id in NOT_REPORTED_IN_2020:
        statuses = {s.status for s in catalogue[indicator_id].seed if s.year == 2020}
        assert statuses == {"not_reported"}, indicator_id
    for indicator_id in REPORTED_ZERO_IN_2020:
        values = {s.value for s in catalogue[indicator_id].seed if s.year == 2020}
        assert values == {0}, indicator_id
    victims = catalogue["victims_identified"]
    by_agency = next(s for s in victims.seed if s.year == 2020 and s.by == ("agency",))
    assert dict(by_agency.breakdown) == {"PNP": 640, "MP-FISCALIA": 470}


def test_every_seed_breakdown_uses_allowed_dimensions_and_says_where_it_comes_from() -> None:
    for indicator in load_catalogue():
        for seed in indicator.seed:
            assert seed.quote
            assert set(seed.by) <= set(indicator.breakdowns)


def test_counts_without_a_record_type_are_listed_with_the_reason() -> None:
    figures = " ".join(item.figure for item in load_catalogue().not_covered)
    assert "448" in figures  # police officers
    assert "336" in figures  # legal advocates


def test_the_age_bands_are_the_profiles_code_lists() -> None:
    codes = read_profile("peru").codes
    bands = load_catalogue().age_bands
    legal = [c["code"] for c in codes if c["list"] == "age_band" and c["group"] == "legal"]
    general = [c["code"] for c in codes if c["list"] == "age_band" and c["group"] == "general"]
    assert [code for code, _, _ in bands["age_band"]] == legal
    assert [code for code, _, _ in bands["age_band_general"]] == general


def test_filters_read_as_conditions() -> None:
    girls = load_catalogue()["girls_referred_to_specialized_shelters"]
    assert [c.describe() for c in girls.filter] == [
        "victim.sex = female",
        "victim.age_at_event < 18",
        "to_facility.facility_type = specialized_shelter",
    ]
    residency = load_catalogue()["residency_granted_foreign_victims"]
    assert {c.op for c in residency.filter} == {Op.EQ, Op.PRESENT, Op.NE}


def test_a_minimal_catalogue_reads() -> None:
    catalogue = parse_catalogue(MINIMAL)
    assert catalogue.ids == ["things"]
    assert catalogue["things"].disclosure


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (('unit = "records"', 'unit = "people"'), "is not one of"),
        (('count = "distinct victims"', 'count = "sum"'), "'field' is needed"),
        (('record = "identification"', 'record = "victim"'), "record type"),
        (('date = "identified_on"', 'date = "identified_on"\nbreakdowns = ["colour"]'), "colour"),
        (
            ('date = "identified_on"', 'date = "identified_on"\nfilter = { sex = { like = "f" } }'),
            "like",
        ),
        (('date = "identified_on"', 'date = "identified_on"\nshape = "round"'), "unknown key"),
        (('date = "identified_on"', ""), "'date' is required"),
        (("older = [30, 150]", "older = [31, 150]"), "without gaps"),
        (('id = "things"', 'id = "Things"'), "lower_case"),
    ],
)
def test_a_broken_catalogue_is_refused_with_the_indicator_and_key(
    change: tuple[str, str], message: str
) -> None:
    with pytest.raises(CatalogueError, match=message):
        parse_catalogue(MINIMAL.replace(*change))


def test_an_id_used_twice_is_refused() -> None:
    twice = MINIMAL + MINIMAL.split("[age_bands]")[1].split("\n\n", 1)[1]
    with pytest.raises(CatalogueError, match="appears twice"):
        parse_catalogue(twice)


def test_every_indicator_names_fields_agencies_and_breakdowns_the_registry_has(
    peru: None,
) -> None:
    context = StatsContext.load()
    for indicator in context.catalogue:
        check_indicator(indicator, context)
        assert set(indicator.breakdowns) <= set(DIMENSIONS)


def test_a_rule_naming_a_missing_field_is_refused(peru: None) -> None:
    broken = parse_catalogue(
        MINIMAL.replace(
            'date = "identified_on"', 'date = "identified_on"\nfilter = { "victim.colour" = "red" }'
        )
    )
    with pytest.raises(CatalogueError, match="colour"):
        check_indicator(broken["things"], StatsContext.load(broken))
