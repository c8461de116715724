"""Person-level records, scoped by the user's permissions, pseudonymised, revealed only on an audited request.

The scope of each permission (``docs/access.md``, "Permissions"):

- ``records.view_all``: every record;
- ``records.view_own_agency``: the records submitted by the membership's agency or one of its units;
- ``records.view_served``: the victims referred to, served or placed by the agency or its units (:data:`SERVED_BY`),
  and every record about those victims, whichever agency submitted it;
- ``records.view_created``: the records the user created, at the agency or its units: those of a submission batch
  the user sent (its ``submitted_by``: the web form's or the API's user; a file imported from the command line has
  none), at an agency where the user holds the permission.

A user holding several of them sees the union. :func:`records_created` and :func:`list_created` give the records of
any type the user created (a hotline call is not about a person, and so is no person-level record).
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.db import models
from django.db.models import Q, QuerySet
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from kuska.access.errors import AccessDeniedError, NotInScopeError, ReasonRequiredError
from kuska.accounts.models import User
from kuska.accounts.permissions import agencies_where, has_permission
from kuska.audit.models import Action, Outcome
from kuska.audit.trail import record_event
from kuska.registry.fields import EncryptedTextField
from kuska.registry.models import PersonRecord, Record
from kuska.registry.records import RECORD_TYPES, RecordType

VIEW_ALL = "records.view_all"
VIEW_OWN_AGENCY = "records.view_own_agency"
VIEW_SERVED = "records.view_served"
VIEW_CREATED = "records.view_created"
REVEAL = "identity.reveal"

# The record types that say an agency serves a victim, and the field naming that agency: a referral to it, a
# service it gave, a placement in its shelter.
SERVED_BY: dict[str, str] = {"referrals": "to_agency", "services": "agency", "placements": "agency"}

PAGE_SIZE = 50


def record_types() -> dict[str, RecordType]:
    """The person-level record types: the person records themselves and every type that refers to one."""
    return {
        name: record_type
        for name, record_type in RECORD_TYPES.items()
        if record_type.identity_columns or record_type.person is not None
    }


def identity_fields(model: type[models.Model]) -> list[str]:
    """The model's columns stored encrypted (names, birth date, document number): deferred, never loaded here."""
    return [f.name for f in model._meta.concrete_fields if isinstance(f, EncryptedTextField)]


def pseudonym(record: models.Model) -> str:
    """The stable name a record is shown by instead of its identity: its model and id, as the audit trail names
    it (``kuska audit list --record personrecord:42``).

    >>> pseudonym(PersonRecord(pk=42))
    'personrecord:42'
    """
    return f"{record._meta.model_name}:{record.pk}"


def _person_field(model: type[models.Model]) -> str | None:
    """The foreign key from a record to the person record it is about, if it has one."""
    for field in model._meta.concrete_fields:
        if isinstance(field, models.ForeignKey) and field.related_model is PersonRecord:
            return field.name
    return None


def served_victims(agency_ids: Iterable[int]) -> QuerySet[PersonRecord]:
    """The person records of the victims referred to, served or placed by any of the agencies."""
    ids = list(agency_ids)
    served = Q(pk__in=[])
    for type_name, agency_field in SERVED_BY.items():
        model = RECORD_TYPES[type_name].model_class()
        person = _person_field(model)
        assert person is not None, f"{type_name} refers to no person record"
        served |= Q(
            pk__in=model._default_manager.filter(**{f"{agency_field}__in": ids}).values(person)
        )
    return PersonRecord.objects.filter(served)


def _created(user: User) -> Q:
    """The records the user created (their batch's ``submitted_by``), at the agencies where the user holds
    ``records.view_created``; none without it."""
    agencies = agencies_where(user, VIEW_CREATED)
    if not agencies:
        return Q(pk__in=[])
    return Q(agency__in=agencies, batch__submitted_by=user)


def _scope(user: User, model: type[Record]) -> Q | None:
    """The condition on ``model``'s rows the user may see; ``None`` for every row."""
    if has_permission(user, VIEW_ALL):
        return None
    scope = _created(user)
    own = agencies_where(user, VIEW_OWN_AGENCY)
    if own:
        scope |= Q(agency__in=own)
    served = agencies_where(user, VIEW_SERVED)
    if served:
        victims = served_victims(served).values("pk")
        person = "pk" if model is PersonRecord else _person_field(model)
        if person is not None:
            scope |= Q(**{f"{person}__in": victims})
    return scope


def records_for(user: User, model: type[Record]) -> QuerySet[Any]:
    """The records of ``model`` the user may see, identity columns deferred. Writes no event: the functions
    below, which show records, do."""
    if model._meta.label_lower != PersonRecord._meta.label_lower and _person_field(model) is None:
        raise ValueError(f"{model._meta.label} is not a person-level record")
    found: QuerySet[Any] = model._default_manager.select_related("agency").order_by("pk")
    scope = _scope(user, model)
    if scope is not None:
        found = found.filter(scope)
    return found.defer(*identity_fields(model))


