"""The one door to person-level records: every page, API endpoint and command reads them through here.

A query is always scoped by the user's memberships and permissions (``docs/access.md``); records come with their
identity columns (names, birth date, document number) *deferred*, so loading them decrypts nothing, and they are
shown by a stable pseudonym (:func:`pseudonym`). Identities are decrypted only by :func:`reveal`, which checks
``identity.reveal`` and the record's scope, takes a reason and writes an audit event first. Every list, view,
search and export of person-level records through this module is an audit event too.

>>> # people = list_records(analyst, PersonRecord, source=request_source(request))   # records.list event
>>> # person = view_record(analyst, PersonRecord, 42, source=...)                     # records.view event
>>> # identity = reveal(analyst, person, "linkage review 412", source=...)           # identity.reveal event
>>> # identity.values["given_names"]
>>> # calls = list_created(screener, "hotline_calls", source=...)                  # what the user created
>>> # pairs = review_queue(analyst, 50, source=...)            # linkage's unsure pairs: records.list event
>>> # behind = figure_records(analyst, indicator, period, {"agency": "POLICE"}, source=...)  # a figure's records
>>> # others = same_person(analyst, person, source=...)        # the person's records at other agencies
>>> # quality_scope(officer)   # the agencies whose data-quality figures they see (None: every agency)
>>> # decide_pair(analyst, 412, "accept", by=..., note=..., source=...)          # linkage.review event
"""

from kuska.access.batches import (
    batch_for,
    batches_for,
    export_rejected_rows,
    quality_scope,
    record_import,
    rejected_problems,
    rejected_rows_for,
    screening_agencies,
    screening_agency,
    submission_agencies,
    submission_agency,
)
from kuska.access.errors import AccessDeniedError, NotInScopeError, ReasonRequiredError
from kuska.access.grants import held, holds
from kuska.access.records import (
    RecordPage,
    Revealed,
    identity_fields,
    list_created,
    list_records,
    person_model,
    pseudonym,
    record_types,
    records_created,
    records_for,
    reveal,
    view_record,
)
from kuska.access.reports import may_read_report, record_report
from kuska.access.review import decide_pair, record_pseudonym, review_queue, review_queue_size
from kuska.access.trace import FigureRecord, FigureRecords, figure_records, may_trace, same_person

__all__ = [
    "AccessDeniedError",
    "FigureRecord",
    "FigureRecords",
    "NotInScopeError",
    "ReasonRequiredError",
    "RecordPage",
    "Revealed",
    "batch_for",
    "batches_for",
    "decide_pair",
    "export_rejected_rows",
    "figure_records",
    "held",
    "holds",
    "identity_fields",
    "list_created",
    "list_records",
    "may_read_report",
    "may_trace",
    "person_model",
    "pseudonym",
    "quality_scope",
    "record_import",
    "record_pseudonym",
    "record_report",
    "record_types",
    "records_created",
    "records_for",
    "rejected_problems",
    "rejected_rows_for",
    "reveal",
    "review_queue",
    "review_queue_size",
    "same_person",
    "screening_agencies",
    "screening_agency",
    "submission_agencies",
    "submission_agency",
    "view_record",
]
