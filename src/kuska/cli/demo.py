"""``kuska demo``: a fresh demonstration database, loaded with synthetic data, summarised and served."""

from __future__ import annotations

import argparse
import os
import shlex
import time
from decimal import Decimal
from pathlib import Path
from typing import TYPE_CHECKING

from django.utils.translation import gettext as _
from django.utils.translation import pgettext
from rich.table import Table

from kuska.cli.output import console, sizes_table
from kuska.i18n import gettext_noop

if TYPE_CHECKING:  # the CLI imports Django models only after django.setup()
    from kuska.stats.catalogue import Indicator, SeedFigure
    from kuska.stats.engine import IndicatorResult

NEEDS_DATABASE = False  # it makes its own database
HELP = gettext_noop(
    "Build a fresh demonstration database (SQLite, var/demo.sqlite3) with synthetic 2018–2020 data, show the "
    "2020 figures beside the report's, then serve it."
)

DEMO_DATABASE = "demo.sqlite3"
DEMO_DATA = "demo-data"
DEMO_SEED = 2021
DEMO_YEARS = (2018, 2019, 2020)
SHOWN_YEAR = 2020

# The figures the demo prints, in this order: (indicator, breakdown by agency?).
MAIN_INDICATORS = (
    ("police_operations", False),
    ("police_detentions", False),
    ("prosecutor_operations", False),
    ("prosecutor_detentions", False),
    ("suspects_prosecuted", False),
    ("traffickers_convicted", False),
    ("acquittals", False),
    ("sentences", False),
    ("officials_investigated", False),
    ("officials_prosecuted", False),
    ("victims_identified", True),
    ("victims_identified_other_sources", False),
    ("children_assisted", False),
    ("girls_referred_to_specialized_shelters", False),
    ("victims_assisted_udavit", False),
    ("victims_assisted_cem", False),
    ("residency_granted_foreign_victims", False),
    ("capacity_specialized_shelters", False),
    ("budget_mininter_dedicated", False),
    ("budget_pnp_units", False),
    ("unique_victims", False),
    ("agency_overlap", False),
)


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--no-serve", action="store_true", help=gettext_noop("stop after building the database")
    )
    parser.add_argument(
        "--host", default="127.0.0.1", help=gettext_noop("address to listen on (default 127.0.0.1)")
    )
    parser.add_argument("--port", type=int, default=8000, help=gettext_noop("port (default 8000)"))


def prepare(args: argparse.Namespace) -> None:
    """Point the settings at a fresh demo database before Django starts: the demo never touches real data.

    The demo runs in development mode (``KUSKA_DEBUG`` on unless set, local keys). With ``KUSKA_DEBUG=false``, as
    in production, nothing is touched here and :func:`run` refuses (it prints passwords and authenticator keys)."""
    from kuska.config.env import env_bool, var_dir
    from kuska.files import private_folder

    if not env_bool("KUSKA_DEBUG", default=True):
        return
    os.environ["KUSKA_DEBUG"] = "true"

    folder = private_folder(var_dir())
    path = folder / DEMO_DATABASE
    for suffix in ("", "-wal", "-shm"):
        path.with_name(path.name + suffix).unlink(missing_ok=True)
    os.environ["DATABASE_URL"] = f"sqlite:///{path}"


def run(args: argparse.Namespace) -> int:
    import sys

    from django.conf import settings

    from kuska.cli.init import initialise
    from kuska.cli.serve import serve
    from kuska.config.env import var_dir
    from kuska.registry.summary import record_sizes, reference_sizes

    if not settings.DEBUG:
        print(
            _(
                "kuska demo: refused with KUSKA_DEBUG=false: the demonstration prints its users' passwords and "
                "authenticator keys. Unset KUSKA_DEBUG or set KUSKA_DEBUG=true."
            ),
            file=sys.stderr,
        )
        return 2

    status = initialise()
    if status:
        return status
    console.print(sizes_table(_("Reference data"), reference_sizes()))
    status = load_synthetic(var_dir() / DEMO_DATA)
    if status:
        return status
    console.print(sizes_table(_("Records"), record_sizes()))
    link_persons()
    care_alerts(SHOWN_YEAR)
    users = (
        demo_users()
    )  # after the alerts: the demonstration's own alerts are not e-mailed to anyone
    console.print(figures_table(SHOWN_YEAR))
    from kuska.cli.report import write_demo_reports

    write_demo_reports(var_dir() / "reports")
    console.print(users)
    console.print(_("The README's commands work on this database after this line in the shell:"))
    console.print(shell_line(), soft_wrap=True, markup=False, highlight=False)
    if args.no_serve:
        return 0
    serve(args.host, args.port, threads=4)
    return 0


