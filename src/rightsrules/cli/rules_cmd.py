"""``rightsrules rules``: every rule, its sources and what it concludes."""

from __future__ import annotations

import argparse
import json
from typing import Any

from ..rules import Rule
from ._common import add_format, add_rules, knowledge_base, show, write


def register(subparsers: Any) -> None:
    parser = subparsers.add_parser(
        "rules",
        help="list every rule of the knowledge base",
        description="List every rule: id, title, guide sections and the conclusions it reaches.",
    )
    add_rules(parser)
    add_format(parser, ("text", "json"), "text")
    parser.set_defaults(handler=run)


def describe(rule: Rule) -> dict[str, Any]:
    return {
        "id": rule.id,
        "title": rule.title,
        "kind": rule.kind.value,
        "sources": list(rule.sources),
        "concludes": list(rule.then),
        "assumes": [path for path, _ in rule.assume],
        "ranks": [cid for cid, _ in rule.rank],
        "file": rule.file,
        "line": rule.line,
    }


def run(args: argparse.Namespace) -> int:
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
            "assumes " + ", ".join(p for p, _ in rule.assume)
            if rule.assume
            else "ranks " + ", ".join(c for c, _ in rule.rank)
        )
        lines.append(f"{rule.id}  {rule.title}\n    -> {does}  [{', '.join(rule.sources)}]")
    lines.append(f"{len(kb.rules)} rules, version {kb.version}")
    show("\n".join(lines))
    return 0
