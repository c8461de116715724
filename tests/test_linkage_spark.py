"""Linkage on Apache Spark (Splink's Spark backend, local mode) gives the persons DuckDB gives.

u estimated by random sampling differs between backends, so the model is trained once, on DuckDB, and the saved
model is loaded on Spark: the same records then make the same persons. Needs ``pip install -e '.[spark]'`` and a
Java runtime (17 or newer); without them the test is skipped, and says why. A few thousand records: Spark in
local mode takes about a minute, most of it starting the JVM and scheduling.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from django.conf import LazySettings

from kuska.linkage.backends import spark_available
from kuska.linkage.bench import insert_person_records, profile_agencies
from kuska.linkage.models import ClusterAssignment, LinkedPair
from kuska.linkage.pipeline import LinkOptions, link
from kuska.synth.population import generate

pytestmark = [
    pytest.mark.spark,
    pytest.mark.skipif(spark_available() is not None, reason=str(spark_available())),
]


def _persons() -> dict[int, int]:
    return dict(ClusterAssignment.objects.values_list("record_id", "person_id"))


def _pairs() -> dict[tuple[int, int], tuple[str, str]]:
    return {
        (p.record_l_id, p.record_r_id): (p.outcome, p.agreement) for p in LinkedPair.objects.all()
    }


def test_spark_gives_the_persons_duckdb_gives_with_the_same_model(
    peru: None, settings: LazySettings, tmp_path: Path
) -> None:
    settings.VAR_DIR = tmp_path
    insert_person_records(generate(2000, profile_agencies(), seed=21))

    on_duckdb = link(LinkOptions(backend="duckdb"))
    assert on_duckdb.run.trained
    persons, pairs = _persons(), _pairs()
    assert len(set(persons.values())) < len(persons)

    on_spark = link(LinkOptions(backend="spark", model_path=Path(on_duckdb.run.model_file)))

    assert on_spark.run.backend == "spark"
    assert _persons() == persons
    assert _pairs() == pairs
