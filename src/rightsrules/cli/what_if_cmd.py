"""``rightsrules what-if SCENARIO --set PATH=VALUE``: what a change of facts does to the advice
(of one company of a campaign journal with ``--company NAME [--as-of DATE]``)."""

from __future__ import annotations

import argparse
from typing import Any

from ..errors import Problem, ScenarioError
from ..explain.what_if import what_if
from ..i18n import _
from ..scenario import FactValue, parse_value
from ._common import (
    CommandError,
    add_output,
    add_rules,
    add_scenario,
    knowledge_base,
    output_format,
    show,
    write,
)
from ._journal import add_journal, advice_of, journal_advice, scenario_or_journal


def register(subparsers: Any) -> None:
    parser = subparsers.add_parser(
        "what-if",
        help="show what changing some facts would do to the advice",
        description=(
            "Re-assess the scenario with some facts changed and show the conclusions added "
            "(and why they now hold), removed (and why they no longer do) and re-ranked."
        ),
    )
    add_scenario(parser)
    parser.add_argument(
        "--set",
        metavar="PATH=VALUE",
        action="append",
        default=[],
        dest="changes",
        help=(
            "a fact to change, e.g. company.publicly_traded=true; lists are comma-separated; "
            "VALUE 'unknown' makes the fact unknown; repeatable"
        ),
    )
    # Minimal changes (issue 15).
    parser.add_argument(
        "--flip",
        metavar="ID",
        help=(
            "instead of --set: show the least sets of changes to the scenario that would add "
            "this conclusion, or remove it if it is advised (text, markdown or json)"
        ),
    )
    add_rules(parser)
    add_journal(
        parser, _("SCENARIO is a campaign journal: change the facts of its company called NAME")
    )
    add_output(parser, ("text", "markdown", "json"), "text")
    parser.set_defaults(handler=run)


def parse_changes(items: list[str]) -> dict[str, FactValue | None]:
    """``PATH=VALUE`` strings as changes; every bad one is reported, each naming its path."""
    if not items:
        raise CommandError("give at least one change with --set PATH=VALUE")
    changes: dict[str, FactValue | None] = {}
    problems: list[Problem] = []
    for item in items:
        path, sep, text = item.partition("=")
        if not sep or not path.strip():
            raise CommandError(f"--set {item!r}: expected PATH=VALUE")
        path = path.strip()
        try:
            changes[path] = parse_value(path, text)
        except ScenarioError as exc:
            problems.extend(Problem(f"--set {path}: {p.message}", key=None) for p in exc.problems)
    if problems:
        raise ScenarioError(problems)
    return changes


def run(args: argparse.Namespace) -> int:
    fmt = output_format(args)
    if args.flip is not None:
        return run_flip(args, fmt)
    if fmt == "markdown":
        raise CommandError("what-if --set writes text or json; markdown is for --flip")
    changes = parse_changes(args.changes)
    advice = advice_of(args)
    text = what_if(advice, changes).render(fmt)
    (show if fmt == "text" else write)(text, args.out, args=args)
    return 0


def run_flip(args: argparse.Namespace, fmt: str) -> int:
    """``what-if SCENARIO --flip ID``: the minimal changes that flip a conclusion."""
    from ..explain.minimal import located, minimal_changes

    if args.changes:
        raise CommandError("--flip and --set ask different questions: give one of them")
    given = journal_advice(args).scenario if args.company else scenario_or_journal(args)
    with located(args.scenario):
        changes = minimal_changes(knowledge_base(args), given, args.flip)
    text = changes.render(fmt)
    (show if fmt != "json" else write)(text, args.out, args=args)
    return 0
