"""``rightsrules schema {rule|scenario|test}``: print a JSON Schema for editors."""

from __future__ import annotations

import argparse
from typing import Any

from ..i18n import _
from ..schemas import SCHEMAS, schema_text
from ._common import write


def register(subparsers: Any) -> None:
    parser = subparsers.add_parser(
        "schema",
        help=_("print the JSON Schema of rule, scenario or test-case files"),
        description=(
            _(
                "Print a JSON Schema (draft-07) for editors: point a yaml-language-server "
                "'$schema' modeline or your editor's settings at the saved file."
            )
        ),
    )
    parser.add_argument("name", choices=sorted(SCHEMAS), help=_("which kind of file"))
    parser.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    write(schema_text(args.name))
    return 0
