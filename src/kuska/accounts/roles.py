"""Roles as data: ``roles.toml`` read, checked and loaded into :class:`Role` and :class:`Permission` rows.

The file is loaded after every ``migrate`` (so by ``kuska init`` and in every test database); loading it again
changes nothing. A role removed from the file keeps its row (memberships point at it) but loses every permission.

>>> spec = read_roles()
>>> sorted(spec.roles["auditor"].permissions)
['audit.read', 'figures.public']
>>> spec.permissions["records.submit"].scope
'agency'
>>> "identity.reveal" in spec.second_factor
True
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from django.db import transaction

ROLES_FILE = Path(__file__).resolve().parent / "roles.toml"
SCOPES = ("agency", "all")


class RolesFileError(Exception):
    """The roles file is not as documented; the message names the role or permission and the value."""


@dataclass(frozen=True)
class PermissionSpec:
    code: str
    scope: str
    description: str


@dataclass(frozen=True)
class RoleSpec:
    code: str
    names: dict[str, str]
    assignable: bool
    permissions: frozenset[str]


@dataclass(frozen=True)
class RolesSpec:
    permissions: dict[str, PermissionSpec]
    roles: dict[str, RoleSpec]
    # whoever holds one of these permissions signs in with a second factor
    second_factor: frozenset[str] = frozenset()


@dataclass(frozen=True)
class RolesLoaded:
    """What loading changed: codes of the permissions and roles created, updated and retired."""

    created: list[str]
    updated: list[str]
    retired: list[str]

    @property
    def changed(self) -> bool:
        return bool(self.created or self.updated or self.retired)


def _text(where: str, table: dict[str, Any], key: str) -> str:
    value = table.get(key)
    if not isinstance(value, str) or not value.strip():
        raise RolesFileError(f"{where}: '{key}' must be a non-empty text, found {value!r}")
    return value.strip()


def read_roles(path: Path = ROLES_FILE) -> RolesSpec:
    """The permissions and roles of a roles file, checked: every permission has a scope and a description,
    every role a name in English and only permissions the file declares."""
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, tomllib.TOMLDecodeError) as exc:
        raise RolesFileError(f"{path.name}: {exc}") from exc
    permissions: dict[str, PermissionSpec] = {}
    for code, table in data.get("permissions", {}).items():
        where = f"{path.name}: permission '{code}'"
        scope = _text(where, table, "scope")
        if scope not in SCOPES:
            raise RolesFileError(
                f"{where}: scope must be one of {', '.join(SCOPES)}, found {scope!r}"
            )
        permissions[code] = PermissionSpec(code, scope, _text(where, table, "description"))
    roles: dict[str, RoleSpec] = {}
    for code, table in data.get("roles", {}).items():
        where = f"{path.name}: role '{code}'"
        names = table.get("names")
        if not isinstance(names, dict) or not isinstance(names.get("en"), str):
            raise RolesFileError(f"{where}: 'names' must give at least the English name (en)")
        granted = table.get("permissions", [])
        unknown = sorted(set(granted) - set(permissions))
        if unknown:
            raise RolesFileError(f"{where}: unknown permission {', '.join(unknown)}")
        roles[code] = RoleSpec(
            code=code,
            names={str(lang): str(name) for lang, name in names.items()},
            assignable=bool(table.get("assignable", True)),
            permissions=frozenset(granted),
        )
    if not roles:
        raise RolesFileError(f"{path.name}: no roles")
    second_factor = data.get("second_factor", [])
    if not isinstance(second_factor, list):
        raise RolesFileError(f"{path.name}: 'second_factor' must be a list of permissions")
    unknown = sorted(set(map(str, second_factor)) - set(permissions))
    if unknown:
        raise RolesFileError(f"{path.name}: second_factor: unknown permission {', '.join(unknown)}")
    return RolesSpec(permissions, roles, frozenset(map(str, second_factor)))


def load_roles(path: Path = ROLES_FILE, using: str = "default") -> RolesLoaded:
    """Make the Role and Permission rows what the roles file says."""
    from kuska.accounts.models import Permission, Role

    spec = read_roles(path)
    created: list[str] = []
    updated: list[str] = []
    retired: list[str] = []
    with transaction.atomic(using=using):
        stored_permissions = {p.code: p for p in Permission.objects.using(using)}
        for code, wanted in spec.permissions.items():
            permission = stored_permissions.get(code)
            if permission is None:
                stored_permissions[code] = Permission.objects.using(using).create(
                    code=code, scope=wanted.scope, description=wanted.description
                )
                created.append(code)
            elif (permission.scope, permission.description) != (wanted.scope, wanted.description):
                permission.scope, permission.description = wanted.scope, wanted.description
                permission.save(using=using)
                updated.append(code)
        for code in sorted(set(stored_permissions) - set(spec.permissions)):
            stored_permissions.pop(code).delete()
            retired.append(code)
        for role in Role.objects.using(using).prefetch_related("permissions"):
            wanted_role = spec.roles.get(role.code)
            if wanted_role is None:
                if role.assignable or role.permissions.exists():
                    role.assignable = False
                    role.save(using=using)
                    role.permissions.clear()
                    retired.append(role.code)
                continue
            have = {p.code for p in role.permissions.all()}
            if (role.names, role.assignable, have) != (
                wanted_role.names,
                wanted_role.assignable,
                set(wanted_role.permissions),
            ):
                role.names, role.assignable = wanted_role.names, wanted_role.assignable
                role.save(using=using)
                role.permissions.set([stored_permissions[c] for c in wanted_role.permissions])
                updated.append(role.code)
        existing = set(Role.objects.using(using).values_list("code", flat=True))
        for code, wanted_role in spec.roles.items():
            if code in existing:
                continue
            role = Role.objects.using(using).create(
                code=code, names=wanted_role.names, assignable=wanted_role.assignable
            )
            role.permissions.set([stored_permissions[c] for c in wanted_role.permissions])
            created.append(code)
    return RolesLoaded(created, updated, retired)


def load_roles_after_migrate(using: str = "default", **kwargs: Any) -> None:
    """The ``post_migrate`` receiver of the accounts app (nothing to load when its tables were migrated away)."""
    apps = kwargs.get("apps")
    if apps is not None:
        try:
            apps.get_model("accounts", "Role")
        except LookupError:
            return
        try:
            apps.get_model("audit", "Event")
        except LookupError:
            return
    loaded = load_roles(using=using)
    if loaded.changed:
        from kuska.accounts.models import Permission, Role
        from kuska.audit.trail import Action, record_event

        codes = loaded.created + loaded.updated + loaded.retired
        changed: list[Permission | Role] = [*Permission.objects.filter(code__in=codes)]
        changed += Role.objects.filter(code__in=codes)
        record_event(None, Action.ROLES_LOAD, records=changed, source="migrate")
