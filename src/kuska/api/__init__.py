"""The REST API: agencies submit files and read their batches, authenticated by a per-agency token.

Endpoints, under ``/api/v1/`` (documented in ``docs/api.md``)::

    POST /api/v1/submissions/             files in, counts per sheet out
    GET  /api/v1/batches/<id>/            a batch's status and counters
    GET  /api/v1/batches/<id>/rejected/   its rejected rows with the reasons, 100 per page

Every error is JSON with the message in Spanish and English: ``{"error": {"code", "es", "en"}}``.
"""
