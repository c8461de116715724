"""Writing validated rows into the registry: resolve references, recognize unchanged and corrected rows, keep
the previous version of what a correction replaces, and create the child rows (participants, charges…).

Rows arrive in chunks; each chunk costs a handful of queries whatever its size.
"""

from __future__ import annotations

import datetime
import hashlib
from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal
from functools import cache
from operator import itemgetter
from typing import Any

from django.conf import settings
from django.core.exceptions import FieldDoesNotExist
from django.db import connection, models

from kuska.intake.context import Context
from kuska.intake.messages import Problem, problem
from kuska.intake.schema import RECORD_TYPES, Kind, RecordType
from kuska.intake.validate import CleanRow
from kuska.registry import models as registry
from kuska.registry.bulk import insert_rows
from kuska.registry.crypto import Sealed, default_cipher, default_document_hash
from kuska.registry.fields import EncryptedTextField
from kuska.registry.models.cases import age_on

# column -> model attribute, where they differ
RENAMES: dict[str, dict[str, str]] = {
    "persons": {"age": "age_at_event", "public_official": "is_public_official"},
    "identifications": {"person_id": "victim", "case_id": "case_file", "operation_id": "operation"},
    "proceedings": {"case_id": "case_file", "suspect_id": "suspect"},
    "referrals": {"person_id": "victim", "facility_id": "to_facility"},
    "services": {"person_id": "victim", "facility_id": "facility", "referral_id": "referral"},
    "placements": {"person_id": "victim", "facility_id": "facility", "referral_id": "referral"},
}

# columns written as child rows, not as fields of the record
CHILD_COLUMNS: dict[str, set[str]] = {
    "persons": {"case_id"},
    "cases": {"exploitation_forms", "means_of_control"},
    "operations": {"participating_agencies"},
    "proceedings": {
        "offences",
        "sentence_months",
        "sentence_suspended",
        "fine_amount",
        "compensation_ordered",
        "compensation_paid",
    },
}

# what an empty cell means where the model needs a value
_DEFAULTS: dict[str, dict[str, Any]] = {
    "budgets": {"currency": "PEN", "dedicated": True},
    "facilities": {"trafficking_specialized": False},
    "labour_inspections": {"employment_agency": False},
    "referrals": {"outcome": "pending"},
}

# (record type, reference to a person) -> the row's date, which cannot come before the person's birth
BIRTH_BEFORE: dict[tuple[str, str], str] = {
    ("identifications", "person_id"): "identified_on",
    ("referrals", "person_id"): "requested_on",
    ("services", "person_id"): "started_on",
    ("placements", "person_id"): "admitted_on",
}

# reference column -> role the referenced person record must have
REFERENCE_ROLES = {"person_id": "victim", "suspect_id": "suspect"}


@dataclass
class ChunkResult:
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    rejected: list[tuple[CleanRow, list[Problem]]] = field(default_factory=list)


def _jsonable(value: Any) -> Any:
    if value is None or isinstance(value, str | int):
        return value
    if isinstance(value, datetime.date | datetime.datetime):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, list):
        return [_jsonable(v) for v in value]
    return value


def fingerprint(record_type: RecordType, values: dict[str, Any]) -> str:
    """A keyed hash (BLAKE2b with the hash key) of a row's clean content, column by column in the schema's order:
    equal for the same content sent again whatever the column order or a missing empty column, and useless to
    someone guessing names."""
    canonical = record_type.name + repr([values.get(name) for name in record_type.column_names])
    return hashlib.blake2b(
        canonical.encode(), key=settings.KEYS.hash_key, digest_size=32
    ).hexdigest()


