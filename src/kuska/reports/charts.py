"""The report's charts, written on the server as SVG (vector in the HTML and in the PDF).

No browser, no JavaScript, nothing fetched: each chart is an inline ``<svg>`` element, drawn shape by shape
(:mod:`kuska.reports.svg`), its colours and fonts as presentation attributes, so the dashboard shows it under a
strict Content-Security-Policy. Titles live in the HTML caption, so they are translated, searchable and
extractable from the PDF; the SVG holds axes, bars and labels, as text.

Charts: the trends over the years shown; victims by region on a tile map (the profile's
``region_tiles.csv`` places each region on a grid; without it the regions are laid out in rows); victims by sex
and age; by form of exploitation; the justice pipeline (operations → detentions → prosecutions → convictions);
the overlap between agencies, "not available yet" until record linkage reports it.
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Sequence
from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _
from django_stubs_ext import StrPromise

from kuska.i18n import translated
from kuska.reports.figures import Figures, figure_ref
from kuska.reports.model import Chart, FigureRef, FigureStatus
from kuska.reports.narrative import agency_ref
from kuska.reports.svg import Box, Drawing, text_box, text_width, wrap
from kuska.reports.text import Labels, number, word
from kuska.stats.engine import UNKNOWN, Status
from kuska.stats.linked import SEPARATOR as COMBINATION_SEPARATOR
from kuska.stats.names import region_tiles as profile_region_tiles

PALETTE = ("#1f4e79", "#c55a11", "#548235", "#7f6000", "#7030a0", "#2e75b6", "#a5a5a5")
INK = "#222222"
MUTED = "#8c8c8c"
WIDTH = 6.7  # inches: the text width of an A4 page with 18 mm margins

_WORDS: dict[str, StrPromise] = {
    "trend_prosecution": _("Prosecution: trends {first}–{last}"),
    "trend_protection": _("Victims identified and assisted: trends {first}–{last}"),
    "map": _("Victims identified by region, {year}"),
    "sex_age": _("Victims identified by sex and age, {year}"),
    "exploitation": _("Victims identified by form of exploitation, {year}"),
    "pipeline": _("From operations to convictions, {year}"),
    "pipeline_units": _(
        "The bars are not one group of cases followed through: each counts its own unit (operations; persons "
        "detained; suspects prosecuted and traffickers convicted, once each) in {year}, and a case prosecuted "
        "or tried in {year} may come from an operation of an earlier year."
    ),
    "overlap": _("Victims identified by more than one agency, {year}"),
    "upset": _("Unique victims by combination of agencies, {year}"),
    "upset_reading": _(
        "Persons after record linkage: each victim counted once, in the combination of agencies that hold a "
        "victim record of theirs dated in {year}; the dots below a bar name its agencies."
    ),
    "upset_sums": _(
        "The bars add up to the unique victims ({unique}); the bars of two agencies or more add up to the victims "
        "at more than one agency ({overlap})."
    ),
    "upset_records": _(
        "The victims identified by each agency ({identified}) are another count: identification records, one "
        "per agency, so a person identified by two agencies counts at each, and the persons other agencies "
        "assisted without an identification are not among them."
    ),
    "one_agency": _("One agency only"),
    "overlap_none": _(
        "No victim of the year falls within the filters chosen: there is no combination to draw."
    ),
    "overlap_missing": _(
        "Not available yet: the overlap between agencies is computed by record linkage,\n"
        "which has not run on these data yet."
    ),
    "victims": _("victims"),
    "unknown_region": _("No region recorded: {n}."),
    "map_scale": _("Colour is proportional to the figure."),
    "map_missing": _("not reported or withheld"),
    "gaps": _("A year without a point: figure not reported (or withheld)."),
    "no_data": _("No data for {year}."),
    "more_than_one": _("At more than one agency"),
}

# In a trend series, one series per lead agency of the profile (the police, the prosecutors…), by agency.
LEAD_AGENCIES = "*lead*"

TREND_SERIES: dict[str, tuple[tuple[str, str | None], ...]] = {
    # (indicator, agency of a by-agency breakdown — or LEAD_AGENCIES — or None for the total)
    "prosecution": (
        ("police_operations", None),
        ("police_detentions", None),
        ("prosecutor_operations", None),
        ("suspects_prosecuted", None),
        ("traffickers_convicted", None),
    ),
    "protection": (
        ("victims_identified", LEAD_AGENCIES),
        ("children_assisted", None),
        ("victims_assisted_udavit", None),
    ),
}

PIPELINE = (
    "police_operations",
    "police_detentions",
    "suspects_prosecuted",
    "traffickers_convicted",
)


POINTS = WIDTH * 72  # the drawing's width in points
FONT_SIZE = 8.5  # axes' labels
GRID = "#e6e6e6"
MISSING = "#f2f2f2"  # the tile of a figure not reported or withheld, hatched
HATCH = "#b3b3b3"  # lighter than its frame, so the figure on the tile stays legible
SCALE_LOW = "#eef3f9"  # the map's colour for 0; its colour for the largest figure is PALETTE[0]


def _w(key: str, lang: str) -> str:
    return translated(_WORDS[key], lang)


@dataclass
class _Bar:
    label: str
    ref: FigureRef


class ChartBuilder:
    """Draws the charts of the report from the engine's figures."""

    def __init__(self, figures: Figures, labels: Labels, lang: str) -> None:
        self.figures = figures
        self.labels = labels
        self.lang = lang

    def section(self, section: str) -> list[Chart]:
        charts: list[Chart | None] = []
        if section == "prosecution":
            charts = [self.pipeline(), self.trends("prosecution")]
        elif section == "protection":
            charts = [
                self.region_map(),
                self.sex_age(),
                self.exploitation(),
                self.overlap(),
                self.trends("protection"),
            ]
        return [c for c in charts if c is not None]

    # -- trends --------------------------------------------------------------------------------------------------

    def trend_series(self, section: str) -> list[tuple[str, list[FigureRef]]]:
        """The lines of a section's trend chart: each a name and its figure in every year shown."""
        lang, years = self.lang, self.figures.years
        series: list[tuple[str, list[FigureRef]]] = []
        lead = self.figures.context.lead_agencies
        chosen = [
            (indicator_id, code)
            for indicator_id, agency in TREND_SERIES.get(section, ())
            for code in (lead if agency == LEAD_AGENCIES else (agency,))
        ]
        for indicator_id, agency in chosen:
            if not self.figures.has(indicator_id, *(("agency",) if agency else ())):
                continue
            indicator = self.figures.indicator(indicator_id)
            self.figures.over_years(indicator_id, years, ("agency",) if agency else ())
            refs = []
            for year in years:
                if agency is None:
                    refs.append(figure_ref(self.figures.result(indicator_id, year), lang=lang))
                else:
                    result = self.figures.result(indicator_id, year, ("agency",))
                    refs.append(agency_ref(result, agency, lang))
            label = indicator.title(lang)
            if agency is not None:
                label = f"{label} ({agency})"
            series.append((label, refs))
        return series

    def trends(self, section: str) -> Chart | None:
        lang, years = self.lang, self.figures.years
        series = self.trend_series(section)
        if not series:
            return None
        chart_id = f"c-trends-{section}"
        drawing = draw_trends(series, years, lang, chart_id)
        title = _w(f"trend_{section}", lang).format(first=years[0], last=years[-1])
        refs_all = [r for _, refs in series for r in refs]
        return Chart(
            id=chart_id,
            title=title,
            svg=drawing.svg(chart_id),
            description=_describe(series, years, lang),
            notes=[_w("gaps", lang)],
            figures=refs_all,
        )

    # -- victims by region -----------------------------------------------------------------------------------------

    def region_map(self) -> Chart | None:
        lang, year = self.lang, self.figures.year
        if not self.figures.has("victims_identified", "region"):
            return None
        result = self.figures.result("victims_identified", by=("region",))
        tiles = region_tiles(self.figures.context.region_codes)
        refs = {
            code: figure_ref(result, (code,), lang) for code in self.figures.context.region_codes
        }
        chart_id = "c-region-map"
        drawing = draw_tile_map(refs, tiles, lang)
        notes = [_w("map_scale", lang)]
        names = ", ".join(
            f"{code.split('-', 1)[-1]} {self.labels.category('region', code, lang)}"
            for code in self.figures.context.region_codes
        )
        notes.append(names + ".")
        figures = list(refs.values())
        if result.status is Status.REPORTED and UNKNOWN in result.categories.get("region", []):
            unknown = figure_ref(result, (UNKNOWN,), lang)
            figures.append(unknown)
            notes.append(_w("unknown_region", lang).format(n=unknown.text))
        if self.figures.public:
            notes.append(word("withheld_note", lang))
        return Chart(
            id=chart_id,
            title=_w("map", lang).format(year=year),
            svg=drawing.svg(chart_id),
            description=_w("map", lang).format(year=year),
            notes=notes,
            figures=figures,
        )

    # -- sex and age -----------------------------------------------------------------------------------------------

    def sex_age(self) -> Chart | None:
        lang, year = self.lang, self.figures.year
        if not self.figures.has("victims_identified", "age_band", "sex"):
            return None
        result = self.figures.result("victims_identified", by=("age_band", "sex"))
        if result.status is not Status.REPORTED:
            return self._empty("c-sex-age", _w("sex_age", lang).format(year=year))
        ages = result.categories.get("age_band", [])
        sexes = result.categories.get("sex", [])
        chart_id = "c-sex-age"
        groups = [
            (
                self.labels.category("age_band", age, lang),
                [figure_ref(result, (age, sex), lang) for sex in sexes],
            )
            for age in ages
        ]
        names = [self.labels.category("sex", sex, lang) for sex in sexes]
        drawing = draw_grouped_bars(groups, names, lang)
        refs = [groups[a][1][s] for s in range(len(sexes)) for a in range(len(ages))]
        notes = [word("withheld_note", lang)] if self.figures.public else []
        return Chart(
            id=chart_id,
            title=_w("sex_age", lang).format(year=year),
            svg=drawing.svg(chart_id),
            description=_w("sex_age", lang).format(year=year),
            notes=notes,
            figures=refs,
        )

    # -- forms of exploitation -------------------------------------------------------------------------------------

    def exploitation(self) -> Chart | None:
        lang, year = self.lang, self.figures.year
        if not self.figures.has("victims_identified", "exploitation"):
            return None
        result = self.figures.result("victims_identified", by=("exploitation",))
        title = _w("exploitation", lang).format(year=year)
        if result.status is not Status.REPORTED:
            return self._empty("c-exploitation", title)
        bars = [
            _Bar(
                self.labels.category("exploitation", form, lang), figure_ref(result, (form,), lang)
            )
            for form in result.categories.get("exploitation", [])
        ]
        return self._bars("c-exploitation", title, bars)

    # -- justice pipeline ------------------------------------------------------------------------------------------

    def pipeline(self) -> Chart | None:
        lang, year = self.lang, self.figures.year
        steps = [i for i in PIPELINE if self.figures.has(i)]
        if not steps:
            return None
        bars = [
            _Bar(
                self.figures.indicator(i).title(lang),
                figure_ref(self.figures.result(i), lang=lang),
            )
            for i in steps
        ]
        chart = self._bars("c-pipeline", _w("pipeline", lang).format(year=year), bars, arrows=True)
        chart.notes.insert(0, _w("pipeline_units", lang).format(year=year))
        return chart

    # -- overlap between agencies ----------------------------------------------------------------------------------

    def overlap(self) -> Chart | None:
        """The unique victims by combination of agencies (an UpSet chart): one bar per combination, the dots
        below naming its agencies. The bars add up to the unique victims, and those of two agencies or more to
        the victims at more than one agency; the notes say so with both figures, and why the victims each
        agency identified (identification records) are another count."""
        lang, year = self.lang, self.figures.year
        if not self.figures.has("agency_overlap"):
            return None
        overlap = self.figures.result("agency_overlap")
        current = figure_ref(overlap, lang=lang)
        if overlap.status is not Status.REPORTED or not self.figures.has(
            "unique_victims", "agency"
        ):
            title = _w("overlap", lang).format(year=year)
            return self._message("c-overlap", title, _w("overlap_missing", lang), [current])
        unique = self.figures.result("unique_victims", by=("agency",))
        if unique.status is not Status.REPORTED:
            title = _w("overlap", lang).format(year=year)
            return self._message("c-overlap", title, _w("overlap_missing", lang), [current])
        combinations = unique.categories.get("agency", [])
        if not combinations:  # no victim under the filters: nothing to draw
            title = _w("overlap", lang).format(year=year)
            return self._message("c-overlap", title, _w("overlap_none", lang), [current])
        bars = [(c, figure_ref(unique, (c,), lang)) for c in combinations]
        agencies = combination_agencies(combinations, self.figures.context.lead_agencies)
        chart_id = "c-overlap"
        drawing = draw_upset(bars, agencies, lang, chart_id)
        total = figure_ref(unique, lang=lang)
        notes = [
            _w("upset_reading", lang).format(year=year),
            _w("upset_sums", lang).format(unique=total.text, overlap=current.text),
        ]
        refs = [ref for _, ref in bars] + [total, current]
        if self.figures.has("victims_identified", "agency"):
            by_agency = self.figures.result("victims_identified", by=("agency",))
            identified = [
                (agency, agency_ref(by_agency, agency, lang))
                for agency in by_agency.indicator.sources or by_agency.categories.get("agency", [])
            ]
            if identified:
                refs += [ref for _, ref in identified]
                notes.append(
                    _w("upset_records", lang).format(
                        identified=", ".join(f"{agency} {ref.text}" for agency, ref in identified)
                    )
                )
        if self.figures.public:
            notes.append(word("withheld_note", lang))
        title = _w("upset", lang).format(year=year)
        description = title + ": " + "; ".join(f"{c}: {ref.text}" for c, ref in bars)
        return Chart(
            id=chart_id,
            title=title,
            svg=drawing.svg(chart_id),
            description=description,
            notes=notes,
            figures=refs,
        )

    # -- drawing helpers -------------------------------------------------------------------------------------------

    def _bars(
        self, chart_id: str, title: str, bars: Sequence[_Bar], *, arrows: bool = False
    ) -> Chart:
        lang = self.lang
        colours = [PALETTE[i % 4] if arrows else PALETTE[0] for i in range(len(bars))]
        drawing = draw_bars([(b.label, b.ref) for b in bars], colours, lang)
        notes = [word("withheld_note", lang)] if self.figures.public else []
        return Chart(
            id=chart_id,
            title=title,
            svg=drawing.svg(chart_id),
            description=title + ": " + "; ".join(f"{b.label}: {b.ref.text}" for b in bars),
            notes=notes,
            figures=[b.ref for b in bars],
        )

    def _message(self, chart_id: str, title: str, message: str, refs: list[FigureRef]) -> Chart:
        drawing = draw_message(message)
        return Chart(
            id=chart_id,
            title=title,
            svg=drawing.svg(chart_id),
            description=message.replace("\n", " "),
            figures=refs,
        )

    def _empty(self, chart_id: str, title: str) -> Chart:
        message = _w("no_data", self.lang).format(year=self.figures.year)
        return self._message(chart_id, title, message, [])


