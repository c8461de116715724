"""Reporting periods: the calendar year and the TIP reporting year.

The TIP reporting year ``Y`` runs from 1 April ``Y`` to 31 March ``Y + 1`` (the profile's ``tip_year_start``,
Peru: ``04-01``): the reporting period of the US Trafficking in Persons report published in ``Y + 1``. The 2021
report's figures labelled "2020" are calendar-year figures ("Nearly half the operations were conducted in
January and February 2020", "214 detentions in the first three quarters of the year"), so the seed is reproduced
with calendar years; the TIP year answers "what happened during the report's reporting period".

>>> Period.calendar(2020).label
'2020'
>>> tip = Period.tip(2020)
>>> tip.start.isoformat(), tip.end.isoformat(), tip.label
('2020-04-01', '2021-03-31', 'TIP 2020 (2020-04-01 – 2021-03-31)')
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from enum import StrEnum


class PeriodKind(StrEnum):
    CALENDAR = "calendar"
    TIP = "tip"


@dataclass(frozen=True)
class Period:
    """A span of days, both ends included, with the year that names it.

    ``year`` is also the fiscal year matched by records dated only by a year (budget allocations): fiscal years
    are calendar years, so the TIP year ``Y`` shows the budget of fiscal year ``Y``.
    """

    kind: PeriodKind
    year: int
    start: datetime.date
    end: datetime.date

    @classmethod
    def calendar(cls, year: int) -> Period:
        return cls(
            PeriodKind.CALENDAR, year, datetime.date(year, 1, 1), datetime.date(year, 12, 31)
        )

    @classmethod
    def tip(cls, year: int, start: tuple[int, int] = (4, 1)) -> Period:
        """The TIP reporting year starting on ``start`` (month, day) of ``year``."""
        first = datetime.date(year, *start)
        following = datetime.date(year + 1, *start)
        return cls(PeriodKind.TIP, year, first, following - datetime.timedelta(days=1))

    @classmethod
    def of(cls, kind: str, year: int, tip_start: tuple[int, int] = (4, 1)) -> Period:
        if PeriodKind(kind) is PeriodKind.TIP:
            return cls.tip(year, tip_start)
        return cls.calendar(year)

    @property
    def label(self) -> str:
        if self.kind is PeriodKind.CALENDAR:
            return str(self.year)
        return f"TIP {self.year} ({self.start.isoformat()} – {self.end.isoformat()})"

    def as_dict(self) -> dict[str, object]:
        """The period as the JSON output writes it."""
        return {
            "type": self.kind.value,
            "year": self.year,
            "start": self.start.isoformat(),
            "end": self.end.isoformat(),
        }


def parse_month_day(text: str) -> tuple[int, int]:
    """``"04-01"`` → ``(4, 1)`` (a profile's ``tip_year_start``).

    >>> parse_month_day("04-01")
    (4, 1)
    """
    month, day = (int(part) for part in text.split("-"))
    datetime.date(
        2001, month, day
    )  # refuses 02-30; 02-29 would make some years fail, 2001 is no leap year
    return month, day
