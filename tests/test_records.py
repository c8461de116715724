"""A record type is one declaration and its model. The worked example of ``docs/records.md`` — its model and its
declaration, run as written there, on a table made for these tests — is imported through the ordinary intake path
(checked, resolved, encrypted, versioned, its bad rows rejected) and dated for the report's years, with nothing
else taught about it."""

from __future__ import annotations

import dataclasses
import datetime
import os
import re
import subprocess
import sys
from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import Any

import pytest
from django.apps import apps
from django.db import connection, models
from django.utils.translation import gettext_lazy, pgettext_lazy
from pytest_django import DjangoDbBlocker

from kuska.intake.models import RejectedRow
from kuska.intake.submit import submit
from kuska.registry.fields import EncryptedTextField
from kuska.registry.models import PersonRecord, RecordVersion
from kuska.registry.models.provenance import Record
from kuska.registry.records import (
    RECORD_ID,
    RECORD_TYPES,
    Column,
    Finding,
    Kind,
    RecordType,
    register,
)
from kuska.stats.records import available_years
from tests.intake_files import person, write_csv

ROOT = Path(__file__).resolve().parent.parent
DOC = (ROOT / "docs" / "records.md").read_text(encoding="utf-8")


def example(step: str) -> str:
    """The Python code of one step of the worked example."""
    text = DOC.split("## Adding a record type: a worked example", 1)[1].split(step, 1)[1]
    found = re.search(r"```python\n(.*?)```", text, re.DOTALL)
    assert found is not None, step
    return found.group(1)


def declared_as_documented() -> tuple[type[Record], RecordType]:
    """The model and the declaration of home visits, made by the code of ``docs/records.md``."""
    # the model module's names, as in src/kuska/registry/models/care.py
    module: dict[str, Any] = {
        "__name__": "kuska.registry.models.care",
        "models": models,
        "Record": Record,
        "PersonRecord": PersonRecord,
        "EncryptedTextField": EncryptedTextField,
        "_": gettext_lazy,
    }
    exec(example("**1. The model**"), module)  # noqa: S102 - the documentation's own code
    # the declaration module's names, as in src/kuska/registry/records/care.py
    declarations: dict[str, Any] = {
        "pgettext_lazy": pgettext_lazy,
        "RECORD_ID": RECORD_ID,
        "Column": Column,
        "Kind": Kind,
        "RecordType": RecordType,
    }
    exec(example("**2. The declaration**"), declarations)  # noqa: S102
    return module["HomeVisit"], declarations["HOME_VISITS"]


@pytest.fixture(scope="module")
def home_visits(
    django_db_setup: None, django_db_blocker: DjangoDbBlocker
) -> Iterator[type[Record]]:
    """The model of home visits and its table, for these tests only, and its declaration registered."""
    model, declaration = declared_as_documented()
    with django_db_blocker.unblock(), connection.schema_editor() as editor:
        editor.create_model(model)
    register(declaration)
    try:
        yield model
    finally:
        RECORD_TYPES.pop("home_visits")
        with django_db_blocker.unblock(), connection.schema_editor() as editor:
            editor.delete_model(model)
        del apps.all_models["registry"]["homevisit"]
        apps.clear_cache()


def visit(record_id: str, person_id: str = "P-1", **values: str) -> dict[str, str]:
    """A valid row of a home visit, with the Spanish names of its columns; keyword arguments override its cells."""
    row = {
        "record_id": record_id,
        "id_victima": person_id,
        "fecha_visita": "10/05/2020",
        "fecha_seguimiento": "",
        "lengua": "Quechua",
        "trabajador_social": "Marta Huamán",
        "riesgo": "",
    }
    row.update(values)
    return row


def submit_visits(tmp_path: Path, rows: list[dict[str, str]]) -> dict[str, int]:
    """Submit the visits with the persons they name; what happened to the visits."""
    persons = [person("P-1"), person("S-1", role="suspect")]
    files = [
        write_csv(tmp_path / "visitas_2020.csv", rows),
        write_csv(tmp_path / "personas.csv", persons),
    ]
    report = submit(files, "PNP")
    (sheet,) = [s for f in report.files for s in f.sheets if s.record_type == "home_visits"]
    return {
        "read": sheet.rows_read,
        "created": sheet.created,
        "updated": sheet.updated,
        "rejected": sheet.rejected,
    }


