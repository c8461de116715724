"""Figures remembered until the data changes: a figure computed once is served again, from Django's cache, to
every reader who asks for the same thing, until a batch is stored, linkage runs again or the profile is installed
again.

The key holds the *data version* (:func:`data_version`): the number, last id and latest arrival of the submission
batches, the rows they accepted or updated, the last linkage run and when it finished, and the profile's digest and loading time.
Each of these changes whenever a figure could: a record only arrives, or changes, through a batch (the web's forms
included), and a person only through a linkage run. Reference data changed in the administration site changes no
count, only labels: entries expire after :data:`LIFETIME_SECONDS` as well, so a label edited there shows within
that time.

The cache is the process's memory, or Redis (``KUSKA_CACHE_URL``) shared by every process. Published and exact
figures are remembered apart (the caller puts ``public`` in the key's parts).
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Hashable
from typing import TypeVar

from django.core.cache import cache
from django.db.models import Count, Max, Sum

from kuska.linkage.models import LinkageRun
from kuska.registry.models import LoadedProfile, SubmissionBatch

T = TypeVar("T")

LIFETIME_SECONDS = 10 * 60


def data_version() -> str:
    """A short digest that changes whenever stored records, linked persons or the profile change."""
    batches = SubmissionBatch.objects.aggregate(
        n=Count("id"),
        last=Max("id"),
        received=Max("received_at"),
        accepted=Sum("rows_accepted"),
        updated=Sum("rows_updated"),
    )
    runs = LinkageRun.objects.aggregate(last=Max("id"), finished=Max("finished_at"))
    profiles = sorted(LoadedProfile.objects.values_list("digest", "loaded_at"))
    text = repr((sorted(batches.items()), sorted(runs.items()), profiles))
    return hashlib.sha256(text.encode()).hexdigest()[:16]


def remembered(
    kind: str,
    parts: tuple[Hashable, ...],
    compute: Callable[[], T],
    *,
    version: str | None = None,
) -> T:
    """``compute()``'s value for ``kind`` and ``parts`` under the current data version (``version``, when the
    caller has just read it): from the cache when it is there, else computed and kept."""
    digest = hashlib.sha256(repr(parts).encode()).hexdigest()[:24]
    key = f"kuska:figures:{version or data_version()}:{kind}:{digest}"
    found = cache.get(key)
    if found is not None:
        return found  # type: ignore[no-any-return]
    value = compute()
    cache.set(key, value, timeout=LIFETIME_SECONDS)
    return value
