"""Building small record sets for the statistics tests: one call per record, with the agency that sent it.

>>> r = Records()                           # doctest: +SKIP
>>> victim = r.victim("PNP-LOR", age=15)   # doctest: +SKIP
>>> r.identification("PNP-LOR", "2020-03-01", victim)  # doctest: +SKIP
"""

from __future__ import annotations

import datetime
import itertools
from decimal import Decimal

from kuska.registry.models import (
    Agency,
    AwarenessCampaign,
    BudgetAllocation,
    CaseExploitation,
    CaseFile,
    CaseParticipant,
    Compensation,
    Facility,
    HotlineCall,
    Identification,
    LabourInspection,
    Operation,
    PersonRecord,
    Placement,
    ProceedingEvent,
    Referral,
    Region,
    Sentence,
    ServiceEpisode,
    SubmissionBatch,
    Training,
)

Day = str | datetime.date


def day(value: Day) -> datetime.date:
    return datetime.date.fromisoformat(value) if isinstance(value, str) else value


class Records:
    """Creates registry records as agencies would send them (one submission batch per agency)."""

    def __init__(self) -> None:
        self._batches: dict[str, SubmissionBatch] = {}
        self._ids = itertools.count(1)

    def _base(self, agency: str) -> dict[str, object]:
        if agency not in self._batches:
            self._batches[agency] = SubmissionBatch.objects.create(
                agency=Agency.objects.get(code=agency)
            )
        batch = self._batches[agency]
        return {"agency": batch.agency, "batch": batch, "source_record_id": f"r{next(self._ids)}"}

    def person(
        self,
        agency: str,
        role: str,
        *,
        sex: str = "female",
        age: int | None = 25,
        nationality: str = "PE",
        official: bool | None = None,
        gender_identity: str = "",
    ) -> PersonRecord:
        return PersonRecord.objects.create(
            **self._base(agency),
            role=role,
            sex=sex,
            age_at_event=age,
            nationality=nationality,
            is_public_official=official,
            gender_identity=gender_identity,
        )

    def victim(self, agency: str, **fields: object) -> PersonRecord:
        return self.person(agency, "victim", **fields)  # type: ignore[arg-type]

    def suspect(self, agency: str, **fields: object) -> PersonRecord:
        fields.setdefault("sex", "male")
        fields.setdefault("official", False)
        return self.person(agency, "suspect", **fields)  # type: ignore[arg-type]

    def case(self, agency: str, *forms: str, region: str | None = None) -> CaseFile:
        case = CaseFile.objects.create(**self._base(agency), region=_region(region))
        for form in forms:
            CaseExploitation.objects.create(case_file=case, form=form)
        return case

    def operation(
        self,
        agency: str,
        on: Day,
        *,
        detentions: int | None = None,
        region: str | None = None,
        participants: tuple[str, ...] = (),
    ) -> Operation:
        operation = Operation.objects.create(
            **self._base(agency), started_on=day(on), detentions=detentions, region=_region(region)
        )
        for code in participants:
            operation.participating_agencies.add(Agency.objects.get(code=code))
        return operation

    def identification(
        self,
        agency: str,
        on: Day,
        victim: PersonRecord | None = None,
        *,
        case: CaseFile | None = None,
        region: str | None = None,
        **person: object,
    ) -> Identification:
        victim = victim or self.victim(agency, **person)
        if case is not None:
            CaseParticipant.objects.get_or_create(case_file=case, person=victim)
        return Identification.objects.create(
            **self._base(agency),
            victim=victim,
            identified_on=day(on),
            method="operation",
            case_file=case,
            region=_region(region),
        )

    def proceeding(
        self,
        agency: str,
        stage: str,
        on: Day,
        suspect: PersonRecord | None = None,
        *,
        case: CaseFile | None = None,
        sentence_months: int | None = None,
        **person: object,
    ) -> ProceedingEvent:
        if suspect is None and case is None:
            suspect = self.suspect(agency, **person)
        event = ProceedingEvent.objects.create(
            **self._base(agency), suspect=suspect, case_file=case, stage=stage, occurred_on=day(on)
        )
        if sentence_months is not None:
            Sentence.objects.create(event=event, prison_months=sentence_months)
        return event

    def compensation(
        self,
        event: ProceedingEvent,
        *,
        ordered: str | None = None,
        paid: str | None = None,
        paid_on: Day | None = None,
        victim: PersonRecord | None = None,
    ) -> Compensation:
        return Compensation.objects.create(
            event=event,
            victim=victim,
            ordered_amount=Decimal(ordered) if ordered is not None else None,
            paid_amount=Decimal(paid) if paid is not None else None,
            paid_on=day(paid_on) if paid_on is not None else None,
        )

    def facility(
        self,
        agency: str,
        facility_type: str,
        *,
        capacity: int | None = None,
        region: str | None = None,
    ) -> Facility:
        return Facility.objects.create(
            **self._base(agency),
            name=f"{facility_type} {next(self._ids)}",
            facility_type=facility_type,
            capacity=capacity,
            region=_region(region),
        )

    def referral(
        self,
        agency: str,
        on: Day,
        victim: PersonRecord,
        *,
        service_type: str = "shelter",
        to_facility: Facility | None = None,
        outcome: str = "pending",
        decided_on: Day | None = None,
        conditioned: bool | None = None,
        reason: str = "",
    ) -> Referral:
        return Referral.objects.create(
            **self._base(agency),
            victim=victim,
            to_facility=to_facility,
            service_type=service_type,
            requested_on=day(on),
            decided_on=day(decided_on) if decided_on is not None else None,
            outcome=outcome,
            outcome_reason=reason,
            conditioned_on_statement=conditioned,
        )

    def service(
        self,
        agency: str,
        on: Day,
        victim: PersonRecord | None = None,
        *,
        service_type: str = "psychosocial",
        facility: Facility | None = None,
        **person: object,
    ) -> ServiceEpisode:
        victim = victim or self.victim(agency, **person)
        return ServiceEpisode.objects.create(
            **self._base(agency),
            victim=victim,
            service_type=service_type,
            started_on=day(on),
            facility=facility,
        )

    def placement(
        self, agency: str, on: Day, victim: PersonRecord, facility: Facility
    ) -> Placement:
        return Placement.objects.create(
            **self._base(agency), victim=victim, facility=facility, admitted_on=day(on)
        )

    def budget(
        self, agency: str, entity: str, year: int, amount: str, *, dedicated: bool = True
    ) -> BudgetAllocation:
        return BudgetAllocation.objects.create(
            **self._base(agency),
            entity=Agency.objects.get(code=entity),
            year=year,
            amount=Decimal(amount),
            dedicated=dedicated,
        )

    def training(
        self,
        agency: str,
        started: Day,
        *,
        ended: Day | None = None,
        audience: str = "other",
        participants: int | None = None,
        completed: int | None = None,
        partner: str = "",
    ) -> Training:
        return Training.objects.create(
            **self._base(agency),
            started_on=day(started),
            ended_on=day(ended) if ended is not None else None,
            title="Curso",
            audience=audience,
            participants=participants,
            completed=completed,
            partner=partner,
        )

    def campaign(self, agency: str, on: Day, *, reach: int | None = None) -> AwarenessCampaign:
        return AwarenessCampaign.objects.create(
            **self._base(agency), started_on=day(on), title="Campaña", reach=reach
        )

    def inspection(
        self,
        agency: str,
        on: Day,
        *,
        employment_agency: bool = True,
        enforcement: str = "",
        referred: bool | None = None,
    ) -> LabourInspection:
        return LabourInspection.objects.create(
            **self._base(agency),
            inspected_on=day(on),
            employment_agency=employment_agency,
            enforcement_action=enforcement,
            referred_to_prosecutors=referred,
        )

    def call(
        self,
        agency: str,
        at: str,
        *,
        language: str = "spa",
        interpreter_requested: bool | None = None,
        interpreter_provided: bool | None = None,
        referred_to: str = "",
        referred_at: str = "",
        region: str | None = None,
    ) -> HotlineCall:
        """A call at ``at`` (``"2020-05-01T10:00"``, Lima time), referred at ``referred_at`` if given."""
        return HotlineCall.objects.create(
            **self._base(agency),
            called_at=moment(at),
            line="line_1818",
            language=language,
            region=_region(region),
            interpreter_requested=interpreter_requested,
            interpreter_provided=interpreter_provided,
            referred_to=Agency.objects.get(code=referred_to) if referred_to else None,
            referred_at=moment(referred_at) if referred_at else None,
        )


def moment(value: str) -> datetime.datetime:
    """A moment in Lima (UTC-5, no daylight saving) from ``2020-05-01T10:00``."""
    return datetime.datetime.fromisoformat(value).replace(
        tzinfo=datetime.timezone(datetime.timedelta(hours=-5))
    )


def _region(code: str | None) -> Region | None:
    return Region.objects.get(code=code) if code else None