def combination_agencies(combinations: Sequence[str], lead: Sequence[str]) -> list[str]:
    """The agencies that appear in the combinations (``POLICE + PROSECUTION``): the lead agencies first, in
    their order, then the others as they first appear."""
    found: list[str] = []
    for combination in combinations:
        for agency in combination.split(COMBINATION_SEPARATOR):
            if agency not in found:
                found.append(agency)
    return [a for a in lead if a in found] + [a for a in found if a not in lead]


# -- axes ------------------------------------------------------------------------------------------------------------


def axis_ticks(top: float, count: int = 6) -> list[int]:
    """Round whole numbers from 0 to ``top`` for an axis, at most ``count`` steps (of 1, 2, 2.5, 5 × 10ⁿ).

    >>> axis_ticks(1360)
    [0, 250, 500, 750, 1000, 1250]
    >>> axis_ticks(2.3)
    [0, 1, 2]
    """
    if top < 1:
        return [0]
    raw = top / count
    magnitude = 10 ** math.floor(math.log10(raw)) if raw >= 1 else 1
    step = next(
        int(m * magnitude)
        for m in (1, 2, 2.5, 5, 10)
        if m * magnitude >= raw and m * magnitude == int(m * magnitude)
    )
    return list(range(0, int(top) + 1, max(step, 1)))


