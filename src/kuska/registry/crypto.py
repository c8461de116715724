"""Encryption of identity fields and keyed hashes of document numbers.

Identity values (names, birth dates, document numbers) are encrypted with AES-256-GCM. A stored value reads
``v1:<key id>:<base64 nonce+ciphertext>``: the key id travels beside the ciphertext, so keys can be rotated by
adding a new key first in ``KUSKA_DATA_KEYS`` while the old ones still decrypt. The column's name is bound to the
ciphertext as associated data, so a value copied into another column does not decrypt.

>>> cipher = IdentityCipher({"k1": bytes(32)}, "k1")
>>> token = cipher.encrypt("Rosa", context="person.given_names")
>>> token.startswith("v1:k1:"), cipher.decrypt(token, context="person.given_names")
(True, 'Rosa')
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import hmac
import os
import re
import unicodedata
from collections.abc import Callable, Sequence
from functools import cache

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM

FORMAT_VERSION = "v1"
NONCE_BYTES = 12


class DecryptionError(Exception):
    """A stored identity value could not be decrypted (unknown key id, wrong column or tampered data)."""


class IdentityCipher:
    """Encrypts and decrypts identity values with a set of keys, one of which is current."""

    def __init__(self, keys: dict[str, bytes], current_key_id: str) -> None:
        if current_key_id not in keys:
            raise ValueError(f"current key id {current_key_id!r} is not among the keys")
        self._aead = {key_id: AESGCM(key) for key_id, key in keys.items()}
        self.current_key_id = current_key_id
        self._current = self._aead[current_key_id].encrypt
        self._prefix = f"{FORMAT_VERSION}:{current_key_id}:"

    def encrypt(self, plaintext: str, *, context: str) -> str:
        return self.sealer(context)(plaintext)

    def sealer(self, context: str) -> Callable[[str], str]:
        """:meth:`encrypt` for one column, for encrypting many values: the key and associated data bound once.

        >>> seal = IdentityCipher({"k1": bytes(32)}, "k1").sealer("person.given_names")
        >>> IdentityCipher({"k1": bytes(32)}, "k1").decrypt(seal("Rosa"), context="person.given_names")
        'Rosa'
        """
        seal_row = self.row_sealer([context])

        def seal(plaintext: str) -> str:
            (token,) = seal_row([plaintext])
            assert token is not None
            return token

        return seal

    def row_sealer(
        self, contexts: Sequence[str]
    ) -> Callable[[Sequence[str | None]], list[str | None]]:
        """Encryption of a row's identities, one value per column of ``contexts`` (``None``: no value, left so).

        The nonces of a row are drawn from the system's random source in one call, not one call per value: a
        system call costs as much as an encryption.

        >>> cipher = IdentityCipher({"k1": bytes(32)}, "k1")
        >>> given, birth = cipher.row_sealer(["person.given_names", "person.birth_date"])(["Rosa", None])
        >>> cipher.decrypt(given, context="person.given_names"), birth
        ('Rosa', None)
        """
        aead, prefix = self._current, self._prefix
        associated = [_associated(context) for context in contexts]
        size = NONCE_BYTES * len(contexts)
        urandom, b64 = os.urandom, binascii.b2a_base64

        def seal(plaintexts: Sequence[str | None]) -> list[str | None]:
            nonces = urandom(size)
            sealed: list[str | None] = []
            start = 0
            for plaintext, data in zip(plaintexts, associated, strict=True):
                if plaintext is None:
                    sealed.append(None)
                else:
                    nonce = nonces[start : start + NONCE_BYTES]
                    box = aead(nonce, plaintext.encode("utf-8"), data)
                    sealed.append(prefix + b64(nonce + box, newline=False).decode("ascii"))
                start += NONCE_BYTES
            return sealed

        return seal

    def decrypt(self, token: str, *, context: str) -> str:
        version, _, rest = token.partition(":")
        key_id, _, payload = rest.partition(":")
        if version != FORMAT_VERSION or not payload:
            raise DecryptionError("not an encrypted identity value")
        aead = self._aead.get(key_id)
        if aead is None:
            raise DecryptionError(f"no key with id {key_id!r} is configured")
        raw = base64.b64decode(payload)
        try:
            plain = aead.decrypt(raw[:NONCE_BYTES], raw[NONCE_BYTES:], _associated(context))
        except InvalidTag as exc:
            raise DecryptionError(f"value does not decrypt for {context}") from exc
        return plain.decode("utf-8")

    def opener(self, context: str) -> Callable[[str], str]:
        """:meth:`decrypt` for one column, for decrypting many values: the associated data bound once, the keys
        looked up by the token's prefix.

        >>> cipher = IdentityCipher({"k1": bytes(32)}, "k1")
        >>> cipher.opener("person.given_names")(cipher.encrypt("Rosa", context="person.given_names"))
        'Rosa'
        """
        data = _associated(context)
        openers = {
            f"{FORMAT_VERSION}:{key_id}:": aead.decrypt for key_id, aead in self._aead.items()
        }
        a2b = binascii.a2b_base64

        def open_(token: str) -> str:
            cut = token.find(":", token.find(":") + 1) + 1
            decrypt = openers.get(token[:cut])
            if decrypt is None:
                return self.decrypt(token, context=context)  # explains what is wrong
            raw = a2b(token[cut:])
            try:
                plain = decrypt(raw[:NONCE_BYTES], raw[NONCE_BYTES:], data)
            except InvalidTag as exc:
                raise DecryptionError(f"value does not decrypt for {context}") from exc
            return plain.decode("utf-8")

        return open_

    @staticmethod
    def key_id_of(token: str) -> str:
        """The id of the key a stored value was encrypted with."""
        return token.split(":", 2)[1]


@cache
def _associated(context: str) -> bytes:
    """The associated data binding a value to its column (few distinct columns, so encoded once each)."""
    return context.encode("utf-8")


_SEPARATORS = re.compile(r"[\s\-./_]+")


def normalize_document_number(document_type: str, number: str) -> str:
    """The canonical form of a document number: upper case, no spaces, dashes or dots.

    A DNI has eight digits; spreadsheets often drop its leading zeros, so they are put back.

    >>> normalize_document_number("dni", " 0456-7890 ")
    '04567890'
    >>> normalize_document_number("dni", "4567890")
    '04567890'
    >>> normalize_document_number("passport", "ab 12.345")
    'AB12345'
    """
    if number.isascii() and number.isalnum():
        text = number.upper()  # the usual case, already canonical but for letter case
    else:
        text = _SEPARATORS.sub("", unicodedata.normalize("NFKC", number).upper())
    if document_type == "dni" and text.isdigit() and len(text) < 8:
        text = text.zfill(8)
    return text


def document_hash(document_type: str, number: str, key: bytes) -> str:
    """HMAC-SHA256 of the normalized ``type:number``, hex: the same document gives the same hash at every agency.

    >>> document_hash("dni", "04567890", bytes(32)) == document_hash("DNI", "4567890", bytes(32))
    True
    """
    kind = document_type.strip().lower()
    message = f"{kind}:{normalize_document_number(kind, number)}".encode()
    mac = _keyed(key).copy()
    mac.update(message)
    return mac.hexdigest()


@cache
def _keyed(key: bytes) -> hmac.HMAC:
    # The key schedule once per key; each hash copies it.
    return hmac.new(key, digestmod=hashlib.sha256)


@cache
def default_cipher() -> IdentityCipher:
    """The cipher built from the keys in the settings."""
    from django.conf import settings

    return IdentityCipher(settings.KEYS.data_keys, settings.KEYS.current_data_key_id)


def default_document_hash(document_type: str, number: str) -> str:
    """:func:`document_hash` with the keyed-hash key from the settings."""
    from django.conf import settings

    return document_hash(document_type, number, settings.KEYS.hash_key)
