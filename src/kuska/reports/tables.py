"""The report's tables: each section's figures over the years, and breakdowns of the year's figures.

Three shapes, declared as data in :data:`TABLES`:

- :class:`YearsTable` — every indicator of a section (rows) over the years shown (columns);
- :class:`ColumnsTable` — several indicators (columns) broken down by one dimension (rows), with a total row;
- :class:`CrossTable` — one indicator broken down by two dimensions (rows × columns), with totals.

Every cell is a :class:`~kuska.reports.model.FigureRef` from :class:`~kuska.reports.figures.Figures`.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _
from django_stubs_ext import StrPromise

from kuska.i18n import translated
from kuska.reports.figures import Figures, figure_ref
from kuska.reports.model import Cell, CellKey, FigureRef, FigureStatus, Row, Table
from kuska.reports.narrative import agency_ref
from kuska.reports.text import DIMENSIONS, UNITS, Labels, capitalise, word
from kuska.stats.catalogue import Indicator
from kuska.stats.engine import UNKNOWN, IndicatorResult, Status
from kuska.stats.linked import SEPARATOR as COMBINATION_SEPARATOR


@dataclass(frozen=True)
class YearsTable:
    section: str


@dataclass(frozen=True)
class ColumnsTable:
    indicators: tuple[str, ...]
    rows: str
    title: str | StrPromise = ""  # {rows} and {year} are filled in


@dataclass(frozen=True)
class CrossTable:
    indicator: str
    rows: str
    columns: str


@dataclass(frozen=True)
class CombinationsTable:
    """Unique persons by the combination of agencies holding their records, with how many were at more than
    one agency (``overlap``) and the total."""

    indicator: str
    overlap: str


TableSpec = YearsTable | ColumnsTable | CrossTable | CombinationsTable

_JUSTICE = ("suspects_prosecuted", "traffickers_convicted", "acquittals")
_JUSTICE_TITLE = _("Suspects prosecuted, convictions and acquittals by {rows}, {year}")

TABLES: dict[str, tuple[TableSpec, ...]] = {
    "prosecution": (
        YearsTable("prosecution"),
        ColumnsTable(
            (
                "police_operations",
                "police_detentions",
                "prosecutor_operations",
                "prosecutor_detentions",
            ),
            rows="region",
            title=_("Operations and detentions by {rows}, {year}"),
        ),
        ColumnsTable(_JUSTICE, rows="sex", title=_JUSTICE_TITLE),
        ColumnsTable(_JUSTICE, rows="nationality_group", title=_JUSTICE_TITLE),
        ColumnsTable(_JUSTICE, rows="exploitation", title=_JUSTICE_TITLE),
    ),
    "protection": (
        YearsTable("protection"),
        CombinationsTable("unique_victims", overlap="agency_overlap"),
        CrossTable("victims_identified", rows="sex", columns="agency"),
        CrossTable("victims_identified", rows="age_band", columns="agency"),
        CrossTable("victims_identified", rows="nationality", columns="agency"),
        CrossTable("victims_identified", rows="exploitation", columns="agency"),
        CrossTable("victims_identified", rows="region", columns="agency"),
        CrossTable("children_assisted", rows="nationality", columns="sex"),
        CrossTable("victims_assisted_udavit", rows="age_band", columns="sex"),
    ),
    "prevention": (
        YearsTable("prevention"),
        ColumnsTable(
            (
                "trainings_held",
                "training_participants",
                "trainings_with_partners",
                "journalists_trained",
                "awareness_campaigns",
                "campaign_reach",
            ),
            rows="agency",
            title=_("Trainings and campaigns by {rows}, {year}"),
        ),
    ),
}

_TITLES: dict[str, StrPromise] = {
    "years": _("{section} figures, {first}–{last}"),
    "by_one": _("{what} by {rows}, {year}"),
    "by_two": _("{what} by {rows} and {columns}, {year}"),
    "several": _("{section} figures"),
    "stock": _(
        "Facilities and their places are a stock: they are shown as currently registered, in the column of the "
        "report's year."
    ),
    "only": _("{agency} only"),
    "agencies": _("Agencies"),
    "combinations": _("{what} by combination of agencies, {year}"),
    "combinations_note": _(
        "Each person once, in the combination of agencies that hold a victim record of theirs dated in the "
        "year (record linkage). The single agencies and the victims at more than one agency add up to the "
        "total; the combinations of several agencies add up to the victims at more than one agency."
    ),
    "records_unit": _(
        "Unit: each agency's records (a victim identified by two agencies counts once at each)."
    ),
}


class TableBuilder:
    """Builds the tables of the report from the engine's figures."""

    def __init__(self, figures: Figures, labels: Labels, lang: str) -> None:
        self.figures = figures
        self.labels = labels
        self.lang = lang

    def section(self, section: str) -> list[Table]:
        tables: list[Table] = []
        for spec in TABLES.get(section, ()):
            table = self.build(spec)
            if table is not None:
                tables.append(table)
        return tables

    def build(self, spec: TableSpec) -> Table | None:
        if isinstance(spec, YearsTable):
            return self.years_table(spec.section)
        if isinstance(spec, ColumnsTable):
            return self.columns_table(spec.indicators, spec.rows, spec.title)
        if isinstance(spec, CombinationsTable):
            return self.combinations_table(spec.indicator, spec.overlap)
        return self.cross_table(spec.indicator, spec.rows, spec.columns)

    # -- shapes --------------------------------------------------------------------------------------------------

    def years_table(self, section: str) -> Table | None:
        lang = self.lang
        indicators = self.figures.section(section)
        if not indicators:
            return None
        years = self.figures.years
        rows: list[Row] = []
        has_stock = False
        for indicator in indicators:
            cells = []
            for year in years:
                if indicator.is_stock and year != self.figures.year:
                    cells.append(_text("—"))
                    continue
                has_stock = has_stock or indicator.is_stock
                cells.append(
                    _cell(figure_ref(self.figures.result(indicator.id, year), lang=lang, cell=True))
                )
            rows.append(Row(f"{indicator.title(lang)} ({self._unit(indicator)})", cells))
        title = translated(_TITLES["years"], lang).format(
            section=word(section, lang), first=years[0], last=years[-1]
        )
        if len(years) == 1:
            title = title.rsplit(",", 1)[0] + f", {years[0]}"
        notes = self._notes()
        if has_stock:
            notes.insert(0, translated(_TITLES["stock"], lang))
        return Table(
            id=f"t-{section}-years",
            title=title,
            corner=word("indicator", lang),
            columns=[str(y) for y in years],
            rows=rows,
            notes=notes,
        )

    def columns_table(
        self, indicator_ids: Sequence[str], dimension: str, title: str | StrPromise = ""
    ) -> Table | None:
        lang = self.lang
        chosen = [i for i in indicator_ids if self.figures.has(i, dimension)]
        if not chosen:
            return None
        results = [self.figures.result(i, by=(dimension,)) for i in chosen]
        categories = self._categories(dimension, results)
        rows: list[Row] = []
        for category in categories:
            cells = [_cell(self._ref(r, (category,))) for r in results]
            rows.append(Row(self.labels.category(dimension, category, lang), cells))
        rows.append(
            Row(
                word("total", lang),
                [_cell(figure_ref(r, lang=lang, cell=True)) for r in results],
                total=True,
            )
        )
        section = self.figures.indicator(chosen[0]).section.value
        what = translated(_TITLES["several"], lang).format(section=word(section, lang))
        template = translated(title, lang) or translated(_TITLES["by_one"], lang)
        return Table(
            id=f"t-{'-'.join(chosen[:2])}-{dimension}",
            title=template.format(
                what=what, rows=_dimension(dimension, lang), year=self.figures.year
            ),
            corner=translated(DIMENSIONS[dimension], lang),
            columns=[self._column_title(self.figures.indicator(i)) for i in chosen],
            rows=rows,
            notes=self._notes(),
        )

    def cross_table(self, indicator_id: str, rows_dim: str, columns_dim: str) -> Table | None:
        lang = self.lang
        if not self.figures.has(indicator_id, rows_dim, columns_dim):
            return None
        indicator = self.figures.indicator(indicator_id)
        result = self.figures.result(indicator_id, by=(rows_dim, columns_dim))
        row_categories = self._categories(rows_dim, [result])
        column_categories = self._categories(columns_dim, [result])
        rows: list[Row] = []
        for category in [*row_categories, None]:
            cells = [
                _cell(self._ref(result, (category, column)))
                for column in [*column_categories, None]
            ]
            label = (
                word("total", lang)
                if category is None
                else self.labels.category(rows_dim, category, lang)
            )
            rows.append(Row(label, cells, total=category is None))
        notes = self._notes()
        if indicator.unit.value == "records" and columns_dim == "agency":
            notes.insert(0, translated(_TITLES["records_unit"], lang))
        return Table(
            id=f"t-{indicator_id}-{rows_dim}-{columns_dim}",
            title=translated(_TITLES["by_two"], lang).format(
                what=indicator.title(lang),
                rows=_dimension(rows_dim, lang),
                columns=_dimension(columns_dim, lang),
                year=self.figures.year,
            ),
            corner=translated(DIMENSIONS[rows_dim], lang),
            columns=[
                *(self.labels.category(columns_dim, c, lang) for c in column_categories),
                word("total", lang),
            ],
            rows=rows,
            notes=notes,
        )

    def combinations_table(self, indicator_id: str, overlap_id: str) -> Table | None:
        """One row per combination of agencies (``POLICE only``, ``POLICE + PROSECUTION``…): the single agencies, the
        victims at more than one agency, each combination of several, then the unique victims in all."""
        lang = self.lang
        if not self.figures.has(indicator_id, "agency") or not self.figures.has(overlap_id):
            return None
        result = self.figures.result(indicator_id, by=("agency",))
        if result.status is not Status.REPORTED:
            return None  # not available until record linkage has run: the chart says so
        indicator = self.figures.indicator(indicator_id)
        combinations = result.categories.get("agency", [])
        single = [c for c in combinations if COMBINATION_SEPARATOR not in c]
        several = [c for c in combinations if COMBINATION_SEPARATOR in c]
        only = translated(_TITLES["only"], lang)
        rows = [Row(only.format(agency=c), [_cell(self._ref(result, (c,)))]) for c in single]
        overlap = self.figures.result(overlap_id)
        rows.append(
            Row(
                self.figures.indicator(overlap_id).title(lang),
                [_cell(figure_ref(overlap, lang=lang, cell=True))],
                total=True,
            )
        )
        rows += [Row(c, [_cell(self._ref(result, (c,)))]) for c in several]
        rows.append(
            Row(
                word("total", lang) + f" — {indicator.title(lang)}",
                [_cell(figure_ref(result, lang=lang, cell=True))],
                total=True,
            )
        )
        notes = [translated(_TITLES["combinations_note"], lang), *self._notes()]
        return Table(
            id=f"t-{indicator_id}-combinations",
            title=translated(_TITLES["combinations"], lang).format(
                what=indicator.title(lang), year=self.figures.year
            ),
            corner=translated(_TITLES["agencies"], lang),
            columns=[capitalise(self._unit(indicator))],
            rows=rows,
            notes=notes,
        )

    # -- helpers -------------------------------------------------------------------------------------------------

    def _ref(self, result: IndicatorResult, key: CellKey) -> FigureRef:
        """A cell, with a silent source agency (``not_reported_by``) shown as not reported, never as 0."""
        for position, dimension in enumerate(result.dimensions):
            part = key[position]
            if dimension == "agency" and part is not None and part in result.not_reported_by:
                ref = agency_ref(result, part, self.lang, cell=True)
                return FigureRef(ref.indicator, ref.year, ref.by, key, ref.status, None, ref.text)
        return figure_ref(result, key, self.lang, cell=True)

    def _categories(self, dimension: str, results: Sequence[IndicatorResult]) -> list[str]:
        """The categories to show: the profile's regions all (a region without records shows 0), the source
        agencies all (a silent one shows *not reported*), otherwise those the engine found."""
        found: list[str] = []
        if dimension == "region" and any(r.status is Status.REPORTED for r in results):
            found = list(self.figures.context.region_codes)
        for result in results:
            if result.status is not Status.REPORTED:
                if dimension == "agency":
                    found += [s for s in result.indicator.sources if s not in found]
                continue
            if dimension == "agency":
                found += [s for s in result.indicator.sources if s not in found]
            found += [c for c in result.categories.get(dimension, []) if c not in found]
        if UNKNOWN in found:  # keep "not recorded" last
            found = [c for c in found if c != UNKNOWN] + [UNKNOWN]
        return found

    def _unit(self, indicator: Indicator) -> str:
        if indicator.measure:
            return translated(UNITS.get(indicator.measure, indicator.measure), self.lang)
        return translated(UNITS[indicator.unit.value], self.lang)

    def _column_title(self, indicator: Indicator) -> str:
        return f"{indicator.title(self.lang)} ({self._unit(indicator)})"

    def _notes(self) -> list[str]:
        notes = [word("source_engine", self.lang, period=self._period())]
        if self.figures.public:
            notes.append(word("withheld_note", self.lang))
        return notes

    def _period(self) -> str:
        return translated(_("calendar years"), self.lang)


def _dimension(dimension: str, lang: str) -> str:
    return translated(DIMENSIONS[dimension], lang).lower()


def _cell(ref: FigureRef) -> Cell:
    value = ref.value if ref.status is FigureStatus.REPORTED else None
    return Cell(ref.text, value, ref)


def _text(text: str) -> Cell:
    return Cell(text)
