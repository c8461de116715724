"""Normalization of person records before linkage: Peruvian and Latin American names, documents, birth dates.

Agencies write the same person in many ways: ``María Elena QUISPE MAMANI``, ``quispe mamani, maria elena``,
``Ma. Elena Quispe`` (no maternal surname), ``Elena María Mamani Quispe`` (given names and surnames swapped),
``Rosa De La Cruz Huamán`` / ``Rosa Cruz Guamán``. Normalization makes the comparisons see through the
spelling; it never decides a match (the model does):

- case and accents: upper case, accents and the tilde dropped (``Núñez`` → ``NUNEZ``), punctuation to spaces;
- particles ``de``, ``del``, ``de la``, ``de los``, ``de las``, ``la``, ``las``, ``los``, ``y`` dropped, unless
  nothing else is left (``De la Cruz`` → ``CRUZ``, ``Fernández y Soto`` → ``FERNANDEZ SOTO``);
- compound surnames: a hyphen is a space (``Fernández-Dávila`` → ``FERNANDEZ DAVILA``);
- a missing maternal surname: when only the paternal field is filled and it holds two words, the second is taken
  as the maternal surname (agencies often type both surnames in one column);
- swapped surnames and given-name order: the comparisons look at both orders (``surnames`` and ``given_sorted``);
- common abbreviations of given names (``Ma.`` → ``MARIA``, ``Fco.`` → ``FRANCISCO``);
- a phonetic key for blocking that folds the spellings Spanish and Quechua/Aymara names take in records:
  ``Huamán``/``Guamán``/``Wamán``, ``Quispe``/``Quispi``/``Quizpe``, ``Ccahuana``/``Cahuana``, ``Yupanqui``/
  ``Llupanqui``, ``Vílchez``/``Bilches`` (Quechua has three vowels, so e/i and o/u vary in Spanish spelling);
- document: the type (``none`` is no document) and the keyed hash computed at intake; numbers are never read;
- birth: the year range a record allows — the birth year itself, or ``event year − age − 1`` to
  ``event year − age`` when only the age at the event is known.

Values handled here are identity data: they are computed in memory and never logged.

>>> n = normalize_person("Ma. Elena", "quispe mamani", "", None, datetime.date(2020, 3, 1), 17)
>>> n.given, n.paternal, n.maternal, n.birth_year_min, n.birth_year_max
('MARIA ELENA', 'QUISPE', 'MAMANI', 2002, 2003)
"""

from __future__ import annotations

import datetime
import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache

PARTICLES = frozenset({"DE", "DEL", "LA", "LAS", "LOS", "Y"})
ABBREVIATIONS = {
    "MA": "MARIA",
    "MARI": "MARIA",
    "FCO": "FRANCISCO",
    "FCA": "FRANCISCA",
    "JOSEF": "JOSEFA",
    "GMO": "GUILLERMO",
    "STA": "SANTA",
}
NO_DOCUMENT = frozenset({"", "none"})
CACHE_SIZE = 1 << 18

_NOT_LETTER = re.compile(r"[^A-Z ]+")
_SPACES = re.compile(r" {2,}")


@lru_cache(maxsize=CACHE_SIZE)
def clean(text: str) -> str:
    """Upper case without accents, tilde or punctuation; words separated by one space.

    >>> clean("  Núñez-Dávila, d'Ángelo ")
    'NUNEZ DAVILA DANGELO'
    """
    decomposed = unicodedata.normalize("NFKD", text)
    bare = "".join(c for c in decomposed if not unicodedata.combining(c)).upper()
    bare = bare.replace("'", "").replace("’", "").replace("`", "")
    bare = _NOT_LETTER.sub(" ", bare)
    return _SPACES.sub(" ", bare).strip()


