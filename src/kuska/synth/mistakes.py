"""The mistakes people make writing a person down: the one source of noise for the synthetic data and the linkage
benchmark.

A typing mistake (a neighbouring key, a letter left out, doubled or two letters swapped), another spelling of the
same sound (``Huamán`` → ``Guamán``, ``Quispe`` → ``Quizpe``), a mistyped document number, a birth date with day
and month swapped or a digit wrong. Every function takes the random source first and changes its value in a way a
reader would see (never only in accents or case). This module imports nothing of Kuska: whatever generates records
can use it.

>>> import random
>>> fold("Huamán") == fold("HUAMAN")
True
>>> word = typo(random.Random(3), "Quispe")
>>> fold(word) != fold("Quispe")
True
>>> near_number(random.Random(1), "45678912") != "45678912"
True
"""

from __future__ import annotations

import datetime
import random
import unicodedata
from collections.abc import Iterable

# The kinds of noise a record's truth names, each a way two records of one person come to differ (or, for
# ``namesake``, two persons come to look alike). Accents and case are not listed: every record varies in them.
NOISE_KINDS = (
    "typo",  # a typing mistake in a name
    "spelling",  # another spelling of one sound
    "particle_dropped",
    "given_order",  # given names in another order
    "second_given_dropped",
    "surnames_swapped",  # paternal and maternal
    "given_surname_swapped",  # the given name in the surname column and the surname in the given one
    "no_maternal",
    "surnames_in_one_field",
    "first_name_only",  # a victim known by a given name only: no surname
    "birth_day_month_swapped",
    "birth_date_digit",  # one digit of the birth date wrong
    "age_only",  # the age at the event instead of the birth date
    "no_birth",  # neither birth date nor age
    "document_near",  # the document number one or two edits or a transposition away
    "no_document",  # the person has a document, the record none
    "namesake",  # a person who shares a common given name and the paternal surname with another
)


def noise_label(kinds: Iterable[str]) -> str:
    """The kinds of noise of a record as the truth file writes them: in the order of :data:`NOISE_KINDS`, joined
    by ``;``.

    >>> noise_label({"no_document", "typo"})
    'typo;no_document'
    """
    found = set(kinds)
    return ";".join(k for k in NOISE_KINDS if k in found)


def fold(text: str) -> str:
    """Text without accents or case, to compare names as a reader would."""
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch)).casefold()


# spellings of one sound in Peruvian records, Spanish, Quechua and Aymara: (written, also written)
SOUNDS = (
    ("v", "b"), ("b", "v"), ("s", "z"), ("z", "s"), ("ce", "se"), ("ci", "si"), ("y", "i"), ("i", "y"),
    ("ll", "y"), ("y", "ll"), ("hua", "wa"), ("hua", "gua"), ("hu", "gu"), ("h", ""), ("ñ", "n"), ("qu", "k"),
    ("qui", "ki"), ("cc", "c"), ("tt", "t"), ("ez", "es"), ("j", "g"), ("j", "x"), ("x", "j"), ("e", "i"),
    ("o", "u"),
)  # fmt: skip
KEYBOARD = {
    "a": "qsz", "b": "vng", "c": "xvd", "d": "sfe", "e": "wrd", "f": "dgr", "g": "fht", "h": "gjy",
    "i": "uok", "j": "hku", "k": "jli", "l": "kño", "m": "n", "n": "bmh", "ñ": "nlp", "o": "ipl",
    "p": "oñ", "q": "wa", "r": "etf", "s": "adw", "t": "ryg", "u": "yij", "v": "cbf", "w": "qes",
    "x": "zsc", "y": "tuh", "z": "xa",
}  # fmt: skip
PARTICLES = frozenset({"de", "del", "la", "las", "los", "y"})


def typo(rng: random.Random, word: str) -> str:
    """``word`` with one plausible mistake that changes it even without accents or case."""
    for _ in range(20):
        candidate = _one_typo(rng, word)
        if candidate.strip() and fold(candidate) != fold(word):
            return candidate
    return word + word[-1]


