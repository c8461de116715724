"""The care figures of the catalogue: victims with a care plan, referrals by outcome and refusal reason,
services refused, the median days from identification to first service, alerts by rule, adult men and
transgender victims not placed, and "not reported" where no agency supplied the figure. Hand-made records; the
suite runs on SQLite and on PostgreSQL with the same expected numbers."""

from __future__ import annotations

import datetime
from collections.abc import Sequence
from decimal import Decimal

import pytest
from django.utils import timezone

from kuska.care.models import Alert
from kuska.linkage.models import ClusterAssignment, LinkageRun
from kuska.registry.models import Agency, PersonRecord
from kuska.stats.disclosure import suppress
from kuska.stats.engine import FilterError, IndicatorResult, StatsContext, Status, compute
from tests.stats_records import Records


@pytest.fixture
def records(peru: None) -> Records:
    return Records()


def figure(
    indicator: str,
    year: int = 2020,
    by: Sequence[str] = (),
    *,
    where: dict[str, str] | None = None,
) -> IndicatorResult:
    context = StatsContext.load()
    return compute(
        context.catalogue[indicator],
        context.period("calendar", year),
        by,
        where=where,
        context=context,
    )


def _link(*persons: Sequence[PersonRecord]) -> None:
    """A completed linkage run in which each group of records is one person."""
    run = LinkageRun.objects.create(
        status=LinkageRun.Status.COMPLETED,
        finished_at=timezone.now(),
        backend="duckdb",
        threshold=0.95,
        review_from=0.5,
        seed=1,
        trained=False,
        model={},
    )
    for group in persons:
        person = min(r.pk for r in group)
        for record in group:
            ClusterAssignment.objects.create(run=run, record=record, person_id=person)


# -- victims with a care plan ------------------------------------------------------------------------------------


def test_victims_with_care_plan_count_each_victim_once_and_are_not_reported_without_a_plan(
    records: Records,
) -> None:
    ana = records.victim("MIMP-CAR")
    records.service("MIMP-CAR", "2020-02-01", ana, service_type="psychosocial")
    assert figure("victims_with_care_plan").status is Status.NOT_REPORTED

    records.service("MIMP-CAR", "2020-03-01", ana, service_type="care_plan")
    records.service("MIMP-CAR", "2020-09-01", ana, service_type="care_plan")
    records.service("MP-UDAVIT", "2020-04-01", service_type="care_plan", sex="male", age=30)
    records.service("MP-UDAVIT", "2019-04-01", service_type="care_plan")

    assert figure("victims_with_care_plan").value == 2
    assert figure("victims_with_care_plan", by=["sex"]).breakdown() == {"female": 1, "male": 1}
    assert figure("victims_with_care_plan", 2019).value == 1
    assert figure("victims_with_care_plan", 2018).status is Status.NOT_REPORTED


# -- referrals by outcome and refusal reason, services refused -------------------------------------------------


def test_referrals_are_broken_down_by_outcome_and_by_the_reason_the_provider_refused(
    records: Records,
) -> None:
    man = records.victim("MP-UDAVIT", sex="male", age=34)
    girl = records.victim("MIMP-UPE", age=15)
    records.referral("MP-UDAVIT", "2020-05-02", man, outcome="refused_by_provider",
                     decided_on="2020-05-03", reason="does_not_admit_sex")  # fmt: skip
    records.referral("MP-UDAVIT", "2020-05-02", man, outcome="refused_by_provider",
                     decided_on="2020-05-04", reason="Sin plazas")  # fmt: skip
    records.referral("MIMP-UPE", "2020-06-01", girl, outcome="provided", decided_on="2020-06-02")
    records.referral("MIMP-UPE", "2020-07-01", girl, outcome="refused_by_provider",
                     decided_on="2020-07-01", reason="no_capacity")  # fmt: skip
    records.referral("MIMP-UPE", "2020-08-01", girl)

    by_outcome = figure("referrals_by_outcome", by=["outcome"])
    assert by_outcome.value == 5
    assert by_outcome.breakdown() == {"pending": 1, "provided": 1, "refused_by_provider": 3}
    reasons = figure("referrals_by_outcome", by=["refusal_reason"]).breakdown()
    assert reasons["not_refused"] == 2
    assert reasons["does_not_admit_sex"] == 1
    assert reasons["no_capacity"] == 1
    assert reasons["other"] == 1  # a text outside the profile's list

    refused = figure("services_refused", by=["refusal_reason"])
    assert refused.value == 3
    assert {k: v for k, v in refused.breakdown().items() if v} == {
        "no_capacity": 1,
        "does_not_admit_sex": 1,
        "other": 1,
    }
    assert figure("services_refused", where={"refusal_reason": "does_not_admit_sex"}).value == 1
    assert figure("services_refused", where={"sex": "male"}).value == 2


