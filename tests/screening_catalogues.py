"""Partial Quechua and Aymara catalogues of the screening questionnaires, written by the tests themselves: the path
of a question without a current translation (shown in Spanish, marked so) is tested whatever the shipped catalogues
hold. Quechua drafts two strings (adults_sexual.as15, children.ch12), Aymara one (adults_sexual.as15)."""

from __future__ import annotations

from pathlib import Path

import pytest

from kuska.screening import translations

AS15_QU = "¿Maqasunkichu?"
CH12_QU = "¿Wawata maqankuchu?"
AS15_AY = "¿Nuwapxtamti?"

PARTIAL = {
    "qu": f"""language = "qu"

[[string]]
key = "adults_sexual.as15"
es = "¿Le golpean o le hacen daño?"
text = "{AS15_QU}"
status = "draft"

[[string]]
key = "children.ch12"
es = "¿Le golpean, le castigan o le amenazan?"
text = "{CH12_QU}"
status = "draft"
""",
    "ay": f"""language = "ay"

[[string]]
key = "adults_sexual.as15"
es = "¿Le golpean o le hacen daño?"
text = "{AS15_AY}"
status = "draft"
""",
}


def use_partial_catalogues(folder: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Write the partial catalogues under ``folder`` and make the questionnaires' translations read them."""
    (folder / "translations").mkdir(parents=True, exist_ok=True)
    for language, catalogue in PARTIAL.items():
        (folder / "translations" / f"{language}.toml").write_text(catalogue, encoding="utf-8")
    monkeypatch.setattr(translations, "folder", lambda profile=None: folder)
