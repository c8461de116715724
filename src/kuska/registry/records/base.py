"""What a record type declaration is made of: its columns and their kinds, its child rows and its checks.

A record type is declared once, as data, and every part reads that declaration: intake (the columns a file may
have, how each is checked and stored, the child rows written with a record), the Excel template and its
documentation, the statistics (where a record's date, person, region and case are) and the report's years.

Column names are English (``given_names``); a column also answers to its Spanish aliases (``nombres``) and, where one
exists, its HTCDS 2.0 field name (``prs_FirstName``). Names are compared without case, accents or punctuation.

Nothing here touches the database or the models: a declaration names its model, which is looked up when needed
(:meth:`RecordType.model_class`), so the declarations can be read before Django's apps are ready.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from enum import Enum
from functools import cached_property
from typing import TYPE_CHECKING, Any

from django.utils import translation
from django.utils.translation import pgettext_lazy

if TYPE_CHECKING:
    from django.db import models
    from django_stubs_ext import StrOrPromise

    from kuska.registry.models.provenance import Record


class Kind(Enum):
    """How a cell is read, and what it holds."""

    TEXT = "text"
    IDENTITY = "identity"  # text encrypted at rest
    DATE = "date"
    DATETIME = "datetime"
    INTEGER = "integer"
    DECIMAL = "decimal"
    BOOLEAN = "boolean"
    CODE = "code"  # one value of a code list
    CODES = "codes"  # several values of a code list, separated by ';' or '|'
    REGION = "region"
    AGENCY = "agency"
    AGENCIES = "agencies"
    REFERENCE = "reference"  # the source record id of another record of the same agency
    OFFENCES = "offences"  # penal-code articles, separated by ';'


# kinds stored as a foreign key (the model attribute ``<attribute>_id``)
FOREIGN_KEY_KINDS = frozenset({Kind.REGION, Kind.AGENCY, Kind.REFERENCE})


@dataclass(frozen=True, eq=False)
class Column:
    """One column of a record type: how it is named, read, checked and stored.

    ``label`` is the column's description in English, translated (the template shows it in Spanish).
    """

    name: str
    kind: Kind
    label: StrOrPromise
    required: bool = False
    code_list: str = ""  # CODE and CODES: the profile's code list
    references: str = ""  # REFERENCE: the record type pointed to
    many: bool = False  # REFERENCE: several ids separated by ';'
    aliases: tuple[str, ...] = ()
    htcds: tuple[str, ...] = ()
    minimum: int | None = None  # INTEGER bounds
    maximum: int | None = None
    attribute: str = ""  # the model attribute, where it is not the column's name
    default: object = None  # what an empty cell is stored as, where the model needs a value
    role: str = ""  # REFERENCE to a person record: the role that person must have
    # the date column of the row this column is read against: for a REFERENCE to a person record, the row's date,
    # which cannot come before the person's birth; for OFFENCES, the day whose penal code the articles name
    dated_by: str = ""
    not_before: str = ""  # DATE: the date column of the row this one cannot come before
    identity: bool = False  # stored encrypted though not of the IDENTITY kind (a birth date)
    max_length: int | None = (
        None  # TEXT: the column's own limit, where its table's column is shorter or longer
    )

    @property
    def stored_as(self) -> str:
        """The model attribute the column is stored in (a foreign key's name, without ``_id``)."""
        return self.attribute or self.name

    @property
    def encrypted(self) -> bool:
        """Whether the value identifies a person, and so is encrypted at rest and never shown back."""
        return self.identity or self.kind is Kind.IDENTITY

    def label_in(self, language: str) -> str:
        """The description in a language (``"es"``)."""
        with translation.override(language):
            return str(self.label)


@dataclass(frozen=True)
class Finding:
    """What a record type's check found wrong with a row: the column, a code, the value to show, and the message's
    parameters.

    The code is one of intake's messages (:mod:`kuska.intake.messages`), or the record type's own with its
    ``message``: an English text through ``gettext_lazy``, its ``{name}`` placeholders filled from ``params``.
    """

    column: str
    code: str
    value: object = ""
    params: Mapping[str, object] = field(default_factory=dict)
    message: StrOrPromise | None = None


# A check of a whole row, once every cell is valid: what is wrong with it, if anything.
Check = Callable[[Mapping[str, Any]], list[Finding]]
# The values stored on a record that are computed from the row's clear values (identities before encryption).
Derive = Callable[[Mapping[str, Any]], dict[str, Any]]


@dataclass(frozen=True, eq=False)
class Children:
    """One row of another table for each value of a column that holds several (codes, agencies, references to
    other records, offences). On a new version of the record, its child rows are replaced."""

    column: str  # the record type's column holding the values
    model: str  # the child table's model (see RecordType.model)
    parent: str  # the child's foreign key to the record
    value: str  # the child's field that takes each value


@dataclass(frozen=True, eq=False)
class ChildRow:
    """One row of another table made of several columns of the record, written when any of them has a value.
    On a new version of the record, it is replaced.

    Indicators may count these rows too: ``singular`` names them in the indicator catalogue, ``person`` and
    ``role`` say which person a row is about (the record's own date, agency, region and case are its parent's).
    """

    model: str
    parent: str  # the child's foreign key to the record
    fields: Mapping[str, str]  # column of the record -> the child's field
    singular: str = ""
    person: str = ""
    role: str = ""


@dataclass(frozen=True, eq=False)
class RecordType:
    """A kind of record: one model of the registry, one sheet or file of a submission.

    - ``name`` is the record type's name in submissions (``persons``), ``singular`` its name in the indicator
      catalogue (``person``), ``label`` its English name, translated (*Personas*), ``aliases`` the other sheet or
      file names it is recognised by.
    - ``model`` is its model: ``"PersonRecord"`` (a model of the registry) or ``"app_label.Model"``.
    - ``columns`` in the order of the template and documentation, ``record_id`` first.
    - ``date`` is the column that places a record in a year (its date basis); ``regions_via`` the reference
      columns whose record's region is this record's, in order, after its own region column.
    - ``children`` are the rows of other tables written with each record; ``derive`` computes the values stored
      from the row's clear values (``derived`` names the model attributes it sets); ``checks`` are the rules a
      valid row must still meet across columns.
    """

    name: str
    singular: str
    model: str
    label: StrOrPromise
    aliases: tuple[str, ...]
    columns: tuple[Column, ...]
    date: str = ""
    regions_via: tuple[str, ...] = ()
    children: tuple[Children | ChildRow, ...] = ()
    derive: Derive | None = None
    derived: tuple[str, ...] = ()
    checks: tuple[Check, ...] = ()
    _by_header: dict[str, Column] = field(default_factory=dict, init=False, repr=False)
    _by_name: dict[str, Column] = field(default_factory=dict, init=False, repr=False)

    def __post_init__(self) -> None:
        if not self.columns or self.columns[0].name != "record_id":
            raise ValueError(f"{self.name}: the first column is record_id")
        for column in self.columns:
            if column.name in self._by_name:
                raise ValueError(f"{self.name}: column {column.name} declared twice")
            self._by_name[column.name] = column
            for header in (column.name, *column.aliases, *column.htcds):
                key = header_key(header)
                if key in self._by_header:
                    raise ValueError(f"{self.name}: the name {header} is used twice")
                self._by_header[key] = column
        named = [self.date, *self.regions_via]
        named += [c.dated_by for c in self.columns] + [c.not_before for c in self.columns]
        named += [c.column for c in self.children if isinstance(c, Children)]
        named += [name for c in self.children if isinstance(c, ChildRow) for name in c.fields]
        for name in filter(None, named):
            if name not in self._by_name:
                raise ValueError(f"{self.name}: no column {name}")

    def field(self, header: str) -> Column | None:
        """The column a header names, by its name, an alias or its HTCDS name, if any."""
        return self._by_header.get(header_key(header))

    def column(self, name: str) -> Column:
        """The column of this canonical name (``KeyError`` if there is none)."""
        return self._by_name[name]

    @cached_property
    def column_names(self) -> list[str]:
        return [c.name for c in self.columns]

    @property
    def references(self) -> list[Column]:
        return [c for c in self.columns if c.kind is Kind.REFERENCE]

    @cached_property
    def child_columns(self) -> frozenset[str]:
        """The columns written as child rows rather than as fields of the record."""
        names = {c.column for c in self.children if isinstance(c, Children)}
        names |= {name for c in self.children if isinstance(c, ChildRow) for name in c.fields}
        return frozenset(names)

    @cached_property
    def identity_columns(self) -> list[Column]:
        """The columns stored encrypted."""
        return [c for c in self.columns if c.encrypted]

    @property
    def person(self) -> Column | None:
        """The reference to the person record a record is about (the victim identified, the suspect tried)."""
        return next((c for c in self.references if c.role), None)

    @property
    def case(self) -> Column | None:
        """The reference to the one case file a record belongs to, if it has one."""
        return next((c for c in self.references if c.references == "cases" and not c.many), None)

    def model_class(self) -> type[Record]:
        """The record type's model, a :class:`~kuska.registry.models.provenance.Record` (needs Django's apps
        ready)."""
        from kuska.registry.models.provenance import Record

        model = model_named(self.model)
        if not issubclass(model, Record):
            raise TypeError(f"{self.name}: {self.model} is not a record model")
        return model

    def label_in(self, language: str) -> str:
        """The record type's name in a language (``"es"``: *Personas*)."""
        with translation.override(language):
            return str(self.label)


def model_named(label: str) -> type[models.Model]:
    """A model by its declared name: ``"PersonRecord"`` (of the registry) or ``"app_label.Model"``."""
    from django.apps import apps

    app_label, _, name = label.rpartition(".")
    return apps.get_model(app_label or "registry", name)


def header_key(text: str) -> str:
    """A name without case, accents, spaces or punctuation: ``"Apellido Paterno"`` → ``"apellidopaterno"``."""
    decomposed = unicodedata.normalize("NFKD", str(text))
    ascii_text = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return re.sub(r"[^a-z0-9]", "", ascii_text.lower())


def names_of(record_type: RecordType, languages: Sequence[str]) -> list[str]:
    """Every name a sheet or file of the record type may have: its name, its label in each language, its
    aliases."""
    return [
        record_type.name,
        *(record_type.label_in(lang) for lang in languages),
        *record_type.aliases,
    ]


# -- columns several record types share ------------------------------------------------------------------------

RECORD_ID = Column(
    "record_id",
    Kind.TEXT,
    pgettext_lazy("record", "The agency's own identifier of the record (unique per agency)"),
    required=True,
    aliases=("id_registro", "id", "codigo_registro", "source_record_id"),
    htcds=("prs_Id",),
)


# The reference from an identification or a proceeding to the case file it belongs to.
CASE_REFERENCE = Column(
    "case_id",
    Kind.REFERENCE,
    pgettext_lazy("record", "Case"),
    references="cases",
    aliases=("id_caso",),
    attribute="case_file",
)


def victim_reference(dated_by: str, label: StrOrPromise | None = None) -> Column:
    """The reference from a record about a victim (an identification, referral, service or placement) to the
    victim's person record; ``dated_by`` is the row's date, which cannot come before the victim's birth."""
    return Column(
        "person_id",
        Kind.REFERENCE,
        pgettext_lazy("record", "Victim (person record id)") if label is None else label,
        required=True,
        references="persons",
        aliases=("id_persona", "id_victima"),
        attribute="victim",
        role="victim",
        dated_by=dated_by,
    )


REGION = Column(
    "region",
    Kind.REGION,
    pgettext_lazy("record", "Region (ISO 3166-2 code, department code or name)"),
    aliases=("departamento", "dpto"),
)
STARTED_ON = Column(
    "started_on",
    Kind.DATE,
    pgettext_lazy("record", "Start date"),
    required=True,
    aliases=("fecha_inicio", "fecha"),
)
ENDED_ON = Column(
    "ended_on",
    Kind.DATE,
    pgettext_lazy("record", "End date"),
    aliases=("fecha_fin",),
    not_before="started_on",
)
TITLE = Column(
    "title",
    Kind.TEXT,
    pgettext_lazy("record", "Title"),
    required=True,
    aliases=("titulo", "nombre"),
)
