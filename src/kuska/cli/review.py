"""``kuska review``: the pairs linkage was unsure about, and the reviewers' decisions (``docs/linkage.md``).

Lists the pending pairs without any identity value (agency, record id, match weight and which fields agree);
``--accept ID`` and ``--reject ID`` record a decision, which the next ``kuska link`` follows.
"""

from __future__ import annotations

import argparse
import getpass
import json
import sys
from dataclasses import asdict

from django.utils.translation import gettext as _
from django.utils.translation import pgettext
from rich.table import Table

from kuska.cli.output import console

HELP = (
    "List the pairs of records linkage was unsure about (no names shown) and record decisions: "
    "--accept ID (same person) or --reject ID (two people)."
)


def add_arguments(parser: argparse.ArgumentParser) -> None:
    action = parser.add_mutually_exclusive_group()
    action.add_argument("--accept", type=int, metavar="ID", help="the two records are one person")
    action.add_argument("--reject", type=int, metavar="ID", help="the two records are two people")
    parser.add_argument("--note", default="", metavar="TEXT", help="why (kept with the decision)")
    parser.add_argument(
        "--by", default="", metavar="NAME", help="who decides (default: the system user)"
    )
    parser.add_argument(
        "--limit", type=int, default=50, metavar="N", help="pairs listed (default 50)"
    )
    parser.add_argument(
        "--format", choices=("table", "json"), default="table", help="list format (default table)"
    )


def _user() -> str:
    try:
        return getpass.getuser()
    except (KeyError, OSError):
        return ""


def run(args: argparse.Namespace) -> int:
    from kuska.linkage.review import ReviewError, decide, pending

    if args.accept is not None or args.reject is not None:
        pair_id = args.accept if args.accept is not None else args.reject
        decision = "accept" if args.accept is not None else "reject"
        try:
            saved = decide(pair_id, decision, by=args.by or _user(), note=args.note)
        except ReviewError as exc:
            print(f"kuska review: {exc}", file=sys.stderr)
            return 1
        from kuska.audit.models import Action
        from kuska.audit.trail import cli_source, record_event

        # the decision, and the two records it is about by id (loading them would decrypt their identities); the
        # note is free text and stays out of the trail
        record_event(
            None,
            Action.LINKAGE_REVIEW,
            records=[saved],
            reason=(
                f"{saved.decision}: personrecord:{saved.record_l_id} personrecord:{saved.record_r_id}"
            ),
            source=cli_source(),
        )
        if decision == "accept":
            message = _(
                "Pair {pair} accepted; it applies from the next `kuska link` (records {left} and {right})."
            )
        else:
            message = _(
                "Pair {pair} rejected; it applies from the next `kuska link` (records {left} and {right})."
            )
        console.print(
            message.format(pair=pair_id, left=saved.record_l_id, right=saved.record_r_id),
            soft_wrap=True,
        )
        return 0

    pairs = pending(args.limit)
    if args.format == "json":
        print(json.dumps([asdict(p) for p in pairs], indent=2, ensure_ascii=False))
        return 0
    if not pairs:
        console.print(_("No pairs to review."))
        return 0
    table = Table(title=_("Pairs to review"), show_lines=True)
    probability = pgettext("the match probability, as a column heading", "p")
    for heading in (_("id"), _("record"), _("record"), _("weight"), probability, _("fields")):
        table.add_column(heading)
    for pair in pairs:
        fields = "\n".join(f"{name}: {_(level)}" for name, level in pair.agreement)
        table.add_row(
            str(pair.id),
            f"{pair.left.agency} {pair.left.source_record_id}\n({pair.left.role})",
            f"{pair.right.agency} {pair.right.source_record_id}\n({pair.right.role})",
            f"{pair.match_weight:.1f}",
            f"{pair.match_probability:.3f}",
            fields,
        )
    console.print(table)
    console.print("kuska review --accept ID | --reject ID")
    return 0
