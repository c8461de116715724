"""The figures page (``/figures/``): the catalogue's indicators for a year, by section, with one breakdown and the
report's own charts.

Open to everyone: a user holding ``figures.exact`` sees the exact figures; everyone else — a visitor who is not
signed in, or a role with ``figures.public`` only — sees the published figures, under the disclosure control of
``kuska stats --public`` (:func:`kuska.stats.disclosure.protect`), and the page says which version it shows. Every
figure is a ``class="figure"`` element carrying where it comes from (``data-indicator``, ``data-year``,
``data-by``, ``data-cell``, ``data-status``), as in the report's HTML.
"""

from __future__ import annotations

import datetime
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, TypeVar

from django import forms
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.formats import date_format
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_GET

from kuska.access import holds, may_trace
from kuska.i18n import active_language, translated
from kuska.reports import Figures
from kuska.reports.charts import ChartBuilder
from kuska.reports.figures import figure_ref
from kuska.reports.model import Chart, FigureRef
from kuska.reports.narrative import agency_ref
from kuska.reports.text import DIMENSIONS as DIMENSION_NAMES
from kuska.reports.text import Labels, word
from kuska.stats.catalogue import DIMENSIONS, Catalogue, Section
from kuska.stats.disclosure import protect
from kuska.stats.engine import IndicatorResult, StatsContext, compute
from kuska.stats.output import unit_label
from kuska.stats.records import available_years, last_dated

View = TypeVar("View", bound=Callable[..., Any])

EXACT = "figures.exact"
# How far back the year choice reaches from the latest year that holds data.
YEARS_BACK = 30

PERIOD_KINDS = (
    ("calendar", _("Calendar year")),
    ("tip", _("TIP reporting year (1 April to 31 March)")),
)


def open_to_everyone(view: View) -> View:
    """Mark a view every visitor may open, signed in or not, so the menu offers it to everyone."""
    view.open_to_everyone = True  # type: ignore[attr-defined]  # read by kuska.web.menu
    view.required_permissions = ()  # type: ignore[attr-defined]
    return view


def data_years() -> list[int]:
    """The years that hold data, newest first: from the earliest dated record to the latest."""
    latest = last_dated()
    if latest is None:
        return []
    return sorted(available_years(latest.year, YEARS_BACK), reverse=True)


def breakdowns(catalogue: Catalogue) -> list[str]:
    """The dimensions some indicator of the catalogue may be broken down by, in the engine's order."""
    allowed = {d for indicator in catalogue for d in indicator.breakdowns}
    return [d for d in DIMENSIONS if d in allowed]


def dimension_label(dimension: str, lang: str) -> str:
    name = DIMENSION_NAMES.get(dimension)
    label = translated(name, lang) if name is not None else dimension
    shared = [
        d for d, n in DIMENSION_NAMES.items() if n is not None and translated(n, lang) == label
    ]
    return f"{label} ({dimension})" if len(shared) > 1 else label


class FiguresForm(forms.Form):
    year = forms.TypedChoiceField(label=_("Year"), coerce=int)
    period = forms.ChoiceField(label=_("Period"), choices=PERIOD_KINDS, initial="calendar")
    by = forms.ChoiceField(label=_("Breakdown"), required=False)

    def __init__(self, data: object, years: list[int], dimensions: list[str], lang: str) -> None:
        super().__init__(data)  # type: ignore[arg-type]
        self.fields["year"].choices = [(y, str(y)) for y in years]  # type: ignore[attr-defined]
        self.fields["by"].choices = [  # type: ignore[attr-defined]
            ("", _("None")),
            *((d, dimension_label(d, lang)) for d in dimensions),
        ]


@dataclass
class Row:
    label: str
    figure: FigureRef


@dataclass
class Shown:
    """One indicator as the page shows it: its total and, when broken down, a row per category."""

    id: str
    title: str
    unit: str
    total: FigureRef
    rows: list[Row] = field(default_factory=list)
    breakdown_unavailable: bool = False


