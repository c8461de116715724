"""Assembling the report: title, summary, the three sections of the TIP report, and the two annexes.

>>> report = build_report(Figures(2020), "en")               # doctest: +SKIP
>>> [s.title for s in report.sections]                       # doctest: +SKIP
['Summary', 'Prosecution', 'Protection', 'Prevention', 'Annex A. Data quality', 'Annex B. Figures not reported']
"""

from __future__ import annotations

import datetime

from django.utils import timezone

from kuska.i18n import languages
from kuska.reports.charts import ChartBuilder
from kuska.reports.figures import Figures
from kuska.reports.model import (
    Block,
    Cell,
    FigureRef,
    Paragraph,
    Part,
    Report,
    Row,
    Section,
    Sentence,
    Table,
)
from kuska.reports.narrative import Narrator
from kuska.reports.summary import summary_section
from kuska.reports.tables import TableBuilder
from kuska.reports.text import Labels, number, percent, word
from kuska.stats.engine import Status
from kuska.stats.quality import COMPLETENESS_FIELDS, TIMELY_DAYS

SECTIONS = ("prosecution", "protection", "prevention")


def build_report(
    figures: Figures, lang: str = "es", *, now: datetime.datetime | None = None
) -> Report:
    """The annual report of the figures' year, in one language; public when the figures are (disclosure control
    applied), internal otherwise."""
    if lang not in languages():
        raise ValueError(f"language {lang!r} is not one of {', '.join(languages())}")
    year, public = figures.year, figures.public
    labels = Labels.load()
    narrator = Narrator(figures, labels, lang)
    tables = TableBuilder(figures, labels, lang)
    charts = ChartBuilder(figures, labels, lang)
    sections = [summary_section(figures, lang)]
    for section in SECTIONS:
        parts = [
            Part(
                f"{section}-figures", word("figures_heading", lang), list(narrator.section(section))
            )
        ]
        drawn: list[Block] = list(charts.section(section))
        if drawn:
            parts.append(Part(f"{section}-charts", word("charts_heading", lang), drawn))
        shown: list[Block] = list(tables.section(section))
        if shown:
            parts.append(Part(f"{section}-tables", word("tables_heading", lang), shown))
        sections.append(Section(section, word(section, lang), parts=parts))
    sections.append(_quality_annex(figures, labels, lang))
    sections.append(_missing_annex(figures, labels, lang))
    report = Report(
        year=year,
        lang=lang,
        public=public,
        years=list(figures.years),
        title=word("report_title", lang),
        subtitle=word("subtitle", lang, year=year),
        marking=word("public" if public else "internal", lang),
        marking_note=word("public_note" if public else "internal_note", lang),
        generated=now or timezone.now(),
        sections=sections,
    )
    _number(report)
    return report


def _number(report: Report) -> None:
    for i, table in enumerate(report.tables, start=1):
        table.number = i
    for i, chart in enumerate(report.charts, start=1):
        chart.number = i


# -- annex A: data quality ---------------------------------------------------------------------------------------


