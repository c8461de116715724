"""The statistics engine: each indicator's counting rule, periods, "not reported" against 0, breakdowns and their
roll-up to parent agencies. The suite runs on SQLite and on PostgreSQL with the same expected numbers."""

from __future__ import annotations

from collections.abc import Sequence

import pytest

from kuska.stats.engine import (
    IndicatorResult,
    StatsContext,
    Status,
    compute,
    compute_catalogue,
)
from kuska.stats.periods import Period
from tests.stats_records import Records


@pytest.fixture
def records(peru: None) -> Records:
    return Records()


def figure(
    indicator: str,
    year: int = 2020,
    by: Sequence[str] = (),
    *,
    period: str = "calendar",
    region: str | None = None,
) -> IndicatorResult:
    context = StatsContext.load()
    return compute(
        context.catalogue[indicator], context.period(period, year), by, region, context=context
    )


def value(indicator: str, year: int = 2020, **options: object) -> object:
    return figure(indicator, year, **options).value  # type: ignore[arg-type]


# -- prosecution -------------------------------------------------------------------------------------------------


def test_police_operations_count_the_operations_of_the_police_and_its_regional_units(
    records: Records,
) -> None:
    records.operation("PNP-LOR", "2020-01-15")
    records.operation("PNP-LOR", "2020-02-01")
    records.operation("PNP", "2020-06-30")
    records.operation("MP-FISCALIA", "2020-06-30")
    records.operation("PNP-CUS", "2019-12-31")

    assert value("police_operations") == 3
    assert value("prosecutor_operations") == 1
    assert figure("police_operations", by=["agency"]).breakdown() == {"PNP": 3}
    assert value("police_operations", 2019) == 1


def test_detentions_add_up_what_operations_recorded_and_leave_out_the_unrecorded(
    records: Records,
) -> None:
    records.operation("PNP-LIM", "2020-03-01", detentions=3)
    records.operation("PNP-LIM", "2020-07-01", detentions=5)
    records.operation("PNP-LIM", "2020-11-01", detentions=None)  # Q4: not recorded

    assert value("police_detentions") == 8
    assert value("police_operations") == 3


def test_a_sum_that_no_record_carries_is_not_reported(records: Records) -> None:
    records.operation("MP-FISCALIA", "2020-03-01", detentions=None)

    result = figure("prosecutor_detentions")
    assert result.status is Status.NOT_REPORTED
    assert result.value is None
    assert value("prosecutor_operations") == 1


def test_suspects_prosecuted_counts_each_suspect_once_and_only_the_public_ministrys_prosecutions(
    records: Records,
) -> None:
    twice = records.suspect("MP-FISCALIA")
    records.proceeding("MP-FISCALIA", "prosecution", "2020-02-01", twice)
    records.proceeding("MP-FISCALIA", "prosecution", "2020-09-01", twice)
    records.proceeding("MP-FISCALIA", "prosecution", "2020-05-05")
    records.proceeding("MP-FISCALIA", "investigation", "2020-05-05")
    records.proceeding("PJ", "prosecution", "2020-05-05")

    assert value("suspects_prosecuted") == 2


def test_convictions_and_acquittals_come_from_the_judiciary(records: Records) -> None:
    convicted = records.suspect("PJ")
    records.proceeding("PJ", "conviction", "2020-04-01", convicted)
    records.proceeding("PJ", "conviction", "2020-04-02")
    records.proceeding("PJ", "acquittal", "2020-04-03")
    records.proceeding("MP-FISCALIA", "conviction", "2020-04-03")

    assert value("traffickers_convicted") == 2
    assert value("acquittals") == 1


def test_sentences_are_not_reported_when_no_conviction_carries_one(records: Records) -> None:
    records.proceeding("PJ", "conviction", "2020-04-01")
    records.proceeding("PJ", "conviction", "2020-05-01")

    assert value("traffickers_convicted") == 2
    assert figure("sentences").status is Status.NOT_REPORTED

    records.proceeding("PJ", "conviction", "2020-06-01", sentence_months=144)
    assert value("sentences") == 1


def test_officials_prosecuted_is_a_reported_zero_when_prosecutions_record_who_is_an_official(
    records: Records,
) -> None:
    records.proceeding("MP-FISCALIA", "prosecution", "2020-03-01", official=False)
    records.proceeding("MP-FISCALIA", "investigation", "2020-03-01", official=True)

    prosecuted = figure("officials_prosecuted")
    assert prosecuted.status is Status.REPORTED
    assert prosecuted.value == 0
    assert value("officials_investigated") == 1
    assert figure("officials_convicted").status is Status.NOT_REPORTED


