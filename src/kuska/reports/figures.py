"""The figures a report reads: the indicator engine's results, each computed once, protected when published.

Every number of the report comes from :meth:`Figures.result` (the engine's :func:`~kuska.stats.engine.compute`
for a calendar year and a breakdown) or from :attr:`Figures.quality` (the statistics' data-quality figures,
:mod:`kuska.stats.quality`); none is typed by hand, and the report reads nothing else.

>>> figures = Figures(2020, public=False)              # doctest: +SKIP
>>> figures.result("police_operations", 2019).value   # doctest: +SKIP
186
"""

from __future__ import annotations

import datetime
from collections.abc import Mapping, Sequence
from decimal import Decimal

from kuska.reports.model import CellKey, FigureRef, FigureStatus
from kuska.reports.text import money, number, word
from kuska.stats.catalogue import Indicator, Unit
from kuska.stats.disclosure import protect
from kuska.stats.engine import IndicatorResult, Results, StatsContext, Status
from kuska.stats.quality import DataQuality, data_quality
from kuska.stats.records import available_years, covered_to

# How many years before the report's year the comparisons and trend charts look back, at most.
LOOK_BACK = 4
# How many previous years a sentence compares with (the seed report: "compared with 55 in 2019 and 74 in 2018").
COMPARED_YEARS = 2


class Figures:
    """The engine's results for one report: a year, the years before it that hold data, and disclosure control.

    ``public`` applies the statistics package's disclosure control (:func:`kuska.stats.disclosure.protect`) to
    every result, so a published report shows no count of 1 to 4 and nothing that gives one away.
    """

    def __init__(
        self,
        year: int,
        *,
        public: bool = False,
        context: StatsContext | None = None,
        where: Mapping[str, str] | None = None,
        look_back: int = LOOK_BACK,
        results: Results | None = None,
        candidates: Sequence[int] | None = None,
    ) -> None:
        self.year = year
        self.public = public
        self.context = context or StatsContext.load()
        # the engine's results, each computed once (shared with the page that shows these figures beside others)
        self.results = results or Results(self.context)
        self.where = dict(
            where or {}
        )  # filters of every figure (the dashboard's), see engine.compute
        self._cache: dict[tuple[str, int, tuple[str, ...]], IndicatorResult] = {}
        self._quality: DataQuality | None = None
        # the years a trend may start from: those from the earliest dated record (the caller may know them)
        if candidates is None:
            candidates = available_years(year, look_back)
        self.years = self._years_with_figures(list(candidates))

    @property
    def quality(self) -> DataQuality:
        """The data-quality figures of the report's year (submissions, rejections, completeness)."""
        if self._quality is None:
            self._quality = data_quality(self.context.period("calendar", self.year))
        return self._quality

    @property
    def covered_to(self) -> datetime.date | None:
        """The latest date holding data when the report's year runs past it (not covered in full), else None."""
        return covered_to(self.context.period("calendar", self.year))

    @property
    def previous_years(self) -> list[int]:
        """The years a sentence compares with: the most recent ones before the report's year, newest first."""
        return sorted((y for y in self.years if y < self.year), reverse=True)[:COMPARED_YEARS]

    def _years_with_figures(self, candidates: list[int]) -> list[int]:
        """Drop the leading years in which no figure is above 0 (a few trials of cases begun the year before
        do not make a year worth comparing with)."""
        dated = [
            i.id for i in self.context.catalogue if not i.is_stock and i.count.value != "linkage"
        ]
        fetched: set[str] = set()  # each indicator's years computed together, when first asked for

        def value(indicator_id: str, year: int) -> object:
            if indicator_id not in fetched:
                self.over_years(indicator_id, candidates)
                fetched.add(indicator_id)
            return self.result(indicator_id, year).value

        for start in candidates[:-1]:
            if any(value(i, start) for i in dated):
                return [y for y in candidates if y >= start]
        return [self.year]

    def indicator(self, indicator_id: str) -> Indicator:
        return self.context.catalogue[indicator_id]

    def has(self, indicator_id: str, *dimensions: str) -> bool:
        """Whether the catalogue holds the indicator and it allows these breakdowns."""
        if indicator_id not in self.context.catalogue:
            return False
        allowed = self.context.catalogue[indicator_id].breakdowns
        return all(d in allowed for d in dimensions)

    def result(
        self, indicator_id: str, year: int | None = None, by: Sequence[str] = ()
    ) -> IndicatorResult:
        """The indicator for a calendar year (default: the report's), broken down by ``by``."""
        key = (indicator_id, self.year if year is None else year, tuple(by))
        if key not in self._cache:
            indicator = self.context.catalogue[indicator_id]
            result = self.results.get(
                indicator, self.context.period("calendar", key[1]), key[2], where=self.where
            )
            self._cache[key] = protect(result) if self.public else result
        return self._cache[key]

    def over_years(self, indicator_id: str, years: Sequence[int], by: Sequence[str] = ()) -> None:
        """Compute the indicator for these calendar years at once (a trend), for :meth:`result` to give."""
        self.results.years(self.context.catalogue[indicator_id], years, by, where=self.where)

    def section(self, section: str) -> list[Indicator]:
        """The catalogue's indicators of a section (prosecution, protection, prevention), in catalogue order."""
        return [i for i in self.context.catalogue if i.section.value == section]


def figure_ref(
    result: IndicatorResult, key: CellKey | None = None, lang: str = "es", *, cell: bool = False
) -> FigureRef:
    """A cell of a result (default: its total) as the report shows it: the number, or why there is none.

    ``cell`` chooses the words of a table cell (``no reportado``) over those of a sentence (``no se reportó``).
    """
    key = result.total_key if key is None else key
    base = (result.indicator.id, result.period.year, result.dimensions, key)
    if result.status is Status.NOT_REPORTED:
        text = word("not_reported_cell" if cell else "not_reported", lang)
        return FigureRef(*base, FigureStatus.NOT_REPORTED, None, text)
    if result.status is Status.NOT_AVAILABLE:
        return FigureRef(*base, FigureStatus.NOT_AVAILABLE, None, word("not_available", lang))
    if result.status is Status.NOT_APPLICABLE:
        return FigureRef(*base, FigureStatus.NOT_APPLICABLE, None, word("not_applicable", lang))
    value = result.cell(*key)
    if value is None and key not in result.suppressed:  # a median over no record
        return FigureRef(*base, FigureStatus.NO_VALUE, None, word("no_value", lang))
    if value is None:
        return FigureRef(*base, FigureStatus.WITHHELD, None, word("withheld", lang))
    return FigureRef(
        *base, FigureStatus.REPORTED, value, format_value(result.indicator, value, lang)
    )


def format_value(indicator: Indicator, value: int | Decimal, lang: str) -> str:
    """A figure in the words of the language: soles as ``S/ 2 350 000`` or ``PEN 2,350,000``, counts plain."""
    if indicator.unit is Unit.AMOUNT:
        return money(value, indicator.measure, lang)
    return number(value, lang)
