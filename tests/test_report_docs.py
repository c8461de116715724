"""The report's documentation and words stay true: options in the README, clauses quoted in docs/report.md, and
the words of each indicator matching the catalogue."""

from __future__ import annotations

import re
from pathlib import Path

from kuska.cli import build_parser
from kuska.i18n import translated
from kuska.reports.phrases import BY_AGENCY, DETAILS, PAIRS, PARAGRAPHS, PHRASES
from kuska.reports.tables import TABLES, ColumnsTable, CrossTable
from kuska.stats.catalogue import load_catalogue

ROOT = Path(__file__).resolve().parent.parent
README = (ROOT / "README.md").read_text(encoding="utf-8")
DOCS = (ROOT / "docs" / "report.md").read_text(encoding="utf-8")


def test_every_option_of_kuska_report_is_in_the_readme_and_the_docs() -> None:
    parser = build_parser()
    sub = next(a for a in parser._actions if a.dest == "command")
    report = sub.choices["report"]  # type: ignore[index]
    options = [
        o for a in report._actions for o in a.option_strings if o.startswith("--") and o != "--help"
    ]
    assert options
    row = README.split("`kuska report", 1)[1].split("\n", 1)[0]
    for option in options:
        assert option in row, option
        assert f"`{option}" in DOCS or f"({option}" in DOCS or option in DOCS, option


def test_the_clauses_quoted_in_the_docs_are_those_of_the_code() -> None:
    for indicator, english, spanish in re.findall(
        r"^\| `(\w+)` \| (.+?) \| (.+?) \|$", DOCS, re.MULTILINE
    ):
        assert translated(PHRASES[indicator].text, "en") == english, indicator
        assert translated(PHRASES[indicator].text, "es") == spanish, indicator


def test_the_words_of_the_report_name_only_indicators_of_the_catalogue() -> None:
    catalogue = load_catalogue()
    named = set(PHRASES) | set(BY_AGENCY) | set(DETAILS)
    named |= {i for pair in PAIRS for i in (pair.first, pair.second)}
    named |= {i for groups in PARAGRAPHS.values() for group in groups for i in group}
    for specs in TABLES.values():
        for spec in specs:
            if isinstance(spec, ColumnsTable):
                named |= set(spec.indicators)
            elif isinstance(spec, CrossTable):
                named.add(spec.indicator)
    assert named <= set(catalogue.ids), named - set(catalogue.ids)
    for (
        pair
    ) in PAIRS:  # a compared pair names its figures: "186 operations and 364 detentions in 2019"
        if not catalogue[pair.first].is_stock:
            assert PHRASES[pair.first].noun != "{v}", pair
            assert PHRASES[pair.second].noun != "{v}", pair


def test_every_clause_has_its_figure_in_both_languages() -> None:
    for indicator, phrase in PHRASES.items():
        clauses = [translated(c, lang) for c in (phrase.text, phrase.one) for lang in ("es", "en")]
        for clause in clauses:
            if clause:
                assert clause.count("{n}") == 1, indicator
                assert not re.search(r"\d", clause.replace("{n}", "")), (
                    indicator
                )  # no figure typed by hand
    for pair in PAIRS:
        for clause in (translated(pair.text, "es"), translated(pair.text, "en")):
            assert clause.count("{n}") == 1
            assert clause.count("{m}") == 1