def _value_axis(
    drawing: Drawing,
    left: float,
    right: float,
    y: tuple[float, float],
    limit: float,
    lang: str,
) -> None:
    """A vertical value axis from 0 to ``limit`` on the left of a plot that runs from ``y[0]`` (its top) to
    ``y[1]`` (its 0), with grid lines across to ``right`` at its ticks."""
    upper, lower = y
    for tick in axis_ticks(limit):
        at = lower - tick / limit * (lower - upper)
        drawing.line(left, at, right, at, GRID, 0.6)
        drawing.line(left - 3.5, at, left, at, MUTED, 0.8)
        drawing.text(left - 5, at, number(tick, lang), size=FONT_SIZE, anchor="end")
    drawing.line(left, upper, left, lower, MUTED, 0.8)


def _ticks_width(limit: float, lang: str) -> float:
    return max(text_width(number(t, lang), FONT_SIZE) for t in axis_ticks(limit))


def _drawn(ref: FigureRef) -> bool:
    return ref.status is FigureStatus.REPORTED and ref.value is not None


def _value(ref: FigureRef) -> float:
    return float(ref.value or 0) if _drawn(ref) else 0.0


def _blend(low: str, high: str, share: float) -> str:
    """The colour ``share`` of the way from ``low`` to ``high`` (``#rrggbb``)."""
    share = min(max(share, 0.0), 1.0)
    channels = [
        round(int(low[i : i + 2], 16) * (1 - share) + int(high[i : i + 2], 16) * share)
        for i in (1, 3, 5)
    ]
    return "#" + "".join(f"{c:02x}" for c in channels)


