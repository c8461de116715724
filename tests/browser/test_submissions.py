"""The data officer's persona in a real browser: they upload a CSV file with broken rows with the keyboard alone,
read the dry run's counts and rejected rows, import it, watch the progress bar while the worker (a thread beside
the web server, as ``kuska serve`` runs it) imports, find the rejected rows on the batch's page and download them.
Every page passes axe-core in Spanish and in English; no script is refused by the Content-Security-Policy."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from django.conf import LazySettings
from playwright.sync_api import Page, expect
from pytest_django.live_server_helper import LiveServer

from kuska.jobs.models import Job
from tests.browser.axe import assert_accessible
from tests.browser.conftest import Workers

Shot = Callable[[Page, str], Path]

ROWS = (
    "record_id,role,given_names,paternal_surname,sex,birth_date,nationality,document_type,document_number",
    "P-1,victim,Rosa Elena,Quispe,female,12/07/2004,PE,dni,45678912",
    "P-2,victim,Wayra Antonella,Huamán,X,03/05/2006,PE,dni,71234567",
    "P-3,victim,Killa,Condori,female,31/02/2005,PE,dni,70011223",
)
IDENTITIES = (
    "Rosa",
    "Quispe",
    "45678912",
    "Wayra",
    "Huamán",
    "71234567",
    "Killa",
    "Condori",
    "70011223",
)


def focus_order(page: Page, stop_at: str, presses: int = 40) -> list[str]:
    """The ids (or names) the Tab key reaches, in order, until the element ``stop_at`` has the focus."""
    reached: list[str] = []
    for _ in range(presses):
        page.keyboard.press("Tab")
        reached.append(
            page.evaluate("() => document.activeElement.id || document.activeElement.name || ''")
        )
        if reached[-1] == stop_at:
            break
    return reached


def test_the_data_officer_submits_a_file_with_broken_rows_and_downloads_the_rejected_rows(
    sign_in_as: Callable[[str], Page],
    live_server: LiveServer,
    workers: Workers,
    screenshot: Shot,
    console_errors: list[str],
    tmp_path: Path,
) -> None:
    page = sign_in_as("data_officer")
    page.get_by_role("link", name="Enviar archivos").click()
    expect(page.get_by_role("heading", name="Enviar archivos", level=1)).to_be_visible()
    assert_accessible(page)
    screenshot(page, "submissions-form")

    upload = tmp_path / "personas.csv"
    upload.write_text("\n".join(ROWS) + "\n", encoding="utf-8")
    page.locator("#files").set_input_files(upload)
    page.locator("#files").focus()
    reached = focus_order(page, stop_at="submit-files")
    assert reached[:3] == ["format", "record_type", "mapping"]
    page.keyboard.press("Enter")

    page.wait_for_url("**/jobs/*/")
    expect(page.locator("#job-progress")).to_contain_text("En espera")
    expect(page.locator("progress")).to_be_visible()
    workers.start()
    importing = page.get_by_role("button", name="Importar")
    expect(importing).to_be_visible(timeout=30_000)
    workers.stop()
    expect(page.locator(".job-outcome")).to_have_text(
        "3 filas leídas: 1 se aceptarían, 2 rechazadas. No se guardó nada."
    )
    expect(page.locator("table.rejected")).to_contain_text("sex")
    expect(page.locator("table.rejected")).to_contain_text("birth_date")
    assert_accessible(page)
    screenshot(page, "submissions-dry-run")

    importing.focus()
    page.keyboard.press("Enter")
    page.wait_for_url("**/jobs/*/")
    expect(page.get_by_role("heading", name="Importación de un envío")).to_be_visible()
    expect(page.locator("progress")).to_be_visible()  # waiting for the worker
    screenshot(page, "submissions-import-waiting")
    workers.start()
    expect(page.locator(".job-outcome")).to_have_text(
        "3 filas leídas: 1 aceptadas, 2 rechazadas.", timeout=30_000
    )
    workers.stop()  # the test reads the database itself from here on
    assert_accessible(page)
    screenshot(page, "submissions-imported")

    page.get_by_role("link", name="Ver el resultado").click()
    expect(page.locator("#rejected")).to_contain_text("El valor no está en la lista «sex»")
    assert_accessible(page)
    screenshot(page, "submissions-batch")
    with page.expect_download() as download:
        page.get_by_role("link", name="CSV").click()
    saved = tmp_path / download.value.suggested_filename
    download.value.save_as(saved)
    text = saved.read_text(encoding="utf-8-sig")
    assert text.splitlines()[0] == "hoja,fila,columna,error (es),error (en)"
    assert "personas.csv,3,sex," in text
    assert [value for value in IDENTITIES if value in text] == []
    body = page.content()
    assert [value for value in IDENTITIES if value in body] == []

    page.get_by_label("Idioma", exact=True).select_option("en")
    page.get_by_role("button", name="Cambiar").click()
    expect(page.get_by_role("link", name="Send the corrected rows")).to_be_visible()
    assert_accessible(page)
    page.get_by_role("link", name="Send the corrected rows").click()
    expect(page.get_by_role("heading", name="Submit files", level=1)).to_be_visible()
    assert_accessible(page)
    screenshot(page, "submissions-form-en")
    assert console_errors == []


def test_files_larger_than_the_limit_are_refused_on_the_page_before_they_are_sent(
    sign_in_as: Callable[[str], Page],
    live_server: LiveServer,
    screenshot: Shot,
    console_errors: list[str],
    settings: LazySettings,
    tmp_path: Path,
) -> None:
    settings.API_MAX_UPLOAD_BYTES = 1024 * 1024
    page = sign_in_as("data_officer")
    page.goto(f"{live_server.url}/submissions/new/")
    big = tmp_path / "personas.csv"
    big.write_text(ROWS[0] + "\n" + "P-9,victim,,,female,,PE,,\n" * 60_000, encoding="utf-8")
    page.locator("#files").set_input_files(big)
    page.get_by_role("button", name="Revisar los archivos (simulación)").click()
    refusal = page.get_by_role("alert")
    expect(refusal).to_have_text(
        "Los archivos pesan juntos más que el límite de 1 MB: divídalos en varios envíos."
    )
    expect(refusal).to_be_focused()
    assert page.url == f"{live_server.url}/submissions/new/"
    assert not Job.objects.exists()
    assert_accessible(page)
    screenshot(page, "submissions-too-large")
    assert console_errors == []
