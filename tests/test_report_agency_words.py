"""The report's sentences that name an agency take its name from the country profile: the clause is generic
(``{agency} operates {n} …``), the words are the profile's (``agency_words_es`` / ``agency_words_en`` in its
``indicators.toml``), and an agency's own clause is chosen by its sector, never by its code."""

from __future__ import annotations

from dataclasses import replace

import pytest

from kuska.i18n import translated
from kuska.reports.narrative import Narrator
from kuska.reports.phrases import BY_AGENCY, PAIRS, PHRASES
from kuska.reports.text import Labels
from kuska.stats.catalogue import load_catalogue, parse_catalogue
from tests.test_stats_catalogue import MINIMAL as GENERIC

CATALOGUE = load_catalogue(profile="peru")


def sentence(indicator_id: str, lang: str) -> str:
    text = translated(PHRASES[indicator_id].text, lang)
    return text.replace("{agency}", CATALOGUE[indicator_id].agency_words(lang))


@pytest.mark.parametrize(
    ("indicator_id", "lang", "expected"),
    [
        (
            "facilities_specialized_shelters",
            "es",
            "el MIMP administra {n} centros de acogida especializados para víctimas de trata",
        ),
        (
            "facilities_specialized_shelters",
            "en",
            "MIMP operates {n} specialized shelters for trafficking victims",
        ),
        (
            "facilities_short_stay_spaces",
            "es",
            "la UDAVIT administra {n} espacios de acogida temporal",
        ),
        ("facilities_short_stay_spaces", "en", "UDAVIT operates {n} short-stay spaces"),
        (
            "victims_identified_other_sources",
            "es",
            "otras entidades (inspección laboral, MIMP, ONG, líneas telefónicas) identificaron a {n} víctimas",
        ),
        (
            "victims_assisted_udavit",
            "en",
            "the Public Ministry's Victim and Witness Assistance Unit (UDAVIT) provided care to {n} victims",
        ),
    ],
)
def test_the_profile_names_the_agency_of_a_sentence_in_each_language(
    indicator_id: str, lang: str, expected: str
) -> None:
    assert sentence(indicator_id, lang) == expected


def test_every_clause_that_names_an_agency_has_the_profiles_words() -> None:
    clauses = {i: [p.text, p.one] for i, p in PHRASES.items()}
    for pair in PAIRS:
        clauses.setdefault(pair.first, []).append(pair.text)
    for indicator_id, texts in clauses.items():
        if any("{agency}" in str(t) for t in texts) and indicator_id in CATALOGUE:
            indicator = CATALOGUE[indicator_id]
            assert indicator.agency_words("es"), indicator_id
            assert indicator.agency_words("en"), indicator_id


def test_a_catalogue_without_the_words_says_nothing() -> None:
    catalogue = parse_catalogue(GENERIC)
    assert catalogue["things"].agency_words("en") == ""


def test_an_agencys_own_clause_is_chosen_by_its_sector() -> None:
    assert set(BY_AGENCY["victims_identified"]) == {"police", "prosecution", "*"}


def narrator(lang: str) -> Narrator:
    """A narrator with the profile's agency names and no figures (naming agencies needs none)."""
    labels = Labels(
        regions={},
        agencies={
            "POLICE": {"name_es": "la policía", "name_en": "the police", "sector": "police"},
            "WELFARE": {"name_es": "el ministerio", "name_en": "the ministry", "sector": ""},
        },
        codes={},
        country="",
    )
    return Narrator(None, labels, lang)  # type: ignore[arg-type]


def test_without_the_profiles_words_a_sentence_names_the_indicators_sources() -> None:
    indicator = replace(
        CATALOGUE["facilities_specialized_shelters"],
        sources=("WELFARE", "POLICE"),
        agency_words_es="",
        agency_words_en="",
    )
    assert narrator("en")._with_agency("{agency} operates", indicator) == (
        "the ministry and the police operates"
    )
    assert narrator("es")._with_agency("{agency} administra", indicator) == (
        "el ministerio y la policía administra"
    )


def test_a_sentence_that_names_no_agency_it_knows_is_not_written() -> None:
    indicator = replace(
        CATALOGUE["victims_identified_other_sources"], agency_words_es="", agency_words_en=""
    )
    assert (
        narrator("en")._with_agency("other agencies ({agency}) identified {n}", indicator) is None
    )
    assert narrator("en")._with_agency("{n} shelters", indicator) == "{n} shelters"
