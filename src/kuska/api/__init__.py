"""The REST API: agencies submit files and read their batches, authenticated by a user's token (the user's roles
and agencies say what it may do).

Endpoints, under ``/api/v1/`` (documented in ``docs/api.md``)::

    POST /api/v1/submissions/             files in, counts per sheet out            (records.submit)
    GET  /api/v1/batches/                 the batches the user may see, 100 a page  (batches.view)
    GET  /api/v1/batches/<id>/            a batch's status and counters             (batches.view)
    GET  /api/v1/batches/<id>/rejected/   its rejected rows with the reasons        (batches.view)
    GET  /api/v1/schema/                  the OpenAPI 3 schema (no token)
    GET  /api/v1/docs/                    the schema as a readable page (no token)

Every error is JSON with the message in Spanish and English: ``{"error": {"code", "es", "en"}}``.
"""
