"""Events the seed report tells as stories rather than figures, re-enacted in the synthetic records.

Officials suspected of complicity appear as suspects whose person record says they are public officials, in a case
of the specialized prosecutors with an investigation opened (never a prosecution or a conviction: "the government
did not prosecute or convict any officials"). The operations that detained them count among the prosecutors'
operations of the year, with the detentions the report gives.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass


@dataclass(frozen=True)
class OfficialsCase:
    """A case against public officials: when, how many officials and other suspects, the operation's detentions."""

    opened_on: datetime.date
    officials: int
    others: int
    detentions: int | None  # None: no operation recorded
    form: str
    quote: str


OFFICIALS_CASES = (
    OfficialsCase(
        datetime.date(2019, 8, 14),
        officials=2,
        others=0,
        detentions=None,
        form="sexual",
        quote="The case of a former police chief and noncommissioned officer, arrested in 2019 for human "
        "trafficking and corruption, remained under investigation.",
    ),
    OfficialsCase(
        datetime.date(2020, 10, 9),
        officials=7,
        others=1,
        detentions=8,
        form="sexual",
        quote="In a high-profile case in October 2020, the government detained seven police officers for "
        "involvement in a child sex trafficking operation run by a well-known singer.",
    ),
    OfficialsCase(
        datetime.date(2020, 12, 3),
        officials=4,
        others=2,
        detentions=4,
        form="sexual",
        quote="In December 2020, prosecutors led an operation that resulted in the detention of two "
        "anti-trafficking police officers and two other government officials for providing protection to "
        "alleged traffickers",
    ),
)

# "resulting in 214 detentions in the first three quarters of the year": police operations after this month of
# the year recorded no detentions.
POLICE_DETENTIONS_RECORDED_UNTIL_MONTH = {2020: 9}

# "Courts and prosecutors offices ceased operations for two months between March and May 2020".
COURTS_CLOSED = (datetime.date(2020, 3, 16), datetime.date(2020, 5, 15))


def officials_cases(year: int) -> list[OfficialsCase]:
    return [c for c in OFFICIALS_CASES if c.opened_on.year == year]