def test_services_refused_is_zero_when_referrals_were_sent_and_none_refused_and_not_reported_without_any(
    records: Records,
) -> None:
    assert figure("services_refused").status is Status.NOT_REPORTED
    assert figure("referrals_by_outcome").status is Status.NOT_REPORTED
    victim = records.victim("MIMP-UPE", age=15)
    records.referral("MIMP-UPE", "2020-06-01", victim, outcome="provided", decided_on="2020-06-02")
    refused = figure("services_refused")
    assert refused.status is Status.REPORTED
    assert refused.value == 0


def test_a_refusal_reason_filter_names_a_code_of_the_list(records: Records) -> None:
    with pytest.raises(FilterError):
        figure("services_refused", where={"refusal_reason": "too_late"})


# -- median days from identification to first service ---------------------------------------------------------


def test_median_days_count_from_identification_to_the_first_service_of_the_same_person_record(
    records: Records,
) -> None:
    assert figure("median_days_to_first_service").status is Status.NOT_REPORTED
    a = records.victim("PNP", sex="female")
    records.identification("PNP", "2020-03-01", a)
    records.service("PNP", "2020-03-04", a)  # 3 days
    records.service("PNP", "2020-03-20", a)  # not the first: ignored
    b = records.victim("PNP", sex="male", age=40)
    records.identification("PNP", "2020-04-01", b)
    records.service("PNP", "2020-04-11", b)  # 10 days
    c = records.victim("PNP", sex="female")
    records.identification("PNP", "2020-05-01", c)
    records.service("PNP", "2020-05-01", c)  # 0 days
    no_identification = records.victim("PNP")
    records.service("PNP", "2020-05-01", no_identification)  # not counted

    result = figure("median_days_to_first_service", by=["sex"])
    assert result.value == 3
    assert result.breakdown() == {"female": Decimal("1.5"), "male": 10}
    # a cell no victim falls in has no median, never 0
    assert figure("median_days_to_first_service", by=["age_group"]).cell("child") is None


def test_median_days_follow_a_victim_across_agencies_through_the_latest_linkage_run(
    records: Records,
) -> None:
    identified = records.victim("PNP")
    records.identification("PNP", "2020-06-01", identified)
    cared = records.victim("MP-UDAVIT")
    records.service("MP-UDAVIT", "2020-06-08", cared)
    # before linkage, no victim has both ends of an interval: no median, not 0
    assert figure("median_days_to_first_service").status is Status.NOT_REPORTED

    _link([identified, cared])
    assert figure("median_days_to_first_service").value == 7
    assert figure("median_days_to_first_service", by=["agency"]).breakdown() == {"MP": 7}


def test_a_service_before_the_identification_is_not_an_interval(records: Records) -> None:
    victim = records.victim("PNP")
    records.identification("PNP", "2020-06-10", victim)
    records.service("PNP", "2020-06-01", victim)
    assert figure("median_days_to_first_service").status is Status.NOT_REPORTED


# -- alerts by rule ----------------------------------------------------------------------------------------------


def _alert(rule: str, subject: str, agency: str, raised: str) -> Alert:
    at = datetime.datetime.fromisoformat(raised).replace(tzinfo=datetime.UTC)
    return Alert.objects.create(
        rule=rule,
        subject=subject,
        agency=Agency.objects.get(code=agency),
        severity="warning",
        raised_at=at,
    )


