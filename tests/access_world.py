"""A small world for access tests: person records of three agencies around a police unit, each victim referred to
the agency that recorded them, a hotline call of each agency, a batch with a rejected row for each agency, and a
background job for each (the own agency's started by the creator, the others' by nobody).

``own`` is the police unit of Loreto (PNP-LOR), where the personas hold their memberships; ``parent`` is the
police (PNP), above it; ``other`` is the prosecutors' office (MP-FISCALIA), beside it. Given a ``creator``, the own
agency's batch is theirs (its ``submitted_by``): they created its records. The others came in files, by nobody.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.utils import timezone

from kuska.accounts.models import User
from kuska.care.models import Alert, Case, CaseReferral
from kuska.intake.models import RejectedRow
from kuska.jobs.models import Job
from kuska.linkage.models import LinkageRun, LinkedPair
from kuska.registry.crypto import default_document_hash
from kuska.registry.models import (
    Agency,
    Facility,
    HotlineCall,
    PersonRecord,
    Referral,
    Region,
    SubmissionBatch,
)
from kuska.screening.models import Screening

OWN, PARENT, OTHER = "PNP-LOR", "PNP", "MP-FISCALIA"
PLACES = {"own": OWN, "parent": PARENT, "other": OTHER}

# identity values no page, answer, log or event may show to anyone who has not revealed them
NAMES = {
    OWN: ("Wayra Antonella", "Huamán", "Ccori", "30405060"),
    PARENT: ("Killari Sumaq", "Yupanqui", "Tupac", "40506070"),
    OTHER: ("Illari Nayra", "Condori", "Apaza", "50607080"),
}
BIRTH_DATES = {
    OWN: datetime.date(2009, 4, 17),
    PARENT: datetime.date(2008, 11, 3),
    OTHER: datetime.date(2007, 2, 21),
}


@dataclass(frozen=True)
class Holdings:
    """What one agency holds: a batch (with a rejected row), a victim it recorded and was referred to, a
    hotline call and a screening (by ``creator``, or by a screener of the agency)."""

    agency: Agency
    batch: SubmissionBatch
    victim: PersonRecord
    call: HotlineCall
    job: Job
    screening: Screening


def holdings(code: str, creator: User | None = None) -> Holdings:
    """The agency's batch, victim, referral, call and rejected row; the batch submitted by ``creator``."""
    agency = Agency.objects.get(code=code)
    batch = SubmissionBatch.objects.create(
        agency=agency,
        submitted_by=creator,
        file_name="personas.csv",
        format="csv",
        rows_read=2,
        rows_accepted=1,
        rows_rejected=1,
    )
    given, paternal, maternal, document = NAMES[code]
    # the birth date is an encrypted column, typed as text by the stubs
    born: dict[str, object] = {"birth_date": BIRTH_DATES[code]}
    victim = PersonRecord.objects.create(
        agency=agency,
        batch=batch,
        source_record_id=f"{code}-V1",
        role="victim",
        given_names=given,
        paternal_surname=paternal,
        maternal_surname=maternal,
        **born,
        document_type="dni",
        document_number=document,
        document_hash=default_document_hash("dni", document),
        sex="female",
        nationality="PE",
    )
    Referral.objects.create(
        agency=agency,
        batch=batch,
        source_record_id=f"{code}-R1",
        victim=victim,
        to_agency=agency,
        service_type="shelter",
        requested_on=datetime.date(2025, 3, 1),
    )
    call = HotlineCall.objects.create(
        agency=agency,
        batch=batch,
        source_record_id=f"{code}-C1",
        called_at=timezone.make_aware(datetime.datetime(2025, 2, 27, 10, 30)),
        line="line_1818",
    )
    RejectedRow.objects.create(
        batch=batch,
        sheet="personas.csv",
        record_type="persons",
        row_number=3,
        raw='{"record_id": "X-3", "given_names": "***", "sex": "X"}',
        problems=[
            {
                "row": 3,
                "column": "sex",
                "value": "X",
                "code": "not_in_code_list",
                "message_es": "El valor no está en la lista «sex».",
                "message_en": "The value is not in the code list 'sex'.",
            }
        ],
    )
    job = Job.objects.create(kind="intake.import", user=creator, params={"agency": code})
    screener = creator or User.objects.create_user(
        email=f"detecciones@{code.lower()}.example", password=None
    )
    screening = Screening.objects.create(
        agency=agency,
        screened_by=screener,
        screened_on=datetime.date(2025, 2, 27),
        questionnaire="adults_labour",
        version=1,
        answers={"al01": "yes"},
        result="possible_victim",
        indicators={"al01": "deceived_nature_of_job"},
    )
    return Holdings(agency, batch, victim, call, job, screening)


