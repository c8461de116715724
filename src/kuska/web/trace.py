"""Every figure traceable: the records behind a figure of the figures page (``/figures/records/``).

A user who may trace figures (:func:`kuska.access.trace.may_trace`: ``figures.exact`` and ``records.view_all``)
finds each reported figure of the figures page a link to this page, which lists the records the figure counts
(:func:`kuska.stats.trace.records_behind`), by pseudonym, fifty at a time, each leading to its person's page. The
query names the figure: ``indicator``, ``year``, ``period`` (``calendar`` or ``tip``) and, for a cell of a
breakdown or a figure within filters, each dimension's category (``agency=POLICE&sex=female``).
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from urllib.parse import urlencode

from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from kuska.access import AccessDeniedError, figure_records
from kuska.audit.trail import request_source
from kuska.i18n import active_language, translated
from kuska.reports.model import FigureRef
from kuska.reports.text import DIMENSIONS as DIMENSION_NAMES
from kuska.reports.text import Labels
from kuska.stats.catalogue import DIMENSIONS, CountMethod, Indicator
from kuska.stats.engine import StatsContext
from kuska.stats.periods import PeriodKind
from kuska.web.figures import EXACT, dimension_label, period_text_of
from kuska.web.pages import requires

_YEAR = re.compile(r"\d{4}")
# records a page lists
PAGE_SIZE = 50


def cell_of(query: Mapping[str, str]) -> dict[str, str]:
    """The dimensions a query names, each with its category, in the engine's order of dimensions."""
    return {d: str(query[d])[:200] for d in DIMENSIONS if query.get(d)}


def records_url(ref: FigureRef, kind: str, filters: Mapping[str, str]) -> str:
    """The address of the records behind a figure: its indicator, year and period, the filters of the page it
    is on (``filters``: the page's query; the parameters naming a dimension) and the categories of its cell."""
    query: dict[str, str] = {"indicator": ref.indicator, "year": str(ref.year), "period": kind}
    query |= cell_of(filters)
    query |= {d: c for d, c in zip(ref.by, ref.key, strict=True) if c is not None}
    return f"{reverse('web:figure-records')}?{urlencode(query)}"


def shown_dimensions(indicator: Indicator, lang: str) -> list[str]:
    """The breakdowns whose category each record's row shows: the indicator's, one per heading (``age_band``
    rather than ``age_group``, ``nationality`` rather than ``nationality_group``: the finer says the coarser), and
    not the agency a record's own agency rolls up to, but for linkage, where it is the person's agencies."""
    shown: dict[str, str] = {}
    for dimension in indicator.breakdowns:
        if dimension == "agency" and indicator.count is not CountMethod.LINKAGE:
            continue
        shown.setdefault(_heading(dimension, lang), dimension)
    return list(shown.values())


def _heading(dimension: str, lang: str) -> str:
    name = DIMENSION_NAMES.get(dimension)
    return translated(name, lang) if name is not None else dimension


def _what_it_counts(indicator: Indicator) -> str:
    if indicator.count is CountMethod.RECORDS:
        return _("The figure counts these records.")
    if indicator.count is CountMethod.DISTINCT_VICTIMS:
        return _("The figure counts the distinct victims of these records.")
    if indicator.count is CountMethod.DISTINCT_SUSPECTS:
        return _("The figure counts the distinct suspects of these records.")
    if indicator.count is CountMethod.SUM:
        return _("The figure adds up a quantity these records hold.")
    if indicator.count is CountMethod.MEDIAN_DAYS:
        return _(
            "The figure is the median of the days from each victim's identification to the first of these "
            "records, one per victim."
        )
    if indicator.count is CountMethod.MEDIAN:
        return _("The figure is the median of a quantity these records hold.")
    return _(
        "The figure counts the persons record linkage found; these are their records in the period."
    )


def _page_link(request: HttpRequest, page: int) -> str:
    query = request.GET.copy()
    query["page"] = str(page)
    return f"?{query.urlencode()}"


@require_GET
@requires(EXACT)
def records_behind_figure(request: HttpRequest) -> HttpResponse:
    """The records behind one figure, by pseudonym, paginated: a ``records.list`` event for each page."""
    context = StatsContext.load()
    indicator_id = request.GET.get("indicator", "")
    year = request.GET.get("year", "")
    kind = request.GET.get("period", PeriodKind.CALENDAR.value)
    if (
        indicator_id not in context.catalogue
        or not _YEAR.fullmatch(year)
        or kind not in {k.value for k in PeriodKind}
    ):
        raise Http404(_("No such figure."))
    indicator = context.catalogue[indicator_id]
    period = context.period(kind, int(year))
    cell = cell_of(request.GET)
    text = request.GET.get("page", "1")
    page = int(text) if text.isascii() and text.isdigit() and len(text) < 9 else 1
    try:
        shown = figure_records(
            request.user,  # type: ignore[arg-type]
            indicator,
            period,
            cell,
            source=request_source(request),
            page=page,
            page_size=PAGE_SIZE,
            context=context,
        )
    except AccessDeniedError:
        raise PermissionDenied from None
    except ValueError:
        raise Http404(_("No such figure.")) from None
    lang = active_language()
    labels = Labels.load()
    dimensions = shown_dimensions(indicator, lang)
    rows = [
        (record, [labels.category(d, record.categories[d], lang) for d in dimensions])
        for record in shown.records
    ]
    return render(
        request,
        "web/figure_records.html",
        {
            "shown": shown,
            "title": indicator.title(lang),
            "period_text": period_text_of(kind, period.year, period.start, period.end),
            "cell": [
                (dimension_label(d, lang), labels.category(d, category, lang))
                for d, category in cell.items()
            ],
            "counts": _what_it_counts(indicator),
            "headings": [_heading(d, lang) for d in dimensions],
            "rows": rows,
            "persons_counted": indicator.record == "person",
            "previous": _page_link(request, shown.page - 1) if shown.page > 1 else "",
            "next": _page_link(request, shown.page + 1) if shown.page < shown.pages else "",
        },
    )