def shell_line() -> str:
    """The line that points the README's commands at the demo: its database, its folder (with its local keys) and
    development mode, as the demo set them."""
    from kuska.config.env import var_dir

    return (
        f"export KUSKA_DEBUG=true KUSKA_VAR_DIR={shlex.quote(str(var_dir().resolve()))} "
        f"DATABASE_URL={shlex.quote(os.environ['DATABASE_URL'])}"
    )


def demo_users() -> Table:
    """One user per role, from the profile's ``demo.toml``; the table of their e-mails, passwords and keys."""
    import tomllib

    from kuska.accounts.demo import create_demo_users
    from kuska.audit.trail import cli_source
    from kuska.profiles import country_file

    path = country_file("demo.toml")
    agencies = tomllib.loads(path.read_text(encoding="utf-8")).get("users", {})
    made = create_demo_users({str(r): str(a) for r, a in agencies.items()}, source=cli_source())
    table = Table(
        title=_("Demonstration users (sign in at /sign-in/)"),
        caption=_(
            "Add the key to an authenticator app (or: oathtool --totp -b KEY) for the roles that ask for a code."
        ),
    )
    for heading in (_("role"), _("agency"), _("e-mail"), _("password"), _("authenticator key")):
        table.add_column(heading, overflow="fold")
    for user in made:
        table.add_row(user.role, user.agency, user.email, user.password, user.secret or "—")
    return table


def link_persons() -> None:
    """Link the demo's person records across agencies, so unique victims and the overlap are shown too."""
    from kuska.linkage.pipeline import link

    started = time.perf_counter()
    run = link().run
    console.print(
        _("Linkage: {records} person records → {persons} unique persons ({seconds} s)").format(
            records=f"{run.records:,}",
            persons=f"{run.persons:,}",
            seconds=f"{time.perf_counter() - started:.1f}",
        ),
        soft_wrap=True,
    )


def care_alerts(year: int) -> None:
    """Open care cases for the victims the profile's demonstration care agency (``demo.toml`` ``[care]``) served in
    the last quarter of ``year``, then evaluate the alert catalogue as at the year's last minute, so the alerts
    pages and the report show what the synthetic data's gaps raise. It runs before the demonstration's users are
    made, so no alert is e-mailed (the console would print hundreds)."""
    import datetime
    import tomllib

    from django.utils import timezone

    from kuska.care.alerts import counts, evaluate
    from kuska.care.backfill import open_cases_for_records
    from kuska.care.referrals import agency_by_code
    from kuska.profiles import country_file

    path = country_file("demo.toml")
    code = str(tomllib.loads(path.read_text(encoding="utf-8")).get("care", {}).get("agency", ""))
    agency = agency_by_code(code) if code else None
    if agency is None:
        return  # a profile without a demonstration care agency: no cases, no alerts
    started = time.perf_counter()
    opened = open_cases_for_records(
        None,
        agency,
        served_from=datetime.date(year, 10, 1),
        served_to=datetime.date(year, 12, 31),
        source="cli:demo",
    )
    at = datetime.datetime(year, 12, 31, 23, 59, tzinfo=timezone.get_current_timezone())
    raised = evaluate(now=at, source="cli:demo")
    by_rule = ", ".join(f"{rule} {n['total']}" for rule, n in counts().items() if n["total"])
    console.print(
        _(
            "Care: {cases} cases opened at {agency}, {alerts} alerts raised ({rules}) ({seconds} s)"
        ).format(
            cases=len(opened),
            agency=agency.code,
            alerts=len(raised),
            rules=by_rule or "—",
            seconds=f"{time.perf_counter() - started:.1f}",
        ),
        soft_wrap=True,
    )