@pytest.mark.usefixtures("peru")
def test_a_declared_record_type_is_imported_through_the_ordinary_path(
    home_visits: type[Record], tmp_path: Path
) -> None:
    rows = [
        visit("HV-1", fecha_seguimiento="20/05/2020", riesgo="sí"),
        visit("HV-2", person_id="S-1"),
        visit("HV-3", fecha_visita="01/01/2003"),
        visit("HV-4", lengua="Klingon"),
        visit("HV-5", fecha_seguimiento="01/05/2020"),
        visit("HV-6", person_id="P-404"),
        visit("HV-7", fecha_visita=""),
        visit("HV-8", lengua="", riesgo=""),
    ]
    assert submit_visits(tmp_path, rows) == {"read": 8, "created": 2, "updated": 0, "rejected": 6}

    victim = PersonRecord.objects.get(source_record_id="P-1")
    first, second = home_visits._default_manager.order_by("source_record_id")
    assert [
        (v.source_record_id, v.victim_id, v.visited_on, v.followed_up_on, v.language, v.risk_found)  # type: ignore[attr-defined]
        for v in (first, second)
    ] == [
        ("HV-1", victim.pk, datetime.date(2020, 5, 10), datetime.date(2020, 5, 20), "que", True),
        # empty cells: no language, and the declared default for the risk
        ("HV-8", victim.pk, datetime.date(2020, 5, 10), None, "", False),
    ]
    assert first.visitor == "Marta Huamán"  # type: ignore[attr-defined]
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT visitor FROM {home_visits._meta.db_table}")
        stored = [value for (value,) in cursor.fetchall()]
    assert all(value.startswith("v1:") for value in stored)
    assert not any("Marta" in value for value in stored)

    rejected = {
        r.row_number: [(p["column"], p["code"]) for p in r.problems]
        for r in RejectedRow.objects.filter(record_type="home_visits")
    }
    assert rejected == {
        3: [("id_victima", "not_a_victim_role")],
        4: [("fecha_visita", "before_birth")],
        5: [("lengua", "not_in_code_list")],
        6: [("fecha_seguimiento", "end_before_start")],
        7: [("id_victima", "unknown_reference")],
        8: [("fecha_visita", "required")],
    }


@pytest.mark.usefixtures("peru")
def test_a_declared_record_type_keeps_the_previous_version_of_a_corrected_row(
    home_visits: type[Record], tmp_path: Path
) -> None:
    submit_visits(tmp_path, [visit("HV-1")])
    counts = submit_visits(tmp_path, [visit("HV-1", lengua="aym")])
    assert counts == {"read": 1, "created": 0, "updated": 1, "rejected": 0}
    stored = home_visits._default_manager.get()
    assert (stored.language, stored.version) == ("aym", 2)  # type: ignore[attr-defined]
    previous = RecordVersion.objects.get(record_type="registry.homevisit")
    assert (previous.version, previous.data["language"]) == (1, "que")
    assert "Marta" not in str(previous.data)


