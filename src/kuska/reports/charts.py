"""The report's charts, drawn on the server with matplotlib as SVG (vector in the HTML and in the PDF).

No browser, no JavaScript, nothing fetched: each chart is an inline ``<svg>`` element. Titles live in the HTML
caption, so they are translated, searchable and extractable from the PDF; the SVG holds axes, bars and labels.

Charts: the trends over the years shown; victims by region on a tile map (the profile's
``region_tiles.csv`` places each region on a grid; without it the regions are laid out in rows); victims by sex
and age; by form of exploitation; the justice pipeline (operations → detentions → prosecutions → convictions);
the overlap between agencies, "not available yet" until record linkage reports it.
"""

from __future__ import annotations

import io
import math
import re
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any, cast

import matplotlib as mpl
from django.utils.translation import gettext_lazy as _
from django_stubs_ext import StrPromise
from matplotlib.backends.backend_svg import FigureCanvasSVG
from matplotlib.colors import LinearSegmentedColormap
from matplotlib.figure import Figure
from matplotlib.patches import Rectangle
from matplotlib.ticker import FuncFormatter

from kuska.i18n import translated
from kuska.reports.figures import Figures, figure_ref
from kuska.reports.model import Chart, FigureRef, FigureStatus
from kuska.reports.narrative import agency_ref
from kuska.reports.text import Labels, number, word
from kuska.stats.engine import UNKNOWN, Status
from kuska.stats.linked import SEPARATOR as COMBINATION_SEPARATOR
from kuska.stats.names import region_tiles as profile_region_tiles

PALETTE = ("#1f4e79", "#c55a11", "#548235", "#7f6000", "#7030a0", "#2e75b6", "#a5a5a5")
INK = "#222222"
MUTED = "#8c8c8c"
WIDTH = 6.7  # inches: the text width of an A4 page with 18 mm margins
RC: dict[str, Any] = {
    "font.family": "DejaVu Sans",
    "font.size": 8.5,
    "axes.edgecolor": MUTED,
    "axes.labelcolor": INK,
    "axes.spines.top": False,
    "axes.spines.right": False,
    "xtick.color": INK,
    "ytick.color": INK,
    "svg.fonttype": "none",  # text stays text: smaller, selectable, rendered with the page's fonts
}

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


def _w(key: str, lang: str) -> str:
    return translated(_WORDS[key], lang)


@contextmanager
def _style(chart_id: str) -> Iterator[None]:
    with mpl.rc_context(cast(Any, {**RC, "svg.hashsalt": chart_id})):
        yield


