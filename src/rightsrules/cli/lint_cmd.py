"""``rightsrules lint``: every problem of a set of rule files, with file, line and column."""

from __future__ import annotations

import argparse
import json
from pathlib import Path
from typing import Any

from ..i18n import _
from ..knowledge import builtin_rules_dir
from ..lint import CHECKS, lint_paths, load_lint_config
from ._common import add_format, show, write

EXIT_ERRORS = 1


def register(subparsers: Any) -> None:
    checks = "\n".join(
        f"  {check.code:34} {check.severity.value:8} " + _(check.summary)
        for check in CHECKS.values()
    )
    parser = subparsers.add_parser(
        "lint",
        help=_("check rule files: schema, vocabulary, references, logic, docs, tests"),
        description=(
            _(
                "Check rule files and print each problem as FILE:LINE:COL: [CHECK] MESSAGE. "
                "Severities (error, warning, ignore) of a category or a check can be set in the "
                "nearest pyproject.toml under [tool.rightsrules.lint]. Exit status 1 when an "
                "error is found."
            )
        ),
        epilog=_("checks (default severity):") + "\n" + checks,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument(
        "paths",
        nargs="*",
        metavar="PATH",
        help=_("rule files or folders (default: the built-in rules)"),
    )
    parser.add_argument(
        "--tests",
        action="append",
        metavar="PATH",
        help=_("test-case files or folders naming the tested rules (default: tests/ beside them)"),
    )
    parser.add_argument(
        "--no-builtin",
        action="store_true",
        help=_("do not read the built-in rules as context (for duplicate ids, chains, redundancy)"),
    )
    add_format(parser, ("text", "json"), "text")
    parser.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    paths = [Path(p) for p in args.paths] or [builtin_rules_dir()]
    report = lint_paths(
        paths, config=load_lint_config(), tests=args.tests, builtin=not args.no_builtin
    )
    if args.format == "json":
        write(json.dumps(report.to_dict(), indent=2, ensure_ascii=False))
    else:
        show("\n".join([*map(str, report.findings), report.summary()]))
    return EXIT_ERRORS if report.errors else 0
