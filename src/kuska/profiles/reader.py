"""Reading and checking a country profile's files (no database)."""

from __future__ import annotations

import csv
import datetime
import hashlib
import tomllib
from dataclasses import dataclass, field
from pathlib import Path

from kuska.registry.agencies import split_aliases
from kuska.registry.codes import ENUMERATED_LISTS

FILES = ("profile.toml", "regions.csv", "agencies.csv", "offences.csv", "codelists.csv")
# the names of the screening questionnaires' indicators, each with the code of the means of control it
# corresponds to, if any (a hotline call's "indicators heard")
SCREENING_INDICATORS = "screening/indicators.toml"
MEANS_OF_CONTROL = "means_of_control"


class ProfileError(ValueError):
    """A profile file is missing or holds a value that cannot be used; the message names file, row and column."""


@dataclass(frozen=True)
class Profile:
    """A country profile as read from its folder. Rows are dicts of the CSV columns, stripped."""

    code: str
    country: str
    name_es: str
    name_en: str
    settings: dict[str, object]
    regions: list[dict[str, str]]
    agencies: list[dict[str, str]]
    offences: list[dict[str, str]]
    codes: list[dict[str, str]]
    digest: str
    code_lists: dict[str, set[str]] = field(default_factory=dict)


def profile_dir(code: str) -> Path:
    """The folder of a profile shipped with Kuska."""
    folder = Path(__file__).parent / code
    if not code.isidentifier() or not (folder / "profile.toml").is_file():
        raise ProfileError(
            f"no country profile named {code!r} (looked in {Path(__file__).parent.name}/)"
        )
    return folder


def country_file(name: str, profile: str | None = None) -> Path:
    """A data file of a profile (default: the deployment's, setting ``KUSKA_PROFILE``), present or not."""
    if profile is None:
        from django.conf import settings

        profile = str(settings.KUSKA_PROFILE)
    return profile_dir(profile) / name


def _rows(folder: Path, name: str, columns: tuple[str, ...]) -> list[dict[str, str]]:
    path = folder / name
    with path.open(encoding="utf-8", newline="") as handle:
        reader = csv.DictReader(handle)
        header = tuple(reader.fieldnames or ())
        missing = [c for c in columns if c not in header]
        if missing:
            raise ProfileError(f"{name}: missing column(s) {', '.join(missing)}")
        return [{k: (v or "").strip() for k, v in row.items() if k} for row in reader]


def _fail(name: str, index: int, column: str, value: str, problem: str) -> ProfileError:
    # index 0 is the first data row, which is line 2 of the file
    return ProfileError(f"{name}, line {index + 2}, column {column}: {value!r} {problem}")


def _check_unique(name: str, rows: list[dict[str, str]], *columns: str) -> None:
    seen: set[tuple[str, ...]] = set()
    for i, row in enumerate(rows):
        key = tuple(row[c] for c in columns)
        if not all(key):
            raise _fail(name, i, "/".join(columns), "/".join(key), "is empty")
        if key in seen:
            raise _fail(name, i, "/".join(columns), "/".join(key), "appears twice")
        seen.add(key)


def _check_date(name: str, i: int, row: dict[str, str], column: str) -> None:
    if row[column]:
        try:
            datetime.date.fromisoformat(row[column])
        except ValueError as exc:
            raise _fail(name, i, column, row[column], "is not a date (YYYY-MM-DD)") from exc


def _check_int(name: str, i: int, row: dict[str, str], column: str) -> None:
    if row[column] and not row[column].isdigit():
        raise _fail(name, i, column, row[column], "is not a whole number")


def _check_screening_indicators(folder: Path, code_lists: dict[str, set[str]]) -> None:
    """Every ``means_of_control`` of the screening indicators is a code of that list."""
    path = folder / SCREENING_INDICATORS
    if not path.is_file():
        return
    known = code_lists.get(MEANS_OF_CONTROL, set())
    for indicator, entry in tomllib.loads(path.read_text(encoding="utf-8")).items():
        code = entry.get(MEANS_OF_CONTROL) if isinstance(entry, dict) else None
        if code is not None and code not in known:
            raise ProfileError(
                f"{SCREENING_INDICATORS}, indicator {indicator!r}: {MEANS_OF_CONTROL} {code!r} is not a "
                f"code of the list {MEANS_OF_CONTROL} in codelists.csv"
            )


