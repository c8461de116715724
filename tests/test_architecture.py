"""The data flow's layers: the import contracts of pyproject.toml are all there, say what they should, and hold.

The registry sits at the bottom; intake and linkage write into it; the statistics read what they wrote; the report
reads the statistics' figures only; the access module scopes and audits every read of person-level records; the
command line, the API and the pages sit on top and read those records only through it. ``lint-imports`` checks
the contracts in CI; this test fails if one of them is removed or weakened.
"""

from __future__ import annotations

import subprocess
import sys
import tomllib
from pathlib import Path
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parent.parent

# contract id → (source modules, modules they must not import, whether imports through others are allowed)
EXPECTED: dict[str, tuple[set[str], set[str], bool]] = {
    "registry-is-the-bottom": (
        {"kuska.registry"},
        {
            "kuska.access",
            "kuska.jobs",
            "kuska.intake",
            "kuska.linkage",
            "kuska.care",
            "kuska.stats",
            "kuska.reports",
            "kuska.synth",
            "kuska.screening",
            "kuska.api",
            "kuska.web",
            "kuska.cli",
        },
        False,
    ),
    "stages-below-the-edges": (
        {"kuska.intake", "kuska.linkage", "kuska.stats"},
        {
            "kuska.access",
            "kuska.jobs",
            "kuska.screening",
            "kuska.reports",
            "kuska.web",
            "kuska.api",
            "kuska.cli",
        },
        False,
    ),
    "reports-read-figures-only": ({"kuska.reports"}, {"kuska.intake", "kuska.registry"}, True),
    "linkage-below-stats": ({"kuska.linkage"}, {"kuska.stats"}, False),
    "synth-without-registry-internals": (
        {"kuska.synth"},
        {"kuska.registry.models", "kuska.registry.bulk", "kuska.registry.crypto"},
        True,
    ),
    "care-beside-intake": (
        {"kuska.care"},
        {"kuska.stats", "kuska.reports", "kuska.web", "kuska.api", "kuska.cli"},
        True,
    ),
    "stages-below-care": ({"kuska.intake", "kuska.linkage", "kuska.access"}, {"kuska.care"}, False),
    "access-below-the-faces": (
        {"kuska.access"},
        {"kuska.web", "kuska.api", "kuska.cli"},
        False,
    ),
    "jobs-below-the-faces": ({"kuska.jobs"}, {"kuska.web", "kuska.api", "kuska.cli"}, False),
    "screening-below-the-faces": (
        {"kuska.screening"},
        {"kuska.web", "kuska.api", "kuska.cli", "kuska.reports", "kuska.jobs"},
        False,
    ),
    "faces-read-records-through-access": (
        {"kuska.web", "kuska.api", "kuska.cli"},
        {"kuska.registry.models", "kuska.intake.models", "kuska.linkage.models"},
        True,
    ),
}


def contracts() -> dict[str, dict[str, Any]]:
    config = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    linter = config["tool"]["importlinter"]
    assert linter["root_package"] == "kuska"
    return {c["id"]: c for c in linter["contracts"]}


@pytest.mark.parametrize("contract_id", sorted(EXPECTED))
def test_every_layer_of_the_flow_has_its_contract(contract_id: str) -> None:
    sources, forbidden, indirect_allowed = EXPECTED[contract_id]
    contract = contracts().get(contract_id)
    assert contract is not None, f"pyproject.toml lost the import contract {contract_id!r}"
    assert contract["type"] == "forbidden"
    assert set(contract["source_modules"]) == sources
    assert forbidden <= set(contract["forbidden_modules"])
    assert contract.get("allow_indirect_imports", False) in (indirect_allowed, False)


def test_lint_imports_finds_every_contract_kept() -> None:
    script = Path(sys.executable).with_name("lint-imports")
    command = [str(script)] if script.exists() else ["lint-imports"]
    done = subprocess.run(
        [*command, "--no-logo", "--no-cache"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
        timeout=300,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    assert f"Contracts: {len(contracts())} kept, 0 broken." in done.stdout
    for contract in contracts().values():
        assert " ".join(contract["name"].split()[:4]) in " ".join(done.stdout.split())
