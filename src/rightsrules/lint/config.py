"""The linter's checks, their severities, and the ``[tool.rightsrules.lint]`` table that sets
them."""

from __future__ import annotations

import difflib
import enum
import os
import tomllib
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import attrs

from ..conditions import suggestion
from ..errors import InputError, Problem
from ..i18n import N_, _
from ..io.read import read_bytes

__all__ = ["CATEGORIES", "CHECKS", "Check", "LintConfig", "Severity", "load_lint_config"]


class Severity(enum.Enum):
    """What a finding of a check means: ``error`` fails the lint, ``warning`` does not,
    ``ignore`` hides it."""

    ERROR = "error"
    WARNING = "warning"
    IGNORE = "ignore"


@attrs.frozen
class Check:
    """One thing the linter looks for, and its severity unless configured otherwise."""

    code: str
    severity: Severity
    #: What it looks for, in English (marked for the catalogue: show it with ``_()``).
    summary: str

    @property
    def category(self) -> str:
        return self.code.split("/", 1)[0]


_E, _W = Severity.ERROR, Severity.WARNING

#: Every check, by code ``category/name``.
CHECKS: Mapping[str, Check] = {
    check.code: check
    for check in (
        Check("syntax/yaml", _E, N_("the file is not valid YAML (or not readable)")),
        Check("schema/invalid", _E, N_("the file does not follow the rule-file schema")),
        Check(
            "schema/modeline", _W, N_("the file lacks the yaml-language-server $schema modeline")
        ),
        Check("vocabulary/unknown-path", _E, N_("a scenario path that is not in the vocabulary")),
        Check("vocabulary/unknown-value", _E, N_("a value the scenario path does not take")),
        Check(
            "vocabulary/undeclared-conclusion",
            _E,
            N_("a conclusion id outside the vocabulary, declared in no conclusions list"),
        ),
        Check(
            "vocabulary/unknown-kind",
            _W,
            N_("a declared conclusion of a kind advice does not know"),
        ),
        Check(
            "reference/duplicate-id", _E, N_("a rule id used twice, in one file or across files")
        ),
        Check("reference/duplicate-conclusion", _E, N_("a conclusion id declared twice")),
        Check("reference/never-concluded", _E, N_("a 'concluded:' id that no rule concludes")),
        Check("reference/unknown-section", _E, N_("a source that is not in the guide's catalogue")),
        Check("logic/cycle", _E, N_("rules that conclude each other's premises in a circle")),
        Check("logic/unsatisfiable", _E, N_("a condition that can never hold")),
        Check(
            "logic/redundant",
            _W,
            N_("a rule another rule makes redundant: same conclusions, weaker condition"),
        ),
        Check(
            "logic/conflicting-defaults",
            _W,
            N_("two defaults that fill one path with different values in the same situation"),
        ),
        Check("docs/missing-because", _E, N_("a rule without a 'because'")),
        Check("docs/missing-sources", _E, N_("a rule without 'sources'")),
        Check(
            "docs/step-without-phase",
            _W,
            N_("a declared step with no 'phase': it is listed after every phase"),
        ),
        Check("tests/no-test-case", _W, N_("a rule no test case names in 'fired' or 'not_fired'")),
        Check(
            "i18n/missing-translation",
            _W,
            N_("a rule whose title or because has no translation in a language its pack ships"),
        ),
    )
}

CATEGORIES: tuple[str, ...] = tuple(dict.fromkeys(check.category for check in CHECKS.values()))


@attrs.frozen
class LintConfig:
    """Severities set for categories or checks; the rest keep their default."""

    levels: Mapping[str, Severity] = attrs.field(factory=dict)
    source: str | None = None

    def severity(self, code: str) -> Severity:
        """The severity of a check: its own setting, its category's, or its default.

        >>> LintConfig({"logic": Severity.IGNORE}).severity("logic/cycle")
        <Severity.IGNORE: 'ignore'>
        >>> LintConfig().severity("logic/redundant")
        <Severity.WARNING: 'warning'>
        """
        if code in self.levels:
            return self.levels[code]
        category = code.split("/", 1)[0]
        if category in self.levels:
            return self.levels[category]
        return CHECKS[code].severity


def load_lint_config(start: str | os.PathLike[str] | None = None) -> LintConfig:
    """The ``[tool.rightsrules.lint]`` table of the nearest ``pyproject.toml`` at or above
    ``start`` (the current folder by default); defaults when there is none.

    >>> load_lint_config("/").levels
    {}
    """
    folder = Path(start or Path.cwd()).resolve()
    for candidate in (folder, *folder.parents):
        path = candidate / "pyproject.toml"
        if path.is_file():
            return _read_config(path)
    return LintConfig()


def _read_config(path: Path) -> LintConfig:
    name = str(path)
    try:
        data = tomllib.loads(read_bytes(path).decode("utf-8"))
    except (UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
        message = _("cannot read it: {error}").format(error=exc)
        raise InputError([Problem(message, file=name)]) from None
    table: Any = data
    for depth, key in enumerate(("tool", "rightsrules", "lint"), 1):
        table = table.get(key, {})
        if not isinstance(table, dict):
            where = ".".join(("tool", "rightsrules", "lint")[:depth])
            raise InputError([Problem(_("must be a table"), file=name, key=where)])
    levels: dict[str, Severity] = {}
    problems = []
    for key, value in table.items():
        where = f"tool.rightsrules.lint.{key}"
        if key not in CHECKS and key not in CATEGORIES:
            close = difflib.get_close_matches(key, [*CATEGORIES, *CHECKS], n=1, cutoff=0.6)
            hint = suggestion(close[0]) if close else ""
            message = _("not a lint category or check") + hint
            problems.append(Problem(message, file=name, key=where))
            continue
        try:
            levels[key] = Severity(value)
        except ValueError:
            message = _("{value}: expected one of error, warning, ignore").format(value=repr(value))
            problems.append(Problem(message, file=name, key=where))
    if problems:
        raise InputError(problems)
    return LintConfig(levels, name)
