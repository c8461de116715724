"""Console output shared by the subcommands."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING

from django.utils.translation import gettext as _
from rich.console import Console
from rich.progress import Progress, SpinnerColumn, TaskID, TextColumn, TimeElapsedColumn
from rich.table import Table

if TYPE_CHECKING:  # the CLI imports Django models only after django.setup()
    from kuska.profiles import InstallReport
    from kuska.registry.summary import TableSize

console = Console(highlight=False)

Step = Callable[[str, str], None]  # (step, what it is doing now)


def unoffered_language(code: str, offered: list[str]) -> str | None:
    """What a command says of a ``--lang`` that is not one of ``offered``; ``None`` when it is one."""
    if code in offered:
        return None
    return _("--lang {code}: not an offered language ({offered}).").format(
        code=code, offered=", ".join(offered)
    )


@contextmanager
def steps(on: Console) -> Iterator[Step]:
    """A progress display for work done in named steps, like ``kuska import``'s (rich): on a terminal, one line per
    step with a spinner and the time it has taken, gone when the work ends; on a pipe or in a file, nothing.

    The function it gives is called with a step's name and what it is doing; called again with the same name, it
    updates that step's line; a new name ends the step before.
    """
    columns = (SpinnerColumn(), TextColumn("{task.description}"), TimeElapsedColumn())
    shown: dict[str, TaskID] = {}
    with Progress(*columns, console=on, transient=True, disable=not on.is_terminal) as bar:

        def step(name: str, message: str) -> None:
            description = f"[bold]{name}[/bold] {message}"
            if name in shown:
                bar.update(shown[name], description=description)
                return
            for task in shown.values():
                bar.stop_task(task)
            shown[name] = bar.add_task(description, total=None)

        yield step


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
