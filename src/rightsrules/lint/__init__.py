"""The rule linter: every problem of a set of rule files, each with file, line and column.

Where :func:`rightsrules.load_knowledge_base` stops at the first broken file, the linter reads
every file, reports every problem it can find and goes further than loading does: conditions
that can never hold, rules another rule makes redundant, rules no test case names, files
without the ``$schema`` modeline. Each finding has a *check* ``category/name`` (see
:data:`CHECKS`) whose severity (error, warning or ignore) can be set in ``pyproject.toml``::

    [tool.rightsrules.lint]
    logic = "error"                  # a whole category
    "logic/redundant" = "ignore"     # one check; wins over its category

The files are linted in the context of the built-in knowledge base: its catalogue of
conclusions and sections, and its rules (for duplicate ids, chaining and redundancy).

>>> from rightsrules.knowledge import builtin_rules_dir
>>> report = lint_paths([builtin_rules_dir()])
>>> report.errors
()
"""

from __future__ import annotations

from .checks import lint_paths, rule_files
from .config import CHECKS, Check, LintConfig, Severity, load_lint_config
from .findings import Finding, LintReport

__all__ = [
    "CHECKS",
    "Check",
    "Finding",
    "LintConfig",
    "LintReport",
    "Severity",
    "lint_paths",
    "load_lint_config",
    "rule_files",
]
