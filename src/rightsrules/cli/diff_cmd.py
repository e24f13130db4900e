"""``rightsrules diff OLD_RULES NEW_RULES SCENARIOS``: which advice a change of the rules
changes, for which scenarios, and which changed rules did it.

SCENARIOS is read as ``rightsrules batch`` reads its input: a folder of scenario files, a
JSON-lines file, or a CSV file (``*.csv``). A record that is not a valid scenario is left out
and named on standard error, located, and the exit status is then
:data:`~rightsrules.cli._common.EXIT_REFUSED`.
"""

from __future__ import annotations

import argparse
import contextlib
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from ..batch import BATCH_ENGINE, Record, read_csv, read_folder, read_json_lines
from ..engines import ENGINES, evaluator_named
from ..errors import EngineError
from ..i18n import _
from ..io.sanitise import sanitise
from ..io.write import write_text
from ..knowledge import KnowledgeBase, load_knowledge_base
from ._common import (
    EXIT_REFUSED,
    CommandError,
    add_output,
    out_format,
    refused_summary,
    show,
    write,
)

#: How many refused records are named on standard error.
SHOWN = 5
#: The exit status of ``--exit-code`` when some scenario's advice changed (as ``git diff``).
EXIT_CHANGED = 1


def register(subparsers: Any) -> None:
    parser = subparsers.add_parser(
        "diff",
        help=_("compare two versions of the rules: which advice changes for which scenarios"),
        description=(
            _(
                "Assess every scenario of SCENARIOS with the rules of OLD_RULES and with those of "
                "NEW_RULES, and report, per scenario, the conclusions added, removed and "
                "re-ranked, each with the changed rules that caused it; then how many scenarios "
                "changed, by "
                "conclusion. OLD_RULES and NEW_RULES are rule folders (or files) as --rules takes "
                "them; only they are read (not the built-in rules, unless --with-builtin). "
                "SCENARIOS is read as batch reads its input: a folder of scenario files, a "
                "JSON-lines file, or a CSV file."
            )
        ),
        epilog=(
            _(
                "exit status: 0 when the comparison is made; 1 with --exit-code when some "
                "scenario's advice changed; 3 when some records were refused (named on standard "
                "error; the others are compared); 2 when the rules or scenarios cannot be read"
            )
        ),
    )
    parser.add_argument("old", metavar="OLD_RULES", help=_("the rules before: a folder or a file"))
    parser.add_argument("new", metavar="NEW_RULES", help=_("the rules after: a folder or a file"))
    parser.add_argument(
        "scenarios",
        metavar="SCENARIOS",
        help=_("a folder of scenario files, a JSON-lines file, a CSV file, or - for stdin"),
    )
    parser.add_argument(
        "--input-format",
        choices=("jsonl", "csv"),
        help=_(
            "how SCENARIOS is written (default: csv for *.csv, else jsonl; ignored for a folder)"
        ),
    )
    parser.add_argument(
        "--with-builtin",
        action="store_true",
        help=_("load the built-in rules beside OLD_RULES and beside NEW_RULES (for a rule pack)"),
    )
    parser.add_argument(
        "--exit-code",
        action="store_true",
        help=_("exit with status {status} when some scenario's advice changed").format(
            status=EXIT_CHANGED
        ),
    )
    parser.add_argument(
        "--engine",
        choices=ENGINES,
        default=BATCH_ENGINE,
        help=_("the engine both rule sets run on (default: {engine}, as for batch)").format(
            engine=BATCH_ENGINE
        ),
    )
    add_output(parser, ("text", "markdown", "json"), "text")
    parser.set_defaults(handler=run)


def _rules(path: str, builtin: bool) -> KnowledgeBase:
    return load_knowledge_base([Path(path)], builtin=builtin, rulepacks=False)


def _records(args: argparse.Namespace) -> Iterator[Record]:
    source = args.scenarios
    if source != "-" and Path(source).is_dir():
        return read_folder(source)
    fmt = args.input_format or ("csv" if source.lower().endswith(".csv") else "jsonl")
    return read_csv(source) if fmt == "csv" else read_json_lines(source)


def _inputs(args: argparse.Namespace) -> list[str]:
    """Every file the command reads, which ``--out`` must not be."""
    found: list[str] = []
    for item in (args.old, args.new, args.scenarios):
        path = Path(item)
        found.append(item)
        if path.is_dir():
            with contextlib.suppress(OSError):  # unreadable: reading it says so, by name
                found.extend(str(p) for p in path.iterdir())
    return found


def run(args: argparse.Namespace) -> int:
    from ..impact import diff

    reads = _inputs(args)
    fmt = out_format("diff", args.out, args.format, args.out_formats, "text", reads=reads)
    old = _rules(args.old, args.with_builtin)
    new = _rules(args.new, args.with_builtin)
    try:
        evaluator = evaluator_named(args.engine)
    except EngineError as error:  # durable_rules asked for where it does not import
        raise CommandError(str(error)) from None
    impact = diff(old, new, _records(args), evaluator=evaluator, labels=(args.old, args.new))
    text = impact.render(fmt)
    if args.out:
        write_text(args.out, text if fmt == "json" else sanitise(text), inputs=reads)
    elif fmt == "json":
        write(text)
    else:
        show(text)
    if impact.refused:
        first = [(error.record, error.problems[0]) for error in impact.refused[:SHOWN]]
        summary = refused_summary(
            len(impact.refused), impact.total, first, _("left out of the comparison")
        )
        print(summary, file=sys.stderr)
        return EXIT_REFUSED
    if args.exit_code and impact.changed:
        return EXIT_CHANGED
    return 0
