"""The Splink model: the columns it reads, how it blocks, what it compares, how it is trained, saved and loaded.

One model links the person records of every agency (each pair of records is a candidate, from one agency or two);
every blocking rule requires the same ``role``, so victims and suspects are linked separately and a victim is
never merged with a suspect. The comparisons are written with Splink's comparison-level library, so the same model
runs on DuckDB and on Spark; a saved model carries SQL in the dialect it was trained on, so loading it elsewhere
takes its trained parameters level by level into the model built for the other dialect (:func:`settings_for`).

Training (:func:`train`): u by random sampling of record pairs with a fixed seed, m by expectation maximisation
in two sessions (pairs that share a document, then pairs that share both surnames and the birth date: each
session estimates the comparisons its blocking rule does not use), and the prior from pairs that share a
document.
"""

from __future__ import annotations

import copy
import json
import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pyarrow as pa
import splink.comparison_level_library as cll
import splink.comparison_library as cl
from django.utils.translation import gettext as _
from splink import Linker, SettingsCreator, block_on

from kuska.files import write_private
from kuska.linkage.levels import COMPARISON_LEVELS as COMPARISON_LEVELS

# The columns of the table the model reads, one row per person record (see kuska.linkage.frame).
COLUMNS = (
    "unique_id",  # the person record's id in the registry
    "agency",
    "role",
    "given",
    "given_sorted",
    "given_first",
    "given_second",
    "given_key",
    "paternal",
    "maternal",
    "surnames",
    "surname_first",
    "surname_second",
    "paternal_key",
    "maternal_key",
    "name_keys",  # the keys of the first given name and the surnames, in alphabetical order
    "birth_date",
    "birth_year_min",
    "birth_year_max",
    "birth_year",
    "event_date",
    "sex",
    "nationality",
    "document_type",
    "document_hash",
    "document_number",  # decrypted in memory for the run, compared only for numbers one or two keystrokes apart
)

# Where training starts, and what a level keeps when training never meets it (a level no true pair in the
# data falls in, such as two document types, would otherwise get Splink's defaults).
STARTING_M: dict[str, tuple[float, ...]] = {
    "document": (0.95, 0.01, 0.01, 0.03),
    "surnames": (0.6, 0.03, 0.01, 0.01, 0.2, 0.01, 0.08, 0.01, 0.02, 0.03, 0.02),
    "given_names": (0.6, 0.03, 0.2, 0.05, 0.05, 0.03, 0.03),
    "birth": (0.5, 0.03, 0.02, 0.15, 0.15, 0.1, 0.02, 0.03),
    "sex": (0.98, 0.02),
    "nationality": (0.97, 0.03),
    "event": (0.25, 0.4, 0.25, 0.07, 0.03),
    "agency": (0.05, 0.95),
}

SEED = 20210401  # fixed: the same data gives the same model and the same clusters
U_MAX_PAIRS = 1.2e6
MAX_EM_PAIRS = 2e6
MIN_PRIOR_RECALL = 0.05
M_FLOOR = 0.001
U_CEILING_UNSEEN = 1 / U_MAX_PAIRS


def _null(column: str, also: Sequence[Any] = ()) -> Any:
    """ "Not recorded": ``column`` missing on either side, or any of the levels ``also`` reached (what another
    comparison weighs)."""
    level: Any = cll.CustomLevel(f"{column}_l IS NULL OR {column}_r IS NULL")
    if also:
        level = cll.Or(level, *also)
    level.configure(is_null_level=True, label_for_charts="not recorded")
    return level


def _level(level: Any, comparison: str, rank: int) -> Any:
    """A level with its label and the m probability it starts from (kept if training never sees the level)."""
    level.configure(
        label_for_charts=COMPARISON_LEVELS[comparison][rank],
        m_probability=STARTING_M[comparison][rank],
    )
    return level


