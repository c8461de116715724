"""Every figure traceable: on the figures page each exact figure links the analyst to the records behind it, listed
by pseudonym (a ``records.list`` event naming them) and each leading to its person's page, which shows the same
person's records at other agencies; a published figure never links, and no other role opens the list."""

from __future__ import annotations

import re
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest
from django.http.response import HttpResponseBase
from django.test import Client

from kuska.audit.models import Event
from kuska.i18n import DECLARED
from kuska.registry.models import CodeItem, Identification, PersonRecord, Region
from kuska.stats.engine import StatsContext
from kuska.stats.periods import Period
from kuska.stats.trace import records_behind
from kuska.web import trace
from tests.personas import person
from tests.pseudo import PSEUDO, pseudo_language, unmarked, visible_text
from tests.report_dataset import linked_dataset, shown_figures
from tests.signin import sign_in

pytestmark = pytest.mark.django_db

__all__ = ["linked_dataset"]  # the module-scoped fixture, used below

POLICE_WOMEN = (
    "/figures/records/?indicator=victims_identified&year=2020&period=calendar&agency=PNP&sex=female"
)


def client_of(role: str | None, lang: str = "en") -> Client:
    client = Client()
    if role is not None:
        sign_in(client, person(role))
    client.cookies["django_language"] = lang
    return client


def text(answer: HttpResponseBase) -> str:
    return bytes(getattr(answer, "content", b"")).decode()


def links(html: str) -> list[str]:
    return [
        href.replace("&amp;", "&") for href in re.findall(r'href="(/figures/records/[^"]*)"', html)
    ]


def test_each_exact_figure_links_the_analyst_to_the_records_it_counts(
    linked_dataset: StatsContext,
) -> None:
    html = text(client_of("analyst").get("/figures/", {"by": "agency"}))
    found = links(html)
    reported = [f for f in shown_figures(html) if f.status == "reported"]
    assert len(found) == len(reported)
    query = {
        key: value[0]
        for key, value in parse_qs(urlsplit(found[0]).query).items()
        if key != "indicator"
    }
    assert query["year"] == "2020"
    assert query["period"] == "calendar"
    wanted = "/figures/records/?indicator=victims_identified&year=2020&period=calendar&agency=PNP"
    assert wanted in found


def test_the_records_behind_a_figure_are_listed_by_pseudonym_each_leading_to_its_person(
    linked_dataset: StatsContext,
) -> None:
    answer = client_of("analyst").get(POLICE_WOMEN)
    html = text(answer)
    assert answer.status_code == 200
    assert "Records behind a figure" in html
    assert "Victims identified" in html
    assert "Records found: 8" in html
    behind = records_behind(
        linked_dataset.catalogue["victims_identified"],
        Period.calendar(2020),
        {"agency": "PNP", "sex": "female"},
    )
    for identification in Identification.objects.filter(pk__in=list(behind.ids)):
        assert f"identification:{identification.pk}<" in html
        assert f'href="/persons/{identification.victim_id}/"' in html
        assert identification.source_record_id in html
    assert html.count("<td>Female</td>") == 8


def test_listing_the_records_behind_a_figure_is_an_audit_event_naming_them(
    linked_dataset: StatsContext,
) -> None:
    client_of("analyst").get(POLICE_WOMEN)
    event = Event.objects.filter(action="records.list").latest("sequence")
    behind = records_behind(
        linked_dataset.catalogue["victims_identified"],
        Period.calendar(2020),
        {"agency": "PNP", "sex": "female"},
    )
    assert event.records == [f"registry.identification:{pk}" for pk in behind.ids]
    assert event.reason == "victims_identified calendar 2020 agency=PNP sex=female"
    assert event.actor == person("analyst")


