"""The three secrets Kuska needs, read from the environment or, in development, from a local file.

- ``KUSKA_SECRET_KEY``: Django's signing key.
- ``KUSKA_DATA_KEYS``: the keys that encrypt identity fields, as ``id:base64key`` pairs separated by commas. The
  first one encrypts; all of them decrypt, so a key can be rotated by putting a new one first.
- ``KUSKA_HASH_KEY``: the key of the keyed hash (HMAC-SHA256) of document numbers.

In development (``KUSKA_DEBUG`` on) a missing key is generated once into ``var/local-keys.json`` (readable by its
owner only). With ``KUSKA_DEBUG`` off, Kuska refuses to start when a key is missing, malformed or one of those
local development keys.
"""

from __future__ import annotations

import base64
import binascii
import json
import os
import secrets
from dataclasses import dataclass
from pathlib import Path

from django.core.exceptions import ImproperlyConfigured

from kuska.config.env import env_str
from kuska.files import private_folder

LOCAL_KEYS_FILE = "local-keys.json"
LOCAL_SECRET_PREFIX = "local-insecure-"  # noqa: S105 - a marker, not a secret
LOCAL_DATA_KEY_ID = "local"
DATA_KEY_BYTES = 32
HASH_KEY_BYTES = 32


@dataclass(frozen=True)
class Keys:
    """The secrets in force. ``data_keys`` maps key id to key; ``current_data_key_id`` encrypts."""

    secret_key: str
    data_keys: dict[str, bytes]
    current_data_key_id: str
    hash_key: bytes
    local: bool


def _b64(name: str, text: str, size: int) -> bytes:
    try:
        raw = base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))
    except (binascii.Error, ValueError) as exc:
        raise ImproperlyConfigured(f"{name}: the key is not valid base64.") from exc
    if len(raw) != size:
        raise ImproperlyConfigured(f"{name}: the key must be {size} bytes, it has {len(raw)}.")
    return raw


def parse_data_keys(text: str) -> tuple[str, dict[str, bytes]]:
    """Parse ``id:base64key,...``; returns the current key id and all keys.

    >>> current, keys = parse_data_keys("k2:" + "B" * 43 + ",k1:" + "A" * 43)
    >>> current, sorted(keys)
    ('k2', ['k1', 'k2'])
    """
    keys: dict[str, bytes] = {}
    current = ""
    for item in text.split(","):
        item = item.strip()
        if not item:
            continue
        key_id, sep, encoded = item.partition(":")
        if not sep or not key_id or not key_id.isalnum():
            raise ImproperlyConfigured(
                "KUSKA_DATA_KEYS: each key is written 'id:base64key' with a letters-and-digits id."
            )
        if key_id in keys:
            raise ImproperlyConfigured(f"KUSKA_DATA_KEYS: key id {key_id!r} appears twice.")
        keys[key_id] = _b64("KUSKA_DATA_KEYS", encoded, DATA_KEY_BYTES)
        current = current or key_id
    if not keys:
        raise ImproperlyConfigured("KUSKA_DATA_KEYS holds no key.")
    return current, keys


def new_key(size: int = 32) -> str:
    """A fresh random key, base64 without padding."""
    return base64.urlsafe_b64encode(secrets.token_bytes(size)).decode().rstrip("=")


def _local_keys(folder: Path) -> dict[str, str]:
    path = folder / LOCAL_KEYS_FILE
    if path.exists():
        data: dict[str, str] = json.loads(path.read_text(encoding="utf-8"))
        return data
    private_folder(folder)
    data = {
        "KUSKA_SECRET_KEY": LOCAL_SECRET_PREFIX + secrets.token_urlsafe(40),
        "KUSKA_DATA_KEYS": f"{LOCAL_DATA_KEY_ID}:{new_key(DATA_KEY_BYTES)}",
        "KUSKA_HASH_KEY": new_key(HASH_KEY_BYTES),
    }
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "w", encoding="utf-8") as out:
        json.dump(data, out, indent=2)
    return data


def load_keys(*, debug: bool, folder: Path) -> Keys:
    """The keys from the environment; in debug mode, missing ones come from the local key file."""
    names = ("KUSKA_SECRET_KEY", "KUSKA_DATA_KEYS", "KUSKA_HASH_KEY")
    values = {name: env_str(name) for name in names}
    missing = [name for name, value in values.items() if not value]
    if missing and not debug:
        raise ImproperlyConfigured(
            f"{', '.join(missing)} not set. With KUSKA_DEBUG off (the default), Kuska needs its keys from the "
            "environment: set them (see the README, 'Configuration'), or set KUSKA_DEBUG=true to run for "
            "development with keys generated locally."
        )
    if missing:
        local = _local_keys(folder)
        for name in missing:
            values[name] = local[name]
    current, data_keys = parse_data_keys(values["KUSKA_DATA_KEYS"])
    keys = Keys(
        secret_key=values["KUSKA_SECRET_KEY"],
        data_keys=data_keys,
        current_data_key_id=current,
        hash_key=_b64("KUSKA_HASH_KEY", values["KUSKA_HASH_KEY"], HASH_KEY_BYTES),
        local=bool(missing),
    )
    if not debug:
        _refuse_local(keys, folder)
    return keys


def _refuse_local(keys: Keys, folder: Path) -> None:
    problems = []
    if keys.secret_key.startswith(LOCAL_SECRET_PREFIX) or len(keys.secret_key) < 40:
        problems.append("KUSKA_SECRET_KEY is a development key or shorter than 40 characters")
    if LOCAL_DATA_KEY_ID in keys.data_keys:
        problems.append("KUSKA_DATA_KEYS contains the development key")
    path = folder / LOCAL_KEYS_FILE
    if path.exists():
        local: dict[str, str] = json.loads(path.read_text(encoding="utf-8"))
        if keys.hash_key == _b64("KUSKA_HASH_KEY", local["KUSKA_HASH_KEY"], HASH_KEY_BYTES):
            problems.append("KUSKA_HASH_KEY is the development key")
        _, local_data = parse_data_keys(local["KUSKA_DATA_KEYS"])
        if set(local_data.values()) & set(keys.data_keys.values()):
            problems.append("KUSKA_DATA_KEYS contains the development key")
    if problems:
        raise ImproperlyConfigured(
            "Refusing to start with KUSKA_DEBUG off: " + "; ".join(sorted(set(problems))) + "."
        )
