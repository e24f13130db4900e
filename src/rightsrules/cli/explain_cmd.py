"""``rightsrules explain SCENARIO ID``: how a conclusion of the advice was reached."""

from __future__ import annotations

import argparse
from typing import Any

from ..api import assess
from ..explain.how import DETAILS, FORMATS
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
    add_output(parser, FORMATS, "text")
    parser.add_argument(
        "--detail",
        choices=DETAILS,
        default="full",
        help="the full tree, or only the direct reasons (default: full)",
    )
    parser.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    fmt = output_format(args)
    advice = assess(scenario(args.scenario), knowledge_base(args))
    text = advice.explain(args.conclusion, detail=args.detail).render(fmt)
    (show if fmt == "text" else write)(text, args.out, args=args)
    return 0
