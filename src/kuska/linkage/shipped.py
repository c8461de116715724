"""The model shipped with Kuska (``default_model.json``), for registries too small to train a model on.

It is trained, like any run's model, on generated records (:mod:`kuska.synth.population`, among the profile's agencies) with the fixed seed; a run
with fewer than ``MIN_RECORDS_TO_TRAIN`` records uses it, its prior rescaled to the number of records and its
blocking rules chosen for them. To train it again after the comparisons change (a test fails until then)::

    .venv/bin/python -c "from kuska.linkage.shipped import write_shipped_model; write_shipped_model()"
"""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Any

import pyarrow.compute as pc

from kuska.linkage import model
from kuska.linkage.backends import open_backend
from kuska.linkage.frame import build_frame

RECORDS = 100_000
PATH = Path(__file__).with_name("default_model.json")


def train_shipped_model(records: int = RECORDS, seed: int = model.SEED) -> dict[str, Any]:
    from splink import Linker

    from kuska.linkage.bench import profile_agencies, source_columns
    from kuska.synth.population import generate

    frame = build_frame(source_columns(generate(records, profile_agencies(), seed=seed)))
    backend = open_backend("duckdb")
    try:
        rules = model.choose_blocking_rules(frame)
        linker = Linker(backend.register(frame), model.settings(rules), log_level=logging.ERROR)
        share = pc.sum(pc.is_valid(frame.column("document_hash"))).as_py() / frame.num_rows
        model.train(linker, document_share=share, seed=seed)
        return model.trained_model(linker)
    finally:
        backend.close()


def load_shipped_model() -> dict[str, Any]:
    """The shipped model, as saved."""
    return model.read_model(PATH)


def write_shipped_model(path: Path = PATH) -> None:
    model.write_model(train_shipped_model(), path)
