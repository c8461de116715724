"""A small world for the data-quality scorecard: three agencies' submissions of 2020, with rejected rows, records
received some days after their events, a victim two agencies recorded, and a completed linkage run.

- The police unit of Loreto (PNP-LOR, under PNP) sent a batch of 5 rows, 2 rejected (a sex not in the code list,
  and a date in the future on one of them too); 3 victims identified in 2020, one without a sex, received 10, 20
  and 40 days after their events.
- The police (PNP) sent a batch of 2 rows: 1 victim received 60 days after the event.
- The prosecutors (MP-FISCALIA) sent 1 row: a victim received 2 days after the event, the same person as one of
  PNP-LOR's victims in the linkage run.
"""

from __future__ import annotations

import datetime

from django.utils import timezone

from kuska.intake.models import RejectedRow
from kuska.linkage.models import ClusterAssignment, LinkageRun
from kuska.registry.models import Agency, Identification, PersonRecord, SubmissionBatch

YEAR = 2020


def _received(on: datetime.date) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(on, datetime.time(12)))


def _batch(code: str, read: int, rejected: int, on: str) -> SubmissionBatch:
    return SubmissionBatch.objects.create(
        agency=Agency.objects.get(code=code),
        rows_read=read,
        rows_accepted=read - rejected,
        rows_rejected=rejected,
        received_at=_received(datetime.date.fromisoformat(on)),
        status=SubmissionBatch.Status.COMPLETED,
    )


def _victim(
    batch: SubmissionBatch, source_id: str, event: str, days: int, *, sex: str = "female"
) -> PersonRecord:
    """A victim identified on ``event`` whose record was received ``days`` later."""
    on = datetime.date.fromisoformat(event)
    received = _received(on + datetime.timedelta(days=days))
    victim = PersonRecord.objects.create(
        agency=batch.agency,
        batch=batch,
        source_record_id=source_id,
        role="victim",
        sex=sex,
        age_at_event=17,
        nationality="PE",
        event_date=on,
        received_at=received,
    )
    Identification.objects.create(
        agency=batch.agency,
        batch=batch,
        source_record_id=f"I-{source_id}",
        received_at=received,
        victim=victim,
        identified_on=on,
        method="operation",
    )
    return victim


def _problem(column: str, code: str, es: str, en: str) -> dict[str, object]:
    return {"column": column, "code": code, "message_es": es, "message_en": en}


SEX = _problem(
    "sexo",
    "not_in_code_list",
    "El valor no está en la lista «sex».",
    "The value is not in the code list 'sex'.",
)
FUTURE = _problem(
    "fecha_identificacion",
    "future_date",
    "La fecha es posterior a hoy.",
    "The date is after today.",
)


def build_quality_data(*, linked: bool = True) -> None:
    """The world of the module docstring; ``linked=False`` leaves linkage unrun."""
    lor = _batch("PNP-LOR", 5, 2, "2020-06-01")
    for row, problems in ((4, [SEX, FUTURE]), (5, [SEX])):
        RejectedRow.objects.create(
            batch=lor,
            sheet="victimas",
            record_type="person",
            row_number=row,
            raw="{}",
            problems=problems,
        )
    shared = _victim(lor, "LOR-1", "2020-02-01", 10)
    _victim(lor, "LOR-2", "2020-03-01", 20, sex="")
    _victim(lor, "LOR-3", "2020-04-01", 40)
    pnp = _batch("PNP", 2, 0, "2020-06-01")
    _victim(pnp, "PNP-1", "2020-01-01", 60)
    fiscalia = _batch("MP-FISCALIA", 1, 0, "2020-06-01")
    same = _victim(fiscalia, "MP-1", "2020-05-01", 2)
    if not linked:
        return
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
    for record in PersonRecord.objects.filter(role="victim"):
        person = shared.pk if record.pk in (shared.pk, same.pk) else record.pk
        ClusterAssignment.objects.create(run=run, record=record, person_id=person)
