"""The screening and hotline pages in Quechua and Aymara: their own words translated in the gettext catalogues, each
entry with its review status; each language's true completeness over the pages' strings on the languages page; a
"translation under review" notice on every page shown in a language not wholly reviewed; the language switch; and
what stays in Spanish (every other page) or is not offered (the annual report) in these languages."""

from __future__ import annotations

import datetime
import html
import shutil
from pathlib import Path

import pytest
from babel.messages.pofile import read_po
from django.conf import settings
from django.http.response import HttpResponseBase
from django.test import Client, override_settings
from django.utils import translation

from kuska.accounts.models import User
from kuska.i18n import in_each_language, translated
from kuska.screening.translations import LanguageStatus, Review
from kuska.web.interface import (
    NOTICE,
    PAGE_SOURCES,
    catalogue_path,
    interface_status,
    page_keys,
    page_strings,
    review_of,
    translation_of,
)
from tests.personas import member
from tests.signin import sign_in

pytestmark = pytest.mark.usefixtures("peru")

LOCALE = Path(settings.LOCALE_PATHS[0])
REVIEWER = "review: reviewed by Rosa Quispe Mamani on 2026-11-30"


def screener() -> User:
    return member("operadora@mininter.example", "MININTER", "screener")


def client_in(language: str, user: User | None = None) -> Client:
    client = Client()
    if user is not None:
        sign_in(client, user)
    client.cookies["django_language"] = language
    return client


def in_language(msgid: str, language: str) -> str:
    with translation.override(language):
        return translation.gettext(msgid)


def text(answer: HttpResponseBase) -> str:
    return html.unescape(bytes(getattr(answer, "content", b"")).decode())


def po_entry(msgid: str, source: str, translation: str = "", comment: str = "") -> str:
    return (f"# {comment}\n" if comment else "") + (
        f'#: {source}\nmsgid "{msgid}"\nmsgstr "{translation}"\n\n'
    )


def write_po(folder: Path, language: str, body: str) -> None:
    target = folder / language / "LC_MESSAGES"
    target.mkdir(parents=True, exist_ok=True)
    header = 'msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=UTF-8\\n"\n\n'
    (target / "django.po").write_text(header + body, encoding="utf-8")


def copy_catalogues(folder: Path, *languages: str) -> None:
    for language in languages:
        source = LOCALE / language / "LC_MESSAGES"
        shutil.copytree(source, folder / language / "LC_MESSAGES")


# -- the catalogues ------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("language", ["qu", "ay"])
def test_every_page_string_is_translated_in_quechua_and_aymara_or_counted_missing(
    language: str,
) -> None:
    strings = page_strings(language)
    missing = [key for key, string in strings.items() if not string.translated]
    status = interface_status(language)
    assert status.total == len(page_keys()) == len(strings) > 150
    assert status.total - status.translated == len(missing)
    assert missing == [], "a string of the screening and hotline pages has no draft yet"


@pytest.mark.parametrize("language", ["qu", "ay"])
def test_every_translated_entry_carries_a_valid_review_status(language: str) -> None:
    with catalogue_path(language).open("rb") as po:
        catalogue = read_po(po)
    translated_entries = [m for m in catalogue if m.id and not m.fuzzy and translation_of(m)]
    assert translated_entries
    without = [m.id for m in translated_entries if review_of(m.user_comments)[0] is None]
    assert without == [], (
        "give each entry '# review: draft' or '# review: reviewed by NAME on YYYY-MM-DD'"
    )


def test_a_review_status_is_a_draft_or_a_named_reviewer_on_a_date() -> None:
    assert review_of(["review: draft"]) == (Review.DRAFT, "", None)
    reviewed = review_of(["other note", REVIEWER])
    assert reviewed[0] is Review.REVIEWED
    assert reviewed[1:] == ("Rosa Quispe Mamani", datetime.date(2026, 11, 30))
    for wrong in (
        "review: reviewed",
        "review: reviewed by Rosa",
        "review: reviewed on 2026-11-30",
        "review: reviewed by Rosa on 2026-13-45",
        "review: final",
        "reviewed by Rosa on 2026-11-30",
    ):
        assert review_of([wrong]) == (None,), wrong


def test_makemessages_keeps_the_review_comments(tmp_path: Path) -> None:
    """The status lives in translator comments, which ``msgmerge`` (run by ``makemessages``) keeps."""
    import subprocess

    old = tmp_path / "old.po"
    write_po(
        tmp_path, "xx", po_entry("Sign out", "web/templates/web/base.html:1", "Lluqsiy", REVIEWER)
    )
    shutil.move(tmp_path / "xx" / "LC_MESSAGES" / "django.po", old)
    template = tmp_path / "new.pot"
    template.write_text(
        'msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=UTF-8\\n"\n\n'
        '#: web/templates/web/base.html:9\nmsgid "Sign out"\nmsgstr ""\n',
        encoding="utf-8",
    )
    if shutil.which("msgmerge") is None:
        pytest.skip("GNU gettext's msgmerge is not installed")
    merged = subprocess.run(
        ["msgmerge", "-q", str(old), str(template)], capture_output=True, text=True, check=True
    ).stdout
    assert f'# {REVIEWER}\n#: web/templates/web/base.html:9\nmsgid "Sign out"' in merged


