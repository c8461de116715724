"""The code names no country's agency or region: those are facts of the country profile (``profiles/peru/``).

Every agency code and alias of the Peru profile, and every region code, is looked for as a whole word in every
file of ``src/kuska`` outside ``profiles/`` (code, docstrings, doctests, help texts, data files). Examples in
docstrings use neutral codes (``POLICE``, ``XX-NOR``).
"""

from __future__ import annotations

import csv
import re
from pathlib import Path

import pytest

from kuska.profiles import profile_dir

SRC = Path(__file__).resolve().parent.parent / "src" / "kuska"

# The name of a source format (the ministry's open-data layout, ``--format mininter``), not an agency code.
FORMAT_NAMES = {"MININTER"}

SUFFIXES = {".py", ".toml", ".json", ".html", ".md", ".txt", ".csv", ".po"}


def _country_words() -> set[str]:
    folder = profile_dir("peru")
    words: set[str] = set()
    with (folder / "agencies.csv").open(encoding="utf-8", newline="") as handle:
        for row in csv.DictReader(handle):
            words.add(row["code"])
            words.update(a.strip() for a in row.get("aliases", "").split("|") if a.strip())
    with (folder / "regions.csv").open(encoding="utf-8", newline="") as handle:
        words.update(row["code"] for row in csv.DictReader(handle))
    return words - FORMAT_NAMES


WORDS = _country_words()
PATTERN = re.compile(
    r"(?<![\w-])("
    + "|".join(re.escape(w) for w in sorted(WORDS, key=len, reverse=True))
    + r"|PE-[A-Z]{3})(?![\w])"
)


def _files() -> list[Path]:
    out = []
    for path in sorted(SRC.rglob("*")):
        relative = path.relative_to(SRC).as_posix()
        if not path.is_file() or path.suffix not in SUFFIXES:
            continue
        if relative.startswith("profiles/"):
            continue
        if "/migrations/" in f"/{relative}" or relative.startswith("locale/"):
            continue
        out.append(path)
    return out


def test_the_words_looked_for_are_the_profiles() -> None:
    assert {"PNP", "MP-FISCALIA", "MIMP-CEM", "SUNAFIL", "PJ", "UDAVIT", "PE-LIM"} <= WORDS
    assert PATTERN.search("sent by PNP-LOR") is not None
    assert PATTERN.search("the MIMP operates") is not None
    assert PATTERN.search("DEPJ and PNPX and mp") is None


@pytest.mark.parametrize("path", _files(), ids=lambda p: p.relative_to(SRC).as_posix())
def test_the_code_names_no_agency_or_region_of_the_country(path: Path) -> None:
    found = [
        f"line {number}: {match.group(0)}"
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1)
        for match in PATTERN.finditer(line)
    ]
    assert not found, f"{path.relative_to(SRC)} names the country's codes: {found[:10]}"
