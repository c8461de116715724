"""The annual report: every figure it shows is the indicator engine's, in Spanish and in English, internal and
published; sentences compare with the previous years and say "not reported"; tables, charts and annexes are there;
the XLSX holds the same tables as numbers; ``kuska report`` writes the files."""

from __future__ import annotations

import io
import re
from collections.abc import Callable
from decimal import Decimal
from html import unescape
from pathlib import Path

import pytest
from openpyxl import load_workbook

from kuska.audit.models import Event
from kuska.cli import main
from kuska.reports import Figures, build_report
from kuska.reports.html import render_html
from kuska.reports.model import Report, Table
from kuska.reports.xlsx import HEADER_ROW, render_xlsx, sheet_name
from kuska.stats.catalogue import load_catalogue
from kuska.stats.engine import StatsContext, Status, compute
from kuska.stats.periods import Period
from tests.report_dataset import Engine, dataset, read_number, shown_figures

YEAR = 2020
Reports = Callable[..., tuple[Report, str]]

pytestmark = pytest.mark.django_db

__all__ = ["dataset"]  # the module-scoped fixture, used below


@pytest.fixture(scope="module")
def reports(dataset: None, django_db_blocker: pytest.FixtureRequest) -> Reports:
    """The 2020 report and its HTML, built once per language and version."""
    cache: dict[tuple[str, bool], tuple[Report, str]] = {}

    def get(lang: str, *, public: bool = False) -> tuple[Report, str]:
        if (lang, public) not in cache:
            with django_db_blocker.unblock():  # type: ignore[attr-defined]
                report = build_report(Figures(YEAR, public=public), lang)
                cache[(lang, public)] = (report, render_html(report))
        return cache[(lang, public)]

    return get


def plain(html: str) -> str:
    """The text of an HTML fragment, spaces normalised."""
    text = unescape(re.sub(r"<[^>]+>", "", html))
    return re.sub(r"\s+", " ", text.replace("\u00a0", " "))


def narrative(html: str, section: str) -> str:
    """The HTML of a section's sentences."""
    match = re.search(rf'<div class="part" id="{section}-figures">(.*?)</div>', html, re.DOTALL)
    assert match, section
    return match.group(1)


# -- every figure is the engine's --------------------------------------------------------------------------------


@pytest.mark.parametrize("public", [False, True], ids=["internal", "public"])
@pytest.mark.parametrize("lang", ["es", "en"])
def test_every_figure_in_the_report_is_the_engines(
    reports: Reports, lang: str, public: bool
) -> None:
    _, html = reports(lang, public=public)
    figures = shown_figures(html)
    assert len(figures) > 300
    engine = Engine(public=public)
    checked = 0
    for figure in figures:
        for year in figure.years:
            status, value = engine.expected(figure.indicator, year, figure.by, figure.key)
            where = f"{figure.indicator} {year} {figure.by} {figure.key}: {figure.text!r}"
            assert figure.status == status, where
            if status == "reported":
                assert read_number(figure.text, lang) == value, where
                checked += 1
    assert checked > 200


@pytest.mark.parametrize("lang", ["es", "en"])
def test_every_indicator_of_the_catalogue_is_told_in_its_section(
    reports: Reports, lang: str
) -> None:
    _, html = reports(lang)
    context = StatsContext.load()
    for indicator in context.catalogue:
        told = shown_figures(narrative(html, indicator.section.value))
        assert any(f.indicator == indicator.id and YEAR in f.years for f in told), indicator.id


@pytest.mark.parametrize("lang", ["es", "en"])
def test_sentences_hold_no_number_the_engine_did_not_give(reports: Reports, lang: str) -> None:
    report, html = reports(lang)
    for section in ("prosecution", "protection", "prevention"):
        text = narrative(html, section)
        text = re.sub(r'<span class="figure[^>]*>.*?</span>', "", text)
        for number in re.findall(r"\d[\d.,\u00a0]*", plain(text)):
            assert int(number.rstrip(".,")) in report.years, (section, number)


