"""A synthetic data set in memory: each agency's rows per record type, the true persons and the truth file.

Rows are dictionaries keyed by the intake's canonical column names (``kuska.intake.schema``), holding Python values
(dates, booleans, numbers, lists); :mod:`kuska.synth.writer` turns them into the agency's files.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from kuska.synth.people import People, TruePerson

Row = dict[str, object]


@dataclass
class Submission:
    """One agency's records, by record type (``persons``, ``identifications``…), in the order written."""

    agency: str
    rows: dict[str, list[Row]] = field(default_factory=dict)

    def add(self, record_type: str, row: Row) -> Row:
        self.rows.setdefault(record_type, []).append(row)
        return row

    def count(self, record_type: str) -> int:
        return len(self.rows.get(record_type, []))


@dataclass
class Dataset:
    """Everything :func:`kuska.synth.generate` produced."""

    years: tuple[int, ...]
    seed: int
    scale: float
    people: People
    submissions: dict[str, Submission] = field(default_factory=dict)
    # (agency, source record id, truth id, kinds of noise) for every person record
    truth: list[tuple[str, str, str, str]] = field(default_factory=list)
    # seed entries of the years that no step of the generator read
    unread_seeds: list[str] = field(default_factory=list)

    def submission(self, agency: str) -> Submission:
        if agency not in self.submissions:
            self.submissions[agency] = Submission(agency)
        return self.submissions[agency]

    def add_person(self, agency: str, person: TruePerson, row: Row) -> Row:
        """A person record of ``agency`` for the true ``person``, noted in the truth file with the kinds of noise
        the row carries (its ``noise`` entry, taken out of the row)."""
        record_id = str(row["record_id"])
        noise = str(row.pop("noise", ""))
        self.submission(agency).add("persons", row)
        self.truth.append((agency, record_id, person.truth_id, noise))
        person.records.append((agency, record_id))
        return row

    def person_rows(self) -> list[tuple[str, Row]]:
        """Every person row, with its agency."""
        return [
            (agency, row)
            for agency, submission in self.submissions.items()
            for row in submission.rows.get("persons", [])
        ]
