"""The report as PDF: text a reader's tools can extract, a title page, a table of contents, page numbers, the
marking on every page, and the charts drawn as vector graphics on their pages."""

from __future__ import annotations

import io
import re
import shutil
import subprocess
from pathlib import Path

import pytest
from pypdf import PdfReader

from kuska.reports import Figures, build_report
from kuska.reports.html import render_html
from kuska.reports.model import Report
from kuska.reports.pdf import render_pdf
from tests.report_dataset import dataset

YEAR = 2020

pytestmark = [pytest.mark.django_db, pytest.mark.slow]  # rendering a PDF takes a few seconds

__all__ = ["dataset"]


@pytest.fixture(scope="module")
def document(
    dataset: None,
    django_db_blocker: pytest.FixtureRequest,
    tmp_path_factory: pytest.TempPathFactory,
) -> tuple[Report, Path]:
    """The English internal report of 2020 and its PDF file."""
    with django_db_blocker.unblock():  # type: ignore[attr-defined]
        report = build_report(Figures(YEAR), "en")
        pdf = render_pdf(report, render_html(report))
    path = tmp_path_factory.mktemp("report") / "report.pdf"
    path.write_bytes(pdf)
    return report, path


def pages(path: Path) -> list[str]:
    return [re.sub(r"\s+", " ", page.extract_text()) for page in PdfReader(path).pages]


def chart_page(texts: list[str], number: int) -> int:
    """The index of the page that holds chart ``number`` (its caption)."""
    found = [i for i, text in enumerate(texts) if f"Chart {number}. " in text]
    assert found, number
    return found[0]


def test_the_pdf_text_is_extractable_with_title_page_contents_and_page_numbers(
    document: tuple[Report, Path],
) -> None:
    _, path = document
    texts = pages(path)
    assert len(texts) >= 8
    assert "Annual report on trafficking in persons" in texts[0]
    assert "Figures for 2020" in texts[0]
    contents = texts[1]
    assert "Contents" in contents
    for title in ("Prosecution", "Protection", "Prevention", "Annex A. Data quality"):
        assert re.search(rf"{re.escape(title)} ?\.+ ?\d+", contents), title
    for number, text in enumerate(texts[1:], start=2):
        assert f"Page {number} of {len(texts)}" in text
    everything = " ".join(texts)
    assert (
        "Courts convicted 4 traffickers in 2020, compared with 7 in 2019 and 2 in 2018."
        in everything
    )
    assert (
        "Convictions with a recorded sentence: not reported for 2020, 2019 and 2018." in everything
    )


def test_every_page_says_the_report_is_internal_and_confidential(
    document: tuple[Report, Path],
) -> None:
    _, path = document
    for text in pages(path):
        assert "INTERNAL — CONFIDENTIAL" in text


def test_the_table_of_contents_points_at_the_right_pages(document: tuple[Report, Path]) -> None:
    _, path = document
    texts = pages(path)
    for title in ("Prosecution", "Protection", "Prevention"):
        found = re.search(rf"{title} ?\.+ ?(\d+)", texts[1])
        assert found, title
        page = int(found.group(1))
        assert f"{title} Figures" in texts[page - 1], (
            title
        )  # the section's heading, then its first part
        assert f"{title} Figures" not in texts[page - 2], title


def test_the_charts_are_vector_drawings_on_their_pages(document: tuple[Report, Path]) -> None:
    report, path = document
    reader = PdfReader(path)
    texts = pages(path)
    for chart in report.charts:
        page = reader.pages[chart_page(texts, chart.number)]
        content = page.get_contents()
        assert content is not None
        operators = re.findall(rb"\s(re|l|c|m|f|Do)\n", content.get_data())
        # the SVG's bars, lines and markers are paths; its labels are drawn as form XObjects
        assert len(operators) > 20, chart.id
        assert b"Do" in operators, chart.id
    for page in reader.pages:  # no raster image: the charts stay vector
        resources = page.get("/Resources") or {}
        for xobject in (resources.get("/XObject") or {}).values():
            assert xobject.get_object().get("/Subtype") != "/Image"


