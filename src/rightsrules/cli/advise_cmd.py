"""``rightsrules advise SCENARIO``: the advice for one scenario."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from ..api import assess
from ..i18n import _
from ._common import (
    add_output,
    add_rules,
    add_scenario,
    inputs,
    knowledge_base,
    out_format,
    output_format,
    scenario,
    show,
    write,
)


def register(subparsers: Any) -> None:
    parser = subparsers.add_parser(
        "advise",
        help=_("print the advice for a scenario file"),
        description=_("Derive and print the advice for a scenario (YAML or JSON; - for stdin)."),
    )
    add_scenario(parser)
    add_rules(parser)
    add_output(parser, ("text", "markdown", "json"), "text")
    parser.add_argument(
        "--graph",
        metavar="FILE",
        help=(
            _(
                "also write the derivation graph: GraphML for *.graphml, node-link JSON for *.json "
                "or a name with no extension"
            )
        ),
    )
    parser.add_argument(
        "--no-color",
        action="store_true",
        help=_("plain text even on a terminal (text is always plain when piped)"),
    )
    parser.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    fmt = output_format(args)
    if args.graph:
        formats = ("json", "graphml")
        out_format(
            "advise", args.graph, None, formats, "json", option="--graph", reads=inputs(args)
        )
    advice = assess(scenario(args.scenario), knowledge_base(args))
    if args.graph:
        from ..graph import write_graph  # networkx, only when a graph is asked for

        write_graph(advice.graph, Path(args.graph), inputs=inputs(args))
    if fmt == "json":
        write(advice.to_json(), args.out, args=args)
    elif fmt == "markdown":
        from ..render.markdown import to_markdown

        write(to_markdown(advice), args.out, args=args)
    elif args.out:
        from ..render.text import to_text

        show(to_text(advice), args.out, args=args)
    elif sys.stdout.isatty() and not args.no_color:
        from rich.console import Console

        from ..render.terminal import advice_renderable

        Console().print(advice_renderable(advice))
    else:
        from ..render.text import to_text

        show(to_text(advice))
    return 0
