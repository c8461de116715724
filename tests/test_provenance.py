"""Every record carries its provenance, and an agency's source record id identifies one record."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from django.db import IntegrityError, transaction

from kuska.registry.models import CaseFile, PersonRecord, SubmissionBatch


def test_source_record_id_is_unique_per_agency(victim_for: Callable[..., PersonRecord]) -> None:
    victim_for("PNP", "PNP-2020-0001")
    with pytest.raises(IntegrityError), transaction.atomic():
        victim_for("PNP", "PNP-2020-0001")
    assert PersonRecord.objects.count() == 1


def test_two_agencies_may_use_the_same_source_record_id(
    victim_for: Callable[..., PersonRecord],
) -> None:
    victim_for("PNP", "2020-0001")
    victim_for("MP-FISCALIA", "2020-0001")
    assert PersonRecord.objects.filter(source_record_id="2020-0001").count() == 2


def test_the_same_source_record_id_may_name_a_case_and_a_person(
    victim_for: Callable[..., PersonRecord], batch_for: Callable[[str], SubmissionBatch]
) -> None:
    victim = victim_for("PNP", "2020-0001")
    case = CaseFile.objects.create(
        agency=victim.agency, batch=victim.batch, source_record_id="2020-0001"
    )
    assert case.pk is not None


def test_a_record_without_source_record_id_is_refused(
    victim_for: Callable[..., PersonRecord],
) -> None:
    with pytest.raises(IntegrityError), transaction.atomic():
        victim_for("PNP", "")


def test_a_record_carries_agency_batch_time_and_version(
    victim_for: Callable[..., PersonRecord],
) -> None:
    record = victim_for("MIMP", "UPE-77")
    assert record.agency.code == "MIMP"
    assert record.batch.agency == record.agency
    assert record.received_at is not None
    assert record.version == 1


def test_a_role_outside_the_code_list_is_refused_by_the_database(
    victim_for: Callable[..., PersonRecord],
) -> None:
    with pytest.raises(IntegrityError), transaction.atomic():
        victim_for("PNP", "X-1", role="bystander")


def test_an_implausible_age_is_refused_by_the_database(
    victim_for: Callable[..., PersonRecord],
) -> None:
    with pytest.raises(IntegrityError), transaction.atomic():
        victim_for("PNP", "X-2", age_at_event=140)


def test_batch_counts_must_add_up(batch_for: Callable[[str], SubmissionBatch]) -> None:
    batch = batch_for("PNP")
    batch.rows_read, batch.rows_accepted, batch.rows_rejected = 10, 7, 2
    with pytest.raises(IntegrityError), transaction.atomic():
        batch.save()


@pytest.mark.django_db
def test_every_record_table_is_searched_by_agency_through_one_index() -> None:
    from django.apps import apps
    from django.db import connection

    from kuska.registry.models import Record

    tables = [m._meta.db_table for m in apps.get_models() if issubclass(m, Record)]
    assert len(tables) >= 14
    with connection.cursor() as cursor:
        for table in tables:
            indexes = connection.introspection.get_constraints(cursor, table).values()
            by_agency = [i["columns"] for i in indexes if i["index"] or i["unique"]]
            # the unique (agency, source record id) index serves lookups by agency; a second one would only
            # slow every insert
            assert ["agency_id", "source_record_id"] in by_agency, table
            assert ["agency_id"] not in by_agency, table


@pytest.mark.django_db
def test_the_document_hash_has_one_index_for_exact_lookups() -> None:
    from django.db import connection

    from kuska.registry.models import PersonRecord

    with connection.cursor() as cursor:
        indexes = connection.introspection.get_constraints(cursor, PersonRecord._meta.db_table)
    # PostgreSQL would get a second, pattern-matching index for a CharField with db_index: hashes are never
    # searched by pattern, and every insert would pay for it
    assert [name for name, i in indexes.items() if i["columns"] == ["document_hash"]] == [
        "person_document_hash"
    ]
