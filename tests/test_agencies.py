"""One agency tree: an agency is found by its code in any case or by an alias, everywhere a code is typed; a
regional unit counts as its agency; an unknown code is refused naming the code and the known ones."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from django.utils import translation

from kuska.access import AccessDeniedError, submission_agency
from kuska.intake.submit import SubmissionError, submit
from kuska.intake.template import template_data
from kuska.profiles import ProfileError, profile_dir, read_profile
from kuska.registry.agencies import AgencyNode, AgencyTree, UnknownAgencyError, find_agency
from kuska.registry.models import PersonRecord
from kuska.stats.quality import reporting_agencies
from tests.intake_files import person, write_csv
from tests.personas import member

pytestmark = pytest.mark.django_db


@pytest.fixture
def tree(peru: None) -> AgencyTree:
    return AgencyTree.load()


@pytest.mark.parametrize(
    ("typed", "code"),
    [
        ("PNP", "PNP"),
        ("pnp", "PNP"),
        (" Mp-Fiscalia ", "MP-FISCALIA"),
        ("pnp-cus", "PNP-CUS"),
        ("FISTRAP", "MP-FISCALIA"),
        ("udavit", "MP-UDAVIT"),
        ("dirctp-pnp", "PNP"),
    ],
)
def test_an_agency_is_found_by_its_code_in_any_case_or_by_an_alias(
    tree: AgencyTree, typed: str, code: str
) -> None:
    assert tree.find(typed).code == code
    assert find_agency(typed).code == code


def test_an_alias_never_hides_another_agencys_code() -> None:
    tree = AgencyTree(
        [AgencyNode(1, "A", None, ""), AgencyNode(2, "B", None, "", aliases=("a", "BEE"))]
    )
    assert tree.find("a").code == "A"
    assert tree.find("bee").code == "B"


def test_parent_children_and_subtree(tree: AgencyTree) -> None:
    cusco = tree.find("PNP-CUS")
    assert tree.parent(cusco.id) == tree.find("PNP")
    assert {n.code for n in tree.children("MP")} == {"MP-FISCALIA", "MP-UDAVIT"}
    assert len(tree.children("PNP")) == 26
    assert next(n.code for n in tree.subtree("MIMP")) == "MIMP"
    assert {n.code for n in tree.subtree("MIMP")} == {"MIMP", "MIMP-UPE", "MIMP-CAR", "MIMP-CEM"}
    assert "PNP-CUS" not in {n.code for n in tree.roots()}
    assert tree.depth(cusco.id) == 1


def test_a_regional_unit_counts_as_its_agency_and_a_national_unit_as_itself(
    tree: AgencyTree,
) -> None:
    assert tree.reporting(tree.find("PNP-LOR").id).code == "PNP"
    assert tree.reporting(tree.find("MP-FISCALIA").id).code == "MP-FISCALIA"
    assert tree.reporting(tree.find("PNP").id).code == "PNP"
    rollup = tree.rollup()
    assert rollup == reporting_agencies()
    assert {rollup[n.id] for n in tree.subtree("PNP")} == {"PNP"}


def test_an_unknown_agency_is_refused_naming_the_code_and_the_known_ones(
    tree: AgencyTree,
) -> None:
    with pytest.raises(UnknownAgencyError) as refused:
        tree.find("pnpx")
    error = refused.value
    assert error.code == "pnpx"
    assert "agency 'pnpx' is not in the profile" in error.message("en")
    assert "PNP, PNP-AMA" in error.message("en")
    assert error.known == tree.codes()
    assert error.suggestions[0] == "PNP"
    assert "no está en el perfil" in error.message("es")
    with translation.override("es"):
        assert "entidades conocidas" in str(error)
    assert "known agencies" in error.message("en")


def test_submit_the_api_and_the_template_find_the_agency_the_same_way(
    peru: None, tmp_path: Path
) -> None:
    report = submit([write_csv(tmp_path / "personas.csv", [person("P-1")])], "fistrap")
    assert report.agency == "MP-FISCALIA"
    assert PersonRecord.objects.get().agency.code == "MP-FISCALIA"
    officer = member("officer@pnp.example", "PNP", "data_officer")
    assert submission_agency(officer, "pnp-lor").code == "PNP-LOR"
    assert template_data("Udavit").agency_code == "MP-UDAVIT"


def test_submit_and_the_api_refuse_an_unknown_agency_in_both_languages(
    peru: None, tmp_path: Path
) -> None:
    with pytest.raises(SubmissionError) as refused:
        submit([write_csv(tmp_path / "personas.csv", [person("P-1")])], "NOPE")
    assert "'NOPE'" in refused.value.in_language("en")
    assert "MP-FISCALIA" in refused.value.in_language("en")
    assert "«NOPE»" in refused.value.in_language("es")
    assert "no está en el perfil" in refused.value.in_language("es")
    officer = member("officer@pnp.example", "PNP", "data_officer")
    with pytest.raises(AccessDeniedError, match="NOPE"):
        submission_agency(officer, "NOPE")


def test_the_profile_refuses_an_alias_that_names_another_agency(tmp_path: Path) -> None:
    folder = tmp_path / "peru"
    shutil.copytree(profile_dir("peru"), folder)
    path = folder / "agencies.csv"
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace(",MP,FISTRAP,", ",MP,FISTRAP|pnp,", 1), encoding="utf-8")
    with pytest.raises(ProfileError, match=r"aliases: 'pnp' already names agency PNP"):
        read_profile("peru", folder)
