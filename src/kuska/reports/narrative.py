"""Sentences that tell each figure and compare it with the previous years, as the 2021 TIP report does.

For every indicator of a section, in the order of :data:`~kuska.reports.phrases.PARAGRAPHS`:

- *reported*: the indicator's clause with the figure, "in 2020", then the previous years —
  "Courts convicted 29 traffickers in 2020, compared with 55 in 2019 and 74 in 2018." Two indicators that
  :data:`~kuska.reports.phrases.PAIRS` tells together share one sentence when both are reported in every year
  shown ("… conducted 65 operations in 2020, resulting in 214 detentions, compared with 186 operations and 364
  detentions in 2019 and …"); otherwise each gets its own.
- *not reported*: said so, never written as 0 — "Convictions with a recorded sentence: not reported for 2020."
- a previous year without the figure: "(not reported for 2019 and 2018)".
- *not available* (computed by record linkage, which has not run): said so.
- *withheld* (published report, disclosure control): "withheld".
- a stock (facilities, places) is not compared: it is as registered now.

Then, for the indicators of :data:`~kuska.reports.phrases.DETAILS`, a composition: "Of these, 411 were female and
59 male; 244 were children and 226 adults; …".
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from django.utils.translation import gettext_lazy as _
from django_stubs_ext import StrPromise

from kuska.i18n import translated
from kuska.reports.figures import Figures, figure_ref
from kuska.reports.model import CellKey, FigureRef, FigureStatus, Fragment, Paragraph, Sentence
from kuska.reports.phrases import (
    BY_AGENCY,
    COMPOSITION,
    DETAILS,
    OF_THESE,
    PAIRS,
    PARAGRAPHS,
    PHRASES,
    Pair,
    Phrase,
)
from kuska.reports.text import Labels, capitalise, join, word
from kuska.stats.catalogue import Indicator
from kuska.stats.engine import IndicatorResult, Status

_SLOT = re.compile(r"\{(\w+)\}")

_WORDS: dict[str, StrPromise] = {
    "in_year": _(" in {year}"),
    "compared": _(", compared with "),
    "for_years": _(" for {years}"),
    "stock": _(" (as currently registered)"),
    "not_available_why": _(" (computed by record linkage, which has not run yet)"),
    "were": _("were"),
    "others_withheld": _(" (other categories withheld)"),
}


def _w(key: str, lang: str) -> str:
    return translated(_WORDS[key], lang)


def fill(template: str, slots: dict[str, list[Fragment]]) -> list[Fragment]:
    """Split a clause on its ``{slots}`` and put each slot's fragments in its place."""
    out: list[Fragment] = []
    position = 0
    for match in _SLOT.finditer(template):
        if match.start() > position:
            out.append(template[position : match.start()])
        out.extend(slots[match.group(1)])
        position = match.end()
    if position < len(template):
        out.append(template[position:])
    return out


def _sentence(fragments: list[Fragment]) -> Sentence:
    """Capitalise the first letter and end with a full stop."""
    parts = [f for f in fragments if f != ""]
    if parts and isinstance(parts[0], str):
        parts[0] = capitalise(parts[0])
    if parts and isinstance(parts[-1], str):
        parts[-1] = parts[-1].rstrip() + "."
    else:
        parts.append(".")
    return Sentence(parts)


