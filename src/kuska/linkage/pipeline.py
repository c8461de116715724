"""A linkage run, in named steps: read → normalize → train (or load) → score → veto → cluster → save.

1. *read*: every person record of every agency from the registry, identity fields decrypted in memory;
2. *normalize*: names, documents and birth years into the model's columns (:mod:`kuska.linkage.frame`);
3. *train*: the model estimated on these records with a fixed seed (:func:`kuska.linkage.model.train`) — or
   *load* a saved model (``model_path``), or, with too few records to train on, the model shipped with Kuska;
4. *score*: Splink scores the pairs the blocking rules let through (DuckDB or Spark); pairs at or above the
   review band are kept;
5. *veto*: the records the links at the threshold would join into one person compared with each other, every
   pair; the pairs the model scores below :data:`VETO_BELOW` are two people;
6. *cluster*: reviewers' decisions applied, then the links at the threshold joined strongest first, never across
   a veto (:mod:`kuska.linkage.clusters`);
7. *save*: the run with its model (in the database and as a JSON file), the person of every record and the kept
   pairs, in one transaction; the previous run's assignments and pairs are removed.

Logs and progress messages carry counts and timings only, never an identity value. The progress messages and the
model's source speak the active language (:data:`STEPS` names the steps for a reader).
"""

from __future__ import annotations

import logging
import math
import time
from collections import Counter
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.compute as pc
from django.conf import settings
from django.db import connection, models, transaction
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import pgettext_lazy

from kuska.linkage import REVIEW_FROM, THRESHOLD, model, shipped
from kuska.linkage.backends import open_backend
from kuska.linkage.clusters import components, ordered, persons
from kuska.linkage.frame import build_frame
from kuska.linkage.models import ClusterAssignment, LinkageRun, LinkedPair, ReviewDecision
from kuska.linkage.source import count_person_records, read_person_records
from kuska.registry.bulk import insert_rows

log = logging.getLogger(__name__)

MIN_RECORDS_TO_TRAIN = (
    1000  # fewer records than this: the model shipped with Kuska (kuska.linkage.shipped)
)
INSERT_CHUNK = 50_000
# two records scored below this match probability are two people: links never join them into one person
VETO_BELOW = 0.1

Progress = Callable[[str, str], None]  # (step, message)

# The steps, as a reader is told them (the keys are the steps' names in LinkReport.timings and the log).
STEPS: dict[str, Promise] = {
    "read": pgettext_lazy("a step of linkage", "read"),
    "normalize": pgettext_lazy("a step of linkage", "normalize"),
    "train": pgettext_lazy("a step of linkage", "train"),
    "load": pgettext_lazy("a step of linkage", "load the model"),
    "score": pgettext_lazy("a step of linkage", "score"),
    "veto": pgettext_lazy("a step of linkage", "veto"),
    "cluster": pgettext_lazy("a step of linkage", "cluster"),
    "save": pgettext_lazy("a step of linkage", "save"),
}


@dataclass(frozen=True)
class LinkOptions:
    backend: str = "duckdb"
    model_path: Path | None = None  # a saved model to load instead of training
    threshold: float = THRESHOLD
    review_from: float = REVIEW_FROM
    model_dir: Path | None = None  # where each run's model is saved (default VAR_DIR/linkage)
    seed: int = model.SEED

    def check(self) -> None:
        if not 0 < self.review_from <= self.threshold < 1:
            raise ValueError(
                _(
                    "the thresholds must satisfy 0 < review band start <= threshold < 1, "
                    "got {review_from} and {threshold}"
                ).format(review_from=self.review_from, threshold=self.threshold)
            )


@dataclass
class LinkReport:
    run: LinkageRun
    timings: dict[str, float] = field(default_factory=dict)
    model_source: str = ""  # trained, loaded from PATH, shipped: in the active language
    trained: bool = False


class LinkageError(Exception):
    """The run could not complete; nothing it computed was saved."""


@contextmanager
def _step(report: LinkReport, name: str, progress: Progress | None, message: str) -> Iterator[None]:
    if progress is not None:
        progress(name, message)
    start = time.perf_counter()
    yield
    report.timings[name] = time.perf_counter() - start
    log.info("linkage %s: %.2f s", name, report.timings[name])


@contextmanager
def _quiet(*names: str) -> Iterator[None]:
    """Splink's own messages (levels it could not train, SQL) stay out of the run's output."""
    loggers = [logging.getLogger(name) for name in names]
    levels = [logger.level for logger in loggers]
    for logger in loggers:
        logger.setLevel(logging.ERROR)
    try:
        yield
    finally:
        for logger, level in zip(loggers, levels, strict=True):
            logger.setLevel(level)


