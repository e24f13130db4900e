"""``rightsrules explain SCENARIO ID``: how a conclusion of the advice was reached;
``rightsrules explain JOURNAL ID --company NAME [--as-of DATE]``: the same for one company of a
campaign journal, the proof leading down to the journal's events."""

from __future__ import annotations

import argparse
from typing import Any

from ..explain.how import DETAILS, FORMATS
from ..i18n import _
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

#: The formats of ``--rather-than``.
RATHER_THAN_FORMATS = ("text", "markdown", "json")


def register(subparsers: Any) -> None:
    parser = subparsers.add_parser(
        "explain",
        help="show how a conclusion of the advice was reached",
        description=(
            "Show the proof of one conclusion of the advice: every rule that reached it, its "
            "reason and guide sections, down to the scenario's facts and the defaults used."
        ),
    )
    add_scenario(parser)
    parser.add_argument("conclusion", metavar="ID", help="a conclusion id, e.g. leverage:investors")
    add_rules(parser)
    add_journal(
        parser,
        _(
            "SCENARIO is a campaign journal: explain the conclusion for its company called NAME, "
            "the proof leading down to the journal's events"
        ),
    )
    add_output(parser, FORMATS, "text")
    parser.add_argument(
        "--detail",
        choices=DETAILS,
        default="full",
        help="the full tree, or only the direct reasons (default: full)",
    )
    # Minimal reasons (issue 15): a separate block, so other explanations sit beside it.
    parser.add_argument(
        "--reasons",
        action="store_true",
        help=(
            "show the least sets of the scenario's facts that guarantee the conclusion "
            "whatever the other facts are (text, markdown or json)"
        ),
    )
    # Rather than (issue 15): a block of its own too.
    parser.add_argument(
        "--rather-than",
        metavar="B",
        help=(
            "why ID rather than the conclusion B: B's failed conditions when it is not "
            "advised, the ranking rules that put ID above B when both are; and the smallest "
            "changes that would swap them (text, markdown or json)"
        ),
    )
    parser.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    fmt = output_format(args)
    if args.reasons and args.rather_than is not None:
        raise CommandError("--reasons and --rather-than do not go together: choose one")
    if args.reasons:
        return run_reasons(args, fmt)
    advice = advice_of(args)
    if args.rather_than is not None:
        return _rather_than(args, advice, fmt)
    text = advice.explain(args.conclusion, detail=args.detail).render(fmt)
    (show if fmt == "text" else write)(text, args.out, args=args)
    return 0


def _rather_than(args: argparse.Namespace, advice: Any, fmt: str) -> int:
    from ..explain.minimal import located
    from ..explain.rather_than import rather_than

    if fmt not in RATHER_THAN_FORMATS:
        raise CommandError(f"--rather-than writes {', '.join(RATHER_THAN_FORMATS)}, not {fmt}")
    with located(args.scenario):  # a scenario that breaks a constraint: said with its file
        answer = rather_than(advice, args.conclusion, args.rather_than)
    (show if fmt == "text" else write)(answer.render(fmt), args.out, args=args)
    return 0


def run_reasons(args: argparse.Namespace, fmt: str) -> int:
    """``explain SCENARIO ID --reasons``: the minimal sufficient reasons."""
    from ..explain.minimal import ANSWER_FORMATS, located, sufficient_reasons

    if fmt not in ANSWER_FORMATS:
        raise CommandError(f"--reasons writes {', '.join(ANSWER_FORMATS)}, not {fmt}")
    given = journal_advice(args).scenario if args.company else scenario_or_journal(args)
    with located(args.scenario):
        reasons = sufficient_reasons(knowledge_base(args), given, args.conclusion)
    text = reasons.render(fmt)
    (show if fmt != "json" else write)(text, args.out, args=args)
    return 0
