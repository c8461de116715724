"""One full-name column split into given names and paternal and maternal surnames.

Exports write a person's name in one column in two orders: ``"QUISPE MAMANI, Rosa Elena"`` (surnames, a comma,
given names) and ``"Rosa Elena Quispe Mamani"`` (given names, then surnames). Without a comma, the mapping file
says which order its export uses (``name_order``); given names first is the default. Particles (``de``, ``del``,
``de la``, ``y``…) belong to the word after them, so ``de la Cruz`` is one surname and ``María del Pilar`` two
given names; ``y`` joins two surnames into one compound surname (``Pérez y Soto``). A split is a reading, not a
certainty: the person record says its names were inferred (``names_inferred``).

>>> split_full_name("DE LA CRUZ QUISPE, María del Pilar")
('María del Pilar', 'DE LA CRUZ', 'QUISPE')
>>> split_full_name("Rosa Elena Quispe Mamani")
('Rosa Elena', 'Quispe', 'Mamani')
>>> split_full_name("Quispe Mamani Rosa Elena", order="surnames_first")
('Rosa Elena', 'Quispe', 'Mamani')
"""

from __future__ import annotations

ORDERS = ("given_first", "surnames_first")
PARTICLES = frozenset(
    {"de", "del", "la", "las", "los", "da", "das", "do", "dos", "di", "van", "von", "mc"}
)
JOINER = "y"


def _units(words: list[str]) -> list[str]:
    """Words grouped into names: particles with the word after them, ``y`` joining its neighbours."""
    units: list[str] = []
    pending: list[str] = []
    join_next = False
    for word in words:
        lower = word.lower()
        if lower in PARTICLES:
            pending.append(word)
            continue
        if lower == JOINER and units and not pending:
            units[-1] += " " + word
            join_next = True
            continue
        unit = " ".join([*pending, word])
        pending = []
        if join_next:
            units[-1] += " " + unit
            join_next = False
        else:
            units.append(unit)
    if pending:  # a trailing particle: keep it with the last name
        if units:
            units[-1] += " " + " ".join(pending)
        else:
            units.append(" ".join(pending))
    return units


def _surnames(units: list[str]) -> tuple[str, str]:
    if not units:
        return "", ""
    return units[0], " ".join(units[1:])


def split_full_name(text: str, order: str = "given_first") -> tuple[str, str, str]:
    """(given names, paternal surname, maternal surname) of a full name; empty strings for parts not there."""
    text = " ".join(str(text).split())
    if "," in text:
        surnames, given = (part.strip() for part in text.split(",", 1))
        return (given, *_surnames(_units(surnames.split())))
    units = _units(text.split())
    if len(units) <= 1:
        return (units[0] if units else "", "", "")
    if len(units) == 2:
        first, second = units
        return (second, first, "") if order == "surnames_first" else (first, second, "")
    if order == "surnames_first":
        return (" ".join(units[2:]), units[0], units[1])
    return (" ".join(units[:-2]), units[-2], units[-1])
