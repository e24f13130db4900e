"""``rightsrules why-not SCENARIO ID``: why a conclusion is not in the advice (of one company
of a campaign journal with ``--company NAME [--as-of DATE]``)."""

from __future__ import annotations

import argparse
from typing import Any

from ..explain.why_not import DETAILS
from ..i18n import _
from ._common import (
    add_output,
    add_rules,
    add_scenario,
    output_format,
    show,
    write,
)
from ._journal import add_journal, advice_of


def register(subparsers: Any) -> None:
    parser = subparsers.add_parser(
        "why-not",
        help="show why a conclusion is not in the advice",
        description=(
            "Say which facts of the scenario rule the conclusion out (or which open ones could "
            "still reach it), then, for the rules that could reach it, each condition that "
            "failed: false (the scenario says otherwise) or unknown (the scenario is silent)."
        ),
    )
    add_scenario(parser)
    parser.add_argument("conclusion", metavar="ID", help="a conclusion id, e.g. leverage:investors")
    add_rules(parser)
    add_journal(
        parser,
        _(
            "SCENARIO is a campaign journal: say why the conclusion is not advised for its "
            "company called NAME"
        ),
    )
    add_output(parser, ("text", "json"), "text")
    parser.add_argument(
        "--detail",
        choices=DETAILS,
        default="short",
        help=(
            "short: what rules each alternative out, for this company type only; full: every "
            "rule and every failed condition (default: short; the JSON always has every rule)"
        ),
    )
    parser.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    fmt = output_format(args)
    advice = advice_of(args)
    report = advice.why_not(args.conclusion)
    if fmt == "text":
        show(report.to_text(detail=args.detail), args.out, args=args)
    else:
        write(report.render(fmt), args.out, args=args)
    return 0