@lru_cache(maxsize=CACHE_SIZE)
def words(text: str, *, abbreviations: bool = False) -> tuple[str, ...]:
    """The words of a name without particles (kept if nothing else is left).

    >>> words("María de los Ángeles")
    ('MARIA', 'ANGELES')
    >>> words("De la Cruz")
    ('CRUZ',)
    >>> words("Del")
    ('DEL',)
    """
    found = clean(text).split()
    if abbreviations:
        found = [ABBREVIATIONS.get(w, w) for w in found]
    kept = tuple(w for w in found if w not in PARTICLES)
    return kept or tuple(found)


_PHONETIC_STEPS: tuple[tuple[re.Pattern[str], str], ...] = tuple(
    (re.compile(pattern), replacement)
    for pattern, replacement in (
        (r"LL", "Y"),
        (r"([A-Z])\1+", r"\1"),  # doubled letters: CCAHUANA, TTITO
        (r"CH", "X"),
        (r"^HU(?=[AEIO])|(?<=[AEIOU])HU(?=[AEIO])", "U"),  # HUAMAN, WAMAN, GUAMAN
        (r"^GU(?=[AO])|(?<=[AEIOU])GU(?=[AO])", "U"),
        (r"W", "U"),
        (r"QU(?=[EI])", "K"),
        (r"Q", "K"),
        (r"C(?=[EI])", "S"),
        (r"C", "K"),
        (r"Z", "S"),
        (r"G(?=[EI])", "J"),  # before GUE/GUI loses its U: JORGE ~ JORJE, MIGUEL ~ MIGEL
        (r"GU(?=[EI])", "G"),
        (r"V", "B"),
        (r"PH", "F"),
        (r"H", ""),
        (r"Y", "I"),
        (r"E", "I"),
        (r"O", "U"),
        (r"([A-Z])\1+", r"\1"),
    )
)


@lru_cache(maxsize=CACHE_SIZE)
def phonetic(word: str) -> str:
    """A key under which the usual spellings of one Spanish, Quechua or Aymara name fall together.

    >>> {phonetic(w) for w in ("HUAMAN", "GUAMAN", "WAMAN")}
    {'UAMAN'}
    >>> phonetic("QUISPE") == phonetic("QUISPI") == phonetic("QUIZPE")
    True
    >>> phonetic("CCAHUANA") == phonetic("CAHUANA"), phonetic("VILCHEZ") == phonetic("BILCHES")
    (True, True)
    """
    key = word
    for pattern, replacement in _PHONETIC_STEPS:
        key = pattern.sub(replacement, key)
    return key


@dataclass(frozen=True, slots=True)
class NormalizedPerson:
    """What the linkage model compares, for one person record. ``None`` where the record says nothing."""

    given: str | None  # given names in the recorded order: "MARIA ELENA"
    given_sorted: str | None  # the same words in alphabetical order: order no longer matters
    given_first: str | None  # the first given name
    given_words: tuple[str, ...]
    given_key: str | None  # phonetic key of the first given name, for blocking
    paternal: str | None
    maternal: str | None
    surnames: str | None  # paternal and maternal together: "QUISPE MAMANI"
    paternal_key: str | None
    maternal_key: str | None
    birth_date: str | None  # ISO date
    birth_year_min: int | None
    birth_year_max: int | None
    birth_year: int | None  # the likeliest birth year, for blocking


@lru_cache(maxsize=CACHE_SIZE)
def normalize_given(
    text: str,
) -> tuple[str | None, str | None, str | None, tuple[str, ...], str | None]:
    """Given names: (as recorded, sorted, first, words, phonetic key of the first).

    >>> normalize_given("Elena  María")[:3]
    ('ELENA MARIA', 'ELENA MARIA', 'ELENA')
    >>> normalize_given("Ma. Elena")[0]
    'MARIA ELENA'
    """
    found = words(text, abbreviations=True)
    if not found:
        return None, None, None, (), None
    return " ".join(found), " ".join(sorted(found)), found[0], found, phonetic(found[0])


