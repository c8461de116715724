"""The report's Summary: the year's key figures and how each changed from the previous year, what no agency
reported, whether the year is covered in full, and how the figures are counted.

Every number is a :class:`~kuska.reports.model.FigureRef` from :class:`~kuska.reports.figures.Figures`, as in the
sections: "Victims identified: 1,110 in 2020, down from 1,820 in 2019." A change is told by its direction and the
previous year's figure, never by a number computed here.
"""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _
from django_stubs_ext import StrPromise

from kuska.i18n import translated
from kuska.reports.figures import Figures, figure_ref
from kuska.reports.model import FigureRef, FigureStatus, Fragment, Paragraph, Section, Sentence
from kuska.reports.narrative import fill
from kuska.reports.text import join, word
from kuska.stats.engine import Status

# The key figures, in the order the summary tells them (those the catalogue holds).
KEY_FIGURES = (
    "victims_identified",
    "unique_victims",
    "suspects_prosecuted",
    "traffickers_convicted",
    "children_assisted",
)

_WORDS: dict[str, StrPromise] = {
    "key": _("Key figures of {year}."),
    "figure": _("{title}: {value} in {year}"),
    "not_given": _("{title}: {value} for {year}"),
    "up": _(", up from {previous} in {year}"),
    "down": _(", down from {previous} in {year}"),
    "same": _(", the same as in {year} ({previous})"),
    "compared": _(", compared with {previous} in {year}"),
    "previous_missing": _(" ({previous} for {year})"),
    "missing": _("No agency reported these figures for {year}: {figures} (Annex B)."),
    "partial": _("Reported by only some of their source agencies: {figures} (Annex B)."),
    "not_covered": _(
        "The year is not covered in full: the latest record is dated {date}, so the {year} figures count the "
        "records up to that date only."
    ),
}


def _w(key: str, lang: str) -> str:
    return translated(_WORDS[key], lang)


def summary_section(figures: Figures, lang: str) -> Section:
    """The Summary: key figures, what was not reported, coverage, then how the figures are counted."""
    paragraphs: list[Paragraph] = []
    key = key_figures(figures, lang)
    if key:
        paragraphs.append(Paragraph([Sentence([_w("key", lang).format(year=figures.year)]), *key]))
    missing = not_reported(figures, lang)
    if missing:
        paragraphs.append(Paragraph(missing))
    covered = figures.covered_to
    if covered is not None:
        text = _w("not_covered", lang).format(date=covered.isoformat(), year=figures.year)
        paragraphs.append(Paragraph([Sentence([text])]))
    previous = [str(y) for y in figures.years if y < figures.year]
    if previous:
        method = word("summary_text", lang, year=figures.year, years=join(previous, lang))
    else:
        method = word("summary_no_previous", lang, year=figures.year)
    paragraphs.append(Paragraph([Sentence([method])]))
    return Section("summary", word("summary", lang), intro=paragraphs)


def key_figures(figures: Figures, lang: str) -> list[Sentence]:
    """One sentence per key figure: the year's figure and the previous year's, with the direction of change."""
    out: list[Sentence] = []
    earlier = figures.previous_years[:1]
    for indicator_id in KEY_FIGURES:
        if not figures.has(indicator_id):
            continue
        indicator = figures.indicator(indicator_id)
        current = figure_ref(figures.result(indicator_id), lang=lang)
        title = indicator.title(lang)
        template = "figure" if current.status is FigureStatus.REPORTED else "not_given"
        fragments = fill(
            _w(template, lang),
            {"title": [title], "value": [current], "year": [str(figures.year)]},
        )
        for year in earlier:
            previous = figure_ref(figures.result(indicator_id, year), lang=lang)
            fragments += _change(current, previous, year, lang)
        out.append(Sentence([*fragments, "."]))
    return out


def _change(current: FigureRef, previous: FigureRef, year: int, lang: str) -> list[Fragment]:
    slots: dict[str, list[Fragment]] = {"previous": [previous], "year": [str(year)]}
    if previous.status is not FigureStatus.REPORTED or previous.value is None:
        return fill(_w("previous_missing", lang), slots)
    if current.status is not FigureStatus.REPORTED or current.value is None:
        return fill(_w("compared", lang), slots)
    if current.value > previous.value:
        return fill(_w("up", lang), slots)
    if current.value < previous.value:
        return fill(_w("down", lang), slots)
    return fill(_w("same", lang), slots)


def not_reported(figures: Figures, lang: str) -> list[Sentence]:
    """What no agency reported for the year, and what only some of the source agencies did, by title."""
    missing: list[str] = []
    partial: list[str] = []
    for indicator in figures.context.catalogue:
        result = figures.result(indicator.id)
        if result.status is Status.NOT_REPORTED:
            missing.append(indicator.title(lang))
        elif result.status is Status.REPORTED and result.not_reported_by:
            partial.append(indicator.title(lang))
    out: list[Sentence] = []
    if missing:
        out.append(
            Sentence([_w("missing", lang).format(year=figures.year, figures=join(missing, lang))])
        )
    else:
        out.append(Sentence([word("missing_none", lang, year=figures.year)]))
    if partial:
        out.append(Sentence([_w("partial", lang).format(figures=join(partial, lang))]))
    return out
