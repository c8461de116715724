"""Published counts, not records: the rows of an aggregate series (e.g. a ministry's open data), produced by a
reader that knows its publisher's layout (:mod:`kuska.intake.readers.mininter`), never chosen by a sheet's name or by
``--type``. They are loaded like any record (batch, provenance, fingerprint, versions) into their own table, kept
apart from record-level data; templates, the format's documentation and mapping files know only the record types.
"""

from __future__ import annotations

from django.utils.translation import pgettext_lazy

from kuska.registry.records.base import RECORD_ID, Column, Kind, RecordType

AGGREGATE_OBSERVATIONS = RecordType(
    "aggregate_observations",
    "aggregate_observation",
    "AggregateObservation",
    pgettext_lazy("record", "Aggregate observations"),
    (),
    (
        RECORD_ID,
        Column(
            "series", Kind.TEXT, pgettext_lazy("record", "Series"), required=True, max_length=40
        ),
        Column(
            "year",
            Kind.INTEGER,
            pgettext_lazy("record", "Year"),
            required=True,
            aliases=("año", "anio"),
            minimum=1990,
            maximum=2100,
        ),
        Column(
            "month",
            Kind.INTEGER,
            pgettext_lazy("record", "Month"),
            aliases=("mes",),
            minimum=1,
            maximum=12,
        ),
        Column(
            "region",
            Kind.REGION,
            pgettext_lazy("record", "Region (INEI department code)"),
            aliases=("departamento", "ccdd"),
        ),
        Column("place", Kind.TEXT, pgettext_lazy("record", "Place"), max_length=1000),
        Column(
            "category",
            Kind.TEXT,
            pgettext_lazy("record", "Category"),
            required=True,
            aliases=("categoria",),
            max_length=200,
        ),
        Column(
            "subcategory",
            Kind.TEXT,
            pgettext_lazy("record", "Subcategory code"),
            required=True,
            aliases=("subcategoria", "denuncias_por_comision"),
            max_length=60,
        ),
        Column("is_total", Kind.BOOLEAN, pgettext_lazy("record", "Is a total or sub-total")),
        Column(
            "value",
            Kind.INTEGER,
            pgettext_lazy("record", "Count (blank: not reported)"),
            aliases=("valor",),
            minimum=0,
        ),
    ),
)
