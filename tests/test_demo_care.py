"""The demonstration's care: cases opened for the synthetic victims UDAVIT served at the end of 2020, the alerts the
synthetic data's gaps raise, and the report's Protection section telling the care figures (the session's demo,
built once and only read)."""

from __future__ import annotations

import html
import re
import sqlite3
from contextlib import closing

import pytest

from tests.demo import Demo

pytestmark = pytest.mark.xdist_group("demo")


def _report_text(demo: Demo, lang: str) -> str:
    page = (demo.var / "reports" / f"kuska-report-2020-{lang}.html").read_text(encoding="utf-8")
    return html.unescape(re.sub(r"\s+", " ", re.sub(r"<[^>]+>", "", page)))


def test_the_demo_opens_care_cases_and_raises_alerts_of_the_gaps_dated_in_2020(demo: Demo) -> None:
    assert demo.result.returncode == 0, demo.result.stderr
    opened = re.search(
        r"Atención: (\d+) casos abiertos en MP-UDAVIT, (\d+) alertas", demo.result.stdout
    )
    assert opened is not None, demo.result.stdout
    with closing(sqlite3.connect(demo.var / "demo.sqlite3")) as database:
        cases = database.execute(
            "SELECT count(*), min(agency_id), max(agency_id) FROM care_case"
        ).fetchone()
        by_rule = dict(
            database.execute("SELECT rule, count(*) FROM care_alert GROUP BY rule").fetchall()
        )
        raised = database.execute(
            "SELECT min(raised_at), max(raised_at) FROM care_alert"
        ).fetchone()
    assert cases[0] == int(opened.group(1)) > 50
    assert cases[1] == cases[2]  # one agency's cases
    assert sum(by_rule.values()) == int(opened.group(2))
    for rule in (
        "child_in_police_station",
        "referral_refused_for_who_they_are",
        "no_facility_admits",
        "no_service_after_night_rescue",
        "conditioned_on_statement",
        "foreign_without_residency",
    ):
        assert by_rule.get(rule, 0) > 0, rule
    # evaluated as at 31 December 2020, 23:59 in Lima (stored in UTC)
    assert raised == ("2021-01-01 04:59:00", "2021-01-01 04:59:00")


@pytest.mark.parametrize(
    ("lang", "sentences"),
    [
        (
            "en",
            (
                r"Case workers agreed an individual care plan with \d+ victims in 2020",
                r"Half the victims received their first service within \d+ days? of being identified in 2020",
                r"Agencies referred victims to services [\d,]+ times in 2020",
                r"Of these, \d+ were still pending, [\d,]+ provided",
                r"Service providers refused \d+ referrals in 2020",
                r"refused because the provider does not admit the person's sex",
                r"\d+ adult men and transgender victims referred to a shelter were not placed in one in 2020",
                r"Kuska raised \d+ alerts about gaps in the care of victims in 2020",
                r"for “Child placed in a police station”",
                r"Foreign victims granted residency: not reported for 2020",
                r"Trafficking victims assisted by the Women's Emergency Centres: not reported for 2020",
            ),
        ),
        (
            "es",
            (
                r"Los equipos de atención acordaron un plan de atención individual con \d+ víctimas en 2020",
                r"La mitad de las víctimas recibió su primer servicio a más tardar \d+ días? después",
                r"Las instituciones derivaron víctimas a servicios en [\d ]+ ocasiones en 2020",
                r"De estas derivaciones, \d+ eran de respuesta aún pendiente",
                r"Los proveedores de servicios rechazaron \d+ derivaciones en 2020",
                r"Kuska levantó \d+ alertas sobre brechas en la atención a las víctimas en 2020",
                r"De estas alertas, \d+ eran por «Niña, niño o adolescente en una dependencia policial»",
            ),
        ),
    ],
)
def test_the_demo_reports_protection_section_tells_the_care_figures(
    demo: Demo, lang: str, sentences: tuple[str, ...]
) -> None:
    text = _report_text(demo, lang)
    for sentence in sentences:
        assert re.search(sentence, text), sentence
