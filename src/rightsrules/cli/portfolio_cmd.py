"""``rightsrules portfolio CSV``: many companies compared in one table or chart.

A row that is not a valid scenario is left out of the comparison and named on standard error
(its record number, file, line and key); the others are compared, and the exit status is
then :data:`~rightsrules.cli._common.EXIT_REFUSED`.
"""

from __future__ import annotations

import argparse
import sys
from html import escape
from pathlib import Path
from typing import Any

from ..batch import RejectedRecord
from ..i18n import _
from ..portfolio import assess_portfolio, read_scenarios_csv
from ..vocabulary import CONCLUSION_KINDS
from ._common import (
    EXIT_REFUSED,
    add_output,
    add_rules,
    knowledge_base,
    output_format,
    refused_summary,
    write,
)

_CSS = "body { font-family: system-ui, sans-serif; margin: 1.5rem; } .figure { overflow-x: auto; }"
#: How many refused rows are named on standard error.
SHOWN = 5


def register(subparsers: Any) -> None:
    parser = subparsers.add_parser(
        "portfolio",
        help=_("compare many companies from a CSV: which strategies apply to which"),
        description=(
            _(
                "Assess every company of a CSV (one column per scenario path, as for batch) and "
                "compare them: a Markdown table, an SVG chart, or one HTML page with both. "
                "A row that is not a valid scenario is left out and named on standard error."
            )
        ),
        epilog=(
            _(
                "exit status: 0 when every row is compared; 3 when some rows were refused (the "
                "others are compared); 2 when nothing can be read (a missing file, an unknown "
                "column)"
            )
        ),
    )
    parser.add_argument("csv", metavar="CSV", help=_("a CSV file of scenarios"))
    parser.add_argument(
        "--kind",
        choices=CONCLUSION_KINDS,
        default="strategy",
        help=_("which kind of conclusion to compare (default: strategy)"),
    )
    add_rules(parser)
    add_output(parser, ("markdown", "svg", "html"), "markdown")
    parser.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    fmt = output_format(args)
    path = Path(args.csv)
    refused: list[RejectedRecord] = []
    scenarios = read_scenarios_csv(path, refused=refused)
    portfolio = assess_portfolio(scenarios, knowledge_base(args))
    if fmt == "svg":
        text = portfolio.to_svg(args.kind)
    elif fmt == "html":
        title = f"Portfolio: {path.name}"
        text = (
            '<!DOCTYPE html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n'
            '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
            f"<title>{escape(title)}</title>\n<style>{_CSS}</style>\n"
            f"</head>\n<body>\n<h1>{escape(title)}</h1>\n"
            f'<div class="figure">{portfolio.to_svg(args.kind)}</div>\n</body>\n</html>\n'
        )
    else:
        text = portfolio.to_markdown(args.kind)
    write(text, args.out, args=args)
    if not refused:
        return 0
    first = [(error.record, error.problems[0]) for error in refused[:SHOWN]]
    total = len(scenarios) + len(refused)
    summary = refused_summary(len(refused), total, first, _("left out of the comparison"))
    print(summary, file=sys.stderr)
    return EXIT_REFUSED
