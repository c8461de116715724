"""The report as one self-contained HTML file (inline CSS and SVG: nothing fetched), also the PDF's source.

Every figure is a ``<span class="figure">`` (in a sentence) or a ``<td class="figure">`` (in a table) that carries
where it comes from — ``data-indicator``, ``data-year``, ``data-by``, ``data-cell``, ``data-status`` — so a reader's
tool, or a test, can recompute it with ``kuska stats``.

The print style (used by WeasyPrint for the PDF) adds the title page, the table of contents with page numbers,
page numbers, and the marking (internal and confidential, or public version) at the top of every page.
"""

from __future__ import annotations

from django.template import Context, Engine
from django.utils.html import escape, format_html
from django.utils.safestring import SafeString, mark_safe

from kuska import __version__
from kuska.reports.model import Cell, FigureRef, Report, Sentence, Table
from kuska.reports.text import word

_ENGINE = Engine(autoescape=True)

TEMPLATE = """<!DOCTYPE html>
<html lang="{{ report.lang }}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{{ report.title }} — {{ report.year }}</title>
<meta name="generator" content="Kuska {{ version }}">
<style>{{ css }}</style>
</head>
<body class="{% if report.public %}public{% else %}internal{% endif %}">
<div class="marking screen" role="note">{{ report.marking }}</div>
<header class="title-page">
  <p class="marking-big">{{ report.marking }}</p>
  <p class="commission">{{ commission }}</p>
  <h1>{{ report.title }}</h1>
  <p class="subtitle">{{ report.subtitle }}</p>
  <p class="marking-note">{{ report.marking_note }}</p>
  <p class="generated">{{ generated }}</p>
</header>
<nav class="toc" aria-labelledby="toc-title">
  <h2 id="toc-title">{{ contents }}</h2>
  <ol>
  {% for section in sections %}
    <li class="toc-section"><a href="#{{ section.id }}">{{ section.title }}</a>
    {% if section.parts|length > 1 %}
      <ol>{% for part in section.parts %}<li><a href="#{{ part.id }}">{{ part.title }}</a></li>{% endfor %}</ol>
    {% endif %}
    </li>
  {% endfor %}
  </ol>
</nav>
<main>
{% for section in sections %}
<section class="section" id="{{ section.id }}">
  <h2>{{ section.title }}</h2>
  {% for block in section.intro %}{{ block }}{% endfor %}
  {% for part in section.parts %}
  <div class="part" id="{{ part.id }}">
    {% if section.parts|length > 1 %}<h3>{{ part.title }}</h3>{% endif %}
    {% for block in part.blocks %}{{ block }}{% endfor %}
  </div>
  {% endfor %}
</section>
{% endfor %}
</main>
<footer class="marking screen" role="note">{{ report.marking }} — {{ report.marking_note }}</footer>
</body>
</html>
"""

SHORT_TABLE_ROWS = 12  # a table this long or shorter is never split across pages
EVEN_COLUMNS = 4  # a table of up to this many figure columns gives them equal widths

