"""The data-quality scorecard (``/quality/``): per agency and year, the same figures as the annual report's
data-quality annex (submissions, rejections and why, completeness, timeliness, victims linked to another agency);
the analyst sees every agency, a data officer their own (a unit officer their unit's own figures), everyone else
is refused; a year without data is answered with a clear message."""

from __future__ import annotations

import re
from decimal import Decimal
from pathlib import Path

import pytest
from django.conf import settings
from django.test import Client

from kuska.reports import Figures, build_report
from kuska.stats.periods import Period
from kuska.stats.quality import data_quality
from tests.personas import member, person
from tests.pseudo import PSEUDO, pseudo_language, unmarked, visible_text
from tests.quality_data import FUTURE, SEX, YEAR, build_quality_data
from tests.signin import sign_in

pytestmark = pytest.mark.usefixtures("peru")

# the page's tables and the annex's, in the same column order
TABLES = {
    "submissions": "t-quality-submissions",
    "completeness": "t-quality-completeness",
    "timeliness": "t-quality-timeliness",
    "linked": "t-quality-linked",
}
CELL = re.compile(
    r'data-agency="(?P<agency>[^"]+)" data-figure="(?P<table>[a-z]+)-(?P<column>\d+)" '
    r'data-value="(?P<value>[^"]*)"'
)


def client_of(role: str | None = None, *, email: str = "", agency: str = "") -> Client:
    client = Client()
    if email:
        sign_in(client, member(email, agency, role or ""))
    elif role:
        sign_in(client, person(role))
    return client


def get(client: Client, path: str = "/quality/", lang: str = "en", **query: str) -> tuple[int, str]:
    client.cookies["django_language"] = lang
    answer = client.get(path, query)
    return answer.status_code, answer.content.decode()


def shown(html: str) -> dict[tuple[str, str], list[float | None]]:
    """(agency, table) → the numbers of its cells, as the page gives them in ``data-value``."""
    found: dict[tuple[str, str], list[float | None]] = {}
    for match in CELL.finditer(html):
        cells = found.setdefault((match["agency"], match["table"]), [])
        assert int(match["column"]) == len(cells)
        cells.append(float(match["value"]) if match["value"] else None)
    return found


def annex(lang: str) -> dict[tuple[str, str], list[float | None]]:
    """(agency, table) → the numbers of the report's annex, for the same database."""
    tables = {t.id: t for t in build_report(Figures(YEAR), lang).tables}
    found: dict[tuple[str, str], list[float | None]] = {}
    for page_table, annex_table in TABLES.items():
        for row in tables[annex_table].rows:
            if not row.total:
                agency = row.label.split(" — ")[0]
                found[(agency, page_table)] = [
                    None if c.value is None else float(c.value) for c in row.cells
                ]
    return found


@pytest.mark.parametrize("lang", ["es", "en"])
def test_the_page_shows_the_same_numbers_as_the_reports_annex(lang: str) -> None:
    build_quality_data()
    status, html = get(client_of("analyst"), lang=lang, year=str(YEAR))
    assert status == 200
    expected = annex(lang)
    assert {agency for agency, _ in expected} == {"PNP", "MP-FISCALIA"}
    assert shown(html) == expected


def test_the_figures_are_the_ones_the_world_was_built_with() -> None:
    build_quality_data()
    figures = shown(get(client_of("analyst"), year=str(YEAR))[1])
    # 2 batches (PNP-LOR's counted with PNP), 7 rows read, 5 accepted, 2 rejected, 2 kept: 28.6 %
    assert figures[("PNP", "submissions")] == [2, 7, 5, 2, 2, 28.6]
    # 4 victims, 3 with a sex recorded
    assert figures[("PNP", "completeness")][:2] == [4, 75.0]
    # received after 10, 20, 40 and 60 days: the lower median is 20; 2 of 4 within 30 days
    assert figures[("PNP", "timeliness")] == [4, 20, 50.0]
    # one of PNP's 4 victims the prosecutors recorded too; their only victim is that one
    assert figures[("PNP", "linked")] == [4, 1, 25.0]
    assert figures[("MP-FISCALIA", "linked")] == [1, 1, 100.0]


def test_the_annex_of_the_report_shows_timeliness_and_victims_linked_to_another_agency() -> None:
    build_quality_data()
    tables = {t.id: t for t in build_report(Figures(YEAR), "en").tables}
    timely = {r.label: [c.text for c in r.cells] for r in tables["t-quality-timeliness"].rows}
    assert timely["PNP"] == ["4", "20", "50.0\u00a0%"]
    linked = {r.label: [c.value for c in r.cells] for r in tables["t-quality-linked"].rows}
    assert linked["MP-FISCALIA"] == [1, 1, 100.0]


def test_without_a_linkage_run_the_linked_victims_are_said_to_be_not_available() -> None:
    build_quality_data(linked=False)
    assert data_quality(Period.calendar(YEAR)).linked is None
    status, html = get(client_of("analyst"), year=str(YEAR))
    assert status == 200
    assert 'id="linkage-not-run"' in html
    table = {t.id: t for t in build_report(Figures(YEAR), "en").tables}["t-quality-linked"]
    assert table.rows == []
    assert "Computed by record linkage, which has not run yet." in table.notes


