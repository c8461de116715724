"""Declaration of the justice records: proceeding events, with the offences charged, sentences and compensation."""

from __future__ import annotations

from django.utils.translation import pgettext_lazy

from kuska.registry.records.base import (
    CASE_REFERENCE,
    RECORD_ID,
    Children,
    ChildRow,
    Column,
    Kind,
    RecordType,
)

PROCEEDINGS = RecordType(
    "proceedings",
    "proceeding",
    "ProceedingEvent",
    pgettext_lazy("record", "Proceedings"),
    ("actuaciones", "actuaciones_procesales", "procesos"),
    (
        RECORD_ID,
        CASE_REFERENCE,
        Column(
            "suspect_id",
            Kind.REFERENCE,
            pgettext_lazy("record", "Suspect (person record id)"),
            references="persons",
            aliases=("id_imputado", "id_procesado"),
            attribute="suspect",
            role="suspect",
        ),
        Column(
            "stage",
            Kind.CODE,
            pgettext_lazy(
                "record",
                "Stage: complaint, investigation, prosecution, trial, conviction, acquittal, dismissal, appeal",
            ),
            required=True,
            code_list="proceeding_stage",
            aliases=("etapa", "estado"),
        ),
        Column(
            "occurred_on",
            Kind.DATE,
            pgettext_lazy("record", "Date"),
            required=True,
            aliases=("fecha",),
        ),
        Column(
            "offences",
            Kind.OFFENCES,
            pgettext_lazy(
                "record", "Offences charged at this stage (penal-code articles separated by ;)"
            ),
            aliases=("delitos", "articulos", "tipificacion"),
            dated_by="occurred_on",
        ),
        Column(
            "sentence_months",
            Kind.INTEGER,
            pgettext_lazy("record", "Prison sentence (months)"),
            aliases=("pena_meses",),
            minimum=0,
        ),
        Column(
            "sentence_suspended",
            Kind.BOOLEAN,
            pgettext_lazy("record", "Sentence suspended"),
            aliases=("pena_suspendida",),
        ),
        Column(
            "fine_amount", Kind.DECIMAL, pgettext_lazy("record", "Fine (soles)"), aliases=("multa",)
        ),
        Column(
            "compensation_ordered",
            Kind.DECIMAL,
            pgettext_lazy("record", "Compensation ordered (soles)"),
            aliases=("reparacion_civil", "reparacion_ordenada"),
        ),
        Column(
            "compensation_paid",
            Kind.DECIMAL,
            pgettext_lazy("record", "Compensation paid (soles)"),
            aliases=("reparacion_pagada",),
        ),
    ),
    date="occurred_on",
    regions_via=("case_id",),
    children=(
        Children("offences", "ChargedOffence", parent="event", value="offence"),
        ChildRow(
            "Sentence",
            parent="event",
            fields={
                "sentence_months": "prison_months",
                "sentence_suspended": "suspended",
                "fine_amount": "fine_amount",
            },
        ),
        ChildRow(
            "Compensation",
            parent="event",
            fields={"compensation_ordered": "ordered_amount", "compensation_paid": "paid_amount"},
            singular="compensation",
            person="victim",
            role="victim",
        ),
    ),
)