class Loader:
    """Loads the clean rows of one record type for one submission batch."""

    def __init__(
        self, record_type: RecordType, context: Context, batch: registry.SubmissionBatch
    ) -> None:
        self.record_type = record_type
        self.context = context
        self.batch = batch
        self.model: type[registry.Record] = getattr(registry, record_type.model)
        self.renames = RENAMES.get(record_type.name, {})
        self.children = CHILD_COLUMNS.get(record_type.name, set())
        self.seen: set[int] = set()
        self.now = batch.received_at
        self._inserter: Inserter | None = None
        self.plan = self._plan()
        self.defaults = _DEFAULTS.get(record_type.name, {})

    # -- references -------------------------------------------------------------------------------------

    def _resolve_references(self, rows: list[CleanRow]) -> dict[int, list[Problem]]:
        """Replace referenced source ids by primary keys; problems by row index for the unresolved."""
        problems: dict[int, list[Problem]] = {}
        for column in self.record_type.references:
            wanted = {source_id for row in rows for source_id in _ids(row.values.get(column.name))}
            if not wanted:
                continue
            target = getattr(registry, _model_of(column.references))
            query = target._default_manager.filter(
                agency=self.context.agency, source_record_id__in=wanted
            )
            role = REFERENCE_ROLES.get(column.name)
            dated = BIRTH_BEFORE.get((self.record_type.name, column.name))
            found: dict[str, tuple[int, str]] = {}
            births: dict[str, datetime.date] = {}
            if dated:
                # the birth date is decrypted in memory only, to compare it with the row's date
                for source_id, pk, actual, birth in query.values_list(
                    "source_record_id", "pk", "role", "birth_date"
                ):
                    found[source_id] = (pk, actual)
                    if birth:
                        births[source_id] = birth
            elif role:
                for source_id, pk, actual in query.values_list("source_record_id", "pk", "role"):
                    found[source_id] = (pk, actual)
            else:
                for source_id, pk in query.values_list("source_record_id", "pk"):
                    found[source_id] = (pk, "")
            for index, row in enumerate(rows):
                ids = _ids(row.values.get(column.name))
                if not ids:
                    continue
                header = row.headers.get(column.name, column.name)
                pks = []
                for source_id in ids:
                    if source_id not in found:
                        problems.setdefault(index, []).append(
                            problem(
                                row.row,
                                header,
                                source_id,
                                "unknown_reference",
                                target=column.references,
                            )
                        )
                        continue
                    pk, actual = found[source_id]
                    if role and actual != role:
                        code = "not_a_victim_role" if role == "victim" else "reference_role"
                        problems.setdefault(index, []).append(
                            problem(row.row, header, source_id, code, role=role)
                        )
                        continue
                    day = row.values.get(dated) if dated else None
                    birth = births.get(source_id)
                    if dated and day and birth and day < birth:
                        problems.setdefault(index, []).append(
                            problem(row.row, row.headers.get(dated, dated), day, "before_birth")
                        )
                        continue
                    pks.append(pk)
                row.values[column.name] = pks if column.many else (pks[0] if pks else None)
        return problems

    # -- building records -------------------------------------------------------------------------------

    def _plan(self) -> list[tuple[str, str, object]]:
        """(column, model attribute, value of an empty cell) for every column stored on the record."""
        plan: list[tuple[str, str, object]] = []
        for column in self.record_type.columns:
            if column.name == "record_id" or column.name in self.children:
                continue
            attr = self.renames.get(column.name, column.name)
            if column.kind in (Kind.REGION, Kind.AGENCY, Kind.REFERENCE):
                plan.append((column.name, f"{attr}_id", None))
            elif column.kind in (Kind.TEXT, Kind.IDENTITY, Kind.CODE):
                plan.append((column.name, attr, ""))
            else:
                plan.append((column.name, attr, None))
        return plan

    def _fields(self, row: CleanRow) -> dict[str, Any]:
        clean = row.values
        values: dict[str, Any] = {}
        for name, attr, empty in self.plan:
            value = clean.get(name)
            values[attr] = empty if value is None else value
        values.update(row.derived)
        for attr, default in self.defaults.items():
            if values.get(attr) in (None, ""):
                values[attr] = default
        return values

    def load(self, rows: list[CleanRow]) -> ChunkResult:
        result = ChunkResult()
        reference_problems = self._resolve_references(rows)
        candidates: list[tuple[CleanRow, str]] = []
        for index, row in enumerate(rows):
            if index in reference_problems:
                result.rejected.append((row, reference_problems[index]))
                continue
            key = int.from_bytes(
                hashlib.blake2b(row.record_id.encode(), digest_size=8).digest(), "big"
            )
            if key in self.seen:
                header = row.headers.get("record_id", "record_id")
                result.rejected.append(
                    (row, [problem(row.row, header, row.record_id, "duplicate_record_id")])
                )
                continue
            self.seen.add(key)
            if not row.sealed:
                prepare(self.record_type, row)
            candidates.append((row, row.fingerprint))

        existing = {
            source_id: (pk, print_, version)
            for source_id, pk, print_, version in self.model._default_manager.filter(
                agency=self.context.agency,
                source_record_id__in=[r.record_id for r, _ in candidates],
            ).values_list("source_record_id", "pk", "fingerprint", "version")
        }
        new: list[tuple[CleanRow, str]] = []
        changed: list[tuple[CleanRow, str, int, int]] = []
        for row, print_ in candidates:
            found = existing.get(row.record_id)
            if found is None:
                new.append((row, print_))
            elif found[1] == print_:
                result.unchanged += 1
            else:
                changed.append((row, print_, found[0], found[2]))

        if new:
            self._insert(new)
            result.created += len(new)
        for row, print_, pk, version in changed:
            self._update(row, print_, pk, version)
            result.updated += 1
        return result

    def _insert(self, new: list[tuple[CleanRow, str]]) -> None:
        """Insert new records with one ``executemany``: the model's own column conversions and encryption,
        without building a model instance per row."""
        provenance = {
            "agency_id": self.context.agency.pk,
            "batch_id": self.batch.pk,
            "received_at": self.now,
            "version": 1,
        }
        rows = [
            {"source_record_id": row.record_id, "fingerprint": print_, **self._fields(row)}
            for row, print_ in new
        ]
        if self._inserter is None:
            self._inserter = Inserter(self.model, list(rows[0]), list(provenance))
        self._inserter.insert(rows, provenance)
        if self.record_type.name in _CHILD_WRITERS and any(
            row.values.get(name) for row, _ in new for name in self.children
        ):
            pks = dict(
                self.model._default_manager.filter(
                    agency=self.context.agency,
                    source_record_id__in=[row.record_id for row, _ in new],
                ).values_list("source_record_id", "pk")
            )
            self._write_children([(row, _Saved(pks[row.record_id])) for row, _ in new])

    def _update(self, row: CleanRow, print_: str, pk: int, version: int) -> None:
        fields = self._fields(row)
        for name, _ in _identity_fields(self.record_type.name):
            attr = self.renames.get(name, name)
            if fields.get(attr):
                fields[attr] = Sealed(fields[attr])  # encrypted already: saved as it is
        record = self.model._default_manager.get(pk=pk)
        registry.RecordVersion.objects.create(
            record_type=self.model._meta.label_lower,
            record_id=pk,
            version=version,
            batch_id=record.batch_id,
            data=_snapshot(record),
        )
        for attr, value in fields.items():
            setattr(record, attr, value)
        record.batch = self.batch
        record.received_at = self.now
        record.version = version + 1
        record.fingerprint = print_
        record.save()
        self._clear_children(record)
        self._write_children([(row, _Saved(record.pk))])

    # -- child rows -------------------------------------------------------------------------------------

    def _clear_children(self, record: registry.Record) -> None:
        name = self.record_type.name
        if name == "persons":
            registry.CaseParticipant.objects.filter(person_id=record.pk).delete()
        elif name == "cases":
            registry.CaseExploitation.objects.filter(case_file_id=record.pk).delete()
            registry.CaseMeansOfControl.objects.filter(case_file_id=record.pk).delete()
        elif name == "operations":
            registry.Operation.participating_agencies.through.objects.filter(
                operation_id=record.pk
            ).delete()
        elif name == "proceedings":
            registry.ChargedOffence.objects.filter(event_id=record.pk).delete()
            registry.Sentence.objects.filter(event_id=record.pk).delete()
            registry.Compensation.objects.filter(event_id=record.pk).delete()

    def _write_children(self, pairs: list[tuple[CleanRow, _Saved]]) -> None:
        writer = _CHILD_WRITERS.get(self.record_type.name)
        if writer is not None:
            writer(self.context, pairs)


