"""docs/access.md and roles.toml say the same: every permission with its scope and meaning, every role with its
names and permissions, every audit action."""

from __future__ import annotations

import re
from pathlib import Path

from kuska.accounts.roles import read_roles
from kuska.audit.models import Action

ACCESS = (Path(__file__).resolve().parent.parent / "docs" / "access.md").read_text(encoding="utf-8")


def section(title: str) -> str:
    return ACCESS.split(f"## {title}\n", 1)[1].split("\n## ", 1)[0]


def rows(text: str) -> list[list[str]]:
    """The cells of the table rows that start with a code (`…`)."""
    return [
        [cell.strip() for cell in line.strip().strip("|").split("|")]
        for line in text.splitlines()
        if line.startswith("| `")
    ]


def code(cell: str) -> str:
    found = re.fullmatch(r"`([^`]+)`", cell)
    assert found, cell
    return found.group(1)


def test_every_permission_is_documented_with_its_scope_and_meaning() -> None:
    spec = read_roles()
    permissions_table = section("Permissions").split("## Roles", 1)[0]
    documented = {code(c[0]): (c[1], c[2]) for c in rows(permissions_table)}
    assert documented == {p.code: (p.scope, p.description) for p in spec.permissions.values()}


def test_every_role_is_documented_with_its_names() -> None:
    spec = read_roles()
    table = section("Roles").split("What each role may do", 1)[0]
    documented = {code(c[0]): (c[1], c[2]) for c in rows(table)}
    assert documented == {r.code: (r.names["en"], r.names["es"]) for r in spec.roles.values()}


def test_the_matrix_gives_each_role_exactly_its_permissions() -> None:
    spec = read_roles()
    matrix = section("Roles").split("What each role may do", 1)[1]
    header = next(line for line in matrix.splitlines() if line.startswith("| Permission |"))
    roles = [code(cell.strip()) for cell in header.strip().strip("|").split("|")[1:]]
    assert sorted(roles) == sorted(spec.roles)
    granted: dict[str, set[str]] = {role: set() for role in roles}
    for cells in rows(matrix):
        for role, mark in zip(roles, cells[1:], strict=True):
            assert mark in ("", "✓"), cells
            if mark:
                granted[role].add(code(cells[0]))
    assert {code(cells[0]) for cells in rows(matrix)} == set(spec.permissions)
    assert granted == {r.code: set(r.permissions) for r in spec.roles.values()}


def test_every_audit_action_is_documented() -> None:
    documented = {code(cells[0]) for cells in rows(section("The audit trail"))}
    assert documented == set(Action.values)
