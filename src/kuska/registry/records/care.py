"""Declarations of the care records: facilities, referrals, services and placements."""

from __future__ import annotations

from django.utils.translation import pgettext_lazy

from kuska.registry.records.base import (
    ENDED_ON,
    RECORD_ID,
    REGION,
    STARTED_ON,
    Column,
    Kind,
    RecordType,
    victim_reference,
)

FACILITIES = RecordType(
    "facilities",
    "facility",
    "Facility",
    pgettext_lazy("record", "Facilities"),
    ("establecimientos", "albergues", "centros"),
    (
        RECORD_ID,
        Column(
            "name", Kind.TEXT, pgettext_lazy("record", "Name"), required=True, aliases=("nombre",)
        ),
        Column(
            "facility_type",
            Kind.CODE,
            pgettext_lazy("record", "Type"),
            required=True,
            code_list="facility_type",
            aliases=("tipo",),
        ),
        REGION,
        Column(
            "capacity",
            Kind.INTEGER,
            pgettext_lazy("record", "Capacity (places)"),
            aliases=("capacidad", "plazas"),
            minimum=0,
        ),
        Column(
            "admits_sex",
            Kind.CODE,
            pgettext_lazy("record", "Sex admitted (empty: both)"),
            code_list="sex",
            aliases=("sexo_admitido",),
        ),
        Column(
            "admits_min_age",
            Kind.INTEGER,
            pgettext_lazy("record", "Minimum age admitted"),
            aliases=("edad_minima",),
            minimum=0,
            maximum=120,
        ),
        Column(
            "admits_max_age",
            Kind.INTEGER,
            pgettext_lazy("record", "Maximum age admitted"),
            aliases=("edad_maxima",),
            minimum=0,
            maximum=120,
        ),
        Column(
            "admits_transgender",
            Kind.BOOLEAN,
            pgettext_lazy("record", "Admits transgender people"),
            aliases=("admite_trans",),
        ),
        Column(
            "open_24_hours",
            Kind.BOOLEAN,
            pgettext_lazy("record", "Open 24 hours"),
            aliases=("atiende_24_horas", "24_horas"),
        ),
        Column(
            "trafficking_specialized",
            Kind.BOOLEAN,
            pgettext_lazy("record", "Specialized in trafficking"),
            aliases=("especializado_trata",),
            default=False,
        ),
    ),
)

REFERRALS = RecordType(
    "referrals",
    "referral",
    "Referral",
    pgettext_lazy("record", "Referrals"),
    ("derivaciones", "derivacion"),
    (
        RECORD_ID,
        victim_reference("requested_on"),
        Column(
            "to_agency",
            Kind.AGENCY,
            pgettext_lazy("record", "Agency referred to"),
            aliases=("entidad_destino", "derivado_a"),
        ),
        Column(
            "facility_id",
            Kind.REFERENCE,
            pgettext_lazy("record", "Facility referred to"),
            references="facilities",
            aliases=("id_establecimiento",),
            attribute="to_facility",
        ),
        Column(
            "service_type",
            Kind.CODE,
            pgettext_lazy("record", "Service"),
            required=True,
            code_list="service_type",
            aliases=("servicio", "tipo_servicio"),
        ),
        Column(
            "requested_on",
            Kind.DATE,
            pgettext_lazy("record", "Date referred"),
            required=True,
            aliases=("fecha_derivacion", "fecha"),
        ),
        Column(
            "decided_on",
            Kind.DATE,
            pgettext_lazy("record", "Date decided"),
            aliases=("fecha_respuesta",),
            not_before="requested_on",
        ),
        Column(
            "outcome",
            Kind.CODE,
            pgettext_lazy("record", "Outcome"),
            code_list="referral_outcome",
            aliases=("resultado",),
            default="pending",
        ),
        Column(
            "outcome_reason",
            Kind.TEXT,
            pgettext_lazy("record", "Reason for the outcome"),
            aliases=("motivo",),
        ),
        Column(
            "conditioned_on_statement",
            Kind.BOOLEAN,
            pgettext_lazy("record", "Conditioned on a statement"),
            aliases=("condicionado_a_declaracion",),
        ),
    ),
    date="requested_on",
    regions_via=("facility_id",),
)

SERVICES = RecordType(
    "services",
    "service",
    "ServiceEpisode",
    pgettext_lazy("record", "Services"),
    ("atenciones", "servicios"),
    (
        RECORD_ID,
        victim_reference("started_on"),
        Column(
            "service_type",
            Kind.CODE,
            pgettext_lazy("record", "Service"),
            required=True,
            code_list="service_type",
            aliases=("servicio", "tipo_servicio"),
        ),
        STARTED_ON,
        ENDED_ON,
        Column(
            "facility_id",
            Kind.REFERENCE,
            pgettext_lazy("record", "Facility"),
            references="facilities",
            aliases=("id_establecimiento",),
            attribute="facility",
        ),
        Column(
            "referral_id",
            Kind.REFERENCE,
            pgettext_lazy("record", "Referral"),
            references="referrals",
            aliases=("id_derivacion",),
            attribute="referral",
        ),
    ),
    date="started_on",
    regions_via=("facility_id",),
)

PLACEMENTS = RecordType(
    "placements",
    "placement",
    "Placement",
    pgettext_lazy("record", "Placements"),
    ("acogimientos", "ingresos"),
    (
        RECORD_ID,
        victim_reference("admitted_on"),
        Column(
            "facility_id",
            Kind.REFERENCE,
            pgettext_lazy("record", "Facility"),
            required=True,
            references="facilities",
            aliases=("id_establecimiento",),
            attribute="facility",
        ),
        Column(
            "admitted_on",
            Kind.DATE,
            pgettext_lazy("record", "Date admitted"),
            required=True,
            aliases=("fecha_ingreso",),
        ),
        Column(
            "left_on",
            Kind.DATE,
            pgettext_lazy("record", "Date left"),
            aliases=("fecha_egreso",),
            not_before="admitted_on",
        ),
        Column(
            "referral_id",
            Kind.REFERENCE,
            pgettext_lazy("record", "Referral"),
            references="referrals",
            aliases=("id_derivacion",),
            attribute="referral",
        ),
        Column("reason", Kind.TEXT, pgettext_lazy("record", "Reason"), aliases=("motivo",)),
    ),
    date="admitted_on",
    regions_via=("facility_id",),
)