def load_synthetic(folder: Path) -> int:
    """Generate the demo's synthetic data into ``folder`` and submit every agency's files, one line per agency."""
    from kuska.intake.submit import SubmissionError, submit
    from kuska.synth import generate, write_dataset

    started = time.perf_counter()
    dataset = generate(DEMO_YEARS, seed=DEMO_SEED)
    counts = write_dataset(dataset, folder)
    console.print(
        _("Synthetic data {first}–{last}, seed {seed} ({seconds} s): {folder}").format(
            first=DEMO_YEARS[0],
            last=DEMO_YEARS[-1],
            seed=DEMO_SEED,
            seconds=f"{time.perf_counter() - started:.1f}",
            folder=folder,
        ),
        soft_wrap=True,
    )
    for agency in counts:
        started = time.perf_counter()
        try:
            report = submit(sorted((folder / agency).glob("*.csv")), agency)
        except SubmissionError as exc:
            console.print(f"[red]{agency}: {exc}[/red]")
            return 1
        rejected = report.total("rejected")
        colour = "red" if rejected else "green"
        read = _("{rows} rows read").format(rows=f"{report.total('rows_read'):>6}")
        refused = _("{rows} rejected").format(rows=rejected)
        seconds = _("({seconds} s)").format(seconds=f"{time.perf_counter() - started:.1f}")
        console.print(
            f"  {agency:<12} {read}, [{colour}]{refused}[/{colour}] {seconds}", soft_wrap=True
        )
    return 0


def figures_table(year: int) -> Table:
    """The main indicators for ``year`` beside the seed report's figures (n/r: not reported)."""
    from kuska.stats.engine import StatsContext, compute
    from kuska.stats.periods import Period

    context = StatsContext.load()
    table = Table(
        title=_("Figures for {year}: Kuska vs. TIP 2021").format(year=year),
        caption=_("{nr}: not reported; {na}: not available (record linkage)").format(
            nr=_not_reported(), na=_not_available()
        ),
    )
    table.add_column(_("indicator"))
    table.add_column("Kuska", justify="right")
    table.add_column("TIP 2021", justify="right")
    table.add_column("", justify="center")
    for indicator_id, by_agency in MAIN_INDICATORS:
        if indicator_id not in context.catalogue:
            continue
        indicator = context.catalogue[indicator_id]
        result = compute(
            indicator, Period.calendar(year), ("agency",) if by_agency else (), context=context
        )
        seed = _seed(indicator, year)
        shown, expected = _shown(result), _expected(seed)
        table.add_row(indicator.id, shown, expected, _mark(result, seed))
        if by_agency and seed is not None:
            for agency, value in result.breakdown().items():
                wanted = seed.breakdown.get(agency)
                if wanted is not None:
                    same = "✓" if value == wanted else "✗"
                    table.add_row(f"  {agency}", _number(value), _number(wanted), same)
    return table


def _not_reported() -> str:
    return pgettext("short for 'not reported' in a table cell", "n/r")


def _not_available() -> str:
    return pgettext("short for 'not available' in a table cell", "n/a")


def _seed(indicator: Indicator, year: int) -> SeedFigure | None:
    """The seed's total for the year (a figure with a value, or one not reported)."""
    for seed in indicator.seed:
        if seed.year == year and (seed.value is not None or seed.status == "not_reported"):
            return seed
    return None


def _number(value: object) -> str:
    if value is None:
        return "—"
    if isinstance(value, Decimal) and value == value.to_integral_value():
        value = int(value)
    if isinstance(value, int):
        return f"{value:,}".replace(",", " ")
    return str(value)


def _shown(result: IndicatorResult) -> str:
    from kuska.stats.engine import Status

    if result.status is Status.NOT_REPORTED:
        return _not_reported()
    if result.status is Status.NOT_AVAILABLE:
        return _not_available()
    return _number(result.value)


def _expected(seed: SeedFigure | None) -> str:
    if seed is None:
        return ""
    if seed.status == "not_reported":
        return _not_reported()
    prefix = "≥ " if seed.at_least else "≈ " if seed.approximate else ""
    return prefix + _number(seed.value)


def _mark(result: IndicatorResult, seed: SeedFigure | None) -> str:
    from kuska.stats.engine import Status

    if seed is None:
        return ""
    if seed.status == "not_reported":
        return "✓" if result.status is Status.NOT_REPORTED else "✗"
    value = result.value
    if value is None or seed.value is None:
        return "✗"
    if seed.at_least:
        return "✓" if value >= seed.value else "✗"
    return "✓" if value == seed.value else "✗"