@pytest.mark.usefixtures("peru")
def test_a_declared_record_type_runs_its_own_checks_with_its_own_messages(
    home_visits: type[Record], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def followed_up_when_at_risk(values: Mapping[str, Any]) -> list[Finding]:
        if values.get("risk_found") and not values.get("followed_up_on"):
            message = gettext_lazy("A risk was found: the date of the follow-up is missing.")
            return [Finding("followed_up_on", "follow_up_missing", message=message)]
        return []

    checked = dataclasses.replace(RECORD_TYPES["home_visits"], checks=(followed_up_when_at_risk,))
    monkeypatch.setitem(RECORD_TYPES, "home_visits", checked)
    counts = submit_visits(tmp_path, [visit("HV-1", riesgo="sí"), visit("HV-2")])
    assert (counts["created"], counts["rejected"]) == (1, 1)
    (problem,) = RejectedRow.objects.get(record_type="home_visits").problems
    assert (problem["row"], problem["column"], problem["code"]) == (
        2,
        "fecha_seguimiento",
        "follow_up_missing",
    )
    assert problem["message_en"] == "A risk was found: the date of the follow-up is missing."


@pytest.mark.usefixtures("peru")
def test_the_date_of_a_declared_record_type_counts_for_the_years_of_a_report(
    home_visits: type[Record], tmp_path: Path
) -> None:
    assert available_years(2020, 4) == [2020]
    submit_visits(tmp_path, [visit("HV-1", fecha_visita="03/02/2017")])
    assert available_years(2020, 4) == [2017, 2018, 2019, 2020]


def test_a_record_type_is_registered_after_the_record_types_it_references() -> None:
    orphan = RecordType(
        "orphans",
        "orphan",
        "Orphan",
        "Orphans",
        (),
        (RECORD_ID, Column("parent_id", Kind.REFERENCE, "Parent", references="parents")),
    )
    with pytest.raises(ValueError, match="parents is not declared before it"):
        register(orphan)
    assert "orphans" not in RECORD_TYPES


def test_a_record_type_is_registered_once() -> None:
    with pytest.raises(ValueError, match="declared twice"):
        register(RECORD_TYPES["persons"])


def test_a_declaration_names_only_its_own_columns() -> None:
    with pytest.raises(ValueError, match="no column opened_on"):
        RecordType("x", "x", "X", "X", (), (RECORD_ID,), date="opened_on")
    with pytest.raises(ValueError, match="the first column is record_id"):
        RecordType("x", "x", "X", "X", (), (Column("name", Kind.TEXT, "Name"),))
    with pytest.raises(ValueError, match="the name nombre is used twice"):
        RecordType(
            "x",
            "x",
            "X",
            "X",
            (),
            (
                RECORD_ID,
                Column("name", Kind.TEXT, "Name", aliases=("nombre",)),
                Column("title", Kind.TEXT, "Title", aliases=("nombre",)),
            ),
        )


def test_every_declared_column_is_a_field_of_its_model_encrypted_where_it_identifies() -> None:
    for record_type in RECORD_TYPES.values():
        model = record_type.model_class()
        for column in record_type.columns[1:]:
            if column.name in record_type.child_columns:
                continue
            field = model._meta.get_field(column.stored_as)
            assert isinstance(field, EncryptedTextField) == column.encrypted, column.name


def test_the_statistics_read_a_records_person_region_and_case_from_its_declaration() -> None:
    from kuska.stats.catalogue import RECORD_TYPES as CATALOGUE_NAMES
    from kuska.stats.records import RECORD_TYPES as STATISTICS

    identification = STATISTICS["identification"]
    assert (identification.person, identification.role, identification.case) == (
        "victim",
        "victim",
        "case_file",
    )
    assert identification.regions == ("region", "case_file__region")
    assert STATISTICS["proceeding"].person == "suspect"
    # a proceeding's compensation is counted as its own record, with the proceeding's agency, region and case
    compensation = STATISTICS["compensation"]
    assert (compensation.agency, compensation.regions, compensation.case) == (
        "event__agency",
        ("event__case_file__region",),
        "event__case_file",
    )
    assert set(CATALOGUE_NAMES) == set(STATISTICS)
    assert {t.singular for t in RECORD_TYPES.values()} <= set(STATISTICS)


def test_the_declarations_import_without_django_settings() -> None:
    """The declarations can be read before Django is set up (``kuska.registry.records.base``): importing them
    reads no setting, so no translated label is evaluated on the way."""
    environ = {
        name: value for name, value in os.environ.items() if name != "DJANGO_SETTINGS_MODULE"
    }
    result = subprocess.run(
        [sys.executable, "-c", "import kuska.registry.records"],
        env=environ,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert result.returncode == 0, result.stderr
