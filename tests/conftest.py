"""Shared fixtures: the test database with the Peru profile installed once per run, and the people who use
Kuska.

Every test that uses the database starts with the Peru profile in it: it is installed once, right after the test
database is migrated, and each test's changes are rolled back at its end. ``peru`` says so in a test's signature
(and puts the profile back if a transactional test emptied the database); ``empty_registry`` is for a test of a
registry without any profile.

What is costly to build outside the test database is built once per run (per pytest-xdist worker that needs it) and
only read: ``demo``, ``initialised_sqlite`` (copy it to change it) and ``synthetic_agencies``.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator

import pytest
from django.apps import AppConfig
from django.db import DEFAULT_DB_ALIAS
from django.db.models.signals import post_migrate
from pytest_django import DjangoDbBlocker

from kuska.registry.models import Agency, PersonRecord, SubmissionBatch
from tests.commands import Initialised, initialise
from tests.country import ensure_profile, remove_profile
from tests.demo import Demo, build_demo
from tests.synthetic import SyntheticAgencies, write_synthetic

# Built once per pytest-xdist worker that runs a test needing them, and costly: the tests sharing one run together
# on one worker (:func:`pytest_collection_modifyitems`), so each is built once per run.
SHARED_SESSION_FIXTURES = ("demo", "synthetic_agencies")


@pytest.hookimpl(tryfirst=True)
def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Tests that share a costly fixture run on one pytest-xdist worker (``--dist loadgroup``): those of a session
    fixture of :data:`SHARED_SESSION_FIXTURES` together, and those of a module- or class-scoped fixture of this
    folder with the rest of their module. Otherwise each worker that ran one of them would build it again. A test
    that names its own ``xdist_group`` keeps it."""
    for item in items:
        if item.get_closest_marker("xdist_group") is not None:
            continue
        info = getattr(item, "_fixtureinfo", None)
        names = list(info.names_closure) if info is not None else []
        shared = [name for name in SHARED_SESSION_FIXTURES if name in names]
        if shared:
            item.add_marker(pytest.mark.xdist_group(shared[0]))
            continue
        definitions = info.name2fixturedefs if info is not None else {}
        scoped = any(
            fixture.scope in ("module", "class") and fixture.baseid.startswith("tests")
            for name in names
            for fixture in definitions.get(name, ())
        )
        if scoped or _shares_test_data(item):
            item.add_marker(pytest.mark.xdist_group(item.nodeid.split("::", 1)[0]))


def _shares_test_data(item: pytest.Item) -> bool:
    """A test of a Django ``TestCase`` whose class builds its data once (``setUpTestData``)."""
    from django.test import TestCase

    cls = getattr(item, "cls", None)
    return cls is not None and issubclass(cls, TestCase) and "setUpTestData" in vars(cls)


def _install_profile(sender: AppConfig, using: str, **kwargs: object) -> None:
    if sender.label == "registry" and using == DEFAULT_DB_ALIAS:
        ensure_profile()


@pytest.fixture(scope="session")
def _profile_after_migrate() -> Iterator[None]:
    """The country profile installed whenever the test database has been migrated or flushed: at its creation,
    and after each transactional test, which empties it when it ends (Django's flush signals ``post_migrate``)."""
    post_migrate.connect(_install_profile, dispatch_uid="tests-country-profile")
    yield
    post_migrate.disconnect(dispatch_uid="tests-country-profile")


@pytest.fixture(scope="session")
def django_db_setup(
    _profile_after_migrate: None, django_db_setup: None, django_db_blocker: DjangoDbBlocker
) -> None:
    """The test database, migrated, with the country profile installed once for the whole run."""
    with django_db_blocker.unblock():
        ensure_profile()  # a database kept from an earlier run (--reuse-db) is not migrated again


@pytest.fixture(autouse=True)
def _fresh_cache() -> Iterator[None]:
    """Each test starts with an empty cache: no sign-in failures, lockouts or request counts of another test."""
    from django.core.cache import cache

    cache.clear()
    yield
    cache.clear()


@pytest.fixture(autouse=True)
def _default_language() -> Iterator[None]:
    """Each test starts in the default language: a page asked for in another language leaves it active in the
    thread that answered (Django's locale middleware activates a request's language and does not deactivate it)."""
    from django.utils import translation

    translation.deactivate()
    yield
    translation.deactivate()


@pytest.fixture
def peru(db: None) -> None:
    """The registry with the Peru country profile loaded."""
    ensure_profile()


@pytest.fixture
def empty_registry(db: None) -> None:
    """A registry without any country profile (removed inside the test's transaction, so only for this test)."""
    remove_profile()


@pytest.fixture
def batch_for(peru: None) -> Callable[[str], SubmissionBatch]:
    """A submission batch of the agency with the given code."""

    def make(agency_code: str) -> SubmissionBatch:
        return SubmissionBatch.objects.create(agency=Agency.objects.get(code=agency_code))

    return make


@pytest.fixture
def victim_for(batch_for: Callable[[str], SubmissionBatch]) -> Callable[..., PersonRecord]:
    """A victim record submitted by an agency, with identity fields set."""

    def make(agency_code: str, source_record_id: str, **fields: object) -> PersonRecord:
        batch = batch_for(agency_code)
        values: dict[str, object] = {
            "role": "victim",
            "given_names": "Rosa Elena",
            "paternal_surname": "Quispe",
            "maternal_surname": "Mamani",
            "sex": "female",
            "nationality": "PE",
        }
        values.update(fields)
        return PersonRecord.objects.create(
            agency=batch.agency, batch=batch, source_record_id=source_record_id, **values
        )

    return make


@pytest.fixture(scope="session")
def demo(tmp_path_factory: pytest.TempPathFactory) -> Demo:
    """``kuska demo --no-serve``, built once per run (per worker under pytest-xdist: its tests share the
    ``demo`` xdist group, so one worker builds it). Read it only; copy ``demo.var`` to change or serve it."""
    return build_demo(tmp_path_factory.mktemp("demo") / "var")


@pytest.fixture(scope="session")
def synthetic_agencies(tmp_path_factory: pytest.TempPathFactory) -> SyntheticAgencies:
    """The synthetic 2018–2020 data of every agency (seed 2021), generated and written once per run; read it
    only."""
    return write_synthetic(tmp_path_factory.mktemp("synthetic-agencies"))


@pytest.fixture(scope="session")
def initialised_sqlite(tmp_path_factory: pytest.TempPathFactory) -> Initialised:
    """``kuska init`` run once per run in a new folder (a SQLite database, migrated, with the profile, and its
    local keys), for the tests of commands on such a database: they run on ``initialised_sqlite.copy(...)``."""
    return initialise(tmp_path_factory.mktemp("initialised") / "var")
