"""``kuska stats``: figures out of the registry.

The command has modes; each one reads its own options and leaves the others alone:

- ``--year Y``: the indicators of the catalogue (``kuska/stats/indicators.toml``) for a calendar or TIP year,
  broken down by ``--by``, within ``--region`` and the filters ``--where DIM=CODE`` (any breakdown dimension, e.g.
  ``--where sex=female --where agency=POLICE``); ``--public`` applies disclosure control.
- ``--series NAME``: an aggregate series an agency published (e.g. ``mininter``), added up by ``--by``, with a
  grand total; ``--inconsistencies`` lists instead the groups whose published totals do not add up.

Output is a table, JSON (a list of objects) or CSV, so the same figures feed a person or a script.

For a user named by ``--as`` (:mod:`kuska.cli.actor`): the indicators need ``figures.exact``, or
``figures.public``, which gives the published figures as ``--public`` does (a line on standard error says so); the
series, which no disclosure control protects, need ``figures.exact``.
"""

from __future__ import annotations

import argparse
import csv
import json
import sys
from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Any

from django.utils.translation import gettext as _
from rich.table import Table

from kuska.cli import actor
from kuska.cli.output import console, unoffered_language
from kuska.cli.parser import translate
from kuska.files import neutralised
from kuska.i18n import gettext_noop

if TYPE_CHECKING:  # the CLI imports Django models only after django.setup()
    from kuska.stats.engine import IndicatorResult
    from kuska.stats.series import SeriesRow

HELP = gettext_noop(
    "Compute figures: the indicators for a year (--year 2020 [--by agency,sex] [--public]) "
    "or an aggregate series (--series mininter --by year)."
)

FORMATS = ("table", "json", "csv")
EXACT = "figures.exact"
PUBLIC = "figures.public"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--by",
        type=_dimensions,
        metavar="DIM[,DIM...]",
        help=gettext_noop(
            "break the figures down by these dimensions, nested in this order (indicators: agency, "
            "region, sex, age_band, age_group, age_band_general, nationality, nationality_group, "
            "exploitation; series: year, month, region, place, category, subcategory; default year)"
        ),
    )
    parser.add_argument(
        "--format",
        choices=FORMATS,
        default="table",
        help=gettext_noop("output format (default table)"),
    )
    indicators = parser.add_argument_group(
        gettext_noop("indicators (the catalogue, docs/indicators.md)")
    )
    indicators.add_argument(
        "--year", type=int, metavar="Y", help=gettext_noop("the year to compute")
    )
    indicators.add_argument(
        "--period",
        choices=("calendar", "tip"),
        default="calendar",
        help=gettext_noop(
            "calendar year, or TIP reporting year (1 April Y – 31 March Y+1); default calendar"
        ),
    )
    indicators.add_argument(
        "--indicator",
        action="append",
        type=_dimensions,
        metavar="ID",
        help=gettext_noop(
            "only this indicator (repeat it, or separate ids by commas); default: all"
        ),
    )
    indicators.add_argument(
        "--region",
        metavar="CODE",
        help=gettext_noop("only records of this region (its code in the profile)"),
    )
    indicators.add_argument(
        "--where",
        action="append",
        type=_filter,
        metavar="DIM=CODE",
        help=gettext_noop(
            "only what falls in this category of a breakdown dimension, e.g. sex=female, agency=POLICE (with "
            "the agencies below it), age_group=child, exploitation=sexual; repeat it for several dimensions; "
            "a figure that cannot be filtered so is 'not applicable'"
        ),
    )
    indicators.add_argument(
        "--public",
        action="store_true",
        help=gettext_noop(
            "published output: counts of people from 1 to 4 suppressed, and the cells that would give them "
            "away (counts of events, facilities and amounts are published as they are)"
        ),
    )
    indicators.add_argument(
        "--lang",
        metavar="CODE",
        help=gettext_noop(
            "language of the titles, e.g. es or en (default: the language the command speaks)"
        ),
    )
    series = parser.add_argument_group(gettext_noop("aggregate series"))
    series.add_argument(
        "--series",
        metavar="NAME",
        help=gettext_noop("an aggregate series, e.g. mininter (imported figures)"),
    )
    series.add_argument(
        "--subcategory",
        metavar="CODE",
        help=gettext_noop("the series' code to add up (mininter default: EM_EF_TOTAL, victims)"),
    )
    series.add_argument(
        "--inconsistencies",
        action="store_true",
        help=gettext_noop(
            "list the groups whose published totals differ from the sum of their parts (which total, by "
            "how much) instead of adding the series up"
        ),
    )
    actor.add_argument(parser)