def _comparison(
    name: str, column: str, levels: list[Any], *, null_also: Sequence[Any] = ()
) -> cl.CustomComparison:
    """A comparison: "not recorded" when ``column`` is missing on either side (or ``null_also`` holds), then
    ``levels`` in order."""
    return cl.CustomComparison(
        output_column_name=name,
        comparison_levels=[
            _null(column, null_also),
            *(_level(level, name, rank) for rank, level in enumerate(levels)),
        ],
    )


def one_typo_apart(left: str, right: str) -> str:
    """SQL: ``left`` and ``right`` one typing mistake apart (Damerau-Levenshtein ≤ 1: a letter changed, left out
    or added, or two neighbours swapped), the distance computed only for the values that can be that close.

    The distance is costly (about 15 µs a pair on DuckDB, and most pairs that training samples and blocking lets
    through are two different names), so a cheap test comes first, in the same condition: one mistake changes the
    length by at most one and touches at most two neighbouring letters, so two values of five letters or more one
    mistake apart begin or end with the same two letters. SQL evaluates a ``CASE WHEN`` condition's ``AND`` from the left, so the distance is computed for
    the few values the test lets through, and the level's pairs are exactly those of the distance alone.

    >>> sql = one_typo_apart("given_l", "given_r")
    >>> sql.startswith("abs(length(given_l) - length(given_r)) <= 1 AND ")
    True
    >>> sql.endswith(" AND damerau_levenshtein(given_l, given_r) <= 1")
    True
    """
    # one short test, not a chain of ORs of ANDs: Splink puts each level's condition in conjunctive normal form
    # (with sqlglot) whenever it builds the model's SQL, and a long condition costs seconds each time
    return (
        f"abs(length({left}) - length({right})) <= 1"
        f" AND (least(length({left}), length({right})) < 5"
        f" OR substr({left}, 1, 2) = substr({right}, 1, 2) OR substr({left}, -2) = substr({right}, -2))"
        f" AND damerau_levenshtein({left}, {right}) <= 1"
    )


def _one_typo(column: str) -> Any:
    """A level: the column's two values one typing mistake apart (see :func:`one_typo_apart`)."""
    return cll.CustomLevel(one_typo_apart(f"{column}_l", f"{column}_r"))


def _alike(column: str, key: str = "") -> Any:
    """Alike: (with a key) the same sounds, close by Jaro-Winkler, or one typing mistake apart (the cheap tests
    first)."""
    levels = [cll.ExactMatchLevel(key)] if key else []
    return cll.Or(*levels, cll.JaroWinklerLevel(column, 0.9), _one_typo(column))


def _frequency(level: Any, column: str) -> Any:
    """A level whose weight is adjusted for how common the value of ``column`` is (a shared ``QUISPE`` weighs
    less than a shared ``CCORI``)."""
    level.configure(tf_adjustment_column=column, tf_adjustment_weight=1.0)
    return level


def _names_elsewhere() -> Any:
    """The first given name and the surnames in other columns (a given name and a surname swapped as well as the
    surnames, or in another order still), with at most one typing mistake among their keys; the given names and
    the paternal surnames differ (else the usual levels compare them)."""
    return cll.And(
        cll.CustomLevel("given_key_l <> given_key_r AND paternal_key_l <> paternal_key_r"),
        _one_typo("name_keys"),
    )


