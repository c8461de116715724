"""Settings come from the environment; development keys are generated locally, and production refuses them."""

from __future__ import annotations

import os
import stat
from pathlib import Path

import pytest
from django.core.exceptions import ImproperlyConfigured

from kuska.config.keys import LOCAL_KEYS_FILE, load_keys, new_key, parse_data_keys
from kuska.settings import database
from tests.commands import Initialised

KEY_NAMES = ("KUSKA_SECRET_KEY", "KUSKA_DATA_KEYS", "KUSKA_HASH_KEY")


@pytest.fixture
def no_keys_in_env(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in KEY_NAMES:
        monkeypatch.delenv(name, raising=False)


@pytest.fixture
def production_keys(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("KUSKA_SECRET_KEY", "s" * 50)
    monkeypatch.setenv("KUSKA_DATA_KEYS", f"prod1:{new_key()}")
    monkeypatch.setenv("KUSKA_HASH_KEY", new_key())


@pytest.mark.usefixtures("no_keys_in_env")
def test_development_generates_local_keys_once_readable_by_owner_only(tmp_path: Path) -> None:
    first = load_keys(debug=True, folder=tmp_path)
    second = load_keys(debug=True, folder=tmp_path)
    assert first == second
    assert first.local
    mode = stat.S_IMODE(os.stat(tmp_path / LOCAL_KEYS_FILE).st_mode)
    assert mode == 0o600


@pytest.mark.usefixtures("no_keys_in_env")
def test_production_refuses_to_start_without_keys(tmp_path: Path) -> None:
    with pytest.raises(
        ImproperlyConfigured, match="KUSKA_SECRET_KEY, KUSKA_DATA_KEYS, KUSKA_HASH_KEY not set"
    ):
        load_keys(debug=False, folder=tmp_path)


def test_production_refuses_the_local_development_keys(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, no_keys_in_env: None
) -> None:
    local = load_keys(debug=True, folder=tmp_path)
    monkeypatch.setenv("KUSKA_SECRET_KEY", local.secret_key)
    monkeypatch.setenv("KUSKA_DATA_KEYS", "local:" + new_key())
    monkeypatch.setenv("KUSKA_HASH_KEY", new_key())
    with pytest.raises(ImproperlyConfigured, match="development key"):
        load_keys(debug=False, folder=tmp_path)


def test_production_refuses_a_copied_development_hash_key(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, production_keys: None
) -> None:
    monkeypatch.delenv("KUSKA_HASH_KEY")
    load_keys(debug=True, folder=tmp_path)  # writes the local file with a local hash key
    import json

    local_hash = json.loads((tmp_path / LOCAL_KEYS_FILE).read_text())["KUSKA_HASH_KEY"]
    monkeypatch.setenv("KUSKA_HASH_KEY", local_hash)
    with pytest.raises(ImproperlyConfigured, match="KUSKA_HASH_KEY is the development key"):
        load_keys(debug=False, folder=tmp_path)


@pytest.mark.usefixtures("production_keys")
def test_production_starts_with_keys_from_the_environment(tmp_path: Path) -> None:
    keys = load_keys(debug=False, folder=tmp_path)
    assert keys.current_data_key_id == "prod1"
    assert not keys.local
    assert not (tmp_path / LOCAL_KEYS_FILE).exists()


def test_malformed_data_keys_are_explained() -> None:
    with pytest.raises(ImproperlyConfigured, match="'id:base64key'"):
        parse_data_keys("just-a-key")
    with pytest.raises(ImproperlyConfigured, match="32 bytes"):
        parse_data_keys("k1:c2hvcnQ")
    with pytest.raises(ImproperlyConfigured, match="appears twice"):
        parse_data_keys(f"k1:{new_key()},k1:{new_key()}")


def test_the_first_data_key_encrypts_and_all_decrypt() -> None:
    current, keys = parse_data_keys(f"new:{new_key()}, old:{new_key()}")
    assert current == "new"
    assert set(keys) == {"new", "old"}


def test_sqlite_runs_in_wal_mode_with_immediate_transactions(tmp_path: Path) -> None:
    config = database(f"sqlite:///{tmp_path / 'k.sqlite3'}")
    assert "journal_mode=WAL" in config["OPTIONS"]["init_command"]
    assert config["OPTIONS"]["transaction_mode"] == "IMMEDIATE"


def test_a_postgres_url_configures_postgresql() -> None:
    config = database("postgres://postgres@127.0.0.1:5432/test")
    assert config["ENGINE"] == "django.db.backends.postgresql"
    assert config["NAME"] == "test"
    assert "OPTIONS" not in config or "init_command" not in config["OPTIONS"]


def test_the_sqlite_file_kuska_init_makes_uses_wal_journal(initialised_sqlite: Initialised) -> None:
    import sqlite3
    from contextlib import closing

    with closing(sqlite3.connect(initialised_sqlite.var / "kuska.sqlite3")) as database:
        mode = database.execute("PRAGMA journal_mode").fetchone()[0]
    assert mode == "wal"
