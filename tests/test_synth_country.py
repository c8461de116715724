"""The synthetic data's country is the profile's: every agency it gives a part to and every region it weighs is one
of the profile's (``synth.toml`` against ``agencies.csv`` and ``regions.csv``)."""

from __future__ import annotations

import csv
import tomllib

from kuska.profiles import country_file
from kuska.synth import AGENCIES, country


def _codes(name: str) -> set[str]:
    with country_file(name).open(encoding="utf-8", newline="") as handle:
        return {row["code"] for row in csv.DictReader(handle)}


SYNTH = tomllib.loads(country_file("synth.toml").read_text(encoding="utf-8"))


def test_every_part_is_played_by_an_agency_of_the_profile() -> None:
    assert set(SYNTH["agencies"].values()) <= _codes("agencies.csv")
    assert set(AGENCIES) <= _codes("agencies.csv")


def test_every_part_that_writes_records_has_its_record_id_prefix() -> None:
    assert set(SYNTH["record_ids"]) <= set(SYNTH["agencies"])
    for part in ("police", "prosecutors", "courts", "victim_care", "child_protection", "labour"):
        assert country.ID[part], part


def test_every_region_the_generator_weighs_is_a_region_of_the_profile() -> None:
    regions = _codes("regions.csv")
    assert set(country.REGIONS) == regions
    places = SYNTH["places"]
    named = {places["capital"], *places["specialized_shelters"], *places["emergency_centres"]}
    named |= {*places["quechua"], *places["aymara"], *places["amazonian"], *places["short_names"]}
    for weights in SYNTH["regions_by_form"].values():
        named |= set(weights)
    for region, weights in SYNTH["origins"].items():
        named |= {region, *weights}
    named |= set(SYNTH["languages"])
    assert named <= regions, sorted(named - regions)


def test_a_region_is_named_as_the_profile_names_it_unless_the_profile_shortens_it() -> None:
    with country_file("regions.csv").open(encoding="utf-8", newline="") as handle:
        rows = {row["code"]: row["name_es"] for row in csv.DictReader(handle)}
    shortened = SYNTH["places"]["short_names"]
    for code, name in rows.items():
        assert country.REGION_NAMES[code] == shortened.get(code, name)
