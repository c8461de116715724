"""The data-quality scorecard (``/quality/``): per agency, the figures of the report's data-quality annex for a
year — what it submitted and what was rejected, how complete the breakdown fields are, how soon it sent the
records, how many of its victims another agency also recorded — and, one click on, an agency's detail with every
reason its rows were rejected (``/quality/CODE/``).

Every number is :func:`kuska.stats.quality.data_quality`'s, as the annex's are. An analyst (``figures.exact``)
sees every agency; a data officer (``batches.view``) the agencies where they hold it (:func:`kuska.access
.quality_scope`): a reporting agency's row counts its regional units with it, and an officer of a unit sees that
unit on its own row. Others are refused (403). Counts about submissions, never records: no identity, no list.
"""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import urlencode

from django import forms
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_GET

from kuska.access import quality_scope
from kuska.i18n import active_language
from kuska.registry.agencies import AgencyTree
from kuska.reports.text import Labels, number, percent, word
from kuska.stats.engine import StatsContext
from kuska.stats.periods import Period
from kuska.stats.quality import (
    COMPLETENESS_FIELDS,
    TIMELY_DAYS,
    AgencyQuality,
    DataQuality,
    data_quality,
)
from kuska.web.figures import EXACT, PERIOD_KINDS, data_years, period_text_of
from kuska.web.pages import requires

VIEW_BATCHES = "batches.view"

# the annex's words for its columns, so the page and the report name them alike
HEADERS = (
    "agency",
    "batches",
    "rows_read",
    "rows_accepted",
    "rows_rejected",
    "rejected_kept",
    "rejected_share",
    "persons",
    "records",
    "median_days",
    "timely_share",
    "victims",
    "linked_other",
    "linked_share",
)


def headers(lang: str) -> dict[str, str | list[str]]:
    """The columns' names, as the report's data-quality annex gives them; ``fields``, the completeness fields'."""
    named: dict[str, str | list[str]] = {key: word(key, lang, days=TIMELY_DAYS) for key in HEADERS}
    named["fields"] = [word(f"field_{f}", lang) for f in COMPLETENESS_FIELDS]
    return named


class QualityForm(forms.Form):
    year = forms.TypedChoiceField(
        label=_("Year"),
        coerce=int,
        error_messages={
            "invalid_choice": _(
                "No record holds data for the year “%(value)s”: choose one of the years in the list."
            )
        },
    )
    period = forms.ChoiceField(
        label=_("Period"),
        choices=PERIOD_KINDS,
        error_messages={
            "invalid_choice": _("“%(value)s” is not a kind of period: choose one in the list.")
        },
    )

    def __init__(self, data: dict[str, str], years: list[int]) -> None:
        super().__init__(data)
        self.fields["year"].choices = [(y, str(y)) for y in years]  # type: ignore[attr-defined]


@dataclass(frozen=True)
class Figure:
    """A number as the page shows it (the annex's text) and the number itself (``None``: none to show)."""

    text: str
    value: int | float | None = None


def _count(value: int | None, lang: str) -> Figure:
    return Figure("—") if value is None else Figure(number(value, lang), value)


def _share(part: int, whole: int, lang: str) -> Figure:
    # as the annex rounds its shares: one decimal
    return Figure(percent(part, whole, lang), round(100 * part / whole, 1) if whole else None)


@dataclass(frozen=True)
class Scorecard:
    """One agency's figures as the page shows them."""

    code: str
    name: str
    figures: AgencyQuality
    # submissions, rows read, accepted, rejected, rejected rows kept, % rejected
    submitted: list[Figure]
    complete: list[Figure]  # persons, then the share of each field
    timely: list[Figure]  # records, median days, % within TIMELY_DAYS days
    linked: list[Figure]  # victims, linked to another agency, % linked


def scorecard(quality: AgencyQuality, name: str, lang: str) -> Scorecard:
    s, c, t, k = quality.submissions, quality.completeness, quality.timeliness, quality.linked
    none = Figure("—")
    return Scorecard(
        code=quality.agency,
        name=name,
        figures=quality,
        submitted=[
            _count(s.batches, lang),
            _count(s.rows_read, lang),
            _count(s.rows_accepted, lang),
            _count(s.rows_rejected, lang),
            _count(s.rejected_kept, lang),
            _share(s.rows_rejected, s.rows_read, lang),
        ]
        if s
        else [none] * 6,
        complete=[
            _count(c.persons, lang),
            *(_share(c.known[f], c.persons, lang) for f in COMPLETENESS_FIELDS),
        ]
        if c
        else [none] * (1 + len(COMPLETENESS_FIELDS)),
        timely=[
            _count(t.records, lang),
            _count(t.median_days, lang),
            _share(t.timely, t.records, lang),
        ]
        if t
        else [none] * 3,
        linked=[_count(k.victims, lang), _count(k.linked, lang), _share(k.linked, k.victims, lang)]
        if k
        else [none] * 3,
    )


@dataclass(frozen=True)
class Shown:
    """The agencies the page shows, by code: reporting agencies (their units counted with them), and units on
    their own rows, those at the top of the user's scope always, the ``others`` when they have figures."""

    agencies: list[str]
    tops: list[str]
    others: list[str]


