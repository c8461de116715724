"""``kuska user add / list / disable``: each change is an audit event; weak passwords and unknown agencies or
roles are refused with a message that names them, and nothing is stored then."""

from __future__ import annotations

import io
import json

import pytest
from django.conf import LazySettings
from django.contrib.sessions.models import Session
from django.test import Client

from kuska.accounts.models import Membership, User
from kuska.audit.models import Event
from kuska.cli import main
from kuska.registry.models import Agency

pytestmark = pytest.mark.django_db

PASSWORD = "Sangre-de-Grado-2026"


@pytest.fixture(autouse=True)
def fast_passwords(settings: LazySettings, monkeypatch: pytest.MonkeyPatch) -> None:
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    monkeypatch.setenv(
        "KUSKA_LOG_LEVEL", "INFO"
    )  # keeps main() from quietening the log for other tests


@pytest.fixture
def agencies(empty_registry: None) -> None:
    pnp = Agency.objects.create(code="PNP", name_es="PNP", name_en="PNP", sector="police")
    Agency.objects.create(code="PNP-LIM", name_es="L", name_en="L", sector="police", parent=pnp)
    Agency.objects.create(code="MIMP", name_es="MIMP", name_en="MIMP", sector="social")


def kuska(
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
    *args: str,
    stdin: str = "",
) -> tuple[int, str, str]:
    monkeypatch.setattr("sys.stdin", io.StringIO(stdin))
    code = main(["user", *args])
    out, err = capsys.readouterr()
    return code, out, err


def add(
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
    *extra: str,
    email: str = "Rosa@MIMP.gob.pe",
    agency: str = "MIMP",
    role: str = "case_worker",
    password: str = PASSWORD,
) -> tuple[int, str, str]:
    return kuska(
        capsys,
        monkeypatch,
        "add",
        "--email",
        email,
        "--agency",
        agency,
        "--role",
        role,
        "--password-stdin",
        *extra,
        stdin=password + "\n",
    )


