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
from tests.screening_catalogues import CH12_QU, use_partial_catalogues

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


def current(language: str) -> int:
    """Entries of the shipped catalogue that translate the questionnaires' Spanish as it is now, counted here."""
    found = questionnaires("peru")
    spanish = {f"{q.id}.title": q.titles["es"] for q in found.values()}
    spanish |= {
        f"{q.id}.{question.id}": question.texts["es"]
        for q in found.values()
        for question in q.questions
    }
    return sum(
        1
        for entry in catalogue(language, "peru").values()
        if spanish.get(entry.key) == entry.source
    )


@pytest.mark.parametrize("language", ["qu", "ay"])
def test_quechua_and_aymara_show_their_true_completeness_all_under_review(language: str) -> None:
    entries = catalogue(language, "peru")
    status = language_status(language, "peru")
    assert status.total == strings()
    assert status.translated == current(language) > 0
    assert status.reviewed == 0  # nobody has reviewed them: every entry is a draft
    assert all(entry.review is Review.DRAFT for entry in entries.values())
    assert status.drafts == status.translated
    assert status.under_review
    assert status.complete == (status.translated == strings())
    assert status.percent_translated == status.translated * 100 // strings()
    assert status.percent_reviewed == 0


def test_a_partial_catalogue_counts_only_what_it_holds(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    use_partial_catalogues(tmp_path, monkeypatch)  # by hand: Quechua drafts 2 strings, Aymara 1
    quechua, aymara = language_status("qu", "peru"), language_status("ay", "peru")
    assert (quechua.translated, quechua.reviewed, quechua.drafts) == (2, 0, 2)
    assert (aymara.translated, aymara.reviewed, aymara.drafts) == (1, 0, 1)
    assert quechua.total == aymara.total == strings()
    assert not quechua.complete
    assert quechua.under_review
    assert quechua.percent_translated == 200 // strings()


def test_a_draft_is_shown_under_review_and_a_missing_text_in_spanish(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    use_partial_catalogues(
        tmp_path, monkeypatch
    )  # ch12 drafted in Quechua, ch01 in neither language
    draft = question_text("children", "ch12", "qu", "peru")
    assert (draft.language, draft.review, draft.under_review) == ("qu", Review.DRAFT, True)
    assert draft.text == CH12_QU
    missing = question_text("children", "ch01", "ay", "peru")
    assert missing.missing
    assert missing.language == "es"
    assert missing.text == questionnaires("peru")["children"].question("ch01").texts["es"]
    final = question_text("children", "ch01", "en", "peru")
    assert not final.under_review
    assert not final.missing


@pytest.mark.parametrize("language", ["qu", "ay"])
def test_every_shipped_entry_is_a_draft_of_a_question_or_title_of_the_questionnaires(
    language: str,
) -> None:
    """An entry whose key names no question is a mistake, not a stale translation: it is caught here."""
    found = questionnaires("peru")
    keys = {f"{q.id}.title" for q in found.values()}
    keys |= {f"{q.id}.{question.id}" for q in found.values() for question in q.questions}
    assert set(catalogue(language, "peru")) <= keys


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
