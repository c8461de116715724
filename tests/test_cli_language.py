"""The command line speaks the user's language everywhere: ``kuska --help``, every subcommand's help and argparse's
own words ("usage:", "options", its error messages) come from the catalogues, in the language ``KUSKA_LANGUAGE``
or the locale names (``kuska.i18n.cli_language``)."""

from __future__ import annotations

import argparse
import ast
import inspect
import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from babel.messages.pofile import read_po

from kuska.cli import build_parser, main
from kuska.cli.parser import ARGPARSE_PLURALS, ARGPARSE_WORDS, PROGRAMMING_ERRORS
from tests.pseudo import PSEUDO, SPANISH_PO, pseudo_language, unmarked


def kuska(*args: str, lang: str, var: Path) -> subprocess.CompletedProcess[str]:
    """``kuska ARGS`` in a new process, as a user runs it: the parser speaks before the command has started Django."""
    env = {k: v for k, v in os.environ.items() if k != "DATABASE_URL"}
    env.update(KUSKA_VAR_DIR=str(var), KUSKA_LANGUAGE=lang, COLUMNS="200")  # one line per help text
    return subprocess.run(
        [sys.executable, "-m", "kuska.cli", *args],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def test_kuska_help_is_in_spanish_or_english_with_argparse_own_words(tmp_path: Path) -> None:
    spanish = kuska("--help", lang="es", var=tmp_path)
    english = kuska("--help", lang="en", var=tmp_path)

    assert spanish.returncode == english.returncode == 0
    for words in (
        "uso: kuska",
        "Kuska: sistema armonizado de información contra la trata de personas.",
        "argumentos posicionales:",
        "opciones:",
        "muestra esta ayuda y termina",
        "muestra la versión del programa y termina",
        "Crea o actualiza la base de datos",
    ):
        assert words in spanish.stdout
    for words in (
        "usage: kuska",
        "positional arguments:",
        "options:",
        "show this help message and exit",
        "Create or update the database",
    ):
        assert words in english.stdout
        assert words not in spanish.stdout


def test_kuska_import_help_explains_every_argument_in_the_users_language(tmp_path: Path) -> None:
    spanish = kuska("import", "--help", lang="es", var=tmp_path).stdout
    english = kuska("import", "--help", lang="en", var=tmp_path).stdout

    assert "uso: kuska import" in spanish
    assert "código de la entidad que envía" in spanish
    assert "escribe las filas rechazadas con sus motivos (.csv o .xlsx)" in spanish
    assert "revisa todo, no guarda nada" in spanish
    assert "code of the submitting agency" in english
    assert "check everything, store nothing" in english


def test_a_missing_argument_is_an_error_in_the_users_language(tmp_path: Path) -> None:
    spanish = kuska("import", lang="es", var=tmp_path)
    english = kuska("import", lang="en", var=tmp_path)

    assert spanish.returncode == english.returncode == 2
    assert "kuska import: error: se requieren los siguientes argumentos: PATH, --agency" in (
        spanish.stderr
    )
    assert spanish.stderr.startswith("uso: kuska import")
    assert "kuska import: error: the following arguments are required: PATH, --agency" in (
        english.stderr
    )


def test_a_wrong_value_is_explained_in_the_users_language(tmp_path: Path) -> None:
    wrong_choice = kuska("stats", "--format", "pdf", lang="es", var=tmp_path).stderr
    out_of_range = kuska("link", "--threshold", "2", lang="es", var=tmp_path).stderr

    assert "argumento --format: opción no válida: 'pdf' (elija entre 'table', 'json', 'csv')" in (
        wrong_choice
    )
    assert "argumento --threshold: una probabilidad estrictamente entre 0 y 1" in out_of_range


def test_help_starts_no_command_and_touches_no_database(tmp_path: Path) -> None:
    """``kuska demo --help`` must not rebuild the demo database, nor ``kuska bench stats --help`` make one: the
    parser speaks after a silent parse, without running the command's preparation."""
    demo_database = tmp_path / "demo.sqlite3"
    demo_database.write_bytes(b"kept")

    assert kuska("demo", "--help", lang="en", var=tmp_path).returncode == 0
    assert kuska("bench", "stats", "--help", lang="en", var=tmp_path).returncode == 0

    assert demo_database.read_bytes() == b"kept"


def test_help_with_settings_that_cannot_load_is_given_in_english(tmp_path: Path) -> None:
    """Production settings without their keys stop Django from starting: no catalogue can be read, yet the help is
    shown (the command itself then explains the configuration error)."""
    env = {k: v for k, v in os.environ.items() if k != "DATABASE_URL"}
    env.update(KUSKA_VAR_DIR=str(tmp_path), KUSKA_DEBUG="false", KUSKA_LANGUAGE="es")
    for name in ("KUSKA_SECRET_KEY", "KUSKA_DATA_KEYS", "KUSKA_HASH_KEY"):
        env.pop(name, None)
    result = subprocess.run(
        [sys.executable, "-m", "kuska.cli", "import", "--help"],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )

    assert result.returncode == 0
    assert "usage: kuska import" in result.stdout
    assert "code of the submitting agency" in result.stdout


def _argparse_messages() -> tuple[set[str], set[tuple[str, str]]]:
    """Every message the running Python's argparse passes to ``_`` or ``ngettext``."""
    words: set[str] = set()
    plurals: set[tuple[str, str]] = set()
    for node in ast.walk(ast.parse(inspect.getsource(argparse))):
        if not (isinstance(node, ast.Call) and isinstance(node.func, ast.Name)):
            continue
        texts = [
            a.value for a in node.args if isinstance(a, ast.Constant) and isinstance(a.value, str)
        ]
        if node.func.id == "_" and texts:
            words.add(texts[0])
        elif node.func.id == "ngettext" and len(texts) >= 2:
            plurals.add((texts[0], texts[1]))
    return words, plurals


def test_every_message_argparse_can_show_a_user_is_in_the_catalogue() -> None:
    """Checked against the running Python's argparse: a version that says something new fails here."""
    words, plurals = _argparse_messages()
    with SPANISH_PO.open("rb") as po:
        catalogue = {m.id for m in read_po(po) if m.id and not m.context}

    assert words - set(PROGRAMMING_ERRORS) <= catalogue
    assert plurals <= catalogue
    assert set(ARGPARSE_WORDS) <= catalogue
    assert len(ARGPARSE_PLURALS) == len(plurals)


def _parsers(parser: argparse.ArgumentParser) -> Iterator[argparse.ArgumentParser]:
    yield parser
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            for sub in dict.fromkeys(action.choices.values()):
                yield from _parsers(sub)


def _codes(parser: argparse.ArgumentParser) -> list[str]:
    """What help shows that is not prose: the programs, option strings, metavars and choices."""
    codes = [parser.prog, "COMMAND"]
    for action in parser._actions:
        codes += action.option_strings
        metavars = action.metavar if isinstance(action.metavar, tuple) else (action.metavar,)
        codes += [m for m in metavars if m]
        codes.append(action.dest.upper())
        if action.choices is not None:
            choices = list(action.choices)
            codes += [str(c) for c in choices]
            codes.append("{" + ",".join(str(c) for c in choices) + "}")
    return codes


def _every_command() -> list[list[str]]:
    return [parser.prog.split()[1:] for parser in _parsers(build_parser())]


@pytest.mark.django_db
@pytest.mark.parametrize("command", _every_command(), ids=lambda c: " ".join(c) or "kuska")
def test_the_help_of_every_command_speaks_the_pseudo_language(
    command: list[str],
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Every word of every help page went through the catalogues, or is a program name, an option, a metavar or a
    choice."""
    monkeypatch.setenv("KUSKA_LANGUAGE", PSEUDO)
    monkeypatch.setenv("COLUMNS", "400")  # a help line is not wrapped across a marked stretch
    with pseudo_language(tmp_path / "locale"), pytest.raises(SystemExit) as exit_info:
        main([*command, "--help"])
    assert exit_info.value.code == 0
    out = capsys.readouterr().out
    codes = [code for parser in _parsers(build_parser()) for code in _codes(parser)]
    assert out.count("⟦") >= 3
    assert unmarked(out, codes) == [], out


@pytest.mark.django_db
def test_an_argparse_error_speaks_the_pseudo_language(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("KUSKA_LANGUAGE", PSEUDO)
    monkeypatch.setenv("COLUMNS", "400")
    with pseudo_language(tmp_path / "locale"):
        for argv in (["import"], ["review", "--accept", "1", "--reject", "2"], ["stats", "--x"]):
            with pytest.raises(SystemExit) as exit_info:
                main(argv)
            assert exit_info.value.code == 2
            err = capsys.readouterr().err
            codes = [code for parser in _parsers(build_parser()) for code in _codes(parser)]
            assert err.count("⟦") >= 2
            assert unmarked(err, codes) == [], err
