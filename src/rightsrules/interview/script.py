"""The interview's script: its order, its texts and its option labels, read from
``script.yaml`` beside this module (data, so a web form and the translations read the same).

>>> script().first[:2]
('concern.issue', 'context.country')
>>> script().label("b2c"), script().label("sim_registration")
('the public (b2c)', 'sim registration')
>>> script().say("open_one", count=1)
'(1 open question matters)'

Its texts are messages of the translation template (``make messages`` reads this file); read
through :class:`Script` they come in the language in use. An option label is translated
within its question (context ``option PATH``), so each language may word it apart.
"""

from __future__ import annotations

import functools
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import attrs

from .._yaml import load_document
from ..errors import Problem, RuleFileError
from ..i18n import Wording, ngettext, pgettext
from ..i18n import _ as translate
from ..i18n.extract import option_context
from ..scenario import FactValue, Scenario
from ..vocabulary import FIELDS

__all__ = ["Moot", "Script", "load_script", "script"]

_FILE = Path(__file__).with_name("script.yaml")


@attrs.frozen
class Moot:
    """A question not asked while the scenario holds one of ``values`` at ``when``."""

    path: str
    when: str
    values: tuple[str, ...]
    because: str

    def holds(self, scenario: Scenario) -> bool:
        """Whether the scenario's given facts make the question moot (unknown never does)."""
        value = scenario.get(self.when)
        return value is not None and _text(value) in self.values


@attrs.frozen
class Script:
    """What ``script.yaml`` says; see the comments there."""

    first: tuple[str, ...]
    letter: tuple[str, ...]
    why: Mapping[str, str]
    moot: tuple[Moot, ...]
    labels: Mapping[str, str]
    messages: Wording

    def label(self, value: str, path: str | None = None) -> str:
        """The words shown for an option: in the language in use when the question's
        ``path`` is given (the English words otherwise)."""
        english = self.english_label(value)
        return english if path is None else pgettext(option_context(path), english)

    def english_label(self, value: str) -> str:
        """The English words of an option, whatever the language in use."""
        return self.labels.get(value, value.replace("_", " "))

    def say(self, message: str, **names: object) -> str:
        """A message of the script, its ``{names}`` filled in."""
        return self.messages[message].format(**names)

    def count(self, count: int) -> str:
        """How many questions still matter, in the right number."""
        english = self.messages.english
        words = ngettext(english("open_one"), english("open_many"), count)
        return words.format(count=count)

    def question(self, path: str) -> str:
        """The question that asks for ``path``, in the language in use."""
        return translate(FIELDS[path].question)

    def moot_because(self, path: str, scenario: Scenario) -> str | None:
        """Why ``path`` need not be asked of this scenario, or ``None`` when it is not moot."""
        for moot in self.moot:
            if moot.path == path and moot.holds(scenario):
                return translate(moot.because)
        return None


def _text(value: FactValue) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


def load_script(path: Path = _FILE) -> Script:
    """Read and check a script: every path is the vocabulary's, every value allowed there."""
    document = load_document(path, error=RuleFileError)
    data: Any = document.data

    def problem(message: str, key: str) -> RuleFileError:
        return RuleFileError([Problem(message, file=str(path), key=key)])

    def paths(key: str) -> tuple[str, ...]:
        found = tuple(data.get(key) or ())
        for item in found:
            if item not in FIELDS:
                raise problem(f"{item!r} is not a scenario path", key)
        return found

    moot = []
    for entry in data.get("moot") or ():
        ((when, values),) = entry["when"].items()
        for item in (entry["path"], when):
            if item not in FIELDS:
                raise problem(f"{item!r} is not a scenario path", "moot")
        if FIELDS[when].is_list or not FIELDS[when].allowed:
            raise problem(f"{when} is not a field with a set of values", "moot")
        allowed = FIELDS[when].allowed
        if any(value not in allowed for value in values):
            raise problem(f"{when} allows only {', '.join(allowed)}", "moot")
        moot.append(Moot(entry["path"], when, tuple(values), entry["because"]))
    why = dict(data.get("why") or {})
    for item in why:
        if item not in FIELDS:
            raise problem(f"{item!r} is not a scenario path", "why")
    return Script(
        first=paths("first"),
        letter=paths("letter"),
        why=Wording(why),
        moot=tuple(moot),
        labels={str(k): str(v) for k, v in (data.get("labels") or {}).items()},
        messages=Wording(data["messages"]),
    )


@functools.cache
def script() -> Script:
    """The script that ships with rightsrules, read on first use (not when a command that
    does not interview starts)."""
    return load_script()