def read_profile(code: str, folder: Path | None = None) -> Profile:
    """Read and check a profile; raises :class:`ProfileError` on the first problem found."""
    folder = folder or profile_dir(code)
    for name in FILES:
        if not (folder / name).is_file():
            raise ProfileError(f"profile {code!r} has no {name}")
    meta = tomllib.loads((folder / "profile.toml").read_text(encoding="utf-8"))
    for key in ("code", "country", "name_es", "name_en"):
        if not isinstance(meta.get(key), str) or not meta[key]:
            raise ProfileError(f"profile.toml: '{key}' is missing")

    regions = _rows(folder, "regions.csv", ("code", "name_es", "name_en", "inei_department"))
    agencies = _rows(
        folder, "agencies.csv", ("code", "name_es", "name_en", "sector", "region", "parent")
    )
    offences = _rows(
        folder,
        "offences.csv",
        (
            "framework",
            "article",
            "title_es",
            "title_en",
            "valid_from",
            "valid_to",
            "replaces",
            "category",
        ),
    )
    codes = _rows(folder, "codelists.csv", ("list", "code", "label_es", "label_en", "group"))

    _check_unique("regions.csv", regions, "code")
    _check_unique("agencies.csv", agencies, "code")
    _check_unique("offences.csv", offences, "framework", "article")
    _check_unique("codelists.csv", codes, "list", "code")

    code_lists: dict[str, set[str]] = {}
    for row in codes:
        code_lists.setdefault(row["list"], set()).add(row["code"])
    for list_name, enum in ENUMERATED_LISTS.items():
        if code_lists.get(list_name, set()) != set(enum.values):
            raise ProfileError(
                f"codelists.csv: list {list_name!r} must hold exactly {sorted(enum.values)}, "
                f"it holds {sorted(code_lists.get(list_name, set()))}"
            )

    _check_screening_indicators(folder, code_lists)

    region_codes = {r["code"] for r in regions}
    agency_codes = {a["code"] for a in agencies}
    for i, row in enumerate(agencies):
        if row["sector"] not in code_lists.get("agency_sector", set()):
            raise _fail(
                "agencies.csv", i, "sector", row["sector"], "is not in code list agency_sector"
            )
        if row["region"] and row["region"] not in region_codes:
            raise _fail("agencies.csv", i, "region", row["region"], "is not a region code")
        if row["parent"] and row["parent"] not in agency_codes:
            raise _fail("agencies.csv", i, "parent", row["parent"], "is not an agency code")
    lead = meta.get("lead_agencies", [])
    if not isinstance(lead, list) or any(code not in agency_codes for code in lead):
        raise ProfileError(f"profile.toml: lead_agencies {lead!r} must be a list of agency codes")
    named: dict[str, str] = {code.casefold(): code for code in agency_codes}
    for i, row in enumerate(agencies):
        for alias in split_aliases(row.get("aliases", "")):
            other = named.setdefault(alias.casefold(), row["code"])
            if other != row["code"]:
                raise _fail("agencies.csv", i, "aliases", alias, f"already names agency {other}")

    articles_by_framework: dict[str, set[str]] = {}
    for row in offences:
        articles_by_framework.setdefault(row["framework"], set()).add(row["article"])
    older = {a for fw, arts in articles_by_framework.items() for a in arts}
    for i, row in enumerate(offences):
        if row["category"] not in code_lists["offence_category"]:
            raise _fail(
                "offences.csv", i, "category", row["category"], "is not an offence category"
            )
        form = row.get("exploitation_form", "")
        if form and form not in code_lists.get("exploitation_form", set()):
            raise _fail(
                "offences.csv", i, "exploitation_form", form, "is not a form of exploitation"
            )
        if row["replaces"] and row["replaces"] not in older:
            raise _fail(
                "offences.csv", i, "replaces", row["replaces"], "is not an article of the catalogue"
            )
        for column in ("valid_from", "valid_to"):
            _check_date("offences.csv", i, row, column)
        for column in ("penalty_min_years", "penalty_max_years"):
            if column in row:
                _check_int("offences.csv", i, row, column)

    digest = hashlib.sha256()
    for name in FILES:
        digest.update((folder / name).read_bytes())
    return Profile(
        code=str(meta["code"]),
        country=str(meta["country"]),
        name_es=str(meta["name_es"]),
        name_en=str(meta["name_en"]),
        settings=meta,
        regions=regions,
        agencies=agencies,
        offences=offences,
        codes=codes,
        digest=digest.hexdigest(),
        code_lists=code_lists,
    )
