"""The country the synthetic data is made for, read from the profile: its regions (``regions.csv``) and which of
its agencies play which part, how their record ids begin and where victims are found (``synth.toml``).

The generator names no agency and no region itself: ``POLICE`` is whichever agency the profile's ``synth.toml``
says plays the police's part, ``CAPITAL`` the region it names the capital.

>>> POLICE, ID["police"]  # doctest: +SKIP
('POLICE', 'POL')
"""

from __future__ import annotations

import csv
import tomllib
from collections.abc import Mapping
from typing import Any


def _read() -> tuple[dict[str, Any], list[dict[str, str]]]:
    from kuska.profiles import country_file

    data = tomllib.loads(country_file("synth.toml").read_text(encoding="utf-8"))
    with country_file("regions.csv").open(encoding="utf-8", newline="") as handle:
        regions = list(csv.DictReader(handle))
    return data, regions


_DATA, _REGIONS = _read()
_ROLES: Mapping[str, str] = _DATA["agencies"]
_PLACES: Mapping[str, Any] = _DATA["places"]

POLICE = _ROLES["police"]
PROSECUTORS = _ROLES["prosecutors"]
VICTIM_CARE = _ROLES["victim_care"]
COURTS = _ROLES["courts"]
CHILD_PROTECTION = _ROLES["child_protection"]
EMERGENCY_CENTRES = _ROLES["emergency_centres"]
INTERIOR = _ROLES["interior"]
LABOUR = _ROLES["labour"]
RESIDENTIAL_CARE = _ROLES["residential_care"]
SOCIAL_MINISTRY = _ROLES["social_ministry"]
HEALTH = _ROLES["health"]
JUSTICE_MINISTRY = _ROLES["justice_ministry"]
MIGRATION = _ROLES["migration"]
FOREIGN_AFFAIRS = _ROLES["foreign_affairs"]

# How each agency's record ids begin, by its part ("police" → the police's prefix).
ID: Mapping[str, str] = _DATA["record_ids"]

# Every region code of the profile, in code order.
REGIONS: tuple[str, ...] = tuple(sorted(row["code"] for row in _REGIONS))
CAPITAL: str = _PLACES["capital"]
SPECIALIZED_SHELTER_REGIONS: tuple[str, ...] = tuple(_PLACES["specialized_shelters"])
QUECHUA: frozenset[str] = frozenset(_PLACES["quechua"])
AYMARA: frozenset[str] = frozenset(_PLACES["aymara"])
AMAZONIAN: frozenset[str] = frozenset(_PLACES["amazonian"])
EMERGENCY_CENTRE_WEIGHTS: Mapping[str, float] = _PLACES["emergency_centres"]
# A region's name as the agencies write it in facility names: regions.csv's name_es, or the short name.
REGION_NAMES: Mapping[str, str] = {
    row["code"]: _PLACES["short_names"].get(row["code"], row["name_es"]) for row in _REGIONS
}

REGIONS_BY_FORM: Mapping[str, Mapping[str, float]] = _DATA["regions_by_form"]
LANGUAGES: Mapping[str, tuple[float, str, str]] = {
    region: (float(v["share"]), str(v["language"]), str(v["people"]))
    for region, v in _DATA["languages"].items()
}
ORIGINS: Mapping[str, Mapping[str, float]] = _DATA["origins"]
