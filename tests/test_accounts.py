"""Users, memberships and roles: who may do what, and where."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from django.conf import LazySettings
from django.contrib.auth import authenticate
from django.test import Client

from kuska.accounts.models import Membership, Permission, Role, User
from kuska.accounts.permissions import (
    agencies_where,
    has_permission,
    permissions_at,
    public_permissions,
)
from kuska.accounts.roles import ROLES_FILE, RolesFileError, load_roles, read_roles
from kuska.accounts.tree import covered_agency_ids, covers
from kuska.audit.models import Event
from kuska.registry.models import Agency
from tests.commands import Initialised
from tests.signin import sign_in

pytestmark = pytest.mark.django_db

PASSWORD = "Sangre-de-Grado-2026"


@pytest.fixture(autouse=True)
def fast_passwords(settings: LazySettings) -> None:
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def agency(empty_registry: None) -> Callable[..., Agency]:
    """Agencies of a small tree of its own, in a registry without the country profile."""

    def make(code: str, parent: Agency | None = None) -> Agency:
        return Agency.objects.create(
            code=code, name_es=code, name_en=code, sector="police", parent=parent
        )

    return make


@pytest.fixture
def police(agency: Callable[..., Agency]) -> dict[str, Agency]:
    """The police, its Lima unit and a squad of that unit; the prosecutors beside them."""
    pnp = agency("PNP")
    lima = agency("PNP-LIM", pnp)
    return {"PNP": pnp, "PNP-LIM": lima, "PNP-LIM-1": agency("PNP-LIM-1", lima), "MP": agency("MP")}


def member(email: str, agency: Agency, role: str, **fields: object) -> User:
    user = User.objects.filter(email=email).first() or User.objects.create_user(
        email, PASSWORD, **fields
    )
    Membership.objects.create(user=user, agency=agency, role=Role.objects.get(code=role))
    return user


def test_signs_in_by_email_whatever_its_case() -> None:
    User.objects.create_user("Rosa.Quispe@MIMP.gob.pe", PASSWORD, display_name="Rosa Quispe")
    user = authenticate(username="rosa.quispe@mimp.gob.pe", password=PASSWORD)
    assert user is not None
    assert authenticate(username="ROSA.QUISPE@mimp.gob.pe", password=PASSWORD) == user
    assert authenticate(username="rosa.quispe@mimp.gob.pe", password="wrong") is None


def test_a_disabled_user_cannot_sign_in() -> None:
    User.objects.create_user("rosa@mimp.gob.pe", PASSWORD, is_active=False)
    assert authenticate(username="rosa@mimp.gob.pe", password=PASSWORD) is None


def test_the_same_address_in_another_case_is_refused_by_the_database() -> None:
    from django.db import IntegrityError

    User.objects.create_user("rosa@mimp.gob.pe", PASSWORD)
    with pytest.raises(IntegrityError):
        User.objects.create(email="ROSA@mimp.gob.pe")


def test_a_membership_covers_the_agency_and_its_units_at_any_depth(
    police: dict[str, Agency],
) -> None:
    assert covers(police["PNP"], police["PNP"])
    assert covers(police["PNP"], police["PNP-LIM"])
    assert covers(police["PNP"], police["PNP-LIM-1"])
    assert covers(police["PNP-LIM"], police["PNP-LIM-1"])


def test_a_membership_of_a_unit_does_not_cover_its_parent_or_a_sibling(
    police: dict[str, Agency],
) -> None:
    assert not covers(police["PNP-LIM"], police["PNP"])
    assert not covers(police["PNP-LIM-1"], police["PNP-LIM"])
    assert not covers(police["PNP"], police["MP"])


def test_covered_agencies_are_each_membership_and_its_units(police: dict[str, Agency]) -> None:
    ids = {code: agency.pk for code, agency in police.items()}
    assert covered_agency_ids([ids["PNP-LIM"]]) == {ids["PNP-LIM"], ids["PNP-LIM-1"]}
    assert covered_agency_ids([ids["PNP-LIM-1"], ids["MP"]]) == {ids["PNP-LIM-1"], ids["MP"]}
    assert covered_agency_ids([]) == set()


def test_a_cycle_in_the_agency_tree_does_not_loop(agency: Callable[..., Agency]) -> None:
    first = agency("A")
    second = agency("B", first)
    Agency.objects.filter(pk=first.pk).update(parent=second)
    assert covers(first, second)
    assert covers(second, first)
    assert not covers(agency("C"), first)


def test_a_data_officer_submits_at_its_agency_and_units_not_elsewhere(
    police: dict[str, Agency],
) -> None:
    officer = member("oficial@pnp.gob.pe", police["PNP"], "data_officer")
    assert has_permission(officer, "records.submit", police["PNP"])
    assert has_permission(officer, "records.submit", police["PNP-LIM-1"])
    assert not has_permission(officer, "records.submit", police["MP"])
    assert not has_permission(officer, "audit.read")
    assert not has_permission(officer, "records.view_all", police["PNP"])


def test_a_unit_officer_does_not_submit_for_the_parent(police: dict[str, Agency]) -> None:
    officer = member("lima@pnp.gob.pe", police["PNP-LIM"], "data_officer")
    assert has_permission(officer, "records.submit", police["PNP-LIM"])
    assert not has_permission(officer, "records.submit", police["PNP"])
    assert agencies_where(officer, "records.submit") == {
        police["PNP-LIM"].pk,
        police["PNP-LIM-1"].pk,
    }


def test_a_permission_of_scope_all_holds_at_every_agency(police: dict[str, Agency]) -> None:
    analyst = member("analista@mininter.gob.pe", police["MP"], "analyst")
    assert has_permission(analyst, "records.view_all")
    assert has_permission(analyst, "records.view_all", police["PNP-LIM"])
    assert agencies_where(analyst, "records.view_all") == set(
        Agency.objects.values_list("id", flat=True)
    )
    assert not has_permission(analyst, "records.submit", police["MP"])


def test_memberships_add_up(police: dict[str, Agency]) -> None:
    user = member("doble@pnp.gob.pe", police["PNP-LIM"], "data_officer")
    member("doble@pnp.gob.pe", police["MP"], "case_worker")
    assert permissions_at(user, police["MP"]) == {
        "records.view_served",
        "identity.reveal",
        "figures.public",
        "care.work",
        "care.override",
    }
    assert "records.submit" in permissions_at(user, police["PNP-LIM-1"])


def test_a_disabled_user_holds_no_permission(police: dict[str, Agency]) -> None:
    auditor = member("auditor@mininter.gob.pe", police["MP"], "auditor")
    assert has_permission(auditor, "audit.read")
    auditor.is_active = False
    auditor.save()
    assert permissions_at(auditor, police["MP"]) == frozenset()


def test_a_superuser_has_no_role_permission_without_a_membership(
    police: dict[str, Agency],
) -> None:
    root = User.objects.create_superuser("root@kuska.pe", PASSWORD)
    assert not has_permission(root, "identity.reveal", police["PNP"])


def test_the_public_may_see_published_figures_only() -> None:
    assert public_permissions() == {"figures.public"}
    assert not Role.objects.get(code="public").assignable


def test_the_auditor_cannot_reveal_identities_and_only_roles_listed_may() -> None:
    revealers = set(
        Role.objects.filter(permissions__code="identity.reveal").values_list("code", flat=True)
    )
    assert revealers == {"data_officer", "case_worker", "screener", "analyst"}


def test_roles_are_loaded_after_migrate_and_loading_again_changes_nothing() -> None:
    spec = read_roles()
    assert set(Role.objects.values_list("code", flat=True)) == set(spec.roles)
    assert set(Permission.objects.values_list("code", flat=True)) == set(spec.permissions)
    assert not load_roles().changed


def test_roles_follow_the_file_when_it_changes(tmp_path: Path, police: dict[str, Agency]) -> None:
    user = member("auditor@mininter.gob.pe", police["MP"], "auditor")
    text = ROLES_FILE.read_text(encoding="utf-8")
    changed = text.replace(
        'permissions = ["audit.read", "figures.public"]', 'permissions = ["figures.public"]'
    ).replace("[roles.public]", '[roles.viewer]\nnames = { en = "Viewer" }\n\n[roles.public]')
    path = tmp_path / "roles.toml"
    path.write_text(changed, encoding="utf-8")
    loaded = load_roles(path)
    assert loaded.created == ["viewer"]
    assert loaded.updated == ["auditor"]
    assert not has_permission(user, "audit.read")
    # a role left out of the file keeps its row and memberships but loses every permission
    path.write_text(text.replace("[roles.auditor]", "[roles.unused]"), encoding="utf-8")
    loaded = load_roles(path)
    assert "auditor" in loaded.retired
    assert Membership.objects.filter(user=user, role__code="auditor").exists()
    assert permissions_at(user, police["MP"]) == frozenset()


def test_a_role_naming_an_undeclared_permission_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "roles.toml"
    path.write_text(
        '[roles.clerk]\nnames = { en = "Clerk" }\npermissions = ["records.delete_all"]\n',
        encoding="utf-8",
    )
    with pytest.raises(
        RolesFileError, match=r"role 'clerk': unknown permission records\.delete_all"
    ):
        read_roles(path)


def test_a_permission_with_an_unknown_scope_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "roles.toml"
    path.write_text('[permissions."x.y"]\nscope = "region"\ndescription = "d"\n', encoding="utf-8")
    with pytest.raises(
        RolesFileError, match=r"permission 'x\.y': scope must be one of agency, all"
    ):
        read_roles(path)


def test_a_role_name_falls_back_to_english() -> None:
    role = Role.objects.get(code="case_worker")
    assert role.name("es") == "Gestor de casos"
    assert role.name("qu") == "Case worker"


def test_createsuperuser_asks_for_an_email_address(monkeypatch: pytest.MonkeyPatch) -> None:
    from django.core.management import call_command

    monkeypatch.setenv("DJANGO_SUPERUSER_PASSWORD", PASSWORD)
    call_command("createsuperuser", email="Root@Kuska.pe", interactive=False, verbosity=0)
    root = User.objects.get(email="root@kuska.pe")
    assert root.is_superuser
    assert root.is_staff
    assert root.check_password(PASSWORD)


def test_the_admin_lists_and_adds_users(client: Client) -> None:
    root = User.objects.create_superuser("root@kuska.pe", PASSWORD)
    sign_in(client, root)
    assert client.get("/admin/accounts/user/").status_code == 200
    assert client.get("/admin/accounts/user/add/").status_code == 200
    response = client.post(
        "/admin/accounts/user/add/",
        {
            "email": "Nuevo@Kuska.pe",
            "usable_password": "true",
            "password1": PASSWORD,
            "password2": PASSWORD,
            "memberships-TOTAL_FORMS": "0",
            "memberships-INITIAL_FORMS": "0",
        },
    )
    assert response.status_code == 302, response.context["adminform"].form.errors
    added = User.objects.get(email="nuevo@kuska.pe")
    event = Event.objects.order_by("-sequence").first()
    assert event is not None
    assert (event.action, event.actor, event.records, event.source) == (
        "user.add",
        root,
        [f"accounts.user:{added.pk}"],
        "127.0.0.1",
    )
    assert client.get(f"/admin/accounts/user/{added.pk}/delete/").status_code == 403
    assert client.get(f"/admin/accounts/user/{added.pk}/change/").status_code == 200
    assert client.get("/admin/accounts/role/").status_code == 200
    assert client.get("/admin/audit/event/").status_code == 200


def test_init_explains_a_database_made_before_user_accounts(
    initialised_sqlite: Initialised, tmp_path: Path
) -> None:
    import os
    import sqlite3
    import subprocess
    import sys

    var = initialised_sqlite.copy(tmp_path / "var")  # a database ``kuska init`` made
    env = {name: value for name, value in os.environ.items() if name != "DATABASE_URL"}
    env.update(KUSKA_VAR_DIR=str(var), KUSKA_LOG_LEVEL="WARNING")
    init = [sys.executable, "-m", "kuska.cli", "init"]
    # what a database made before kuska.accounts looks like to the migrations
    with sqlite3.connect(var / "kuska.sqlite3") as database:
        database.execute("DELETE FROM django_migrations WHERE app IN ('accounts', 'audit')")
    again = subprocess.run(init, env=env, capture_output=True, text=True, check=False)
    assert again.returncode == 1
    assert "accounts.0001_initial" in again.stdout
    assert "Traceback" not in again.stderr