def test_officials_prosecuted_is_not_reported_when_the_official_flag_is_never_recorded(
    records: Records,
) -> None:
    records.proceeding("MP-FISCALIA", "prosecution", "2020-03-01", official=None)

    assert figure("officials_prosecuted").status is Status.NOT_REPORTED
    assert value("suspects_prosecuted") == 1


def test_compensation_is_not_reported_until_a_court_records_an_amount(records: Records) -> None:
    conviction = records.proceeding("PJ", "conviction", "2020-04-01")
    for indicator in (
        "compensation_orders",
        "compensation_ordered_amount",
        "compensation_payments",
        "compensation_paid_amount",
    ):
        assert figure(indicator).status is Status.NOT_REPORTED, indicator

    records.compensation(conviction, ordered="15000.50")
    records.compensation(conviction, ordered="5000", paid="2000", paid_on="2021-02-01")
    assert value("compensation_orders") == 2
    assert str(value("compensation_ordered_amount")) == "20000.50"
    assert figure("compensation_payments").status is Status.NOT_REPORTED  # paid in 2021
    assert value("compensation_payments", 2021) == 1
    assert value("compensation_paid_amount", 2021) == 2000


def test_trainings_held_leave_out_partner_trainings_and_completions_count_by_audience(
    records: Records,
) -> None:
    records.training("MP", "2020-06-01", ended="2020-06-07", participants=400)
    records.training("MP", "2020-09-01", participants=350)  # no end recorded: its start dates it
    records.training(
        "MP", "2020-08-01", ended="2020-09-15", audience="prosecutors", completed=49, partner="OIT"
    )
    records.training(
        "PJ", "2020-10-01", ended="2020-11-30", audience="judges", completed=111, partner="OIT"
    )
    records.training("PJ", "2020-12-01", ended="2021-01-30", audience="judges", completed=20)

    assert value("trainings_held") == 2
    assert value("training_participants") == 750
    assert value("trainings_with_partners") == 2
    assert value("prosecutors_trained") == 49
    assert value("judges_trained") == 111
    assert figure("journalists_trained").status is Status.NOT_REPORTED


def test_budget_lines_are_the_fiscal_year_even_for_a_tip_year(records: Records) -> None:
    records.budget("MEF", "MININTER", 2020, "2350000")
    records.budget("MEF", "MININTER", 2020, "100000", dedicated=False)
    records.budget("MEF", "PNP", 2020, "1000000")
    records.budget("MEF", "PNP-LOR", 2020, "500000")
    records.budget("MEF", "MININTER", 2019, "4000000")

    assert value("budget_mininter_dedicated") == 2350000
    assert value("budget_pnp_units") == 1500000
    assert value("budget_mininter_dedicated", 2019, period="tip") == 4000000
    assert figure("budget_pnp_units", 2019).status is Status.NOT_REPORTED


# -- protection --------------------------------------------------------------------------------------------------


def test_victims_identified_by_agency_rolls_regional_units_up_to_the_police(
    records: Records,
) -> None:
    records.identification("PNP-LOR", "2020-02-01")
    records.identification("PNP-LOR", "2020-03-01")
    records.identification("PNP-CUS", "2020-04-01")
    records.identification("MP-FISCALIA", "2020-05-01")
    records.identification("MIMP", "2020-05-01")  # another source: not in this figure

    result = figure("victims_identified", by=["agency"])
    assert result.value == 4
    assert result.breakdown() == {"PNP": 3, "MP-FISCALIA": 1}
    assert value("victims_identified_other_sources") == 1


def test_a_victim_identified_twice_by_one_agency_counts_once(records: Records) -> None:
    victim = records.victim("PNP-LIM")
    records.identification("PNP-LIM", "2020-02-01", victim)
    records.identification("PNP-LIM", "2020-08-01", victim)

    assert value("victims_identified") == 1


def test_a_source_agency_that_sent_nothing_is_named_not_counted_as_zero(
    records: Records,
) -> None:
    records.identification("PNP-LOR", "2020-02-01")

    result = figure("victims_identified", by=["agency"])
    assert result.status is Status.REPORTED
    assert result.not_reported_by == ("MP-FISCALIA",)
    assert result.breakdown() == {"PNP": 1}


def test_no_identification_by_any_other_agency_is_not_reported(records: Records) -> None:
    records.identification("PNP-LOR", "2020-02-01")

    assert figure("victims_identified_other_sources").status is Status.NOT_REPORTED