def test_adds_a_user_with_a_role_at_an_agency_and_records_it(
    agencies: None, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    code, out, err = add(capsys, monkeypatch, "--name", "Rosa Quispe", "--lang", "en")
    assert code == 0, err
    assert "rosa@mimp.gob.pe" in out
    user = User.objects.get(email="rosa@mimp.gob.pe")
    assert (user.display_name, user.language, user.is_active) == ("Rosa Quispe", "en", True)
    assert user.check_password(PASSWORD)
    membership = Membership.objects.get(user=user)
    assert (membership.agency.code, membership.role.code) == ("MIMP", "case_worker")
    event = Event.objects.order_by("-sequence").first()
    assert event is not None
    assert event.action == "user.add"
    assert event.records == [f"accounts.user:{user.pk}", f"accounts.membership:{membership.pk}"]
    assert event.source.startswith("cli:")
    assert PASSWORD not in json.dumps([event.records, event.reason, event.source])


@pytest.mark.parametrize(
    ("password", "complaint"),
    [
        pytest.param("Corto-1", "12", id="shorter than 12"),
        pytest.param("123456789012345", "", id="only digits"),
        pytest.param("Rosa@MIMP.gob.pe", "", id="the e-mail address"),
        pytest.param("password1234", "", id="common"),
        pytest.param("", "", id="empty"),
    ],
)
def test_refuses_a_weak_password_and_stores_nothing(
    agencies: None,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
    password: str,
    complaint: str,
) -> None:
    events_before = Event.objects.count()
    code, _, err = add(capsys, monkeypatch, password=password)
    assert code == 1
    assert err.startswith("kuska user: ")
    assert complaint in err
    assert not User.objects.exists()
    assert Event.objects.count() == events_before


@pytest.mark.parametrize(
    ("option", "value"),
    [("--agency", "POLICIA"), ("--role", "superuser"), ("--role", "public"), ("--lang", "fr")],
)
def test_refuses_an_unknown_agency_role_or_language_naming_it(
    agencies: None,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
    option: str,
    value: str,
) -> None:
    extra = {"--agency": "agency", "--role": "role"}
    if option in extra:
        code, _, err = add(capsys, monkeypatch, **{extra[option]: value})
    else:
        code, _, err = add(capsys, monkeypatch, option, value)
    assert code == 1
    assert value in err
    assert not User.objects.exists()


def test_refuses_an_address_that_is_not_one(
    agencies: None, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    code, _, err = add(capsys, monkeypatch, email="rosa.mimp.gob.pe")
    assert code == 1
    assert "rosa.mimp.gob.pe" in err


def test_an_existing_user_is_given_another_membership(
    agencies: None, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    assert add(capsys, monkeypatch)[0] == 0
    code, out, err = kuska(
        capsys,
        monkeypatch,
        "add",
        "--email",
        "rosa@mimp.gob.pe",
        "--agency",
        "PNP",
        "--role",
        "data_officer",
    )
    assert code == 0, err
    assert "PNP" in out
    user = User.objects.get()
    assert user.check_password(PASSWORD)
    assert sorted(str(m) for m in user.memberships.all()) == [
        "case_worker@MIMP",
        "data_officer@PNP",
    ]
    assert Event.objects.order_by("-sequence").values_list("action", flat=True)[0] == (
        "membership.add"
    )
    code, _, err = kuska(
        capsys, monkeypatch, "add", "--email", "rosa@mimp.gob.pe", "--agency", "PNP", "--role",
        "data_officer",
    )  # fmt: skip
    assert code == 1
    assert "data_officer" in err


def test_without_a_terminal_the_password_must_come_on_stdin(
    agencies: None, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    code, _, err = kuska(
        capsys,
        monkeypatch,
        "add",
        "--email",
        "a@pnp.gob.pe",
        "--agency",
        "PNP",
        "--role",
        "analyst",
    )
    assert code == 1
    assert "--password-stdin" in err
    assert not User.objects.exists()


def test_lists_users_with_their_memberships(
    agencies: None, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    add(capsys, monkeypatch, "--name", "Rosa Quispe")
    add(capsys, monkeypatch, email="jefe@pnp.gob.pe", agency="PNP", role="data_officer")
    code, out, _ = kuska(capsys, monkeypatch, "list", "--format", "json")
    assert code == 0
    listed = json.loads(out)
    assert [(u["email"], u["memberships"]) for u in listed] == [
        ("jefe@pnp.gob.pe", [{"role": "data_officer", "agency": "PNP"}]),
        ("rosa@mimp.gob.pe", [{"role": "case_worker", "agency": "MIMP"}]),
    ]
    code, out, _ = kuska(capsys, monkeypatch, "list")
    assert code == 0
    assert "jefe@pnp.gob.pe" in out


def test_disabling_a_user_ends_their_sessions_and_is_recorded(
    agencies: None,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    add(capsys, monkeypatch)
    add(capsys, monkeypatch, email="otra@mimp.gob.pe")
    rosa, other = (
        User.objects.get(email="rosa@mimp.gob.pe"),
        User.objects.get(email="otra@mimp.gob.pe"),
    )
    browsers = [Client(), Client()]
    browsers[0].force_login(rosa)
    browsers[1].force_login(rosa)
    Client().force_login(other)
    assert Session.objects.count() == 3
    code, out, err = kuska(capsys, monkeypatch, "disable", "ROSA@mimp.gob.pe", "--reason", "left")
    assert code == 0, err
    assert "2" in out
    rosa.refresh_from_db()
    assert not rosa.is_active
    assert Session.objects.count() == 1
    assert [s.get_decoded()["_auth_user_id"] for s in Session.objects.all()] == [str(other.pk)]
    event = Event.objects.order_by("-sequence").first()
    assert event is not None
    assert (event.action, event.records, event.reason) == (
        "user.disable",
        [f"accounts.user:{rosa.pk}"],
        "left",
    )
    code, _, _ = kuska(capsys, monkeypatch, "disable", "rosa@mimp.gob.pe")
    assert code == 0
    assert Event.objects.order_by("-sequence").first() == event  # nothing changed, nothing recorded
    code, _, err = kuska(capsys, monkeypatch, "disable", "nadie@mimp.gob.pe")
    assert code == 1
    assert "nadie@mimp.gob.pe" in err


def test_a_disabled_user_cannot_be_given_a_role(
    agencies: None, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    add(capsys, monkeypatch)
    kuska(capsys, monkeypatch, "disable", "rosa@mimp.gob.pe")
    code, _, err = add(capsys, monkeypatch, agency="PNP")
    assert code == 1
    assert "rosa@mimp.gob.pe" in err


def test_reset_2fa_removes_the_users_authenticators_and_is_recorded(
    agencies: None, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    from kuska.accounts.models import Authenticator
    from kuska.accounts.second_factor import confirmed_device, new_confirmed_device

    monkeypatch.setenv("KUSKA_LANGUAGE", "en")
    add(capsys, monkeypatch)
    rosa = User.objects.get(email="rosa@mimp.gob.pe")
    new_confirmed_device(rosa)
    Authenticator.objects.create(user=rosa, name="Kuska", confirmed=False)
    code, out, err = kuska(
        capsys, monkeypatch, "reset-2fa", "ROSA@mimp.gob.pe", "--reason", "lost phone"
    )
    assert code == 0, err
    assert "2 device(s) removed" in out
    assert confirmed_device(rosa) is None
    assert not Authenticator.objects.filter(user=rosa).exists()
    event = Event.objects.order_by("-sequence").first()
    assert event is not None
    assert (event.action, event.records, event.reason) == (
        "user.change",
        [f"accounts.user:{rosa.pk}"],
        "second factor reset (2 device(s) removed): lost phone",
    )
    code, _, err = kuska(capsys, monkeypatch, "reset-2fa", "nadie@mimp.gob.pe")
    assert code == 1
    assert "nadie@mimp.gob.pe" in err