def test_an_agencys_detail_gives_every_reason_its_rows_were_rejected_and_its_other_figures() -> (
    None
):
    build_quality_data()
    status, html = get(client_of("analyst"), "/quality/PNP/", year=str(YEAR))
    assert status == 200
    reasons = re.findall(
        r'data-figure="reason-rows" data-column="([^"]+)" data-value="(\d+)"', html
    )
    assert reasons == [("sexo", "2"), ("fecha_identificacion", "1")]
    assert "The value is not in the code list &#x27;sex&#x27;." in html
    figures = shown(html)
    assert figures[("PNP", "submissions")] == [2, 7, 5, 2, 2, 28.6]
    assert figures[("PNP", "timeliness")] == [4, 20, 50.0]
    assert figures[("PNP", "linked")] == [4, 1, 25.0]
    assert figures[("PNP", "completeness")][1] == 75.0  # sex
    _, spanish = get(client_of("analyst"), "/quality/PNP/", "es", year=str(YEAR))
    assert "El valor no está en la lista «sex»." in spanish


def test_the_overview_links_each_agency_to_its_detail_for_the_same_year_and_period() -> None:
    build_quality_data()
    _, html = get(client_of("analyst"), year=str(YEAR), period="tip")
    assert f'href="/quality/PNP/?year={YEAR}&amp;period=tip"' in html


def test_a_data_officer_sees_only_their_agency() -> None:
    build_quality_data()
    officer = client_of("data_officer")  # at PNP
    status, html = get(officer, year=str(YEAR))
    assert status == 200
    assert {agency for agency, _ in shown(html)} == {"PNP"}
    assert get(officer, "/quality/PNP/", year=str(YEAR))[0] == 200
    assert get(officer, "/quality/PNP-LOR/", year=str(YEAR))[0] == 200  # a unit under it
    assert get(officer, "/quality/MP-FISCALIA/", year=str(YEAR))[0] == 404


def test_a_data_officer_of_a_regional_unit_sees_the_units_own_figures_only() -> None:
    build_quality_data()
    officer = client_of("data_officer", email="oficial@pnp-lor.example", agency="PNP-LOR")
    status, html = get(officer, year=str(YEAR))
    assert status == 200
    figures = shown(html)
    assert set(figures) == {("PNP-LOR", table) for table in TABLES}
    assert figures[("PNP-LOR", "submissions")] == [1, 5, 3, 2, 2, 40.0]
    assert figures[("PNP-LOR", "timeliness")] == [3, 20, 66.7]
    assert figures[("PNP-LOR", "linked")] == [3, 1, 33.3]
    status, detail = get(officer, "/quality/PNP-LOR/", year=str(YEAR))
    assert status == 200
    assert 'id="unit-note"' in detail
    assert get(officer, "/quality/PNP/", year=str(YEAR))[0] == 404


@pytest.mark.parametrize("role", ["case_worker", "screener", "auditor", "administrator"])
def test_other_roles_are_refused(role: str) -> None:
    client = client_of(role)
    assert get(client)[0] == 403
    assert get(client, "/quality/PNP/")[0] == 403


def test_a_visitor_is_sent_to_sign_in() -> None:
    answer = Client().get("/quality/")
    assert answer.status_code == 302
    assert "/sign-in/" in answer["Location"]


@pytest.mark.parametrize("year", ["1900", "veinte"])
def test_a_year_without_data_is_answered_with_a_clear_message(year: str) -> None:
    build_quality_data()
    status, html = get(client_of("analyst"), year=year)
    assert status == 400
    assert (
        f"No record holds data for the year “{year}”: choose one of the years in the list." in html
    )
    assert 'id="quality-submissions"' not in html
    status, spanish = get(client_of("analyst"), "/quality/PNP/", "es", year=year)
    assert status == 400
    assert f"Ningún registro contiene datos del año «{year}»" in spanish


def test_a_corrected_record_keeps_the_day_it_was_first_received() -> None:
    from kuska.registry.models import PersonRecord, RecordVersion, SubmissionBatch

    build_quality_data()
    record = PersonRecord.objects.get(source_record_id="PNP-1")
    first = record.batch
    later = SubmissionBatch.objects.create(
        agency=record.agency, received_at=first.received_at.replace(year=2021)
    )
    RecordVersion.objects.create(
        record_type=PersonRecord._meta.label_lower,
        record_id=record.pk,
        version=1,
        batch=first,
        data={},
    )
    PersonRecord.objects.filter(pk=record.pk).update(
        version=2, batch=later, received_at=later.received_at
    )
    [timely] = [t for t in data_quality(Period.calendar(YEAR)).timeliness if t.agency == "PNP"]
    assert (timely.records, timely.median_days) == (4, 20)  # 60 days, not a year and more


def test_the_numbers_behind_the_text_have_no_decimal_comma_in_spanish_either() -> None:
    build_quality_data()
    _, html = get(client_of("analyst"), "/quality/", "es", year=str(YEAR))
    assert "28,6\u00a0%" in html  # the text as Spanish writes it
    assert Decimal("28.6") in {Decimal(m["value"]) for m in CELL.finditer(html) if m["value"]}


def test_the_pseudo_language_marks_every_word_of_both_pages(tmp_path: Path) -> None:
    from kuska.registry.models import Agency

    build_quality_data()
    client = client_of("analyst")
    with pseudo_language(tmp_path):
        client.cookies["django_language"] = PSEUDO
        pages = [
            client.get("/quality/", {"year": YEAR}).content.decode(),
            client.get("/quality/PNP/", {"year": YEAR}).content.decode(),
            client.get("/quality/", {"year": "1900"}).content.decode(),
        ]
        endonyms = [name for _code, name in settings.LANGUAGES]  # the language switch's
    names = [n for a in Agency.objects.all() for n in (a.name_es, a.name_en)] + endonyms
    names += ["Kuska", "analista@mininter.example"]
    names += [str(p[f"message_{lang}"]) for p in (SEX, FUTURE) for lang in ("es", "en")]
    names += ["sexo", "fecha_identificacion"]  # stored with the rejected rows, as intake wrote them
    for page in pages:
        text = visible_text(page)
        assert text.count("⟦") > 10
        left = unmarked(text, names)
        assert left == [], " ".join(left)