def test_the_pages_strings_are_those_their_templates_modules_and_form_columns_use() -> None:
    keys = {msgid for _context, msgid in page_keys()}
    # templates, menu, views' messages, scoring labels, and the call form's column labels
    for msgid in (
        "Record a hotline call",
        "Sign out",
        "My calls",
        "likely victim",
        "Who called",
        "The answers kept on the device carry no valid id.",
        "Working without a connection",
    ):
        assert msgid in keys, msgid
    # a care page's own words are not the screening pages'
    assert "Open a case" not in keys
    with catalogue_path("es").open("rb") as po:
        care_only = [
            m.id
            for m in read_po(po)
            if m.locations
            and all(path.startswith("web/templates/web/care_") for path, _ in m.locations)
        ]
    assert care_only
    assert not set(care_only) & keys
    assert all((LOCALE.parent / path).is_file() for path in PAGE_SOURCES)


def test_completeness_is_counted_by_hand_on_a_tiny_catalogue(tmp_path: Path) -> None:
    write_po(
        tmp_path,
        "es",
        po_entry(
            "Record a hotline call", "web/templates/web/call_new.html:2", "Registrar una llamada"
        )
        + po_entry("Sign out", "web/templates/web/base.html:25", "Cerrar sesión")
        + po_entry("New screening", "web/menu.py:23", "Nueva detección")
        + po_entry("Facility", "web/templates/web/care_facility.html:3", "Establecimiento"),
    )
    write_po(
        tmp_path,
        "qu",
        po_entry(
            "Record a hotline call",
            "web/templates/web/call_new.html:2",
            "Waqyayta qillqay",
            REVIEWER,
        )
        + po_entry("Sign out", "web/templates/web/base.html:25", "Lluqsiy", "review: draft")
        + po_entry("New screening", "web/menu.py:23")
        + po_entry("Facility", "web/templates/web/care_facility.html:3", "Wasi", REVIEWER),
    )
    assert interface_status("qu", tmp_path) == LanguageStatus("qu", 3, 2, 1)
    assert interface_status("qu", tmp_path).drafts == 1
    assert interface_status("ay", tmp_path) == LanguageStatus(
        "ay", 3, 0, 0
    )  # no catalogue: all missing
    assert interface_status("es", tmp_path) == LanguageStatus("es", 3, 3, 3)
    assert interface_status("en", tmp_path) == LanguageStatus("en", 3, 3, 3)


def test_an_entry_without_a_valid_status_or_fuzzy_is_never_counted_reviewed(tmp_path: Path) -> None:
    write_po(
        tmp_path,
        "es",
        po_entry("Sign out", "web/templates/web/base.html:25", "Cerrar sesión")
        + po_entry("Sign in", "web/templates/web/base.html:27", "Iniciar sesión"),
    )
    write_po(
        tmp_path,
        "qu",
        po_entry(
            "Sign out", "web/templates/web/base.html:25", "Lluqsiy", "review: reviewed by Rosa"
        )
        + f"# {REVIEWER}\n#, fuzzy\n"
        + po_entry("Sign in", "web/templates/web/base.html:27", "Yaykuy"),
    )
    strings = page_strings("qu", tmp_path)
    assert (
        strings[(None, "Sign out")].review is None
    )  # translated, a draft for want of a valid status
    assert not strings[(None, "Sign in")].translated  # fuzzy: Django leaves it out
    assert interface_status("qu", tmp_path) == LanguageStatus("qu", 2, 1, 0)


def test_an_entry_marked_reviewed_changes_the_figures(tmp_path: Path) -> None:
    copy_catalogues(tmp_path, "es", "qu")
    before = interface_status("qu", tmp_path)
    po = tmp_path / "qu" / "LC_MESSAGES" / "django.po"
    content = po.read_text(encoding="utf-8")
    entry = "# review: draft\n#: web/templates/web/base.html"
    assert entry in content
    po.write_text(
        content.replace(entry, f"# {REVIEWER}\n#: web/templates/web/base.html", 1), encoding="utf-8"
    )
    after = interface_status("qu", tmp_path)
    assert (after.translated, after.reviewed, after.drafts) == (
        before.translated,
        before.reviewed + 1,
        before.drafts - 1,
    )


# -- the pages -----------------------------------------------------------------------------------------------------


def test_the_languages_page_shows_the_computed_figures_of_the_pages_strings() -> None:
    page = text(client_in("es", screener()).get("/languages/"))
    for code in ("es", "en", "qu", "ay"):
        status = interface_status(code)
        row = page.split(f'id="interface-{code}"', 1)[1].split("</tr>", 1)[0]
        assert f"{status.percent_translated}% ({status.translated}/{status.total})" in row
        assert f"{status.percent_reviewed}% ({status.reviewed}/{status.total})" in row
        assert f'<td class="n">{status.drafts}</td>' in row
        if code in ("es", "en"):
            assert "100% (" in row
            assert "completo y revisado" in row
        else:
            assert "en revisión" in row
            assert "completo y revisado" not in row
    assert 'id="languages-qu"' in page  # the questions' part stays


