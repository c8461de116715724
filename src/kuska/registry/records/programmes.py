"""Declarations of the prevention and programme records: budgets, trainings, campaigns, hotline calls and labour
inspections."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from kuska.registry.records.base import (
    ENDED_ON,
    RECORD_ID,
    REGION,
    STARTED_ON,
    TITLE,
    Children,
    Column,
    Finding,
    Kind,
    RecordType,
)


def _call_checks(values: Mapping[str, Any]) -> list[Finding]:
    """A referral's time and deadline need the agency referred to; an interpreter provided was one needed."""
    found = []
    if not values.get("referred_to"):
        for name in ("referred_at", "referral_deadline"):
            if values.get(name):
                found.append(
                    Finding(
                        name,
                        "referral_without_agency",
                        values[name],
                        message=_("A referral's time or deadline needs the agency referred to."),
                    )
                )
    if values.get("interpreter_provided") and values.get("interpreter_requested") is False:
        found.append(
            Finding(
                "interpreter_provided",
                "interpreter_not_requested",
                values["interpreter_provided"],
                message=_("An interpreter was provided on a call that did not need one."),
            )
        )
    return found


BUDGETS = RecordType(
    "budgets",
    "budget",
    "BudgetAllocation",
    pgettext_lazy("record", "Budgets"),
    ("presupuesto", "presupuestos"),
    (
        RECORD_ID,
        Column(
            "entity",
            Kind.AGENCY,
            pgettext_lazy("record", "Entity receiving the allocation"),
            required=True,
            aliases=("entidad",),
        ),
        Column(
            "year",
            Kind.INTEGER,
            pgettext_lazy("record", "Year"),
            required=True,
            aliases=("anio", "ano"),
            minimum=1990,
            maximum=2100,
        ),
        Column(
            "amount",
            Kind.DECIMAL,
            pgettext_lazy("record", "Amount"),
            required=True,
            aliases=("monto",),
        ),
        Column(
            "currency",
            Kind.TEXT,
            pgettext_lazy("record", "Currency (PEN by default)"),
            aliases=("moneda",),
            default="PEN",
        ),
        Column("purpose", Kind.TEXT, pgettext_lazy("record", "Purpose"), aliases=("finalidad",)),
        Column(
            "dedicated",
            Kind.BOOLEAN,
            pgettext_lazy("record", "Dedicated anti-trafficking line"),
            aliases=("partida_especifica",),
            default=True,
        ),
    ),
    date="year",
)

TRAININGS = RecordType(
    "trainings",
    "training",
    "Training",
    pgettext_lazy("record", "Trainings"),
    ("capacitaciones",),
    (
        RECORD_ID,
        STARTED_ON,
        ENDED_ON,
        TITLE,
        Column(
            "audience",
            Kind.CODE,
            pgettext_lazy("record", "Audience"),
            code_list="training_audience",
            aliases=("publico", "dirigido_a"),
        ),
        Column(
            "participants",
            Kind.INTEGER,
            pgettext_lazy("record", "Participants"),
            aliases=("participantes",),
            minimum=0,
        ),
        Column(
            "completed",
            Kind.INTEGER,
            pgettext_lazy("record", "Completed"),
            aliases=("aprobados", "concluyeron"),
            minimum=0,
        ),
        Column(
            "partner",
            Kind.TEXT,
            pgettext_lazy("record", "Partner organisation"),
            aliases=("aliado", "cooperante"),
        ),
    ),
    date="started_on",
)

CAMPAIGNS = RecordType(
    "campaigns",
    "campaign",
    "AwarenessCampaign",
    pgettext_lazy("record", "Campaigns"),
    ("campanas", "campana"),
    (
        RECORD_ID,
        STARTED_ON,
        ENDED_ON,
        TITLE,
        Column(
            "channel",
            Kind.CODE,
            pgettext_lazy("record", "Channel"),
            code_list="campaign_channel",
            aliases=("canal", "medio"),
        ),
        Column("audience", Kind.TEXT, pgettext_lazy("record", "Audience"), aliases=("publico",)),
        Column(
            "languages",
            Kind.TEXT,
            pgettext_lazy("record", "Languages"),
            aliases=("lenguas", "idiomas"),
        ),
        Column(
            "reach",
            Kind.INTEGER,
            pgettext_lazy("record", "People reached"),
            aliases=("alcance", "alcanzados"),
            minimum=0,
        ),
    ),
    date="started_on",
)