def _with_prior_for(saved: dict[str, Any], records: int, trained_on: int) -> dict[str, Any]:
    """A model's prior rescaled to a data set of ``records``: a person has about as many records in any data
    set, so the share of pairs that match falls as the records grow."""
    adjusted = dict(saved)
    prior = float(saved["probability_two_random_records_match"]) * trained_on / max(records, 2)
    adjusted["probability_two_random_records_match"] = min(prior, 0.5)
    return adjusted


def link(options: LinkOptions | None = None, progress: Progress | None = None) -> LinkReport:
    """Run linkage over every person record in the registry and save the result (see the module docstring)."""
    options = options or LinkOptions()
    options.check()
    run = LinkageRun.objects.create(
        backend=options.backend,
        threshold=options.threshold,
        review_from=options.review_from,
        seed=options.seed,
        trained=False,
        model={},
    )
    report = LinkReport(run=run)
    started = time.perf_counter()
    try:
        _link(options, report, progress)
    except BaseException:
        LinkageRun.objects.filter(pk=run.pk).update(
            status=LinkageRun.Status.FAILED, finished_at=timezone.now()
        )
        raise
    run.seconds = time.perf_counter() - started
    LinkageRun.objects.filter(pk=run.pk).update(seconds=run.seconds)
    return report


def _link(options: LinkOptions, report: LinkReport, progress: Progress | None) -> None:
    run = report.run
    total = count_person_records()
    with _step(report, "read", progress, _("{count} person records").format(count=f"{total:,}")):
        read = 0

        def advance(rows: int) -> None:
            nonlocal read
            read += rows
            if progress is not None:
                progress("read", f"{read:,} / {total:,}")

        source = read_person_records(advance)
    with _step(
        report, "normalize", progress, _("{count} records").format(count=f"{len(source):,}")
    ):
        frame = build_frame(source)
        del source

    saved: dict[str, Any] | None = None
    if options.model_path is not None:
        saved = model.read_model(options.model_path)
        report.model_source = _("loaded from {path}").format(path=options.model_path)
    elif frame.num_rows < MIN_RECORDS_TO_TRAIN:
        saved = _with_prior_for(
            model.without_term_frequencies(shipped.load_shipped_model()),
            frame.num_rows,
            shipped.RECORDS,
        )
        saved["blocking_rules_to_generate_predictions"] = [
            {"blocking_rule": rule.sql()} for rule in model.choose_blocking_rules(frame)
        ]
        report.model_source = _("shipped (too few records to train on)")
    else:
        report.model_source = _("trained")
        report.trained = True

    pairs = _empty_pairs()
    vetoes: set[tuple[int, int]] = set()
    trained_model: dict[str, Any] = saved or {}
    if frame.num_rows >= 2:
        backend = open_backend(options.backend)
        try:
            with _quiet("splink", "py4j"):
                trained_model, pairs, vetoes = _score(
                    frame, backend, saved, options, report, progress
                )
        finally:
            backend.close()
    elif not trained_model:
        trained_model = shipped.load_shipped_model()

    with _step(report, "cluster", progress, _("{count} pairs").format(count=f"{pairs.num_rows:,}")):
        decisions = {
            (d.record_l_id, d.record_r_id): d
            for d in ReviewDecision.objects.order_by().only(
                "record_l_id", "record_r_id", "decision", "match_probability"
            )
        }
        accepted = {k for k, d in decisions.items() if d.decision == ReviewDecision.Decision.ACCEPT}
        rejected = {k for k, d in decisions.items() if d.decision == ReviewDecision.Decision.REJECT}
        left = pairs.column("unique_id_l").to_pylist()
        right = pairs.column("unique_id_r").to_pylist()
        probability = pairs.column("match_probability").to_pylist()
        assignment = persons(
            frame.column("unique_id").to_pylist(),
            zip(left, right, probability, strict=True),
            threshold=options.threshold,
            accepted=accepted,
            rejected=rejected,
            vetoes=vetoes,
        )

    with _step(
        report,
        "save",
        progress,
        _("{count} assignments").format(count=f"{len(assignment):,}"),
    ):
        model_file = _write_model_file(trained_model, run.pk, options)
        with transaction.atomic():
            counts = _save(run, assignment, pairs, decisions, options.threshold)
            ClusterAssignment.objects.exclude(run=run).delete()
            LinkedPair.objects.exclude(run=run).delete()
            run.status = LinkageRun.Status.COMPLETED
            run.finished_at = timezone.now()
            run.trained = report.trained
            run.model = trained_model
            run.model_file = str(model_file)
            run.records = len(assignment)
            run.persons = len(set(assignment.values()))
            run.pairs_linked = counts["linked"]
            run.pairs_in_review = counts["review"]
            run.decisions_applied = counts["decided"]
            run.save()