def normalize_surnames(paternal: str, maternal: str) -> tuple[str | None, str | None]:
    """(paternal, maternal), cleaned; both surnames typed in the paternal field are split.

    >>> normalize_surnames("Quispe Mamani", "")
    ('QUISPE', 'MAMANI')
    >>> normalize_surnames("de la Cruz", "Huamán")
    ('CRUZ', 'HUAMAN')
    >>> normalize_surnames("Fernández-Dávila", "Soto")
    ('FERNANDEZ DAVILA', 'SOTO')
    >>> normalize_surnames("", "Mamani")
    ('MAMANI', None)
    """
    first, second = words(paternal), words(maternal)
    if not first and second:
        first, second = second, ()
    if not second and len(first) >= 2:
        first, second = first[:1], first[1:]
    return (" ".join(first) or None), (" ".join(second) or None)


def surname_fields(
    paternal_surname: str, maternal_surname: str
) -> tuple[str | None, str | None, str | None, str | None, str | None]:
    """(paternal, maternal, both, phonetic key of the first word of each) of a record's surnames.

    >>> surname_fields("Huamán", "de la Cruz")
    ('HUAMAN', 'CRUZ', 'HUAMAN CRUZ', 'UAMAN', 'KRUS')
    """
    paternal, maternal = normalize_surnames(paternal_surname, maternal_surname)
    return (
        paternal,
        maternal,
        " ".join(p for p in (paternal, maternal) if p) or None,
        phonetic(paternal.split()[0]) if paternal else None,
        phonetic(maternal.split()[0]) if maternal else None,
    )


def birth_years(
    birth_date: datetime.date | None,
    event_date: datetime.date | None,
    age_at_event: int | None,
) -> tuple[int | None, int | None, int | None]:
    """(earliest, latest, likeliest) birth year a record allows.

    A birth date gives its year. An age at an event allows two years: born after the event's day of the year
    (``year − age − 1``) or before it (``year − age``); the likelier is the second when the event falls in
    the second half of the year.

    >>> birth_years(datetime.date(2004, 7, 12), None, None)
    (2004, 2004, 2004)
    >>> birth_years(None, datetime.date(2020, 3, 1), 15)
    (2004, 2005, 2004)
    >>> birth_years(None, datetime.date(2020, 11, 1), 15)
    (2004, 2005, 2005)
    >>> birth_years(None, None, 15)
    (None, None, None)
    """
    if birth_date is not None:
        return birth_date.year, birth_date.year, birth_date.year
    if event_date is None or age_at_event is None:
        return None, None, None
    latest = event_date.year - age_at_event
    likeliest = latest if event_date.month >= 7 else latest - 1
    return latest - 1, latest, likeliest


def normalize_person(
    given_names: str,
    paternal_surname: str,
    maternal_surname: str,
    birth_date: datetime.date | None,
    event_date: datetime.date | None,
    age_at_event: int | None,
) -> NormalizedPerson:
    """Every compared value of one person record (one at a time; :mod:`kuska.linkage.frame` does many)."""
    given, given_sorted, given_first, given_words, given_key = normalize_given(given_names or "")
    paternal, maternal, surnames, paternal_key, maternal_key = surname_fields(
        paternal_surname or "", maternal_surname or ""
    )
    low, high, likeliest = birth_years(birth_date, event_date, age_at_event)
    return NormalizedPerson(
        given=given,
        given_sorted=given_sorted,
        given_first=given_first,
        given_words=given_words,
        given_key=given_key,
        paternal=paternal,
        maternal=maternal,
        surnames=surnames,
        paternal_key=paternal_key,
        maternal_key=maternal_key,
        birth_date=birth_date.isoformat() if birth_date else None,
        birth_year_min=low,
        birth_year_max=high,
        birth_year=likeliest,
    )


def document_kind(document_type: str, document_hash: str) -> tuple[str | None, str | None]:
    """(type, keyed hash) of a record's document, or ``(None, None)`` when it has none.

    The number itself is never read: the keyed hash computed at intake is what linkage compares.

    >>> document_kind("DNI", "ab12")
    ('dni', 'ab12')
    >>> document_kind("none", "")
    (None, None)
    """
    kind = document_type.strip().lower()
    if kind in NO_DOCUMENT or not document_hash:
        return None, None
    return kind, document_hash
