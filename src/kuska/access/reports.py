"""The annual report, as the faces write and serve it: who may read a report (the internal one, with exact
figures, needs ``figures.exact``), and the ``report.generate`` event that names what was written."""

from __future__ import annotations

from collections.abc import Iterable

from kuska.access.grants import holds
from kuska.accounts.models import User
from kuska.audit.models import Action
from kuska.audit.trail import record_event

GENERATE = "reports.generate"
EXACT = "figures.exact"


def may_read_report(user: object, public: bool) -> bool:
    """Whether ``user`` may have a report written or read: ``reports.generate``, and for the internal report
    ``figures.exact`` too."""
    return holds(user, GENERATE) and (public or holds(user, EXACT))


def record_report(
    user: User | None,
    year: int,
    lang: str,
    public: bool,
    file_names: Iterable[str],
    *,
    source: str,
) -> None:
    """The ``report.generate`` event: which report (year, language, public or internal) and the files written."""
    kind = "public" if public else "internal"
    record_event(
        user,
        Action.REPORT_GENERATE,
        reason=f"{year} {lang} {kind}: {', '.join(file_names)}",
        source=source,
    )
