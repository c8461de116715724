"""The audit trail: append-only, hash-chained, verified; record ids and reasons, never identity values."""

from __future__ import annotations

import datetime
import itertools
import json
import os
import subprocess
import sys
import threading
from collections.abc import Callable
from pathlib import Path

import pytest
from django.db import DatabaseError, connection, transaction
from django.utils import timezone

from kuska.accounts.models import User
from kuska.audit.models import GENESIS, Action, Event, Head, Outcome
from kuska.audit.trail import events, record_event, record_ref, verify
from kuska.cli import main
from kuska.registry.models import Agency, PersonRecord
from tests.commands import Initialised

on_sqlite = pytest.mark.skipif(
    connection.vendor != "sqlite", reason="SQLite lets raw SQL alter the trail; PostgreSQL refuses"
)
on_postgresql = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="needs PostgreSQL (DATABASE_URL=postgres://…)"
)


@pytest.fixture
def agency(empty_registry: None) -> Agency:
    return Agency.objects.create(code="PNP", name_es="PNP", name_en="PNP", sector="police")


@pytest.fixture
def actor(db: None) -> User:
    return User.objects.create_user("analista@mininter.gob.pe", None, display_name="Analista")


@pytest.fixture
def trail(agency: Agency, actor: User) -> list[Event]:
    """Five events after the one the migration wrote when it loaded the roles."""
    return [
        record_event(actor, Action.RECORDS_LIST, records=[agency], source="10.0.0.7"),
        record_event(actor, Action.USER_ADD, records=[actor], source="cli:admin"),
        record_event(None, Action.AUDIT_LIST, reason="--user x", source="cli:dpo"),
        record_event(
            actor,
            Action.IDENTITY_REVEAL,
            records=[agency],
            reason="linkage review",
            outcome=Outcome.DENIED,
            source="10.0.0.7",
        ),
        record_event(actor, Action.USER_DISABLE, records=[actor], source="cli:admin"),
    ]


def kuska_cli(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, *args: str
) -> tuple[int, str, str]:
    monkeypatch.setenv(
        "KUSKA_LOG_LEVEL", "INFO"
    )  # keeps main() from quietening the log for other tests
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


def test_each_event_points_at_the_hash_of_the_one_before(trail: list[Event]) -> None:
    chain = list(Event.objects.order_by("sequence"))
    assert chain[0].sequence == 1
    assert chain[0].previous_hash == GENESIS
    for before, after in itertools.pairwise(chain):
        assert after.sequence == before.sequence + 1
        assert after.previous_hash == before.hash
    assert all(event.hash == event.compute_hash() for event in chain)
    head = Head.objects.get()
    assert (head.sequence, head.hash) == (chain[-1].sequence, chain[-1].hash)


def test_verify_passes_on_an_untouched_trail(trail: list[Event]) -> None:
    result = verify()
    assert result.ok
    assert result.events == trail[-1].sequence
    assert result.last_hash == trail[-1].hash


def test_verify_passes_on_a_fresh_database(db: None) -> None:
    # the only event is the loading of the roles by the migration
    assert list(Event.objects.values_list("action", flat=True)) == ["roles.load"]
    assert verify().ok


def test_an_event_holds_who_when_where_what_which_why_and_the_outcome(
    trail: list[Event], agency: Agency, actor: User
) -> None:
    reveal = Event.objects.get(action="identity.reveal")
    assert reveal.actor == actor
    assert reveal.actor_email == "analista@mininter.gob.pe"
    assert reveal.source == "10.0.0.7"
    assert reveal.records == [f"registry.agency:{agency.pk}"]
    assert reveal.reason == "linkage review"
    assert reveal.outcome == "denied"
    assert timezone.now() - reveal.at < datetime.timedelta(minutes=1)


