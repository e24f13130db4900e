"""``rightsrules picture SCENARIO [ID]``: the derivation graph as an SVG picture."""

from __future__ import annotations

import argparse
from typing import Any

from ..api import assess
from ..i18n import _
from ..render import derivation_svg
from ._common import (
    add_output,
    add_rules,
    add_scenario,
    knowledge_base,
    output_format,
    scenario,
    write,
)


def register(subparsers: Any) -> None:
    parser = subparsers.add_parser(
        "picture",
        help=_("draw the derivation graph of the advice (or of one conclusion) as SVG"),
        description=(
            _(
                "Draw why the advice holds as an SVG picture: facts, the rules that fired and the "
                "conclusions, coloured by kind. Give a conclusion id to draw only its proof."
            )
        ),
    )
    add_scenario(parser)
    parser.add_argument(
        "conclusion", metavar="ID", nargs="?", help=_("a conclusion id such as strategy:boycott")
    )
    add_rules(parser)
    add_output(parser, ("svg",), "svg")
    parser.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    output_format(args)  # an --out FILE named for another format is refused first
    advice = assess(scenario(args.scenario), knowledge_base(args))
    if args.conclusion is not None:
        advice[args.conclusion]  # an id not in the advice is bad input: exit 2 with its name
    name = advice.understood.company.name
    if args.conclusion:
        title = _("Why {conclusion}").format(conclusion=args.conclusion)
    else:
        title = _("Why this advice: {company}").format(company=name)
    svg = derivation_svg(advice, args.conclusion, title=title)
    write(svg, args.out, args=args)
    return 0