CSS = """
:root { --ink: #222; --accent: #1f4e79; --muted: #666; --line: #d9d9d9; --mark: #a4161a; }
html { font-family: "DejaVu Sans", "Helvetica Neue", Arial, sans-serif; font-size: 10pt; color: var(--ink); }
body { max-width: 180mm; margin: 0 auto; padding: 0 6mm 10mm; line-height: 1.45; }
body.public { --mark: #1f4e79; }
h1 { font-size: 22pt; color: var(--accent); margin: 0 0 4mm; line-height: 1.2; }
h2 { font-size: 15pt; color: var(--accent); border-bottom: 1.5pt solid var(--accent); padding-bottom: 1mm;
     margin: 9mm 0 3mm; }
h3 { font-size: 11.5pt; color: var(--accent); margin: 6mm 0 2mm; }
p { margin: 0 0 2.5mm; text-align: left; }
.marking { background: var(--mark); color: #fff; text-align: center; font-weight: bold; letter-spacing: .06em;
           padding: 1.5mm 2mm; font-size: 8.5pt; }
div.marking { position: sticky; top: 0; z-index: 1; }
footer.marking { margin-top: 8mm; font-weight: normal; letter-spacing: 0; }
.title-page { padding: 12mm 0 8mm; }
.title-page .commission { font-size: 11pt; color: var(--muted); margin-bottom: 10mm; }
.title-page .subtitle { font-size: 15pt; margin-bottom: 12mm; }
.title-page .marking-big { display: inline-block; border: 2pt solid var(--mark); color: var(--mark);
                           font-weight: bold; letter-spacing: .08em; padding: 1.5mm 4mm; margin-bottom: 14mm; }
.title-page .marking-note { font-size: 9pt; color: var(--mark); max-width: 130mm; }
.title-page .generated { font-size: 8.5pt; color: var(--muted); }
nav.toc ol { list-style: none; padding-left: 0; margin: 0; }
nav.toc ol ol { padding-left: 6mm; margin-bottom: 1.5mm; }
nav.toc li.toc-section > a { font-weight: bold; }
nav.toc li { margin: .8mm 0; }
nav.toc a { color: inherit; text-decoration: none; }
.figure { font-weight: 600; }
.figure.not_reported, .figure.not_available, .figure.withheld { font-weight: normal; font-style: italic;
                                                               color: #7a3b00; }
table { border-collapse: collapse; width: 100%; font-size: 8.5pt; margin: 0 0 1.5mm; }
table.even { table-layout: fixed; }
caption { caption-side: top; text-align: left; font-weight: bold; color: var(--accent); font-size: 9.5pt;
          padding: 0 0 1.5mm; }
th, td { border-bottom: .5pt solid var(--line); padding: 1mm 1.6mm; vertical-align: top; }
thead th { background: #eaf0f7; border-bottom: 1pt solid #9fb3c8; font-weight: bold; text-align: right;
           vertical-align: bottom; }
thead th.corner, thead th.text, tbody th { text-align: left; }
tbody th { font-weight: normal; }
tbody th.nowrap { white-space: nowrap; }
td.num { text-align: right; white-space: nowrap; font-variant-numeric: tabular-nums; }
td.text { text-align: left; }
td.not_reported, td.not_available, td.withheld { color: #7a3b00; font-style: italic; font-weight: normal; }
td.figure { font-weight: normal; }
tr.total th, tr.total td { font-weight: bold; border-top: 1pt solid #888; }
.table-block, figure.chart { margin: 4mm 0 6mm; }
.notes { font-size: 7.5pt; color: var(--muted); margin: 0; }
.notes p { margin: 0 0 .6mm; }
figure.chart { margin-left: 0; margin-right: 0; }
figure.chart figcaption { font-weight: bold; color: var(--accent); font-size: 9.5pt; margin-bottom: 1.5mm; }
figure.chart svg { width: 100%; height: auto; display: block; }
figure.chart#c-region-map svg { width: 64%; }  /* a tall map: narrower, so it fits beside the text before it */

@media print {
  @page {
    size: A4;
    margin: 20mm 17mm 17mm 17mm;
    @top-center { content: "%(marking)s"; font-family: "DejaVu Sans"; font-size: 7.5pt; font-weight: bold;
                  letter-spacing: .06em; color: %(mark)s; }
    @bottom-left { content: "%(running)s"; font-family: "DejaVu Sans"; font-size: 7pt; color: #666; }
    @bottom-right { content: "%(page)s " counter(page) " %(of)s " counter(pages); font-family: "DejaVu Sans";
                    font-size: 7pt; color: #666; }
  }
  @page :first { @bottom-left { content: none; } @bottom-right { content: none; } }
  html { font-size: 9.5pt; }
  body { max-width: none; margin: 0; padding: 0; }
  .marking.screen { display: none; }
  .title-page { break-after: page; padding-top: 40mm; }
  nav.toc { margin-bottom: 8mm; }
  nav.toc a::after { content: leader(".") " " target-counter(attr(href), page); }
  /* sections and tables flow on: a page is left part-empty only where a chart or a short table would not fit */
  h2, h3, caption, figcaption { break-after: avoid; }
  h2 + .part, h3 + .table-block, h3 + figure.chart { break-before: avoid; }
  thead { display: table-header-group; }
  tr { break-inside: avoid; }
  tr.total { break-before: avoid; }
  .table-block.short table { break-inside: avoid; }
  figure.chart { break-inside: avoid; }
  .notes { break-before: avoid; }
}
"""


def render_html(report: Report) -> str:
    """The report as a standalone HTML document."""
    sections = [
        {
            "id": section.id,
            "title": section.title,
            "intro": [_block_html(b, report) for b in section.intro],
            "parts": [
                {"id": p.id, "title": p.title, "blocks": [_block_html(b, report) for b in p.blocks]}
                for p in section.parts
            ],
        }
        for section in report.sections
    ]
    css = CSS
    for name, value in {
        "marking": _css_string(report.marking),
        "mark": "#1f4e79" if report.public else "#a4161a",
        "running": _css_string(f"{report.title} — {report.year}"),
        "page": _css_string(word("page", report.lang)),
        "of": _css_string(word("of", report.lang)),
    }.items():
        css = css.replace(f"%({name})s", value)
    context = Context(
        {
            "report": report,
            "sections": sections,
            "css": mark_safe(css),  # noqa: S308 — built here from the report's own words, quoted for CSS
            "version": __version__,
            "commission": word("commission", report.lang),
            "contents": word("contents", report.lang),
            "generated": word(
                "generated",
                report.lang,
                date=report.generated.strftime("%Y-%m-%d %H:%M"),
                version=__version__,
            ),
        }
    )
    return _ENGINE.from_string(TEMPLATE).render(context)