def _filter(text: str) -> tuple[str, str]:
    dimension, equals, code = text.partition("=")
    if not equals or not dimension.strip() or not code.strip():
        raise argparse.ArgumentTypeError(
            translate(gettext_noop("expected DIM=CODE, e.g. sex=female"))
        )
    return dimension.strip(), code.strip()


def _dimensions(text: str) -> list[str]:
    return [name.strip() for name in text.split(",") if name.strip()]


def run(args: argparse.Namespace) -> int:
    from kuska.i18n import active_language, languages

    if args.lang is None:
        args.lang = active_language()
    elif (unoffered := unoffered_language(args.lang, languages())) is not None:
        console.print("[red]" + _("Error:") + "[/red] " + unoffered)
        return 2
    if args.series:
        refused = actor.refuse(args, EXACT)
        return run_series(args) if refused is None else refused
    if args.year is not None:
        refused = _published_unless_exact(args)
        return run_indicators(args) if refused is None else refused
    console.print(
        "[red]"
        + _("Say what to compute:")
        + "[/red] "
        + _("--year Y (the indicators) or --series NAME (e.g. mininter).")
    )
    return 2


def _published_unless_exact(args: argparse.Namespace) -> int | None:
    """The indicators for a user without ``figures.exact``: the published figures (``args.public`` set, and a line
    on standard error says why) if they hold ``figures.public``, else a refusal."""
    reader = actor.actor_of(args)
    if reader.user is None or reader.holds(EXACT):
        return None
    refused = actor.refuse(args, PUBLIC)
    if refused is None and not args.public:
        print(
            _(
                "Published figures: {user} does not hold figures.exact, so counts of people from 1 "
                "to 4 are withheld, as with --public."
            ).format(user=reader.user.email),
            file=sys.stderr,
        )
        args.public = True
    return refused