def comparisons() -> list[Any]:
    """The comparisons, best level first; the labels are those of :data:`COMPARISON_LEVELS`."""
    day_month_swapped = cll.CustomLevel(
        "substr(birth_date_l, 1, 4) = substr(birth_date_r, 1, 4)"
        " AND substr(birth_date_l, 6, 2) = substr(birth_date_r, 9, 2)"
        " AND substr(birth_date_l, 9, 2) = substr(birth_date_r, 6, 2)"
    )
    year, month, day = (
        f"substr(birth_date_l, {start}, {length}) = substr(birth_date_r, {start}, {length})"
        for start, length in ((1, 4), (6, 2), (9, 2))
    )
    two_of_three = cll.CustomLevel(
        f"({year} AND {month}) OR ({year} AND {day}) OR ({month} AND {day})"
    )
    one_from_age = "birth_date_l IS NULL OR birth_date_r IS NULL"
    # Damerau-Levenshtein on the ISO text: one digit changed, or two neighbouring digits transposed
    one_digit = cll.DamerauLevenshteinLevel("birth_date", 1)
    # the given name in one record's surname column and the surname in its given-name column, the same sounds or one
    # typing mistake apart (damerau_levenshtein is the function's name on DuckDB and on Spark)
    given_surname_swapped = (
        f"given_key_l <> paternal_key_l"
        f" AND (given_key_l = paternal_key_r OR ({one_typo_apart('given_first_l', 'paternal_r')}))"
        f" AND (paternal_key_l = given_key_r OR ({one_typo_apart('paternal_l', 'given_first_r')}))"
    )

    # the first given name and the surnames in other columns (a given name and a surname swapped as well as the
    # surnames, or in another order still), with at most one typing mistake among them; the given names and the
    # paternal surnames differ (else the usual levels compare them)
    # ... with the maternal surnames alike or one missing: a swapped record of another person of the same given
    # name and paternal surname is not taken for this one
    # the record whose maternal surname is missing, and the other one (written once, not as two ORed cases: see
    # one_typo_apart)
    def alone(column: str) -> str:
        return f"(CASE WHEN maternal_l IS NULL THEN {column}_l ELSE {column}_r END)"

    def other(column: str) -> str:
        return f"(CASE WHEN maternal_l IS NULL THEN {column}_r ELSE {column}_l END)"

    maternal_agrees = cll.Or(
        cll.CustomLevel("maternal_l IS NULL OR maternal_r IS NULL"),
        cll.ExactMatchLevel("maternal_key"),
        cll.JaroWinklerLevel("maternal", 0.9),
    )
    return [
        _comparison(
            "document",
            "document_hash",
            [
                cll.ExactMatchLevel("document_hash"),
                cll.And(
                    cll.ExactMatchLevel("document_type"),
                    cll.DamerauLevenshteinLevel("document_number", 2),
                ),
                cll.ExactMatchLevel("document_type"),
                cll.ElseLevel(),
            ],
        ),
        _comparison(
            "surnames",
            "paternal",
            [
                cll.ExactMatchLevel("surnames", term_frequency_adjustments=True),
                cll.ColumnsReversedLevel("paternal", "maternal", symmetrical=True),
                cll.And(cll.CustomLevel(given_surname_swapped), maternal_agrees),
                _names_elsewhere(),
                cll.And(_alike("paternal", "paternal_key"), _alike("maternal", "maternal_key")),
                cll.And(_alike("surname_first"), _alike("surname_second")),
                cll.And(
                    _alike("paternal", "paternal_key"),
                    cll.CustomLevel("maternal_l IS NULL OR maternal_r IS NULL"),
                ),
                # "Quispe Mamani" and "Mamani" (or "Manami"): swapped, then the maternal surname left out, the
                # surname kept the same sounds or one typing mistake apart
                cll.CustomLevel(
                    "(maternal_l IS NULL OR maternal_r IS NULL)"
                    f" AND ({alone('paternal_key')} = {other('maternal_key')}"
                    f" OR ({one_typo_apart(alone('paternal'), other('maternal'))}))"
                ),
                # a common paternal surname shared weighs little: adjusted for its frequency
                _frequency(cll.ExactMatchLevel("paternal"), "paternal"),
                cll.CustomLevel(
                    "paternal_l = paternal_r OR maternal_l = maternal_r"
                    " OR paternal_l = maternal_r OR maternal_l = paternal_r"
                    " OR paternal_key_l = maternal_key_r OR maternal_key_l = paternal_key_r"
                    " OR paternal_key_l = paternal_key_r OR maternal_key_l = maternal_key_r"
                ),
                cll.ElseLevel(),
            ],
        ),
        _comparison(
            "given_names",
            "given",
            [
                cll.ExactMatchLevel("given", term_frequency_adjustments=True),
                cll.ExactMatchLevel("given_sorted"),
                _alike("given"),
                # "José" and "José Antonio": a compound given name cut to its first word
                _frequency(
                    cll.CustomLevel(
                        "given_first_l = given_first_r"
                        " AND (given_second_l IS NULL OR given_second_r IS NULL)"
                    ),
                    "given",
                ),
                # a common given name shared weighs little: adjusted for the frequency of the given names (the commoner
                # of the two records')
                _frequency(
                    cll.CustomLevel(
                        "given_first_l = given_first_r OR given_first_l = given_second_r"
                        " OR given_second_l = given_first_r OR given_second_l = given_second_r"
                    ),
                    "given",
                ),
                # "Nalleli" and "Nayeli": the first given names close, or of the same sounds
                cll.Or(cll.JaroWinklerLevel("given_first", 0.85), cll.ExactMatchLevel("given_key")),
                cll.ElseLevel(),
            ],
            # a given name and surname swapped between the records, or the names in other columns: the surnames
            # comparison weighs it
            null_also=[cll.CustomLevel(given_surname_swapped), _names_elsewhere()],
        ),
        _comparison(
            "birth",
            "birth_year_min",
            [
                cll.ExactMatchLevel("birth_date"),
                cll.Or(day_month_swapped, one_digit),
                two_of_three,
                cll.CustomLevel(
                    "birth_date_l IS NULL AND birth_date_r IS NULL"
                    " AND birth_year_min_l = birth_year_min_r AND birth_year_max_l = birth_year_max_r"
                ),
                cll.CustomLevel(
                    f"({one_from_age}) AND birth_year_min_l <= birth_year_max_r"
                    " AND birth_year_min_r <= birth_year_max_l"
                ),
                cll.CustomLevel(
                    f"({one_from_age}) AND birth_year_min_l <= birth_year_max_r + 2"
                    " AND birth_year_min_r <= birth_year_max_l + 2"
                ),
                cll.CustomLevel("birth_date_l IS NOT NULL AND birth_date_r IS NOT NULL"),
                cll.ElseLevel(),
            ],
        ),
        _comparison("sex", "sex", [cll.ExactMatchLevel("sex"), cll.ElseLevel()]),
        _comparison(
            "nationality", "nationality", [cll.ExactMatchLevel("nationality"), cll.ElseLevel()]
        ),
        # a victim is usually met by several agencies within days of one another (an operation, the
        # prosecutor's case, the assistance that follows), and an agency seldom records one person twice
        _comparison(
            "event",
            "event_date",
            [
                cll.ExactMatchLevel("event_date"),
                *(
                    cll.AbsoluteDateDifferenceLevel(
                        "event_date", input_is_string=False, threshold=days, metric="day"
                    )
                    for days in (7, 30, 366)
                ),
                cll.ElseLevel(),
            ],
        ),
        _comparison("agency", "agency", [cll.ExactMatchLevel("agency"), cll.ElseLevel()]),
    ]