def test_breakdowns_nest_in_the_order_asked_with_every_sub_total(records: Records) -> None:
    records.identification("PNP-LOR", "2020-02-01", sex="female", age=30)
    records.identification("PNP-LOR", "2020-02-01", sex="female", age=15)
    records.identification("PNP-LOR", "2020-02-01", sex="male", age=12)
    records.identification("MP-FISCALIA", "2020-02-01", sex="female", age=40)

    result = figure("victims_identified", by=["agency", "sex"])
    assert result.breakdown() == {
        "PNP": {"female": 2, "male": 1},
        "MP-FISCALIA": {"female": 1, "male": 0},
    }
    assert result.margins() == {
        "agency": {"PNP": 3, "MP-FISCALIA": 1},
        "sex": {"female": 3, "male": 1},
    }
    assert figure("victims_identified", by=["sex", "agency"]).breakdown() == {
        "female": {"PNP": 2, "MP-FISCALIA": 1},
        "male": {"PNP": 1, "MP-FISCALIA": 0},
    }
    three = figure("victims_identified", by=["agency", "age_group", "sex"])
    assert three.breakdown()["PNP"] == {
        "child": {"female": 1, "male": 1},
        "adult": {"female": 1, "male": 0},
    }
    assert three.margins()["agency,age_group"] == {
        "PNP": {"child": 2, "adult": 1},
        "MP-FISCALIA": {"child": 0, "adult": 1},
    }
    assert three.margins()["sex"] == {"female": 3, "male": 1}


def test_age_bands_follow_the_penal_code_and_an_unrecorded_age_is_unknown(
    records: Records,
) -> None:
    for age in (0, 13, 14, 17, 18, 60, None):
        records.identification("PNP-LIM", "2020-02-01", age=age)

    assert figure("victims_identified", by=["age_band"]).breakdown() == {
        "child_under_14": 2,
        "child_14_17": 2,
        "adult": 2,
        "unknown": 1,
    }
    assert figure("victims_identified", by=["age_group"]).breakdown() == {
        "child": 4,
        "adult": 2,
        "unknown": 1,
    }
    assert figure("victims_identified", by=["age_band_general"]).breakdown() == {
        "0_5": 1,
        "12_17": 3,
        "18_29": 1,
        "60_plus": 1,
        "unknown": 1,
    }


def test_a_foreign_country_not_specified_is_foreign_and_no_nationality_is_unknown(
    records: Records,
) -> None:
    for nationality in ("PE", "PE", "VE", "ZZ", ""):
        records.identification("MP-FISCALIA", "2020-02-01", nationality=nationality)

    assert figure("victims_identified", by=["nationality_group"]).breakdown() == {
        "national": 2,
        "foreign": 2,
        "unknown": 1,
    }
    assert figure("victims_identified", by=["nationality"]).breakdown() == {
        "PE": 2,
        "VE": 1,
        "ZZ": 1,
        "unknown": 1,
    }


def test_the_form_of_exploitation_is_the_cases_grouped_form(records: Records) -> None:
    sexual = records.case("PNP-LOR", "sexual", "online_sexual_exploitation")
    labour = records.case("PNP-LOR", "labour_mining", "labour_logging")
    mixed = records.case("PNP-LOR", "sexual", "labour_mining")
    for case in (sexual, sexual, labour, mixed, None):
        records.identification("PNP-LOR", "2020-02-01", case=case)

    assert figure("victims_identified", by=["exploitation"]).breakdown() == {
        "sexual": 2,
        "labour": 1,
        "multiple": 1,
        "unknown": 1,
    }


def test_the_region_is_the_identifications_then_the_cases_then_the_agencys(
    records: Records,
) -> None:
    records.identification("PNP-LOR", "2020-02-01", region="PE-CUS")
    records.identification("PNP-LOR", "2020-02-01", case=records.case("PNP-LOR", region="PE-PUN"))
    records.identification("PNP-LOR", "2020-02-01")
    records.identification("MP-FISCALIA", "2020-02-01")  # a national agency: no region

    assert figure("victims_identified", by=["region"]).breakdown() == {
        "PE-CUS": 1,
        "PE-LOR": 1,
        "PE-PUN": 1,
        "unknown": 1,
    }
    assert value("victims_identified", region="PE-LOR") == 1


def test_a_region_where_a_reporting_agency_had_nothing_is_a_reported_zero(
    records: Records,
) -> None:
    records.identification("PNP-LOR", "2020-02-01")

    in_cusco = figure("victims_identified", region="PE-CUS")
    assert in_cusco.status is Status.REPORTED
    assert in_cusco.value == 0


def test_an_unknown_region_is_refused(records: Records) -> None:
    with pytest.raises(ValueError, match="PE-XXX"):
        figure("victims_identified", region="PE-XXX")