def _hatched(drawing: Drawing, x: float, y: float, size: float, height: float) -> None:
    """A grey rectangle hatched ``///``: a figure not reported or withheld."""
    drawing.rect(x, y, size, height, MISSING, stroke=MUTED, stroke_width=0.8)
    step = 4.0
    d = step
    while d < size + height:
        start = (x + max(0.0, d - height), y + min(d, height))
        end = (x + min(d, size), y + d - min(d, size))
        drawing.line(start[0], start[1], end[0], end[1], HATCH, 0.6)
        d += step


# -- the charts' drawings ------------------------------------------------------------------------------------------


def draw_bars(bars: Sequence[tuple[str, FigureRef]], colours: Sequence[str], lang: str) -> Drawing:
    """Horizontal bars, one per (label, figure), the label on the left, the figure at the bar's end (grey where
    not reported or withheld), a value axis below."""
    row, size = 30.0, FONT_SIZE
    labels = [wrap(label, size, POINTS * 0.42) for label, _ in bars]
    label_width = max((text_width(line, size) for lines in labels for line in lines), default=0.0)
    top = max([_value(ref) for _, ref in bars] or [1.0]) or 1.0
    limit = top * 1.18
    last = number(axis_ticks(limit)[-1], lang)
    left, right, upper = label_width + 10, POINTS - 4 - text_width(last, size) / 2, 6.0
    lower = upper + row * len(bars)
    drawing = Drawing(POINTS, lower + 22)
    width = right - left
    for i, ((_label, ref), lines, colour) in enumerate(zip(bars, labels, colours, strict=True)):
        middle = upper + (i + 0.5) * row
        end = left + _value(ref) / limit * width
        drawing.rect(left, middle - 0.31 * row, end - left, 0.62 * row, colour)
        drawing.text(end + 3, middle, ref.text, size=8, fill=INK if _drawn(ref) else MUTED)
        first = middle - (len(lines) - 1) * size * 0.6
        for j, line in enumerate(lines):
            drawing.text(left - 6, first + j * size * 1.2, line, size=size, anchor="end")
    drawing.line(left, upper, left, lower, MUTED, 0.8)
    drawing.line(left, lower, right, lower, MUTED, 0.8)
    for tick in axis_ticks(limit):
        at = left + tick / limit * width
        drawing.line(at, lower, at, lower + 3.5, MUTED, 0.8)
        drawing.text(at, lower + 5, number(tick, lang), size=size, anchor="middle", align="top")
    return drawing


