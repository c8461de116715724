"""``kuska review``: the pairs linkage was unsure about, and the reviewers' decisions (``docs/linkage.md``).

Lists the pending pairs without any identity value (agency, record id, match weight and which fields agree);
``--accept ID`` and ``--reject ID`` record a decision, which the next ``kuska link`` follows.

Both need ``linkage.review`` of the user named by ``--as`` (:mod:`kuska.cli.actor`); the decision is then that
user's (their e-mail address is its ``decided_by``). Without a user, ``--by NAME`` says who decided (default: the
operating-system account).
"""

from __future__ import annotations

import argparse
import getpass
import json
import sys
from dataclasses import asdict
from typing import TYPE_CHECKING

from django.utils.translation import gettext as _
from django.utils.translation import pgettext
from rich.table import Table

from kuska.cli import actor
from kuska.cli.output import console
from kuska.i18n import gettext_noop

if TYPE_CHECKING:  # the CLI imports Django models only after django.setup()
    from kuska.linkage.review import RecordRef

HELP = gettext_noop(
    "List the pairs of records linkage was unsure about (no names shown) and record decisions: "
    "--accept ID (same person) or --reject ID (two people)."
)


def add_arguments(parser: argparse.ArgumentParser) -> None:
    action = parser.add_mutually_exclusive_group()
    action.add_argument(
        "--accept", type=int, metavar="ID", help=gettext_noop("the two records are one person")
    )
    action.add_argument(
        "--reject", type=int, metavar="ID", help=gettext_noop("the two records are two people")
    )
    parser.add_argument(
        "--note", default="", metavar="TEXT", help=gettext_noop("why (kept with the decision)")
    )
    parser.add_argument(
        "--by",
        default="",
        metavar="NAME",
        help=gettext_noop(
            "who decides, when no user is given with --as (default: the operating-system account)"
        ),
    )
    parser.add_argument(
        "--limit", type=int, default=50, metavar="N", help=gettext_noop("pairs listed (default 50)")
    )
    parser.add_argument(
        "--format",
        choices=("table", "json"),
        default="table",
        help=gettext_noop("list format (default table)"),
    )
    actor.add_argument(parser)


def _user() -> str:
    try:
        return getpass.getuser()
    except (KeyError, OSError):
        return ""


REVIEW = "linkage.review"


def shown_probability(probability: float) -> str:
    """A match probability as the queue shows it (:func:`kuska.linkage.review.shown_probability`)."""
    from kuska.linkage.review import shown_probability as shown

    return shown(probability)


def _record(ref: RecordRef) -> str:
    return f"{ref.agency} {ref.source_record_id}"


def _record_cell(ref: RecordRef) -> str:
    from kuska.linkage.review import ROLES

    return f"{ref.agency}\n{ref.source_record_id}\n({ROLES.get(ref.role, ref.role)})"


def run(args: argparse.Namespace) -> int:
    from kuska.linkage.review import COMPARISONS, ReviewError

    refused = actor.refuse(args, REVIEW)
    if refused is not None:
        return refused
    reviewer = actor.actor_of(args)
    if args.accept is not None or args.reject is not None:
        if reviewer.user is not None and args.by:
            print(
                "kuska review: "
                + _("--by names who decides only without --as: the decision is {user}'s").format(
                    user=reviewer.user.email
                ),
                file=sys.stderr,
            )
            return actor.REFUSED
        by = reviewer.user.email if reviewer.user is not None else args.by or _user()
        pair_id = args.accept if args.accept is not None else args.reject
        decision = "accept" if args.accept is not None else "reject"
        from kuska.access import decide_pair

        try:
            decided = decide_pair(
                reviewer.user, pair_id, decision, by=by, note=args.note, source=reviewer.source
            )
        except ReviewError as exc:
            print(f"kuska review: {exc}", file=sys.stderr)
            return 1
        if decided.unchanged and decision == "accept":
            message = _(
                "Pair {pair} was already accepted (records {left} and {right}); nothing changed."
            )
        elif decided.unchanged:
            message = _(
                "Pair {pair} was already rejected (records {left} and {right}); nothing changed."
            )
        elif decision == "accept":
            message = _(
                "Pair {pair} accepted; it applies from the next `kuska link` (records {left} and {right})."
            )
        else:
            message = _(
                "Pair {pair} rejected; it applies from the next `kuska link` (records {left} and {right})."
            )
        console.print(
            message.format(pair=pair_id, left=_record(decided.left), right=_record(decided.right)),
            soft_wrap=True,
        )
        if decided.previous and not decided.unchanged:
            replaced = _("It replaces the earlier decision on these two records.")
            console.print(replaced, soft_wrap=True)
        return 0

    from kuska.access import review_queue

    pairs = review_queue(reviewer.user, args.limit, source=reviewer.source)
    if args.format == "json":
        print(json.dumps([asdict(p) for p in pairs], indent=2, ensure_ascii=False))
        return 0
    if not pairs:
        console.print(_("No pairs to review."))
        return 0
    table = Table(title=_("Pairs to review"), show_lines=True)
    probability = pgettext("the match probability, as a column heading", "p")
    # a record id is shown whole, however narrow the terminal: the agency on its own line, and the fields' column
    # wraps instead
    table.add_column(_("id"), no_wrap=True)
    for _side in range(2):
        table.add_column(_("record"), no_wrap=True)
    table.add_column(_("weight"), justify="right", no_wrap=True)
    table.add_column(probability, justify="right", no_wrap=True)
    table.add_column(_("fields"), overflow="fold")
    for pair in pairs:
        fields = "\n".join(
            f"{COMPARISONS.get(name, name)}: {_(level)}" for name, level in pair.agreement
        )
        table.add_row(
            str(pair.id),
            _record_cell(pair.left),
            _record_cell(pair.right),
            f"{pair.match_weight:.1f}",
            shown_probability(pair.match_probability),
            fields,
        )
    console.print(table)
    console.print("kuska review --accept ID | --reject ID")
    return 0
