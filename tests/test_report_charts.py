"""The report's charts read cleanly: no line runs through a value label, every line is named in the legend, and
the tile map has a colour scale; they are well-formed SVG, their texts escaped, without inline style."""

from __future__ import annotations

import itertools
from xml.etree import ElementTree

import pytest

from kuska.reports.charts import PALETTE, draw_bars, draw_trends
from kuska.reports.model import FigureRef, FigureStatus
from kuska.reports.svg import Box, text_box
from tests.report_dataset import dataset, link_victims

__all__ = ["dataset"]  # the module-scoped fixture, used below

YEARS = (2018, 2019, 2020)
SVG = "{http://www.w3.org/2000/svg}"


def line(values: tuple[int, ...]) -> list[FigureRef]:
    return [
        FigureRef("x", year, (), (), FigureStatus.REPORTED, value, f"{value:,}")
        for year, value in zip(YEARS, values, strict=True)
    ]


# The demo's two trend charts, whose labels the lines used to strike through (201, 252, 74, 55; 1,189, 864…).
PROSECUTION = [
    ("Anti-trafficking police operations", line((158, 186, 65))),
    ("Detentions in police operations", line((423, 364, 214))),
    ("Operations with specialized prosecutors", line((201, 252, 214))),
    ("Suspects prosecuted", line((142, 67, 44))),
    ("Traffickers convicted", line((74, 55, 29))),
]
PROTECTION = [
    ("Victims identified (PNP)", line((1600, 1054, 640))),
    ("Victims identified (MP-FISCALIA)", line((1189, 1266, 470))),
    ("Children assisted by the Special Protection Units", line((197, 130, 223))),
    ("Victims assisted by UDAVIT", line((864, 920, 529))),
]


def drawn(svg: str) -> ElementTree.Element:
    """The SVG as a reader's program reads it: it must be well-formed XML."""
    return ElementTree.fromstring(svg)  # noqa: S314 — the charts' own output


def group(root: ElementTree.Element, name: str) -> ElementTree.Element:
    """The group of the drawing named ``name`` (its id prefixed with the chart's)."""
    [found] = [g for g in root.iter(f"{SVG}g") if g.get("id", "").endswith(f"-{name}")]
    return found


def label_box(text: ElementTree.Element) -> Box:
    """Where a text is drawn: from its anchor and baseline, with DejaVu Sans's widths."""
    return text_box(
        float(text.get("x", 0)),
        float(text.get("y", 0)),
        text.text or "",
        float(text.get("font-size", 0)),
        text.get("text-anchor", "start"),
        align="baseline",
    )


def segments(lines: ElementTree.Element) -> list[tuple[tuple[float, float], tuple[float, float]]]:
    found = []
    for polyline in lines.iter(f"{SVG}polyline"):
        points = [
            (float(x), float(y))
            for x, y in (pair.split(",") for pair in polyline.get("points", "").split())
        ]
        found += list(itertools.pairwise(points))
    return found


@pytest.mark.parametrize("series", [PROSECUTION, PROTECTION], ids=["prosecution", "protection"])
def test_no_line_runs_through_a_value_label(series: list[tuple[str, list[FigureRef]]]) -> None:
    root = drawn(draw_trends(series, YEARS, "en").svg("c-trends"))
    labels = list(group(root, "values").iter(f"{SVG}text"))
    assert sorted(t.text or "" for t in labels) == sorted(
        r.text for _, refs in series for r in refs
    )
    lines = segments(group(root, "lines"))
    boxes = [label_box(t) for t in labels]
    for text, box in zip(labels, boxes, strict=True):
        crossed = [i for i, (a, b) in enumerate(lines) if box.crosses(a, b)]
        assert not crossed, f"{text.text} is crossed by segment {crossed}"
    for i, box in enumerate(boxes):
        for other in boxes[i + 1 :]:
            assert not box.overlaps(other), (labels[i].text, "overlaps another label")


@pytest.mark.parametrize("series", [PROSECUTION, PROTECTION], ids=["prosecution", "protection"])
def test_every_line_is_named_in_the_legend(series: list[tuple[str, list[FigureRef]]]) -> None:
    drawing = draw_trends(series, YEARS, "en")
    root = drawn(drawing.svg("c-trends"))
    legend = group(root, "legend")
    assert [t.text for t in legend.iter(f"{SVG}text")] == [name for name, _ in series]
    handles = [line.get("stroke") for line in legend.iter(f"{SVG}line")]
    assert len(handles) == len(list(group(root, "lines").iter(f"{SVG}polyline"))) == len(series)
    assert len(set(handles)) == len(series)  # no two lines share a colour
    for text in legend.iter(f"{SVG}text"):  # every name inside the drawing
        box = label_box(text)
        assert box.inside(Box(0, 0, drawing.width, drawing.height)), text.text


def test_a_line_with_a_gap_is_broken_at_its_missing_year() -> None:
    gap = line((10, 20, 30))
    gap[1] = FigureRef("x", 2019, (), (), FigureStatus.NOT_REPORTED, None, "not reported")
    root = drawn(
        draw_trends([("With a gap", gap), ("Whole", line((5, 6, 7)))], YEARS, "en").svg("c")
    )
    lines = group(root, "lines")
    gapped = PALETTE[0]
    assert [p.get("stroke") for p in lines.iter(f"{SVG}polyline")] == [PALETTE[1]]
    assert len([c for c in lines.iter(f"{SVG}circle") if c.get("fill") == gapped]) == 2
    assert "not reported" not in [t.text for t in root.iter(f"{SVG}text")]


