"""The gettext functions the code calls, in the language in use.

The language in use is a context variable: :func:`using` sets it for a block (a renderer sets
it from the advice it renders), so threads and asynchronous tasks each keep their own, and
nothing is set globally. Outside any block it is English: every function returns its English
text, at the cost of one look-up.

>>> _("Leverage points")
'Leverage points'
>>> with using(Catalogue("xx", {(None, "Leverage points"): "Leviers"})):
...     _("Leverage points"), current_language()
('Leviers', 'xx')
>>> ngettext("{count} question", "{count} questions", 2).format(count=2)
'2 questions'
"""

from __future__ import annotations

import contextlib
import contextvars
import functools
from collections.abc import Callable, Iterator, Mapping
from typing import Any, ParamSpec, TypeVar

from .catalogues import Catalogue, catalogue
from .languages import DEFAULT

__all__ = [
    "NP_",
    "N_",
    "Wording",
    "_",
    "current",
    "current_language",
    "ngettext",
    "pgettext",
    "using",
]

_ENGLISH = Catalogue(DEFAULT)
_current: contextvars.ContextVar[Catalogue] = contextvars.ContextVar(
    "rightsrules_language", default=_ENGLISH
)

P = ParamSpec("P")
R = TypeVar("R")


def current() -> Catalogue:
    """The catalogue in use."""
    return _current.get()


def current_language() -> str:
    """The language in use (``"en"`` outside any :func:`using` block)."""
    return _current.get().language


@contextlib.contextmanager
def using(language: str | Catalogue) -> Iterator[Catalogue]:
    """Use a language (its code, or a catalogue) for the block's messages."""
    found = language if isinstance(language, Catalogue) else catalogue(language)
    token = _current.set(found)
    try:
        yield found
    finally:
        _current.reset(token)


def _(message: str) -> str:
    """A message in the language in use (gettext)."""
    return _current.get().gettext(message)


def pgettext(context: str, message: str) -> str:
    """A message in the language in use, translated within ``context`` (pgettext)."""
    return _current.get().pgettext(context, message)


def ngettext(singular: str, plural: str, n: int) -> str:
    """The form of a message for ``n`` in the language in use (ngettext)."""
    return _current.get().ngettext(singular, plural, n)


def N_(message: str) -> str:
    """Marks a message for the template and leaves it in English: for tables whose texts
    are translated where they are read (:class:`Wording`)."""
    return message


def NP_(context: str, message: str) -> str:
    """:func:`N_` for a message translated within ``context`` (a :class:`Wording` given that
    context reads it with :func:`pgettext`)."""
    return message


class Wording(Mapping[str, str]):
    """A table of English texts, read in the language in use: ``table[key]`` and
    ``table.get(key)`` give the translation, the keys stay as they are.

    >>> table = Wording({"why": N_("Why")})
    >>> table["why"], "why" in table, list(table)
    ('Why', True, ['why'])

    With a ``context``, each text is translated within it (``msgctxt``), apart from the same
    English words elsewhere:

    >>> search = Wording({"legal": NP_("search", "legal")}, context="search")
    >>> with using(Catalogue("xx", {("search", "legal"): "juriste"})):
    ...     search["legal"]
    'juriste'
    """

    def __init__(self, texts: Mapping[str, str], *, context: str | None = None) -> None:
        self._texts = dict(texts)
        self._context = context

    def __getitem__(self, key: str) -> str:
        if self._context is not None:
            return _current.get().pgettext(self._context, self._texts[key])
        return _current.get().gettext(self._texts[key])

    def __iter__(self) -> Iterator[str]:
        return iter(self._texts)

    def __len__(self) -> int:
        return len(self._texts)

    def english(self, key: str) -> str:
        """The English text of a key, whatever the language in use."""
        return self._texts[key]

    def __repr__(self) -> str:
        return f"Wording({self._texts!r})"


def in_language_of(function: Callable[P, R]) -> Callable[P, R]:
    """Run a renderer in the language of the advice it is given (its first argument: an
    ``Advice``, or anything with an ``advice`` or a ``language`` attribute)."""

    @functools.wraps(function)
    def run(*args: P.args, **kwargs: P.kwargs) -> R:
        language = _language_of(args[0]) if args else DEFAULT
        if language == _current.get().language:
            return function(*args, **kwargs)
        with using(language):
            return function(*args, **kwargs)

    return run


def _language_of(thing: Any) -> str:
    language = getattr(thing, "language", None)
    if isinstance(language, str):
        return language
    advice = getattr(thing, "advice", None)
    language = getattr(advice, "language", None)
    return language if isinstance(language, str) else DEFAULT
