"""Languages: which ones Kuska declares and offers, and the few helpers every package uses to speak them.

Text written in code is an English msgid passed through Django's gettext (``gettext`` for text made now,
``gettext_lazy`` for text declared at import time); its translations live in the catalogues under
``src/kuska/locale/<code>/LC_MESSAGES/django.po`` (see docs/translation.md). The active language is Django's
(``django.utils.translation.get_language()``); code that renders for another language wraps the call in
``translation.override(code)`` or uses :func:`translated`.

Reference data (region, agency, code-list and offence names) is not in the catalogues: the country profile gives it
per language, in columns or keys suffixed with the language code (``name_es``, ``label_en``, later ``label_qu``),
read by :func:`localized`. Its fallback rule: the language asked for, else the default language
(``settings.LANGUAGE_CODE``), else English, else the first non-empty value.

>>> localized({"label_es": "Femenino", "label_en": "Female"}, "label", "en")
'Female'
>>> localized({"label_es": "Femenino", "label_en": "Female"}, "label", "qu")  # no Quechua label: the default
'Femenino'
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import Any

from django.conf import settings
from django.utils import translation
from django.utils.functional import Promise

# Every language Kuska knows how to speak once its catalogue exists, with the information Django's
# ``LANG_INFO`` lacks for Quechua and Aymara. English needs no catalogue: the msgids are English.
DECLARED: dict[str, dict[str, Any]] = {
    "es": {"bidi": False, "code": "es", "name": "Spanish", "name_local": "Español"},
    "en": {"bidi": False, "code": "en", "name": "English", "name_local": "English"},
    "qu": {"bidi": False, "code": "qu", "name": "Quechua", "name_local": "Runasimi"},
    "ay": {"bidi": False, "code": "ay", "name": "Aymara", "name_local": "Aymar aru"},
}
SOURCE_LANGUAGE = "en"
# Languages whose catalogue translates only the screening and hotline pages (docs/translation.md): everything else
# would be shown in Spanish, so what is made of other text (the annual report) is not offered in them.
PARTIAL_CATALOGUES = frozenset({"qu", "ay"})


def gettext_noop(message: str) -> str:
    """Marks an English msgid for the catalogues (``makemessages`` looks for this name) and returns it untranslated.

    Django's own ``gettext_noop`` reads the settings; this one does not, so the command line can mark its help texts
    before it has chosen its database and started Django (:mod:`kuska.cli.parser` translates them when shown).
    """
    return message


def has_catalogue(locale_dir: Path, code: str) -> bool:
    """Whether a compiled catalogue for the language is in the folder (English is the msgids' own language)."""
    return code == SOURCE_LANGUAGE or (locale_dir / code / "LC_MESSAGES" / "django.mo").is_file()


def offered_languages(locale_dir: Path) -> list[tuple[str, str]]:
    """``settings.LANGUAGES``: the declared languages that have a catalogue, each named in its own language."""
    return [
        (code, str(info["name_local"]))
        for code, info in DECLARED.items()
        if has_catalogue(locale_dir, code)
    ]


def languages() -> list[str]:
    """The codes of the languages offered (``settings.LANGUAGES``), the default first."""
    codes = [code for code, _ in settings.LANGUAGES]
    default = settings.LANGUAGE_CODE
    return ([default] if default in codes else []) + [c for c in codes if c != default]


def whole_languages() -> list[str]:
    """The offered languages whose catalogue translates everything (:func:`languages` less
    :data:`PARTIAL_CATALOGUES`): those a report may be written in."""
    return [code for code in languages() if code not in PARTIAL_CATALOGUES]


def whole_or_default(code: str) -> str:
    """The language itself if it is one of :func:`whole_languages`, else the default: what a file the user asked
    for in a partly translated language (Quechua, Aymara) is written in.

    >>> whole_or_default("en"), whole_or_default("qu")
    ('en', 'es')
    """
    return code if code in whole_languages() else settings.LANGUAGE_CODE


def active_language() -> str:
    """The language text is being rendered in now (Django's active language, else the default)."""
    return translation.get_language() or settings.LANGUAGE_CODE


def cli_language(environ: Mapping[str, str]) -> str:
    """The language the ``kuska`` command speaks: ``KUSKA_LANGUAGE``, else the first of the usual locale variables
    (``LANGUAGE``, ``LC_ALL``, ``LC_MESSAGES``, ``LANG``) that names an offered language, else the default.

    >>> cli_language({"LANG": "en_GB.UTF-8"}), cli_language({"LANG": "C.UTF-8"})
    ('en', 'es')
    """
    offered = languages()
    for name in ("KUSKA_LANGUAGE", "LANGUAGE", "LC_ALL", "LC_MESSAGES", "LANG"):
        for value in environ.get(name, "").split(":"):
            code = value.split(".")[0].split("_")[0].split("-")[0].lower()
            if code in offered:
                return code
    return settings.LANGUAGE_CODE


def translated(message: str | Promise, lang: str) -> str:
    """A message (usually a ``gettext_lazy`` one) rendered in a given language."""
    with translation.override(lang):
        return str(message)


def in_each_language(message: str | Promise) -> dict[str, str]:
    """A message rendered in every language with a whole catalogue (:func:`whole_languages`), keyed by language
    code (for files and API answers that carry all of them; a reader of another language reads the default's)."""
    return {code: translated(message, code) for code in whole_languages()}


def localized(values: Mapping[str, Any] | object, field: str, lang: str) -> str:
    """The value of ``field`` in a language, from a mapping or object holding ``{field}_{code}`` entries.

    The fallback rule (the module docstring): the language, the default language, English, then any language.
    """

    def get(code: str) -> str:
        key = f"{field}_{code}"
        value = values.get(key) if isinstance(values, Mapping) else getattr(values, key, None)
        return str(value) if value else ""

    for code in (lang, settings.LANGUAGE_CODE, SOURCE_LANGUAGE):
        found = get(code)
        if found:
            return found
    for code in DECLARED:
        found = get(code)
        if found:
            return found
    return ""


class TranslatableError(Exception):
    """An error whose message is translatable: raised with a lazy message (``gettext_lazy``, or ``format_lazy``
    around one for a message with values), read in the active language by ``str()`` and in any other by
    :meth:`in_language` or :func:`in_each_language`.

    >>> from django.utils.text import format_lazy
    >>> from django.utils.translation import gettext_lazy as _
    >>> error = TranslatableError(format_lazy(_("no such file: {path}"), path="a.csv"))
    >>> error.in_language("en")
    'no such file: a.csv'
    """

    def __init__(self, message: str | Promise) -> None:
        super().__init__(message)
        self.message = message

    def __str__(self) -> str:
        return str(self.message)

    def in_language(self, lang: str) -> str:
        return translated(self.message, lang)