def records_created(user: User, record_type: str) -> QuerySet[Any]:
    """The records of a type (``"hotline_calls"``) the user created, at the agencies where they hold
    ``records.view_created``, the most recently received first, identity columns deferred. Writes no event:
    :func:`list_created`, which shows them, does."""
    model = RECORD_TYPES[record_type].model_class()
    found: QuerySet[Any] = model._default_manager.select_related("agency").filter(_created(user))
    return found.order_by("-received_at", "-pk").defer(*identity_fields(model))


@dataclass(frozen=True)
class RecordPage:
    records: list[Any]
    total: int
    page: int
    pages: int


def _page_of(found: QuerySet[Any], page: int, page_size: int) -> tuple[list[Any], int, int, int]:
    total = found.count()
    pages = max(1, -(-total // page_size))
    page = min(max(page, 1), pages)
    return list(found[(page - 1) * page_size : page * page_size]), total, page, pages


def list_records(
    user: User,
    model: type[Record],
    *,
    source: str,
    page: int = 1,
    page_size: int = PAGE_SIZE,
    search: str = "",
    export: bool = False,
) -> RecordPage:
    """One page of the records the user may see (``search``: those whose agency record id contains it), and
    the audit event naming every record shown: ``records.list``, ``records.search`` or ``records.export``."""
    found = records_for(user, model)
    term = search.strip()
    if term:
        found = found.filter(source_record_id__icontains=term)
    shown, total, page, pages = _page_of(found, page, page_size)
    action = (
        Action.RECORDS_EXPORT if export else Action.RECORDS_SEARCH if term else Action.RECORDS_LIST
    )
    record_event(user, action, records=shown, reason=term, source=source)
    return RecordPage(shown, total, page, pages)


def list_created(
    user: User, record_type: str, *, source: str, page: int = 1, page_size: int = PAGE_SIZE
) -> RecordPage:
    """One page of the records of a type the user created (:func:`records_created`), and the ``records.list``
    event naming every record shown.

    >>> # calls = list_created(screener, "hotline_calls", source=request_source(request))
    """
    shown, total, page, pages = _page_of(records_created(user, record_type), page, page_size)
    record_event(user, Action.RECORDS_LIST, records=shown, source=source)
    return RecordPage(shown, total, page, pages)


def view_record(user: User, model: type[Record], pk: int, *, source: str) -> Any:
    """One record the user may see, as a ``records.view`` event. A record outside the user's scope is refused
    exactly as one that does not exist (:class:`NotInScopeError`); an existing one is also a ``denied`` event."""
    record = records_for(user, model).filter(pk=pk).first()
    if record is None:
        existing = model._default_manager.filter(pk=pk).only("pk").first()
        if existing is not None:
            record_event(
                user, Action.RECORD_VIEW, records=[existing], outcome=Outcome.DENIED, source=source
            )
        raise NotInScopeError(format_lazy(_("There is no record {record} you may see."), record=pk))
    record_event(user, Action.RECORD_VIEW, records=[record], source=source)
    return record


@dataclass(frozen=True)
class Revealed:
    """The identity of one record, by field name (``given_names``, ``birth_date``…); empty values included."""

    record: str
    values: dict[str, str | datetime.date | None]


def reveal(user: User, record: Record, reason: str, *, source: str) -> Revealed:
    """The record's identity, for a user who holds ``identity.reveal`` and may see the record, given a reason.

    The ``identity.reveal`` event (who, from where, which record, the reason, the outcome; never the values) is
    written before anything is decrypted; a refused reveal is a ``denied`` event and raises
    :class:`AccessDeniedError` (:class:`ReasonRequiredError` without a reason, :class:`NotInScopeError` outside the scope).
    """
    model = type(record)
    why = reason.strip()
    refusal: AccessDeniedError | None = None
    if not why:
        refusal = ReasonRequiredError(_("Say why you need to see this person's identity."))
    elif not has_permission(user, REVEAL):
        refusal = AccessDeniedError(_("Your role does not allow revealing identities."))
    elif not records_for(user, model).filter(pk=record.pk).exists():
        refusal = NotInScopeError(
            format_lazy(_("There is no record {record} you may see."), record=record.pk)
        )
    if refusal is not None:
        record_event(
            user,
            Action.IDENTITY_REVEAL,
            records=[record],
            reason=why,
            outcome=Outcome.DENIED,
            source=source,
        )
        raise refusal
    record_event(user, Action.IDENTITY_REVEAL, records=[record], reason=why, source=source)
    fields = identity_fields(model)
    values = model._default_manager.filter(pk=record.pk).values(*fields).get()
    return Revealed(pseudonym(record), {name: values[name] for name in fields})


def person_model() -> type[PersonRecord]:
    """The model of person records, for the faces, which do not import the registry's models."""
    return PersonRecord