@dataclass(frozen=True)
class Key:
    """A blocking key: a column, or the first or last characters of one."""

    column: str
    first: int = 0
    last: int = 0

    def sql(self, table: str) -> str:
        column = f"{table}.{self.column}"
        if self.first:
            return f"substr({column}, 1, {self.first})"
        if self.last:
            return f"substr({column}, -{self.last})"
        return column


@dataclass(frozen=True)
class BlockingRule:
    """Pairs whose ``left`` keys on one record equal the ``right`` keys on the other (and the same role)."""

    name: str
    left: tuple[Key, ...]
    right: tuple[Key, ...] = ()

    @property
    def right_keys(self) -> tuple[Key, ...]:
        return self.right or self.left

    def sql(self) -> str:
        """The rule in SQL that DuckDB and Spark both read."""
        terms = [
            f"{a.sql('l')} = {b.sql('r')}" for a, b in zip(self.left, self.right_keys, strict=True)
        ]
        return " AND ".join([*terms, "l.role = r.role"])


def _keys(spec: str) -> tuple[Key, ...]:
    """``"P M g1"`` → keys: P, M, G the phonetic keys of the surnames and first given name, S the second given
    name, D the birth date, Y the likeliest birth year, A and Z the earliest and latest, H the document, T its type
    and K its number, N the name keys in alphabetical order, E the event date; a digit after a lower-case letter
    takes that many first characters, after ``~`` that many last ones (``p3``, ``p~3``)."""
    columns = {
        "p": "paternal_key",
        "m": "maternal_key",
        "g": "given_key",
        "d": "birth_date",
        "y": "birth_year",
        "a": "birth_year_min",
        "z": "birth_year_max",
        "h": "document_hash",
        "n": "name_keys",
        "e": "event_date",
        "t": "document_type",
        "k": "document_number",
        "s": "given_second",
    }
    found = []
    for word in spec.split():
        column = columns[word[0].lower()]
        if word[0].isupper():
            found.append(Key(column))
        elif word[1] == "~":
            found.append(Key(column, last=int(word[2:])))
        else:
            found.append(Key(column, first=int(word[1:])))
    return tuple(found)