def run_indicators(args: argparse.Namespace) -> int:
    from kuska.registry.agencies import UnknownAgencyError
    from kuska.stats.catalogue import DIMENSIONS, CatalogueError
    from kuska.stats.disclosure import protect
    from kuska.stats.engine import StatsContext, check_where, compute_catalogue, filter_codes
    from kuska.stats.output import csv_header, csv_rows, to_json
    from kuska.stats.records import covered_to

    by: list[str] = args.by or []
    wanted = [i for group in args.indicator or [] for i in group]
    context = StatsContext.load()
    problems = [
        _("indicator {id!r} is not in the catalogue").format(id=i)
        for i in wanted
        if i not in context.catalogue
    ]
    problems += [
        _("{dimension!r} is not a breakdown ({dimensions})").format(
            dimension=d, dimensions=", ".join(DIMENSIONS)
        )
        for d in by
        if d not in DIMENSIONS
    ]
    where: dict[str, str] = {}
    for dimension, code in args.where or []:
        if where.get(dimension, code) != code:
            problems.append(
                _("--where {dimension}: one code only ({first} or {second})").format(
                    dimension=dimension, first=where[dimension], second=code
                )
            )
        where[dimension] = code
    if args.region is not None and where.get("region", args.region) != args.region:
        problems.append(
            _("--region {code} and --where region={other}: one region only").format(
                code=args.region, other=where["region"]
            )
        )
    region = where.pop("region", args.region)
    if region is not None and region not in context.region_codes:
        problems.append(_("region {code!r} is not in the loaded profile").format(code=region))
    for dimension, code in where.items():
        if dimension not in DIMENSIONS:
            problems.append(
                _("{dimension!r} is not a breakdown ({dimensions})").format(
                    dimension=dimension, dimensions=", ".join(DIMENSIONS)
                )
            )
        elif dimension == "agency":
            try:
                context.agencies.find(code)
            except UnknownAgencyError as exc:
                problems.append(exc.message())
        elif code not in filter_codes(dimension, context):
            codes = filter_codes(dimension, context)
            problems.append(
                _("{code!r} is not a code of {dimension} ({codes})").format(
                    code=code,
                    dimension=dimension,
                    codes=", ".join(codes[:15]) + (", …" if len(codes) > 15 else ""),
                )
            )
    if not problems:
        where = check_where(where, context)  # an agency by its code, whatever the case or alias
    for indicator_id in wanted:
        if indicator_id in context.catalogue:
            allowed = context.catalogue[indicator_id].breakdowns
            problems += [
                _("{id} cannot be broken down by {dimension!r} (it allows: {allowed})").format(
                    id=indicator_id, dimension=d, allowed=", ".join(allowed) or _("none")
                )
                for d in by
                if d in DIMENSIONS and d not in allowed
            ]
    if problems:
        for problem in problems:
            console.print("[red]" + _("Error:") + f"[/red] {problem}")
        return 2
    period = context.period(args.period, args.year)
    try:
        results = compute_catalogue(
            period,
            by,
            region,
            indicators=wanted or None,
            where=where,
            context=context,
        )
    except CatalogueError as exc:
        console.print(
            "[red]" + _("Error:") + f"[/red] {exc} " + _("(is the profile loaded? kuska init)")
        )
        return 2
    if args.public:
        results = [protect(result) for result in results]
    covered = covered_to(period)
    if covered is not None:
        warning = _(
            "{period} is not covered in full: the latest record is dated {date}, so its figures count "
            "the records up to that date only."
        ).format(period=period.label, date=covered.isoformat())
        if args.format == "table":
            console.print("[yellow]" + _("Warning:") + f"[/yellow] {warning}", soft_wrap=True)
        else:  # the output stays data: the warning goes to the error stream
            print(_("Warning:") + " " + warning, file=sys.stderr)
    if args.format == "json":
        objects = [to_json(r, args.lang, public=args.public) for r in results]
        if covered is not None:
            for item in objects:
                item["covered_to"] = covered.isoformat()
        sys.stdout.write(json.dumps(objects, ensure_ascii=False, indent=2) + "\n")
    elif args.format == "csv":
        writer = csv.DictWriter(sys.stdout, fieldnames=csv_header(by), lineterminator="\n")
        writer.writeheader()
        for result in results:
            writer.writerows(
                _neutralised(row) for row in csv_rows(result, by, args.lang, public=args.public)
            )
    else:
        for table in _indicator_tables(results, args.lang):
            console.print(table)
    return 0


def _indicator_tables(results: Sequence[IndicatorResult], lang: str) -> list[Table]:
    """The tables of the results, headers and all in ``lang`` (the titles' language), never two languages."""
    from django.utils import translation

    with translation.override(lang):
        return _tables_in_active_language(results, lang)


def _tables_in_active_language(results: Sequence[IndicatorResult], lang: str) -> list[Table]:
    from kuska.stats.output import ordered_cells, unit_label, value_text

    if not results:
        return []
    period = results[0].period.label
    plain = [r for r in results if not r.dimensions]
    tables: list[Table] = []
    if plain:
        table = Table(title=_("Indicators — {period}").format(period=period))
        for name, justify in (
            (_("indicator"), "left"),
            (_("title"), "left"),
            (_("unit"), "left"),
            (_("value"), "right"),
        ):
            table.add_column(name, justify=justify)  # type: ignore[arg-type]
        for result in plain:
            table.add_row(
                result.indicator.id,
                result.indicator.title(lang),
                unit_label(result, lang),
                value_text(result, result.total_key, lang),
            )
        tables.append(table)
    for result in results:
        if not result.dimensions:
            continue
        table = Table(
            title=f"{result.indicator.title(lang)} ({result.indicator.id}) — {period} — "
            f"{unit_label(result, lang)}"
        )
        for dimension in result.dimensions:
            table.add_column(dimension)
        table.add_column(_("value"), justify="right")
        for key in ordered_cells(result):
            table.add_row(*(part or _("total") for part in key), value_text(result, key, lang))
        tables.append(table)
    return tables