class Narrator:
    """Writes the sentences of a report's sections from the engine's figures."""

    def __init__(self, figures: Figures, labels: Labels, lang: str) -> None:
        self.figures = figures
        self.labels = labels
        self.lang = lang

    # -- paragraphs ----------------------------------------------------------------------------------------------

    def section(self, section: str) -> list[Paragraph]:
        """The paragraphs of a section: every indicator of the catalogue in it, none left out."""
        ids = [i.id for i in self.figures.section(section)]
        groups = [[i for i in group if i in ids] for group in PARAGRAPHS.get(section, ())]
        named = {i for group in groups for i in group}
        groups += [[i] for i in ids if i not in named]
        return [Paragraph(self.sentences(group)) for group in groups if group]

    def sentences(self, indicator_ids: Sequence[str]) -> list[Sentence]:
        out: list[Sentence] = []
        done: set[str] = set()
        for indicator_id in indicator_ids:
            if indicator_id in done:
                continue
            pair = self._pair(indicator_id, indicator_ids, done)
            if pair is not None:
                out.append(self.pair_sentence(pair))
                done |= {pair.first, pair.second}
                continue
            out.extend(self.indicator_sentences(indicator_id))
            done.add(indicator_id)
        return out

    def _pair(self, first: str, group: Sequence[str], done: set[str]) -> Pair | None:
        for pair in PAIRS:
            if (
                pair.first == first
                and pair.second in group
                and pair.second not in done
                and self._with_agency(str(pair.text), self.figures.indicator(first)) is not None
            ):
                years = [self.figures.year, *self._compared_years(pair.first)]
                if all(
                    self._reported(self.figures.result(i, y))
                    for i in (pair.first, pair.second)
                    for y in years
                ) and all(
                    self.figures.result(i).value != 1 for i in (pair.first, pair.second)
                ):  # "1 operations": a figure of 1 takes its own, singular, sentence
                    return pair
        return None

    @staticmethod
    def _reported(result: IndicatorResult) -> bool:
        return result.status is Status.REPORTED and result.value is not None

    def _compared_years(self, indicator_id: str) -> list[int]:
        indicator = self.figures.indicator(indicator_id)
        return [] if indicator.is_stock else self.figures.previous_years

    # -- one indicator -------------------------------------------------------------------------------------------

    def indicator_sentences(self, indicator_id: str) -> list[Sentence]:
        """The sentences of one indicator: by agency where the seed tells it so, then the whole, then details."""
        indicator = self.figures.indicator(indicator_id)
        out: list[Sentence] = []
        agencies = BY_AGENCY.get(indicator_id)
        if agencies and "agency" in indicator.breakdowns:
            by_agency = self.figures.result(indicator_id, by=("agency",))
            if by_agency.status is Status.REPORTED:
                for agency in indicator.sources or by_agency.categories.get("agency", []):
                    out.extend(self.agency_sentences(indicator, agency, agencies))
        out.append(self.single_sentence(indicator))
        if not agencies:
            detail = self.composition(indicator)
            if detail is not None:
                out.append(detail)
        return out

    def single_sentence(self, indicator: Indicator) -> Sentence:
        lang = self.lang
        result = self.figures.result(indicator.id)
        current = figure_ref(result, lang=lang)
        title = indicator.title(lang)
        if current.status is FigureStatus.NOT_AVAILABLE:
            return _sentence([f"{title}: ", current, _w("not_available_why", lang)])
        previous = self._previous(indicator, None, ())
        if current.status is not FigureStatus.REPORTED:
            merged, previous = self._merge_status(current, previous)
            years = (
                ""
                if indicator.is_stock
                else _w("for_years", lang).format(years=join([str(y) for y in merged.years], lang))
            )
            return _sentence([f"{title}: ", merged, years, *self._comparison(previous)])
        phrase = PHRASES.get(indicator.id) or _plain_phrase(indicator, lang)
        clause = self._with_agency(_clause_for(phrase, current, lang), indicator)
        if clause is None:  # the clause names the agencies, and nothing says what they are called
            clause = _clause_for(_plain_phrase(indicator, lang), current, lang)
        return _sentence(self._clause(clause, {"n": [current]}, indicator, previous))

    def agency_words(self, indicator: Indicator) -> str:
        """How the sentences name the agencies an indicator counts: the profile's words for the indicator, else the
        names of its sources; "" when neither says."""
        return indicator.agency_words(self.lang) or join(
            [self.labels.agency_name(code, self.lang) for code in indicator.sources], self.lang
        )

    def _with_agency(self, text: str, indicator: Indicator) -> str | None:
        """The text with ``{agency}`` filled (:meth:`agency_words`); ``None`` if it has the slot and no words."""
        if "{agency}" not in text:
            return text
        words = self.agency_words(indicator)
        return text.replace("{agency}", words) if words else None

    def agency_sentences(
        self, indicator: Indicator, agency: str, phrases: dict[str, Phrase]
    ) -> list[Sentence]:
        lang = self.lang
        result = self.figures.result(indicator.id, by=("agency",))
        current = agency_ref(result, agency, lang)
        previous = self._previous(indicator, agency, ("agency",))
        name = self.labels.agency_name(agency, lang)
        if current.status is not FigureStatus.REPORTED:
            merged, previous = self._merge_status(current, previous)
            years = _w("for_years", lang).format(years=join([str(y) for y in merged.years], lang))
            title = f"{indicator.title(lang)} ({name})"
            return [_sentence([f"{title}: ", merged, years, *self._comparison(previous)])]
        sector = str(self.labels.agencies.get(agency, {}).get("sector") or "")
        phrase = phrases.get(sector) or phrases["*"]
        clause = _clause_for(phrase, current, lang).replace("{agency}", name)
        out = [_sentence(self._clause(clause, {"n": [current]}, indicator, previous))]
        detail = self.composition(indicator, agency)
        if detail is not None:
            out.append(detail)
        return out

    def pair_sentence(self, pair: Pair) -> Sentence:
        lang = self.lang
        first, second = self.figures.indicator(pair.first), self.figures.indicator(pair.second)
        slots: dict[str, list[Fragment]] = {
            "n": [figure_ref(self.figures.result(first.id), lang=lang)],
            "m": [figure_ref(self.figures.result(second.id), lang=lang)],
        }
        template = self._with_agency(translated(pair.text, lang), first) or ""
        fragments = self._fill_year(template, slots, first)
        years = self._compared_years(first.id)
        if years:
            nouns = [PHRASES[first.id], PHRASES[second.id]]
            items: list[list[Fragment]] = []
            for year in years:
                item: list[Fragment] = []
                for i, (indicator, phrase) in enumerate(zip((first, second), nouns, strict=True)):
                    ref = figure_ref(self.figures.result(indicator.id, year), lang=lang)
                    if i:
                        item.append(word("and", lang))
                    noun = translated(phrase.noun, lang)
                    if ref.value == 1:
                        noun = translated(phrase.noun1, lang) or noun
                    item.extend(fill(noun, {"v": [ref]}))
                item.append(_w("in_year", lang).format(year=year))
                items.append(item)
            fragments += [_w("compared", lang), *_join_fragments(items, lang)]
        return _sentence(fragments)

    # -- comparisons ---------------------------------------------------------------------------------------------

    def _clause(
        self,
        clause: str,
        slots: dict[str, list[Fragment]],
        indicator: Indicator,
        previous: list[FigureRef],
    ) -> list[Fragment]:
        fragments = self._fill_year(clause, slots, indicator)
        if indicator.is_stock:
            fragments.append(_w("stock", self.lang))
        return fragments + self._comparison(previous)

    def _fill_year(
        self, template: str, slots: dict[str, list[Fragment]], indicator: Indicator
    ) -> list[Fragment]:
        year = str(self.figures.year)
        if "{year}" in template:
            return fill(template, {**slots, "year": [year]})
        if indicator.is_stock:
            return fill(template, slots)
        return [*fill(template, slots), _w("in_year", self.lang).format(year=year)]

    def _previous(
        self, indicator: Indicator, agency: str | None, by: tuple[str, ...]
    ) -> list[FigureRef]:
        refs: list[FigureRef] = []
        for year in self._compared_years(indicator.id):
            result = self.figures.result(indicator.id, year, by)
            if agency is None:
                refs.append(figure_ref(result, lang=self.lang))
            else:
                refs.append(agency_ref(result, agency, self.lang))
        return refs

    @staticmethod
    def _merge_status(
        current: FigureRef, previous: list[FigureRef]
    ) -> tuple[FigureRef, list[FigureRef]]:
        """Fold previous years with the same status as the current year into it: "not reported for 2020 and 2019"."""
        same = [p.year for p in previous if p.status is current.status]
        rest = [p for p in previous if p.status is not current.status]
        merged = FigureRef(
            current.indicator,
            current.year,
            current.by,
            current.key,
            current.status,
            current.value,
            current.text,
            tuple(same),
        )
        return merged, rest

    def _comparison(self, previous: list[FigureRef]) -> list[Fragment]:
        """ ", compared with 55 in 2019 and 74 in 2018 (not reported for 2017)"."""
        lang = self.lang
        out: list[Fragment] = []
        items: list[list[Fragment]] = [
            [p, _w("in_year", lang).format(year=p.year)]
            for p in previous
            if p.status is FigureStatus.REPORTED
        ]
        if items:
            out += [_w("compared", lang), *_join_fragments(items, lang)]
        groups: list[list[Fragment]] = []
        for status in (
            FigureStatus.NOT_REPORTED,
            FigureStatus.WITHHELD,
            FigureStatus.NOT_AVAILABLE,
            FigureStatus.NO_VALUE,
        ):
            years = [p for p in previous if p.status is status]
            if years:
                ref = FigureRef(
                    years[0].indicator,
                    years[0].year,
                    years[0].by,
                    years[0].key,
                    status,
                    None,
                    years[0].text,
                    tuple(p.year for p in years[1:]),
                )
                text = _w("for_years", lang).format(years=join([str(p.year) for p in years], lang))
                groups.append([ref, text])
        if groups:
            out.append(" (")
            for i, group in enumerate(groups):
                if i:
                    out.append("; ")
                out.extend(group)
            out.append(")")
        return out

    # -- composition ---------------------------------------------------------------------------------------------

    def composition(self, indicator: Indicator, agency: str | None = None) -> Sentence | None:
        """ "Of these, 411 were female and 59 male; 244 were children and 226 adults; …" (``None``: nothing to say)."""
        lang = self.lang
        dimensions = [d for d in DETAILS.get(indicator.id, ()) if d in indicator.breakdowns]
        if agency is not None and "agency" not in indicator.breakdowns:
            return None
        clauses: list[list[Fragment]] = []
        for dimension in dimensions:
            by = ("agency", dimension) if agency is not None else (dimension,)
            result = self.figures.result(indicator.id, by=by)
            if result.status is not Status.REPORTED:
                return None
            prefix: tuple[str | None, ...] = (agency,) if agency is not None else ()
            whole = result.cell(*prefix, None)
            if not whole:
                return None
            if agency is not None and agency in result.not_reported_by:
                return None
            shown: list[list[Fragment]] = []
            hidden = False
            for category in result.categories.get(dimension, []):
                key: CellKey = (*prefix, category)
                ref = figure_ref(result, key, lang)
                if ref.status is FigureStatus.WITHHELD:
                    hidden = True  # a published report does not list withheld categories one by one
                elif ref.value:
                    shown.append([ref, f" {self._composition_label(dimension, category)}"])
            if not shown:
                continue
            shown[0] = [shown[0][0], f" {_w('were', lang)}", *shown[0][1:]]
            clause: list[Fragment] = _join_fragments(shown, lang)
            if hidden:
                clause.append(_w("others_withheld", lang))
            clauses.append(clause)
        if not clauses:
            return None
        subject = translated(OF_THESE.get(indicator.id, OF_THESE["*"]), lang)
        fragments: list[Fragment] = [f"{subject}, "]
        for i, clause in enumerate(clauses):
            if i:
                fragments.append("; ")
            fragments.extend(clause)
        return _sentence(fragments)

    def _composition_label(self, dimension: str, category: str) -> str:
        names = COMPOSITION.get(dimension, {})
        found = names.get(category) or names.get("*")
        if found is None:
            return self.labels.category(dimension, category, self.lang).lower()
        return translated(found, self.lang).format(
            country=self.labels.country_name(self.lang),
            label=self.labels.category(dimension, category, self.lang),
        )