def _empty_pairs() -> pa.Table:
    return pa.table(
        {
            "unique_id_l": pa.array([], pa.int64()),
            "unique_id_r": pa.array([], pa.int64()),
            "match_weight": pa.array([], pa.float64()),
            "match_probability": pa.array([], pa.float64()),
            "agreement": pa.array([], pa.string()),
        }
    )


def _score(
    frame: pa.Table,
    backend: Any,
    saved: dict[str, Any] | None,
    options: LinkOptions,
    report: LinkReport,
    progress: Progress | None,
) -> tuple[dict[str, Any], pa.Table, set[tuple[int, int]]]:
    from splink import Linker

    table = backend.register(frame)
    if saved is None:
        with _step(
            report, "train", progress, _("u by random sampling, m by expectation maximisation")
        ):
            rules = model.choose_blocking_rules(frame)
            linker = Linker(table, model.settings(rules), log_level=None)
            share = pc.sum(pc.is_valid(frame.column("document_hash"))).as_py() / frame.num_rows
            model.train(linker, document_share=share, seed=options.seed)
            trained = model.trained_model(linker)
    else:
        trained = saved
    with _step(report, "load", progress, report.model_source):
        # the run scores with the model as saved, so a later run that loads it scores alike
        linker = Linker(table, model.settings_for(backend.dialect, trained), log_level=None)
    with _step(
        report,
        "score",
        progress,
        _("pairs at or above {probability}").format(probability=options.review_from),
    ):
        predictions = linker.inference.predict(
            threshold_match_probability=options.review_from, warning_mode="never"
        )
        table = _fetch(predictions, backend.name)
    with _step(
        report, "veto", progress, _("records the links would join, compared with each other")
    ):
        vetoes = _vetoes(frame, backend, trained, table, options.threshold)
    return trained, _with_agreement(table, trained), vetoes


def _vetoes(
    frame: pa.Table, backend: Any, trained: dict[str, Any], pairs: pa.Table, threshold: float
) -> set[tuple[int, int]]:
    """The pairs of records that the links at the threshold would make one person, but that the model scores
    below :data:`VETO_BELOW` (almost surely two people): every pair of records of each group the links connect
    is scored (only groups of three records or more hold a pair that is not itself a link)."""
    from splink import Linker

    strong = pc.greater_equal(pairs.column("match_probability"), threshold)
    ids = frame.column("unique_id").to_pylist()
    group = components(
        ids,
        zip(
            pairs.column("unique_id_l").filter(strong).to_pylist(),
            pairs.column("unique_id_r").filter(strong).to_pylist(),
            strict=True,
        ),
    )
    sizes = Counter(group.values())
    if not any(size >= 3 for size in sizes.values()):
        return set()
    column = pa.array(
        [g if sizes[g] >= 3 else None for g in map(group.__getitem__, ids)], pa.int64()
    )
    # every record, so that the names' frequencies are those of the run
    table = backend.register(frame.append_column("link_group", column), "person_records_grouped")
    settings = model.settings_for(backend.dialect, trained)
    settings["blocking_rules_to_generate_predictions"] = [
        {"blocking_rule": "l.link_group = r.link_group", "sql_dialect": backend.dialect}
    ]
    linker = Linker(table, settings, log_level=None)
    scored = linker.inference.predict(warning_mode="never")
    found = linker.misc.query_sql(  # type: ignore[no-untyped-call]
        f"SELECT unique_id_l, unique_id_r FROM {scored.physical_name}"  # noqa: S608 - no value interpolated
        f" WHERE match_probability < {VETO_BELOW}",
        output_type="splink_df",
    )
    if backend.name == "spark":
        rows = found.as_spark_dataframe().collect()
        return {ordered(int(row[0]), int(row[1])) for row in rows}
    low = found.as_pyarrow_table()
    return {
        ordered(int(a), int(b))
        for a, b in zip(
            low.column("unique_id_l").to_pylist(),
            low.column("unique_id_r").to_pylist(),
            strict=True,
        )
    }


