"""The dashboard (``/figures/``): the catalogue's indicators for a year, by section, with one breakdown, filtered by
region, agency, sex, age, nationality and form of exploitation; the unique victims by combination of agencies;
the report's own charts (the justice pipeline, the tile map of regions, the overlap between agencies and the trends
over the years that hold data), under the same filters.

The choices are a GET form, so a filtered dashboard is a link. Every filter is a code of a breakdown dimension
(``?region=LOR&sex=female``), given to the engine as :func:`kuska.stats.engine.compute`'s ``where``: the figures
are those of ``kuska stats --year Y --region LOR --where sex=female``. A figure a filter cannot apply to (police
operations filtered by sex) says so: *does not apply to the filters*.

Open to everyone: a user holding ``figures.exact`` sees the exact figures; everyone else — a visitor who is not
signed in, or a role with ``figures.public`` only — sees the published figures, under the disclosure control of
``kuska stats --public`` (:func:`kuska.stats.disclosure.protect`), and the page says which version it shows. Every
figure is a ``class="figure"`` element carrying where it comes from (``data-indicator``, ``data-year``,
``data-by``, ``data-cell``, ``data-status``), as in the report's HTML.

Under ``kuska serve`` the figures are counted from the snapshot of the data in memory
(:mod:`kuska.stats.snapshot`), the engine's figures without a query each; while it is read again after the data
changed, the engine answers.
"""

from __future__ import annotations

import datetime
import functools
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, TypeVar

from django import forms
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.template.loader import render_to_string
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
from kuska.stats import snapshot
from kuska.stats.cache import data_version, remembered
from kuska.stats.catalogue import DIMENSIONS, Catalogue, Section
from kuska.stats.disclosure import protect
from kuska.stats.engine import IndicatorResult, Results, StatsContext, Status
from kuska.stats.linked import UNIQUE
from kuska.stats.output import unit_label
from kuska.stats.records import available_years, last_dated
from kuska.stats.snapshot import Snapshot
from kuska.web.widgets import LongSelect

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


def data_years(version: str | None = None) -> list[int]:
    """The years that hold data, newest first: from the earliest dated record to the latest (remembered until the
    data change: ``version`` is the data's, when the caller has just read it)."""

    def years() -> list[int]:
        latest = last_dated()
        if latest is None:
            return []
        return sorted(available_years(latest.year, YEARS_BACK), reverse=True)

    return remembered("data-years", (), years, version=version)


def breakdowns(catalogue: Catalogue) -> list[str]:
    """The dimensions some indicator of the catalogue may be broken down by, in the engine's order."""
    allowed = {d for indicator in catalogue for d in indicator.breakdowns}
    return [d for d in DIMENSIONS if d in allowed]


@functools.lru_cache(maxsize=256)  # the catalogue's words: the same until the process restarts
def dimension_label(dimension: str, lang: str) -> str:
    name = DIMENSION_NAMES.get(dimension)
    label = translated(name, lang) if name is not None else dimension
    shared = [
        d for d, n in DIMENSION_NAMES.items() if n is not None and translated(n, lang) == label
    ]
    return f"{label} ({dimension})" if len(shared) > 1 else label


# The filters of the page, each a query parameter: its label, and the dimension its codes belong to (the age
# filter's codes belong to three dimensions: see AGE_FILTER).
FILTERS: dict[str, Any] = {
    "region": _("Region"),
    "agency": _("Agency"),
    "sex": _("Sex"),
    "age": _("Age"),
    "nationality": _("Nationality"),
    "exploitation": _("Form of exploitation"),
}
# The age filter offers child / adult (age_group), then the profile's age bands: the legal thresholds (age_band)
# and the general bands (age_band_general); each code is in one dimension only.
AGE_FILTER: tuple[tuple[str, Any], ...] = (
    ("age_group", _("Child or adult")),
    ("age_band", _("Legal age bands")),
    ("age_band_general", _("Age bands")),
)


def filter_choices(context: StatsContext, labels: Labels, lang: str) -> dict[str, list[Any]]:
    """The options of each filter: the profile's codes, named in the page's language."""

    def named(dimension: str, codes: list[str]) -> list[tuple[str, str]]:
        return [(code, labels.category(dimension, code, lang)) for code in codes]

    def by_name(choices: list[tuple[str, str]]) -> list[tuple[str, str]]:
        return sorted(choices, key=lambda c: c[1].casefold())

    agencies: list[tuple[str, str]] = []
    tree = context.agencies

    def add(code: str, depth: int) -> None:
        indent = "\u00a0\u00a0" * depth
        agencies.append((code, f"{indent}{code} — {labels.agency_name(code, lang)}"))
        for child in tree.children(code):
            add(child.code, depth + 1)

    for root in tree.roots():
        add(root.code, 0)
    age_bands = context.catalogue.age_bands
    used: set[str] = set()
    ages: list[Any] = []
    for dimension, group in AGE_FILTER:
        codes = [code for code, _low, _high in age_bands.get(dimension, ()) if code not in used]
        used.update(codes)
        if codes:
            ages.append((group, named(dimension, codes)))
    return {
        "region": by_name(named("region", context.region_codes)),
        "agency": agencies,
        "sex": named("sex", context.code_lists.get("sex", [])),
        "age": ages,
        "nationality": by_name(named("nationality", context.code_lists.get("nationality", []))),
        "exploitation": named("exploitation", context.exploitation_order),
    }