@on_sqlite
def test_verify_names_the_event_altered_with_raw_sql(trail: list[Event]) -> None:
    altered = trail[2]
    with connection.cursor() as cursor:
        cursor.execute(
            "UPDATE audit_event SET reason = 'nothing to see' WHERE sequence = %s",
            [altered.sequence],
        )
    result = verify()
    assert result.broken is not None
    assert result.broken.sequence == altered.sequence
    assert result.broken.kind == "altered"
    assert result.events == altered.sequence - 1


@on_sqlite
def test_verify_names_the_event_after_a_removed_one(trail: list[Event]) -> None:
    with connection.cursor() as cursor:
        cursor.execute("DELETE FROM audit_event WHERE sequence = %s", [trail[1].sequence])
    result = verify()
    assert result.broken is not None
    assert result.broken.sequence == trail[2].sequence
    assert result.broken.kind == "missing"


@on_sqlite
def test_verify_finds_events_removed_from_the_end(trail: list[Event]) -> None:
    with connection.cursor() as cursor:
        cursor.execute("DELETE FROM audit_event WHERE sequence = %s", [trail[-1].sequence])
    result = verify()
    assert result.broken is not None
    assert result.broken.sequence == trail[-1].sequence
    assert result.broken.kind == "truncated"


@on_sqlite
def test_verify_finds_a_rewritten_link(trail: list[Event]) -> None:
    forged = trail[3]
    with connection.cursor() as cursor:
        cursor.execute(
            "UPDATE audit_event SET previous_hash = %s WHERE sequence = %s",
            [GENESIS, forged.sequence],
        )
    broken = verify().broken
    assert broken is not None
    assert broken.sequence == forged.sequence
    assert broken.kind == "unlinked"


@on_postgresql
@pytest.mark.postgres
@pytest.mark.parametrize(
    "statement",
    [
        "UPDATE audit_event SET reason = 'nothing to see' WHERE sequence = %s",
        "DELETE FROM audit_event WHERE sequence = %s",
    ],
)
def test_postgresql_refuses_to_change_or_remove_an_event(
    trail: list[Event], statement: str
) -> None:
    with (
        pytest.raises(DatabaseError, match="append-only"),
        transaction.atomic(),
        connection.cursor() as cursor,
    ):
        cursor.execute(statement, [trail[2].sequence])
    assert verify().ok


def test_records_are_named_by_reference_never_by_value(agency: Agency) -> None:
    with pytest.raises(TypeError, match="never by value"):
        record_event(None, Action.IDENTITY_REVEAL, records=["Rosa Elena Quispe"], source="x")  # type: ignore[list-item]
    with pytest.raises(ValueError, match="saved records"):
        record_event(None, Action.IDENTITY_REVEAL, records=[Agency(code="X")], source="x")
    assert record_ref(agency) == f"registry.agency:{agency.pk}"


def test_an_unknown_action_is_refused(db: None) -> None:
    with pytest.raises(ValueError, match="is not a valid Action"):
        record_event(None, "records.peek", source="x")


def test_no_identity_value_reaches_the_trail(
    victim_for: Callable[..., PersonRecord], actor: User
) -> None:
    victim = victim_for(
        "PNP",
        "PNP-2020-0001",
        given_names="Yeni Maribel",
        paternal_surname="Huamaní",
        maternal_surname="Ccori",
        document_type="DNI",
        document_number="47125836",
        document_hash="ab" * 32,
        birth_date=datetime.date(2006, 5, 14),
    )
    record_event(
        actor,
        Action.IDENTITY_REVEAL,
        records=[victim],
        reason="referral to a shelter",
        source="10.0.0.7",
    )
    with connection.cursor() as cursor:
        cursor.execute("SELECT * FROM audit_event")
        stored = json.dumps([list(map(str, row)) for row in cursor.fetchall()])
    assert f"registry.personrecord:{victim.pk}" in stored
    for value in ("Yeni", "Maribel", "Huaman", "Ccori", "47125836", "2006-05-14", "14/05/2006"):
        assert value not in stored


