"""Console output shared by the subcommands."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.utils.translation import gettext as _
from rich.console import Console
from rich.table import Table

if TYPE_CHECKING:  # the CLI imports Django models only after django.setup()
    from kuska.profiles import InstallReport
    from kuska.registry.summary import TableSize

console = Console(highlight=False)


def install_table(report: InstallReport) -> Table:
    table = Table(title=_("Country profile: {profile}").format(profile=report.profile))
    table.add_column("", justify="left")
    for column in (_("created"), _("updated"), _("unchanged")):
        table.add_column(column, justify="right")
    for name, count in report.tables.items():
        table.add_row(name, str(count.created), str(count.updated), str(count.unchanged))
    return table


def sizes_table(title: str, sizes: list[TableSize]) -> Table:
    table = Table(title=title)
    table.add_column(_("table"))
    table.add_column(_("rows"), justify="right")
    for size in sizes:
        table.add_row(size.label, str(size.rows))
    return table
