"""Model fields whose values are encrypted at rest.

The model sees clear values; the database holds ``v1:<key id>:<ciphertext>``. An empty value stays empty, so
"not recorded" is visible without decrypting. Encrypted columns cannot be searched: lookups other than
``isnull`` and exact empty-string comparisons are refused (use the keyed document hash for exact matching).
"""

from __future__ import annotations

import datetime
from typing import Any

from django.db import models
from django.db.backends.base.base import BaseDatabaseWrapper
from django.db.models import Lookup
from django.db.models.lookups import Exact

from kuska.registry.crypto import default_cipher


class EmptyOnlyExact(Exact):  # type: ignore[type-arg]
    """``field=""`` works on an encrypted column; comparing with a clear value would silently match nothing."""

    def get_prep_lookup(self) -> Any:
        if self.rhs not in ("", None):
            raise TypeError(
                f"{self.lhs.target.name} is encrypted and cannot be compared with a value"
            )
        return super().get_prep_lookup()


class EncryptedTextField(models.TextField):  # type: ignore[type-arg]
    """A text value encrypted at rest with the current identity key."""

    description = "Text encrypted at rest"

    def context(self) -> str:
        return f"{self.model._meta.label_lower}.{self.name}"

    def from_db_value(
        self, value: str | None, expression: Any, connection: BaseDatabaseWrapper
    ) -> Any:
        if value is None or value == "":
            return value
        return self.from_clear(default_cipher().decrypt(value, context=self.context()))

    def from_clear(self, text: str) -> Any:
        return text

    def to_clear(self, value: Any) -> str:
        return str(value)

    def get_prep_value(self, value: Any) -> Any:
        if value is None or value == "":
            return value
        return default_cipher().encrypt(self.to_clear(value), context=self.context())

    def get_lookup(self, lookup_name: str) -> type[Lookup[Any]] | None:
        if lookup_name == "exact":
            return EmptyOnlyExact
        if lookup_name == "isnull":
            return super().get_lookup(lookup_name)
        return _refused_lookup(self.name, lookup_name)


def _refused_lookup(field_name: str, lookup_name: str) -> type[Lookup[Any]]:
    """A lookup that fails when a query uses it (not when the class is looked up, as type checkers do)."""

    class Refused(Lookup[Any]):
        def __init__(self, lhs: Any, rhs: Any) -> None:
            raise TypeError(
                f"{field_name} is encrypted and cannot be searched with '{lookup_name}'"
            )

    Refused.lookup_name = lookup_name
    return Refused


class EncryptedDateField(EncryptedTextField):
    """A date encrypted at rest (stored as an encrypted ISO 8601 string)."""

    description = "Date encrypted at rest"

    def from_clear(self, text: str) -> datetime.date:
        return datetime.date.fromisoformat(text)

    def to_clear(self, value: Any) -> str:
        if isinstance(value, datetime.datetime):
            value = value.date()
        if isinstance(value, datetime.date):
            return value.isoformat()
        return datetime.date.fromisoformat(str(value)).isoformat()

    def to_python(self, value: Any) -> Any:
        if value is None or value == "" or isinstance(value, datetime.date):
            return value
        return datetime.date.fromisoformat(str(value))