def _svg(figure: Figure, chart_id: str) -> str:
    """The figure as an inline ``<svg>`` element, its ids prefixed so several charts share one page."""
    buffer = io.StringIO()
    FigureCanvasSVG(figure)
    with _style(chart_id):
        figure.savefig(buffer, format="svg", metadata={"Date": None}, bbox_inches="tight")
    text = buffer.getvalue()
    text = text[text.index("<svg") :]
    prefix = re.sub(r"\W", "", chart_id) + "-"
    ids = set(re.findall(r'\bid="([^"]+)"', text))
    for found in sorted(ids, key=len, reverse=True):
        text = text.replace(f'id="{found}"', f'id="{prefix}{found}"')
        text = text.replace(f"#{found})", f"#{prefix}{found})")
        text = text.replace(f'"#{found}"', f'"#{prefix}{found}"')
    return text.strip()


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
        figure = draw_trends(series, years, lang, chart_id)
        title = _w(f"trend_{section}", lang).format(first=years[0], last=years[-1])
        refs_all = [r for _, refs in series for r in refs]
        return Chart(
            id=chart_id,
            title=title,
            svg=_svg(figure, chart_id),
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
        rows = max(r for r, _ in tiles.values()) + 1
        columns = max(c for _, c in tiles.values()) + 1
        top = max([float(r.value) for r in refs.values() if r.value] or [1.0])
        scale = LinearSegmentedColormap.from_list("kuska", ["#eef3f9", PALETTE[0]])
        with _style(chart_id):
            height = 0.7 * rows + 0.3
            scale_height = 0.75  # inches below the tiles for the colour scale
            figure = Figure(figsize=(min(WIDTH, 1.0 * columns + 0.4), height + scale_height))
            total = height + scale_height
            axes = figure.add_axes((0, scale_height / total, 1, height / total))
            axes.set_xlim(-0.05, columns + 0.05)
            axes.set_ylim(rows + 0.05, -0.05)
            axes.set_axis_off()
            for code, (row, column) in tiles.items():
                ref = refs.get(code)
                if ref is None:
                    continue
                drawn = _drawn(ref)
                share = float(ref.value or 0) / top if drawn else 0.0
                colour = scale(share) if drawn else "#f2f2f2"
                axes.add_patch(
                    Rectangle(
                        (column + 0.04, row + 0.04),
                        0.92,
                        0.92,
                        facecolor=colour,
                        edgecolor="white" if drawn else MUTED,
                        hatch=None if drawn else "///",
                        linewidth=0.8,
                    )
                )
                ink = "white" if share > 0.55 else INK
                short = code.split("-", 1)[-1]
                axes.text(
                    column + 0.5,
                    row + 0.3,
                    short,
                    ha="center",
                    va="center",
                    fontsize=7.5,
                    color=ink,
                )
                axes.text(
                    column + 0.5,
                    row + 0.66,
                    ref.text if ref.status is not FigureStatus.NOT_REPORTED else "—",
                    ha="center",
                    va="center",
                    fontsize=8 if drawn else 6,
                    fontweight="bold" if drawn else "normal",
                    color=ink,
                )
            self._colour_scale(figure, scale, top, scale_height / total)
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
            svg=_svg(figure, chart_id),
            description=_w("map", lang).format(year=year),
            notes=notes,
            figures=figures,
        )

    def _colour_scale(
        self, figure: Figure, scale: LinearSegmentedColormap, top: float, height: float
    ) -> None:
        """The map's legend: the colours from 0 to the largest figure (vector steps: the report fetches no
        image), and the hatched tile of a figure not reported or withheld."""
        lang = self.lang
        bar = figure.add_axes((0.2, height * 0.5, 0.5, height * 0.22))
        bar.set_gid("colour-scale")
        steps = 48
        for i in range(steps):
            bar.add_patch(
                Rectangle(
                    (i / steps, 0),
                    1 / steps + 0.002,
                    1,
                    facecolor=scale(i / (steps - 1)),
                    linewidth=0,
                )
            )
        bar.add_patch(Rectangle((0, 0), 1, 1, fill=False, edgecolor=MUTED, linewidth=0.6))
        bar.set_xlim(0, 1)
        bar.set_ylim(0, 1)
        ticks = [0.0, 0.5, 1.0] if top >= 2 else [0.0, 1.0]
        bar.set_xticks(ticks, [number(round(top * t), lang) for t in ticks])
        bar.set_yticks([])
        bar.tick_params(axis="x", labelsize=7, length=2, color=MUTED)
        for side in ("left", "right", "top", "bottom"):
            bar.spines[side].set_visible(False)
        bar.set_title(_w("victims", lang), fontsize=7, loc="left", color=INK)
        missing = figure.add_axes((0.76, height * 0.5, 0.035, height * 0.22))
        missing.set_axis_off()
        missing.add_patch(
            Rectangle(
                (0, 0), 1, 1, facecolor="#f2f2f2", edgecolor=MUTED, hatch="///", linewidth=0.8
            )
        )
        missing.text(1.4, 0.5, _w("map_missing", lang), fontsize=7, va="center", color=INK)

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
        refs: list[FigureRef] = []
        with _style(chart_id):
            figure = Figure(figsize=(WIDTH, 2.9))
            axes = figure.add_subplot()
            width = 0.8 / max(len(sexes), 1)
            for s, sex in enumerate(sexes):
                for a, age in enumerate(ages):
                    ref = figure_ref(result, (age, sex), lang)
                    refs.append(ref)
                    x = a - 0.4 + width * (s + 0.5)
                    height = float(ref.value or 0) if _drawn(ref) else 0.0
                    axes.bar(
                        x,
                        height,
                        width * 0.92,
                        color=PALETTE[s % len(PALETTE)],
                        label=self.labels.category("sex", sex, lang) if a == 0 else None,
                    )
                    axes.annotate(
                        ref.text if ref.status is FigureStatus.REPORTED else "*",
                        (x, height),
                        textcoords="offset points",
                        xytext=(0, 2),
                        ha="center",
                        fontsize=7,
                    )
            axes.set_xticks(
                range(len(ages)), [self.labels.category("age_band", a, lang) for a in ages]
            )
            axes.yaxis.set_major_formatter(_ticks(lang))
            axes.set_ylabel(_w("victims", lang))
            axes.margins(y=0.15)
            axes.legend(frameon=False, fontsize=7.5)
        notes = [word("withheld_note", lang)] if self.figures.public else []
        return Chart(
            id=chart_id,
            title=_w("sex_age", lang).format(year=year),
            svg=_svg(figure, chart_id),
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
        figure = draw_upset(bars, agencies, lang, chart_id)
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
            svg=_svg(figure, chart_id),
            description=description,
            notes=notes,
            figures=refs,
        )

    # -- drawing helpers -------------------------------------------------------------------------------------------

    def _bars(
        self, chart_id: str, title: str, bars: Sequence[_Bar], *, arrows: bool = False
    ) -> Chart:
        lang = self.lang
        with _style(chart_id):
            figure = Figure(figsize=(WIDTH, 0.42 * len(bars) + 0.6))
            axes = figure.add_subplot()
            top = max([float(b.ref.value or 0) for b in bars if _drawn(b.ref)] or [1.0]) or 1.0
            for i, bar in enumerate(bars):
                value = float(bar.ref.value or 0) if _drawn(bar.ref) else 0.0
                axes.barh(i, value, 0.62, color=PALETTE[0] if not arrows else PALETTE[i % 4])
                axes.text(
                    value + top * 0.01,
                    i,
                    bar.ref.text,
                    va="center",
                    ha="left",
                    fontsize=8,
                    color=INK if _drawn(bar.ref) else MUTED,
                )
            axes.set_yticks(range(len(bars)), [_wrap(b.label, 42) for b in bars])
            axes.invert_yaxis()
            axes.set_xlim(0, top * 1.18)
            axes.xaxis.set_major_formatter(_ticks(lang))
            axes.tick_params(axis="y", length=0)
        notes = [word("withheld_note", lang)] if self.figures.public else []
        return Chart(
            id=chart_id,
            title=title,
            svg=_svg(figure, chart_id),
            description=title + ": " + "; ".join(f"{b.label}: {b.ref.text}" for b in bars),
            notes=notes,
            figures=[b.ref for b in bars],
        )

    def _message(self, chart_id: str, title: str, message: str, refs: list[FigureRef]) -> Chart:
        with _style(chart_id):
            figure = Figure(figsize=(WIDTH, 1.1))
            axes = figure.add_axes((0, 0, 1, 1))
            axes.set_axis_off()
            axes.add_patch(
                Rectangle(
                    (0.01, 0.05),
                    0.98,
                    0.9,
                    facecolor="#f7f7f7",
                    edgecolor=MUTED,
                    linestyle="--",
                    transform=axes.transAxes,
                )
            )
            axes.text(0.5, 0.5, message, ha="center", va="center", fontsize=9, color=INK)
        return Chart(
            id=chart_id,
            title=title,
            svg=_svg(figure, chart_id),
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


def draw_upset(
    bars: Sequence[tuple[str, FigureRef]], agencies: Sequence[str], lang: str, chart_id: str
) -> Figure:
    """An UpSet chart: above, one bar per combination of agencies with its figure; below, a dot per agency, filled
    and joined where the agency is in the combination. Bars of one agency and of several take two colours."""
    with _style(chart_id):
        figure = Figure(figsize=(WIDTH, 2.3 + 0.24 * len(agencies)))
        grid = figure.add_gridspec(
            2, 1, height_ratios=(2.3, 0.24 * len(agencies) + 0.1), hspace=0.05
        )
        top = figure.add_subplot(grid[0])
        matrix = figure.add_subplot(grid[1], sharex=top)
        highest = max([float(ref.value or 0) for _, ref in bars if _drawn(ref)] or [1.0]) or 1.0
        for i, (combination, ref) in enumerate(bars):
            several = COMBINATION_SEPARATOR in combination
            value = float(ref.value or 0) if _drawn(ref) else 0.0
            top.bar(i, value, 0.7, color=PALETTE[1] if several else PALETTE[0])
            top.annotate(
                ref.text if _drawn(ref) else "*",
                (i, value),
                textcoords="offset points",
                xytext=(0, 2),
                ha="center",
                va="bottom",
                fontsize=6.5,
                color=INK if _drawn(ref) else MUTED,
            )
            members = [
                j for j, a in enumerate(agencies) if a in combination.split(COMBINATION_SEPARATOR)
            ]
            matrix.scatter(
                [i] * len(agencies), range(len(agencies)), s=18, color="#dddddd", zorder=1
            )
            matrix.scatter([i] * len(members), members, s=22, color=INK, zorder=3)
            if len(members) > 1:
                matrix.plot(
                    [i, i], [min(members), max(members)], color=INK, linewidth=1.4, zorder=2
                )
        top.set_ylim(0, highest * 1.15)
        top.set_ylabel(_w("victims", lang))
        top.yaxis.set_major_formatter(_ticks(lang))
        top.tick_params(axis="x", bottom=False, labelbottom=False)
        top.grid(axis="y", color="#e6e6e6", linewidth=0.6)
        top.legend(
            handles=[
                Rectangle((0, 0), 1, 1, color=PALETTE[0], label=_w("one_agency", lang)),
                Rectangle((0, 0), 1, 1, color=PALETTE[1], label=_w("more_than_one", lang)),
            ],
            frameon=False,
            fontsize=7,
            loc="upper right",
        )
        matrix.set_yticks(range(len(agencies)), list(agencies))
        matrix.set_ylim(len(agencies) - 0.5, -0.5)
        matrix.set_xlim(-0.6, len(bars) - 0.4)
        matrix.tick_params(axis="x", bottom=False, labelbottom=False)
        matrix.tick_params(axis="y", length=0, labelsize=7)
        for side in ("left", "bottom"):
            matrix.spines[side].set_visible(False)
    return figure


# Where a value label may go around its point, in points (dx, dy, horizontal alignment, vertical alignment), in
# order of preference: beside the point first, then above or below it, then further out.
_LABEL_PLACES: tuple[tuple[float, float, str, str], ...] = (
    (5, 5, "left", "bottom"),
    (5, -5, "left", "top"),
    (-5, 5, "right", "bottom"),
    (-5, -5, "right", "top"),
    (0, 7, "center", "bottom"),
    (0, -7, "center", "top"),
    (7, 0, "left", "center"),
    (-7, 0, "right", "center"),
    (0, 16, "center", "bottom"),
    (0, -16, "center", "top"),
    (12, 12, "left", "bottom"),
    (12, -12, "left", "top"),
    (-12, 12, "right", "bottom"),
    (-12, -12, "right", "top"),
)


def draw_trends(
    series: Sequence[tuple[str, Sequence[FigureRef]]],
    years: Sequence[int],
    lang: str,
    chart_id: str = "c-trends",
) -> Figure:
    """One line per series, every line named in the legend, and each value labelled where no line, marker or
    other label crosses it (:func:`place_labels`)."""
    with _style(chart_id):
        figure = Figure(figsize=(WIDTH, 3.4))
        axes = figure.add_subplot()
        points: list[tuple[float, float, str, str]] = []
        for i, (label, refs) in enumerate(series):
            drawn = [(y, r) for y, r in zip(years, refs, strict=True) if _drawn(r)]
            colour = PALETTE[i % len(PALETTE)]
            axes.plot(
                [y for y, _ in drawn],
                [float(r.value or 0) for _, r in drawn],
                marker="o",
                color=colour,
                label=label,
                linewidth=1.6,
                markersize=4,
            )
            points += [(y, float(r.value or 0), r.text, colour) for y, r in drawn]
        top = max([point[1] for point in points] or [1.0]) or 1.0
        axes.set_ylim(0, top * 1.15)
        axes.set_xticks(years, [str(y) for y in years])
        axes.set_xlim(years[0] - 0.35, years[-1] + 0.35)
        axes.yaxis.set_major_formatter(_ticks(lang))
        axes.grid(axis="y", color="#e6e6e6", linewidth=0.6)
        axes.legend(
            loc="upper center",
            bbox_to_anchor=(0.5, -0.12),
            ncol=2,
            frameon=False,
            fontsize=7.5,
        )
        place_labels(figure, axes, points)
    return figure


def measuring_renderer(figure: Figure) -> Any:
    """A renderer that measures the figure's texts as they will be drawn (the SVG keeps the same sizes)."""
    from matplotlib.backends.backend_agg import FigureCanvasAgg

    return FigureCanvasAgg(figure).get_renderer()  # type: ignore[no-untyped-call]


def place_labels(
    figure: Figure, axes: Any, points: Sequence[tuple[float, float, str, str]]
) -> list[Any]:
    """Label each point (x, y, text, colour) at the first place around it that crosses no line, no marker and
    no label already placed, and stays inside the axes; where none is free, at the place crossing the fewest."""
    from matplotlib.transforms import Bbox

    renderer = measuring_renderer(figure)
    lines = [line.get_transform().transform_path(line.get_path()) for line in axes.get_lines()]
    to_display = axes.transData.transform
    markers = []
    for x, y, _text, _colour in points:
        cx, cy = to_display((x, y))
        markers.append(Bbox.from_extents(cx - 3, cy - 3, cx + 3, cy + 3))
    frame = axes.get_window_extent(renderer)
    placed: list[Any] = []
    boxes: list[Any] = []
    for x, y, text, colour in points:
        best: tuple[int, Any, Any] | None = None
        for dx, dy, ha, va in _LABEL_PLACES:
            label = axes.annotate(
                text,
                (x, y),
                xytext=(dx, dy),
                textcoords="offset points",
                ha=ha,
                va=va,
                fontsize=7,
                color=colour,
            )
            box = label.get_window_extent(renderer).expanded(1.08, 1.15)
            crossings = sum(path.intersects_bbox(box, filled=False) for path in lines)
            crossings += sum(box.overlaps(other) for other in [*markers, *boxes])
            crossings += (
                0 if frame.contains(box.x0, box.y0) and frame.contains(box.x1, box.y1) else 1
            )
            if best is None or crossings < best[0]:
                if best is not None:
                    best[1].remove()
                best = (crossings, label, box)
            else:
                label.remove()
            if crossings == 0:
                break
        assert best is not None
        placed.append(best[1])
        boxes.append(best[2])
    return placed


def region_tiles(region_codes: Sequence[str]) -> dict[str, tuple[int, int]]:
    """(row, column) of each region on the tile map: the profile's ``region_tiles.csv``, else rows of six."""
    tiles = profile_region_tiles()
    missing = [c for c in region_codes if c not in tiles]
    if missing:  # regions the layout does not place go below it, in rows of six
        start = max((r for r, _ in tiles.values()), default=-1) + 1
        for i, code in enumerate(missing):
            tiles[code] = (start + i // 6, i % 6)
    return {c: tiles[c] for c in region_codes}


def _drawn(ref: FigureRef) -> bool:
    return ref.status is FigureStatus.REPORTED and ref.value is not None


def _ticks(lang: str) -> FuncFormatter:
    def label(value: float, _position: int) -> str:
        if value != math.floor(value):
            return ""
        return number(int(value), lang)

    return FuncFormatter(label)


def _wrap(text: str, width: int) -> str:
    words, lines, line = text.split(), [], ""
    for w in words:
        if line and len(line) + 1 + len(w) > width:
            lines.append(line)
            line = w
        else:
            line = f"{line} {w}".strip()
    lines.append(line)
    return "\n".join(lines)


def _describe(
    series: Sequence[tuple[str, Sequence[FigureRef]]], years: Sequence[int], lang: str
) -> str:
    parts = []
    for label, refs in series:
        values = ", ".join(f"{y}: {r.text}" for y, r in zip(years, refs, strict=True))
        parts.append(f"{label} ({values})")
    return "; ".join(parts)
