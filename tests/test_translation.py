"""Translation: the committed catalogue is the compiled one and complete; Quechua and Aymara are declared and offered
once their catalogues exist; every intake, API and command message goes through the catalogues (the
pseudo-language finds no unmarked text); reference data falls back by a stated rule."""

from __future__ import annotations

import csv
from decimal import Decimal
from functools import partial
from pathlib import Path

import pytest
from babel.messages.mofile import read_mo
from babel.messages.pofile import read_po
from django.conf import settings
from django.core.exceptions import RequestDataTooBig
from django.utils import translation
from django.utils.translation import get_language_info
from django.utils.translation import gettext as _
from rest_framework import exceptions
from rest_framework.test import APIClient

from kuska.api.errors import _KNOWN, ApiError, exception_handler
from kuska.cli import main
from kuska.i18n import DECLARED, in_each_language, localized, offered_languages, translated
from kuska.intake.errors import ErrorsWriter
from kuska.intake.messages import MESSAGES, problem
from kuska.intake.submit import Rejection, SubmissionError, submit
from kuska.reports.text import number, percent
from kuska.stats.quality import RejectionReason
from tests.intake_files import person, write_csv
from tests.pseudo import PSEUDO, SPANISH_PO, mark, pseudo_language, unmarked, visible_text

SPANISH_MO = SPANISH_PO.with_suffix(".mo")


def entries(catalogue: object) -> dict[object, object]:
    """msgid → msgstr; a plural's msgids and msgstrs as tuples (the .po reader gives tuples, the .mo one lists)."""

    def plain(value: object) -> object:
        return tuple(value) if isinstance(value, list | tuple) else value

    return {(m.context, plain(m.id)): plain(m.string) for m in catalogue if m.id}  # type: ignore[attr-defined]


# -- the catalogues -----------------------------------------------------------------------------------------------


CATALOGUES = sorted(SPANISH_PO.parent.parent.parent.glob("*/LC_MESSAGES/django.po"))


def test_every_language_with_a_catalogue_is_offered() -> None:
    with_catalogue = {po.parent.parent.name for po in CATALOGUES}
    assert with_catalogue == {"es", "qu", "ay"}
    assert with_catalogue <= {code for code, _name in settings.LANGUAGES}


@pytest.mark.parametrize("po_path", CATALOGUES, ids=lambda path: path.parent.parent.name)
def test_every_committed_mo_is_its_compiled_po(po_path: Path) -> None:
    """What ``msgfmt`` keeps: the translated entries that are not fuzzy (Django shows the others in Spanish)."""
    with po_path.open("rb") as po, po_path.with_suffix(".mo").open("rb") as mo:
        compiled = [m for m in read_po(po) if m.string and not m.fuzzy and all(m.string)]
        assert entries(read_mo(mo)) == entries(compiled), "run msgfmt -o django.mo django.po"


def test_the_spanish_catalogue_has_no_untranslated_or_fuzzy_entry() -> None:
    with SPANISH_PO.open("rb") as po:
        catalogue = read_po(po)
    untranslated = [m.id for m in catalogue if m.id and not m.string]
    fuzzy = [m.id for m in catalogue if m.id and m.fuzzy]
    assert untranslated == []
    assert fuzzy == []
    assert len(catalogue) > 100


def test_quechua_and_aymara_are_declared_and_offered_only_with_a_catalogue(tmp_path: Path) -> None:
    assert get_language_info("qu")["name_local"] == "Runasimi"
    assert get_language_info("ay")["name_local"] == "Aymar aru"
    assert [code for code, _ in settings.LANGUAGES] == ["es", "en", "qu", "ay"]
    assert settings.LANGUAGE_CODE == "es"

    (tmp_path / "es" / "LC_MESSAGES").mkdir(parents=True)
    (tmp_path / "es" / "LC_MESSAGES" / "django.mo").write_bytes(SPANISH_MO.read_bytes())
    (tmp_path / "qu" / "LC_MESSAGES").mkdir(parents=True)
    (tmp_path / "qu" / "LC_MESSAGES" / "django.mo").write_bytes(SPANISH_MO.read_bytes())
    assert [code for code, _ in offered_languages(tmp_path)] == ["es", "en", "qu"]
    assert set(DECLARED) == {"es", "en", "qu", "ay"}


def test_english_and_spanish_give_different_texts_for_an_intake_message() -> None:
    found = problem(3, "sexo", "x", "not_in_code_list", list="sex")
    assert found.messages == {
        "es": "El valor no está en la lista «sex» (use el código o la etiqueta en español o inglés).",
        "en": "The value is not in the code list 'sex' (use the code or the Spanish or English label).",
    }
    assert found.as_dict()["message_es"] == found.messages["es"]


# -- reference data: per language, with a fallback rule ----------------------------------------------------------


