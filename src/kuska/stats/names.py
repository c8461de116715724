"""What the figures' categories are called, read from the loaded country profile: regions, agencies, code-list
values and the country, and where each region sits on the tile map.

The report names every category through these; it reads neither the registry nor the profile's folder itself.
"""

from __future__ import annotations

import csv
import tomllib
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

# The code lists whose values are categories of a breakdown (sex, age bands, nationality, form of exploitation,
# a referral's outcome and refusal reason, language).
CATEGORY_LISTS = (
    "sex",
    "age_band",
    "nationality",
    "exploitation_form",
    "referral_outcome",
    "referral_refusal_reason",
    "language",
)
ALERT_RULES = "alert_rule"  # the entries of the profile's alert catalogue, named by their titles


@dataclass(frozen=True)
class ProfileNames:
    """Each row's fields as the profile gives them, by code: ``name_es``, ``name_en`` (``label_…`` for code-list
    values), one per language the profile has (read with :func:`kuska.i18n.localized`)."""

    regions: dict[str, dict[str, Any]]
    agencies: dict[str, dict[str, Any]]
    codes: dict[tuple[str, str], dict[str, Any]]  # (code list, code) → label_es, label_en …
    country: str


def profile_names(lists: Sequence[str] = CATEGORY_LISTS) -> ProfileNames:
    """The names of the loaded profile's regions, agencies and the values of ``lists`` (needs Django set up)."""
    from kuska.registry.models import Agency, CodeItem, LoadedProfile, Region

    profile = LoadedProfile.objects.order_by("-loaded_at").first()
    return ProfileNames(
        regions={r["code"]: _row(r) for r in Region.objects.values()},
        agencies={a["code"]: _row(a) for a in Agency.objects.values()},
        codes={
            **{
                (c["list"], c["code"]): _row(c)
                for c in CodeItem.objects.filter(list__in=list(lists)).values()
            },
            **{(ALERT_RULES, code): row for code, row in _alert_titles().items()},
        },
        country=profile.country if profile is not None else "",
    )


def _alert_titles() -> dict[str, dict[str, Any]]:
    """The titles of the entries of the profile's alert catalogue (``alerts.toml``), as ``label_<language>``."""
    from kuska.profiles import country_file

    path = country_file("alerts.toml")
    if not path.is_file():
        return {}
    try:
        entries = tomllib.loads(path.read_text(encoding="utf-8")).get("alert", {})
    except (OSError, tomllib.TOMLDecodeError):
        return {}
    return {
        str(code): {
            f"label_{key.removeprefix('title_')}": str(value)
            for key, value in entry.items()
            if key.startswith("title_")
        }
        for code, entry in entries.items()
        if isinstance(entry, dict)
    }


def _row(values: Mapping[str, object]) -> dict[str, Any]:
    return dict(values)


def region_tiles() -> dict[str, tuple[int, int]]:
    """(row, column) of each region on the tile map, from the loaded profile's ``region_tiles.csv``; empty when the
    profile has no layout (or none is loaded)."""
    from kuska.profiles import profile_dir
    from kuska.registry.models import LoadedProfile

    profile = LoadedProfile.objects.order_by("-loaded_at").first()
    tiles: dict[str, tuple[int, int]] = {}
    if profile is None:
        return tiles
    try:
        path = profile_dir(profile.code) / "region_tiles.csv"
        with path.open(encoding="utf-8", newline="") as handle:
            for row in csv.DictReader(handle):
                tiles[row["code"]] = (int(row["row"]), int(row["col"]))
    except (OSError, ValueError, KeyError):
        return {}
    return tiles