def _quality_annex(figures: Figures, labels: Labels, lang: str) -> Section:
    blocks: list[Block] = []
    quality = figures.quality
    submitted = quality.submissions
    rows = [
        Row(
            f"{s.agency} — {labels.agency_name(s.agency, lang)}",
            [
                _count(s.batches, lang),
                _count(s.rows_read, lang),
                _count(s.rows_accepted, lang),
                _count(s.rows_rejected, lang),
                _count(s.rejected_kept, lang),
                _share(s.rows_rejected, s.rows_read, lang),
            ],
        )
        for s in submitted
    ]
    if submitted:
        rows.append(
            Row(
                word("total", lang),
                [
                    _count(sum(s.batches for s in submitted), lang),
                    _count(sum(s.rows_read for s in submitted), lang),
                    _count(sum(s.rows_accepted for s in submitted), lang),
                    _count(sum(s.rows_rejected for s in submitted), lang),
                    _count(sum(s.rejected_kept for s in submitted), lang),
                    _share(
                        sum(s.rows_rejected for s in submitted),
                        sum(s.rows_read for s in submitted),
                        lang,
                    ),
                ],
                total=True,
            )
        )
    blocks.append(
        Table(
            id="t-quality-submissions",
            title=word("submissions_title", lang),
            corner=word("agency", lang),
            columns=[
                word(k, lang)
                for k in (
                    "batches",
                    "rows_read",
                    "rows_accepted",
                    "rows_rejected",
                    "rejected_kept",
                    "rejected_share",
                )
            ],
            rows=rows,
            notes=[] if submitted else [word("no_submissions", lang)],
        )
    )
    reasons = quality.reasons
    blocks.append(
        Table(
            id="t-quality-reasons",
            title=word("reasons_title", lang),
            corner=word("agency", lang),
            columns=[word("column", lang), word("reason", lang), word("rows", lang)],
            rows=[
                Row(
                    r.agency,
                    [
                        Cell(r.column),
                        Cell(r.message(lang)),
                        _count(r.rows, lang),
                    ],
                )
                for r in reasons
            ],
            notes=[] if reasons else [word("no_rejections", lang)],
        )
    )
    complete = quality.completeness
    field_names = [word(f"field_{f}", lang) for f in COMPLETENESS_FIELDS]
    blocks.append(
        Table(
            id="t-quality-completeness",
            title=word("completeness_title", lang, year=figures.year),
            corner=word("agency", lang),
            columns=[word("persons", lang), *(f"{n} (%)" for n in field_names)],
            rows=[
                Row(
                    c.agency,
                    [
                        _count(c.persons, lang),
                        *(_share(c.known[f], c.persons, lang) for f in COMPLETENESS_FIELDS),
                    ],
                )
                for c in complete
            ],
            notes=[word("completeness_note", lang, year=figures.year)]
            + ([] if complete else [word("no_persons", lang, year=figures.year)]),
        )
    )
    timely = quality.timeliness
    blocks.append(
        Table(
            id="t-quality-timeliness",
            title=word("timeliness_title", lang, year=figures.year),
            corner=word("agency", lang),
            columns=[
                word("records", lang),
                word("median_days", lang),
                word("timely_share", lang, days=TIMELY_DAYS),
            ],
            rows=[
                Row(
                    t.agency,
                    [
                        _count(t.records, lang),
                        _count(t.median_days, lang) if t.median_days is not None else Cell("—"),
                        _share(t.timely, t.records, lang),
                    ],
                )
                for t in timely
            ],
            notes=[word("timeliness_note", lang, year=figures.year, days=TIMELY_DAYS)]
            + ([] if timely else [word("no_records", lang, year=figures.year)]),
        )
    )
    linked = quality.linked
    blocks.append(
        Table(
            id="t-quality-linked",
            title=word("linked_title", lang, year=figures.year),
            corner=word("agency", lang),
            columns=[word("victims", lang), word("linked_other", lang), word("linked_share", lang)],
            rows=[
                Row(
                    k.agency,
                    [
                        _count(k.victims, lang),
                        _count(k.linked, lang),
                        _share(k.linked, k.victims, lang),
                    ],
                )
                for k in linked or ()
            ],
            notes=[word("linked_note", lang, year=figures.year)]
            + ([word("linkage_why", lang)] if linked is None else [])
            + ([word("no_victims", lang, year=figures.year)] if linked == [] else []),
        )
    )
    intro = Paragraph([Sentence([word("quality_intro", lang, year=figures.year)])])
    return Section(
        "annex-quality",
        word("annex_quality", lang),
        intro=[intro],
        parts=[Part("annex-quality-tables", word("tables_heading", lang), blocks)],
    )


def _count(value: int, lang: str) -> Cell:
    return Cell(number(value, lang), value)


def _share(part: int, whole: int, lang: str) -> Cell:
    if not whole:
        return Cell("—")
    return Cell(percent(part, whole, lang), round(100 * part / whole, 1), percent=True)


# -- annex B: figures not reported -------------------------------------------------------------------------------


def _missing_annex(figures: Figures, labels: Labels, lang: str) -> Section:
    missing: list[Row] = []
    partial: list[Row] = []
    unavailable: list[Row] = []
    for indicator in figures.context.catalogue:
        result = figures.result(indicator.id)
        sources = ", ".join(indicator.sources) if indicator.sources else word("any_agency", lang)
        label = indicator.title(lang)
        section = word(indicator.section.value, lang)
        if result.status is Status.NOT_REPORTED:
            missing.append(Row(label, [Cell(indicator.id), Cell(section), Cell(sources)]))
        elif result.status is Status.NOT_AVAILABLE:
            unavailable.append(
                Row(label, [Cell(indicator.id), Cell(section), Cell(word("linkage_why", lang))])
            )
        elif result.not_reported_by:
            partial.append(
                Row(
                    label,
                    [
                        Cell(indicator.id),
                        Cell(section),
                        Cell(sources),
                        Cell(", ".join(result.not_reported_by)),
                    ],
                )
            )
    blocks: list[Block] = []
    columns = [word("id", lang), word("section", lang), word("expected_from", lang)]
    blocks.append(
        Table(
            id="t-missing",
            title=word("missing_title", lang),
            corner=word("figure", lang),
            columns=columns,
            rows=missing,
            notes=[] if missing else [word("missing_none", lang, year=figures.year)],
        )
    )
    if partial:
        blocks.append(
            Table(
                id="t-partial",
                title=word("partial_title", lang),
                corner=word("figure", lang),
                columns=[*columns, word("silent", lang)],
                rows=partial,
            )
        )
    if unavailable:
        blocks.append(
            Table(
                id="t-unavailable",
                title=word("unavailable_title", lang),
                corner=word("figure", lang),
                columns=[word("id", lang), word("section", lang), word("why", lang)],
                rows=unavailable,
            )
        )
    intro = Paragraph([Sentence([word("missing_intro", lang, year=figures.year)])])
    return Section(
        "annex-missing",
        word("annex_missing", lang),
        intro=[intro],
        parts=[Part("annex-missing-tables", word("tables_heading", lang), blocks)],
    )


__all__ = ["SECTIONS", "FigureRef", "build_report"]
