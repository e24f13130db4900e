"""``rightsrules report SCENARIO``: the engagement plan as one Markdown or HTML document, or
its draft alone as plain text (``--letter``)."""

from __future__ import annotations

import argparse
from typing import Any

from ..api import assess
from ..render import to_report_html, to_report_markdown
from ._common import (
    CommandError,
    add_output,
    add_rules,
    add_scenario,
    inputs,
    knowledge_base,
    out_format,
    scenario,
    show,
    write,
)

_PLAN = ("markdown", "html")
_LETTER = ("text",)


def register(subparsers: Any) -> None:
    parser = subparsers.add_parser(
        "report",
        help="write the engagement plan for a scenario (Markdown or HTML)",
        description=(
            "Write the engagement plan for a scenario: summary, challenges, leverage, ranked "
            "strategies, contacts, a checklist, a draft message, case studies, resources, "
            "assumptions and open questions. HTML is one self-contained file. With --letter, "
            "only the draft message, as plain text (no markup, nothing escaped)."
        ),
    )
    add_scenario(parser)
    add_rules(parser)
    parser.add_argument(
        "--letter",
        action="store_true",
        help="write only the draft message for your stage, as plain text (--format text)",
    )
    add_output(parser, (*_PLAN, *_LETTER), "markdown", otherwise="markdown, text with --letter")
    parser.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    formats = _LETTER if args.letter else _PLAN
    if args.format is not None and args.format not in formats:
        raise CommandError(
            "--format text is the draft alone: give --letter"
            if args.format == "text"
            else f"--letter writes plain text, not {args.format}: leave out --format"
        )
    note = "" if args.letter else "; the draft alone is plain text: give --letter"
    fmt = out_format(
        "report", args.out, args.format, formats, formats[0], note=note, reads=inputs(args)
    )
    advice = assess(scenario(args.scenario), knowledge_base(args))
    if fmt == "text":
        from ..render.letter import to_letter_text

        show(to_letter_text(advice), args.out, args=args)
    else:
        text = to_report_html(advice) if fmt == "html" else to_report_markdown(advice)
        write(text, args.out, args=args)
    return 0
