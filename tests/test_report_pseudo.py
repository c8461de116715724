"""The annual report under the pseudo-language: every word of it went through the catalogues, or is a number, a
code, or text from the data (the country profile's names, the indicator titles, messages stored with rejected
rows). See docs/translation.md."""

from __future__ import annotations

from pathlib import Path

import pytest

from kuska.i18n import DECLARED
from tests.pseudo import PSEUDO, pseudo_language, unmarked, visible_text
from tests.report_dataset import dataset

pytestmark = pytest.mark.django_db

__all__ = ["dataset"]  # the module-scoped fixture


def reference_names() -> list[str]:
    """Text the report takes from data, translated through the profile or stored as it was written: region,
    agency, code-list and indicator names in every language, and the messages stored with rejected rows."""
    from kuska.intake.models import RejectedRow
    from kuska.registry.models import Agency, CodeItem, Region
    from kuska.stats.catalogue import load_catalogue

    names: list[str] = []
    for code in DECLARED:
        names += (
            [str(v) for v in Region.objects.values_list(f"name_{code}", flat=True)]
            if hasattr(Region, f"name_{code}")
            else []
        )
        names += (
            [str(v) for v in Agency.objects.values_list(f"name_{code}", flat=True)]
            if hasattr(Agency, f"name_{code}")
            else []
        )
        names += (
            [str(v) for v in CodeItem.objects.values_list(f"label_{code}", flat=True)]
            if hasattr(CodeItem, f"label_{code}")
            else []
        )
        names += [i.title(code) for i in load_catalogue()]
    names += load_catalogue().ids  # identifiers, shown in the annex of missing figures
    for problems in RejectedRow.objects.values_list("problems", flat=True):
        names += [str(v) for p in problems for k, v in p.items() if k.startswith("message_")]
        names += [
            str(p.get("column", "")) for p in problems
        ]  # the column as the agency's file names it
    return names


def test_the_pseudo_language_marks_every_word_of_the_report(
    dataset: None, django_db_blocker: pytest.FixtureRequest, tmp_path: Path
) -> None:
    from kuska.reports import Figures, build_report
    from kuska.reports.html import render_html

    with django_db_blocker.unblock(), pseudo_language(tmp_path):  # type: ignore[attr-defined]
        html = render_html(build_report(Figures(2020), PSEUDO))
        names = reference_names()
    text = visible_text(html)
    assert text.count("⟦") > 500
    left = unmarked(text, names)
    assert left == [], " ".join(left)
