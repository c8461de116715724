"""The agency tree: every agency of the loaded profile, found by code or alias, with its parent and children.

One tree answers every question about agencies: which agency a code a user typed names (``find``: the code in
any case, or one of the agency's aliases), which agencies sit below one (``subtree``: an indicator's source
includes its units), and which agency a record counts for (``reporting``: a regional unit counts as the agency
it belongs to). Intake, the API, the statistics and linkage's figures read it; access control will too.

>>> tree = AgencyTree([
...     AgencyNode(1, "POLICE", None, ""),
...     AgencyNode(2, "POLICE-NORTH", 1, "XX-NOR"),
...     AgencyNode(3, "PROSECUTION", None, "", aliases=("PROSEC",)),
... ])
>>> tree.find("police-north").code, tree.find("prosec").code
('POLICE-NORTH', 'PROSECUTION')
>>> tree.reporting(2).code
'POLICE'
>>> [node.code for node in tree.children("POLICE")]
['POLICE-NORTH']
>>> tree.find("NAVY")
Traceback (most recent call last):
  ...
kuska.registry.agencies.UnknownAgencyError: ...
>>> try:
...     tree.find("NAVY")
... except UnknownAgencyError as error:
...     print(error.message("en"))
agency 'NAVY' is not in the profile; known agencies: POLICE, POLICE-NORTH, PROSECUTION
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from contextlib import nullcontext
from dataclasses import dataclass
from difflib import get_close_matches
from typing import TYPE_CHECKING

from django.utils import translation
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise

    from kuska.registry.models import Agency

ALIAS_SEPARATOR = "|"


class UnknownAgencyError(LookupError):
    """A code that names no agency of the profile; the message gives the code and the known ones.

    ``suggestions`` are the codes to offer first: those close to the one given, then the top-level agencies.
    """

    def __init__(self, code: str, known: Iterable[str], suggestions: Sequence[str] = ()) -> None:
        self.code = code
        self.known = sorted(known)
        self.suggestions = list(suggestions)
        super().__init__(self.message())

    @property
    def lazy_message(self) -> StrOrPromise:
        """The message, translated when it is read (for errors that carry it to another language)."""
        return format_lazy(
            _("agency '{code}' is not in the profile; known agencies: {known}"),
            code=self.code,
            known=", ".join(self.known) or "—",
        )

    def message(self, lang: str | None = None) -> str:
        """The message in the active language, or in ``lang``."""
        with translation.override(lang) if lang else nullcontext():
            return str(self.lazy_message)

    def __str__(self) -> str:
        return self.message()


@dataclass(frozen=True)
class AgencyNode:
    """An agency as the tree holds it: no database row, so it travels to worker processes and caches."""

    id: int
    code: str
    parent_id: int | None
    region_code: str
    sector: str = ""
    aliases: tuple[str, ...] = ()


def split_aliases(text: str) -> tuple[str, ...]:
    """The aliases of an agency as the profile writes them: separated by ``|``.

    >>> split_aliases("FIS | FISCALIA|")
    ('FIS', 'FISCALIA')
    """
    return tuple(part.strip() for part in text.split(ALIAS_SEPARATOR) if part.strip())


def _key(code: str) -> str:
    return code.strip().casefold()


class AgencyTree:
    """The agencies of the profile as a tree (see the module's docstring)."""

    def __init__(self, nodes: Iterable[AgencyNode]) -> None:
        self._by_id = {node.id: node for node in nodes}
        self._by_key: dict[str, AgencyNode] = {}
        for node in self._by_id.values():  # codes first: an alias never hides a code
            self._by_key[_key(node.code)] = node
        for node in self._by_id.values():
            for alias in node.aliases:
                self._by_key.setdefault(_key(alias), node)
        self._children: dict[int, list[AgencyNode]] = {}
        for node in sorted(self._by_id.values(), key=lambda n: n.code):
            if node.parent_id is not None:
                self._children.setdefault(node.parent_id, []).append(node)

    @classmethod
    def load(cls) -> AgencyTree:
        """The tree of the agencies in the database (needs Django set up)."""
        from kuska.registry.models import Agency

        return cls(
            AgencyNode(
                id=a.id,
                code=a.code,
                parent_id=a.parent_id,
                region_code=a.region.code if a.region else "",
                sector=a.sector,
                aliases=split_aliases(a.aliases),
            )
            for a in Agency.objects.select_related("region")
        )

    def __iter__(self) -> Iterator[AgencyNode]:
        return iter(sorted(self._by_id.values(), key=lambda n: n.code))

    def __len__(self) -> int:
        return len(self._by_id)

    def codes(self) -> list[str]:
        return sorted(node.code for node in self._by_id.values())

    def get(self, code: str) -> AgencyNode | None:
        """The agency with this code or alias, in any case; ``None`` if there is none."""
        return self._by_key.get(_key(code))

    def find(self, code: str) -> AgencyNode:
        """The agency with this code or alias, in any case; raises :class:`UnknownAgencyError`."""
        node = self.get(code)
        if node is None:
            given = code.strip()
            close = get_close_matches(given.upper(), self.codes(), n=5, cutoff=0.5)
            heads = [n.code for n in self.roots() if n.code not in close]
            raise UnknownAgencyError(given, self.codes(), (close + heads)[:10])
        return node

    def node(self, agency_id: int) -> AgencyNode:
        return self._by_id[agency_id]

    def parent(self, agency_id: int) -> AgencyNode | None:
        parent_id = self._by_id[agency_id].parent_id
        return self._by_id.get(parent_id) if parent_id is not None else None

    def children(self, code: str) -> list[AgencyNode]:
        """The agencies directly below the agency with this code (or alias), by code."""
        return list(self._children.get(self.find(code).id, []))

    def subtree(self, code: str) -> list[AgencyNode]:
        """The agency with this code (or alias) and every agency below it, the agency first."""
        found, pending, seen = [], [self.find(code)], set()
        while pending:
            node = pending.pop(0)
            if node.id in seen:
                continue
            seen.add(node.id)
            found.append(node)
            pending += self._children.get(node.id, [])
        return found

    def roots(self) -> list[AgencyNode]:
        """The agencies at the top of the tree, by code."""
        return [node for node in self if node.parent_id is None]

    def depth(self, agency_id: int) -> int:
        """How many agencies are above this one."""
        level, current, seen = 0, self._by_id[agency_id], {agency_id}
        while current.parent_id is not None and current.parent_id not in seen:
            seen.add(current.parent_id)
            current, level = self._by_id[current.parent_id], level + 1
        return level

    def reporting(self, agency_id: int) -> AgencyNode:
        """The agency a record of this agency counts for: a regional unit (an agency with a region) counts as
        the nearest agency above it that has no region; any other agency counts as itself."""
        node = self._by_id[agency_id]
        current, seen = node, {agency_id}
        while current.region_code and current.parent_id is not None:
            if current.parent_id in seen:
                break
            seen.add(current.parent_id)
            current = self._by_id[current.parent_id]
        return current if not current.region_code else node

    def rollup(self) -> dict[int, str]:
        """Agency id → the code of the agency its records count for (:meth:`reporting`)."""
        return {agency_id: self.reporting(agency_id).code for agency_id in self._by_id}


def find_agency(code: str) -> Agency:
    """The agency with this code or alias in the database, in any case; raises :class:`UnknownAgencyError`."""
    from kuska.registry.models import Agency

    return Agency.objects.get(pk=AgencyTree.load().find(code).id)
