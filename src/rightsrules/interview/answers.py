"""Reading what a person types as the value of a scenario key, forgivingly.

Yes and no as ``y``/``yes``/``n``/``no`` (or ``true``/``false``); an option as its value, its
words with spaces or hyphens (``sim registration``, ``sim-registration``), its label or its
number in the list; a country as its code or its English name; a list as items separated by
commas (``none`` for an empty list). An answer that is none of these raises
:class:`~rightsrules.ScenarioError` whose one line says what was wrong and, where one is
close, which option was meant.

>>> read_answer("concern.issue", "SIM-registration")
'sim_registration'
>>> read_answer(FIELDS["company.publicly_traded"], "y")
True
>>> read_answer(FIELDS["company.departments"], "2, legal")
('human_rights', 'legal')
>>> read_answer(FIELDS["context.country"], "nigeria")
'NG'
>>> read_answer(FIELDS["organization.networks"], "none")
()
>>> read_answer(FIELDS["concern.issue"], "sim registraton")
Traceback (most recent call last):
...
rightsrules.errors.ScenarioError: concern.issue: 'sim registraton' is not one of the options \
(did you mean 'sim registration'?)
"""

from __future__ import annotations

import difflib
import functools
import re

from ..errors import Problem, ScenarioError
from ..i18n import _, current_language, pgettext
from ..scenario import FactValue, parse_value
from ..vocabulary import COUNTRY_CODES, FIELDS, Field, FieldKind
from .script import script

__all__ = ["options", "read_answer"]

_YES = ("y", "yes", "true")
_NO = ("n", "no", "false")


def options(field: Field) -> tuple[str, ...]:
    """The values listed for a question, in order (empty for free text, dates and
    countries).

    >>> options(FIELDS["company.gni_member"])
    ('true', 'false')
    """
    return field.allowed


def read_answer(field: Field | str, text: str) -> FactValue:
    """The value ``text`` stands for at ``field`` (a :class:`Field` or its path);
    :class:`ScenarioError` when it is none."""
    if isinstance(field, str):
        field = FIELDS[field]
    items = [item.strip() for item in text.split(",")] if field.is_list else [text.strip()]
    items = [item for item in items if item]
    nothing = ["none"], ["[]"], [pgettext("interview keyword", "none").lower()]
    if field.is_list and [item.lower() for item in items] in nothing:
        return ()
    if field.kind is FieldKind.BOOL:
        return _boolean(field, items[0] if items else "")
    if field.kind in (FieldKind.ENUM, FieldKind.ENUM_LIST):
        picked = [_option(field, item) for item in items]
    elif field.kind is FieldKind.COUNTRY:
        picked = [_country(field, item) for item in items]
    else:
        picked = items
    value = _checked(field, ",".join(picked))
    if value is None:
        raise _not_an_answer(field, _("an answer is needed (empty skips the question)"))
    return value


def _boolean(field: Field, text: str) -> bool:
    word = _words(text)
    yes, no = (_words(script().label(value, field.path)) for value in ("true", "false"))
    if word in _YES or word in (yes, "1"):
        return True
    if word in _NO or word in (no, "2"):
        return False
    raise _not_an_answer(field, _("{answer} is not yes or no").format(answer=repr(text)))


def _option(field: Field, text: str) -> str:
    choices = field.allowed
    if text.isdigit():
        number = int(text)
        if 1 <= number <= len(choices):
            return choices[number - 1]
        message = _("{number} is not a number in the list (1 to {count})")
        raise _not_an_answer(field, message.format(number=text, count=len(choices)))
    spellings = _spellings(field, current_language())
    found = spellings.get(_words(text))
    if found is not None:
        return found
    close = difflib.get_close_matches(_words(text), list(spellings), n=1, cutoff=0.6)
    if close:
        meant = repr(script().label(spellings[close[0]], field.path))
        message = _("{answer} is not one of the options (did you mean {meant}?)")
        return _raise(field, message.format(answer=repr(text), meant=meant))
    return _raise(field, _("{answer} is not one of the options").format(answer=repr(text)))


def _country(field: Field, text: str) -> str:
    if text.upper() in COUNTRY_CODES:
        return text.upper()
    names = _country_names(current_language())
    found = names.get(_words(text))
    if found is not None:
        return found
    close = difflib.get_close_matches(_words(text), list(names), n=1, cutoff=0.6)
    if close:
        meant = repr(_country_display(names[close[0]]))
        message = _("{answer} is not a country's code or English name (did you mean {meant}?)")
        return _raise(field, message.format(answer=repr(text), meant=meant))
    return _raise(
        field, _("{answer} is not a country's code or English name").format(answer=repr(text))
    )


def _checked(field: Field, text: str) -> FactValue | None:
    try:
        return parse_value(field.path, text)
    except ScenarioError as exc:
        raise _not_an_answer(field, exc.problems[0].message) from None


def _words(text: str) -> str:
    """``Sim-Registration``, ``sim_registration`` and ``sim  registration`` alike."""
    return " ".join(re.split(r"[\s_\-]+", text.strip().lower())).strip()


@functools.cache
def _spellings(field: Field, language: str) -> dict[str, str]:
    """Every way an option of ``field`` may be written (as :func:`_words` reduces it): its
    value, its English label and, in another language, its label in that language."""
    found: dict[str, str] = {}
    for value in field.allowed:
        labels = [script().english_label(value), script().label(value, field.path)]
        for label in labels:
            short = re.sub(r"\s*\(.*?\)", "", label)
            for spelling in (value, label, short):
                found.setdefault(_words(spelling), value)
    return found


@functools.cache
def _country_names(language: str) -> dict[str, str]:
    """Countries by their English names and, in another language, by their names in it."""
    from babel import Locale  # its locale data is read on first use, not at start-up

    found: dict[str, str] = {}
    for locale in dict.fromkeys(("en", language)):
        territories = Locale(locale).territories
        for code in COUNTRY_CODES:
            if code in territories:
                found.setdefault(_words(territories[code]), code)
    return found


def _country_display(code: str) -> str:
    from babel import Locale

    return f"{Locale(current_language()).territories[code]} ({code})"


def _not_an_answer(field: Field, message: str) -> ScenarioError:
    return ScenarioError([Problem(message, key=field.path)])


def _raise(field: Field, message: str) -> str:
    raise _not_an_answer(field, message)
