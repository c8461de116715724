"""The questionnaires in four languages: Spanish and English complete and final; Quechua and Aymara from translation
catalogues whose every string is a draft until a named native speaker reviews it on a date. A language's
completeness is counted from what is really there; a Spanish text changed since its translation no longer counts."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from kuska.screening import questionnaires as questionnaire_files
from kuska.screening import translations
from kuska.screening.questionnaires import QuestionnaireError, questionnaires
from kuska.screening.translations import (
    Review,
    catalogue,
    language_status,
    languages_status,
    question_text,
)

PERU = Path(questionnaire_files.__file__).parent.parent / "profiles" / "peru" / "screening"


def strings() -> int:
    found = questionnaires("peru")
    return sum(len(q.questions) + 1 for q in found.values())  # the questions and each title


def test_spanish_and_english_are_complete_and_reviewed() -> None:
    for status in languages_status("peru")[:2]:
        assert status.language in ("es", "en")
        assert status.total == status.translated == status.reviewed == strings()
        assert status.complete
        assert not status.under_review


@pytest.mark.parametrize("language", ["qu", "ay"])
def test_quechua_and_aymara_show_their_true_completeness_all_under_review(language: str) -> None:
    entries = catalogue(language, "peru")
    status = language_status(language, "peru")
    assert status.total == strings()
    assert status.translated == len(entries) > 0
    assert status.reviewed == 0  # nobody has reviewed them: every entry is a draft
    assert all(entry.review is Review.DRAFT for entry in entries.values())
    assert status.under_review
    assert not status.complete
    assert status.percent_translated == len(entries) * 100 // strings()


def test_a_draft_is_shown_under_review_and_a_missing_text_in_spanish() -> None:
    draft = question_text("children", "ch12", "qu", "peru")
    assert (draft.language, draft.review, draft.under_review) == ("qu", Review.DRAFT, True)
    missing = question_text("children", "ch01", "ay", "peru")
    assert missing.missing
    assert missing.language == "es"
    assert missing.text == questionnaires("peru")["children"].question("ch01").texts["es"]
    final = question_text("children", "ch01", "en", "peru")
    assert not final.under_review
    assert not final.missing


@pytest.fixture
def profile_copy(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    folder = tmp_path / "screening"
    shutil.copytree(PERU, folder)
    monkeypatch.setattr(questionnaire_files, "folder", lambda profile=None: folder)
    monkeypatch.setattr(translations, "folder", lambda profile=None: folder)
    return folder


def test_a_reviewed_entry_counts_as_reviewed_and_a_stale_one_not_at_all(profile_copy: Path) -> None:
    (profile_copy / "translations" / "ay.toml").write_text(
        """language = "ay"

[[string]]
key = "adults_sexual.as15"
es = "¿Le golpean o le hacen daño?"
text = "¿Nuwapxtamti?"
status = "reviewed"
reviewed_by = "A reviewer"
reviewed_on = 2026-11-30

[[string]]
key = "children.ch12"
es = "An older Spanish text"
text = "..."
status = "draft"
""",
        encoding="utf-8",
    )
    status = language_status("ay")
    assert (status.translated, status.reviewed, status.drafts) == (1, 1, 0)
    assert not question_text("adults_sexual", "as15", "ay").under_review
    assert question_text("children", "ch12", "ay").missing


def test_a_reviewed_entry_must_name_its_reviewer_and_date(profile_copy: Path) -> None:
    (profile_copy / "translations" / "qu.toml").write_text(
        'language = "qu"\n[[string]]\nkey = "children.ch12"\nes = "x"\ntext = "y"\nstatus = "reviewed"\n',
        encoding="utf-8",
    )
    with pytest.raises(QuestionnaireError, match="reviewed without reviewed_by"):
        language_status("qu")