@pytest.mark.parametrize(
    "url", ["/screenings/new/", "/calls/new/", "/calls/", "/screenings/", "/languages/"]
)
@pytest.mark.parametrize("language", ["qu", "ay"])
def test_a_page_in_quechua_or_aymara_says_its_translation_is_under_review(
    language: str, url: str
) -> None:
    page = text(client_in(language, screener()).get(url))
    assert f'<html lang="{language}">' in page
    notice = page.split('id="translation-notice"', 1)[1].split("</div>", 1)[0]
    assert f'lang="{language}">{translated(NOTICE, language)}</span>' in notice
    assert f'<p lang="es">{translated(NOTICE, "es")}</p>' in notice
    assert translated(NOTICE, language) != translated(NOTICE, "es")


@pytest.mark.parametrize("language", ["es", "en"])
def test_a_page_in_spanish_or_english_has_no_under_review_notice(language: str) -> None:
    for url in ("/screenings/new/", "/calls/new/"):
        page = text(client_in(language, screener()).get(url))
        assert 'id="translation-notice"' not in page
        assert f'<html lang="{language}">' in page


def test_the_pages_are_shown_in_the_quechua_and_aymara_drafts() -> None:
    quechua = text(client_in("qu", screener()).get("/calls/new/"))
    assert "<h1>Yanapakuy waqyayta qillqay</h1>" in quechua
    assert ">Waqyayniykuna</a>" in quechua  # the menu
    aymara = text(client_in("ay", screener()).get("/screenings/new/"))
    assert "<h1>Machaq uñakipäwi</h1>" in aymara


def test_once_every_page_string_is_reviewed_the_notice_goes(tmp_path: Path) -> None:
    copy_catalogues(tmp_path, "es", "qu")
    po = tmp_path / "qu" / "LC_MESSAGES" / "django.po"
    po.write_text(
        po.read_text(encoding="utf-8").replace("# review: draft", f"# {REVIEWER}"), encoding="utf-8"
    )
    with override_settings(LOCALE_PATHS=[str(tmp_path)]):
        assert not interface_status("qu").under_review
        page = text(client_in("qu", screener()).get("/screenings/new/"))
        languages = text(client_in("qu", screener()).get("/languages/"))
    assert 'id="translation-notice"' not in page
    row = languages.split('id="interface-qu"', 1)[1].split("</tr>", 1)[0]
    assert in_language("complete and reviewed", "qu") in row


def test_without_the_po_files_the_review_cannot_be_read_and_the_notice_stays(
    tmp_path: Path,
) -> None:
    for language in ("es", "qu"):
        (tmp_path / language / "LC_MESSAGES").mkdir(parents=True)
        mo = LOCALE / language / "LC_MESSAGES" / "django.mo"
        shutil.copy(mo, tmp_path / language / "LC_MESSAGES" / "django.mo")
    with override_settings(LOCALE_PATHS=[str(tmp_path)]):
        page = text(client_in("qu", screener()).get("/calls/new/"))
    assert 'id="translation-notice"' in page


def test_a_page_outside_the_screening_and_hotline_pages_is_in_spanish_under_quechua() -> None:
    page = text(client_in("qu").get("/"))
    assert '<html lang="qu">' in page
    tagline = "Harmonized anti-trafficking information system"
    assert in_language(tagline, "es") in page
    assert tagline not in page  # Spanish, the default language, not the English msgid


def test_the_language_switch_offers_quechua_and_aymara_and_puts_the_pages_in_them() -> None:
    client = client_in("es", screener())
    page = text(client.get("/screenings/new/"))
    assert '<option value="qu" lang="qu">Runasimi</option>' in page
    assert '<option value="ay" lang="ay">Aymar aru</option>' in page
    answer = client.post("/language/", {"language": "ay", "next": "/calls/new/"})
    assert answer.status_code == 302
    assert answer["Location"] == "/calls/new/"
    assert client.cookies[settings.LANGUAGE_COOKIE_NAME].value == "ay"
    page = text(client.get("/calls/new/"))
    assert '<html lang="ay">' in page
    assert "<h1>Yanapt'a jawsäwi qillqantaña</h1>" in page


# -- what is not offered in these languages -----------------------------------------------------------------------


def test_a_report_is_not_offered_in_quechua_or_aymara() -> None:
    """Their catalogues translate the screening pages only: a report would be Spanish under their names."""
    analyst = member("analista@mininter.example", "MININTER", "analyst")
    page = text(client_in("es", analyst).get("/reports/"))
    assert 'name="languages" value="es"' in page
    assert 'value="qu"' not in page.split('id="language"', 1)[1].split("</select>", 1)[1]
    assert 'name="languages" value="qu"' not in page
    assert 'name="languages" value="ay"' not in page


def test_files_and_answers_in_every_language_carry_the_languages_with_a_whole_catalogue() -> None:
    assert set(in_each_language("Sign out")) == {"es", "en"}
