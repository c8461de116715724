"""The catalogue's rules are generic; the country profile adds what names its agencies and its seed figures."""

from __future__ import annotations

import shutil
import tomllib
from pathlib import Path

import pytest

from kuska.profiles import ProfileError, profile_dir, read_profile
from kuska.stats.bench import ROLES, bench_agencies
from kuska.stats.catalogue import CATALOGUE_PATH, CatalogueError, load_catalogue, parse_catalogue
from tests.test_stats_catalogue import MINIMAL as GENERIC

COUNTRY = """
[indicator.things]
sources = ["POLICE"]

[[indicator.things.seed]]
year = 2020
value = 12
quote = "the police found 12 things"

[[not_covered]]
figure = "Officers"
reason = "No staff records."
quote = "the police had 40 officers"
"""


def test_the_country_part_adds_sources_seed_figures_and_uncovered_counts() -> None:
    alone = parse_catalogue(GENERIC)
    assert alone["things"].sources == ()
    assert alone["things"].seed == ()
    catalogue = parse_catalogue(GENERIC, COUNTRY)
    assert catalogue["things"].sources == ("POLICE",)
    assert [(s.year, s.value) for s in catalogue["things"].seed] == [(2020, 12)]
    assert [n.figure for n in catalogue.not_covered] == ["Officers"]


@pytest.mark.parametrize(
    ("country", "message"),
    [
        ('[indicator.stuff]\nsources = ["POLICE"]\n', "no indicator stuff in the catalogue"),
        ('[indicator.things]\nunit = "events"\n', "things: unit given twice"),
        ("[ranking]\nfirst = 1\n", "unknown key"),
    ],
)
def test_a_country_part_that_does_not_fit_the_catalogue_is_refused(
    country: str, message: str
) -> None:
    with pytest.raises(CatalogueError, match=message):
        parse_catalogue(GENERIC, country)


def test_the_generic_catalogue_names_no_source_and_no_seed() -> None:
    generic = tomllib.loads(CATALOGUE_PATH.read_text(encoding="utf-8"))
    for raw in generic["indicator"]:
        assert not {"sources", "exclude_sources", "seed"} & set(raw), raw["id"]
    assert "not_covered" not in generic


def test_the_shipped_catalogue_is_the_generic_one_with_perus_part() -> None:
    catalogue = load_catalogue()
    assert catalogue["police_operations"].sources == ("PNP",)
    assert catalogue["victims_identified"].seed
    assert catalogue.not_covered
    assert load_catalogue(profile="peru") == catalogue


def test_the_benchmark_names_an_agency_of_the_profile_for_every_role() -> None:
    codes = {row["code"] for row in read_profile("peru").agencies}
    agencies = bench_agencies("peru")
    assert set(agencies) == set(ROLES)
    assert set(agencies.values()) <= codes


def test_the_profile_refuses_a_lead_agency_it_does_not_have(tmp_path: Path) -> None:
    folder = tmp_path / "peru"
    shutil.copytree(profile_dir("peru"), folder)
    path = folder / "profile.toml"
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace('"MP-FISCALIA"]', '"NAVY"]', 1), encoding="utf-8")
    with pytest.raises(ProfileError, match="lead_agencies"):
        read_profile("peru", folder)