def _legend_row(
    drawing: Drawing, right: float, y: float, entries: Sequence[tuple[str, str]]
) -> None:
    """Coloured squares and their names in a row ending at ``right``."""
    size = 7.5
    x = right - sum(12 + text_width(name, size) + 12 for name, _ in entries) + 12
    for name, colour in entries:
        drawing.rect(x, y - 4, 8, 8, colour)
        drawing.text(x + 12, y, name, size=size)
        x += 12 + text_width(name, size) + 12


def draw_grouped_bars(
    groups: Sequence[tuple[str, Sequence[FigureRef]]], names: Sequence[str], lang: str
) -> Drawing:
    """Vertical bars in groups (an age band), one bar per series of the group (a sex), in the series' colours
    named in the legend above; each bar's figure on it, ``*`` where not reported or withheld."""
    top = max([_value(ref) for _, refs in groups for ref in refs] or [1.0]) or 1.0
    limit = top * 1.15
    left = 4 + FONT_SIZE * 1.3 + 6 + _ticks_width(limit, lang) + 6
    right, upper = POINTS - 4, 24.0
    slot = (right - left) / max(len(groups), 1)
    labels = [wrap(label, FONT_SIZE, slot - 4) for label, _ in groups]
    lower = 208.8 - 8 - FONT_SIZE * 1.2 * max((len(lines) for lines in labels), default=1)
    drawing = Drawing(POINTS, 208.8)
    _legend_row(drawing, right, 8, [(n, PALETTE[s % len(PALETTE)]) for s, n in enumerate(names)])
    _value_axis(drawing, left, right, (upper, lower), limit, lang)
    width = 0.8 * slot / max(len(names), 1)
    for a, ((_label, refs), lines) in enumerate(zip(groups, labels, strict=True)):
        centre = left + (a + 0.5) * slot
        for s, ref in enumerate(refs):
            x = centre - 0.4 * slot + width * (s + 0.5)
            height = _value(ref) / limit * (lower - upper)
            drawing.rect(
                x - width * 0.46, lower - height, width * 0.92, height, PALETTE[s % len(PALETTE)]
            )
            shown = ref.text if ref.status is FigureStatus.REPORTED else "*"
            drawing.text(x, lower - height - 2, shown, size=7, anchor="middle", align="bottom")
        for j, line in enumerate(lines):
            drawing.text(
                centre,
                lower + 5 + j * FONT_SIZE * 1.2,
                line,
                size=FONT_SIZE,
                anchor="middle",
                align="top",
            )
    drawing.line(left, lower, right, lower, MUTED, 0.8)
    drawing.text(
        4, (upper + lower) / 2, _w("victims", lang), size=FONT_SIZE, anchor="middle", rotate=-90
    )
    return drawing


