"""Identity fields are encrypted at rest, document numbers are also kept as keyed hashes, and nothing identifying
reaches the logs."""

from __future__ import annotations

import datetime
import logging
from collections.abc import Callable

import pytest
from django.db import connection

from kuska.registry.crypto import (
    DecryptionError,
    IdentityCipher,
    default_document_hash,
    document_hash,
)
from kuska.registry.models import PersonRecord

KEY_A = bytes(range(32))
KEY_B = bytes(range(1, 33))


def raw_row(record: PersonRecord) -> dict[str, str]:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT given_names, paternal_surname, maternal_surname, birth_date, document_number, "
            "document_hash FROM registry_personrecord WHERE id = %s",
            [record.pk],
        )
        names = [c[0] for c in cursor.description]
        row = cursor.fetchone()
    assert row is not None
    return dict(zip(names, row, strict=True))


def test_names_are_ciphertext_in_the_database_and_clear_in_the_model(
    victim_for: Callable[..., PersonRecord],
) -> None:
    record = victim_for(
        "PNP",
        "PNP-2020-0001",
        birth_date=datetime.date(2004, 7, 12),
        document_type="dni",
        document_number="45678912",
        document_hash=default_document_hash("dni", "45678912"),
    )

    stored = raw_row(record)
    for column in (
        "given_names",
        "paternal_surname",
        "maternal_surname",
        "birth_date",
        "document_number",
    ):
        assert stored[column].startswith("v1:"), column
    assert "Rosa" not in stored["given_names"]
    assert "Quispe" not in stored["paternal_surname"]
    assert "45678912" not in stored["document_number"]
    assert "2004" not in stored["birth_date"]

    again = PersonRecord.objects.get(pk=record.pk)
    assert again.given_names == "Rosa Elena"
    assert again.paternal_surname == "Quispe"
    assert again.maternal_surname == "Mamani"
    assert again.birth_date == datetime.date(2004, 7, 12)
    assert again.document_number == "45678912"


def test_the_same_name_encrypts_differently_each_time(
    victim_for: Callable[..., PersonRecord],
) -> None:
    first = victim_for("PNP", "A-1")
    second = victim_for("PNP", "A-2")
    assert raw_row(first)["given_names"] != raw_row(second)["given_names"]


def test_empty_identity_fields_stay_empty(victim_for: Callable[..., PersonRecord]) -> None:
    record = victim_for("PNP", "A-3", maternal_surname="")
    assert raw_row(record)["maternal_surname"] == ""
    assert raw_row(record)["birth_date"] is None


def test_same_document_at_two_agencies_gives_the_same_keyed_hash(
    victim_for: Callable[..., PersonRecord],
) -> None:
    police = victim_for(
        "PNP",
        "P-1",
        document_type="dni",
        document_number="04567890",
        document_hash=default_document_hash("dni", "04567890"),
    )
    prosecutor = victim_for(
        "MP-FISCALIA",
        "F-1",
        document_type="dni",
        document_number="4567890",
        document_hash=default_document_hash("dni", "4567890"),
    )
    assert police.document_hash == prosecutor.document_hash
    assert len(police.document_hash) == 64
    assert PersonRecord.objects.filter(document_hash=police.document_hash).count() == 2


def test_a_different_hash_key_gives_a_different_hash() -> None:
    assert document_hash("dni", "45678912", KEY_A) != document_hash("dni", "45678912", KEY_B)
    assert document_hash("dni", "45678912", KEY_A) == document_hash("dni", "45678912", KEY_A)


def test_document_type_is_part_of_the_hash() -> None:
    assert document_hash("dni", "45678912", KEY_A) != document_hash("passport", "45678912", KEY_A)


def test_a_document_number_without_its_hash_is_refused_by_the_database(
    victim_for: Callable[..., PersonRecord],
) -> None:
    from django.db import IntegrityError, transaction

    with pytest.raises(IntegrityError), transaction.atomic():
        victim_for("PNP", "A-4", document_type="dni", document_number="45678912")


def test_rotated_keys_still_decrypt_old_values() -> None:
    old = IdentityCipher({"k1": KEY_A}, "k1")
    token = old.encrypt("Quispe", context="person.paternal_surname")
    rotated = IdentityCipher({"k2": KEY_B, "k1": KEY_A}, "k2")
    assert rotated.decrypt(token, context="person.paternal_surname") == "Quispe"
    fresh = rotated.encrypt("Quispe", context="person.paternal_surname")
    assert IdentityCipher.key_id_of(fresh) == "k2"


def test_a_value_moved_to_another_column_does_not_decrypt() -> None:
    cipher = IdentityCipher({"k1": KEY_A}, "k1")
    token = cipher.encrypt("Quispe", context="person.paternal_surname")
    with pytest.raises(DecryptionError):
        cipher.decrypt(token, context="person.given_names")


def test_a_row_encrypted_at_once_has_a_nonce_of_its_own_per_value_and_each_value_its_column() -> (
    None
):
    import base64

    from kuska.registry.crypto import NONCE_BYTES

    cipher = IdentityCipher({"k1": KEY_A}, "k1")
    columns = ["person.given_names", "person.paternal_surname", "person.maternal_surname"]
    seal_row = cipher.row_sealer(columns)
    rows = [seal_row(["Rosa", "Quispe", "Quispe"]) for _ in range(50)]
    tokens = [token for row in rows for token in row if token is not None]
    nonces = {base64.b64decode(t.split(":", 2)[2])[:NONCE_BYTES] for t in tokens}
    assert len(nonces) == len(tokens) == 150
    paternal = rows[0][1]
    assert paternal is not None
    assert cipher.decrypt(paternal, context="person.paternal_surname") == "Quispe"
    with pytest.raises(DecryptionError):
        cipher.decrypt(paternal, context="person.maternal_surname")
    assert seal_row(["Rosa", None, None])[1:] == [None, None]


def test_a_value_under_an_unknown_key_is_refused() -> None:
    token = IdentityCipher({"k9": KEY_B}, "k9").encrypt("Quispe", context="c")
    with pytest.raises(DecryptionError, match="k9"):
        IdentityCipher({"k1": KEY_A}, "k1").decrypt(token, context="c")


def test_encrypted_columns_cannot_be_searched_by_value(
    victim_for: Callable[..., PersonRecord],
) -> None:
    victim_for("PNP", "A-5")
    with pytest.raises(TypeError, match="encrypted"):
        PersonRecord.objects.filter(paternal_surname="Quispe").count()
    with pytest.raises(TypeError, match="encrypted"):
        PersonRecord.objects.filter(paternal_surname__icontains="quis").count()
    assert PersonRecord.objects.filter(maternal_surname="").count() == 0


def test_no_identity_value_reaches_the_logs(
    victim_for: Callable[..., PersonRecord], caplog: pytest.LogCaptureFixture
) -> None:
    with caplog.at_level(logging.DEBUG):
        record = victim_for(
            "PNP",
            "A-6",
            document_type="dni",
            document_number="45678912",
            document_hash=default_document_hash("dni", "45678912"),
            birth_date=datetime.date(2004, 7, 12),
        )
        PersonRecord.objects.get(pk=record.pk)
        logging.getLogger("kuska").info("saved %s", record)
    text = caplog.text
    for secret in ("Rosa", "Quispe", "Mamani", "45678912", "2004-07-12"):
        assert secret not in text