def age_dimension(code: str, context: StatsContext) -> str:
    """The dimension of an age filter's code (``child`` → ``age_group``, ``child_under_14`` → ``age_band``)."""
    for dimension, _group in AGE_FILTER:
        if code in {c for c, _low, _high in context.catalogue.age_bands.get(dimension, ())}:
            return dimension
    raise ValueError(f"{code!r} is not an age band")


class FiguresForm(forms.Form):
    year = forms.TypedChoiceField(label=_("Year"), coerce=int, widget=LongSelect)
    period = forms.ChoiceField(
        label=_("Period"), choices=PERIOD_KINDS, initial="calendar", widget=LongSelect
    )
    by = forms.ChoiceField(label=_("Breakdown"), required=False, widget=LongSelect)

    def __init__(
        self,
        data: object,
        years: list[int],
        dimensions: list[str],
        lang: str,
        filters: dict[str, list[Any]] | None = None,
    ) -> None:
        super().__init__(data)  # type: ignore[arg-type]
        self.fields["year"].choices = [(y, str(y)) for y in years]  # type: ignore[attr-defined]
        self.fields["by"].choices = [  # type: ignore[attr-defined]
            ("", _("None")),
            *((d, dimension_label(d, lang)) for d in dimensions),
        ]
        for name, choices in (filters or {}).items():
            self.fields[name] = forms.ChoiceField(
                label=FILTERS[name],
                required=False,
                choices=[("", _("Any")), *choices],
                widget=LongSelect,
            )

    def choices_fields(self) -> list[forms.BoundField]:
        return [self[name] for name in ("year", "period", "by")]

    def filter_fields(self) -> list[forms.BoundField]:
        return [self[name] for name in FILTERS if name in self.fields]


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


def page_svg(chart: Chart) -> SafeString:
    """A chart's inline SVG for a page under a strict CSP: its colours and fonts are presentation attributes,
    never a style attribute or element, and every text in it is escaped (:mod:`kuska.reports.svg`)."""
    return mark_safe(chart.svg)  # noqa: S308 — written by kuska.reports.svg, its texts escaped


def period_text_of(kind: str, year: int, start: datetime.date, end: datetime.date) -> str:
    """The words that name a period: ``Calendar year 2020``, or the TIP year with its first and last day."""
    if kind == "tip":
        return str(_("TIP reporting year %(year)s: %(start)s to %(end)s")) % {
            "year": year,
            "start": date_format(start, "SHORT_DATE_FORMAT"),
            "end": date_format(end, "SHORT_DATE_FORMAT"),
        }
    return str(_("Calendar year %(year)s")) % {"year": year}


@dataclass
class Filter:
    """A filter chosen: the query parameter, the engine's dimension and code, and what the page says of it."""

    name: str
    dimension: str
    code: str
    label: str
    value: str


def chosen_filters(form: FiguresForm, context: StatsContext) -> list[Filter]:
    """The filters of a valid form, in the form's order."""
    found = []
    for name in FILTERS:
        code = form.cleaned_data.get(name) or ""
        if not code:
            continue
        dimension = age_dimension(code, context) if name == "age" else name
        value = dict(_flat(form.fields[name].choices))[code].strip()  # type: ignore[attr-defined]
        found.append(Filter(name, dimension, code, str(FILTERS[name]), value))
    return found


def _flat(choices: Any) -> list[tuple[str, str]]:
    flat: list[tuple[str, str]] = []
    for value, label in choices:
        if isinstance(label, (list, tuple)):
            flat += [(str(v), str(lab)) for v, lab in label]
        else:
            flat.append((str(value), str(label)))
    return flat


@dataclass
class Combinations:
    """The unique victims by combination of agencies, with the persons at more than one agency."""

    unique: FigureRef
    overlap: FigureRef | None
    rows: list[Row]


def _combinations(
    context: StatsContext,
    results: Results,
    period: Any,
    where: dict[str, str],
    exact: bool,
    lang: str,
) -> Combinations | None:
    if UNIQUE not in context.catalogue or "agency" not in context.catalogue[UNIQUE].breakdowns:
        return None
    unique = results.get(context.catalogue[UNIQUE], period, ("agency",), where=where)
    unique = unique if exact else protect(unique)
    overlap = None
    if "agency_overlap" in context.catalogue:
        result = results.get(context.catalogue["agency_overlap"], period, where=where)
        overlap = figure_ref(result if exact else protect(result), lang=lang, cell=True)
    rows = [
        Row(combination, figure_ref(unique, (combination,), lang, cell=True))
        for combination in unique.categories.get("agency", [])
    ]
    return Combinations(figure_ref(unique, lang=lang, cell=True), overlap, rows)