def _rule(name: str, left: str, right: str = "") -> BlockingRule:
    return BlockingRule(name, _keys(left), _keys(right) if right else ())


# In order of preference: each is a way in for a pair with some kind of noise (a typo in one name, a missing
# maternal surname, an age instead of a birth date, swapped surnames…); the narrow ones come first, the wide ones
# (pairs with two kinds of noise) after. A rule is used if the pairs it lets through fit in the budget: on the
# commission's yearly volumes all of them do, on a million records the first few.
BLOCKING_RULES = (
    _rule("document", "H"),
    _rule("surnames, birth year", "P M Y"),
    _rule("paternal, given, birth year", "P G Y"),
    _rule("maternal, given, birth year", "M G Y"),
    _rule("given, birth date", "G D"),
    _rule("paternal, birth date", "P D"),
    _rule("maternal, birth date", "M D"),
    _rule("surnames, given initial", "P M g1"),
    _rule("surnames swapped, given initial", "P M g1", "M P g1"),
    _rule("names in any columns", "N"),
    _rule("paternal, given, maternal initial", "P G m1"),
    _rule("maternal, given, paternal initial", "M G p1"),
    _rule("surnames", "P M"),
    _rule("paternal, given", "P G"),
    _rule("maternal, given", "M G"),
    _rule("surnames swapped", "P M", "M P"),
    _rule("name beginnings", "p3 m3 g3"),
    _rule("name endings", "p~3 m~3 g~3"),
    _rule("name beginnings, surnames swapped", "p3 m3 g3", "m3 p3 g3"),
    _rule("paternal, birth year", "P Y"),
    _rule("maternal, birth year", "M Y"),
    _rule("given, birth year", "G Y"),
    # a birth date's year and an age's two possible years: a pair whose likeliest years differ
    _rule("given, next birth year", "G Z", "G A"),
    _rule("given, previous birth year", "G A", "G Z"),
    _rule("surname beginnings", "p3 m3"),
    _rule("paternal and given beginnings", "p3 g3"),
    _rule("maternal and given beginnings", "m3 g3"),
    _rule("surname endings", "p~3 m~3"),
    _rule("paternal and given endings", "p~3 g~3"),
    _rule("maternal and given endings", "m~3 g~3"),
    _rule("birth date", "D"),
    _rule("given name and paternal surname swapped", "P G", "G P"),
    # agencies that meet a victim record the same day (an operation, the prosecutor's case): the last way in, for
    # pairs whose names have two kinds of noise
    _rule("event day, given initial", "E g1"),
    # the ways in for a pair with two kinds of noise, when the records are few enough to afford them: a given
    # name and a surname swapped and one of them mistyped (or the maternal surname left out)...
    _rule("given name and paternal surname swapped, one mistyped", "G p1", "P g1"),
    _rule("paternal surname and given name swapped, one mistyped", "P g1", "G p1"),
    _rule("given name and paternal surname beginnings swapped", "g3 p3", "p3 g3"),
    # ... the surnames swapped and one of them mistyped or left out...
    _rule("paternal as maternal, given initial", "P g1", "M g1"),
    _rule("maternal as paternal, given initial", "M g1", "P g1"),
    # ... a birth date's year and an age's years, with a mistyped name...
    _rule("paternal, next birth year", "P Z", "P A"),
    _rule("paternal, previous birth year", "P A", "P Z"),
    _rule("maternal, given initial", "M g1"),
    # ... a birth date one digit off, for a record with a first name only...
    _rule("given, birth month and day", "G d~5"),
    _rule("given, birth year and month", "G d7"),
    # ... the first given name mistyped, the second kept
    _rule("second given name, given initial", "S g1"),
    # ... a document number a keystroke or two apart, whatever the names (the number's beginning or end)
    _rule("document number beginning", "T k4"),
    _rule("document number ending", "T k~4"),
)
MIN_BUDGET = 2_000_000  # pairs to score, whatever the number of records
BUDGET_PER_RECORD = 8


