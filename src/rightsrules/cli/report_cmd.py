"""``rightsrules report SCENARIO``: the engagement plan as one Markdown or HTML document, or
its draft alone as plain text (``--letter``). ``rightsrules report JOURNAL --company NAME``:
the plan of one company of a campaign journal as of a date (``--as-of``, today when not
given), with the company's events as a section of their own."""

from __future__ import annotations

import argparse
from typing import Any

from ..advice import Advice
from ..api import assess
from ..render import to_report_html, to_report_markdown
from ..render.history import EngagementHistory
from ._common import (
    CommandError,
    add_output,
    add_rules,
    add_scenario,
    inputs,
    knowledge_base,
    out_format,
    show,
    write,
)
from ._journal import load_journal, scenario_or_journal

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
            "only the draft message, as plain text (no markup, nothing escaped). With "
            "--company, SCENARIO is a campaign journal: the plan of that company as of --as-of, "
            "with its engagement history (the events done and planned)."
        ),
    )
    add_scenario(parser)
    add_rules(parser)
    parser.add_argument(
        "--company",
        metavar="NAME",
        help="SCENARIO is a campaign journal: write the plan of the company of it called NAME",
    )
    parser.add_argument(
        "--as-of",
        metavar="DATE",
        help="with --company: the day (YYYY-MM-DD) the plan is for; events after it are "
        "planned (default: today)",
    )
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
    if args.company is None:
        advice, history = assess(scenario_or_journal(args), knowledge_base(args)), None
    else:
        advice, history = _journal(args)
    if fmt == "text":
        from ..render.letter import to_letter_text

        show(to_letter_text(advice), args.out, args=args)
    else:
        render = to_report_html if fmt == "html" else to_report_markdown
        write(render(advice, history=history), args.out, args=args)
    return 0


def _journal(args: argparse.Namespace) -> tuple[Advice, EngagementHistory]:
    from ..campaign.report import engagement_history

    campaign, name, as_of = load_journal(args)
    advice = campaign.advice_for(name, as_of, knowledge_base(args))
    return advice, engagement_history(campaign, name, as_of)