def _computed(
    context: StatsContext,
    labels: Labels,
    period: Any,
    by: str,
    where: dict[str, str],
    exact: bool,
    lang: str,
    counted: Snapshot | None = None,
) -> dict[str, Any]:
    """What the page shows of the figures: the sections' indicators, the unique victims by combination of
    agencies and the charts (their SVG drawn), exact or published, in the language; from the ``counted`` snapshot
    of the data (:mod:`kuska.stats.snapshot`) when there is one."""
    sections = []
    inapplicable = False  # some figure the filters cannot apply to
    results = Results(
        context, snapshot=counted
    )  # each figure computed once, for the sections and the charts
    for section in Section:
        shown: list[Shown] = []
        for indicator in context.catalogue:
            if indicator.section is not section:
                continue
            result = results.get(indicator, period, (by,) if by else (), where=where)
            shown.append(_shown(result if exact else protect(result), labels, lang))
            inapplicable = inapplicable or result.status is Status.NOT_APPLICABLE
        sections.append({"title": word(section.value, lang), "indicators": shown})
    published = Figures(
        period.year,
        public=not exact,
        context=context,
        where=where,
        look_back=YEARS_BACK,
        results=results,
        candidates=remembered(
            "available-years",
            (period.year,),
            lambda: available_years(period.year, YEARS_BACK),
            version=counted.version if counted is not None else None,
        ),
    )
    builder = ChartBuilder(published, labels, lang)
    drawn = [builder.pipeline(), builder.region_map(), builder.overlap()]
    if len(published.years) > 1:  # a trend needs two years that hold data, under the filters
        drawn += [builder.trends("prosecution"), builder.trends("protection")]
    return {
        "not_applicable": inapplicable,
        "sections": sections,
        "combinations": _combinations(context, results, period, where, exact, lang),
        "charts": [
            {"chart": chart, "svg": page_svg(chart)} for chart in drawn if chart is not None
        ],
        "trend_years": published.years,
    }


@open_to_everyone
@require_GET
def figures(request: HttpRequest) -> HttpResponse:
    """The indicators of the year and period chosen, by section, with the breakdown and filters chosen, the unique
    victims by combination of agencies, and the charts under the same filters."""
    lang = active_language()
    version = data_version()
    counted = snapshot.current(
        version
    )  # the figures counted in memory, once the data's snapshot is read
    context = counted.context if counted is not None else StatsContext.load()
    years = data_years(version)
    dimensions = breakdowns(context.catalogue)
    exact = holds(request.user, EXACT)
    if not years:
        form = FiguresForm(None, years, dimensions, lang)
        return render(request, "web/figures.html", {"form": form, "exact": exact, "years": []})
    labels = remembered("labels", (), Labels.load, version=version)
    # what the query leaves out is the default: the latest year, the calendar year, no breakdown, no filter
    data = {"year": str(years[0]), "period": "calendar", "by": "", **dict.fromkeys(FILTERS, "")}
    data.update({name: request.GET[name] for name in data if name in request.GET})
    form = FiguresForm(data, years, dimensions, lang, filter_choices(context, labels, lang))
    if (
        not form.is_valid()
    ):  # a year without data, an unknown code: said beside the field, nothing computed
        return render(
            request,
            "web/figures.html",
            {"form": form, "exact": exact, "years": years, "invalid": True},
            status=400,
        )
    year, kind, by = (
        form.cleaned_data["year"],
        form.cleaned_data["period"],
        form.cleaned_data["by"],
    )
    filters = chosen_filters(form, context)
    where = {f.dimension: f.code for f in filters}
    period = context.period(kind, year)
    trace = exact and may_trace(request.user)  # each figure links to its records
    by_label = dimension_label(by, lang) if by else ""

    def body() -> dict[str, Any]:
        computed = _computed(context, labels, period, by, where, exact, lang, counted)
        shown = {**computed, "by": by_label, "period": period, "where": where, "trace": trace}
        html = render_to_string("web/figures_body.html", shown)
        return {"not_applicable": computed["not_applicable"], "body": html}

    # computed and drawn once for every reader who asks the same, until the data change (kuska.stats.cache)
    page = remembered(
        "dashboard",
        (year, kind, by, tuple(sorted(where.items())), exact, trace, lang),
        body,
        version=version,
    )
    return render(
        request,
        "web/figures.html",
        {
            "form": form,
            "exact": exact,
            "years": years,
            "period": period,
            "period_text": period_text_of(kind, year, period.start, period.end),
            "by": by_label,
            "filters": filters,
            "not_applicable": page["not_applicable"],
            "body": mark_safe(page["body"]),  # noqa: S308  # rendered from the templates, escaped there
        },
    )
