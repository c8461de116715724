"""The figures' documentation stays true: every indicator is in ``docs/indicators.md`` (whose catalogue part is
generated from ``indicators.toml``), and every option of ``kuska stats`` and ``kuska bench`` is in the README."""

from __future__ import annotations

import argparse
from pathlib import Path

from kuska.cli import build_parser
from kuska.cli.bench import BENCHMARKS
from kuska.stats.catalogue import load_catalogue
from kuska.stats.docs import BEGIN, END, catalogue_markdown

ROOT = Path(__file__).resolve().parent.parent
README = (ROOT / "README.md").read_text(encoding="utf-8")
INDICATORS = (ROOT / "docs" / "indicators.md").read_text(encoding="utf-8")


def _subparser(parser: argparse.ArgumentParser, name: str) -> argparse.ArgumentParser:
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            found: argparse.ArgumentParser = action.choices[name]
            return found
    raise AssertionError(f"no subcommand {name}")


def _options(parser: argparse.ArgumentParser) -> set[str]:
    return {
        option
        for action in parser._actions
        for option in action.option_strings
        if option.startswith("--") and option != "--help"
    }


def test_every_indicator_is_documented() -> None:
    for indicator in load_catalogue():
        assert f"### `{indicator.id}`" in INDICATORS, indicator.id
        assert indicator.title_es in INDICATORS
        assert indicator.title_en in INDICATORS


def test_the_documented_catalogue_is_the_catalogue() -> None:
    generated = catalogue_markdown(load_catalogue())
    documented = BEGIN + INDICATORS.split(BEGIN, 1)[1].split(END, 1)[0] + END + "\n"
    assert documented == generated, (
        "docs/indicators.md is out of date: .venv/bin/python -m kuska.stats.docs --write docs/indicators.md"
    )


def test_every_stats_option_is_in_the_readme() -> None:
    stats = _subparser(build_parser(), "stats")
    for option in _options(stats):
        assert f"{option}" in README, option
    assert "`kuska stats --year" in README
    assert "docs/indicators.md" in README


def test_every_benchmark_and_its_options_are_in_the_readme() -> None:
    bench = _subparser(build_parser(), "bench")
    for name in BENCHMARKS:
        assert f"`kuska bench {name}" in README, name
        for option in _options(_subparser(bench, name)):
            assert option in README.split(f"`kuska bench {name}", 1)[1], f"bench {name} {option}"