def test_the_records_are_listed_a_page_at_a_time(
    linked_dataset: StatsContext, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(trace, "PAGE_SIZE", 5)
    client = client_of("analyst")
    first = text(client.get(POLICE_WOMEN))
    assert "Page 1 of 2" in first
    assert first.count("identification:") == 5
    assert 'rel="next"' in first
    second = text(client.get(POLICE_WOMEN + "&page=2"))
    assert second.count("identification:") == 3
    assert 'rel="prev"' in second


def test_the_persons_behind_a_figure_of_linkage_are_their_records_at_each_agency(
    linked_dataset: StatsContext,
) -> None:
    html = text(
        client_of("analyst").get(
            "/figures/records/", {"indicator": "agency_overlap", "year": "2020"}
        )
    )
    assert "Records found: 4" in html
    assert html.count("PNP + MP-FISCALIA") == 4


@pytest.mark.parametrize("role", [None, "data_officer", "auditor", "case_worker"])
def test_published_figures_never_link_to_records_and_no_other_role_opens_them(
    linked_dataset: StatsContext, role: str | None
) -> None:
    client = client_of(role)
    assert links(text(client.get("/figures/", {"by": "agency"}))) == []
    answer = client.get(POLICE_WOMEN)
    assert answer.status_code == (302 if role is None else 403)
    assert not Event.objects.filter(action="records.list").exists()


@pytest.mark.parametrize(
    "query",
    [
        "indicator=nothing&year=2020",
        "indicator=victims_identified&year=twenty",
        "indicator=victims_identified&year=2020&period=fiscal",
        "indicator=police_operations&year=2020&sex=female",  # not a breakdown of operations
    ],
)
def test_a_figure_that_does_not_exist_is_not_found(
    linked_dataset: StatsContext, query: str
) -> None:
    assert client_of("analyst").get(f"/figures/records/?{query}").status_code == 404


def test_the_person_page_shows_the_same_person_at_other_agencies(
    linked_dataset: StatsContext,
) -> None:
    behind = records_behind(linked_dataset.catalogue["agency_overlap"], Period.calendar(2020))
    first = min(behind.persons.values())
    police, prosecutors = sorted(
        PersonRecord.objects.filter(pk__in=[r for r, p in behind.persons.items() if p == first]),
        key=lambda record: record.agency.code != "PNP-LOR",
    )
    assert (police.agency.code, prosecutors.agency.code) == ("PNP-LOR", "MP-FISCALIA")
    client = client_of("analyst", "es")
    html = text(client.get(f"/persons/{police.pk}/"))
    assert "La misma persona en otras entidades" in html
    assert f'href="/persons/{prosecutors.pk}/">personrecord:{prosecutors.pk}</a>' in html
    event = Event.objects.filter(action="records.list").latest("sequence")
    assert event.records == [f"registry.personrecord:{prosecutors.pk}"]
    alone = PersonRecord.objects.exclude(pk__in=list(behind.ids)).filter(role="victim").first()
    assert alone is not None
    assert "La misma persona" not in text(client.get(f"/persons/{alone.pk}/"))


def test_every_word_of_the_records_page_and_the_person_page_went_through_the_catalogues(
    linked_dataset: StatsContext, tmp_path: Path
) -> None:
    client = client_of("analyst", PSEUDO)
    behind = records_behind(linked_dataset.catalogue["agency_overlap"], Period.calendar(2020))
    with pseudo_language(tmp_path):
        pages = [
            text(client.get(POLICE_WOMEN)),
            text(client.get("/figures/records/?indicator=agency_overlap&year=2020")),
            text(client.get(f"/persons/{next(iter(behind.ids))}/")),
        ]
        endonyms = settings_languages()  # the language switch names each language in that language
    assert "⟦Records behind a figure⟧" in pages[0]
    assert "⟦The same person at other agencies⟧" in pages[2]
    data = [person("analyst").email, "Kuska", *endonyms]
    data += [i.title(code) for i in linked_dataset.catalogue for code in DECLARED]
    for code in DECLARED:  # the profile's labels, in the languages it has them in
        if hasattr(CodeItem, f"label_{code}"):
            data += [str(v) for v in CodeItem.objects.values_list(f"label_{code}", flat=True)]
        if hasattr(Region, f"name_{code}"):
            data += [str(v) for v in Region.objects.values_list(f"name_{code}", flat=True)]
    for html in pages:
        shown = re.findall(r"(?:identification|personrecord):\d+", html)
        shown += re.findall(r"\br\d+\b", html)  # the agencies' record ids of the dataset: r1, r2…
        assert unmarked(visible_text(html), data + shown) == []


def settings_languages() -> list[str]:
    from django.conf import settings

    return [name for _code, name in settings.LANGUAGES]


def test_the_same_person_at_other_agencies_shows_only_the_records_the_user_may_see(
    linked_dataset: StatsContext,
) -> None:
    behind = records_behind(linked_dataset.catalogue["agency_overlap"], Period.calendar(2020))
    first = min(behind.persons.values())
    police = PersonRecord.objects.get(pk=first)
    assert police.agency.code == "PNP-LOR"
    client = client_of("data_officer")  # the police's: its own records, not the prosecutors'
    html = text(client.get(f"/persons/{police.pk}/"))
    assert f"personrecord:{police.pk}" in html
    assert "The same person at other agencies" not in html
    assert not Event.objects.filter(action="records.list").exists()
