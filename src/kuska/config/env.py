"""Typed readers for environment variables.

Every setting Kuska reads is listed in :data:`SETTINGS`, so the documentation test can check that each one is
described in the README.

>>> env_bool("KUSKA_BEHIND_PROXY", default=False)  # unset in a fresh shell: the default
False
"""

from __future__ import annotations

import os
from pathlib import Path

from django.core.exceptions import ImproperlyConfigured

# name -> one-line description; the README documents each of them (a test checks it).
SETTINGS: dict[str, str] = {
    "DATABASE_URL": "database to use; default: SQLite file var/kuska.sqlite3",
    "KUSKA_DEBUG": "development mode (true/false); default false (make demo, kuska demo and the tests turn it on)",
    "KUSKA_VAR_DIR": "folder for the SQLite database, local keys and outputs; default ./var",
    "KUSKA_SECRET_KEY": "Django secret key",
    "KUSKA_DATA_KEYS": "identity-field encryption keys, 'id:base64key,...', the first encrypts",
    "KUSKA_HASH_KEY": "key of the keyed hash of document numbers, base64",
    "KUSKA_BEHIND_PROXY": "trust the X-Forwarded-Proto header of a proxy that ends TLS (true/false); default false",
    "KUSKA_CACHE_URL": "Redis server for lockout counts and request rates (redis://...); default process memory",
    "KUSKA_ALLOWED_HOSTS": "comma-separated host names served; default localhost,127.0.0.1",
    "KUSKA_PROFILE": "country profile to load; default peru",
    "KUSKA_TIME_ZONE": "time zone of dates shown; default America/Lima",
    "KUSKA_LOG_LEVEL": "log level; default INFO",
    "KUSKA_LANGUAGE": "language of the kuska command's messages (es, en); default the locale's, else es",
    "KUSKA_USER": "e-mail of the Kuska user the commands act for, when --as does not name one; default none: "
    "the server's operator",
    "KUSKA_INTAKE_MAX_WORKBOOK_BYTES": "largest Excel workbook once uncompressed, bytes; default 1 GiB",
    "KUSKA_INTAKE_MAX_COMPRESSION": "how many times a workbook part may expand when opened; default 100",
    "KUSKA_INTAKE_MAX_SHARED_STRINGS": "largest shared strings of an Excel workbook once uncompressed, "
    "bytes; default 64 MiB",
    "KUSKA_INTAKE_MAX_HEADER_LENGTH": "longest header line of a CSV file, characters; default 65536",
    "KUSKA_INTAKE_MAX_LINE_LENGTH": "longest line of a CSV or JSON Lines file, characters; default 1048576",
    "KUSKA_INTAKE_MAX_COLUMNS": "most columns of a submitted sheet or file; default 1000",
    "KUSKA_API_TOKEN_DAYS": "days an API token works after it is issued; default 90",
    "KUSKA_EMAIL_BACKEND": "Django e-mail backend of the care alerts; default the console in development, "
    "else SMTP to localhost",
    "KUSKA_EMAIL_FROM": "sender address of Kuska's e-mails; default kuska@localhost",
}

_TRUE = {"1", "true", "yes", "on", "si", "sí"}
_FALSE = {"0", "false", "no", "off", ""}


def env_str(name: str, default: str = "") -> str:
    """The variable's value, stripped, or ``default`` when it is unset or empty."""
    value = os.environ.get(name, "").strip()
    return value or default


def env_bool(name: str, *, default: bool) -> bool:
    """A yes/no variable; refuses values that are neither."""
    raw = env_str(name)
    if not raw:
        return default
    value = raw.lower()
    if value in _TRUE:
        return True
    if value in _FALSE:
        return False
    raise ImproperlyConfigured(f"{name}={raw!r} is not a yes/no value (use true or false).")


def env_int(name: str, default: int) -> int:
    """A whole number of at least 1."""
    raw = env_str(name)
    if not raw:
        return default
    try:
        value = int(raw.replace("_", ""))
    except ValueError:
        value = 0
    if value < 1:
        raise ImproperlyConfigured(f"{name}={raw!r} is not a whole number of at least 1.")
    return value


def env_list(name: str, default: list[str]) -> list[str]:
    """A comma-separated list."""
    raw = env_str(name)
    if not raw:
        return list(default)
    return [item.strip() for item in raw.split(",") if item.strip()]


def var_dir() -> Path:
    """The writable folder for local state (SQLite file, local keys, generated outputs)."""
    return Path(env_str("KUSKA_VAR_DIR", "var")).resolve()