def test_labels_from_the_data_are_escaped_and_the_drawing_has_no_style() -> None:
    odd = FigureRef("x", 2020, (), (), FigureStatus.REPORTED, 3, "3")
    svg = draw_bars([('Sexual <exploitation> & "other"', odd)], [PALETTE[0]], "en").svg("c-x")
    texts = [t.text for t in drawn(svg).iter(f"{SVG}text")]
    assert 'Sexual <exploitation> & "other"' in texts
    assert "style" not in svg  # the dashboard's Content-Security-Policy allows no inline style
    assert 'font-family="' in svg
    assert 'fill="#1f4e79"' in svg


# -- on the report dataset, with a linkage run -------------------------------------------------------------------


@pytest.fixture
def linked(dataset: None) -> dict[str, int]:
    """A completed linkage run over the dataset's victims (:func:`tests.report_dataset.link_victims`)."""
    return link_victims()


pytestmark_db = pytest.mark.django_db


@pytestmark_db
def test_filters_no_victim_falls_within_say_so_in_the_overlap_chart_without_drawing_an_empty_one(
    linked: dict[str, int],
) -> None:
    from kuska.reports import Figures
    from kuska.reports.charts import ChartBuilder
    from kuska.reports.text import Labels

    figures = Figures(2020, public=False, where={"sex": "intersex"})
    chart = ChartBuilder(figures, Labels.load(), "en").overlap()
    assert chart is not None
    assert "there is no combination to draw" in chart.description


@pytestmark_db
@pytest.mark.parametrize("public", [False, True], ids=["internal", "public"])
def test_the_overlap_is_shown_by_combination_of_agencies_and_reconciles(
    linked: dict[str, int], public: bool
) -> None:
    from kuska.reports import Figures, build_report
    from kuska.reports.html import render_html
    from kuska.reports.model import Table

    report = build_report(Figures(2020, public=public), "en")
    [table] = [t for t in report.tables if t.id == "t-unique_victims-combinations"]
    assert isinstance(table, Table)
    rows = {row.label: row.cells[0] for row in table.rows}
    assert rows["Total — Unique victims (across agencies)"].figure.value == linked["unique"]  # type: ignore[union-attr]
    assert "PNP + MP-FISCALIA" in rows
    assert "PNP only" in rows
    assert "MP-FISCALIA only" in rows
    single = [c for label, c in rows.items() if label.endswith(" only")]
    several = [c for label, c in rows.items() if " + " in label]
    overlap = next(
        c for label, c in rows.items() if label == "Victims identified by more than one agency"
    )
    total = rows["Total — Unique victims (across agencies)"]
    if not public:  # every figure reconciles with its neighbours
        assert sum(c.value for c in several) == overlap.value == linked["overlap"]  # type: ignore[misc]
        assert sum(c.value for c in single) + overlap.value == total.value  # type: ignore[misc]
    else:  # small counts follow the disclosure rules: 2 persons at both agencies are withheld
        assert rows["PNP + MP-FISCALIA"].text == "withheld"
    chart = next(c for c in report.charts if c.id == "c-overlap")
    assert chart.title == "Unique victims by combination of agencies, 2020"
    combinations = {
        f.key for f in chart.figures if f.indicator == "unique_victims" and f.key != (None,)
    }
    assert combinations == {("PNP",), ("MP-FISCALIA",), ("PNP + MP-FISCALIA",), *combinations}
    assert len(
        [f for f in chart.figures if f.indicator == "unique_victims" and f.key != (None,)]
    ) == len(single) + len(several)
    notes = " ".join(chart.notes)
    assert "The bars add up to the unique victims" in notes
    assert "another count: identification records" in notes  # why the agencies' 640 and 470 differ
    assert "<image" not in chart.svg  # drawn as vectors, nothing embedded to fetch
    html = render_html(report)
    assert 'id="t-unique_victims-combinations"' in html


@pytestmark_db
def test_the_tile_map_has_a_colour_scale(dataset: None) -> None:
    from kuska.reports import Figures, build_report

    report = build_report(Figures(2020), "en")
    chart = next(c for c in report.charts if c.id == "c-region-map")
    assert 'id="cregionmap-colour-scale"' in chart.svg
    assert "not reported or withheld" in chart.svg
    assert "<image" not in chart.svg
    top = max(f.value for f in chart.figures if f.value is not None)
    assert f">{top}<" in chart.svg  # the scale runs from 0 to the largest figure


@pytestmark_db
def test_the_pipeline_says_why_its_bars_do_not_add_up(dataset: None) -> None:
    from kuska.reports import Figures, build_report

    report = build_report(Figures(2020), "en")
    chart = next(c for c in report.charts if c.id == "c-pipeline")
    assert "The bars are not one group of cases followed through" in chart.notes[0]


def test_without_the_font_file_text_is_measured_with_an_average_width(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from kuska.reports import svg

    measured = svg.text_width("Suspects prosecuted", 8.5)
    monkeypatch.setattr(svg, "_advances", lambda bold: {})
    average = svg.text_width("Suspects prosecuted", 8.5)
    assert average == pytest.approx(0.6 * 8.5 * len("Suspects prosecuted"))
    assert average == pytest.approx(measured, rel=0.25)  # near enough to lay the charts out