def test_a_profile_label_falls_back_to_the_default_language_then_english() -> None:
    region = {"name_es": "Lima Metropolitana", "name_en": "Metropolitan Lima"}
    assert localized(region, "name", "en") == "Metropolitan Lima"
    assert localized(region, "name", "qu") == "Lima Metropolitana"
    assert localized({"name_en": "Loreto"}, "name", "ay") == "Loreto"
    assert localized({"name_qu": "Qusqu", "name_es": "Cusco"}, "name", "qu") == "Qusqu"
    assert localized({}, "name", "es") == ""


def test_a_rejection_reason_is_read_in_any_language_by_the_same_fallback() -> None:
    reason = RejectionReason(
        "PNP", "sex", {"message_es": "No está en la lista.", "message_en": "Not in the list."}, 3
    )
    assert reason.message("en") == "Not in the list."
    assert (
        reason.message("qu") == "No está en la lista."
    )  # no Quechua message stored: the default language


def test_a_language_the_number_table_does_not_name_is_not_written_as_spanish() -> None:
    """Quechua takes its separators from the CLDR (a decimal point, thousands by commas); a language the CLDR does
    not know either has no number format, rather than Spanish's."""
    amount = Decimal("2350000.5")
    assert (number(amount, "es"), number(amount, "en")) == ("2\xa0350\xa0000,50", "2,350,000.50")
    assert number(amount, "qu") == "2,350,000.50"
    assert percent(7, 8, "qu") == "87.5\xa0%"
    assert percent(7, 8, "es") == "87,5\xa0%"
    with pytest.raises(LookupError, match="NUMBER_FORMATS"):
        number(1, "ay")


def read_errors_file(path: Path) -> list[list[str]]:
    with path.open(encoding="utf-8-sig", newline="") as handle:
        return list(csv.reader(handle))


def a_rejection() -> Rejection:
    return Rejection(
        "personas.csv",
        "personas",
        2,
        {"sex": "X"},
        [problem(2, "sex", "X", "not_in_code_list", list="sex")],
    )


def test_the_rejected_rows_file_is_headed_in_the_active_language_with_every_message(
    tmp_path: Path,
) -> None:
    path = tmp_path / "rechazadas.csv"
    with translation.override("es"), ErrorsWriter(path) as writer:
        writer.write(a_rejection())
    header, row = read_errors_file(path)
    assert header == [
        "archivo",
        "hoja",
        "fila",
        "columna",
        "valor",
        "error (es)",
        "error (en)",
        "fila enviada",
    ]
    found = problem(2, "sex", "X", "not_in_code_list", list="sex")
    assert row[5:7] == [found.messages["es"], found.messages["en"]]


# -- the pseudo-language: every message went through the catalogues ----------------------------------------------


def test_the_pseudo_language_marks_the_headings_of_the_rejected_rows_file(tmp_path: Path) -> None:
    path = tmp_path / "rechazadas.csv"
    with pseudo_language(tmp_path / "locale"), ErrorsWriter(path) as writer:
        writer.write(a_rejection())
    header, _row = read_errors_file(path)
    assert (
        len(header) == 9
    )  # one message column per offered language: es, en and the pseudo-language
    assert unmarked(" ".join(header)) == [], header


def test_the_pseudo_language_marks_every_intake_message(tmp_path: Path) -> None:
    params = {
        "list": "sex",
        "date": "2020-01-01",
        "age": 130,
        "minimum": 0,
        "maximum": 9,
        "target": "case",
        "role": "victim",
        "start": "2020-01-01",
        "limit": 200,
        "reason": "x",
        "fields": 3,
        "header": 4,
        "rule": "a DNI has 8 digits",
    }
    with pseudo_language(tmp_path):
        for code in MESSAGES:
            message = problem(2, "column", "value", code, **params).messages[PSEUDO]
            assert message == mark(translated(MESSAGES[code], "en").format(**params)), code


@pytest.mark.django_db
def test_the_pseudo_language_marks_every_api_error(tmp_path: Path, peru: None) -> None:
    raised: list[BaseException] = [
        exceptions.NotAuthenticated(),
        exceptions.ParseError(),
        exceptions.APIException("boom"),
        RequestDataTooBig(),
        RuntimeError("unexpected"),
        exceptions.MethodNotAllowed("PUT"),
        exceptions.UnsupportedMediaType("text/plain"),
    ]
    needs_argument = (exceptions.MethodNotAllowed, exceptions.UnsupportedMediaType)
    raised += [kind() for kind, _code, _message in _KNOWN if kind not in needs_argument]
    assert all(isinstance(error, Exception) for error in raised)
    with pseudo_language(tmp_path):
        for error in raised:
            body = exception_handler(error, {}).data["error"]  # type: ignore[arg-type]
            assert set(body) == {"code", "es", "en", PSEUDO}
            assert unmarked(body[PSEUDO]) == [], (error, body)
        # a string that is not a msgid is left as it is: the check sees it
        body = exception_handler(ApiError("no_file", "no such message"), {}).data["error"]
        assert unmarked(body[PSEUDO]) == ["no", "such", "message"]

        answer = APIClient().get("/api/v1/batches/1/")
        assert answer.status_code == 401
        assert answer.json()["error"][PSEUDO] == mark(
            "Missing token: send the header 'Authorization: Token <token>'."
        )


