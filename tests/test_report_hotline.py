"""The annual report's Prevention section tells the hotline figures of the demonstration (its synthetic 2020 calls,
held in Spanish only as the seed says), in Spanish and English: the calls by language, the calls that needed an
interpreter and those that got one, the calls referred by the agency referred to, the median hours to the
referral, and "not reported" for the years whose calls did not record them. The demo is built once per run."""

from __future__ import annotations

import html
import re

import pytest

from kuska.synth.hotline import LINES
from tests.demo import Demo

pytestmark = pytest.mark.xdist_group("demo")

CALLS_2020 = sum(calls_2020 for _agency, _prefix, calls_2020, _other in LINES.values())


def prevention(demo: Demo, lang: str) -> str:
    """The text of the 2020 report's Prevention section, tags removed, spaces normalized."""
    page = (demo.var / "reports" / f"kuska-report-2020-{lang}.html").read_text(encoding="utf-8")
    section = page.split('id="prevention"', 1)[1].split("<section", 1)[0]
    section = re.sub(r"<svg.*?</svg>", " ", section, flags=re.S)
    return re.sub(r"\s+", " ", html.unescape(re.sub(r"<[^>]+>", "", section)))


def test_the_spanish_report_tells_the_hotline_calls_held_in_spanish_only(demo: Demo) -> None:
    assert demo.result.returncode == 0, demo.result.stderr
    text = prevention(demo, "es")
    assert (
        f"Las líneas telefónicas del Ministerio del Interior y del MIMP recibieron {CALLS_2020} llamadas "
        "en 2020, frente a " in text
    )
    assert f"De estas llamadas, {CALLS_2020} eran atendidas en Castellano." in text
    needed = re.search(
        r"Quienes llamaron pidieron intérprete en (\d+) llamadas en 2020 \(no se reportó para 2019 y "
        r"2018\)\.",
        text,
    )
    assert needed is not None
    assert int(needed.group(1)) > 0
    assert "Se brindó intérprete en 0 llamadas en 2020 (no se reportó para 2019 y 2018)." in text
    referred = re.search(r"Las líneas telefónicas derivaron (\d+) llamadas a otras entidades", text)
    assert referred is not None
    assert re.search(
        r"De estas llamadas, \d+ eran derivadas a PNP, \d+ derivadas a MP, \d+ derivadas a MIMP y \d+ "
        r"derivadas a SUNAFIL\.",
        text,
    )
    assert re.search(
        r"La mitad de las llamadas derivadas se derivó dentro de las \d+,\d horas siguientes a la "
        r"llamada en 2020 \(no se reportó para 2019 y 2018\)\.",
        text,
    )
    assert "Horas desde la llamada hasta la derivación (mediana) (horas)" in text  # its table row


def test_the_english_report_tells_the_same_hotline_figures(demo: Demo) -> None:
    text = prevention(demo, "en")
    assert (
        f"The hotlines of the Ministry of the Interior and the MIMP received {CALLS_2020} calls in "
        "2020" in text
    )
    assert f"Of these, {CALLS_2020} were held in Spanish." in text
    assert (
        "An interpreter was provided on 0 calls in 2020 (not reported for 2019 and 2018)." in text
    )
    assert re.search(
        r"Half of the referred calls were referred within \d+\.\d hours of the call", text
    )
    spanish = prevention(demo, "es")
    for figure in re.findall(r"derivaron (\d+) llamadas", spanish):
        assert f"referred {figure} calls to other agencies" in text