def test_a_breakdown_the_indicator_does_not_allow_leaves_the_figure_whole(
    records: Records,
) -> None:
    records.operation("PNP-LOR", "2020-01-15")

    result = figure("police_operations", by=["sex"])
    assert result.value == 1
    assert result.dimensions == ()
    assert result.unavailable_dimensions == ("sex",)


def test_children_assisted_are_victims_under_18_of_the_special_protection_units(
    records: Records,
) -> None:
    child = records.victim("MIMP-UPE", age=15, nationality="VE")
    records.service("MIMP-UPE", "2020-03-01", child)
    records.service("MIMP-UPE", "2020-09-01", child, service_type="legal")
    records.service("MIMP-UPE", "2020-03-01", age=9)
    records.service("MIMP-UPE", "2020-03-01", age=19)
    records.service("MIMP-CAR", "2020-03-01", age=12)

    assert value("children_assisted") == 2
    assert figure("children_assisted", by=["nationality"]).breakdown() == {"PE": 1, "VE": 1}


def test_girls_referred_to_specialized_shelters(records: Records) -> None:
    shelter = records.facility("MIMP-CAR", "specialized_shelter", capacity=20)
    centre = records.facility("MIMP-CAR", "residential_centre")
    girl = records.victim("MIMP-UPE", age=15)
    records.referral("MIMP-UPE", "2020-03-01", girl, to_facility=shelter)
    records.referral("MIMP-UPE", "2020-04-01", girl, to_facility=shelter, outcome="provided")
    records.referral(
        "PNP-LOR", "2020-04-01", records.victim("PNP-LOR", age=16), to_facility=shelter
    )
    records.referral(
        "MIMP-UPE",
        "2020-04-01",
        records.victim("MIMP-UPE", age=14, sex="male"),
        to_facility=shelter,
    )
    records.referral(
        "MIMP-UPE", "2020-04-01", records.victim("MIMP-UPE", age=25), to_facility=shelter
    )
    records.referral(
        "MIMP-UPE", "2020-04-01", records.victim("MIMP-UPE", age=13), to_facility=centre
    )

    assert value("girls_referred_to_specialized_shelters") == 2
    assert figure("girls_referred_to_specialized_shelters", by=["agency"]).breakdown() == {
        "MIMP": 1,
        "PNP": 1,
    }


def test_no_referral_at_all_means_girls_referred_is_not_reported(records: Records) -> None:
    assert figure("girls_referred_to_specialized_shelters").status is Status.NOT_REPORTED


def test_facilities_are_a_stock_counted_whatever_the_period(records: Records) -> None:
    for capacity in (20, 20, 15):
        records.facility("MIMP-CAR", "specialized_shelter", capacity=capacity, region="PE-CUS")
    records.facility("MIMP-CAR", "residential_centre")
    records.facility("MIMP-CEM", "emergency_centre")
    records.facility("MP-UDAVIT", "short_stay_space")

    assert value("facilities_specialized_shelters", 2015) == 3
    assert value("capacity_specialized_shelters") == 55
    assert value("facilities_residential_centres") == 1
    assert value("facilities_emergency_centres") == 1
    assert value("facilities_short_stay_spaces") == 1
    assert figure("facilities_private_shelters").status is Status.NOT_REPORTED
    assert figure("facilities_specialized_shelters").note.startswith("stock")


def test_udavit_and_cem_assistance_count_distinct_victims_of_their_own_services(
    records: Records,
) -> None:
    victim = records.victim("MP-UDAVIT")
    records.service("MP-UDAVIT", "2020-02-01", victim, service_type="short_term_care")
    records.service("MP-UDAVIT", "2020-03-01", victim, service_type="legal")
    records.service("MP-UDAVIT", "2020-03-01")

    assert value("victims_assisted_udavit") == 2
    assert figure("victims_assisted_cem").status is Status.NOT_REPORTED
    records.service("MIMP-CEM", "2020-03-01")
    assert value("victims_assisted_cem") == 1


def test_residency_granted_counts_foreign_victims_whose_referral_was_provided(
    records: Records,
) -> None:
    shelter = records.facility("MIMP-CAR", "specialized_shelter")
    records.referral("MIMP-UPE", "2020-03-01", records.victim("MIMP-UPE"), to_facility=shelter)
    assert figure("residency_granted_foreign_victims").status is Status.NOT_REPORTED

    foreign = records.victim("MP-UDAVIT", nationality="VE")
    records.referral(
        "MP-UDAVIT", "2020-03-01", foreign, service_type="residency", outcome="pending"
    )
    assert value("residency_granted_foreign_victims") == 0

    records.referral(
        "MP-UDAVIT",
        "2020-03-01",
        foreign,
        service_type="residency",
        outcome="provided",
        decided_on="2020-05-01",
    )
    records.referral(
        "MP-UDAVIT",
        "2020-03-01",
        records.victim("MP-UDAVIT", nationality="PE"),
        service_type="residency",
        outcome="provided",
    )
    assert value("residency_granted_foreign_victims") == 1


