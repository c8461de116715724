"""The Peru country profile: regions, agencies, the offence catalogue and the code lists, loaded idempotently."""

from __future__ import annotations

import shutil
from dataclasses import replace
from pathlib import Path

import pytest
from django.db import IntegrityError

from kuska.profiles import ProfileError, install, profile_dir, read_profile
from kuska.registry import offences
from kuska.registry.codes import ENUMERATED_LISTS
from kuska.registry.models import Agency, CodeItem, LoadedProfile, Offence, Region
from kuska.registry.summary import reference_sizes

pytestmark = pytest.mark.django_db


def test_loads_26_reporting_regions(peru: None) -> None:
    assert Region.objects.count() == 26
    metro, provinces = Region.objects.get(code="PE-LMA"), Region.objects.get(code="PE-LIM")
    assert metro.inei_department == provinces.inei_department == "15"
    assert metro.inei_province == "01"
    assert Region.objects.get(code="PE-CUS").inei_department == "08"


def test_regions_carry_a_reniec_code_that_differs_from_inei_where_numbering_differs(
    peru: None,
) -> None:
    callao = Region.objects.get(code="PE-CAL")
    assert callao.inei_department == "07"
    assert callao.reniec_department
    assert callao.reniec_department != callao.inei_department


def test_article_153_resolves_to_129_a(peru: None) -> None:
    offence = offences.resolve("153")
    assert offence.article == "129-A"
    assert offence.category == "trafficking"
    assert offence.replaces is not None
    assert offence.replaces.article == "153"


@pytest.mark.parametrize("written", ["Art. 153", "art 153°", "artículo 153", " 153 "])
def test_articles_are_resolved_as_agencies_write_them(peru: None, written: str) -> None:
    assert offences.resolve(written).article == "129-A"


def test_forced_labour_168_b_resolves_to_129_o(peru: None) -> None:
    assert offences.resolve("168-B").article == "129-O"
    assert offences.resolve("168 B").article == "129-O"


def test_a_current_article_resolves_to_itself(peru: None) -> None:
    assert offences.resolve("129-A").article == "129-A"


def test_an_unknown_article_is_reported(peru: None) -> None:
    with pytest.raises(offences.UnknownOffenceError, match="999"):
        offences.resolve("999")


def test_the_dignity_title_has_trafficking_and_exploitation_offences(peru: None) -> None:
    current = Offence.objects.filter(framework="CP-2021", valid_to__isnull=True)
    assert current.filter(category="trafficking").count() >= 2
    assert current.filter(category="exploitation").count() >= 10


def test_the_agencies_of_the_seed_are_there(peru: None) -> None:
    codes = set(Agency.objects.values_list("code", flat=True))
    required = {
        "PNP",
        "MP-FISCALIA",
        "MP-UDAVIT",
        "MIMP",
        "MIMP-CEM",
        "PJ",
        "MINJUSDH",
        "SUNAFIL",
        "MININTER",
    }
    assert required <= codes
    assert Agency.objects.get(code="MIMP-CEM").parent == Agency.objects.get(code="MIMP")
    assert Agency.objects.filter(parent__code="PNP").count() == 26


def test_the_profile_code_lists_match_the_registry_enumerations(peru: None) -> None:
    for list_name, enum in ENUMERATED_LISTS.items():
        codes = set(CodeItem.objects.filter(list=list_name).values_list("code", flat=True))
        assert codes == set(enum.values), list_name
    assert CodeItem.objects.filter(list="nationality", code="VE").exists()


def test_init_twice_leaves_the_same_row_counts(empty_registry: None) -> None:
    first = install(read_profile("peru"))
    sizes = reference_sizes()
    second = install(read_profile("peru"))
    assert first.changed
    assert not second.changed
    assert reference_sizes() == sizes
    assert LoadedProfile.objects.get().digest == read_profile("peru").digest


def test_a_profile_error_names_file_line_and_column(tmp_path: Path) -> None:
    folder = tmp_path / "broken"
    shutil.copytree(profile_dir("peru"), folder)
    agencies = (folder / "agencies.csv").read_text(encoding="utf-8").splitlines()
    agencies[1] = agencies[1].replace(agencies[1].split(",")[4], "no_such_sector", 1)
    (folder / "agencies.csv").write_text("\n".join(agencies) + "\n", encoding="utf-8")
    with pytest.raises(
        ProfileError, match=r"agencies.csv, line 2, column sector: 'no_such_sector'"
    ):
        read_profile("broken", folder)


def test_a_failed_install_leaves_the_registry_unchanged(
    empty_registry: None, tmp_path: Path
) -> None:
    profile = read_profile("peru")
    bad_row = {**profile.offences[-1], "article": "999-Z", "replaces": "", "category": "bogus"}
    broken = replace(profile, offences=[*profile.offences, bad_row])
    with pytest.raises(IntegrityError):
        install(broken)
    assert Region.objects.count() == 0