def test_table_cells_of_the_sections_are_all_engine_figures(reports: Reports) -> None:
    _, html = reports("en")
    for section in ("prosecution", "protection", "prevention"):
        part = html.split(f'id="{section}-tables"', 1)[1].split('<div class="part"', 1)[0]
        for cell in re.findall(r"<td [^>]*>[^<]*</td>", part.split("</section>", 1)[0]):
            if re.search(r"\d", re.sub(r"<td [^>]*>", "", cell)):
                assert 'class="num figure' in cell, cell


# -- how sentences read ------------------------------------------------------------------------------------------


def test_sentences_compare_with_the_previous_years_as_the_seed_does(reports: Reports) -> None:
    english, spanish = plain(reports("en")[1]), plain(reports("es")[1])

    assert (
        "Courts convicted 4 traffickers in 2020, compared with 7 in 2019 and 2 in 2018." in english
    )
    assert (
        "Los tribunales condenaron a 4 tratantes en 2020, frente a 7 en 2019 y 2 en 2018."
        in spanish
    )
    assert (
        "Anti-trafficking police conducted 5 operations in 2020, resulting in 17 detentions, compared with 6 "
        "operations and 18 detentions in 2019 and 1 operation and 12 detentions in 2018." in english
    )
    # the prosecutors sent no operation for 2018: no shared sentence, each figure on its own
    assert (
        "Specialized prosecutors participated in 2 anti-trafficking operations in 2020, compared with 1 in "
        "2019 (not reported for 2018)." in english
    )
    assert "compared with 3 in 2019 (not reported for 2018)" in english  # suspects prosecuted


def test_figures_no_agency_supplied_are_said_to_be_not_reported(reports: Reports) -> None:
    english, spanish = plain(reports("en")[1]), plain(reports("es")[1])

    assert "Convictions with a recorded sentence: not reported for 2020, 2019 and 2018." in english
    assert "Condenas con pena registrada: no se reportó para 2020, 2019 y 2018." in spanish
    # the prosecutors sent no identification for 2019: their figure is not reported, not 0
    assert re.search(
        r"Specialized prosecutors reported identifying 7 victims in 2020, compared with 2 in "
        r"2018 \(not reported for 2019\)\.",
        english,
    )


def test_a_source_agency_that_sent_nothing_is_not_reported_in_tables(reports: Reports) -> None:
    _, html = reports("en")
    figures = shown_figures(html)
    silent = [
        f
        for f in figures
        if f.indicator == "victims_identified" and 2019 in f.years and f.key[:1] == ("MP-FISCALIA",)
    ]
    assert silent
    assert {f.status for f in silent} == {"not_reported"}


def test_composition_sentences_break_the_victims_down(reports: Reports) -> None:
    english = plain(reports("en")[1])
    assert (
        "Specialized anti-trafficking police units identified 12 suspected victims in 2020"
        in english
    )
    assert (
        "Of these, 8 were female, 3 male and 1 of unrecorded sex; 5 were children, 6 adults and 1 of "
        "unrecorded age; 8 were from Peru, 3 from other countries and 1 of unrecorded nationality."
        in english
    )
    spanish = plain(reports("es")[1])
    assert (
        "De estas víctimas, 5 eran de sexo femenino y 2 de sexo masculino; 2 eran menores de edad y 5 personas "
        "adultas; 4 eran de Perú y 3 de otros países." in spanish
    )


@pytest.mark.parametrize("lang", ["es", "en"])
def test_the_summary_carries_the_key_figures_and_their_change_from_the_previous_year(
    reports: Reports, lang: str
) -> None:
    report, html = reports(lang)
    summary = report.sections[0]
    assert summary.id == "summary"
    told = {(f.indicator, f.year) for p in summary.intro for s in p.sentences for f in s.figures}
    for indicator in (
        "victims_identified",
        "unique_victims",
        "suspects_prosecuted",
        "traffickers_convicted",
        "children_assisted",
    ):
        assert (indicator, YEAR) in told, indicator
        assert (indicator, YEAR - 1) in told, indicator
    text = plain(html.split('id="summary"', 1)[1].split("</section>", 1)[0])
    if lang == "en":
        assert "Traffickers convicted: 4 in 2020, down from 7 in 2019." in text
        assert "Unique victims (across agencies): not available yet for 2020" in text
        assert "No agency reported these figures for 2020: " in text
        assert "Convictions with a recorded sentence" in text  # what was not reported
    else:
        assert "Tratantes condenados: 4 en 2020, por debajo de 7 en 2019." in text
        assert "Ninguna entidad reportó estas cifras para 2020: " in text


