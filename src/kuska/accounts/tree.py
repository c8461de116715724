"""Which agencies a membership covers: its own agency and every unit below it in the agency tree.

This is the one place accounts reads the agency tree (``Agency.parent``).

>>> # covers(pnp, pnp_lima)   # True: a membership of the police covers its Lima unit
>>> # covers(pnp_lima, pnp)   # False: a unit's membership does not cover its parent
"""

from __future__ import annotations

from collections.abc import Iterable

from kuska.registry.models import Agency


def _parents() -> dict[int, int | None]:
    return dict(Agency.objects.values_list("id", "parent_id"))


def _ancestry(agency_id: int, parents: dict[int, int | None]) -> list[int]:
    """The agency and its ancestors, nearest first; stops at a cycle rather than looping."""
    chain: list[int] = []
    current: int | None = agency_id
    while current is not None and current not in chain:
        chain.append(current)
        current = parents.get(current)
    return chain


def covers(member_of: Agency, agency: Agency) -> bool:
    """Whether a membership of ``member_of`` covers ``agency``: the same agency, or one of its units at any depth."""
    if member_of.pk == agency.pk:
        return True
    return member_of.pk in _ancestry(agency.pk, _parents())


def covered_agency_ids(member_of: Iterable[int]) -> set[int]:
    """The ids of every agency covered by memberships of the given agencies (each of them and all their units)."""
    roots = set(member_of)
    if not roots:
        return set()
    parents = _parents()
    return {
        agency_id for agency_id in parents if not roots.isdisjoint(_ancestry(agency_id, parents))
    }