def test_children_placed_in_police_stations(records: Records) -> None:
    station = records.facility("PNP-LOR", "police_station")
    records.placement("PNP-LOR", "2020-03-01", records.victim("PNP-LOR", age=12), station)
    records.placement("PNP-LOR", "2020-03-01", records.victim("PNP-LOR", age=30), station)

    assert value("children_placed_in_police_stations") == 1


def test_services_conditioned_on_a_statement(records: Records) -> None:
    victim = records.victim("MP-UDAVIT")
    records.referral("MP-UDAVIT", "2020-03-01", victim, conditioned=None)
    assert figure("services_conditioned_on_statement").status is Status.NOT_REPORTED
    records.referral("MP-UDAVIT", "2020-03-01", victim, conditioned=False)
    records.referral("MP-UDAVIT", "2020-03-01", victim, conditioned=True)
    assert value("services_conditioned_on_statement") == 1


# -- prevention --------------------------------------------------------------------------------------------------


def test_enforcement_against_employment_agencies_is_not_reported_while_the_action_is_blank(
    records: Records,
) -> None:
    records.inspection("SUNAFIL", "2020-03-01", enforcement="", referred=True)
    assert figure("employment_agency_enforcement").status is Status.NOT_REPORTED
    assert value("inspections_referred_to_prosecutors") == 1

    records.inspection("SUNAFIL", "2020-04-01", enforcement="none")
    assert value("employment_agency_enforcement") == 0
    records.inspection("SUNAFIL", "2020-05-01", enforcement="fine")
    records.inspection("SUNAFIL", "2020-05-01", employment_agency=False, enforcement="fine")
    assert value("employment_agency_enforcement") == 1


def test_campaigns_and_their_reach(records: Records) -> None:
    records.campaign("MININTER", "2020-06-01", reach=250)
    records.campaign("MININTER", "2020-07-01", reach=150)
    records.campaign("MININTER", "2020-08-01", reach=None)

    assert value("awareness_campaigns") == 3
    assert value("campaign_reach") == 400


# -- periods, linkage, the whole catalogue -----------------------------------------------------------------------


def test_the_tip_year_runs_from_the_first_of_april_to_the_end_of_march(
    records: Records,
) -> None:
    records.identification("PNP-LIM", "2020-03-31")
    records.identification("PNP-LIM", "2020-04-01")
    records.identification("PNP-LIM", "2021-03-31")
    records.identification("PNP-LIM", "2021-04-01")

    assert value("victims_identified") == 2
    assert value("victims_identified", period="tip") == 2
    assert value("victims_identified", 2019, period="tip") == 1
    assert value("victims_identified", 2021, period="tip") == 1
    tip = figure("victims_identified", period="tip").period
    assert (tip.start.isoformat(), tip.end.isoformat()) == ("2020-04-01", "2021-03-31")


def test_unique_victims_and_overlap_are_not_available_until_linkage_has_run(
    records: Records,
) -> None:
    records.identification("PNP-LOR", "2020-05-01")

    for indicator_id in ("unique_victims", "agency_overlap"):
        result = figure(indicator_id)
        assert result.status is Status.NOT_AVAILABLE
        assert result.value is None
        assert "linkage" in result.note


def test_the_whole_catalogue_computes_on_an_empty_registry_as_not_reported(
    peru: None,
) -> None:
    results = compute_catalogue(Period.calendar(2020))
    by_status = {r.indicator.id: r.status for r in results}
    assert by_status["unique_victims"] is Status.NOT_AVAILABLE
    assert {s for i, s in by_status.items() if i not in ("unique_victims", "agency_overlap")} == {
        Status.NOT_REPORTED
    }


def test_an_acquittal_without_a_named_suspect_counts_under_unknown(records: Records) -> None:
    records.proceeding("PJ", "acquittal", "2020-05-01", case=records.case("PJ", "sexual"))
    records.proceeding("PJ", "acquittal", "2020-05-01", sex="female")

    assert figure("acquittals", by=["sex", "nationality_group"]).breakdown() == {
        "female": {"national": 1, "unknown": 0},
        "unknown": {"national": 0, "unknown": 1},
    }
    assert figure("acquittals", by=["exploitation"]).breakdown() == {"sexual": 1, "unknown": 1}
