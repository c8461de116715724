"""What ``kuska import FILE --format mininter`` adds to the import's summary: the file's totals checked.

The rows are imported like any other file's (counts, rejected rows, ``--errors``); the MININTER file also
publishes totals beside their details, and a data officer checking the import against the file needs to know
which of them do not add up, how many counts were left blank and how many rows have no region.
"""

from __future__ import annotations

from pathlib import Path

from django.utils.translation import gettext as _
from rich.table import Table

from kuska.cli.output import console
from kuska.intake.mininter import MininterFindings

EXAMPLES = 5  # inconsistent groups shown per file


def findings_table(findings: MininterFindings) -> Table:
    """The file's counts a data officer checks against the publication."""
    table = Table(title=f"MININTER: {findings.file_name}", show_header=False)
    table.add_column("")
    table.add_column("", justify="right")
    for label, count in (
        (_("rows with a readable count"), findings.rows),
        (_("total and sub-total rows recognized"), findings.total_rows),
        (_("blank counts (not reported)"), findings.blank_values),
        (_("rows without a region (Lima, no province)"), findings.rows_without_region),
        (_("groups whose totals were checked"), findings.groups_checked),
        (_("groups whose totals do not add up"), findings.inconsistent_groups),
    ):
        table.add_row(label, str(count))
    return table


def print_findings(paths: list[Path]) -> None:
    """Check every file's totals and print what was found, with a few groups that do not add up."""
    from kuska.intake.mininter import check_file

    for path in paths:
        findings = check_file(path)
        console.print(findings_table(findings))
        if not findings.inconsistencies:
            continue
        examples = Table(title=_("Totals that do not add up (examples)"))
        for column in (_("group"), _("row"), _("total"), _("sum of the details")):
            examples.add_column(column)
        for found in findings.inconsistencies[:EXAMPLES]:
            examples.add_row(
                f"{found.group} ({found.total_code})",
                str(found.row),
                str(found.expected_total),
                str(found.sum_of_details),
            )
        console.print(examples)
