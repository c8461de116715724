"""Writing validated rows into the registry: resolve references, recognize unchanged and corrected rows, keep
the previous version of what a correction replaces, and create the child rows (participants, charges…).

Rows arrive in chunks; each chunk costs a handful of queries whatever its size.
"""

from __future__ import annotations

import datetime
import hashlib
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from functools import cache
from typing import Any

from django.conf import settings
from django.core.exceptions import FieldDoesNotExist
from django.db import connection, models

from kuska.intake.context import Context
from kuska.intake.messages import Problem, problem
from kuska.intake.schema import LOADABLE, RECORD_TYPES, Kind, RecordType
from kuska.intake.validate import CleanRow
from kuska.registry import models as registry
from kuska.registry.bulk import insert_rows, update_row
from kuska.registry.crypto import default_cipher, document_hash
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

# values the child writers read besides their own columns
CHILD_INPUTS: dict[str, set[str]] = {"proceedings": {"occurred_on"}}

# stored values computed from a row's identities before they are encrypted
DERIVED: dict[str, tuple[str, ...]] = {"persons": ("age_at_event", "document_hash")}

# provenance columns, written by the loading process (the batch exists only there)
PROVENANCE = ("agency_id", "batch_id", "received_at", "version")


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
    canonical = record_type.name + repr(list(map(values.get, record_type.column_names)))
    digest = _keyed_blake2b().copy()
    digest.update(canonical.encode())
    return digest.hexdigest()


@cache
def _hash_key() -> bytes:
    """The keyed-hash key, read from the settings once per process (rows are hashed by the million)."""
    return settings.KEYS.hash_key


@cache
def _keyed_blake2b() -> hashlib.blake2b:
    # keyed once per process; each fingerprint copies it
    return hashlib.blake2b(key=_hash_key(), digest_size=32)


class Loader:
    """Loads the clean rows of one record type for one submission batch."""

    def __init__(
        self, record_type: RecordType, context: Context, batch: registry.SubmissionBatch
    ) -> None:
        self.record_type = record_type
        self.context = context
        self.batch = batch
        self.model: type[registry.Record] = getattr(registry, record_type.model)
        self.layout = layout_for(record_type.name)
        self.fields = [*self.layout.fields, *(_concrete(self.model, n) for n in PROVENANCE)]
        self.children = CHILD_COLUMNS.get(record_type.name, set())
        self.seen: set[int] = set()
        self.now = batch.received_at
        self.received_at = connection.ops.adapt_datetimefield_value(self.now)
        # when the agency had no record of this type before this submission, none of its rows can exist already
        # (a record id repeated within the submission is refused as a duplicate): no need to look them up
        self.first_load = not self.model._default_manager.filter(agency=context.agency).exists()

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

    def load(self, rows: list[CleanRow]) -> ChunkResult:
        result = ChunkResult()
        for row in rows:
            if row.cells is None:
                prepare(self.record_type, row)
        reference_problems = self._resolve_references(rows)
        candidates: list[tuple[CleanRow, str]] = []
        for index, row in enumerate(rows):
            if index in reference_problems:
                result.rejected.append((row, reference_problems[index]))
                continue
            # the id's 64-bit hash, not the id: a million ids would cost far more memory
            key = hash(row.record_id)
            if key in self.seen:
                header = row.headers.get("record_id", "record_id")
                result.rejected.append(
                    (row, [problem(row.row, header, row.record_id, "duplicate_record_id")])
                )
                continue
            self.seen.add(key)
            candidates.append((row, row.fingerprint))

        existing = {} if self.first_load else self._existing([r.record_id for r, _ in candidates])
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

    def _existing(self, source_ids: list[str]) -> dict[str, tuple[int, str, int]]:
        """(pk, fingerprint, version) of the agency's records with these source ids."""
        if not source_ids:
            return {}
        quote = connection.ops.quote_name
        marks = ", ".join(["%s"] * len(source_ids))
        sql = (
            f"SELECT source_record_id, {quote(self.model._meta.pk.column)}, fingerprint, version "  # noqa: S608
            f"FROM {quote(self.model._meta.db_table)} WHERE agency_id = %s AND source_record_id IN ({marks})"
        )
        with connection.cursor() as cursor:
            cursor.execute(sql, [self.context.agency.pk, *source_ids])
            return {source_id: (pk, print_, version) for source_id, pk, print_, version in cursor}

    def _provenance(self, version: int) -> tuple[Any, ...]:
        return (self.context.agency.pk, self.batch.pk, self.received_at, version)

    def _insert(self, new: list[tuple[CleanRow, str]]) -> None:
        """Insert new records at once, from the cells :func:`prepare` computed: no model instance per row."""
        tail = self._provenance(1)
        final = self.layout.final
        insert_rows(self.model, self.fields, [(*final(row), *tail) for row, _ in new], typed=True)
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
        record = self.model._default_manager.get(pk=pk)
        registry.RecordVersion.objects.create(
            record_type=self.model._meta.label_lower,
            record_id=pk,
            version=version,
            batch_id=record.batch_id,
            data=_snapshot(record),
        )
        update_row(
            self.model, self.fields, pk, (*self.layout.final(row), *self._provenance(version + 1))
        )
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


