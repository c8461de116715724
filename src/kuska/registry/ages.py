"""Ages: a person's completed years on a day, and the largest age taken as plausible.

>>> age_on(datetime.date(2006, 3, 1), datetime.date(2020, 2, 29))
13
"""

from __future__ import annotations

import datetime

MAX_AGE = 120


def age_on(birth_date: datetime.date, day: datetime.date) -> int:
    """Completed years between a birth date and a day."""
    before_birthday = (day.month, day.day) < (birth_date.month, birth_date.day)
    return day.year - birth_date.year - int(before_birthday)
