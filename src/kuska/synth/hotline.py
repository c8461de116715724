"""Synthetic hotline calls: the two 24-hour lines of the seed report, which "could only accommodate Spanish
speakers".

- *the lines*: line 1818, sent by the Ministry of the Interior (``interior``), and line 100 of the social ministry,
  sent by the programme that also runs the Women's Emergency Centres (``emergency_centres``: Line 100 and the
  centres are taken to be one programme's, UNVERIFIED); more calls in 2020 ("an increase in calls from the public during
  the pandemic"); the seed gives no count of calls or referrals, so the volumes are the generator's own;
- *the language*: every call is held in Spanish, in every year. A caller whose language is Quechua or Aymara (about
  one in ten, drawn) asks for an interpreter and gets none: the line had none to offer. That is how the seed's fact
  shows in the figures — calls by language all Spanish, calls needing an interpreter > 0, provided 0 — rather
  than by recording the caller's language as the call's;
- *what the operator records*: who called, the urgency, whether trafficking was suspected and the indicators heard;
  about four in five suspected cases are referred (police, prosecutors, social protection, labour inspection), within hours for
  an immediate call and days for an ordinary one, with a deadline for the answer;
- *from 2020 only*: the interpreter fields and the referral's time and deadline are recorded from 2020 (the year
  the ministry "trained 85 percent of its operators"); 2018 and 2019 calls do not record them, so those figures
  are *not reported* for those years, never 0 (a modelling choice: the seed does not say when the lines began
  recording them).
"""

from __future__ import annotations

import datetime
import random

from kuska.synth import profile
from kuska.synth.country import (
    EMERGENCY_CENTRES,
    INTERIOR,
    LABOUR,
    POLICE,
    PROSECUTORS,
    SOCIAL_MINISTRY,
)
from kuska.synth.world import World

LINES = {
    # line code, the agency that sends its calls, record id prefix, calls in 2020 and in another year
    "line_1818": (INTERIOR, "L1818", 210, 140),
    "line_100": (EMERGENCY_CENTRES, "L100", 120, 80),
}
RECORDS_INTERPRETER_FROM = 2020
# the caller's own language (ISO 639-3): the line holds the call in Spanish whatever it is
CALLER_LANGUAGES = {"spa": 90.0, "que": 8.0, "aym": 2.0}
CALLERS = {"victim": 25.0, "relative": 30.0, "witness": 28.0, "institution": 12.0, "anonymous": 5.0}
URGENCY = {"immediate": 15.0, "urgent": 35.0, "ordinary": 50.0}
# hours from the call to its referral (lowest, highest) and the deadline given for the answer, by urgency
REFERRAL_HOURS = {"immediate": (0.2, 2.0), "urgent": (1.0, 24.0), "ordinary": (12.0, 120.0)}
DEADLINE_HOURS = {"immediate": 12, "urgent": 48, "ordinary": 168}
INDICATORS = (
    "false_promises",
    "withholds_wages",
    "threats",
    "restricts_movement",
    "withholds_documents",
    "debt_bondage",
    "deprivation_of_liberty",
    "physical_violence",
)


def build_year(world: World, year: int) -> None:
    """Every line's calls of the year, dated over the year, each line with its own random stream."""
    for line, (agency, prefix, calls_2020, calls_other) in LINES.items():
        rng = world.rng(f"hotline-{line}-{year}")
        calls = world.targets.scaled(calls_2020 if year == 2020 else calls_other)
        submission = world.dataset.submission(agency)
        days = profile.dates_in_year(rng, year, calls, profile.MONTHS_ORDINARY)
        for n, day in enumerate(days, start=1):
            row = _call(rng, year, day, line)
            submission.add("hotline_calls", {"record_id": f"{prefix}-{year}-{n:05d}", **row})


def _call(rng: random.Random, year: int, day: datetime.date, line: str) -> dict[str, object]:
    called_at = datetime.datetime.combine(day, datetime.time(rng.randrange(24), rng.randrange(60)))
    speaks = profile.pick(rng, CALLER_LANGUAGES)
    urgency = profile.pick(rng, URGENCY)
    suspected = rng.random() < 0.35
    labour = rng.random() < 0.3
    referred_to = _destination(rng, labour) if suspected and rng.random() < 0.8 else None
    recorded = year >= RECORDS_INTERPRETER_FROM
    row: dict[str, object] = {
        "called_at": called_at,
        "line": line,
        "language": "spa",  # the only language the lines could hold a call in
        "region": profile.region_for(rng, "labour" if labour else "sexual"),
        "suspected_trafficking": suspected,
        "caller_type": profile.pick(rng, CALLERS),
        "interpreter_requested": (speaks != "spa") if recorded else None,
        "interpreter_provided": False if recorded and speaks != "spa" else None,
        "urgency": urgency,
        "indicators_heard": rng.sample(INDICATORS, rng.randint(1, 3)) if suspected else None,
        "referred_to": referred_to,
        "referred_at": None,
        "referral_deadline": None,
    }
    if referred_to is not None and recorded:
        low, high = REFERRAL_HOURS[urgency]
        referred_at = called_at + datetime.timedelta(minutes=round(60 * rng.uniform(low, high)))
        row["referred_at"] = referred_at
        row["referral_deadline"] = referred_at + datetime.timedelta(hours=DEADLINE_HOURS[urgency])
    return row


def _destination(rng: random.Random, labour: bool) -> str:
    """The agency a suspected case is referred to: labour exploitation mostly to the labour inspectors."""
    if labour:
        return profile.pick(rng, {LABOUR: 5.0, POLICE: 3.0, PROSECUTORS: 2.0})
    return profile.pick(rng, {POLICE: 6.0, PROSECUTORS: 2.0, SOCIAL_MINISTRY: 2.0})
