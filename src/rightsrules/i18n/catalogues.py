"""One language's translations, read from gettext ``.po`` catalogues.

A catalogue maps an English message (with its context, if any) to its translation. Messages
a catalogue lacks, leaves empty or marks ``fuzzy`` are shown in English. English itself has no
catalogue, and reading it costs nothing: Babel is imported only to read a ``.po`` file, and a
file once read is kept as JSON in the cache folder of the knowledge base (keyed by the file's
content), so a later run reads it back in a millisecond.

>>> catalogue("de").language  # no catalogue: English
'en'
>>> catalogue("en").gettext("Leverage points")
'Leverage points'
>>> Catalogue("xx", {(None, "Hello"): "Salut"}).gettext("Hello")
'Salut'
"""

from __future__ import annotations

import functools
import hashlib
import json
from collections.abc import Callable, Iterable, Mapping
from pathlib import Path

import attrs

from .languages import DEFAULT

__all__ = [
    "DOMAIN",
    "LOCALE_DIR",
    "Catalogue",
    "catalogue",
    "catalogue_path",
    "read_po",
]

#: The gettext domain of every catalogue.
DOMAIN = "rightsrules"
#: The built-in catalogues: ``<lang>/LC_MESSAGES/rightsrules.po`` under this folder.
LOCALE_DIR = Path(__file__).resolve().parent.parent / "locale"

#: A message's key: its context (``None`` for none) and its English text (the singular).
Key = tuple[str | None, str]
#: A translation: one text, or the plural forms of a message with a plural.
Translation = str | tuple[str, ...]

#: The layout of a cached catalogue; another layout is read again from its ``.po``.
_CACHE_FORMAT = 1


def _english_plural(n: int) -> int:
    return 0 if n == 1 else 1


@attrs.frozen
class Catalogue:
    """The translations of one language, and how it chooses a plural form."""

    language: str
    messages: Mapping[Key, Translation] = attrs.field(factory=dict, repr=False)
    plural_forms: str = attrs.field(default="nplurals=2; plural=(n != 1);", repr=False)
    _plural: Callable[[int], int] = attrs.field(init=False, repr=False, eq=False)

    def __attrs_post_init__(self) -> None:
        expression = self.plural_forms.split("plural=", 1)[-1].strip().rstrip(";")
        if self.messages:
            import gettext  # its plural-expression compiler, only for a catalogue read

            chooser = gettext.c2py(expression)
        else:
            chooser = _english_plural
        object.__setattr__(self, "_plural", chooser)

    def gettext(self, message: str) -> str:
        found = self.messages.get((None, message)) if self.messages else None
        return found if isinstance(found, str) and found else message

    def pgettext(self, context: str, message: str) -> str:
        found = self.messages.get((context, message)) if self.messages else None
        return found if isinstance(found, str) and found else message

    def ngettext(self, singular: str, plural: str, n: int) -> str:
        english = singular if n == 1 else plural
        found = self.messages.get((None, singular)) if self.messages else None
        if not isinstance(found, tuple):
            return english
        form = self._plural(n)
        return found[form] if form < len(found) and found[form] else english

    def has(self, message: str, context: str | None = None) -> bool:
        """Whether this catalogue translates the message (English translates everything)."""
        return self.language == DEFAULT or bool(self.messages.get((context, message)))

    def merged(self, over: Catalogue) -> Catalogue:
        """This catalogue with the translations of ``over`` taking precedence."""
        if not over.messages:
            return self
        return Catalogue(self.language, {**self.messages, **over.messages}, self.plural_forms)


def catalogue_path(language: str, folder: Path | None = None) -> Path:
    """Where the catalogue of a language sits under a ``locale`` folder (the built-in one
    by default)."""
    return (folder or LOCALE_DIR) / language / "LC_MESSAGES" / f"{DOMAIN}.po"


def read_po(path: Path, language: str) -> Catalogue:
    """A ``.po`` file as a catalogue (Babel reads it), without its fuzzy or empty entries;
    what is read is kept in the cache folder, keyed by the file's content."""
    data = path.read_bytes()
    cached = _cached(data, language)
    if cached is not None:
        return cached
    import io

    from babel.messages.pofile import read_po as babel_read_po  # only for a language read

    parsed = babel_read_po(io.BytesIO(data), locale=None, domain=DOMAIN)
    messages: dict[Key, Translation] = {}
    for message in parsed:
        if not message.id or message.fuzzy:
            continue
        if isinstance(message.id, tuple | list):
            forms = tuple(message.string or ())
            if any(forms):
                messages[(message.context, message.id[0])] = forms
        elif message.string:
            messages[(message.context, message.id)] = str(message.string)
    plural_forms = parsed.plural_forms if messages else Catalogue("en").plural_forms
    found = Catalogue(language, messages, plural_forms)
    _store(data, found)
    return found


def _cache_file(data: bytes, language: str) -> Path:
    from ..knowledge_cache import cache_folder

    digest = hashlib.sha256(data).hexdigest()[:32]
    return cache_folder() / f"catalogue-{language}-{digest}.json"


def _cached(data: bytes, language: str) -> Catalogue | None:
    from ..knowledge_cache import enabled

    if not enabled():
        return None
    try:
        document = json.loads(_cache_file(data, language).read_text(encoding="utf-8"))
        if document.get("format") != _CACHE_FORMAT or document.get("language") != language:
            return None
        messages: dict[Key, Translation] = {}
        for context, message, translation in document["messages"]:
            messages[(context, message)] = (
                tuple(translation) if isinstance(translation, list) else translation
            )
        return Catalogue(language, messages, document["plural_forms"])
    except (OSError, ValueError, KeyError, TypeError, AttributeError):
        return None


def _store(data: bytes, found: Catalogue) -> None:
    from ..knowledge_cache import enabled, store

    if not enabled():
        return
    document = {
        "format": _CACHE_FORMAT,
        "language": found.language,
        "plural_forms": found.plural_forms,
        "messages": [
            [context, message, list(text) if isinstance(text, tuple) else text]
            for (context, message), text in found.messages.items()
        ],
    }
    store(_cache_file(data, found.language), document)


@functools.lru_cache(maxsize=64)
def catalogue(language: str, folders: tuple[Path, ...] = ()) -> Catalogue:
    """The catalogue of a language: the built-in one, with those of ``folders`` (a rule
    pack's ``locale`` folders) merged over it, in order. English, or a language with no
    catalogue anywhere, gives the English catalogue (empty: every message in English)."""
    found = Catalogue(language)
    if language == DEFAULT:
        return found
    paths = [catalogue_path(language, folder) for folder in (LOCALE_DIR, *folders)]
    present = [path for path in paths if path.is_file()]
    if not present:
        return _ENGLISH
    for path in present:
        found = found.merged(read_po(path, language))
    return found


_ENGLISH = Catalogue(DEFAULT)


def pack_locale_folders(files: Iterable[str]) -> tuple[Path, ...]:
    """The ``locale`` folders beside the rule files of a knowledge base (each folder once,
    the built-in one left out): where a rule pack ships its own catalogues."""
    folders: dict[Path, None] = {}
    for file in files:
        folder = Path(file).resolve().parent / "locale"
        if folder != LOCALE_DIR and folder.is_dir():
            folders.setdefault(folder, None)
    return tuple(folders)
