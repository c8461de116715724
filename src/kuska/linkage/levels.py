"""What the comparisons of the linkage model are called, with a label per level: read by the model and by the
review queue, which need not load Splink to show a pair."""

from __future__ import annotations

from django.utils.translation import gettext_noop

# What the comparisons are called in the model and in the review queue, with a label per level (best first;
# the null level, "not recorded", is not listed: it carries no weight). The labels are English msgids, marked for
# the catalogue but kept in English here (the model file's chart labels); the review queue translates them.
COMPARISON_LEVELS: dict[str, tuple[str, ...]] = {
    "document": (
        gettext_noop("same document"),
        gettext_noop("number one or two keystrokes apart"),
        gettext_noop("same type, other number"),
        gettext_noop("other document type"),
    ),
    "surnames": (
        gettext_noop("both surnames"),
        gettext_noop("surnames swapped"),
        gettext_noop("given name and paternal surname swapped"),
        gettext_noop("the names alike, in other columns"),
        gettext_noop("both surnames alike"),
        gettext_noop("both surnames alike, swapped"),
        gettext_noop("paternal surname alike, maternal missing"),
        gettext_noop("surnames swapped, one maternal missing"),
        gettext_noop("same paternal surname, other maternal"),
        gettext_noop("a surname in common"),
        gettext_noop("different"),
    ),
    "given_names": (
        gettext_noop("same given names"),
        gettext_noop("same given names, other order"),
        gettext_noop("given names alike"),
        gettext_noop("same first given name, the second left out"),
        gettext_noop("a given name in common (of the first two)"),
        gettext_noop("first given name alike"),
        gettext_noop("different"),
    ),
    "birth": (
        gettext_noop("same birth date"),
        gettext_noop("day and month swapped or one digit off"),
        gettext_noop("birth date mistyped (two of year, month and day agree)"),
        gettext_noop("same birth years (from the ages at the events)"),
        gettext_noop("birth years agree (one from the age at the event)"),
        gettext_noop("birth years within 2 (one from the age at the event)"),
        gettext_noop("different birth dates"),
        gettext_noop("different"),
    ),
    "sex": (gettext_noop("same sex"), gettext_noop("different")),
    "nationality": (gettext_noop("same nationality"), gettext_noop("different")),
    "event": (
        gettext_noop("same day"),
        gettext_noop("within 7 days"),
        gettext_noop("within 30 days"),
        gettext_noop("within a year"),
        gettext_noop("more than a year apart"),
    ),
    "agency": (gettext_noop("same agency"), gettext_noop("different agencies")),
}
