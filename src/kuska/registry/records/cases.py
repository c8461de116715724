"""Declarations of the records of cases: operations, case files, persons and identifications."""

from __future__ import annotations

from collections.abc import Mapping
from functools import cache
from typing import Any

from django.utils.translation import pgettext_lazy

from kuska.registry.ages import MAX_AGE, age_on
from kuska.registry.crypto import document_hash
from kuska.registry.records.base import (
    CASE_REFERENCE,
    RECORD_ID,
    REGION,
    Children,
    Column,
    Finding,
    Kind,
    RecordType,
    victim_reference,
)


@cache
def _hash_key() -> bytes:
    """The keyed-hash key, read from the settings once per process (rows are hashed by the million)."""
    from django.conf import settings

    return bytes(settings.KEYS.hash_key)


def _derived(values: Mapping[str, Any]) -> dict[str, Any]:
    """A person's age on the event's date, from the birth date, the keyed hash of the document number, and
    whether the names were split from a full name."""
    derived: dict[str, Any] = {}
    birth, event = values.get("birth_date"), values.get("event_date")
    if birth and event:
        derived["age_at_event"] = age_on(birth, event)
    number = values.get("document_number")
    derived["document_hash"] = (
        document_hash(values["document_type"], number, _hash_key()) if number else ""
    )
    # set by intake when it split a full-name column itself
    derived["names_inferred"] = bool(values.get("names_inferred"))
    return derived


def _checks(values: Mapping[str, Any]) -> list[Finding]:
    """A document number needs its type; a birth date comes before the event and agrees with the age given."""
    found = []
    birth, event, age = values.get("birth_date"), values.get("event_date"), values.get("age")
    if values.get("document_number") and not values.get("document_type"):
        found.append(Finding("document_number", "document_without_type"))
    if birth and event:
        if birth > event:
            found.append(
                Finding("birth_date", "birth_after_event", birth, {"date": event.isoformat()})
            )
            return found
        computed = age_on(birth, event)
        if computed > MAX_AGE:
            found.append(Finding("birth_date", "age_out_of_range", birth, {"age": computed}))
        elif age is not None and abs(age - computed) > 1:
            found.append(Finding("age", "age_contradicts_birth_date", age, {"age": computed}))
    return found


OPERATIONS = RecordType(
    "operations",
    "operation",
    "Operation",
    pgettext_lazy("record", "Operations"),
    ("operativos", "operativo", "intervenciones"),
    (
        RECORD_ID,
        Column(
            "started_on",
            Kind.DATE,
            pgettext_lazy("record", "Date of the operation"),
            required=True,
            aliases=("fecha", "fecha_operativo"),
        ),
        REGION,
        Column(
            "participating_agencies",
            Kind.AGENCIES,
            pgettext_lazy("record", "Other participating agencies (codes separated by ;)"),
            aliases=("entidades_participantes", "participantes"),
        ),
        Column(
            "detentions",
            Kind.INTEGER,
            pgettext_lazy("record", "Detentions"),
            aliases=("detenidos", "detenciones"),
            minimum=0,
        ),
        Column(
            "victims_rescued",
            Kind.INTEGER,
            pgettext_lazy("record", "Victims rescued"),
            aliases=("victimas_rescatadas", "rescatadas"),
            minimum=0,
        ),
    ),
    date="started_on",
    children=(  # the table of the many-to-many field Operation.participating_agencies
        Children(
            "participating_agencies",
            "Operation_participating_agencies",
            parent="operation",
            value="agency",
        ),
    ),
)

CASES = RecordType(
    "cases",
    "case",
    "CaseFile",
    pgettext_lazy("record", "Cases"),
    ("casos", "caso", "expedientes", "carpetas"),
    (
        RECORD_ID,
        Column(
            "opened_on",
            Kind.DATE,
            pgettext_lazy("record", "Date opened"),
            aliases=("fecha_apertura", "fecha_denuncia"),
        ),
        Column(
            "closed_on",
            Kind.DATE,
            pgettext_lazy("record", "Date closed"),
            aliases=("fecha_cierre",),
            not_before="opened_on",
        ),
        REGION,
        Column(
            "recruitment_channel",
            Kind.CODE,
            pgettext_lazy("record", "Recruitment channel"),
            code_list="recruitment_channel",
            aliases=("medio_captacion", "captacion"),
        ),
        Column(
            "exploitation_forms",
            Kind.CODES,
            pgettext_lazy("record", "Forms of exploitation (separated by ;)"),
            code_list="exploitation_form",
            aliases=("formas_explotacion", "finalidad", "tipo_explotacion"),
            htcds=("vic_TypeOfExploitation",),
        ),
        Column(
            "means_of_control",
            Kind.CODES,
            pgettext_lazy("record", "Means of control (separated by ;)"),
            code_list="means_of_control",
            aliases=("medios_control", "medios"),
            htcds=("vic_MethodsOfControl",),
        ),
    ),
    date="opened_on",
    children=(
        Children("exploitation_forms", "CaseExploitation", parent="case_file", value="form"),
        Children("means_of_control", "CaseMeansOfControl", parent="case_file", value="means"),
    ),
)