SAMPLE_ABOVE = 200_000  # records: above this, the pairs are estimated on one record in ten
SAMPLE_EVERY = 10


def estimate_pairs(frame: pa.Table, rules: Sequence[BlockingRule]) -> list[int]:
    """How many pairs each rule lets through on ``frame`` (of one role, keys recorded), counted in DuckDB
    from the sizes of the blocks, without building the pairs. On a large frame, counted on one record in
    ten (by record id) and scaled up: pairs grow with the square of the records."""
    import duckdb

    connection = duckdb.connect(":memory:")
    try:
        connection.register("frame", frame)
        scale = 1.0
        where = ""
        if frame.num_rows > SAMPLE_ABOVE:
            where = f"WHERE unique_id % {SAMPLE_EVERY} = 0"
            scale = float(SAMPLE_EVERY**2)
        keys = sorted({k.column for rule in rules for k in (*rule.left, *rule.right_keys)})
        connection.execute(
            f"CREATE TABLE f AS SELECT role, {', '.join(keys)} FROM frame {where}"  # noqa: S608
        )
        return [round(_estimate(connection, rule) * scale) for rule in rules]
    finally:
        connection.close()


def _estimate(connection: Any, rule: BlockingRule) -> int:
    keys = ", ".join(f"{k.sql('f')} AS k{i}" for i, k in enumerate(rule.left))
    other = ", ".join(f"{k.sql('f')} AS k{i}" for i, k in enumerate(rule.right_keys))
    present = " AND ".join(f"k{i} IS NOT NULL" for i in range(len(rule.left)))
    names = ", ".join(f"k{i}" for i in range(len(rule.left)))
    # names come from the rules of this module; no value is interpolated
    if not rule.right:
        sql = (
            f"SELECT coalesce(sum(n * (n - 1) / 2), 0) FROM (SELECT count(*) AS n FROM "  # noqa: S608
            f"(SELECT role, {keys} FROM f) WHERE {present} GROUP BY role, {names})"
        )
    else:
        sql = (
            f"WITH a AS (SELECT role, {names}, count(*) AS n FROM (SELECT role, {keys} FROM f) "  # noqa: S608
            f"WHERE {present} GROUP BY ALL), b AS (SELECT role, {names}, count(*) AS n FROM "
            f"(SELECT role, {other} FROM f) WHERE {present} GROUP BY ALL) "
            f"SELECT coalesce(sum(a.n * b.n) / 2, 0) FROM a JOIN b USING (role, {names})"
        )
    found = connection.execute(sql).fetchone()
    return int(found[0]) if found else 0