@dataclass(frozen=True)
class _Saved:
    """A record just inserted, as the child writers need it."""

    pk: int


class Inserter:
    """``INSERT`` of many rows of one model through the database cursor.

    Values go through the same conversions Django applies on save (dates, decimals, encryption of identity
    fields), computed once per column rather than once per model instance.
    """

    def __init__(self, model: type[models.Model], attnames: list[str], shared: list[str]) -> None:
        self.model = model
        self.fields = [_concrete(model, name) for name in [*attnames, *shared]]
        self.attnames = attnames
        self.shared = shared
        self.converters = [_converter(f) for f in self.fields]

    def insert(self, rows: list[dict[str, Any]], shared: dict[str, Any]) -> None:
        """Insert ``rows``; ``shared`` holds the values every row has (converted once)."""
        count = len(self.attnames)
        tail = tuple(
            value if convert is None or value is None else convert(value)
            for value, convert in zip(
                (shared[n] for n in self.shared), self.converters[count:], strict=True
            )
        )
        converting = [(i, c) for i, c in enumerate(self.converters[:count]) if c is not None]
        pick = itemgetter(*self.attnames)
        values = []
        for row in rows:
            cells = list(pick(row))
            for index, convert in converting:
                if cells[index] is not None:
                    cells[index] = convert(cells[index])
            values.append((*cells, *tail))
        insert_rows(self.model, self.fields, values)