PERSONS = RecordType(
    "persons",
    "person",
    "PersonRecord",
    pgettext_lazy("record", "Persons"),
    ("personas", "persona", "victimas", "victims"),
    (
        RECORD_ID,
        Column(
            "role",
            Kind.CODE,
            pgettext_lazy("record", "Role: victim, suspect or witness"),
            required=True,
            code_list="person_role",
            aliases=("rol", "condicion"),
        ),
        Column(
            "given_names",
            Kind.IDENTITY,
            pgettext_lazy("record", "Given names"),
            aliases=("nombres", "nombre", "prenombres"),
            htcds=("prs_FirstName",),
        ),
        Column(
            "paternal_surname",
            Kind.IDENTITY,
            pgettext_lazy("record", "Paternal surname"),
            aliases=("apellido_paterno", "ap_paterno", "primer_apellido"),
            htcds=("prs_SecondName",),
        ),
        Column(
            "maternal_surname",
            Kind.IDENTITY,
            pgettext_lazy("record", "Maternal surname"),
            aliases=("apellido_materno", "ap_materno", "segundo_apellido"),
        ),
        Column(
            "sex", Kind.CODE, pgettext_lazy("record", "Sex"), code_list="sex", aliases=("sexo",)
        ),
        Column(
            "gender_identity",
            Kind.CODE,
            pgettext_lazy("record", "Gender identity"),
            code_list="gender_identity",
            aliases=("identidad_genero", "genero"),
            htcds=("prs_Gender",),
        ),
        Column(
            "birth_date",
            Kind.DATE,
            pgettext_lazy("record", "Birth date"),
            aliases=("fecha_nacimiento", "fec_nac", "nacimiento"),
            htcds=("prs_Birthdate",),
            identity=True,
        ),
        Column(
            "age",
            Kind.INTEGER,
            pgettext_lazy("record", "Age at the event (when the birth date is not known)"),
            aliases=("edad",),
            htcds=("vic_AgeWhenTrafficked",),
            minimum=0,
            maximum=120,
            attribute="age_at_event",
        ),
        Column(
            "event_date",
            Kind.DATE,
            pgettext_lazy("record", "Date of the event or identification, to which the age refers"),
            aliases=("fecha_hecho", "fecha_evento", "fecha_identificacion"),
        ),
        Column(
            "nationality",
            Kind.CODE,
            pgettext_lazy("record", "Nationality (ISO 3166 two-letter code or country name)"),
            code_list="nationality",
            aliases=("nacionalidad", "pais"),
            htcds=("prs_Citizenship",),
        ),
        Column(
            "document_type",
            Kind.CODE,
            pgettext_lazy("record", "Identity document type"),
            code_list="document_type",
            aliases=("tipo_documento", "tipo_doc"),
        ),
        Column(
            "document_number",
            Kind.IDENTITY,
            pgettext_lazy("record", "Document number"),
            aliases=("numero_documento", "nro_documento", "num_doc", "dni"),
            htcds=("prs_IdentityNumber",),
        ),
        Column(
            "indigenous_people",
            Kind.CODE,
            pgettext_lazy("record", "Indigenous people"),
            code_list="indigenous_people",
            aliases=("pueblo_indigena", "pueblo_originario"),
        ),
        Column(
            "language",
            Kind.CODE,
            pgettext_lazy("record", "Mother tongue (ISO 639-3 code or name)"),
            code_list="language",
            aliases=("lengua", "lengua_materna", "idioma"),
            htcds=("prs_PrimaryLanguage",),
        ),
        Column(
            "public_official",
            Kind.BOOLEAN,
            pgettext_lazy("record", "Public official (suspects only)"),
            aliases=("funcionario_publico",),
            attribute="is_public_official",
        ),
        Column(
            "identification_region",
            Kind.REGION,
            pgettext_lazy(
                "record", "Region where the person was identified (code, name or fiscal district)"
            ),
            aliases=("region_identificacion", "departamento", "region", "distrito_fiscal"),
        ),
        Column(
            "case_id",
            Kind.REFERENCE,
            pgettext_lazy("record", "Cases the person takes part in (ids separated by ;)"),
            references="cases",
            many=True,
            aliases=("id_caso", "casos"),
        ),
    ),
    children=(Children("case_id", "CaseParticipant", parent="person", value="case_file"),),
    derive=_derived,
    derived=("age_at_event", "document_hash", "names_inferred"),
    checks=(_checks,),
)

IDENTIFICATIONS = RecordType(
    "identifications",
    "identification",
    "Identification",
    pgettext_lazy("record", "Identifications"),
    ("identificaciones", "identificacion"),
    (
        RECORD_ID,
        victim_reference(
            "identified_on", pgettext_lazy("record", "Victim identified (person record id)")
        ),
        Column(
            "identified_on",
            Kind.DATE,
            pgettext_lazy("record", "Date identified"),
            required=True,
            aliases=("fecha_identificacion", "fecha"),
        ),
        Column(
            "method",
            Kind.CODE,
            pgettext_lazy("record", "How the victim was identified"),
            required=True,
            code_list="identification_method",
            aliases=("metodo", "forma_identificacion", "origen"),
        ),
        REGION,
        Column(
            "operation_id",
            Kind.REFERENCE,
            pgettext_lazy("record", "Operation"),
            references="operations",
            aliases=("id_operativo",),
            attribute="operation",
        ),
        CASE_REFERENCE,
        Column(
            "referred_by",
            Kind.AGENCY,
            pgettext_lazy("record", "Referring agency (if referred)"),
            aliases=("derivado_por",),
        ),
    ),
    date="identified_on",
    regions_via=("case_id",),
)
