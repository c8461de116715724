"""Linkage never fails on sparse records: a record with no surname, no given name, only a nickname, no birth date or
no document is linked on what it has, or stands alone, and every record ends in exactly one person."""

from __future__ import annotations

import dataclasses
import datetime
from collections import Counter
from pathlib import Path

import pytest
from django.conf import LazySettings
from django.db import transaction
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kuska.linkage.bench import insert_person_records, profile_agencies, source_columns
from kuska.linkage.frame import build_frame
from kuska.linkage.models import ClusterAssignment, LinkageRun
from kuska.linkage.pipeline import link
from kuska.registry.models import PersonRecord
from kuska.synth.population import NoisyRecord, generate

pytestmark = pytest.mark.usefixtures("peru")

EVENT = datetime.date(2020, 5, 4)
PEOPLE = (
    ("Rosa Elena", "Quispe", "Mamani", datetime.date(2004, 7, 12), "45678912"),
    ("Luz", "Ccahuana", "Ttito", datetime.date(1999, 2, 3), "41234567"),
    ("Chola", "", "", None, ""),  # known by a nickname only
    ("Juan Carlos", "Huamán", "", datetime.date(1990, 12, 1), ""),
)
AGENCIES = ("PNP-LMA", "MP-FISCALIA", "MP-UDAVIT")
# what a record may leave out, each independently
FIELDS = ("given_names", "paternal_surname", "maternal_surname", "birth", "document", "age", "sex")


def record(number: int, who: int, agency: str, missing: frozenset[str]) -> NoisyRecord:
    given_names, paternal, maternal, birth, document = PEOPLE[who]
    age = None
    if birth is not None:
        age = EVENT.year - birth.year - int((EVENT.month, EVENT.day) < (birth.month, birth.day))
    found = NoisyRecord(
        agency=agency,
        source_record_id=f"R-{number}",
        truth_id=f"T-{who}",
        role="victim",
        given_names=given_names,
        paternal_surname=paternal,
        maternal_surname=maternal,
        sex="female",
        birth_date=birth,
        event_date=EVENT,
        age_at_event=age,
        nationality="PE",
        document_type="dni" if document else "",
        document_number=document,
    )
    blanks: dict[str, object] = {}
    for name in missing:
        if name == "birth":
            blanks["birth_date"] = None
        elif name == "age":
            blanks["age_at_event"] = None
        elif name == "document":
            blanks.update(document_type="", document_number="")
        else:
            blanks[name] = ""
    return dataclasses.replace(found, **blanks)  # type: ignore[arg-type]


sparse_records = st.lists(
    st.tuples(
        st.integers(min_value=0, max_value=len(PEOPLE) - 1),
        st.sampled_from(AGENCIES),
        st.frozensets(st.sampled_from(FIELDS)),
    ),
    min_size=1,
    max_size=12,
)


def assert_every_record_in_exactly_one_person(count: int) -> None:
    run = LinkageRun.latest()
    assert run is not None
    assert run.status == LinkageRun.Status.COMPLETED
    assigned = list(ClusterAssignment.objects.filter(run=run).values_list("record_id", "person_id"))
    per_record = Counter(record for record, _ in assigned)
    assert len(per_record) == count == run.records == PersonRecord.objects.count()
    assert set(per_record.values()) == {1}
    persons = {person for _, person in assigned}
    assert run.persons == len(persons)
    # a person id is one of its records' ids
    assert persons <= set(per_record)


@settings(
    max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(drawn=sparse_records)
def test_any_combination_of_missing_fields_links_and_every_record_is_in_one_person(
    settings: LazySettings, tmp_path: Path, drawn: list[tuple[int, str, frozenset[str]]]
) -> None:
    settings.VAR_DIR = tmp_path
    records = [record(n, who, agency, missing) for n, (who, agency, missing) in enumerate(drawn)]
    with transaction.atomic():
        insert_person_records(records)
        link()
        assert_every_record_in_exactly_one_person(len(records))
        transaction.set_rollback(True)


def test_records_with_nothing_but_a_role_stand_alone(
    settings: LazySettings, tmp_path: Path
) -> None:
    settings.VAR_DIR = tmp_path
    empty = frozenset(FIELDS)
    records = [record(n, n % len(PEOPLE), "PNP-LMA", empty) for n in range(6)]
    insert_person_records(records)

    report = link()

    assert report.run.persons == report.run.records == 6
    assert_every_record_in_exactly_one_person(6)


@pytest.mark.slow
def test_a_trained_run_on_records_without_surnames_completes(
    settings: LazySettings, tmp_path: Path
) -> None:
    """Enough records to train on (not the shipped model), a sixth of them without any surname."""
    settings.VAR_DIR = tmp_path
    records = []
    for n, found in enumerate(generate(1200, profile_agencies(), seed=11)):
        if n % 6 == 0:
            found = dataclasses.replace(found, paternal_surname="", maternal_surname="")
        if n % 7 == 0:
            found = dataclasses.replace(found, given_names="", birth_date=None, age_at_event=None)
        records.append(found)
    insert_person_records(records)

    report = link()

    assert report.run.trained
    assert_every_record_in_exactly_one_person(len(records))


def test_the_frame_keeps_one_row_per_record_whatever_is_missing() -> None:
    records = [
        record(n, n % len(PEOPLE), "PNP-LMA", frozenset(FIELDS[: n % (len(FIELDS) + 1)]))
        for n in range(40)
    ]
    frame = build_frame(source_columns(records))

    assert frame.num_rows == 40
    surnames = frame.column("surnames").to_pylist()
    assert surnames[0] == "QUISPE MAMANI"
    assert None in surnames  # the records without a surname have none, and are still there
