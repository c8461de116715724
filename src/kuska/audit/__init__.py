"""The audit trail: who did what, when, from where, to which records, why, and with what outcome.

Public API: :mod:`kuska.audit.trail` (``record_event``, ``verify``, ``events``, ``record_ref``, ``cli_source``) and
the ``Action`` and ``Outcome`` choices of :mod:`kuska.audit.models`. Described in ``docs/access.md``.
"""