def draw_tile_map(
    refs: dict[str, FigureRef], tiles: dict[str, tuple[int, int]], lang: str
) -> Drawing:
    """A tile per region, placed on the profile's grid, its colour in proportion to its figure (the largest the
    darkest), its code and figure on it; hatched grey where not reported or withheld; below, the colour scale
    from 0 to the largest figure and the hatched tile's meaning."""
    cell_w, cell_h, pad = 50.0, 36.0, 4.0
    rows = max((r for r, _ in tiles.values()), default=0) + 1
    columns = max((c for _, c in tiles.values()), default=0) + 1
    top = max([float(r.value) for r in refs.values() if r.value] or [1.0])
    missing = _w("map_missing", lang)
    scale_width = 150.0
    legend_width = scale_width + 24 + 12 + 4 + text_width(missing, 7)
    width = max(columns * cell_w, legend_width) + 2 * pad
    grid_height = rows * cell_h
    drawing = Drawing(width, pad + grid_height + 46)
    tile_w, tile_h = cell_w - 4, cell_h - 4
    for code, (row, column) in tiles.items():
        ref = refs.get(code)
        if ref is None:
            continue
        x, y = pad + column * cell_w + 2, pad + row * cell_h + 2
        drawn = _drawn(ref)
        share = _value(ref) / top if drawn else 0.0
        if drawn:
            drawing.rect(x, y, tile_w, tile_h, _blend(SCALE_LOW, PALETTE[0], share))
        else:
            _hatched(drawing, x, y, tile_w, tile_h)
        ink = "white" if share > 0.55 else INK
        drawing.text(
            x + tile_w / 2,
            y + tile_h * 0.3,
            code.split("-", 1)[-1],
            size=7.5,
            fill=ink,
            anchor="middle",
        )
        shown = ref.text if ref.status is not FigureStatus.NOT_REPORTED else "—"
        size = 8.0 if drawn else 6.0
        size = min(size, (tile_w - 4) / max(text_width(shown, 1.0, bold=drawn), 0.01))
        drawing.text(
            x + tile_w / 2,
            y + tile_h * 0.68,
            shown,
            size=size,
            fill=ink,
            anchor="middle",
            bold=drawn,
        )
    _colour_scale(drawing, pad, pad + grid_height + 8, scale_width, top, lang)
    return drawing


def _colour_scale(
    drawing: Drawing, x: float, y: float, width: float, top: float, lang: str
) -> None:
    """The map's legend: the colours from 0 to the largest figure (vector steps: the report fetches no image),
    and the hatched tile of a figure not reported or withheld."""
    drawing.group("colour-scale")
    drawing.text(x, y + 4, _w("victims", lang), size=7)
    bar_y, bar_h, steps = y + 10, 10.0, 48
    for i in range(steps):
        drawing.rect(
            x + i * width / steps,
            bar_y,
            width / steps + 0.3,
            bar_h,
            _blend(SCALE_LOW, PALETTE[0], i / (steps - 1)),
        )
    drawing.rect(x, bar_y, width, bar_h, "none", stroke=MUTED, stroke_width=0.6)
    for share in [0.0, 0.5, 1.0] if top >= 2 else [0.0, 1.0]:
        at = x + share * width
        drawing.line(at, bar_y + bar_h, at, bar_y + bar_h + 2.5, MUTED, 0.6)
        drawing.text(
            at,
            bar_y + bar_h + 4,
            number(round(top * share), lang),
            size=7,
            anchor="middle",
            align="top",
        )
    drawing.end()
    swatch = x + width + 24
    _hatched(drawing, swatch, bar_y, 12, bar_h)
    drawing.text(swatch + 16, bar_y + bar_h / 2, _w("map_missing", lang), size=7)