def shown_agencies(scope: set[int] | None, rolled: DataQuality, tree: AgencyTree) -> Shown:
    """Every agency with figures for a user who sees them all (``scope`` ``None``); else each reporting agency in
    the scope, and each unit in the scope whose reporting agency is not (a data officer of a regional unit)."""
    if scope is None:
        return Shown(rolled.agencies(), [], [])
    agencies = sorted(tree.node(i).code for i in scope if tree.reporting(i).id == i)
    units = [i for i in scope if tree.reporting(i).code not in agencies]
    return Shown(
        agencies,
        sorted(tree.node(i).code for i in units if tree.node(i).parent_id not in scope),
        sorted(tree.node(i).code for i in units if tree.node(i).parent_id in scope),
    )


def _choice(request: HttpRequest, years: list[int]) -> tuple[QualityForm, Period | None, str]:
    """The form of the year and period chosen (the latest year and the calendar year by default), the period if
    the choice is valid, and the words that name it."""
    data = {"year": str(years[0]), "period": "calendar"}
    data.update({name: request.GET[name] for name in data if name in request.GET})
    form = QualityForm(data, years)
    if not form.is_valid():
        return form, None, ""
    year, kind = form.cleaned_data["year"], form.cleaned_data["period"]
    period = StatsContext.load().period(kind, year)
    return form, period, period_text_of(kind, year, period.start, period.end)


def _query(form: QualityForm) -> str:
    """The query string of the year and period chosen, for the links between the pages."""
    return urlencode({"year": form.cleaned_data["year"], "period": form.cleaned_data["period"]})


@require_GET
@requires(EXACT, VIEW_BATCHES)
def quality(request: HttpRequest) -> HttpResponse:
    """One row per agency the user may see, with the annex's figures for the year and period chosen."""
    lang = active_language()
    years = data_years()
    if not years:
        return render(request, "web/quality.html", {"years": []})
    form, period, period_text = _choice(request, years)
    context: dict[str, object] = {"years": years, "form": form}
    if period is None:
        return render(request, "web/quality.html", context, status=400)
    scope = quality_scope(request.user)  # type: ignore[arg-type]  # signed in: requires() saw to it
    tree = AgencyTree.load()
    labels = Labels.load()
    rolled = data_quality(period, reasons=0)
    shown = shown_agencies(scope, rolled, tree)
    rows = [
        scorecard(rolled.of(code), labels.agency_name(code, lang), lang) for code in shown.agencies
    ]
    if shown.tops or shown.others:
        own = data_quality(period, reasons=0, units=True)
        with_figures = set(own.agencies())
        for code in [*shown.tops, *(c for c in shown.others if c in with_figures)]:
            rows.append(scorecard(own.of(code), labels.agency_name(code, lang), lang))
    context.update(
        {
            "period_text": period_text,
            "rows": rows,
            "linkage_ran": rolled.linked is not None,
            "headers": headers(lang),
            "analyst": scope is None,
            "query": _query(form),
        }
    )
    return render(request, "web/quality.html", context)


@require_GET
@requires(EXACT, VIEW_BATCHES)
def agency_quality(request: HttpRequest, code: str) -> HttpResponse:
    """One agency's figures for the year and period chosen, with every reason its rows were rejected."""
    lang = active_language()
    tree = AgencyTree.load()
    node = tree.get(code)
    scope = quality_scope(request.user)  # type: ignore[arg-type]  # signed in: requires() saw to it
    if node is None or (scope is not None and node.id not in scope):
        raise Http404(_("No such agency."))
    years = data_years()
    if not years:
        return render(request, "web/quality_agency.html", {"years": [], "code": node.code})
    form, period, period_text = _choice(request, years)
    context: dict[str, object] = {"years": years, "form": form, "code": node.code}
    if period is None:
        return render(request, "web/quality_agency.html", context, status=400)
    # a reporting agency counts its units with it; a unit is counted on its own
    unit = tree.reporting(node.id).id != node.id
    quality = data_quality(period, reasons=None, units=unit)
    figures = quality.of(node.code)
    labels = Labels.load()
    row = scorecard(figures, labels.agency_name(node.code, lang), lang)
    complete = figures.completeness
    context.update(
        {
            "period_text": period_text,
            "row": row,
            "unit": unit,
            "reporting": tree.reporting(node.id).code,
            "has_units": bool(tree.children(node.code)) and not unit,
            "reasons": [
                {"column": r.column, "message": r.message(lang), "rows": _count(r.rows, lang)}
                for r in figures.reasons
            ],
            "fields": [
                {
                    "name": word(f"field_{f}", lang),
                    "known": _count(complete.known[f] if complete else None, lang),
                    "share": row.complete[1 + i],
                }
                for i, f in enumerate(COMPLETENESS_FIELDS)
            ],
            "linkage_ran": quality.linked is not None,
            "headers": headers(lang),
            "query": _query(form),
        }
    )
    return render(request, "web/quality_agency.html", context)