def _shown(result: IndicatorResult, labels: Labels, lang: str) -> Shown:
    indicator = result.indicator
    shown = Shown(
        id=indicator.id,
        title=indicator.title(lang),
        unit=unit_label(result, lang),
        total=figure_ref(result, lang=lang, cell=True),
        breakdown_unavailable=bool(result.unavailable_dimensions),
    )
    if len(result.dimensions) == 1:
        dimension = result.dimensions[0]
        categories = list(result.categories.get(dimension, []))
        if dimension == "agency":
            categories += [c for c in result.not_reported_by if c not in categories]
        for category in categories:
            ref = (
                agency_ref(result, category, lang, cell=True)
                if dimension == "agency"
                else figure_ref(result, (category,), lang, cell=True)
            )
            shown.rows.append(Row(labels.category(dimension, category, lang), ref))
    return shown


# matplotlib writes its colours as style attributes; a strict Content-Security-Policy ignores those, so the page
# gives them as SVG presentation attributes, which it does not
_STYLE_ATTRIBUTE = re.compile(r'\sstyle="([^"]*)"')
_STYLE_ELEMENT = re.compile(r"<style[^>]*>.*?</style>", re.DOTALL)


def _presentation(match: re.Match[str]) -> str:
    attributes: list[str] = []
    for declaration in match.group(1).split(";"):
        name, _colon, value = declaration.partition(":")
        name, value = name.strip(), value.strip().replace('"', "'")
        if not name or not value:
            continue
        if name == "font":  # "7.5px 'DejaVu Sans'": the size, then the family
            size, _space, family = value.partition(" ")
            attributes.append(f' font-size="{size}" font-family="{family}"')
        else:
            attributes.append(f' {name}="{value}"')
    return "".join(attributes)


def page_svg(chart: Chart) -> SafeString:
    """A chart's inline SVG without style attributes or elements, for a page under a strict CSP."""
    svg = _STYLE_ELEMENT.sub("", chart.svg)
    return mark_safe(_STYLE_ATTRIBUTE.sub(_presentation, svg))  # noqa: S308 — drawn by matplotlib


def period_text_of(kind: str, year: int, start: datetime.date, end: datetime.date) -> str:
    """The words that name a period: ``Calendar year 2020``, or the TIP year with its first and last day."""
    if kind == "tip":
        return str(_("TIP reporting year %(year)s: %(start)s to %(end)s")) % {
            "year": year,
            "start": date_format(start, "SHORT_DATE_FORMAT"),
            "end": date_format(end, "SHORT_DATE_FORMAT"),
        }
    return str(_("Calendar year %(year)s")) % {"year": year}


@open_to_everyone
@require_GET
def figures(request: HttpRequest) -> HttpResponse:
    """The indicators of the year and period chosen, by section, with the breakdown chosen, and the charts."""
    lang = active_language()
    context = StatsContext.load()
    years = data_years()
    dimensions = breakdowns(context.catalogue)
    exact = holds(request.user, EXACT)
    if not years:
        form = FiguresForm(None, years, dimensions, lang)
        return render(request, "web/figures.html", {"form": form, "exact": exact, "years": []})
    # what the query leaves out is the default: the latest year, the calendar year, no breakdown
    data = {"year": str(years[0]), "period": "calendar", "by": ""}
    data.update({name: request.GET[name] for name in data if name in request.GET})
    form = FiguresForm(data, years, dimensions, lang)
    year, kind, by = years[0], "calendar", ""
    if form.is_valid():
        year, kind, by = (
            form.cleaned_data["year"],
            form.cleaned_data["period"],
            form.cleaned_data["by"],
        )
    labels = Labels.load()
    period = context.period(kind, year)
    sections = []
    for section in Section:
        shown = []
        for indicator in context.catalogue:
            if indicator.section is not section:
                continue
            result = compute(indicator, period, (by,) if by else (), context=context)
            shown.append(_shown(result if exact else protect(result), labels, lang))
        sections.append({"title": word(section.value, lang), "indicators": shown})
    builder = ChartBuilder(Figures(year, public=not exact, context=context), labels, lang)
    charts = [
        {"chart": chart, "svg": page_svg(chart)}
        for chart in (builder.pipeline(), builder.region_map())
        if chart is not None
    ]
    return render(
        request,
        "web/figures.html",
        {
            "form": form,
            "exact": exact,
            "trace": exact and may_trace(request.user),  # each figure links to its records
            "years": years,
            "period": period,
            "period_text": period_text_of(kind, year, period.start, period.end),
            "by": dimension_label(by, lang) if by else "",
            "sections": sections,
            "charts": charts,
        },
        status=200 if not form.errors else 400,
    )
