"""The submission format, as data: one record type per sheet or file, its columns, their kinds and aliases.

Column names are English (``given_names``); each column also accepts its Spanish aliases (``nombres``) and, where
one exists, its HTCDS 2.0 field name (``prs_FirstName``). Headers are compared without case, accents or
punctuation. ``docs/intake.md`` documents every column (a test keeps it complete).

>>> RECORD_TYPES["persons"].field("nombres").name
'given_names'
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from enum import Enum
from functools import cached_property


class Kind(Enum):
    """How a cell is read."""

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


@dataclass(frozen=True)
class Column:
    """One column of a record type."""

    name: str
    kind: Kind
    es: str
    en: str
    required: bool = False
    code_list: str = ""
    references: str = ""  # record type a REFERENCE column points to
    aliases: tuple[str, ...] = ()
    htcds: tuple[str, ...] = ()
    minimum: int | None = None
    maximum: int | None = None
    many: bool = False  # a REFERENCE column holding several ids separated by ';'
    max_length: int | None = (
        None  # a TEXT column's own limit, where its table's column is shorter or longer
    )


@dataclass(frozen=True)
class RecordType:
    """A sheet of the submission: the rows of one registry model."""

    name: str
    model: str
    es: str
    en: str
    aliases: tuple[str, ...]
    columns: tuple[Column, ...]
    _by_header: dict[str, Column] = field(default_factory=dict, compare=False, repr=False)

    def __post_init__(self) -> None:
        for column in self.columns:
            for header in (column.name, *column.aliases, *column.htcds):
                key = header_key(header)
                assert key not in self._by_header, f"{self.name}: header {header} used twice"
                self._by_header[key] = column

    def field(self, header: str) -> Column | None:
        """The column a header names, if any."""
        return self._by_header.get(header_key(header))

    @cached_property
    def column_names(self) -> list[str]:
        return [c.name for c in self.columns]

    @property
    def references(self) -> list[Column]:
        return [c for c in self.columns if c.kind is Kind.REFERENCE]


def header_key(text: str) -> str:
    """A header without case, accents, spaces or punctuation: ``"Apellido Paterno"`` → ``"apellidopaterno"``."""
    decomposed = unicodedata.normalize("NFKD", str(text))
    ascii_text = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return re.sub(r"[^a-z0-9]", "", ascii_text.lower())


RECORD_ID = Column(
    "record_id",
    Kind.TEXT,
    "Identificador del registro en el sistema de la entidad (único por entidad)",
    "The agency's own identifier of the record (unique per agency)",
    required=True,
    aliases=("id_registro", "id", "codigo_registro", "source_record_id"),
    htcds=("prs_Id",),
)


def _ref(name: str, target: str, es: str, en: str, *aliases: str, required: bool = False) -> Column:
    return Column(
        name, Kind.REFERENCE, es, en, required=required, references=target, aliases=aliases
    )


REGION = Column(
    "region",
    Kind.REGION,
    "Región (código ISO PE-XXX, código INEI o nombre)",
    "Region (ISO code PE-XXX, INEI code or name)",
    aliases=("departamento", "dpto"),
)

# Columns that several record types share, written once.
STARTED_ON = Column(
    "started_on",
    Kind.DATE,
    "Fecha de inicio",
    "Start date",
    required=True,
    aliases=("fecha_inicio", "fecha"),
)
ENDED_ON = Column("ended_on", Kind.DATE, "Fecha de fin", "End date", aliases=("fecha_fin",))
TITLE = Column("title", Kind.TEXT, "Título", "Title", required=True, aliases=("titulo", "nombre"))

PERSONS = RecordType(
    "persons",
    "PersonRecord",
    "Personas",
    "Persons",
    ("personas", "persona", "victimas", "victims"),
    (
        RECORD_ID,
        Column(
            "role",
            Kind.CODE,
            "Rol: víctima, presunto tratante o testigo",
            "Role: victim, suspect or witness",
            required=True,
            code_list="person_role",
            aliases=("rol", "condicion"),
        ),
        Column(
            "given_names",
            Kind.IDENTITY,
            "Nombres",
            "Given names",
            aliases=("nombres", "nombre", "prenombres"),
            htcds=("prs_FirstName",),
        ),
        Column(
            "paternal_surname",
            Kind.IDENTITY,
            "Apellido paterno",
            "Paternal surname",
            aliases=("apellido_paterno", "ap_paterno", "primer_apellido"),
            htcds=("prs_SecondName",),
        ),
        Column(
            "maternal_surname",
            Kind.IDENTITY,
            "Apellido materno",
            "Maternal surname",
            aliases=("apellido_materno", "ap_materno", "segundo_apellido"),
        ),
        Column(
            "sex",
            Kind.CODE,
            "Sexo",
            "Sex",
            code_list="sex",
            aliases=("sexo",),
        ),
        Column(
            "gender_identity",
            Kind.CODE,
            "Identidad de género",
            "Gender identity",
            code_list="gender_identity",
            aliases=("identidad_genero", "genero"),
            htcds=("prs_Gender",),
        ),
        Column(
            "birth_date",
            Kind.DATE,
            "Fecha de nacimiento",
            "Birth date",
            aliases=("fecha_nacimiento", "fec_nac", "nacimiento"),
            htcds=("prs_Birthdate",),
        ),
        Column(
            "age",
            Kind.INTEGER,
            "Edad en la fecha del hecho (si no se conoce la fecha de nacimiento)",
            "Age at the event (when the birth date is not known)",
            aliases=("edad",),
            htcds=("vic_AgeWhenTrafficked",),
            minimum=0,
            maximum=120,
        ),
        Column(
            "event_date",
            Kind.DATE,
            "Fecha del hecho o de la identificación, a la que se refiere la edad",
            "Date of the event or identification, to which the age refers",
            aliases=("fecha_hecho", "fecha_evento", "fecha_identificacion"),
        ),
        Column(
            "nationality",
            Kind.CODE,
            "Nacionalidad (código ISO 3166 de dos letras o nombre del país)",
            "Nationality (ISO 3166 two-letter code or country name)",
            code_list="nationality",
            aliases=("nacionalidad", "pais"),
            htcds=("prs_Citizenship",),
        ),
        Column(
            "document_type",
            Kind.CODE,
            "Tipo de documento de identidad",
            "Identity document type",
            code_list="document_type",
            aliases=("tipo_documento", "tipo_doc"),
        ),
        Column(
            "document_number",
            Kind.IDENTITY,
            "Número de documento",
            "Document number",
            aliases=("numero_documento", "nro_documento", "num_doc", "dni"),
            htcds=("prs_IdentityNumber",),
        ),
        Column(
            "indigenous_people",
            Kind.CODE,
            "Pueblo indígena u originario",
            "Indigenous people",
            code_list="indigenous_people",
            aliases=("pueblo_indigena", "pueblo_originario"),
        ),
        Column(
            "language",
            Kind.CODE,
            "Lengua materna (código ISO 639-3 o nombre)",
            "Mother tongue (ISO 639-3 code or name)",
            code_list="language",
            aliases=("lengua", "lengua_materna", "idioma"),
            htcds=("prs_PrimaryLanguage",),
        ),
        Column(
            "public_official",
            Kind.BOOLEAN,
            "Funcionario o servidor público (solo presuntos tratantes)",
            "Public official (suspects only)",
            aliases=("funcionario_publico",),
        ),
        Column(
            "case_id",
            Kind.REFERENCE,
            "Casos en los que participa (identificadores separados por ;)",
            "Cases the person takes part in (ids separated by ;)",
            references="cases",
            many=True,
            aliases=("id_caso", "casos"),
        ),
    ),
)

CASES = RecordType(
    "cases",
    "CaseFile",
    "Casos",
    "Cases",
    ("casos", "caso", "expedientes", "carpetas"),
    (
        RECORD_ID,
        Column(
            "opened_on",
            Kind.DATE,
            "Fecha de apertura",
            "Date opened",
            aliases=("fecha_apertura", "fecha_denuncia"),
        ),
        Column("closed_on", Kind.DATE, "Fecha de cierre", "Date closed", aliases=("fecha_cierre",)),
        REGION,
        Column(
            "recruitment_channel",
            Kind.CODE,
            "Medio de captación",
            "Recruitment channel",
            code_list="recruitment_channel",
            aliases=("medio_captacion", "captacion"),
        ),
        Column(
            "exploitation_forms",
            Kind.CODES,
            "Formas de explotación (separadas por ;)",
            "Forms of exploitation (separated by ;)",
            code_list="exploitation_form",
            aliases=("formas_explotacion", "finalidad", "tipo_explotacion"),
            htcds=("vic_TypeOfExploitation",),
        ),
        Column(
            "means_of_control",
            Kind.CODES,
            "Medios de control (separados por ;)",
            "Means of control (separated by ;)",
            code_list="means_of_control",
            aliases=("medios_control", "medios"),
            htcds=("vic_MethodsOfControl",),
        ),
    ),
)

OPERATIONS = RecordType(
    "operations",
    "Operation",
    "Operativos",
    "Operations",
    ("operativos", "operativo", "intervenciones"),
    (
        RECORD_ID,
        Column(
            "started_on",
            Kind.DATE,
            "Fecha del operativo",
            "Date of the operation",
            required=True,
            aliases=("fecha", "fecha_operativo"),
        ),
        REGION,
        Column(
            "participating_agencies",
            Kind.AGENCIES,
            "Otras entidades participantes (códigos separados por ;)",
            "Other participating agencies (codes separated by ;)",
            aliases=("entidades_participantes", "participantes"),
        ),
        Column(
            "detentions",
            Kind.INTEGER,
            "Detenidos",
            "Detentions",
            aliases=("detenidos", "detenciones"),
            minimum=0,
        ),
        Column(
            "victims_rescued",
            Kind.INTEGER,
            "Víctimas rescatadas",
            "Victims rescued",
            aliases=("victimas_rescatadas", "rescatadas"),
            minimum=0,
        ),
    ),
)

IDENTIFICATIONS = RecordType(
    "identifications",
    "Identification",
    "Identificaciones",
    "Identifications",
    ("identificaciones", "identificacion"),
    (
        RECORD_ID,
        _ref(
            "person_id",
            "persons",
            "Víctima identificada (id del registro de persona)",
            "Victim identified (person record id)",
            "id_persona",
            "id_victima",
            required=True,
        ),
        Column(
            "identified_on",
            Kind.DATE,
            "Fecha de identificación",
            "Date identified",
            required=True,
            aliases=("fecha_identificacion", "fecha"),
        ),
        Column(
            "method",
            Kind.CODE,
            "Cómo se identificó",
            "How the victim was identified",
            required=True,
            code_list="identification_method",
            aliases=("metodo", "forma_identificacion", "origen"),
        ),
        REGION,
        _ref("operation_id", "operations", "Operativo", "Operation", "id_operativo"),
        _ref("case_id", "cases", "Caso", "Case", "id_caso"),
        Column(
            "referred_by",
            Kind.AGENCY,
            "Entidad que derivó (si fue derivada)",
            "Referring agency (if referred)",
            aliases=("derivado_por",),
        ),
    ),
)

PROCEEDINGS = RecordType(
    "proceedings",
    "ProceedingEvent",
    "Actuaciones procesales",
    "Proceedings",
    ("actuaciones", "actuaciones_procesales", "procesos"),
    (
        RECORD_ID,
        _ref("case_id", "cases", "Caso", "Case", "id_caso"),
        _ref(
            "suspect_id",
            "persons",
            "Presunto tratante (id del registro de persona)",
            "Suspect (person record id)",
            "id_imputado",
            "id_procesado",
        ),
        Column(
            "stage",
            Kind.CODE,
            "Etapa: denuncia, investigación, acusación, juicio, condena, absolución, archivo, apelación",
            "Stage: complaint, investigation, prosecution, trial, conviction, acquittal, dismissal, appeal",
            required=True,
            code_list="proceeding_stage",
            aliases=("etapa", "estado"),
        ),
        Column(
            "occurred_on",
            Kind.DATE,
            "Fecha de la actuación",
            "Date",
            required=True,
            aliases=("fecha",),
        ),
        Column(
            "offences",
            Kind.OFFENCES,
            "Delitos imputados en esta etapa (artículos del Código Penal separados por ;)",
            "Offences charged at this stage (penal-code articles separated by ;)",
            aliases=("delitos", "articulos", "tipificacion"),
        ),
        Column(
            "sentence_months",
            Kind.INTEGER,
            "Pena privativa de libertad (meses)",
            "Prison sentence (months)",
            aliases=("pena_meses",),
            minimum=0,
        ),
        Column(
            "sentence_suspended",
            Kind.BOOLEAN,
            "Pena suspendida",
            "Sentence suspended",
            aliases=("pena_suspendida",),
        ),
        Column("fine_amount", Kind.DECIMAL, "Multa (soles)", "Fine (soles)", aliases=("multa",)),
        Column(
            "compensation_ordered",
            Kind.DECIMAL,
            "Reparación civil ordenada (soles)",
            "Compensation ordered (soles)",
            aliases=("reparacion_civil", "reparacion_ordenada"),
        ),
        Column(
            "compensation_paid",
            Kind.DECIMAL,
            "Reparación civil pagada (soles)",
            "Compensation paid (soles)",
            aliases=("reparacion_pagada",),
        ),
    ),
)

FACILITIES = RecordType(
    "facilities",
    "Facility",
    "Establecimientos",
    "Facilities",
    ("establecimientos", "albergues", "centros"),
    (
        RECORD_ID,
        Column("name", Kind.TEXT, "Nombre", "Name", required=True, aliases=("nombre",)),
        Column(
            "facility_type",
            Kind.CODE,
            "Tipo",
            "Type",
            required=True,
            code_list="facility_type",
            aliases=("tipo",),
        ),
        REGION,
        Column(
            "capacity",
            Kind.INTEGER,
            "Capacidad (plazas)",
            "Capacity (places)",
            aliases=("capacidad", "plazas"),
            minimum=0,
        ),
        Column(
            "admits_sex",
            Kind.CODE,
            "Sexo que admite (vacío: ambos)",
            "Sex admitted (empty: both)",
            code_list="sex",
            aliases=("sexo_admitido",),
        ),
        Column(
            "admits_min_age",
            Kind.INTEGER,
            "Edad mínima admitida",
            "Minimum age admitted",
            aliases=("edad_minima",),
            minimum=0,
            maximum=120,
        ),
        Column(
            "admits_max_age",
            Kind.INTEGER,
            "Edad máxima admitida",
            "Maximum age admitted",
            aliases=("edad_maxima",),
            minimum=0,
            maximum=120,
        ),
        Column(
            "admits_transgender",
            Kind.BOOLEAN,
            "Admite personas trans",
            "Admits transgender people",
            aliases=("admite_trans",),
        ),
        Column(
            "open_24_hours",
            Kind.BOOLEAN,
            "Atiende 24 horas",
            "Open 24 hours",
            aliases=("atiende_24_horas", "24_horas"),
        ),
        Column(
            "trafficking_specialized",
            Kind.BOOLEAN,
            "Especializado en trata",
            "Specialized in trafficking",
            aliases=("especializado_trata",),
        ),
    ),
)

REFERRALS = RecordType(
    "referrals",
    "Referral",
    "Derivaciones",
    "Referrals",
    ("derivaciones", "derivacion"),
    (
        RECORD_ID,
        _ref(
            "person_id",
            "persons",
            "Víctima (id del registro de persona)",
            "Victim (person record id)",
            "id_persona",
            "id_victima",
            required=True,
        ),
        Column(
            "to_agency",
            Kind.AGENCY,
            "Entidad a la que se deriva",
            "Agency referred to",
            aliases=("entidad_destino", "derivado_a"),
        ),
        _ref(
            "facility_id",
            "facilities",
            "Establecimiento al que se deriva",
            "Facility referred to",
            "id_establecimiento",
        ),
        Column(
            "service_type",
            Kind.CODE,
            "Servicio",
            "Service",
            required=True,
            code_list="service_type",
            aliases=("servicio", "tipo_servicio"),
        ),
        Column(
            "requested_on",
            Kind.DATE,
            "Fecha de derivación",
            "Date referred",
            required=True,
            aliases=("fecha_derivacion", "fecha"),
        ),
        Column(
            "decided_on",
            Kind.DATE,
            "Fecha de respuesta",
            "Date decided",
            aliases=("fecha_respuesta",),
        ),
        Column(
            "outcome",
            Kind.CODE,
            "Resultado",
            "Outcome",
            code_list="referral_outcome",
            aliases=("resultado",),
        ),
        Column(
            "outcome_reason",
            Kind.TEXT,
            "Motivo del resultado",
            "Reason for the outcome",
            aliases=("motivo",),
        ),
        Column(
            "conditioned_on_statement",
            Kind.BOOLEAN,
            "Condicionado a declarar",
            "Conditioned on a statement",
            aliases=("condicionado_a_declaracion",),
        ),
    ),
)

SERVICES = RecordType(
    "services",
    "ServiceEpisode",
    "Atenciones",
    "Services",
    ("atenciones", "servicios"),
    (
        RECORD_ID,
        _ref(
            "person_id",
            "persons",
            "Víctima (id del registro de persona)",
            "Victim (person record id)",
            "id_persona",
            "id_victima",
            required=True,
        ),
        Column(
            "service_type",
            Kind.CODE,
            "Servicio",
            "Service",
            required=True,
            code_list="service_type",
            aliases=("servicio", "tipo_servicio"),
        ),
        STARTED_ON,
        ENDED_ON,
        _ref("facility_id", "facilities", "Establecimiento", "Facility", "id_establecimiento"),
        _ref("referral_id", "referrals", "Derivación", "Referral", "id_derivacion"),
    ),
)

PLACEMENTS = RecordType(
    "placements",
    "Placement",
    "Acogimientos",
    "Placements",
    ("acogimientos", "ingresos"),
    (
        RECORD_ID,
        _ref(
            "person_id",
            "persons",
            "Víctima (id del registro de persona)",
            "Victim (person record id)",
            "id_persona",
            "id_victima",
            required=True,
        ),
        _ref(
            "facility_id",
            "facilities",
            "Establecimiento",
            "Facility",
            "id_establecimiento",
            required=True,
        ),
        Column(
            "admitted_on",
            Kind.DATE,
            "Fecha de ingreso",
            "Date admitted",
            required=True,
            aliases=("fecha_ingreso",),
        ),
        Column("left_on", Kind.DATE, "Fecha de egreso", "Date left", aliases=("fecha_egreso",)),
        _ref("referral_id", "referrals", "Derivación", "Referral", "id_derivacion"),
        Column("reason", Kind.TEXT, "Motivo", "Reason", aliases=("motivo",)),
    ),
)

BUDGETS = RecordType(
    "budgets",
    "BudgetAllocation",
    "Presupuesto",
    "Budgets",
    ("presupuesto", "presupuestos"),
    (
        RECORD_ID,
        Column(
            "entity",
            Kind.AGENCY,
            "Entidad que recibe la asignación",
            "Entity receiving the allocation",
            required=True,
            aliases=("entidad",),
        ),
        Column(
            "year",
            Kind.INTEGER,
            "Año",
            "Year",
            required=True,
            aliases=("anio", "ano"),
            minimum=1990,
            maximum=2100,
        ),
        Column("amount", Kind.DECIMAL, "Monto", "Amount", required=True, aliases=("monto",)),
        Column(
            "currency",
            Kind.TEXT,
            "Moneda (PEN por defecto)",
            "Currency (PEN by default)",
            aliases=("moneda",),
        ),
        Column("purpose", Kind.TEXT, "Finalidad", "Purpose", aliases=("finalidad",)),
        Column(
            "dedicated",
            Kind.BOOLEAN,
            "Partida específica contra la trata",
            "Dedicated anti-trafficking line",
            aliases=("partida_especifica",),
        ),
    ),
)

TRAININGS = RecordType(
    "trainings",
    "Training",
    "Capacitaciones",
    "Trainings",
    ("capacitaciones",),
    (
        RECORD_ID,
        STARTED_ON,
        ENDED_ON,
        TITLE,
        Column(
            "audience",
            Kind.CODE,
            "Público",
            "Audience",
            code_list="training_audience",
            aliases=("publico", "dirigido_a"),
        ),
        Column(
            "participants",
            Kind.INTEGER,
            "Participantes",
            "Participants",
            aliases=("participantes",),
            minimum=0,
        ),
        Column(
            "completed",
            Kind.INTEGER,
            "Aprobados",
            "Completed",
            aliases=("aprobados", "concluyeron"),
            minimum=0,
        ),
        Column(
            "partner",
            Kind.TEXT,
            "Organización aliada",
            "Partner organisation",
            aliases=("aliado", "cooperante"),
        ),
    ),
)

CAMPAIGNS = RecordType(
    "campaigns",
    "AwarenessCampaign",
    "Campañas",
    "Campaigns",
    ("campanas", "campana"),
    (
        RECORD_ID,
        STARTED_ON,
        ENDED_ON,
        TITLE,
        Column(
            "channel",
            Kind.CODE,
            "Canal",
            "Channel",
            code_list="campaign_channel",
            aliases=("canal", "medio"),
        ),
        Column("audience", Kind.TEXT, "Público", "Audience", aliases=("publico",)),
        Column("languages", Kind.TEXT, "Lenguas", "Languages", aliases=("lenguas", "idiomas")),
        Column(
            "reach",
            Kind.INTEGER,
            "Personas alcanzadas",
            "People reached",
            aliases=("alcance", "alcanzados"),
            minimum=0,
        ),
    ),
)

HOTLINE_CALLS = RecordType(
    "hotline_calls",
    "HotlineCall",
    "Llamadas",
    "Hotline calls",
    ("llamadas", "linea"),
    (
        RECORD_ID,
        Column(
            "called_at",
            Kind.DATETIME,
            "Fecha y hora de la llamada",
            "Date and time of the call",
            required=True,
            aliases=("fecha_hora", "fecha"),
        ),
        Column(
            "line",
            Kind.CODE,
            "Línea",
            "Line",
            required=True,
            code_list="hotline",
            aliases=("linea_telefonica",),
        ),
        Column(
            "language",
            Kind.CODE,
            "Lengua de la llamada",
            "Language of the call",
            code_list="language",
            aliases=("lengua", "idioma"),
        ),
        REGION,
        Column(
            "suspected_trafficking",
            Kind.BOOLEAN,
            "Presunto caso de trata",
            "Suspected trafficking",
            aliases=("presunta_trata",),
        ),
        Column("referred_to", Kind.AGENCY, "Derivada a", "Referred to", aliases=("derivado_a",)),
    ),
)

LABOUR_INSPECTIONS = RecordType(
    "labour_inspections",
    "LabourInspection",
    "Inspecciones laborales",
    "Labour inspections",
    ("inspecciones", "inspecciones_laborales"),
    (
        RECORD_ID,
        Column(
            "inspected_on",
            Kind.DATE,
            "Fecha de inspección",
            "Date inspected",
            required=True,
            aliases=("fecha_inspeccion", "fecha"),
        ),
        REGION,
        Column(
            "employment_agency",
            Kind.BOOLEAN,
            "Es agencia de empleo",
            "Is an employment agency",
            aliases=("agencia_empleo",),
        ),
        Column(
            "recruitment_fees_found",
            Kind.BOOLEAN,
            "Cobro de comisiones de reclutamiento",
            "Recruitment fees found",
            aliases=("cobro_comisiones",),
        ),
        Column(
            "documents_retained_found",
            Kind.BOOLEAN,
            "Retención de documentos",
            "Documents retained",
            aliases=("retencion_documentos",),
        ),
        Column(
            "enforcement_action",
            Kind.TEXT,
            "Medida adoptada (multa, cierre…)",
            "Enforcement action (fine, closure…)",
            aliases=("medida", "sancion"),
        ),
        Column(
            "referred_to_prosecutors",
            Kind.BOOLEAN,
            "Derivada a fiscalía",
            "Referred to prosecutors",
            aliases=("derivada_fiscalia",),
        ),
        Column(
            "victims_identified",
            Kind.INTEGER,
            "Víctimas identificadas",
            "Victims identified",
            aliases=("victimas_identificadas",),
            minimum=0,
        ),
    ),
)

# In the order a submission is loaded: a record type comes after those it references.
RECORD_TYPES: dict[str, RecordType] = {
    t.name: t
    for t in (
        FACILITIES,
        OPERATIONS,
        CASES,
        PERSONS,
        IDENTIFICATIONS,
        PROCEEDINGS,
        REFERRALS,
        SERVICES,
        PLACEMENTS,
        BUDGETS,
        TRAININGS,
        CAMPAIGNS,
        HOTLINE_CALLS,
        LABOUR_INSPECTIONS,
    )
}

# Published counts, not records: the rows of an aggregate series (e.g. MININTER's open data), produced by a reader
# that knows its publisher's layout (``kuska.intake.readers.mininter``), never chosen by a sheet's name or by
# ``--type``. They are loaded like any record (batch, provenance, fingerprint, versions) into their own table, kept
# apart from record-level data; templates, the format's documentation and mapping files know only RECORD_TYPES.
AGGREGATE_OBSERVATIONS = RecordType(
    "aggregate_observations",
    "AggregateObservation",
    "Observaciones agregadas",
    "Aggregate observations",
    (),
    (
        RECORD_ID,
        Column("series", Kind.TEXT, "Serie", "Series", required=True, max_length=40),
        Column(
            "year",
            Kind.INTEGER,
            "Año",
            "Year",
            required=True,
            aliases=("año", "anio"),
            minimum=1990,
            maximum=2100,
        ),
        Column("month", Kind.INTEGER, "Mes", "Month", aliases=("mes",), minimum=1, maximum=12),
        Column(
            "region",
            Kind.REGION,
            "Región (código de departamento del INEI)",
            "Region (INEI department code)",
            aliases=("departamento", "ccdd"),
        ),
        Column("place", Kind.TEXT, "Lugar", "Place", max_length=1000),
        Column(
            "category",
            Kind.TEXT,
            "Categoría",
            "Category",
            required=True,
            aliases=("categoria",),
            max_length=200,
        ),
        Column(
            "subcategory",
            Kind.TEXT,
            "Código de la subcategoría",
            "Subcategory code",
            required=True,
            aliases=("subcategoria", "denuncias_por_comision"),
            max_length=60,
        ),
        Column("is_total", Kind.BOOLEAN, "Es un total o subtotal", "Is a total or sub-total"),
        Column(
            "value",
            Kind.INTEGER,
            "Conteo (vacío: no reportado)",
            "Count (blank: not reported)",
            aliases=("valor",),
            minimum=0,
        ),
    ),
)

SERIES_TYPES: dict[str, RecordType] = {AGGREGATE_OBSERVATIONS.name: AGGREGATE_OBSERVATIONS}

# Every record type intake loads, in loading order.
LOADABLE: dict[str, RecordType] = {**RECORD_TYPES, **SERIES_TYPES}

_BY_SHEET = {
    header_key(alias): t
    for t in RECORD_TYPES.values()
    for alias in (t.name, t.es, t.en, *t.aliases)
}


def record_type_for(name: str) -> RecordType | None:
    """The record type a sheet or file name stands for: ``"Personas"``, ``"persons.csv"``, ``"pnp_victimas"``."""
    stem = re.sub(r"\.(csv|tsv|txt|xlsx|jsonl|json|ndjson)$", "", name.strip(), flags=re.IGNORECASE)
    key = header_key(stem)
    if key in _BY_SHEET:
        return _BY_SHEET[key]
    for alias in sorted(_BY_SHEET, key=len, reverse=True):
        if len(alias) >= 5 and alias in key:
            return _BY_SHEET[alias]
    return None
