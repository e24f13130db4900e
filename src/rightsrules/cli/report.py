"""``rightsrules report SCENARIO``: the engagement plan as one Markdown or HTML document."""

from __future__ import annotations

import argparse
from typing import Any

from ..api import assess
from ..render import to_report_html, to_report_markdown
from ._common import add_format, add_out, add_rules, add_scenario, knowledge_base, scenario, write


def register(subparsers: Any) -> None:
    parser = subparsers.add_parser(
        "report",
        help="write the engagement plan for a scenario (Markdown or HTML)",
        description=(
            "Write the engagement plan for a scenario: summary, challenges, leverage, ranked "
            "strategies, contacts, a checklist, a draft message, case studies, resources, "
            "assumptions and open questions. HTML is one self-contained file."
        ),
    )
    add_scenario(parser)
    add_rules(parser)
    add_format(parser, ("markdown", "html"), "markdown")
    add_out(parser)
    parser.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    advice = assess(scenario(args.scenario), knowledge_base(args))
    text = to_report_html(advice) if args.format == "html" else to_report_markdown(advice)
    write(text, args.out, args=args)
    return 0