def choose_blocking_rules(frame: pa.Table) -> list[BlockingRule]:
    """The rules of :data:`BLOCKING_RULES`, in order, that fit in the budget of pairs to score.

    The budget is ``max(MIN_BUDGET, BUDGET_PER_RECORD × records)``; the pairs of each rule are counted before
    the rules' overlaps are removed, so the true number scored is lower. The document rule is always used.
    """
    budget = max(MIN_BUDGET, BUDGET_PER_RECORD * frame.num_rows)
    chosen: list[BlockingRule] = []
    total = 0
    for rule, pairs in zip(BLOCKING_RULES, estimate_pairs(frame, BLOCKING_RULES), strict=True):
        if not chosen or total + pairs <= budget:
            chosen.append(rule)
            total += pairs
    return chosen


def settings(rules: Sequence[BlockingRule] = BLOCKING_RULES[:9]) -> SettingsCreator:
    """The untrained model, scoring the pairs ``rules`` let through."""
    return SettingsCreator(
        link_type="dedupe_only",
        unique_id_column_name="unique_id",
        comparisons=comparisons(),
        blocking_rules_to_generate_predictions=[rule.sql() for rule in rules],  # type: ignore[misc]
        # each comparison's weight (mw_…) is kept: it tells the review queue which level the pair reached. The
        # compared values themselves are not kept in the scored pairs.
        retain_matching_columns=False,
        retain_intermediate_calculation_columns=True,
        max_iterations=20,
    )


def train(linker: Linker, *, document_share: float, seed: int = SEED) -> None:
    """Estimate the model's parameters on the linker's records (see the module's docstring).

    ``document_share`` is the share of records with a document: two records of one person share a document only
    when both have one, so the pairs that share a document are about ``document_share²`` of the true pairs, and
    the prior is scaled up by that much.
    """
    training = linker.training
    training.estimate_probability_two_random_records_match(
        [block_on("document_hash", "role")],
        recall=max(MIN_PRIOR_RECALL, min(1.0, document_share**2)),
    )
    training.estimate_u_using_random_sampling(max_pairs=U_MAX_PAIRS, seed=seed)
    training.estimate_parameters_using_expectation_maximisation(
        block_on("document_hash", "role"), max_pairs=MAX_EM_PAIRS
    )
    training.estimate_parameters_using_expectation_maximisation(
        block_on("surnames", "birth_date", "role"), max_pairs=MAX_EM_PAIRS
    )


def trained_model(linker: Linker) -> dict[str, Any]:
    """The trained model as Splink's JSON document (the dict ``save_model_to_json`` writes), each m probability
    at least :data:`M_FLOOR`, and each u that random sampling never met set to one in the pairs sampled.

    A level that no true pair of the training data fell in gets an m near 0, so a weight that would veto any
    match by itself (a birth date recorded wrong, a document number mistyped): the floor keeps every level
    evidence, not a veto. The run predicts with this model, so a run that loads it scores alike.
    """
    model: dict[str, Any] = linker.misc.save_model_to_json()
    for comparison in model["comparisons"]:
        for level in comparison["comparison_levels"]:
            if level.get("is_null_level"):
                continue
            m = level.get("m_probability")
            if m is not None and m < M_FLOOR:
                level["m_probability"] = M_FLOOR
            if level.get("u_probability") is None:
                # no random pair of the sample reached the level: its u is below one in the pairs sampled
                level["u_probability"] = U_CEILING_UNSEEN
    return model


def without_term_frequencies(saved: Mapping[str, Any]) -> dict[str, Any]:
    """A model that ignores how common a name is: on a handful of records, frequencies mean nothing."""
    plain = copy.deepcopy(dict(saved))
    for comparison in plain["comparisons"]:
        for level in comparison["comparison_levels"]:
            level.pop("tf_adjustment_column", None)
            level.pop("tf_adjustment_weight", None)
    return plain