def _concrete(model: type[models.Model], attname: str) -> models.Field[Any, Any]:
    found = model._meta.get_field(attname)
    assert isinstance(found, models.Field), attname
    return found


def _converter(model_field: Any) -> Callable[[Any], Any] | None:
    """How a clean value becomes a database value. Identity fields arrive encrypted (see :func:`prepare`)."""
    ops = connection.ops
    if isinstance(model_field, models.DateTimeField):
        return ops.adapt_datetimefield_value
    if isinstance(model_field, models.DateField):
        return ops.adapt_datefield_value
    if isinstance(model_field, models.DecimalField):
        digits, places = model_field.max_digits, model_field.decimal_places
        return lambda value: ops.adapt_decimalfield_value(value, digits, places)
    return None


def _ids(value: object) -> list[str]:
    """The source ids in a reference cell (one, or a list for columns that take several)."""
    if not value:
        return []
    return [str(v) for v in value] if isinstance(value, list) else [str(value)]


def _model_of(record_type: str) -> str:
    return RECORD_TYPES[record_type].model


def prepare(record_type: RecordType, row: CleanRow) -> None:
    """The work on a clean row that needs no database, done where the row was validated (a worker process for
    large submissions): its fingerprint, the values derived from identities (age at the event, document hash),
    then the identity values encrypted for their columns."""
    values = row.values
    row.fingerprint = fingerprint(record_type, values)
    if record_type.name == "persons":
        birth, event = values.get("birth_date"), values.get("event_date")
        if birth and event:
            row.derived["age_at_event"] = age_on(birth, event)
        number = values.get("document_number")
        row.derived["document_hash"] = (
            default_document_hash(values["document_type"], number) if number else ""
        )
    cipher = default_cipher()
    for name, model_field in _identity_fields(record_type.name):
        value = values.get(name)
        if value not in (None, ""):
            values[name] = cipher.encrypt(
                model_field.to_clear(value), context=model_field.context()
            )
    row.sealed = True


