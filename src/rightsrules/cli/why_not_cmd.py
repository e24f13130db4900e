"""``rightsrules why-not SCENARIO ID``: why a conclusion is not in the advice."""

from __future__ import annotations

import argparse
from typing import Any

from ..api import assess
from ._common import (
    add_output,
    add_rules,
    add_scenario,
    knowledge_base,
    output_format,
    scenario,
    show,
    write,
)


def register(subparsers: Any) -> None:
    parser = subparsers.add_parser(
        "why-not",
        help="show why a conclusion is not in the advice",
        description=(
            "For every rule that could reach the conclusion, show each condition that failed: "
            "false (the scenario says otherwise) or unknown (the scenario is silent)."
        ),
    )
    add_scenario(parser)
    parser.add_argument("conclusion", metavar="ID", help="a conclusion id, e.g. leverage:investors")
    add_rules(parser)
    add_output(parser, ("text", "json"), "text")
    parser.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    fmt = output_format(args)
    advice = assess(scenario(args.scenario), knowledge_base(args))
    text = advice.why_not(args.conclusion).render(fmt)
    (show if fmt == "text" else write)(text, args.out, args=args)
    return 0
