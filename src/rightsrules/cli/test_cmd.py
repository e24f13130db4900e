"""``rightsrules test``: run rule test cases, and report how much of the rules they cover."""

from __future__ import annotations

import argparse
import json
from pathlib import Path
from typing import Any

from ..i18n import _
from ..knowledge import builtin_rules_dir, rulepacks
from ..rulecases import CaseRun, load_test_cases, run_tests
from ._common import CommandError, add_format, add_rules, knowledge_base, show, write

EXIT_FAILED = 1


def register(subparsers: Any) -> None:
    parser = subparsers.add_parser(
        "test",
        help=_("run rule test cases (and measure coverage)"),
        description=(
            _(
                "Run rule test cases: each case's scenario is assessed and its advice compared "
                "with what the case expects. Without PATH, runs the tests/ folders of the built-in "
                "rules, of every installed rule pack and of each --rules folder. Exit status 1 "
                "when a case fails or coverage is under --threshold."
            )
        ),
    )
    parser.add_argument(
        "paths", nargs="*", metavar="PATH", help=_("test-case files or folders (searched deeply)")
    )
    add_rules(parser)
    parser.add_argument(
        "--coverage", action="store_true", help=_("report rule, condition, section coverage")
    )
    parser.add_argument(
        "--threshold",
        type=float,
        metavar="N",
        help=_("fail when fewer than N%% of the rules are both fired and not fired by some case"),
    )
    parser.add_argument(
        "--cover",
        action="append",
        default=[],
        metavar="DIR",
        help=(
            _(
                "measure coverage over the rules defined under DIR (repeatable); by default, the "
                "folder holding each 'tests' folder run, or every rule"
            )
        ),
    )
    add_format(parser, ("text", "json"), "text")
    parser.set_defaults(handler=run)


def default_paths(extra: list[str] | None = None) -> list[Path]:
    """The ``tests`` folders of the built-in rules, of every installed rule pack and of each
    ``--rules`` folder, where they exist."""
    paths = [builtin_rules_dir() / "tests"]
    paths.extend(pack.tests_dir for pack in rulepacks())
    paths.extend(Path(folder) / "tests" for folder in extra or ())
    unique: dict[Path, Path] = {}
    for path in paths:
        if path.is_dir():
            unique.setdefault(path.resolve(), path)
    return list(unique.values())


def coverage_scope(paths: list[Path]) -> list[Path] | None:
    """Tests live beside their rules: a ``tests`` folder covers the folder that holds it. When
    some path does not follow that layout, every rule is in scope (``None``)."""
    scope = []
    for path in paths:
        folder = path if path.is_dir() else path.parent
        while folder.name != "tests" and folder != folder.parent:
            folder = folder.parent
        if folder.name != "tests":
            return None
        scope.append(folder.parent)
    return scope


def run(args: argparse.Namespace) -> int:
    if args.threshold is not None and not 0 <= args.threshold <= 100:
        raise CommandError(_("--threshold takes a percentage between 0 and 100"))
    paths = [Path(p) for p in args.paths] or default_paths(args.rules)
    if not paths:
        raise CommandError(_("no test cases: give a PATH"))
    kb = knowledge_base(args)
    cases = load_test_cases(paths)
    if not cases:
        message = _("no test cases found in {paths}")
        raise CommandError(message.format(paths=", ".join(map(str, paths))))
    scope = [Path(p) for p in args.cover] or coverage_scope(paths)
    result = run_tests(cases, kb, scope=scope)
    below = args.threshold is not None and result.coverage.rule_percent < args.threshold
    if args.format == "json":
        data = result.to_dict()
        if not (args.coverage or args.threshold is not None):
            del data["coverage"]
        data["threshold"] = args.threshold
        write(json.dumps(data, indent=2, ensure_ascii=False))
    else:
        show(_text(result, args, below))
    return EXIT_FAILED if result.failed or below else 0


def _text(result: CaseRun, args: argparse.Namespace, below: bool) -> str:
    lines = []
    for failed in result.failed:
        lines.append(f"FAIL {failed.case.location}: {failed.case.name}")
        lines.extend(f"  {failure}" for failure in failed.failures)
    passed = len(result.results) - len(result.failed)
    lines.append(
        _("{passed} passed, {failed} failed").format(passed=passed, failed=len(result.failed))
    )
    if args.coverage or args.threshold is not None:
        lines.append(result.coverage.to_text())
    if below:
        message = _("rule coverage {percent}% is under the threshold of {threshold}%")
        lines.append(
            message.format(percent=result.coverage.rule_percent, threshold=f"{args.threshold:g}")
        )
    return "\n".join(lines)
