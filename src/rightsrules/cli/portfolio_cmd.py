"""``rightsrules portfolio CSV``: many companies compared in one table or chart."""

from __future__ import annotations

import argparse
from html import escape
from pathlib import Path
from typing import Any

from ..portfolio import assess_portfolio, read_scenarios_csv
from ..vocabulary import CONCLUSION_KINDS
from ._common import add_format, add_out, add_rules, knowledge_base, write

_CSS = "body { font-family: system-ui, sans-serif; margin: 1.5rem; } .figure { overflow-x: auto; }"


def register(subparsers: Any) -> None:
    parser = subparsers.add_parser(
        "portfolio",
        help="compare many companies from a CSV: which strategies apply to which",
        description=(
            "Assess every company of a CSV (one column per scenario path, as for batch) and "
            "compare them: a Markdown table, an SVG chart, or one HTML page with both."
        ),
    )
    parser.add_argument("csv", metavar="CSV", help="a CSV file of scenarios")
    parser.add_argument(
        "--kind",
        choices=CONCLUSION_KINDS,
        default="strategy",
        help="which kind of conclusion to compare (default: strategy)",
    )
    add_rules(parser)
    add_format(parser, ("markdown", "svg", "html"), "markdown")
    add_out(parser)
    parser.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    path = Path(args.csv)
    portfolio = assess_portfolio(read_scenarios_csv(path), knowledge_base(args))
    if args.format == "svg":
        text = portfolio.to_svg(args.kind)
    elif args.format == "html":
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
    return 0