@cache
def _identity_fields(name: str) -> list[tuple[str, EncryptedTextField]]:
    """(column, encrypted model field) for the record type's columns stored encrypted."""
    record_type = RECORD_TYPES[name]
    model = getattr(registry, record_type.model)
    renames = RENAMES.get(name, {})
    found = []
    for column in record_type.columns:
        try:
            model_field = model._meta.get_field(renames.get(column.name, column.name))
        except FieldDoesNotExist:
            continue
        if isinstance(model_field, EncryptedTextField):
            found.append((column.name, model_field))
    return found


def _snapshot(record: models.Model) -> dict[str, Any]:
    """The stored values of a record, identity fields encrypted again, for :class:`RecordVersion`."""
    data: dict[str, Any] = {}
    cipher = default_cipher()
    for model_field in record._meta.concrete_fields:
        value = getattr(record, model_field.attname)
        if isinstance(model_field, EncryptedTextField) and value not in (None, ""):
            value = cipher.encrypt(
                model_field.to_clear(value), context=f"registry.recordversion.{model_field.name}"
            )
        data[model_field.attname] = _jsonable(value)
    return data


def _case_participants(context: Context, pairs: list[tuple[CleanRow, _Saved]]) -> None:
    registry.CaseParticipant.objects.bulk_create(
        [
            registry.CaseParticipant(case_file_id=case_pk, person_id=record.pk)
            for row, record in pairs
            for case_pk in row.values.get("case_id") or []
        ]
    )


def _case_children(context: Context, pairs: list[tuple[CleanRow, _Saved]]) -> None:
    registry.CaseExploitation.objects.bulk_create(
        [
            registry.CaseExploitation(case_file_id=record.pk, form=form)
            for row, record in pairs
            for form in row.values.get("exploitation_forms") or []
        ]
    )
    registry.CaseMeansOfControl.objects.bulk_create(
        [
            registry.CaseMeansOfControl(case_file_id=record.pk, means=means)
            for row, record in pairs
            for means in row.values.get("means_of_control") or []
        ]
    )


def _operation_agencies(context: Context, pairs: list[tuple[CleanRow, _Saved]]) -> None:
    through = registry.Operation.participating_agencies.through
    through.objects.bulk_create(
        [
            through(operation_id=record.pk, agency_id=agency_id)
            for row, record in pairs
            for agency_id in row.values.get("participating_agencies") or []
        ]
    )


def _proceeding_children(context: Context, pairs: list[tuple[CleanRow, _Saved]]) -> None:
    charges, sentences, compensations = [], [], []
    for row, record in pairs:
        values = row.values
        offence_ids = {
            context.offences.resolve(a, values.get("occurred_on"))
            for a in values.get("offences") or []
        }
        charges += [
            registry.ChargedOffence(event_id=record.pk, offence_id=pk) for pk in sorted(offence_ids)
        ]
        if any(
            values.get(c) is not None
            for c in ("sentence_months", "sentence_suspended", "fine_amount")
        ):
            sentences.append(
                registry.Sentence(
                    event_id=record.pk,
                    prison_months=values.get("sentence_months"),
                    suspended=values.get("sentence_suspended"),
                    fine_amount=values.get("fine_amount"),
                )
            )
        if (
            values.get("compensation_ordered") is not None
            or values.get("compensation_paid") is not None
        ):
            compensations.append(
                registry.Compensation(
                    event_id=record.pk,
                    ordered_amount=values.get("compensation_ordered"),
                    paid_amount=values.get("compensation_paid"),
                )
            )
    registry.ChargedOffence.objects.bulk_create(charges)
    registry.Sentence.objects.bulk_create(sentences)
    registry.Compensation.objects.bulk_create(compensations)


_CHILD_WRITERS: dict[str, Callable[[Context, list[tuple[CleanRow, _Saved]]], None]] = {
    "persons": _case_participants,
    "cases": _case_children,
    "operations": _operation_agencies,
    "proceedings": _proceeding_children,
}
