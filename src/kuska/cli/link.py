"""``kuska link``: link the person records of every agency into unique persons (``docs/linkage.md``).

The summary goes to standard error, and so does the progress of the steps, shown on a terminal only; ``--evaluate``
prints its JSON alone on standard output, so it can be piped.

For a user named by ``--as`` (:mod:`kuska.cli.actor`): linking needs ``linkage.run``; ``--export``, which writes a
line per person record, also needs ``records.view_all`` (every record) and is a ``records.export`` event naming
the run. Both are checked before anything runs.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from django.utils.translation import gettext as _
from rich.console import Console
from rich.table import Table

from kuska.cli import actor
from kuska.cli.output import steps
from kuska.cli.parser import translate
from kuska.i18n import gettext_noop

HELP = gettext_noop(
    "Link person records across agencies into unique persons (Splink); "
    "--export PATH writes agency, record id and person id; --evaluate TRUTH scores the result."
)

progress_console = Console(stderr=True, highlight=False)

RUN = "linkage.run"
VIEW_ALL = "records.view_all"


def _probability(text: str) -> float:
    value = float(text)
    if not 0 < value < 1:
        raise argparse.ArgumentTypeError(
            translate(gettext_noop("a probability strictly between 0 and 1"))
        )
    return value


def add_arguments(parser: argparse.ArgumentParser) -> None:
    from kuska.linkage import BACKENDS, REVIEW_FROM, THRESHOLD

    parser.add_argument(
        "--backend",
        choices=BACKENDS,
        default="duckdb",
        help=gettext_noop(
            "where Splink runs: duckdb (in this process, default) or spark (needs pip install -e '.[spark]')"
        ),
    )
    parser.add_argument(
        "--model",
        type=Path,
        metavar="PATH",
        help=gettext_noop(
            "load this saved model (a run's JSON file) instead of training one on the records"
        ),
    )
    parser.add_argument(
        "--model-dir",
        type=Path,
        metavar="DIR",
        help=gettext_noop("where each run's model is saved as JSON (default: var/linkage)"),
    )
    parser.add_argument(
        "--threshold",
        type=_probability,
        default=THRESHOLD,
        metavar="P",
        help=gettext_noop(
            "match probability at or above which two records are one person (default %(default)s)"
        ),
    )
    parser.add_argument(
        "--review-from",
        type=_probability,
        default=REVIEW_FROM,
        metavar="P",
        help=gettext_noop(
            "pairs from this probability up to the threshold go to review (default %(default)s)"
        ),
    )
    parser.add_argument(
        "--export",
        type=Path,
        metavar="PATH",
        help=gettext_noop(
            "write a CSV of agency, source_record_id, person_id for every person record"
        ),
    )
    parser.add_argument(
        "--evaluate",
        type=Path,
        metavar="TRUTH",
        help=gettext_noop(
            "score the persons found against a truth file (CSV agency, source_record_id, truth_id, "
            "optionally noise) and print pairwise and B-cubed precision, recall and F1, the recall by kind of "
            "noise and the levels the false links reached, as JSON"
        ),
    )
    actor.add_argument(parser)


def run(args: argparse.Namespace) -> int:
    from kuska.linkage.backends import BackendUnavailableError
    from kuska.linkage.model import ModelMismatchError
    from kuska.linkage.pipeline import STEPS, LinkOptions, link
    from kuska.linkage.results import (
        TruthFileError,
        evaluate_run,
        export,
        read_noise,
        read_truth,
    )

    refused = actor.refuse(args, RUN, *([VIEW_ALL] if args.export is not None else []))
    if refused is not None:
        return refused
    linker = actor.actor_of(args)
    truth = None
    noise = None
    try:
        if args.evaluate is not None:
            truth = read_truth(args.evaluate)
            noise = read_noise(args.evaluate)
        options = LinkOptions(
            backend=args.backend,
            model_path=args.model,
            threshold=args.threshold,
            review_from=min(args.review_from, args.threshold),
            model_dir=args.model_dir,
        )
        with steps(progress_console) as step:
            report = link(options, progress=lambda name, message: step(str(STEPS[name]), message))
    except (
        OSError,
        TruthFileError,
        ModelMismatchError,
        BackendUnavailableError,
        ValueError,
    ) as exc:
        print(f"kuska link: {exc}", file=sys.stderr)
        return 1

    linked = report.run
    from kuska.audit.models import Action
    from kuska.audit.trail import record_event

    record_event(linker.user, Action.LINKAGE_RUN, records=[linked], source=linker.source)
    table = Table(
        title=_("kuska link — run {run} ({backend})").format(run=linked.pk, backend=linked.backend)
    )
    table.add_column("")
    table.add_column("", justify="right")
    table.add_row(_("person records"), f"{linked.records:,}")
    table.add_row(_("unique persons"), f"{linked.persons:,}")
    table.add_row(_("pairs linked"), f"{linked.pairs_linked:,}")
    table.add_row(_("pairs to review"), f"{linked.pairs_in_review:,}")
    table.add_row(_("decisions applied"), f"{linked.decisions_applied:,}")
    table.add_row(_("model"), report.model_source)
    table.add_row(_("model file"), linked.model_file)
    table.add_row(_("threshold"), f"{linked.threshold}")
    table.add_row(_("seconds"), f"{linked.seconds or 0:.1f}")
    progress_console.print(table)

    if args.export is not None:
        rows = export(linked, args.export)
        # the run names the records written (its person records); the file's name and size, not its contents
        record_event(
            linker.user,
            Action.RECORDS_EXPORT,
            records=[linked],
            reason=f"{rows} rows: {args.export.name}",
            source=linker.source,
        )
        progress_console.print(
            _("Exported: {rows} rows → {path}").format(rows=f"{rows:,}", path=args.export)
        )
    if truth is not None:
        print(json.dumps(evaluate_run(linked, truth, noise).as_dict(), indent=2))
    return 0