def agency_ref(result: IndicatorResult, agency: str, lang: str, *, cell: bool = False) -> FigureRef:
    """An agency's figure in a result broken down by agency first; an agency that sent nothing is *not reported*.

    The engine leaves a source agency that supplied nothing out of the categories (and lists it in
    ``not_reported_by``): its cell is not 0 but not reported.
    """
    key: CellKey = (agency, *([None] * (len(result.dimensions) - 1)))
    if result.status is Status.REPORTED and agency in result.not_reported_by:
        base = figure_ref(result, key, lang, cell=cell)
        text = word("not_reported_cell" if cell else "not_reported", lang)
        return FigureRef(
            base.indicator, base.year, base.by, key, FigureStatus.NOT_REPORTED, None, text
        )
    return figure_ref(result, key, lang, cell=cell)


def _join_fragments(items: list[list[Fragment]], lang: str) -> list[Fragment]:
    """Join lists of fragments as ``a, b and c`` / ``a, b y c``."""
    out: list[Fragment] = []
    for i, item in enumerate(items):
        if i:
            last = i == len(items) - 1
            out.append(word("and", lang) if last else ", ")
        out.extend(item)
    return out


def _clause_for(phrase: Phrase, figure: FigureRef, lang: str) -> str:
    """The phrase's clause, in the singular when the figure is 1 and the phrase has one."""
    if figure.value == 1:
        return translated(phrase.one, lang) or translated(phrase.text, lang)
    return translated(phrase.text, lang)


def _plain_phrase(indicator: Indicator, lang: str) -> Phrase:
    """The clause of an indicator this module has no words for: its title (in the language) and the figure."""
    return Phrase(text=f"{indicator.title(lang)}: {{n}}")