def world(creator: User | None = None) -> dict[str, Holdings]:
    """The holdings of the own, parent and other agency, by place; those of the own agency created by
    ``creator``."""
    return {
        place: holdings(code, creator if place == "own" else None) for place, code in PLACES.items()
    }


def identity_strings(*codes: str) -> list[str]:
    """The identity values of the agencies' victims (every agency's without codes), in the spellings a page or a
    file could show them."""
    found: list[str] = []
    for code, (given, paternal, maternal, document) in NAMES.items():
        if codes and code not in codes:
            continue
        born = BIRTH_DATES[code]
        found += [given, paternal, maternal, document, born.isoformat(), f"{born:%d/%m/%Y}"]
    return found


def pair_in_review(places: dict[str, Holdings]) -> LinkedPair:
    """A pair of the own and the other agency's victims waiting for review in the latest linkage run."""
    run = LinkageRun.objects.create(
        status=LinkageRun.Status.COMPLETED,
        finished_at=timezone.now(),
        backend="duckdb",
        threshold=0.95,
        review_from=0.5,
        seed=1,
        trained=False,
        model={},
    )
    left, right = sorted((places["own"].victim.pk, places["other"].victim.pk))
    return LinkedPair.objects.create(
        run=run,
        record_l_id=left,
        record_r_id=right,
        match_weight=2.0,
        match_probability=0.8,
        outcome=LinkedPair.Outcome.REVIEW,
    )


@dataclass(frozen=True)
class CareHoldings:
    """What one agency holds in care: a case of its victim, the case's referral to the agency itself (from the
    referral record of :func:`holdings`), an overnight facility in Loreto and an alert on the referral."""

    case: Case
    referral: CaseReferral
    facility: Facility
    alert: Alert


def care_of(place: Holdings) -> CareHoldings:
    """The agency's care holdings, made the first time they are asked for (only the care pages need them)."""
    case = Case.objects.filter(victim=place.victim).first()
    if case is None:
        case = Case.objects.create(
            victim=place.victim,
            agency=place.agency,
            identified_at=timezone.make_aware(datetime.datetime(2025, 2, 28, 9)),
        )
        record = Referral.objects.get(victim=place.victim)
        CaseReferral.objects.create(
            case=case,
            referral=record,
            to_agency=place.agency,
            service_type="shelter",
            requested_at=timezone.make_aware(datetime.datetime(2025, 3, 1, 9)),
            due_at=timezone.make_aware(datetime.datetime(2025, 3, 2, 9)),
        )
        Facility.objects.create(
            agency=place.agency,
            batch=place.batch,
            source_record_id=f"{place.agency.code}-F1",
            name=f"Casa {place.agency.code}",
            facility_type="specialized_shelter",
            region=Region.objects.get(code="PE-LOR"),
            capacity=10,
        )
    referral = CaseReferral.objects.get(case=case)
    alert = Alert.objects.get_or_create(
        rule="referral_unanswered",
        subject=f"care.casereferral:{referral.pk}",
        defaults={"case": case, "agency": place.agency, "severity": "warning"},
    )[0]
    facility = Facility.objects.get(source_record_id=f"{place.agency.code}-F1")
    return CareHoldings(case, referral, facility, alert)