def test_events_are_filtered_by_user_time_action_and_record(
    trail: list[Event], agency: Agency
) -> None:
    assert [e.sequence for e in events(user="ANALISTA@mininter.gob.pe")] == [
        trail[i].sequence for i in (0, 1, 3, 4)
    ]
    assert [e.action for e in events(action="user")] == ["user.add", "user.disable"]
    assert [e.action for e in events(action="user.add")] == ["user.add"]
    by_record = [e.action for e in events(record=f"registry.agency:{agency.pk}")]
    assert by_record == ["records.list", "identity.reveal"]
    assert [e.action for e in events(record=f"agency:{agency.pk}")] == by_record
    assert not events(record=f"agency:{agency.pk}0").exists()
    assert not events(since=timezone.now() + datetime.timedelta(seconds=1)).exists()
    assert events(since=trail[3].at).count() == 2


@on_postgresql
@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_concurrent_writers_do_not_fork_the_chain() -> None:
    failures: list[BaseException] = []

    def write() -> None:
        try:
            for _ in range(15):
                record_event(None, Action.RECORDS_LIST, source="thread")
        except BaseException as exc:  # pragma: no cover - reported by the assertion below
            failures.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=write) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert failures == []
    result = verify()
    assert result.ok
    assert Event.objects.filter(action="records.list").count() == 60


@on_sqlite
def test_concurrent_processes_do_not_fork_the_chain_on_sqlite(
    initialised_sqlite: Initialised, tmp_path: Path
) -> None:
    var = initialised_sqlite.copy(tmp_path / "var")  # a database ``kuska init`` migrated
    env = {name: value for name, value in os.environ.items() if name != "DATABASE_URL"}
    env.update(KUSKA_VAR_DIR=str(var), KUSKA_LOG_LEVEL="WARNING")
    writer = (
        "import django, os; os.environ.setdefault('DJANGO_SETTINGS_MODULE', 'kuska.settings'); "
        "django.setup()\n"
        "from kuska.audit.trail import Action, record_event\n"
        "for _ in range(15): record_event(None, Action.RECORDS_LIST, source='process')\n"
    )
    writers = [
        subprocess.Popen([sys.executable, "-c", writer], env=env, stderr=subprocess.PIPE)
        for _ in range(4)
    ]
    for process in writers:
        _, err = process.communicate(timeout=120)
        assert process.returncode == 0, err.decode()
    verified = subprocess.run(
        [sys.executable, "-m", "kuska.cli", "audit", "verify"],
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    assert verified.returncode == 0, verified.stderr
    assert "61 " in verified.stdout  # the roles loaded by migrate, then 4 × 15


def test_kuska_audit_verify_passes_then_names_the_altered_event(
    trail: list[Event], capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    code, out, _ = kuska_cli(capsys, monkeypatch, "audit", "verify")
    assert code == 0
    assert trail[-1].hash in out
    if connection.vendor != "sqlite":
        return
    with connection.cursor() as cursor:
        cursor.execute("UPDATE audit_event SET source = 'elsewhere' WHERE sequence = 4")
    code, _, err = kuska_cli(capsys, monkeypatch, "audit", "verify")
    assert code == 1
    assert "4" in err.split(":", 2)[1]


def test_kuska_audit_list_filters_and_is_itself_recorded(
    trail: list[Event], capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    code, out, _ = kuska_cli(
        capsys, monkeypatch, "audit", "list", "--action", "user", "--format", "json"
    )
    assert code == 0
    listed = json.loads(out)
    assert [event["action"] for event in listed] == ["user.add", "user.disable"]
    assert listed[0]["actor"] == "analista@mininter.gob.pe"
    last = Event.objects.order_by("-sequence").first()
    assert last is not None
    assert (last.action, last.reason) == ("audit.list", "--action user")
    code, out, _ = kuska_cli(capsys, monkeypatch, "audit", "list", "--since", "2026-13-01")
    assert code == 1
    code, _, err = kuska_cli(capsys, monkeypatch, "audit", "list", "--action", "peek")
    assert code == 1
    assert "peek" in err