@pytest.mark.django_db
def test_the_pseudo_language_marks_the_refusals_of_a_submission(tmp_path: Path, peru: None) -> None:
    missing = tmp_path / "absent.csv"
    unknown = write_csv(tmp_path / "cosas.csv", [person("P1")])
    empty = tmp_path / "personas.csv"
    empty.write_text("\n")
    with pseudo_language(tmp_path / "locale"):
        for paths, agency in (
            ([missing], "PNP"),
            ([unknown], "PNP"),
            ([empty], "PNP"),
            ([empty], "NOPE"),
        ):
            with pytest.raises(SubmissionError) as refused:
                submit(paths, agency)
            text = in_each_language(refused.value.message)[PSEUDO]
            names = [str(p) for p in paths] + [p.name for p in paths] + [agency]
            assert unmarked(text, names) == [], text


@pytest.mark.django_db
def test_the_command_speaks_the_pseudo_language(
    tmp_path: Path, peru: None, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("KUSKA_LANGUAGE", PSEUDO)
    missing = tmp_path / "absent.csv"
    with pseudo_language(tmp_path / "locale"):
        assert main(["import", str(missing), "--agency", "PNP"]) == 1
    out = capsys.readouterr().out
    assert "⟦" in out
    assert unmarked(out, [str(missing)]) == [], out


@pytest.mark.django_db
def test_the_pseudo_language_marks_every_word_of_the_home_page(tmp_path: Path, peru: None) -> None:
    from django.conf import settings
    from django.test import Client

    from kuska.registry.models import LoadedProfile
    from kuska.registry.summary import database_description

    with pseudo_language(tmp_path):
        page = Client().get("/", HTTP_ACCEPT_LANGUAGE=PSEUDO).content.decode()
        # the language switch names each language in that language
        endonyms = [name for _code, name in settings.LANGUAGES]
    profile = LoadedProfile.objects.get()
    data = [localized(profile, "name", code) for code in DECLARED] + endonyms
    data += [database_description(), profile.code, "Kuska"]  # data, a code and the product's name
    text = visible_text(page)
    assert "⟦Reference data⟧" in text
    assert unmarked(text, data) == []


@pytest.mark.django_db
def test_the_template_command_speaks_the_pseudo_language(
    tmp_path: Path, peru: None, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("KUSKA_LANGUAGE", PSEUDO)
    with pseudo_language(tmp_path / "locale"):
        assert main(["template", "--agency", "PNPX", "--out", str(tmp_path / "t.xlsx")]) == 1
        assert main(["template", "--out", str(tmp_path / "t.xlsx")]) == 1
    err = capsys.readouterr().err
    assert err.count("⟦") >= 4
    assert unmarked(err, ["kuska template", "kuska init"]) == [], err


@pytest.mark.django_db
def test_the_demo_summary_speaks_the_pseudo_language(
    tmp_path: Path, peru: None, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """The demo's lines and tables (one synthetic year here, to keep it short): numbers, agency codes, indicator
    ids, the data folder and the product's name are all that is left outside the catalogues."""
    from kuska.cli import demo
    from kuska.cli.output import console, sizes_table
    from kuska.linkage import pipeline, shipped
    from kuska.linkage.pipeline import LinkOptions
    from kuska.registry.summary import record_sizes, reference_sizes
    from kuska.stats.engine import StatsContext

    monkeypatch.setattr(demo, "DEMO_YEARS", (demo.SHOWN_YEAR,))
    monkeypatch.setattr(
        console, "width", 400
    )  # a table cell is not wrapped across a marked stretch
    monkeypatch.setattr(settings, "VAR_DIR", tmp_path)  # where the linkage run keeps its model
    # the model Kuska ships instead of one trained on the year's records: the lines are the same, in seconds
    monkeypatch.setattr(
        pipeline, "link", partial(pipeline.link, LinkOptions(model_path=shipped.PATH))
    )
    with pseudo_language(tmp_path / "locale"):
        console.print(sizes_table(_("Reference data"), reference_sizes()))
        assert demo.load_synthetic(tmp_path / "data") == 0
        console.print(sizes_table(_("Records"), record_sizes()))
        demo.link_persons()
        console.print(demo.figures_table(demo.SHOWN_YEAR))
    out = capsys.readouterr().out
    assert out.count("⟦") >= 10
    ids = StatsContext.load().catalogue.ids
    assert unmarked(out, [*ids, str(tmp_path / "data"), "Kuska"]) == [], out