def _one_typo(rng: random.Random, word: str) -> str:
    roll = rng.random()
    lower = word.lower()
    if roll < 0.35:
        options = [(a, b) for a, b in SOUNDS if a in lower[1:]]
        if options:
            a, b = rng.choice(options)
            at = lower.index(a, 1)
            return word[:at] + b + word[at + len(a) :]
    if len(word) < 3:
        return word + rng.choice("aeiou")
    at = rng.randrange(1, len(word) - 1)
    if roll < 0.6:
        return word[:at] + word[at + 1 :]
    if roll < 0.8:
        return word[:at] + word[at + 1] + word[at] + word[at + 2 :]
    if roll < 0.9:
        return word[:at] + word[at] + word[at:]
    neighbours = KEYBOARD.get(word[at].lower(), "a")
    return word[:at] + rng.choice(neighbours) + word[at + 1 :]


def typo_in(rng: random.Random, text: str) -> str:
    """A typing mistake in one word of a name (not in a particle)."""
    words = text.split(" ")
    candidates = [i for i, w in enumerate(words) if len(w) > 2 and w.lower() not in PARTICLES]
    if not candidates:
        return typo(rng, text) if text else text
    i = rng.choice(candidates)
    words[i] = typo(rng, words[i])
    return " ".join(words)


def respell(rng: random.Random, text: str) -> str:
    """Another spelling of the same sounds (``Huamán`` → ``Wamán``), when the name has one."""
    lowered = text.lower()
    options = [(a, b) for a, b in SOUNDS if a in lowered]
    if not options:
        return text
    a, b = rng.choice(options)
    at = lowered.index(a)
    replaced = text[:at] + b + text[at + len(a) :]
    return replaced[:1].upper() + replaced[1:] if at == 0 else replaced


def mistype_number(rng: random.Random, number: str, *, keep_length: bool = False) -> str:
    """A document number with one keystroke wrong: a digit changed, two neighbours swapped, or one left out
    (never left out with ``keep_length``: a number whose type fixes its length is refused at intake otherwise)."""
    digits = [i for i, ch in enumerate(number) if ch.isdigit()]
    if len(digits) < 2:
        return number if keep_length else number + "1"
    roll = rng.random()
    if 0.5 <= roll < 0.8:
        i = rng.choice(digits[:-1])
        j = i + 1
        if number[i] != number[j]:
            return number[:i] + number[j] + number[i] + number[j + 1 :]
    if roll < 0.5 or keep_length:
        i = rng.choice(digits)
        return number[:i] + str((int(number[i]) + rng.randrange(1, 10)) % 10) + number[i + 1 :]
    i = rng.choice(digits)
    return number[:i] + number[i + 1 :]


def near_number(rng: random.Random, number: str, *, keep_length: bool = False) -> str:
    """A document number one or two edits apart, or with two neighbouring digits transposed; always changed.
    With ``keep_length`` (a DNI's 8 digits), of the same length.

    >>> len(near_number(random.Random(4), "45678912", keep_length=True))
    8
    """
    for _ in range(20):
        changed = mistype_number(rng, number, keep_length=keep_length)
        if rng.random() < 0.3:
            changed = mistype_number(rng, changed, keep_length=keep_length)
        if changed != number:
            return changed
    if keep_length and number[-1:].isdigit():
        return number[:-1] + str((int(number[-1]) + 1) % 10)
    return number + "1"


def wrong_birth_date(rng: random.Random, birth: datetime.date) -> datetime.date:
    """Day and month swapped (when both read as a month), or one digit of the date a key away (the year's last
    digit, the month's or the day's); always changed, and never more than a year away in the year."""
    if birth.day <= 12 and birth.day != birth.month and rng.random() < 0.5:
        return datetime.date(birth.year, birth.day, birth.month)
    text = birth.strftime("%Y%m%d")
    for _ in range(40):
        at = rng.randrange(3, len(text))
        value = int(text[at]) + rng.choice((-1, 1))
        if not 0 <= value <= 9:
            continue
        changed = text[:at] + str(value) + text[at + 1 :]
        try:
            return datetime.date(int(changed[:4]), int(changed[4:6]), int(changed[6:]))
        except ValueError:
            continue
    return birth.replace(day=birth.day % 28 + 1)
