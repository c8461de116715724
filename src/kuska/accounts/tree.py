"""Which agencies a membership covers: its own agency and every unit below it in the agency tree.

Accounts reads the registry's one agency tree (:class:`kuska.registry.agencies.AgencyTree`), never
``Agency.parent`` itself.

>>> # covers(police, police_north)   # True: a membership of the police covers its northern unit
>>> # covers(police_north, police)   # False: a unit's membership does not cover its parent
"""

from __future__ import annotations

from collections.abc import Iterable

from kuska.registry.agencies import AgencyTree
from kuska.registry.models import Agency


def _covered(tree: AgencyTree, agency_id: int) -> set[int]:
    """The agency and every unit below it at any depth (the tree stops at a cycle rather than looping)."""
    return {node.id for node in tree.subtree(tree.node(agency_id).code)}


def covers(member_of: Agency, agency: Agency) -> bool:
    """Whether a membership of ``member_of`` covers ``agency``: the same agency, or one of its units at any depth."""
    if member_of.pk == agency.pk:
        return True
    return agency.pk in _covered(AgencyTree.load(), member_of.pk)


def covered_agency_ids(member_of: Iterable[int]) -> set[int]:
    """The ids of every agency covered by memberships of the given agencies (each of them and all their units)."""
    roots = set(member_of)
    if not roots:
        return set()
    tree = AgencyTree.load()
    covered: set[int] = set()
    for agency_id in roots:
        covered |= _covered(tree, agency_id)
    return covered