def run_series(args: argparse.Namespace) -> int:
    from kuska.stats.series import HEADLINE, SeriesError, series_by

    if args.inconsistencies:
        return run_inconsistencies(args)
    by: list[str] = args.by or ["year"]
    try:
        rows = series_by(args.series, by, subcategory=args.subcategory)
    except SeriesError as exc:
        console.print("[red]" + _("Error:") + f"[/red] {exc}")
        return 2
    if args.format == "json":
        sys.stdout.write(json.dumps(rows, ensure_ascii=False, indent=2) + "\n")
    elif args.format == "csv":
        _write_csv(rows, by)
    elif not rows:
        console.print(_("No data in series {series} (import its file).").format(series=args.series))
    else:
        code = args.subcategory or ("" if "subcategory" in by else HEADLINE.get(args.series, ""))
        title = _("Series {series} {code}").format(series=args.series, code=code).strip()
        table = _table(title, rows)
        if "subcategory" not in by:  # one code added up: the groups add up to a grand total
            _add_grand_total(table, rows, by)
        console.print(table)
    return 0


def _add_grand_total(table: Table, rows: Sequence[SeriesRow], by: Sequence[str]) -> None:
    """The last row: every group added up (blank when every count was blank: not reported, never 0)."""
    values = [row["value"] for row in rows if isinstance(row["value"], int)]
    total: dict[str, object] = {
        "value": sum(values) if values else None,
        "rows": sum(int(row["rows"] or 0) for row in rows),
        "not_reported": sum(int(row["not_reported"] or 0) for row in rows),
    }
    table.add_section()
    cells = [_("total") if i == 0 else "" for i in range(len(by))]
    cells += ["—" if total[name] is None else str(total[name]) for name in list(rows[0])[len(by) :]]
    table.add_row(*cells, style="bold")


def run_inconsistencies(args: argparse.Namespace) -> int:
    """``--series NAME --inconsistencies``: the groups whose totals do not add up, as stored."""
    from kuska.stats.series import SeriesError, inconsistencies

    try:
        found = inconsistencies(args.series)
    except SeriesError as exc:
        console.print("[red]" + _("Error:") + f"[/red] {exc}")
        return 2
    fields = [
        "year",
        "month",
        "department",
        "place",
        "prefix",
        "total_code",
        "total",
        "sum_of_details",
        "difference",
        "record_id",
    ]
    rows = [{name: getattr(item, name) for name in fields} for item in found]
    if args.format == "json":
        sys.stdout.write(json.dumps(rows, ensure_ascii=False, indent=2) + "\n")
        return 0
    if args.format == "csv":
        writer = csv.DictWriter(sys.stdout, fieldnames=fields, lineterminator="\n")
        writer.writeheader()
        writer.writerows(_neutralised(row) for row in rows)
        return 0
    title = _("Series {series}: {count} groups whose totals do not add up").format(
        series=args.series, count=len(found)
    )
    table = Table(title=title)
    for name, justify in (
        (_("group"), "left"),
        (_("total"), "left"),
        (_("published"), "right"),
        (_("sum of the parts"), "right"),
        (_("difference"), "right"),
    ):
        table.add_column(name, justify=justify)  # type: ignore[arg-type]
    for item in found:
        place = item.place or _("(department)")
        table.add_row(
            f"{item.year}-{item.month:02d} · {item.department} · {place}",
            item.total_code,
            str(item.total),
            str(item.sum_of_details),
            f"{item.difference:+d}",
        )
    console.print(table)
    return 0


def _write_csv(rows: Sequence[SeriesRow], by: Sequence[str]) -> None:
    fields = list(rows[0]) if rows else [*by, "value", "rows", "not_reported"]
    writer = csv.DictWriter(sys.stdout, fieldnames=fields, lineterminator="\n")
    writer.writeheader()
    writer.writerows(_neutralised(row) for row in rows)


def _neutralised(row: Mapping[str, Any]) -> dict[str, Any]:
    """A CSV row whose text cells start no formula when the output is opened in a spreadsheet."""
    return {name: neutralised(value) for name, value in row.items()}


def _table(title: str, rows: Sequence[SeriesRow]) -> Table:
    table = Table(title=title)
    for name in rows[0]:
        table.add_column(name, justify="left" if isinstance(rows[0][name], str) else "right")
    for row in rows:
        table.add_row(*("—" if value is None else str(value) for value in row.values()))
    return table
