"""``rightsrules rules``: every rule, its sources and what it concludes."""

from __future__ import annotations

import argparse
import json
from typing import Any

from ..i18n import _
from ..rules import Rule
from ._common import CommandError, add_format, add_rules, knowledge_base, show, write


def register(subparsers: Any) -> None:
    parser = subparsers.add_parser(
        "rules",
        help=_("list every rule of the knowledge base"),
        description=(
            _(
                "List every rule: id, title, guide sections and the conclusions it reaches. With "
                "--sections, the guide's sections a rule may cite instead; with --vocabulary, the "
                "scenario paths, kinds, phases and conclusion ids a rule may use (docs/sections.md "
                "and docs/vocabulary.md are these, as Markdown)."
            )
        ),
    )
    add_rules(parser)
    shown = parser.add_mutually_exclusive_group()
    shown.add_argument(
        "--sections",
        action="store_true",
        help=_("list the guide's sections (the ids of a rule's sources) instead of the rules"),
    )
    shown.add_argument(
        "--vocabulary",
        action="store_true",
        help=_("list the scenario paths and their values, and the conclusion ids, instead"),
    )
    add_format(parser, ("text", "json", "markdown"), "text")
    parser.set_defaults(handler=run)


def describe(rule: Rule) -> dict[str, Any]:
    return {
        "id": rule.id,
        "title": rule.title,
        "kind": rule.kind.value,
        "sources": list(rule.sources),
        "concludes": list(rule.then),
        "assumes": [path for path, _value in rule.assume],
        "ranks": [cid for cid, _value in rule.rank],
        "file": rule.file,
        "line": rule.line,
    }


def run(args: argparse.Namespace) -> int:
    if args.sections or args.vocabulary:
        return catalogue(args)
    if args.format == "markdown":
        raise CommandError(_("--format markdown is for --sections and --vocabulary only"))
    kb = knowledge_base(args)
    if args.format == "json":
        write(
            json.dumps(
                {"rules_version": kb.version, "rules": [describe(r) for r in kb.rules]}, indent=2
            )
        )
        return 0
    lines = []
    for rule in kb.rules:
        does = ", ".join(rule.then) or (
            "assumes " + ", ".join(p for p, _value in rule.assume)
            if rule.assume
            else "ranks " + ", ".join(c for c, _value in rule.rank)
        )
        lines.append(f"{rule.id}  {rule.title}\n    -> {does}  [{', '.join(rule.sources)}]")
    lines.append(f"{len(kb.rules)} rules, version {kb.version}")
    show("\n".join(lines))
    return 0


def catalogue(args: argparse.Namespace) -> int:
    """``--sections`` or ``--vocabulary``: what a rule author looks up."""
    from .. import authoring

    kb = knowledge_base(args)
    name = "sections" if args.sections else "vocabulary"
    if args.format == "json":
        data = getattr(authoring, f"{name}_data")(kb)
        write(json.dumps(data, indent=2, ensure_ascii=False))
    elif args.format == "markdown":
        write(getattr(authoring, f"{name}_markdown")(kb))
    else:
        show(getattr(authoring, f"{name}_text")(kb))
    return 0