HOTLINE_CALLS = RecordType(
    "hotline_calls",
    "hotline_call",
    "HotlineCall",
    pgettext_lazy("record", "Hotline calls"),
    ("llamadas", "linea"),
    (
        RECORD_ID,
        Column(
            "called_at",
            Kind.DATETIME,
            pgettext_lazy("record", "Date and time of the call"),
            required=True,
            aliases=("fecha_hora", "fecha"),
        ),
        Column(
            "line",
            Kind.CODE,
            pgettext_lazy("record", "Line"),
            required=True,
            code_list="hotline",
            aliases=("linea_telefonica",),
        ),
        Column(
            "language",
            Kind.CODE,
            pgettext_lazy("record", "Language of the call"),
            code_list="language",
            aliases=("lengua", "idioma"),
        ),
        REGION,
        Column(
            "suspected_trafficking",
            Kind.BOOLEAN,
            pgettext_lazy("record", "Suspected trafficking"),
            aliases=("presunta_trata",),
        ),
        Column(
            "caller_type",
            Kind.CODE,
            pgettext_lazy("record", "Who called"),
            code_list="caller_type",
            aliases=("tipo_llamante", "llamante"),
        ),
        Column(
            "interpreter_requested",
            Kind.BOOLEAN,
            pgettext_lazy("record", "Interpreter requested"),
            aliases=("interprete_solicitado",),
        ),
        Column(
            "interpreter_provided",
            Kind.BOOLEAN,
            pgettext_lazy("record", "Interpreter provided"),
            aliases=("interprete_brindado",),
        ),
        Column(
            "urgency",
            Kind.CODE,
            pgettext_lazy("record", "Urgency"),
            code_list="call_urgency",
            aliases=("urgencia", "prioridad"),
        ),
        Column(
            "indicators_heard",
            Kind.CODES,
            pgettext_lazy("record", "Indicators heard (separated by ;)"),
            code_list="means_of_control",
            aliases=("indicadores", "indicadores_escuchados"),
        ),
        Column(
            "referred_to",
            Kind.AGENCY,
            pgettext_lazy("record", "Referred to"),
            aliases=("derivado_a",),
        ),
        Column(
            "referred_at",
            Kind.DATETIME,
            pgettext_lazy("record", "Date and time of the referral"),
            aliases=("fecha_derivacion",),
            not_before="called_at",
        ),
        Column(
            "referral_deadline",
            Kind.DATETIME,
            pgettext_lazy("record", "Deadline for the referral's answer"),
            aliases=("plazo_derivacion", "plazo"),
            not_before="referred_at",
        ),
    ),
    date="called_at",
    children=(
        Children("indicators_heard", "HotlineCallIndicator", parent="call", value="indicator"),
    ),
    checks=(_call_checks,),
)

LABOUR_INSPECTIONS = RecordType(
    "labour_inspections",
    "inspection",
    "LabourInspection",
    pgettext_lazy("record", "Labour inspections"),
    ("inspecciones", "inspecciones_laborales"),
    (
        RECORD_ID,
        Column(
            "inspected_on",
            Kind.DATE,
            pgettext_lazy("record", "Date inspected"),
            required=True,
            aliases=("fecha_inspeccion", "fecha"),
        ),
        REGION,
        Column(
            "employment_agency",
            Kind.BOOLEAN,
            pgettext_lazy("record", "Is an employment agency"),
            aliases=("agencia_empleo",),
            default=False,
        ),
        Column(
            "recruitment_fees_found",
            Kind.BOOLEAN,
            pgettext_lazy("record", "Recruitment fees found"),
            aliases=("cobro_comisiones",),
        ),
        Column(
            "documents_retained_found",
            Kind.BOOLEAN,
            pgettext_lazy("record", "Documents retained"),
            aliases=("retencion_documentos",),
        ),
        Column(
            "enforcement_action",
            Kind.TEXT,
            pgettext_lazy("record", "Enforcement action (fine, closure…)"),
            aliases=("medida", "sancion"),
        ),
        Column(
            "referred_to_prosecutors",
            Kind.BOOLEAN,
            pgettext_lazy("record", "Referred to prosecutors"),
            aliases=("derivada_fiscalia",),
        ),
        Column(
            "victims_identified",
            Kind.INTEGER,
            pgettext_lazy("record", "Victims identified"),
            aliases=("victimas_identificadas",),
            minimum=0,
        ),
    ),
    date="inspected_on",
)