def test_the_summary_says_when_the_year_is_not_covered_in_full(
    reports: Reports, django_db_blocker: pytest.FixtureRequest
) -> None:
    _, html = reports("en")
    assert "not covered in full" not in html  # the records of 2020 reach its last month
    with django_db_blocker.unblock():  # type: ignore[attr-defined]
        later = build_report(Figures(YEAR + 1), "en")
    [summary] = [s for s in later.sections if s.id == "summary"]
    text = " ".join(p.text for p in summary.intro)
    assert "The year is not covered in full: the latest record is dated 2020-" in text


def test_linkage_figures_are_not_available_yet(reports: Reports) -> None:
    report, html = reports("en")
    assert "Victims identified by more than one agency: not available yet" in plain(html)
    overlap = next(c for c in report.charts if c.id == "c-overlap")
    assert "Not available yet" in overlap.svg


# -- tables, charts, marking -------------------------------------------------------------------------------------


def test_the_report_has_the_three_sections_their_tables_and_charts(reports: Reports) -> None:
    report, html = reports("es")
    assert [s.title for s in report.sections] == [
        "Resumen",
        "Persecución",
        "Protección",
        "Prevención",
        "Anexo A. Calidad de los datos",
        "Anexo B. Cifras no reportadas",
    ]
    for table_id in (
        "t-prosecution-years",
        "t-victims_identified-sex-agency",
        "t-victims_identified-age_band-agency",
        "t-victims_identified-region-agency",
        "t-quality-submissions",
        "t-quality-completeness",
        "t-missing",
    ):
        assert f'id="{table_id}"' in html, table_id
    assert {c.id for c in report.charts} == {
        "c-pipeline",
        "c-trends-prosecution",
        "c-region-map",
        "c-sex-age",
        "c-exploitation",
        "c-overlap",
        "c-trends-protection",
    }


def test_charts_are_inline_svg_and_nothing_is_fetched(reports: Reports) -> None:
    report, html = reports("en")
    assert html.count("<svg") == len(report.charts)
    assert "<script" not in html
    assert not re.search(r'(src|href)="(https?:)?//', html)
    assert "<img" not in html
    ids = re.findall(r'\bid="([^"]+)"', html)
    assert len(ids) == len(set(ids))  # charts share one page without clashing


def test_a_tables_figure_columns_share_its_width_equally(reports: Reports) -> None:
    _, html = reports("en")
    block = html.split('id="t-victims_identified-sex-agency"', 1)[1].split("</table>", 1)[0]
    widths = re.findall(r'<col(?: class="label")? style="width: ([\d.]+)%">', block)
    label, *figures = (float(w) for w in widths)
    assert len(figures) == 3  # PNP, MP-FISCALIA, Total
    assert len(set(figures)) == 1
    assert label + sum(figures) == pytest.approx(100)
    assert label >= 30


def test_the_region_map_shows_every_region(reports: Reports) -> None:
    report, _ = reports("en")
    chart = next(c for c in report.charts if c.id == "c-region-map")
    codes = StatsContext.load().region_codes
    assert len(codes) == 26
    for code in codes:
        assert f">{code.split('-', 1)[1]}<" in chart.svg


def test_the_internal_report_says_so_and_the_public_one_too(reports: Reports) -> None:
    _, internal = reports("en")
    _, public = reports("en", public=True)
    _, interno = reports("es")
    assert "INTERNAL — CONFIDENTIAL" in internal
    assert '@top-center { content: "INTERNAL — CONFIDENTIAL"' in internal  # every PDF page
    assert "INTERNO — CONFIDENCIAL" in interno
    assert "PUBLIC VERSION" in public
    assert "CONFIDENTIAL" not in public


