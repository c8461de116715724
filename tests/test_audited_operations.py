"""Imports, from the command line and through the API, are audit events naming the batches they stored; a dry
run, which stores nothing, is none. (Linkage runs, review decisions and reports: tests/test_linkage.py and
tests/test_report.py; users, roles and tokens: tests/test_accounts.py and tests/test_api_tokens.py.)"""

from __future__ import annotations

from pathlib import Path

import pytest

from kuska.audit.models import Event
from kuska.cli import main
from kuska.registry.models import SubmissionBatch
from tests.access_world import identity_strings
from tests.intake_files import person, write_csv

pytestmark = pytest.mark.usefixtures("peru")


def test_kuska_import_is_an_event_naming_its_batch_and_no_value(tmp_path: Path) -> None:
    path = write_csv(tmp_path / "personas.csv", [person("P-1", given_names="Wayra Antonella")])
    assert main(["import", str(path), "--agency", "PNP"]) == 0
    event = Event.objects.get(action="intake.import")
    assert event.records == [f"registry.submissionbatch:{SubmissionBatch.objects.get().pk}"]
    assert event.actor is None
    assert event.source.startswith("cli:")
    assert not [value for value in identity_strings() if value in event.canonical().decode()]
    assert "Quispe" not in event.canonical().decode()


def test_a_dry_run_import_is_no_event(tmp_path: Path) -> None:
    path = write_csv(tmp_path / "personas.csv", [person("P-1")])
    assert main(["import", str(path), "--agency", "PNP", "--dry-run"]) == 0
    assert not Event.objects.filter(action="intake.import").exists()
