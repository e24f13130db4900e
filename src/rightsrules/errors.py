"""The exceptions rightsrules raises, all rooted at :class:`RightsRulesError`.

::

    RightsRulesError
    ├── InputError (ValueError)          bad input from a file or a caller; carries Problems
    │   ├── ScenarioError                a scenario file or mapping is not valid
    │   ├── RuleFileError                a rule, conclusion or test-case file is not valid
    │   └── KnowledgeBaseError           files are valid alone but not together
    ├── UnknownIdError (KeyError)        an id that is not in the knowledge base
    │   ├── UnknownConclusionError       a conclusion id (or kind) it does not know
    │   ├── UnknownRuleError             a rule id it does not have
    │   └── UnknownSectionError          a section id that is not in the guide's catalogue
    ├── ExplanationError (ValueError)    an explanation that does not apply (why-not of a
    │                                    conclusion the advice holds)
    ├── OutputError (OSError)            a file cannot be written (or would be an input)
    └── EngineError (RuntimeError)       the inference engine failed; never the user's fault

Every :class:`InputError` names where the problem is: the file, the line and the key, so a
message can be shown to a person as it is: control characters and bidirectional overrides in
it (from a key, a file name, a value) are written as escapes
(:func:`~rightsrules.io.sanitise.sanitise`).
"""

from __future__ import annotations

from collections.abc import Iterable

import attrs

from .io.sanitise import sanitise


def _(message: str) -> str:
    """:func:`rightsrules.i18n._`, imported when first needed: the translations import this
    module for their own errors."""
    from .i18n import _ as translate

    return translate(message)


__all__ = [
    "EngineError",
    "ExplanationError",
    "InputError",
    "KnowledgeBaseError",
    "Located",
    "OutputError",
    "Problem",
    "RightsRulesError",
    "RuleFileError",
    "ScenarioError",
    "UnknownConclusionError",
    "UnknownIdError",
    "UnknownLanguageError",
    "UnknownRuleError",
    "UnknownSectionError",
]


@attrs.frozen
class Problem:
    """One thing wrong with an input, and where it is.

    >>> str(Problem("unknown key", file="a.yaml", line=3, key="company.nme"))
    'a.yaml:3: company.nme: unknown key'
    >>> print(Problem("unknown key", key="\\x1b[2J"))
    \\x1b[2J: unknown key
    """

    message: str
    file: str | None = None
    line: int | None = None
    key: str | None = None

    def __str__(self) -> str:
        where = ":".join(str(part) for part in (self.file, self.line) if part is not None)
        parts = [part for part in (where, self.key, self.message) if part]
        return sanitise(": ".join(parts))


class RightsRulesError(Exception):
    """The root of every exception rightsrules raises on purpose."""


class Located:
    """Something with ``problems``: where the first of them is."""

    problems: tuple[Problem, ...]

    @property
    def file(self) -> str | None:
        """The file of the first problem."""
        return self.problems[0].file

    @property
    def line(self) -> int | None:
        """The line of the first problem (1-based)."""
        return self.problems[0].line

    @property
    def key(self) -> str | None:
        """The dotted key of the first problem."""
        return self.problems[0].key


class InputError(Located, RightsRulesError, ValueError):
    """Input that cannot be used, with each of its problems and where it is."""

    def __init__(self, problems: Iterable[Problem] | str) -> None:
        if isinstance(problems, str):
            problems = [Problem(problems)]
        self.problems: tuple[Problem, ...] = tuple(problems)
        if not self.problems:
            raise ValueError("an InputError needs at least one problem")
        super().__init__("\n".join(str(problem) for problem in self.problems))


class ScenarioError(InputError):
    """A scenario is not valid: syntax, unknown key, wrong type or value."""


class RuleFileError(InputError):
    """A rule, conclusion-declaration or rule-test file is not valid."""


class KnowledgeBaseError(InputError):
    """Rule files that are valid one by one do not fit together (duplicate ids, unknown ids)."""


class UnknownIdError(RightsRulesError, KeyError):
    """An id the knowledge base does not have; the message names the closest one it has.

    Shown as written (a :class:`KeyError` would show the quoted repr of its message).
    """

    def __str__(self) -> str:
        return sanitise(str(self.args[0])) if self.args else _("unknown id")


class UnknownConclusionError(UnknownIdError):
    """A conclusion id that the knowledge base does not know, or that no rule can conclude."""

    def __str__(self) -> str:
        return sanitise(str(self.args[0])) if self.args else _("unknown conclusion")


class UnknownRuleError(UnknownIdError):
    """A rule id that no rule of the knowledge base has."""


class UnknownSectionError(UnknownIdError):
    """A section id that is not in the guide's catalogue."""


class UnknownLanguageError(RightsRulesError, ValueError):
    """A language rightsrules does not ship (``lang="de"``)."""


class ExplanationError(RightsRulesError, ValueError):
    """An explanation asked for that does not apply: why-not of a conclusion that holds."""


class OutputError(RightsRulesError, OSError):
    """An output that cannot be written, or must not be (it is one of the inputs): the path
    and the reason, in words.

    >>> str(OutputError("plan.md", "no space left on the device"))
    'cannot write plan.md: no space left on the device'
    """

    def __init__(self, path: str, reason: str) -> None:
        self.path = path
        self.reason = reason
        super().__init__(_("cannot write {path}: {reason}").format(path=path, reason=reason))

    def __str__(self) -> str:
        return _("cannot write {path}: {reason}").format(path=self.path, reason=self.reason)


class EngineError(RightsRulesError, RuntimeError):
    """The inference engine failed. A bug in rightsrules or durable_rules, never bad input."""