def test_the_public_report_withholds_small_counts(reports: Reports) -> None:
    _, internal = reports("en")
    _, public = reports("en", public=True)
    shown = shown_figures(public)
    for figure in shown:
        if figure.status == "reported":
            value = read_number(figure.text, "en")
            assert not 1 <= value <= 4 or figure.indicator in _NOT_PROTECTED, figure
    convicted = [
        f
        for f in shown
        if f.indicator == "traffickers_convicted" and f.by == () and 2020 in f.years
    ]
    assert convicted
    assert all(f.status == "withheld" for f in convicted)
    assert "Courts convicted 4 traffickers in 2020" in plain(internal)
    assert "Traffickers convicted: withheld for 2020 and 2018, compared with 7 in 2019." in plain(
        public
    )
    assert "Of these, 6 were from Peru." in plain(
        public
    )  # UDAVIT: the sex of 5 and 1 withheld, not listed


# indicators published without small-count suppression (amounts, stocks of facilities)
_NOT_PROTECTED = {i.id for i in load_catalogue() if not i.disclosure}


# -- annexes -----------------------------------------------------------------------------------------------------


def test_data_quality_annex_counts_submissions_rejections_and_completeness(
    reports: Reports,
) -> None:
    report, _ = reports("en")
    tables = {t.id: t for t in report.tables}
    submissions = {row.label.split(" — ")[0]: row for row in tables["t-quality-submissions"].rows}
    pnp = [c.value for c in submissions["PNP"].cells]
    assert pnp[1:5] == [10, 8, 2, 2]  # rows read, accepted, rejected, rejected rows kept
    reasons = tables["t-quality-reasons"].rows
    assert [(r.label, r.cells[0].text, r.cells[2].value) for r in reasons] == [("PNP", "sexo", 2)]
    assert "X" not in {
        c.text for r in reasons for c in r.cells
    }  # the rejected value is never shown
    completeness = {r.label: r for r in tables["t-quality-completeness"].rows}
    police = completeness["PNP"].cells
    assert police[0].value == 12  # persons
    assert [c.value for c in police[1:4]] == [
        round(100 * 11 / 12, 1),  # sex
        round(100 * 11 / 12, 1),  # age
        round(100 * 11 / 12, 1),  # nationality
    ]


def test_annex_lists_every_indicator_no_agency_reported(reports: Reports) -> None:
    report, _ = reports("en")
    context = StatsContext.load()
    not_reported = {
        i.id
        for i in context.catalogue
        if compute(i, Period.calendar(YEAR), context=context).status is Status.NOT_REPORTED
    }
    missing = next(t for t in report.tables if t.id == "t-missing")
    assert {row.cells[0].text for row in missing.rows} == not_reported
    assert {"sentences", "compensation_orders"} <= not_reported


# -- XLSX --------------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("public", [False, True], ids=["internal", "public"])
def test_the_xlsx_holds_every_table_with_the_engines_figures_as_numbers(
    reports: Reports, public: bool
) -> None:
    report, _ = reports("es", public=public)
    book = load_workbook(io.BytesIO(render_xlsx(report)))
    assert book.sheetnames[0] == "Contenido"
    assert len(book.sheetnames) == len(report.tables) + 1
    engine = Engine(public=public)
    numbers = 0
    for table in report.tables:
        sheet = book[sheet_name(table)]
        assert sheet["A2"].value == report.marking
        assert [c.value for c in sheet[HEADER_ROW]][: len(table.columns) + 1] == [
            table.corner,
            *table.columns,
        ]
        for r, row in enumerate(table.rows, start=HEADER_ROW + 1):
            assert sheet.cell(row=r, column=1).value == row.label
            for c, cell in enumerate(row.cells, start=2):
                found = sheet.cell(row=r, column=c).value
                if cell.figure is None:
                    assert found == (cell.value if cell.value is not None else cell.text)
                    continue
                figure = cell.figure
                status, value = engine.expected(
                    figure.indicator, figure.year, figure.by, figure.key
                )
                assert figure.status.value == status
                if status == "reported":
                    assert isinstance(found, (int, float)), (table.title, row.label, found)
                    assert Decimal(str(found)) == Decimal(str(value)), (table.title, row.label)
                    numbers += 1
                else:
                    assert found == cell.text
    assert numbers > 200


