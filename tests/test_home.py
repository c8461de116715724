"""The home page shows the database backend, the country profile and what the registry holds."""

from __future__ import annotations

from collections.abc import Callable

from django.db import connection
from django.test import Client

from kuska.registry.models import PersonRecord


def test_home_page_shows_backend_profile_and_counts(
    client: Client, victim_for: Callable[..., PersonRecord]
) -> None:
    victim_for("PNP", "P-1")
    victim_for("MP-FISCALIA", "F-1")
    page = client.get("/", HTTP_ACCEPT_LANGUAGE="es").content.decode()
    assert connection.vendor in page
    assert "Perú (peru)" in page
    assert "Personas registradas" in page
    row = page.split("Personas registradas", 1)[1].split("</tr>", 1)[0]
    assert ">2<" in row


def test_home_page_speaks_english_when_asked(client: Client, peru: None) -> None:
    page = client.get("/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "Person records" in page
    assert "Reference data" in page


def test_home_page_never_shows_identities(
    client: Client, victim_for: Callable[..., PersonRecord]
) -> None:
    victim_for("PNP", "P-1")
    page = client.get("/").content.decode()
    assert "Quispe" not in page
