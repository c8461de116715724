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
    "overlap": _("Victims identified by more than one agency, {year}"),
    "overlap_missing": _(
        "Not available yet: the overlap between agencies is computed by record linkage,\n"
        "which has not run on these data yet."
    ),
    "victims": _("victims"),
    "unknown_region": _("No region recorded: {n}."),
    "map_scale": _("Colour is proportional to the figure."),
    "gaps": _("A year without a point: figure not reported (or withheld)."),
    "no_data": _("No data for {year}."),
    "unique": _("Unique victims"),
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

    def trends(self, section: str) -> Chart | None:
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
        if not series:
            return None
        chart_id = f"c-trends-{section}"
        with _style(chart_id):
            figure = Figure(figsize=(WIDTH, 3.3))
            axes = figure.add_subplot()
            labels: dict[int, list[tuple[float, str, str]]] = {}
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
                for year, ref in drawn:
                    labels.setdefault(year, []).append((float(ref.value or 0), ref.text, colour))
            top = max([v for found in labels.values() for v, _, _ in found] or [1.0])
            gap = (
                top * 0.065
            )  # labels of one year never overlap: each at least this far above the last
            highest = top
            for year, found in labels.items():
                position = -gap
                for value, text, colour in sorted(found):
                    position = max(value, position + gap)
                    axes.text(year + 0.07, position, text, fontsize=7, color=colour, va="center")
                highest = max(highest, position)
            axes.set_ylim(0, highest * 1.08)
            axes.set_xticks(years, [str(y) for y in years])
            axes.set_xlim(years[0] - 0.3, years[-1] + 0.45)
            axes.yaxis.set_major_formatter(_ticks(lang))
            axes.grid(axis="y", color="#e6e6e6", linewidth=0.6)
            axes.legend(
                loc="upper center",
                bbox_to_anchor=(0.5, -0.12),
                ncol=2,
                frameon=False,
                fontsize=7.5,
            )
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
            figure = Figure(figsize=(min(WIDTH, 1.0 * columns + 0.4), 0.86 * rows + 0.3))
            axes = figure.add_axes((0, 0, 1, 1))
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
                    row + 0.64,
                    ref.text if ref.status is not FigureStatus.NOT_REPORTED else "—",
                    ha="center",
                    va="center",
                    fontsize=8 if drawn else 6,
                    fontweight="bold" if drawn else "normal",
                    color=ink,
                )
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
        return self._bars("c-pipeline", _w("pipeline", lang).format(year=year), bars, arrows=True)

    # -- overlap between agencies ----------------------------------------------------------------------------------

    def overlap(self) -> Chart | None:
        lang, year = self.lang, self.figures.year
        if not self.figures.has("agency_overlap"):
            return None
        title = _w("overlap", lang).format(year=year)
        overlap = self.figures.result("agency_overlap")
        current = figure_ref(overlap, lang=lang)
        if overlap.status is not Status.REPORTED:
            return self._message("c-overlap", title, _w("overlap_missing", lang), [current])
        bars: list[_Bar] = []
        if self.figures.has("victims_identified", "agency"):
            by_agency = self.figures.result("victims_identified", by=("agency",))
            for agency in by_agency.indicator.sources or by_agency.categories.get("agency", []):
                bars.append(
                    _Bar(
                        f"{by_agency.indicator.title(lang)} ({agency})",
                        agency_ref(by_agency, agency, lang),
                    )
                )
        if self.figures.has("unique_victims"):
            bars.append(
                _Bar(
                    _w("unique", lang), figure_ref(self.figures.result("unique_victims"), lang=lang)
                )
            )
        bars.append(_Bar(_w("more_than_one", lang), current))
        return self._bars("c-overlap", title, bars)

    # -- drawing helpers -------------------------------------------------------------------------------------------

    def _bars(
        self, chart_id: str, title: str, bars: Sequence[_Bar], *, arrows: bool = False
    ) -> Chart:
        lang = self.lang
        with _style(chart_id):
            figure = Figure(figsize=(WIDTH, 0.42 * len(bars) + 0.6))
            axes = figure.add_subplot()
            top = max([float(b.ref.value or 0) for b in bars if _drawn(b.ref)] or [1.0])
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
