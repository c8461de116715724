"""Limits a submitted file must meet before it is read: a hostile or broken file is refused in seconds, with a
clear message, before anything is stored — it does not get to fill the memory or the processor first.

Each limit is a Django setting read from the environment (README, "Configuration"; ``docs/intake.md``, "Limits"):

====================================  =====================================================  ==========
setting (environment variable)        what it limits                                          default
====================================  =====================================================  ==========
``KUSKA_INTAKE_MAX_WORKBOOK_BYTES``   an Excel workbook's size once uncompressed               1 GiB
``KUSKA_INTAKE_MAX_COMPRESSION``      how many times a workbook part may expand when opened    100
``KUSKA_INTAKE_MAX_SHARED_STRINGS``   a workbook's shared strings once uncompressed, bytes     64 MiB
``KUSKA_INTAKE_MAX_HEADER_LENGTH``    the header line of a CSV file, in characters             65 536
``KUSKA_INTAKE_MAX_LINE_LENGTH``      any other line of a CSV or JSON Lines file, characters   1 048 576
``KUSKA_INTAKE_MAX_COLUMNS``          the columns of a sheet or keys of a JSON object          1 000
====================================  =====================================================  ==========

>>> Limits().columns
1000
"""

from __future__ import annotations

from dataclasses import dataclass

from django.conf import settings

# A workbook part smaller than this is not checked for its compression: small parts (styles, a sheet of one
# repeated value) compress very well and cost nothing to open.
RATIO_FLOOR_BYTES = 8 * 1024 * 1024


@dataclass(frozen=True)
class Limits:
    workbook_bytes: int = 1024**3
    compression: int = 100
    # every shared string is held in memory while a workbook is read: its part is limited on its own, whatever its
    # compression
    shared_strings_bytes: int = 64 * 1024**2
    header_length: int = 65_536
    line_length: int = 1_048_576
    columns: int = 1_000


def current() -> Limits:
    """The limits in force (the ``INTAKE_LIMITS`` setting, built from the environment in ``kuska.settings``)."""
    configured = getattr(settings, "INTAKE_LIMITS", None)
    return configured if isinstance(configured, Limits) else Limits()