@pytest.mark.skipif(
    shutil.which("pdftotext") is None, reason="pdftotext (Debian poppler-utils) is not installed"
)
def test_pdftotext_reads_the_sentences(document: tuple[Report, Path]) -> None:
    _, path = document
    text = subprocess.run(
        ["pdftotext", "-enc", "UTF-8", str(path), "-"], capture_output=True, text=True, check=True
    ).stdout
    flat = re.sub(r"\s+", " ", text)
    assert (
        "Anti-trafficking police conducted 5 operations in 2020, resulting in 17 detentions" in flat
    )
    assert "INTERNAL — CONFIDENTIAL" in flat


@pytest.mark.skipif(
    shutil.which("pdftoppm") is None, reason="pdftoppm (Debian poppler-utils) is not installed"
)
def test_the_chart_pages_render_with_the_charts_colours(
    document: tuple[Report, Path], tmp_path: Path
) -> None:
    from PIL import Image

    report, path = document
    texts = pages(path)
    chart = next(c for c in report.charts if c.id == "c-pipeline")
    number = chart_page(texts, chart.number) + 1
    subprocess.run(
        [
            "pdftoppm",
            "-r",
            "40",
            "-png",
            "-f",
            str(number),
            "-l",
            str(number),
            str(path),
            str(tmp_path / "p"),
        ],
        check=True,
    )
    pixels = Image.open(next(tmp_path.glob("p*.png"))).convert("RGB").tobytes()
    coloured = sum(
        1 for i in range(0, len(pixels), 3) if max(pixels[i : i + 3]) - min(pixels[i : i + 3]) > 60
    )  # the bars: saturated colours, unlike text and table rules
    assert coloured > 300


def test_a_spanish_pdf_keeps_its_accents(
    dataset: None, django_db_blocker: pytest.FixtureRequest
) -> None:
    with django_db_blocker.unblock():  # type: ignore[attr-defined]
        report = build_report(Figures(YEAR, public=True), "es")
        pdf = render_pdf(report)
    text = " ".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages)
    for word in ("Persecución", "Protección", "Prevención", "VERSIÓN PÚBLICA", "Página"):
        assert word in text
    assert "CONFIDENCIAL" not in text


def page_fill(html: str) -> list[float]:
    """How far down each page its content reaches (0 to 1 of the page's content height), as WeasyPrint lays it
    out: the lowest line of text, table row or drawing."""
    from weasyprint import HTML  # type: ignore[import-untyped]
    from weasyprint.formatting_structure import boxes  # type: ignore[import-untyped]

    fills: list[float] = []
    for page in HTML(string=html).render().pages:
        box = page._page_box
        top, bottom = box.margin_top, box.margin_height() - box.margin_bottom
        lowest = top
        for child in box.children:
            if isinstance(child, boxes.MarginBox):  # the running header and footer
                continue
            for found in child.descendants():
                if isinstance(found, boxes.LineBox | boxes.ReplacedBox | boxes.TableRowBox):
                    lowest = max(lowest, found.position_y + found.margin_height())
        fills.append((lowest - top) / (bottom - top))
    return fills


def test_no_page_is_left_mostly_blank(document: tuple[Report, Path]) -> None:
    """Sections and long tables flow on; only what cannot be split (a chart, a table of up to 12 rows) moves to
    the next page whole. The title page and the last page may be short."""
    report, _ = document
    fills = page_fill(render_html(report))
    short = [
        (number, round(fill, 2)) for number, fill in enumerate(fills[1:-1], start=2) if fill < 0.5
    ]
    texts = pages(document[1])
    assert short == [], [(n, f, texts[n - 1][:300], texts[n][:200]) for n, f in short]
