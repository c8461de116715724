"""The models the access module's functions return, named here for the faces' type annotations (pages, API and
commands do not import the models themselves)."""

from kuska.intake.models import RejectedRow
from kuska.registry.models import Agency, PersonRecord, SubmissionBatch

__all__ = ["Agency", "PersonRecord", "RejectedRow", "SubmissionBatch"]
