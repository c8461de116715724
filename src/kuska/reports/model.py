"""The report as plain data, before any format: sections of sentences, tables and charts.

Every number in a sentence or a table cell is a :class:`FigureRef`: the indicator, year, breakdown and cell it
comes from, its value and the text shown. The HTML renderer writes that provenance into ``data-`` attributes, the
XLSX renderer writes the value as a number, and the tests recompute each one with the engine.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from decimal import Decimal
from enum import StrEnum

CellKey = tuple[str | None, ...]


class FigureStatus(StrEnum):
    REPORTED = "reported"
    NOT_REPORTED = "not_reported"
    NOT_AVAILABLE = "not_available"
    NOT_APPLICABLE = "not_applicable"  # a filter of the dashboard cannot apply to the figure
    WITHHELD = "withheld"  # published report: suppressed by disclosure control
    NO_VALUE = "no_value"  # a median over no record: no value (never 0)


@dataclass(frozen=True)
class FigureRef:
    """One figure of the engine as the report shows it, with where it comes from."""

    indicator: str
    year: int
    by: tuple[str, ...]
    key: CellKey
    status: FigureStatus
    value: int | Decimal | None
    text: str
    more_years: tuple[
        int, ...
    ] = ()  # "not reported for 2019 and 2018": one status for several years

    @property
    def years(self) -> tuple[int, ...]:
        return (self.year, *self.more_years)

    @property
    def cell_code(self) -> str:
        """The cell key as text: categories separated by commas, ``*`` for "all" (``AGENCY,*``)."""
        return ",".join("*" if part is None else part for part in self.key)


Fragment = str | FigureRef


@dataclass
class Sentence:
    fragments: list[Fragment]

    @property
    def text(self) -> str:
        return "".join(f if isinstance(f, str) else f.text for f in self.fragments)

    @property
    def figures(self) -> list[FigureRef]:
        return [f for f in self.fragments if isinstance(f, FigureRef)]


@dataclass
class Paragraph:
    sentences: list[Sentence]
    kind: str = "paragraph"

    @property
    def text(self) -> str:
        return " ".join(s.text for s in self.sentences)


@dataclass
class Cell:
    """A table cell: its text, and the number behind it (``None`` for text, not reported or withheld)."""

    text: str
    value: int | Decimal | float | None = None
    figure: FigureRef | None = None
    percent: bool = False  # a share from 0 to 100


@dataclass
class Row:
    label: str
    cells: list[Cell]
    total: bool = False


@dataclass
class Table:
    id: str
    title: str
    corner: str  # the header of the row labels' column
    columns: list[str]
    rows: list[Row]
    notes: list[str] = field(default_factory=list)
    number: int = 0
    kind: str = "table"

    @property
    def figures(self) -> list[FigureRef]:
        return [c.figure for r in self.rows for c in r.cells if c.figure is not None]


@dataclass
class Chart:
    id: str
    title: str
    svg: str  # an inline <svg> element (vector, written by kuska.reports.svg)
    description: str  # the alternative text
    notes: list[str] = field(default_factory=list)
    figures: list[FigureRef] = field(default_factory=list)  # the figures drawn
    number: int = 0
    kind: str = "chart"


@dataclass
class ItemList:
    """A list of short texts (the annex of figures not reported)."""

    title: str
    items: list[str]
    kind: str = "list"


Block = Paragraph | Table | Chart | ItemList


@dataclass
class Part:
    """A titled part of a section (figures, charts, tables)."""

    id: str
    title: str
    blocks: list[Block]


@dataclass
class Section:
    id: str
    title: str
    intro: list[Paragraph] = field(default_factory=list)
    parts: list[Part] = field(default_factory=list)

    @property
    def blocks(self) -> list[Block]:
        return [*self.intro, *(b for p in self.parts for b in p.blocks)]


@dataclass
class Report:
    year: int
    lang: str
    public: bool
    years: list[int]
    title: str
    subtitle: str
    marking: str  # on every page: internal and confidential, or public version
    marking_note: str
    generated: datetime.datetime
    sections: list[Section]

    @property
    def tables(self) -> list[Table]:
        return [b for s in self.sections for b in s.blocks if isinstance(b, Table)]

    @property
    def charts(self) -> list[Chart]:
        return [b for s in self.sections for b in s.blocks if isinstance(b, Chart)]

    @property
    def sentences(self) -> list[Sentence]:
        return [
            sentence
            for s in self.sections
            for b in s.blocks
            if isinstance(b, Paragraph)
            for sentence in b.sentences
        ]

    @property
    def file_stem(self) -> str:
        """``kuska-report-2020-es`` (``-public`` for the published version)."""
        return f"kuska-report-{self.year}-{self.lang}" + ("-public" if self.public else "")
