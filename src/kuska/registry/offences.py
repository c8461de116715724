"""The offence catalogue: resolve an article as agencies write it to the article in force.

Peru renumbered its trafficking and exploitation offences in March 2021 (old art. 153 became 129-A). Agencies keep
writing both; this module maps either to the current article.
"""

from __future__ import annotations

import re

from kuska.registry.models import Offence

_PREFIX = re.compile(r"^\s*(art(í|i)culo|art)\.?\s*", re.IGNORECASE)


class UnknownOffenceError(LookupError):
    """No offence with that article number is in the catalogue."""


def normalize_article(text: str) -> str:
    """The article number as the catalogue writes it.

    >>> normalize_article("Art. 153°")
    '153'
    >>> normalize_article("artículo 129 a")
    '129-A'
    """
    body = _PREFIX.sub("", text).strip().upper().rstrip("°º.").strip()
    match = re.fullmatch(r"(\d+)\s*[-\s]?\s*([A-ZÑ]{0,2})", body)
    if not match:
        return body
    number, letter = match.groups()
    return f"{number}-{letter}" if letter else number


def resolve(article: str, framework: str | None = None) -> Offence:
    """The offence in force for an article, following replacements from older frameworks.

    Without ``framework``, an article found in several frameworks resolves to the current one; a replaced article
    resolves to its successor (``resolve("153")`` gives 129-A).
    """
    number = normalize_article(article)
    candidates = Offence.objects.filter(article=number)
    if framework:
        candidates = candidates.filter(framework=framework)
    found = sorted(candidates, key=lambda o: (o.valid_to is not None, o.framework))
    if not found:
        raise UnknownOffenceError(f"article {article!r} is not in the offence catalogue")
    offence = found[0]
    seen = {offence.pk}
    while (successor := offence.replaced_by.first()) is not None and successor.pk not in seen:
        seen.add(successor.pk)
        offence = successor
    return offence
