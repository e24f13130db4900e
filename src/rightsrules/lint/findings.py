"""What the linter reports: each finding, and all of them with the files read."""

from __future__ import annotations

from typing import Any

import attrs

from ..i18n import _, ngettext
from .config import Severity

__all__ = ["Finding", "LintReport"]


@attrs.frozen(order=True)
class Finding:
    """One problem, where it is, and what check found it."""

    file: str
    line: int
    column: int
    code: str
    message: str
    severity: Severity = attrs.field(default=Severity.ERROR, order=False)

    @property
    def category(self) -> str:
        return self.code.split("/", 1)[0]

    def __str__(self) -> str:
        return f"{self.file}:{self.line}:{self.column}: [{self.code}] {self.message}"

    def to_dict(self) -> dict[str, Any]:
        return {
            "file": self.file,
            "line": self.line,
            "column": self.column,
            "check": self.code,
            "category": self.category,
            "severity": self.severity.value,
            "message": self.message,
        }


@attrs.frozen
class LintReport:
    """What the linter found, severities applied, sorted by file and position."""

    findings: tuple[Finding, ...]
    files: tuple[str, ...] = ()

    @property
    def errors(self) -> tuple[Finding, ...]:
        return tuple(f for f in self.findings if f.severity is Severity.ERROR)

    @property
    def warnings(self) -> tuple[Finding, ...]:
        return tuple(f for f in self.findings if f.severity is Severity.WARNING)

    def summary(self) -> str:
        errors, warnings, files = len(self.errors), len(self.warnings), len(self.files)
        return _("{errors}, {warnings} in {files}").format(
            errors=ngettext("{count} error", "{count} errors", errors).format(count=errors),
            warnings=ngettext("{count} warning", "{count} warnings", warnings).format(
                count=warnings
            ),
            files=ngettext("{count} file", "{count} files", files).format(count=files),
        )

    def to_dict(self) -> dict[str, Any]:
        return {
            "findings": [finding.to_dict() for finding in self.findings],
            "errors": len(self.errors),
            "warnings": len(self.warnings),
            "files": list(self.files),
        }
