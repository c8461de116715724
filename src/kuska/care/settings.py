"""The care workflow's settings from the country profile: ``care.toml`` and the code lists it reads."""

from __future__ import annotations

import datetime
import functools
import tomllib
from dataclasses import dataclass

from kuska.profiles.reader import country_file
from kuska.registry.models import CodeItem

REFUSAL_REASONS = "referral_refusal_reason"
# the refusal reasons that say the provider turned the victim away for who they are
REFUSED_FOR_WHO_THEY_ARE = frozenset(
    {"does_not_admit_sex", "does_not_admit_age", "does_not_admit_gender_identity"}
)


@dataclass(frozen=True)
class CareSettings:
    """``response_hours``: hours to answer a referral by service type (``default`` for the others); ``night``:
    the hours (local time) a night runs from and to."""

    response_hours: dict[str, int]
    night_starts: int
    night_ends: int

    def response_time(self, service_type: str) -> datetime.timedelta:
        """How long the receiving agency has to answer a referral for the service.

        >>> CareSettings({"default": 72, "shelter": 24}, 19, 7).response_time("shelter")
        datetime.timedelta(days=1)
        """
        hours = self.response_hours.get(service_type, self.response_hours.get("default", 72))
        return datetime.timedelta(hours=hours)

    def at_night_or_weekend(self, moment: datetime.datetime) -> bool:
        """Whether a local moment is at night or on a Saturday or Sunday.

        >>> night = CareSettings({}, 19, 7)
        >>> night.at_night_or_weekend(datetime.datetime(2026, 3, 4, 22)), night.at_night_or_weekend(
        ...     datetime.datetime(2026, 3, 4, 11)), night.at_night_or_weekend(datetime.datetime(2026, 3, 7, 11))
        (True, False, True)
        """
        if moment.weekday() >= 5:
            return True
        return moment.hour >= self.night_starts or moment.hour < self.night_ends


@functools.cache
def _read(path: str) -> CareSettings:
    with open(path, "rb") as handle:
        data = tomllib.load(handle)
    night = data.get("night", {})
    return CareSettings(
        {str(k): int(v) for k, v in data.get("response_hours", {}).items()},
        int(night.get("starts", 19)),
        int(night.get("ends", 7)),
    )


def care_settings() -> CareSettings:
    """The deployment's profile's care settings (defaults where the profile has no ``care.toml``)."""
    path = country_file("care.toml")
    if not path.is_file():
        return CareSettings({"default": 72}, 19, 7)
    return _read(str(path))


def refusal_reasons() -> set[str]:
    """The codes a referral may be refused with: the profile's code list ``referral_refusal_reason``."""
    return set(CodeItem.objects.filter(list=REFUSAL_REASONS).values_list("code", flat=True))