def test_alerts_are_counted_by_the_rule_that_raised_them_in_the_period(records: Records) -> None:
    assert figure("alerts_by_rule").status is Status.NOT_REPORTED
    _alert("refused_for_who_they_are", "care.casereferral:1", "MP-UDAVIT", "2020-05-02T15:00:00")
    _alert("refused_for_who_they_are", "care.casereferral:2", "MP-UDAVIT", "2020-06-02T15:00:00")
    _alert("conditioned_on_statement", "registry.referral:3", "MP-UDAVIT", "2020-06-02T15:00:00")
    _alert("child_in_police_station", "registry.placement:4", "PNP-LOR", "2019-12-31T12:00:00")

    result = figure("alerts_by_rule", by=["alert_rule"])
    assert result.value == 3
    assert result.breakdown() == {"conditioned_on_statement": 1, "refused_for_who_they_are": 2}
    assert figure("alerts_by_rule", by=["agency"]).breakdown() == {"MP": 3}
    assert figure("alerts_by_rule", 2019, by=["region"]).breakdown()["PE-LOR"] == 1


def test_alerts_by_rule_are_protected_as_counts_of_people(records: Records) -> None:
    for n in range(6):
        _alert(
            "conditioned_on_statement", f"registry.referral:{n}", "MP-UDAVIT", "2020-05-02T12:00"
        )
    _alert("refused_for_who_they_are", "care.casereferral:9", "MP-UDAVIT", "2020-05-02T12:00")
    result = figure("alerts_by_rule", by=["alert_rule"])
    assert result.indicator.disclosure
    suppressed = suppress(result.cells, [result.categories["alert_rule"]])
    assert ("refused_for_who_they_are",) in suppressed


# -- adult men and transgender victims not placed ----------------------------------------------------------------


def test_men_and_transgender_victims_referred_to_a_shelter_and_not_placed(records: Records) -> None:
    assert figure("men_transgender_without_placement").status is Status.NOT_REPORTED
    man = records.victim("MP-UDAVIT", sex="male", age=31)
    trans_woman = records.victim(
        "MP-UDAVIT", sex="male", age=22, gender_identity="transgender_woman"
    )
    woman = records.victim("MP-UDAVIT", sex="female", age=25)
    boy = records.victim("MP-UDAVIT", sex="male", age=15)
    placed = records.victim("MP-UDAVIT", sex="male", age=50)
    shelter = records.facility("MP-UDAVIT", "short_stay_space", capacity=4)
    for victim in (man, trans_woman, woman, boy, placed):
        records.referral("MP-UDAVIT", "2020-05-02", victim, outcome="refused_by_provider",
                         decided_on="2020-05-02", reason="does_not_admit_sex")  # fmt: skip
    records.referral("MP-UDAVIT", "2020-07-02", man, outcome="not_available")  # the same man again
    records.placement("MP-UDAVIT", "2020-05-03", placed, shelter)

    assert figure("men_transgender_without_placement").value == 2
    by_age = figure("men_transgender_without_placement", by=["age_group"]).breakdown()
    assert by_age == {"adult": 2}


# -- residency and the Women's Emergency Centres: not reported unless data says so -------------------------------


def test_residency_granted_is_not_reported_without_a_residency_referral_and_zero_with_one_undecided(
    records: Records,
) -> None:
    foreign = records.victim("MP-UDAVIT", nationality="VE")
    records.referral("MP-UDAVIT", "2020-03-01", foreign, service_type="shelter")
    assert figure("residency_granted_foreign_victims").status is Status.NOT_REPORTED

    records.referral("MP-UDAVIT", "2020-03-01", foreign, service_type="residency")
    assert figure("residency_granted_foreign_victims").value == 0
    records.referral("MP-UDAVIT", "2020-03-01", foreign, service_type="residency",
                     outcome="provided", decided_on="2020-05-01")  # fmt: skip
    assert figure("residency_granted_foreign_victims").value == 1


def test_victims_assisted_by_the_emergency_centres_are_not_reported_when_they_sent_only_facilities(
    records: Records,
) -> None:
    records.facility("MIMP-CEM", "emergency_centre", region="PE-LMA")
    assert figure("victims_assisted_cem").status is Status.NOT_REPORTED
    records.service("MIMP-CEM", "2020-02-02", service_type="psychosocial")
    assert figure("victims_assisted_cem").value == 1