def draw_upset(
    bars: Sequence[tuple[str, FigureRef]], agencies: Sequence[str], lang: str, chart_id: str
) -> Drawing:
    """An UpSet chart: above, one bar per combination of agencies with its figure; below, a dot per agency, filled
    and joined where the agency is in the combination. Bars of one agency and of several take two colours."""
    del chart_id  # the ids are prefixed when the drawing is written
    row = 17.3
    highest = max([_value(ref) for _, ref in bars] or [1.0]) or 1.0
    limit = highest * 1.15
    left = max(
        4 + FONT_SIZE * 1.3 + 6 + _ticks_width(limit, lang) + 6,
        max((text_width(a, 7) for a in agencies), default=0.0) + 12,
    )
    right, upper, lower = POINTS - 4, 26.0, 166.0
    height = lower + 8 + row * len(agencies)
    drawing = Drawing(POINTS, height)
    _legend_row(
        drawing,
        right,
        8,
        [(_w("one_agency", lang), PALETTE[0]), (_w("more_than_one", lang), PALETTE[1])],
    )
    _value_axis(drawing, left, right, (upper, lower), limit, lang)
    drawing.text(
        4, (upper + lower) / 2, _w("victims", lang), size=FONT_SIZE, anchor="middle", rotate=-90
    )
    slot = (right - left) / max(len(bars), 1)
    matrix = lower + 8 + row / 2
    for j, agency in enumerate(agencies):
        drawing.text(left - 6, matrix + j * row, agency, size=7, anchor="end")
    for i, (combination, ref) in enumerate(bars):
        centre = left + (i + 0.5) * slot
        several = COMBINATION_SEPARATOR in combination
        bar = _value(ref) / limit * (lower - upper)
        drawing.rect(
            centre - 0.35 * slot,
            lower - bar,
            0.7 * slot,
            bar,
            PALETTE[1] if several else PALETTE[0],
        )
        shown = ref.text if _drawn(ref) else "*"
        size = min(6.5, slot * 0.95 / max(text_width(shown, 1.0), 0.01))
        drawing.text(
            centre,
            lower - bar - 2,
            shown,
            size=size,
            fill=INK if _drawn(ref) else MUTED,
            anchor="middle",
            align="bottom",
        )
        parts = combination.split(COMBINATION_SEPARATOR)
        members = [j for j, a in enumerate(agencies) if a in parts]
        for j in range(
            len(agencies)
        ):  # grey dots, then the line joining the agencies, then their dots
            if j not in members:
                drawing.circle(centre, matrix + j * row, 2.1, "#dddddd")
        if len(members) > 1:
            drawing.line(
                centre, matrix + min(members) * row, centre, matrix + max(members) * row, INK, 1.4
            )
        for j in members:
            drawing.circle(centre, matrix + j * row, 2.6, INK)
    drawing.line(left, lower, right, lower, MUTED, 0.8)
    return drawing


def draw_message(message: str) -> Drawing:
    """A dashed frame with a message in it: a chart that has nothing to draw says why."""
    size = 9.0
    lines = wrap(message, size, POINTS - 40)
    height = max(79.2, len(lines) * size * 1.3 + 24)
    drawing = Drawing(POINTS, height)
    drawing.rect(
        4, 4, POINTS - 8, height - 8, "#f7f7f7", stroke=MUTED, stroke_width=0.8, dash="4 2"
    )
    first = height / 2 - (len(lines) - 1) * size * 0.65
    for j, line in enumerate(lines):
        drawing.text(POINTS / 2, first + j * size * 1.3, line, size=size, anchor="middle")
    return drawing


# Where a value label may go around its point, in points (dx, dy upwards, horizontal alignment, vertical
# alignment), in order of preference: beside the point first, then above or below it, then further out.
_LABEL_PLACES: tuple[tuple[float, float, str, str], ...] = (
    (5, 5, "start", "bottom"),
    (5, -5, "start", "top"),
    (-5, 5, "end", "bottom"),
    (-5, -5, "end", "top"),
    (0, 7, "middle", "bottom"),
    (0, -7, "middle", "top"),
    (7, 0, "start", "middle"),
    (-7, 0, "end", "middle"),
    (0, 16, "middle", "bottom"),
    (0, -16, "middle", "top"),
    (12, 12, "start", "bottom"),
    (12, -12, "start", "top"),
    (-12, 12, "end", "bottom"),
    (-12, -12, "end", "top"),
)
LABEL_SIZE = 7.0


@dataclass(frozen=True)
class Label:
    """A value label placed beside its point: where it is drawn (:meth:`Drawing.text`'s terms) and its box."""

    x: float
    y: float
    text: str
    colour: str
    anchor: str
    align: str
    box: Box


def place_labels(
    points: Sequence[tuple[float, float, str, str]],
    segments: Sequence[tuple[tuple[float, float], tuple[float, float]]],
    frame: Box,
) -> list[Label]:
    """Label each point (x, y, text, colour; in the drawing's points) at the first place around it that crosses
    no line segment, no marker and no label already placed, and stays inside ``frame``; where none is free, at
    the place crossing the fewest."""
    markers = [Box(x - 3, y - 3, x + 3, y + 3) for x, y, _, _ in points]
    placed: list[Label] = []
    for x, y, text, colour in points:
        best: tuple[int, Label] | None = None
        for dx, dy, anchor, align in _LABEL_PLACES:
            box = text_box(x + dx, y - dy, text, LABEL_SIZE, anchor, align)
            grow_x, grow_y = (box.x1 - box.x0) * 0.04, (box.y1 - box.y0) * 0.075
            box = Box(box.x0 - grow_x, box.y0 - grow_y, box.x1 + grow_x, box.y1 + grow_y)
            crossings = sum(box.crosses(a, b) for a, b in segments)
            crossings += sum(box.overlaps(other) for other in markers)
            crossings += sum(box.overlaps(other.box) for other in placed)
            crossings += 0 if box.inside(frame) else 1
            if best is None or crossings < best[0]:
                best = (crossings, Label(x + dx, y - dy, text, colour, anchor, align, box))
            if crossings == 0:
                break
        assert best is not None
        placed.append(best[1])
    return placed