def settings_for(dialect: str, saved: Mapping[str, Any]) -> dict[str, Any]:
    """A saved model's parameters and blocking rules in the model built for ``dialect``.

    Comparisons carry SQL in the dialect they were trained on; they are rebuilt for ``dialect`` and take the saved
    m and u probabilities level by level. Blocking rules are written in SQL both backends read, and are kept.
    Raises :class:`ModelMismatchError` when the saved model does not have this model's comparisons and levels.
    """
    fresh = settings().create_settings_dict(dialect)
    trained = copy.deepcopy(dict(saved))
    saved_comparisons = {c["output_column_name"]: c for c in trained.get("comparisons", [])}
    for comparison in fresh["comparisons"]:
        name = comparison["output_column_name"]
        other = saved_comparisons.get(name)
        if other is None or len(other["comparison_levels"]) != len(comparison["comparison_levels"]):
            raise ModelMismatchError(_differs(name))
        for level, saved_level in zip(
            comparison["comparison_levels"], other["comparison_levels"], strict=True
        ):
            if level.get("label_for_charts") != saved_level.get("label_for_charts"):
                raise ModelMismatchError(_differs(name))
            for key in ("m_probability", "u_probability"):
                if key in saved_level:
                    level[key] = saved_level[key]
            if "tf_adjustment_column" not in saved_level:
                level.pop("tf_adjustment_column", None)
                level.pop("tf_adjustment_weight", None)
    rules = []
    for rule in trained.get("blocking_rules_to_generate_predictions", []):
        sql = rule["blocking_rule"] if isinstance(rule, dict) else str(rule)
        rules.append({"blocking_rule": sql, "sql_dialect": dialect})
    fresh["blocking_rules_to_generate_predictions"] = rules
    fresh["probability_two_random_records_match"] = trained["probability_two_random_records_match"]
    fresh["retain_matching_columns"] = False
    fresh["retain_intermediate_calculation_columns"] = True
    return fresh


def level_weights(trained: Mapping[str, Any]) -> dict[str, list[float | None]]:
    """Per comparison, the match weight of each level of :data:`COMPARISON_LEVELS` (best first)."""
    weights: dict[str, list[float | None]] = {}
    for comparison in trained["comparisons"]:
        levels = [lv for lv in comparison["comparison_levels"] if not lv.get("is_null_level")]
        found: list[float | None] = []
        for level in levels:
            m, u = level.get("m_probability"), level.get("u_probability")
            found.append(math.log2(m / u) if m and u else None)
        weights[comparison["output_column_name"]] = found
    return weights


def agreement(weights: Mapping[str, list[float | None]], values: Mapping[str, float | None]) -> str:
    """The level each comparison reached, from its weight in a scored pair: ``"0,2,-,…"`` in the order of
    :data:`COMPARISON_LEVELS` (the level's rank, best first; ``-`` not recorded on one side)."""
    ranks = []
    for name in COMPARISON_LEVELS:
        value = values.get(name)
        rank = "-"
        if value is not None and value != 0.0:
            best = min(
                (abs(value - w), i) for i, w in enumerate(weights.get(name, [])) if w is not None
            )
            rank = str(best[1]) if best[0] < 1e-6 else "?"
        ranks.append(rank)
    return ",".join(ranks)


class ModelMismatchError(ValueError):
    """A saved model was built with other comparisons than this version of Kuska's."""


def _differs(comparison: str) -> str:
    return _("the saved model's comparison {name} differs from this model's").format(
        name=repr(comparison)
    )


def read_model(path: Path) -> dict[str, Any]:
    """A model saved by :func:`write_model` (or by Splink's ``save_model_to_json``)."""
    model: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
    if "comparisons" not in model or "probability_two_random_records_match" not in model:
        raise ModelMismatchError(_("{path} is not a Splink model").format(path=path))
    return model


def write_model(model: Mapping[str, Any], path: Path) -> None:
    """Save a model, readable by its owner only (its folder ``0700`` if Kuska makes it)."""
    write_private(path, json.dumps(model, indent=2, sort_keys=True))
