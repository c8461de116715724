"""The linkage benchmark: N noisy person records straight into the registry, then one whole ``kuska link``.

Run it with ``kuska bench link --records N``; it needs a scratch database with the profile loaded (``kuska
bench`` makes one). The records come from :mod:`kuska.synth.population` (the noise of the synthetic data, at any
size, among the profile's agencies) and are inserted the fast way — one bulk
insert per chunk, identity fields encrypted and document numbers hashed as intake would — since the benchmark
times linkage, not intake. The timed part is the run: read from the registry and decrypt, normalize, train, score,
cluster, write the persons back.
"""

from __future__ import annotations

import datetime
import resource
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

from django.db import connection, models, transaction
from django.utils import timezone

from kuska.linkage.frame import SourceColumns
from kuska.linkage.pipeline import LinkOptions, LinkReport, link
from kuska.registry.bulk import insert_rows
from kuska.registry.crypto import default_cipher, default_document_hash, document_hash
from kuska.registry.fields import EncryptedTextField
from kuska.registry.models import Agency, PersonRecord, SubmissionBatch
from kuska.synth.population import Agencies, NoisyRecord, generate

CHUNK = 20_000
COLUMNS = (
    "agency",
    "source_record_id",
    "batch",
    "received_at",
    "version",
    "fingerprint",
    "role",
    "given_names",
    "paternal_surname",
    "maternal_surname",
    "birth_date",
    "event_date",
    "age_at_event",
    "sex",
    "gender_identity",
    "nationality",
    "document_type",
    "document_number",
    "document_hash",
    "indigenous_people",
    "language",
)


@dataclass
class LinkBenchmark:
    backend: str
    records: int
    insert_seconds: float
    link: LinkReport
    link_seconds: float
    peak_memory_mb: float
    timings: dict[str, float] = field(default_factory=dict)


def _field(name: str) -> models.Field[Any, Any]:
    found = PersonRecord._meta.get_field(name)
    assert isinstance(found, models.Field)
    return found


def insert_person_records(
    records: Iterable[NoisyRecord], progress: Callable[[int], None] | None = None
) -> int:
    """Insert the records into the registry as intake would store them (one batch per agency); returns the count."""
    fields = [_field(name) for name in COLUMNS]
    cipher = default_cipher()
    contexts = {}
    for name in (
        "given_names",
        "paternal_surname",
        "maternal_surname",
        "birth_date",
        "document_number",
    ):
        encrypted = _field(name)
        assert isinstance(encrypted, EncryptedTextField)
        contexts[name] = encrypted.context()
    ops = connection.ops
    now = ops.adapt_datetimefield_value(timezone.now())
    agencies: dict[str, int] = dict(Agency.objects.values_list("code", "id"))
    batches: dict[str, SubmissionBatch] = {}
    counts: dict[str, int] = {}

    def encrypt(value: str, name: str) -> str:
        return cipher.encrypt(value, context=contexts[name]) if value else ""

    def date(value: datetime.date | None) -> Any:
        return None if value is None else ops.adapt_datefield_value(value)

    total = 0
    rows: list[tuple[Any, ...]] = []
    with transaction.atomic():
        for record in records:
            batch = batches.get(record.agency)
            if batch is None:
                batch = batches[record.agency] = SubmissionBatch.objects.create(
                    agency_id=agencies[record.agency],
                    source_system="kuska bench link",
                    status=SubmissionBatch.Status.COMPLETED,
                )
            counts[record.agency] = counts.get(record.agency, 0) + 1
            number = record.document_number
            rows.append(
                (
                    agencies[record.agency],
                    record.source_record_id,
                    batch.pk,
                    now,
                    1,
                    "",
                    record.role,
                    encrypt(record.given_names, "given_names"),
                    encrypt(record.paternal_surname, "paternal_surname"),
                    encrypt(record.maternal_surname, "maternal_surname"),
                    encrypt(record.birth_date.isoformat(), "birth_date")
                    if record.birth_date
                    else None,
                    date(record.event_date),
                    record.age_at_event,
                    record.sex,
                    "",
                    record.nationality,
                    record.document_type if number else "",
                    encrypt(number, "document_number"),
                    default_document_hash(record.document_type, number) if number else "",
                    "",
                    "",
                )
            )
            if len(rows) >= CHUNK:
                insert_rows(PersonRecord, fields, rows)
                total += len(rows)
                rows = []
                if progress is not None:
                    progress(total)
        insert_rows(PersonRecord, fields, rows)
        total += len(rows)
        for code, batch in batches.items():
            SubmissionBatch.objects.filter(pk=batch.pk).update(
                rows_read=counts[code], rows_accepted=counts[code]
            )
    if progress is not None:
        progress(total)
    return total


def registry_agencies() -> Agencies:
    """The agencies of the profile loaded in the registry that record persons (see :class:`Agencies`)."""
    return Agencies.of(
        {"code": code, "sector": sector, "parent": parent or ""}
        for code, sector, parent in Agency.objects.values_list("code", "sector", "parent__code")
    )


def profile_agencies(code: str | None = None) -> Agencies:
    """The agencies that record persons in a country profile (``KUSKA_PROFILE`` by default), read from its files."""
    from django.conf import settings

    from kuska.profiles import read_profile

    return Agencies.of(read_profile(code or settings.KUSKA_PROFILE).agencies)


def source_columns(records: Iterable[NoisyRecord], hash_key: bytes = bytes(32)) -> SourceColumns:
    """The records as linkage reads them from the registry (ids from 1), document numbers as keyed hashes."""
    columns = SourceColumns()
    for number, r in enumerate(records, start=1):
        columns.id.append(number)
        columns.agency.append(r.agency)
        columns.role.append(r.role)
        columns.given_names.append(r.given_names)
        columns.paternal_surname.append(r.paternal_surname)
        columns.maternal_surname.append(r.maternal_surname)
        columns.birth_date.append(r.birth_date)
        columns.event_date.append(r.event_date)
        columns.age_at_event.append(r.age_at_event)
        columns.sex.append(r.sex)
        columns.nationality.append(r.nationality)
        columns.document_type.append(r.document_type)
        columns.document_hash.append(
            document_hash(r.document_type, r.document_number, hash_key) if r.document_number else ""
        )
        columns.document_number.append(r.document_number)
    return columns


def run_link_benchmark(
    records: int,
    *,
    backend: str = "duckdb",
    seed: int = 7,
    progress: Callable[[str, str], None] | None = None,
) -> LinkBenchmark:
    """Insert ``records`` noisy person records, then time one linkage run over them."""
    start = time.perf_counter()
    inserted = insert_person_records(
        generate(records, registry_agencies(), seed=seed),
        None if progress is None else lambda n: progress("insert", f"{n:,} / {records:,}"),
    )
    insert_seconds = time.perf_counter() - start
    if inserted != records:
        raise RuntimeError(f"inserted {inserted} records of {records}")
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute(f"ANALYZE {connection.ops.quote_name(PersonRecord._meta.db_table)}")
    start = time.perf_counter()
    report = link(LinkOptions(backend=backend), progress=progress)
    link_seconds = time.perf_counter() - start
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    return LinkBenchmark(
        backend=backend,
        records=records,
        insert_seconds=insert_seconds,
        link=report,
        link_seconds=link_seconds,
        peak_memory_mb=peak,
        timings=dict(report.timings),
    )
