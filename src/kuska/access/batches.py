"""Submission batches and their rejected rows, for a user who holds ``batches.view`` at the batch's agency; the
agency a user submits for, for one who holds ``records.submit`` there; the agencies a screener records calls and
screenings for, where they hold ``screenings.create``."""

from __future__ import annotations

from collections.abc import Iterable, Iterator

from django.db.models import QuerySet
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from kuska.access.errors import AccessDeniedError
from kuska.accounts.models import Membership, User
from kuska.accounts.permissions import agencies_where, grants
from kuska.audit.models import Action
from kuska.audit.trail import record_event
from kuska.intake.models import RejectedRow
from kuska.registry.agencies import UnknownAgencyError, find_agency
from kuska.registry.models import Agency, SubmissionBatch

VIEW_BATCHES = "batches.view"
EXACT_FIGURES = "figures.exact"
SUBMIT = "records.submit"
CREATE_SCREENINGS = "screenings.create"


def batches_for(user: User) -> QuerySet[SubmissionBatch]:
    """The batches of the agencies (and their units) where the user holds ``batches.view``, newest first."""
    return (
        SubmissionBatch.objects.select_related("agency")
        .filter(agency__in=agencies_where(user, VIEW_BATCHES))
        .order_by("-received_at", "-pk")
    )


def batch_for(user: User, pk: int) -> SubmissionBatch | None:
    """The batch if the user may see it; ``None`` for another agency's batch as for one that does not exist."""
    return batches_for(user).filter(pk=pk).first()


def rejected_rows_for(user: User, batch: SubmissionBatch, *, source: str) -> QuerySet[RejectedRow]:
    """The rejected rows of a batch the user may see, in order of sheet and row; showing them is a
    ``records.list`` event naming the batch (the rows hold person-level data, their identity values masked)."""
    if batch_for(user, batch.pk) is None:
        raise AccessDeniedError(_("You may not see this batch."))
    record_event(user, Action.RECORDS_LIST, records=[batch], source=source)
    return RejectedRow.objects.filter(batch=batch).order_by("sheet", "row_number", "pk")


def quality_scope(user: User) -> set[int] | None:
    """The agencies whose data-quality figures the user may see: every agency (``None``) for a user holding
    ``figures.exact``; else the ids of those (and their units) where they hold ``batches.view``, none if nowhere.
    The figures are counts about an agency's submissions, never records: reading them is no audit event."""
    permissions = {grant.permission for grant in grants(user)}
    if EXACT_FIGURES in permissions:
        return None
    return agencies_where(user, VIEW_BATCHES) if VIEW_BATCHES in permissions else set()


def export_rejected_rows(user: User, batch: SubmissionBatch, *, source: str) -> list[RejectedRow]:
    """The rejected rows of a batch the user may see, for a file they download: a ``records.export`` event
    naming the batch. The file holds where each row was and why it was refused (see :func:`rejected_problems`)."""
    if batch_for(user, batch.pk) is None:
        raise AccessDeniedError(_("You may not see this batch."))
    record_event(user, Action.RECORDS_EXPORT, records=[batch], source=source)
    return list(RejectedRow.objects.filter(batch=batch).order_by("sheet", "row_number", "pk"))


def rejected_problems(rows: Iterable[RejectedRow]) -> Iterator[dict[str, object]]:
    """Each problem of each rejected row: its sheet, row, column and message in every offered language
    (``message_es``, ``message_en``); never the cell's value, nor the row as submitted: a value typed in the
    wrong column may be a name, whatever the column."""
    for row in rows:
        for problem in row.problems:
            yield {
                "sheet": row.sheet,
                "row": row.row_number,
                "column": problem.get("column", ""),
                **{
                    key: value
                    for key, value in problem.items()
                    if key.startswith("message_") and isinstance(value, str)
                },
            }


def submission_agencies(user: User) -> list[Agency]:
    """The agencies the user submits for: those of their memberships that hold ``records.submit`` (none for a
    disabled user), by code."""
    return _membership_agencies(user, SUBMIT) if user.is_active else []


def submission_agency(user: User, code: str | None = None) -> Agency:
    """The agency a submission of the user is for: the one named by ``code`` if the user holds ``records.submit``
    there; without a code, the agency of the user's one membership that holds it."""
    allowed = agencies_where(user, SUBMIT)
    if code:
        try:
            agency = find_agency(code)
        except UnknownAgencyError as exc:
            raise AccessDeniedError(exc.lazy_message) from None
        if agency.pk not in allowed:
            raise AccessDeniedError(
                format_lazy(_("You may not submit records for {agency}."), agency=agency.code)
            )
        return agency
    direct = _membership_agencies(user, SUBMIT)
    if not direct or not allowed:
        raise AccessDeniedError(_("Your role does not allow submitting records."))
    if len(direct) > 1:
        raise AccessDeniedError(
            format_lazy(
                _("You submit for several agencies ({agencies}): say which one."),
                agencies=", ".join(a.code for a in direct),
            )
        )
    return direct[0]


def _membership_agencies(user: User, permission: str) -> list[Agency]:
    """The agencies of the user's memberships whose role holds the permission, by code."""
    return sorted(
        {
            m.agency
            for m in Membership.objects.filter(user=user, role__permissions__code=permission)
            .select_related("agency")
            .distinct()
        },
        key=lambda agency: agency.code,
    )


def screening_agencies(user: User) -> list[Agency]:
    """The agencies the user records calls and screenings for: those of their memberships that hold
    ``screenings.create`` (none for a disabled user), by code."""
    return _membership_agencies(user, CREATE_SCREENINGS) if user.is_active else []


def screening_agency(user: User, code: str = "") -> Agency:
    """The agency of a call or screening the user records: the one named by ``code`` among
    :func:`screening_agencies`; without a code, the only one there is. Raises :class:`AccessDeniedError`."""
    agencies = screening_agencies(user)
    if not agencies:
        raise AccessDeniedError(_("Your role does not allow recording calls or screenings."))
    if not code and len(agencies) == 1:
        return agencies[0]
    for agency in agencies:
        if agency.code == code:
            return agency
    raise AccessDeniedError(
        format_lazy(_("You may not record calls for {agency}."), agency=code or "—")
    )


def record_import(actor: User | None, batch_ids: list[int], *, source: str) -> None:
    """The ``intake.import`` event of a submission that stored the batches (by the API's user, or from the
    command line with no user): the batches are named, never what they hold."""
    batches = SubmissionBatch.objects.filter(pk__in=batch_ids).order_by("pk")
    record_event(actor, Action.INTAKE_IMPORT, records=batches, source=source)
