"""Languages: the gettext catalogues of translations and the functions that read them.

English is the source: every message is its English text, and English needs no catalogue.
French, Spanish and Arabic are read from ``locale/<lang>/LC_MESSAGES/rightsrules.po`` (domain
``rightsrules``); a rule pack may ship a ``locale/`` folder of its own beside its rules, merged
over the built-in one. A message a catalogue lacks is shown in English.

- :func:`_`, :func:`ngettext`, :func:`pgettext` translate into the language in use, set for a
  block by :func:`using` (renderers set it from the advice they render);
- :func:`choose_language` is what ``--lang`` and the environment's locale ask for;
- :func:`rightsrules.i18n.knowledge.translated` is a knowledge base in another language,
  which :meth:`rightsrules.Advice.in_language` uses.

>>> choose_language("fr-FR"), choose_language(None, environ={"LANG": "es_AR.UTF-8"})
('fr', 'es')
"""

from __future__ import annotations

from collections.abc import Mapping

from ..errors import UnknownLanguageError
from .catalogues import DOMAIN, LOCALE_DIR, Catalogue, catalogue, catalogue_path
from .languages import (
    DEFAULT,
    LANGUAGES,
    RIGHT_TO_LEFT,
    direction,
    environment_language,
    language_of,
)
from .translate import (
    N_,
    NP_,
    Wording,
    _,
    current,
    current_language,
    in_language_of,
    ngettext,
    pgettext,
    using,
)

__all__ = [
    "DEFAULT",
    "DOMAIN",
    "LANGUAGES",
    "LOCALE_DIR",
    "NP_",
    "N_",
    "RIGHT_TO_LEFT",
    "Catalogue",
    "Wording",
    "_",
    "catalogue",
    "catalogue_path",
    "check_language",
    "choose_language",
    "current",
    "current_language",
    "direction",
    "environment_language",
    "in_language_of",
    "language_of",
    "ngettext",
    "pgettext",
    "shipped_languages",
    "using",
]


def check_language(language: str) -> str:
    """The shipped language ``language`` names (``"fr_CA"`` is ``"fr"``), or
    :class:`UnknownLanguageError` for one rightsrules does not speak.

    >>> check_language("de")
    Traceback (most recent call last):
    ...
    rightsrules.errors.UnknownLanguageError: rightsrules does not speak 'de'; it speaks ...
    """
    found = language_of(str(language))
    if found is None:
        raise UnknownLanguageError(
            f"rightsrules does not speak {language!r}; it speaks {', '.join(LANGUAGES)}"
        )
    return found


def choose_language(given: str | None, *, environ: Mapping[str, str] | None = None) -> str:
    """The language to use: ``given`` (``--lang``, checked), else the environment's locale."""
    if given:
        return check_language(given)
    return environment_language(environ)


def shipped_languages() -> tuple[str, ...]:
    """The languages with a built-in catalogue, besides English (which needs none)."""
    return tuple(lang for lang in LANGUAGES if lang != DEFAULT and catalogue_path(lang).is_file())
