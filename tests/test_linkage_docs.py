"""The linkage documentation stays true: ``docs/linkage.md`` names every blocking rule, every comparison level and
the default threshold and review band; the README documents ``kuska link``, ``kuska review`` and their options."""

from __future__ import annotations

import argparse
from pathlib import Path

from kuska.cli import build_parser
from kuska.linkage import REVIEW_FROM, THRESHOLD, model, pipeline

ROOT = Path(__file__).resolve().parent.parent
DOC = (ROOT / "docs" / "linkage.md").read_text(encoding="utf-8")
README = (ROOT / "README.md").read_text(encoding="utf-8")


def _options(name: str) -> set[str]:
    parser = build_parser()
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            command: argparse.ArgumentParser = action.choices[name]
            return {
                option
                for a in command._actions
                for option in a.option_strings
                if option.startswith("--") and option != "--help"
            }
    raise AssertionError(name)


def test_every_blocking_rule_is_documented_in_order() -> None:
    section = DOC.split("## Blocking rules", 1)[1].split("\n## ", 1)[0]
    rows = [line.split("|")[1].strip() for line in section.splitlines() if line.startswith("| ")]
    assert rows[1:] == [rule.name for rule in model.BLOCKING_RULES]  # after the header
    assert f"{model.BUDGET_PER_RECORD} × records" in DOC
    assert f"{model.MIN_BUDGET:,}" in DOC


def test_every_comparison_and_level_is_documented() -> None:
    for name, levels in model.COMPARISON_LEVELS.items():
        row = next(line for line in DOC.splitlines() if line.startswith(f"| `{name}` |"))
        assert row.split("|")[2].strip() == " · ".join(levels), name


def test_the_defaults_are_the_documented_ones() -> None:
    assert f"**threshold, {THRESHOLD}**" in DOC
    assert f"From **{REVIEW_FROM}**" in DOC.replace("from **", "From **")
    assert f"`{model.SEED}`" in DOC
    assert f"fewer than {pipeline.MIN_RECORDS_TO_TRAIN:,} records" in DOC
    assert f"at least {model.M_FLOOR}" in DOC


def test_the_commands_and_their_options_are_in_the_readme() -> None:
    for command in ("link", "review"):
        assert f"`kuska {command}" in README
        row = README.split(f"| `kuska {command}", 1)[1].split("\n", 1)[0]
        for option in _options(command):
            assert option in row, f"kuska {command} {option}"
    assert "docs/linkage.md" in README
