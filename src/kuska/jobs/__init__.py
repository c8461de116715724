"""Background work: the long jobs people start from a page (an import, a linkage run, the annual report), run by
a worker beside the web server and followed on a page with a progress bar.

A job is a row (:class:`kuska.jobs.models.Job`): what to do (its ``kind`` and ``params``), for whom, its state,
its progress and its outcome. :func:`kuska.jobs.work.start` stores it and queues it with Django's tasks framework
(django-tasks, its database backend); ``kuska worker`` runs what is queued, and ``kuska serve`` runs a worker in
its own process beside the web server, so a single machine needs nothing else. See docs/jobs.md.
"""
