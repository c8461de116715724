"""The report's charts read cleanly: no line runs through a value label, every line is named in the legend, and
the tile map has a colour scale."""

from __future__ import annotations

import pytest

from kuska.reports.charts import draw_trends, measuring_renderer
from kuska.reports.model import FigureRef, FigureStatus
from tests.report_dataset import dataset, link_victims

__all__ = ["dataset"]  # the module-scoped fixture, used below

YEARS = (2018, 2019, 2020)


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


@pytest.mark.parametrize("series", [PROSECUTION, PROTECTION], ids=["prosecution", "protection"])
def test_no_line_runs_through_a_value_label(series: list[tuple[str, list[FigureRef]]]) -> None:
    figure = draw_trends(series, YEARS, "en")
    renderer = measuring_renderer(figure)
    [axes] = list(figure.axes)
    labels = axes.texts
    assert sorted(t.get_text() for t in labels) == sorted(
        r.text for _, refs in series for r in refs
    )
    paths = [ln.get_transform().transform_path(ln.get_path()) for ln in axes.get_lines()]
    boxes = [t.get_window_extent(renderer) for t in labels]
    for text, box in zip(labels, boxes, strict=True):
        crossed = [i for i, path in enumerate(paths) if path.intersects_bbox(box, filled=False)]
        assert not crossed, f"{text.get_text()} is crossed by line {crossed}"
    for i, box in enumerate(boxes):
        for other in boxes[i + 1 :]:
            assert not box.overlaps(other), (labels[i].get_text(), "overlaps another label")


@pytest.mark.parametrize("series", [PROSECUTION, PROTECTION], ids=["prosecution", "protection"])
def test_every_line_is_named_in_the_legend(series: list[tuple[str, list[FigureRef]]]) -> None:
    figure = draw_trends(series, YEARS, "en")
    [axes] = figure.axes
    legend = axes.get_legend()
    assert legend is not None
    assert [t.get_text() for t in legend.get_texts()] == [name for name, _ in series]
    assert len(legend.legend_handles) == len(axes.get_lines()) == len(series)
    colours = {h.get_color() for h in legend.legend_handles}  # type: ignore[union-attr]
    assert len(colours) == len(series)  # no two lines share a colour
    renderer = measuring_renderer(figure)
    drawn = figure.get_tightbbox(renderer)
    box = legend.get_tightbbox(renderer)
    assert box is not None
    shown = box.transformed(figure.dpi_scale_trans.inverted())
    assert drawn.x0 <= shown.x0
    assert shown.x1 <= drawn.x1
    assert drawn.y0 <= shown.y0
    assert shown.y1 <= drawn.y1


def test_a_line_with_a_gap_is_drawn_without_its_missing_year() -> None:
    gap = line((10, 20, 30))
    gap[1] = FigureRef("x", 2019, (), (), FigureStatus.NOT_REPORTED, None, "not reported")
    figure = draw_trends([("With a gap", gap), ("Whole", line((5, 6, 7)))], YEARS, "en")
    [axes] = figure.axes
    assert list(axes.get_lines()[0].get_xdata()) == [2018, 2020]  # type: ignore[arg-type]
    assert "not reported" not in [t.get_text() for t in axes.texts]


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
    import warnings

    from kuska.reports import Figures
    from kuska.reports.charts import ChartBuilder
    from kuska.reports.text import Labels

    figures = Figures(2020, public=False, where={"sex": "intersex"})
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # matplotlib warns when asked to draw an empty matrix
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