def _fetch(predictions: Any, backend: str) -> pa.Table:
    columns = ["unique_id_l", "unique_id_r", "match_weight", "match_probability"]
    columns += [f"mw_{name}" for name in model.COMPARISON_LEVELS]
    if backend == "spark":
        rows = predictions.as_spark_dataframe().select(*columns).collect()
        return pa.table({c: [row[c] for row in rows] for c in columns})
    table: pa.Table = predictions.as_pyarrow_table().select(columns)
    return table


def _with_agreement(table: pa.Table, trained: dict[str, Any]) -> pa.Table:
    """The per-comparison weights folded into one text: the level each comparison reached."""
    weights = model.level_weights(trained)
    names = list(model.COMPARISON_LEVELS)
    parts = [table.column(f"mw_{name}").to_pylist() for name in names]
    agreement = [
        model.agreement(weights, dict(zip(names, values, strict=True)))
        for values in zip(*parts, strict=True)
    ]
    left = pc.cast(table.column("unique_id_l"), pa.int64())
    right = pc.cast(table.column("unique_id_r"), pa.int64())
    return pa.table(
        {
            "unique_id_l": pc.min_element_wise(left, right),
            "unique_id_r": pc.max_element_wise(left, right),
            "match_weight": pc.cast(table.column("match_weight"), pa.float64()),
            "match_probability": pc.cast(table.column("match_probability"), pa.float64()),
            "agreement": pa.array(agreement, pa.string()),
        }
    )


def _write_model_file(trained: dict[str, Any], run_id: int, options: LinkOptions) -> Path:
    folder = options.model_dir or Path(settings.VAR_DIR) / "linkage"
    path = folder / f"model-run-{run_id}.json"
    model.write_model(trained, path)
    return path


def _save(
    run: LinkageRun,
    assignment: dict[int, int],
    pairs: pa.Table,
    decisions: dict[tuple[int, int], ReviewDecision],
    threshold: float,
) -> dict[str, int]:
    fields = _fields(ClusterAssignment, ("run", "record", "person_id"))
    rows = [(run.pk, record, person) for record, person in assignment.items()]
    for start in range(0, len(rows), INSERT_CHUNK):
        insert_rows(ClusterAssignment, fields, rows[start : start + INSERT_CHUNK])

    pair_fields = _fields(
        LinkedPair,
        (
            "run",
            "record_l",
            "record_r",
            "match_weight",
            "match_probability",
            "agreement",
            "outcome",
        ),
    )
    counts = {"linked": 0, "review": 0, "decided": 0}
    seen: set[tuple[int, int]] = set()
    out: list[tuple[Any, ...]] = []
    for left, right, weight, probability, agreement in zip(
        *(pairs.column(c).to_pylist() for c in pairs.column_names), strict=True
    ):
        key = (left, right)
        seen.add(key)
        decision = decisions.get(key)
        if decision is not None:
            outcome = (
                LinkedPair.Outcome.ACCEPTED
                if decision.decision == ReviewDecision.Decision.ACCEPT
                else LinkedPair.Outcome.REJECTED
            )
            counts["decided"] += 1
        elif probability >= threshold:
            outcome = LinkedPair.Outcome.LINKED
            counts["linked"] += 1
        else:
            outcome = LinkedPair.Outcome.REVIEW
            counts["review"] += 1
        out.append((run.pk, left, right, weight, probability, agreement, outcome.value))
    for key, decision in decisions.items():
        accepted_unscored = key not in seen and decision.decision == ReviewDecision.Decision.ACCEPT
        if accepted_unscored and key[0] in assignment and key[1] in assignment:
            # accepted, though this run did not score the pair high enough to keep: it still links
            probability = decision.match_probability or 0.0
            weight = _weight(probability)
            out.append((run.pk, *key, weight, probability, "", LinkedPair.Outcome.ACCEPTED.value))
            counts["decided"] += 1
    for start in range(0, len(out), INSERT_CHUNK):
        insert_rows(LinkedPair, pair_fields, out[start : start + INSERT_CHUNK])
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute(f"ANALYZE {connection.ops.quote_name(ClusterAssignment._meta.db_table)}")
    return counts


def _weight(probability: float) -> float:
    """The match weight of a probability (log2 of the odds), kept finite."""
    p = min(max(probability, 1e-15), 1 - 1e-15)
    return math.log2(p / (1 - p))


def _fields(
    model_class: type[models.Model], names: tuple[str, ...]
) -> list[models.Field[Any, Any]]:
    found = []
    for name in names:
        field_ = model_class._meta.get_field(name)
        assert isinstance(field_, models.Field)
        found.append(field_)
    return found