class Layout:
    """Where a clean row's values go in its record's table: one cell per column, already in the form the database
    takes (dates adapted, identities encrypted, empty cells as the model stores them).

    The cells are computed where the row was checked (a worker process, for large submissions), so the process
    that writes only resolves references and adds provenance. ``kept`` names the values the writing process still
    reads: references, child rows and the dates checked against a referenced person's birth.
    """

    def __init__(self, name: str) -> None:
        record_type = LOADABLE[name]
        model = getattr(registry, record_type.model)
        renames = RENAMES.get(name, {})
        children = CHILD_COLUMNS.get(name, set())
        self.names: list[str] = []  # the columns stored on the record, in order
        self.empties: list[object] = []  # and what each holds for an empty cell
        attnames = ["source_record_id", "fingerprint"]
        for column in record_type.columns:
            if column.name == "record_id" or column.name in children:
                continue
            attr = renames.get(column.name, column.name)
            self.names.append(column.name)
            if column.kind in (Kind.REGION, Kind.AGENCY, Kind.REFERENCE):
                attnames.append(f"{attr}_id")
                self.empties.append(None)
            else:
                attnames.append(attr)
                self.empties.append("" if column.kind in _TEXT_KINDS else None)
        derived_only = [_concrete(model, a) for a in DERIVED.get(name, ()) if a not in attnames]
        # what a derived column holds until a row's identities give it a value
        self.padding = [None if f.null else "" for f in derived_only]
        attnames += [f.attname for f in derived_only]
        self.index = {attr: i for i, attr in enumerate(attnames)}
        self.fields = [_concrete(model, attr) for attr in attnames]
        converters = [(i, _converter(f)) for i, f in enumerate(self.fields)]
        self.converting = [(i, convert) for i, convert in converters if convert is not None]
        self.defaults = [(self.index[a], d) for a, d in _DEFAULTS.get(name, {}).items()]
        references = [c for c in record_type.references if c.name not in children]
        self.slots = [(c.name, self.index[f"{renames.get(c.name, c.name)}_id"]) for c in references]
        self.kept = (
            {c.name for c in record_type.references}
            | children
            | CHILD_INPUTS.get(name, set())
            | {dated for (kind, _), dated in BIRTH_BEFORE.items() if kind == name}
        )
        self.derives = name in DERIVED

    def cells(self, row: CleanRow, derived: dict[str, Any]) -> list[Any]:
        cells: list[Any] = [
            row.record_id,
            row.fingerprint,
            *[
                empty if value is None else value
                for value, empty in zip(map(row.values.get, self.names), self.empties, strict=True)
            ],
            *self.padding,
        ]
        for attr, value in derived.items():
            cells[self.index[attr]] = value
        for index, default in self.defaults:
            if cells[index] is None or cells[index] == "":
                cells[index] = default
        for index, convert in self.converting:
            if cells[index] is not None:
                cells[index] = convert(cells[index])
        return cells

    def final(self, row: CleanRow) -> list[Any]:
        """The row's cells with its references resolved to primary keys (by :meth:`Loader.load`)."""
        assert row.cells is not None
        if not self.slots:
            return row.cells
        cells = list(row.cells)
        for name, index in self.slots:
            cells[index] = row.values.get(name)
        return cells


_TEXT_KINDS = (Kind.TEXT, Kind.IDENTITY, Kind.CODE)


@cache
def layout_for(name: str) -> Layout:
    """The layout of a record type, built once per process (a forked worker inherits it)."""
    return Layout(name)


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
    the identity values encrypted, and the row's cells (see :class:`Layout`).

    Afterwards the row keeps only the values the writing process reads; its clear identities are gone."""
    layout = layout_for(record_type.name)
    values = row.values
    row.fingerprint = fingerprint(record_type, values)
    derived: dict[str, Any] = {}
    if layout.derives:  # person records
        birth, event = values.get("birth_date"), values.get("event_date")
        if birth and event:
            derived["age_at_event"] = age_on(birth, event)
        number = values.get("document_number")
        derived["document_hash"] = (
            document_hash(values["document_type"], number, _hash_key()) if number else ""
        )
    names, clear, seal = _sealer(record_type.name)
    if names:
        plain = [
            None if (value := values.get(name)) is None or value == "" else to_clear(value)
            for name, to_clear in zip(names, clear, strict=True)
        ]
        values.update(zip(names, seal(plain), strict=True))
    row.cells = layout.cells(row, derived)
    row.values = {name: values[name] for name in layout.kept if values.get(name) is not None}


@cache
def _sealer(
    name: str,
) -> tuple[
    list[str], list[Callable[[Any], str]], Callable[[Sequence[str | None]], list[str | None]]
]:
    """The record type's identity columns, how each value reads as clear text, and their encryption as a row."""
    fields = _identity_fields(name)
    return (
        [column for column, _ in fields],
        [f.to_clear for _, f in fields],
        default_cipher().row_sealer([f.context() for _, f in fields]),
    )


@cache
def _identity_fields(name: str) -> list[tuple[str, EncryptedTextField]]:
    """(column, encrypted model field) for the record type's columns stored encrypted."""
    record_type = LOADABLE[name]
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
