"""The README stays true: every setting, every command and the quick start are documented."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from kuska.cli import COMMANDS
from kuska.config.env import SETTINGS

ROOT = Path(__file__).resolve().parent.parent
README = (ROOT / "README.md").read_text(encoding="utf-8")


def test_quick_start_is_make_demo_and_make_test() -> None:
    quick_start = README.split("## Quick start", 1)[1].split("##", 1)[0]
    commands = re.findall(r"```sh\n(.*?)```", quick_start, re.DOTALL)[0].split()
    assert " ".join(commands) == "make demo make test"


def test_every_setting_is_documented() -> None:
    for name in SETTINGS:
        assert f"`{name}`" in README, name


def test_every_setting_read_in_the_code_is_declared() -> None:
    source = "\n".join(
        p.read_text(encoding="utf-8") for p in (ROOT / "src" / "kuska").rglob("*.py")
    )
    read = set(re.findall(r"env_(?:str|bool|list|int)\(\s*\"([A-Z_]+)\"", source))
    read |= {"KUSKA_SECRET_KEY", "KUSKA_DATA_KEYS", "KUSKA_HASH_KEY", "KUSKA_VAR_DIR"}
    assert read <= set(SETTINGS)
    assert "DATABASE_URL" in read


def test_every_image_the_readme_shows_is_in_the_repository() -> None:
    images = re.findall(r"!\[[^\]]*\]\(([^)]+)\)", README)
    assert images, "the README shows the dashboard"
    for image in images:
        assert (ROOT / image).is_file(), image


def test_every_command_is_documented() -> None:
    for name in COMMANDS:
        assert f"`kuska {name}" in README, name


def test_makefile_has_the_two_commands() -> None:
    makefile = (ROOT / "Makefile").read_text(encoding="utf-8")
    assert re.search(r"^demo:", makefile, re.MULTILINE)
    assert re.search(r"^test:", makefile, re.MULTILINE)


@pytest.mark.django_db
def test_migrations_match_the_models() -> None:
    from django.core.management import call_command

    call_command("makemigrations", "--check", "--dry-run", verbosity=0)
