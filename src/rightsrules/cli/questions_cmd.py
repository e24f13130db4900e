"""``rightsrules questions SCENARIO``: the open facts whose answer would change the advice."""

from __future__ import annotations

import argparse
from typing import Any

from ..api import assess
from ..explain.questions import questions_json, questions_text
from ..i18n import _
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
        "questions",
        help=_("list the unknown facts whose answer would change the advice"),
        description=(
            _(
                "List the facts the scenario leaves open (or fills by default) whose answer would "
                "add or remove conclusions, most decisive first, then those whose answer would "
                "only reorder them, with the answers allowed; the JSON says each one's effect "
                "(changes or reorders)."
            )
        ),
    )
    add_scenario(parser)
    add_rules(parser)
    add_output(parser, ("text", "json"), "text")
    parser.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    fmt = output_format(args)
    advice = assess(scenario(args.scenario), knowledge_base(args))
    from ..explain.minimal import located

    with located(args.scenario):  # a scenario that breaks a constraint: said with its file
        found = advice.questions(why=True)
    if fmt == "json":
        write(questions_json(found), args.out, args=args)
    else:
        show(questions_text(found), args.out, args=args)
    return 0
