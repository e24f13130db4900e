"""What the sub-commands share: options, loading, output."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from ..errors import ScenarioError
from ..io.read import read_stdin
from ..io.sanitise import sanitise
from ..io.write import stdout_error, write_text
from ..knowledge import KnowledgeBase, load_knowledge_base
from ..scenario import Scenario, load_scenario, parse_scenario

__all__ = [
    "EXIT_BAD_INPUT",
    "EXIT_INTERNAL",
    "CommandError",
    "Parser",
    "add_format",
    "add_out",
    "add_rules",
    "add_scenario",
    "inputs",
    "knowledge_base",
    "scenario",
    "show",
    "write",
]

EXIT_BAD_INPUT = 2
EXIT_INTERNAL = 1


class CommandError(Exception):
    """A command line that cannot be carried out (bad option, missing file)."""


class Parser(argparse.ArgumentParser):
    """An argument parser whose errors are :class:`CommandError` (exit status 2, one line)."""

    def error(self, message: str) -> None:  # type: ignore[override]
        self.print_usage(sys.stderr)
        raise CommandError(message)


def add_scenario(parser: argparse.ArgumentParser) -> None:
    """The SCENARIO argument: a scenario file, or - for standard input."""
    parser.add_argument("scenario", metavar="SCENARIO", help="scenario file, or - for stdin")


def add_rules(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--rules",
        metavar="DIR",
        action="append",
        default=[],
        help="an extra folder (or file) of rules to load beside the built-in ones; repeatable",
    )


def add_out(parser: argparse.ArgumentParser) -> None:
    """The ``--out FILE`` option of a command that writes one document."""
    parser.add_argument(
        "--out",
        metavar="FILE",
        help=(
            "write to FILE instead of standard output: atomically (a failure leaves the old "
            "FILE as it was), replacing an existing FILE; never over an input, nor through a "
            "symbolic link to a file"
        ),
    )


def add_format(parser: argparse.ArgumentParser, choices: tuple[str, ...], default: str) -> None:
    parser.add_argument(
        "--format",
        choices=choices,
        default=default,
        help=f"output format (default: {default})",
    )


def knowledge_base(args: argparse.Namespace) -> KnowledgeBase:
    return load_knowledge_base([Path(p) for p in getattr(args, "rules", [])])


def scenario(path: str) -> Scenario:
    if path == "-":
        return parse_scenario(read_stdin(error=ScenarioError), file="<stdin>")
    return load_scenario(Path(path))


def inputs(args: argparse.Namespace) -> list[str]:
    """The files a command reads: its scenario (or CSV) and its ``--rules`` files, which its
    ``--out`` must not be."""
    found = [getattr(args, name) for name in ("scenario", "csv") if getattr(args, name, None)]
    for item in getattr(args, "rules", []):
        try:
            found.extend(map(str, Path(item).iterdir()))
        except OSError:  # not a folder: a rule file itself
            found.append(item)
    return found


def show(text: str) -> None:
    """Print text meant to be read on a terminal (not a file format), with every character a
    terminal would obey (escapes, bidirectional overrides) written out as an escape."""
    write(sanitise(text))


def write(text: str, out: str | None = None, *, args: argparse.Namespace | None = None) -> None:
    """Print ``text`` (ending in a newline), or write it to the file ``out`` through the one
    atomic writer (:func:`rightsrules.io.write.write_text`), never over one of the inputs
    of the command ``args`` describes."""
    text = text if text.endswith("\n") else text + "\n"
    if out is None:
        try:
            sys.stdout.write(text)
            sys.stdout.flush()
        except BrokenPipeError:
            raise
        except OSError as exc:
            raise stdout_error(exc) from None
        return
    write_text(out, text, inputs=inputs(args) if args is not None else ())