def _css_string(text: str) -> str:
    return text.replace("\\", "\\\\").replace('"', '\\"')


def _block_html(block: object, report: Report) -> SafeString:
    from kuska.reports.model import Chart, ItemList, Paragraph

    if isinstance(block, Paragraph):
        inner = " ".join(sentence_html(s) for s in block.sentences)
        return format_html("<p>{}</p>", mark_safe(inner))  # noqa: S308 — escaped parts
    if isinstance(block, Table):
        return table_html(block, report)
    if isinstance(block, Chart):
        notes = "".join(format_html("<p>{}</p>", n) for n in block.notes)
        return format_html(
            '<figure class="chart" id="{}" role="group" aria-label="{}">'
            "<figcaption>{} {}. {}</figcaption>{}"
            '<div class="notes">{}</div></figure>',
            block.id,
            block.description,
            word("chart", report.lang),
            block.number,
            block.title,
            mark_safe(block.svg),  # noqa: S308 — written by kuska.reports.svg, its texts escaped
            mark_safe(notes),  # noqa: S308 — escaped above
        )
    if isinstance(block, ItemList):
        items = "".join(format_html("<li>{}</li>", i) for i in block.items)
        return format_html("<h4>{}</h4><ul>{}</ul>", block.title, mark_safe(items))  # noqa: S308
    raise TypeError(f"unknown block {block!r}")


def _data(ref: FigureRef) -> SafeString:
    return format_html(
        'data-indicator="{}" data-year="{}" data-by="{}" data-cell="{}" data-status="{}"',
        ref.indicator,
        " ".join(str(y) for y in ref.years),
        ",".join(ref.by),
        ref.cell_code,
        ref.status.value,
    )


def sentence_html(sentence: Sentence) -> str:
    parts: list[str] = []
    for fragment in sentence.fragments:
        if isinstance(fragment, str):
            parts.append(escape(fragment))
        else:
            parts.append(
                format_html(
                    '<span class="figure {}" {}>{}</span>',
                    fragment.status.value,
                    _data(fragment),
                    fragment.text,
                )
            )
    return "".join(parts)


def _cell_html(cell: Cell) -> SafeString:
    if cell.figure is not None:
        return format_html(
            '<td class="num figure {}" {}>{}</td>',
            cell.figure.status.value,
            _data(cell.figure),
            cell.text,
        )
    kind = "num" if cell.value is not None or cell.text == "—" else "text"
    return format_html('<td class="{}">{}</td>', kind, cell.text)


def table_html(table: Table, report: Report) -> SafeString:
    numeric = [
        any(
            r.cells[i].figure is not None or r.cells[i].value is not None
            for r in table.rows
            if i < len(r.cells)
        )
        or not table.rows
        for i in range(len(table.columns))
    ]
    head = "".join(
        format_html('<th scope="col" class="{}">{}</th>', "num" if n else "text", c)
        for c, n in zip(table.columns, numeric, strict=True)
    )
    body = "".join(
        format_html(
            '<tr{}><th scope="row"{}>{}</th>{}</tr>',
            mark_safe(' class="total"') if row.total else "",
            mark_safe(' class="nowrap"') if len(row.label) <= 24 else "",
            row.label,
            mark_safe("".join(_cell_html(c) for c in row.cells)),  # noqa: S308 — escaped cells
        )
        for row in table.rows
    )
    # a table of a few figure columns gives them equal widths (a sixth each at most) and the row labels the
    # rest; a wider table, or one with text columns, is laid out by its content
    even = all(numeric) and 0 < len(table.columns) <= EVEN_COLUMNS
    share = min(16.0, 70.0 / max(len(table.columns), 1))
    columns = (
        format_html(
            '<colgroup><col class="label" style="width: {}%">{}</colgroup>',
            f"{100 - share * len(table.columns):.2f}",
            mark_safe(  # noqa: S308 — numbers formatted here
                "".join(f'<col style="width: {share:.2f}%">' for _ in table.columns)
            ),
        )
        if even
        else ""
    )
    notes = "".join(format_html("<p>{}</p>", n) for n in table.notes)
    # a short table moves whole to the next page rather than split; a longer one splits, its header repeated
    size = "short" if len(table.rows) <= SHORT_TABLE_ROWS else "long"
    return format_html(
        '<div class="table-block {}" id="{}"><table{}><caption>{} {}. {}</caption>{}'
        '<thead><tr><th scope="col" class="corner">{}</th>{}</tr></thead><tbody>{}</tbody></table>'
        '<div class="notes">{}</div></div>',
        size,
        table.id,
        mark_safe(' class="even"') if even else "",
        word("table", report.lang),
        table.number,
        table.title,
        columns,
        table.corner,
        mark_safe(head),  # noqa: S308 — escaped above
        mark_safe(body),  # noqa: S308 — escaped above
        mark_safe(notes),  # noqa: S308 — escaped above
    )