def draw_trends(
    series: Sequence[tuple[str, Sequence[FigureRef]]],
    years: Sequence[int],
    lang: str,
    chart_id: str = "c-trends",
) -> Drawing:
    """One line per series, broken where a year has no figure, every line named in the legend below, and each
    value labelled where no line, marker or other label crosses it (:func:`place_labels`)."""
    del chart_id  # the ids are prefixed when the drawing is written
    legend_size, legend_row = 7.5, 12.0
    names = [name for name, _ in series]
    column = (POINTS - 8) / 2
    columns = 2 if all(24 + text_width(n, legend_size) <= column for n in names) else 1
    legend_height = legend_row * math.ceil(len(names) / columns)
    height = max(244.8, 190 + legend_height)
    values = [_value(r) for _, refs in series for r in refs if _drawn(r)]
    top = max(values or [1.0]) or 1.0
    limit = top * 1.15
    left = _ticks_width(limit, lang) + 12
    right, upper = POINTS - 6, 6.0
    lower = height - legend_height - 30
    drawing = Drawing(POINTS, height)
    _value_axis(drawing, left, right, (upper, lower), limit, lang)
    first, span = years[0] - 0.35, years[-1] - years[0] + 0.7

    def at(year: int, value: float) -> tuple[float, float]:
        return (
            left + (year - first) / span * (right - left),
            lower - value / limit * (lower - upper),
        )

    drawing.line(left, lower, right, lower, MUTED, 0.8)
    for year in years:
        x, _ = at(year, 0)
        drawing.line(x, lower, x, lower + 3.5, MUTED, 0.8)
        drawing.text(x, lower + 5, str(year), size=FONT_SIZE, anchor="middle", align="top")
    points: list[tuple[float, float, str, str]] = []
    segments: list[tuple[tuple[float, float], tuple[float, float]]] = []
    drawing.group("lines")
    for i, (_name, refs) in enumerate(series):
        colour = PALETTE[i % len(PALETTE)]
        runs: list[list[tuple[float, float]]] = [[]]
        for year, ref in zip(years, refs, strict=True):
            if not _drawn(ref):
                runs.append([])
                continue
            point = at(year, _value(ref))
            runs[-1].append(point)
            points.append((*point, ref.text, colour))
        for run in runs:
            if len(run) > 1:
                drawing.polyline(run, colour, 1.6)
                segments += list(itertools.pairwise(run))
            for x, y in run:
                drawing.circle(x, y, 2.0, colour)
    drawing.end()
    drawing.group("values")
    for label in place_labels(points, segments, Box(left, upper, right, lower)):
        drawing.text(
            label.x,
            label.y,
            label.text,
            size=LABEL_SIZE,
            fill=label.colour,
            anchor=label.anchor,
            align=label.align,
        )
    drawing.end()
    drawing.group("legend")
    legend_top = lower + 26
    for i, name in enumerate(names):
        colour = PALETTE[i % len(PALETTE)]
        x = 4 + (i % columns) * column
        y = legend_top + (i // columns) * legend_row + legend_row / 2
        drawing.line(x, y, x + 18, y, colour, 1.6)
        drawing.circle(x + 9, y, 2.0, colour)
        drawing.text(x + 24, y, name, size=legend_size)
    drawing.end()
    return drawing


def region_tiles(region_codes: Sequence[str]) -> dict[str, tuple[int, int]]:
    """(row, column) of each region on the tile map: the profile's ``region_tiles.csv``, else rows of six."""
    tiles = profile_region_tiles()
    missing = [c for c in region_codes if c not in tiles]
    if missing:  # regions the layout does not place go below it, in rows of six
        start = max((r for r, _ in tiles.values()), default=-1) + 1
        for i, code in enumerate(missing):
            tiles[code] = (start + i // 6, i % 6)
    return {c: tiles[c] for c in region_codes}


def _describe(
    series: Sequence[tuple[str, Sequence[FigureRef]]], years: Sequence[int], lang: str
) -> str:
    parts = []
    for label, refs in series:
        values = ", ".join(f"{y}: {r.text}" for y, r in zip(years, refs, strict=True))
        parts.append(f"{label} ({values})")
    return "; ".join(parts)
