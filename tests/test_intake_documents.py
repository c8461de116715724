"""A document number must have the form of its type, as the country profile states it (Peru: a DNI has 8 digits, a
carné de extranjería 9 digits or CE and digits, a passport 6 to 12 letters and digits); a number that does not is
rejected with the rule broken, never with the number itself (an identity)."""

from __future__ import annotations

from pathlib import Path

import pytest

from kuska.intake.context import document_formats, profile_intake
from kuska.intake.models import RejectedRow
from kuska.intake.submit import submit
from kuska.registry.models import PersonRecord
from tests.intake_files import person, write_csv

pytestmark = pytest.mark.usefixtures("peru")


def rejected_problems() -> list[dict[str, object]]:
    return [p for row in RejectedRow.objects.order_by("row_number") for p in row.problems]


def test_a_dni_of_three_digits_is_rejected_naming_the_rule_not_the_number(tmp_path: Path) -> None:
    path = write_csv(
        tmp_path / "personas.csv",
        [person("P-1", document_number="123"), person("P-2", document_number="45678912")],
    )
    report = submit([path], "PNP")

    assert (report.total("accepted"), report.total("rejected")) == (1, 1)
    assert set(PersonRecord.objects.values_list("source_record_id", flat=True)) == {"P-2"}
    [found] = rejected_problems()
    assert found["code"] == "document_format"
    assert found["column"] == "document_number"
    assert found["message_en"] == (
        "The document number does not have the form its type requires: a DNI has 8 digits."
    )
    assert found["message_es"] == (
        "El número de documento no tiene la forma que su tipo exige: un DNI tiene 8 dígitos."
    )
    assert found.get("value", "") == ""  # the rule broken is enough to find the row


@pytest.mark.parametrize(
    ("kind", "number"),
    [
        ("dni", "4567891"),
        ("dni", "4567891A"),
        ("carné de extranjería", "12345"),
        ("pasaporte", "AB1"),
    ],
)
def test_a_number_without_the_form_of_its_type_is_rejected(
    tmp_path: Path, kind: str, number: str
) -> None:
    path = write_csv(
        tmp_path / "personas.csv", [person("P-1", document_type=kind, document_number=number)]
    )
    assert submit([path], "PNP").total("rejected") == 1
    assert [p["code"] for p in rejected_problems()] == ["document_format"]


@pytest.mark.parametrize(
    ("kind", "number"),
    [
        ("dni", "45.678.912"),
        ("carné de extranjería", "001234567"),
        ("carné de extranjería", "CE123456"),
        ("pasaporte", "AB123456"),
        ("pasaporte", "123456789"),
        ("cédula", "V-12345678"),  # a type whose form the profile does not state is not checked
    ],
)
def test_a_number_with_the_form_of_its_type_is_accepted(
    tmp_path: Path, kind: str, number: str
) -> None:
    path = write_csv(
        tmp_path / "personas.csv", [person("P-1", document_type=kind, document_number=number)]
    )
    assert submit([path], "PNP").total("accepted") == 1


def test_the_formats_are_the_country_profile_s() -> None:
    formats = document_formats(profile_intake())
    assert set(formats) == {"dni", "ce", "passport"}
    assert formats["dni"].rule_in("en") == "a DNI has 8 digits"