@pytest.mark.parametrize("lang", ["es", "en"])
def test_xlsx_sheet_names_are_short_whole_words_and_each_sheet_holds_the_full_title(
    reports: Reports, lang: str
) -> None:
    report, _ = reports(lang)
    book = load_workbook(io.BytesIO(render_xlsx(report)))
    for table in report.tables:
        name = sheet_name(table)
        assert len(name) <= 31, name
        number, words = name.split(" ", 1)
        assert number == f"T{table.number}"
        assert table.title.startswith(words), (name, table.title)
        assert table.title[len(words) : len(words) + 1] in ("", " ", ","), (
            name
        )  # never cut in a word
        assert words.split()[-1].lower() not in {
            "by",
            "the",
            "and",
            "of",
            "por",
            "de",
            "la",
            "y",
        }, name
        assert (
            book[name]["A1"].value
            == f"{'Cuadro' if lang == 'es' else 'Table'} {table.number}. {table.title}"
        )


def test_a_long_title_gives_a_sheet_name_of_whole_words() -> None:
    table = Table(
        id="t",
        title="Children assisted by the Special Protection Units by nationality and sex, 2020",
        corner="",
        columns=[],
        rows=[],
        number=12,
    )
    assert sheet_name(table) == "T12 Children assisted"


# -- the command -------------------------------------------------------------------------------------------------


def test_kuska_report_writes_each_language_and_format(reports: Reports, tmp_path: Path) -> None:
    code = main(
        [
            "report",
            "--year",
            "2020",
            "--lang",
            "es,en",
            "--format",
            "html,xlsx",
            "--out",
            str(tmp_path),
        ]
    )
    assert code == 0
    assert sorted(p.name for p in tmp_path.iterdir()) == [
        "kuska-report-2020-en.html",
        "kuska-report-2020-en.xlsx",
        "kuska-report-2020-es.html",
        "kuska-report-2020-es.xlsx",
    ]
    html = (tmp_path / "kuska-report-2020-en.html").read_text(encoding="utf-8")
    assert "Courts convicted 4 traffickers in 2020" in plain(html)


def test_kuska_report_public_names_its_files_public(reports: Reports, tmp_path: Path) -> None:
    code = main(
        ["report", "--year", "2020", "--format", "html", "--public", "--out", str(tmp_path)]
    )
    assert code == 0
    assert [p.name for p in tmp_path.iterdir()] == ["kuska-report-2020-es-public.html"]
    written = Event.objects.get(action="report.generate")
    assert written.reason == "2020 es public: kuska-report-2020-es-public.html"


@pytest.mark.parametrize(
    "option", [["--lang", "fr"], ["--lang", "qu"], ["--lang", "ay"], ["--format", "docx"]]
)
def test_kuska_report_refuses_a_language_it_does_not_write_in_or_an_unknown_format(
    option: list[str], capsys: pytest.CaptureFixture[str]
) -> None:
    with pytest.raises(SystemExit) as exit_info:
        main(["report", "--year", "2020", *option])
    assert exit_info.value.code == 2
    assert "use" in capsys.readouterr().err


@pytest.fixture
def no_weasyprint_libraries(monkeypatch: pytest.MonkeyPatch) -> None:
    """WeasyPrint as it fails on a machine without Pango."""
    import builtins

    real_import = builtins.__import__

    def failing(name: str, *args: object, **kwargs: object) -> object:
        if name == "weasyprint":
            raise OSError("cannot load library 'libpango-1.0-0'")
        return real_import(name, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(builtins, "__import__", failing)


@pytest.mark.usefixtures("no_weasyprint_libraries")
def test_without_weasyprints_libraries_kuska_report_says_how_to_get_them(
    reports: Reports, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code = main(["report", "--year", "2020", "--format", "pdf", "--out", str(tmp_path)])
    assert code == 1
    assert "scripts/system-deps.sh" in capsys.readouterr().err


@pytest.mark.usefixtures("no_weasyprint_libraries")
def test_without_weasyprints_libraries_the_demo_still_writes_html_and_xlsx(
    reports: Reports, tmp_path: Path
) -> None:
    from kuska.cli.report import write_demo_reports

    written = write_demo_reports(tmp_path)
    assert sorted(p.name for p in written) == [
        "kuska-report-2020-en.html",
        "kuska-report-2020-en.xlsx",
        "kuska-report-2020-es.html",
        "kuska-report-2020-es.xlsx",
    ]
