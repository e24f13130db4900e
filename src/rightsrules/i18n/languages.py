"""The languages rightsrules speaks, and the one the environment asks for.

>>> language_of("fr_FR.UTF-8"), language_of("es-419"), language_of("de_DE"), language_of("C")
('fr', 'es', None, 'en')
>>> environment_language({"LANG": "ar_EG.UTF-8"})
'ar'
>>> environment_language({"LANGUAGE": "de:es", "LANG": "fr_FR.UTF-8"})
'es'
"""

from __future__ import annotations

import os
from collections.abc import Mapping

__all__ = [
    "DEFAULT",
    "LANGUAGES",
    "RIGHT_TO_LEFT",
    "direction",
    "environment_language",
    "language_of",
]

#: The source language: its texts are the messages themselves, it has no catalogue.
DEFAULT = "en"
#: Every language rightsrules ships, the source first (``--lang`` offers these).
LANGUAGES: tuple[str, ...] = ("en", "fr", "es", "ar")
#: The languages among them written right to left.
RIGHT_TO_LEFT = frozenset({"ar"})

#: The environment variables that name a language, in the order gettext reads them.
_VARIABLES = ("LANGUAGE", "LC_ALL", "LC_MESSAGES", "LANG")


def language_of(tag: str) -> str | None:
    """The shipped language a locale name or language tag means (``fr_CA.UTF-8``, ``es-MX``),
    ``"en"`` for the C and POSIX locales, ``None`` for one rightsrules does not speak."""
    base = tag.split(".", 1)[0].split("@", 1)[0].replace("-", "_").split("_", 1)[0].lower()
    if base in ("c", "posix"):
        return DEFAULT
    return base if base in LANGUAGES else None


def environment_language(environ: Mapping[str, str] | None = None) -> str:
    """The language the environment's locale asks for: the first of ``LANGUAGE`` (a list,
    separated by colons), ``LC_ALL``, ``LC_MESSAGES`` and ``LANG`` that is set, and within it
    the first language rightsrules speaks; English when none is."""
    env = os.environ if environ is None else environ
    for variable in _VARIABLES:
        value = env.get(variable, "")
        if not value:
            continue
        for tag in value.split(":"):
            found = language_of(tag) if tag else None
            if found is not None:
                return found
        if variable != "LANGUAGE":
            return DEFAULT  # a locale is set, and rightsrules does not speak its language
    return DEFAULT


def direction(language: str) -> str:
    """``"rtl"`` for a language written right to left, else ``"ltr"``.

    >>> direction("ar"), direction("fr")
    ('rtl', 'ltr')
    """
    return "rtl" if language in RIGHT_TO_LEFT else "ltr"
