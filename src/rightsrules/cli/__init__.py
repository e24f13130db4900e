"""The ``rightsrules`` command: a thin layer over the library.

Each sub-command lives in its own module with a ``register(subparsers)`` function that adds
its parser and sets ``handler``. Bad input ends with a one-paragraph message on standard error
and exit status 2, never a traceback.
"""

from __future__ import annotations

import argparse
import importlib
import os
import sys
import traceback
from collections.abc import Sequence

from .. import __version__
from ..errors import EngineError, InputError, RightsRulesError
from ..io.write import stdout_error
from ._common import EXIT_BAD_INPUT, EXIT_INTERNAL, CommandError

__all__ = ["build_parser", "main"]

#: The sub-command modules, in the order ``--help`` lists them.
COMMANDS: tuple[str, ...] = (
    "advise",
    "explain_cmd",
    "why_not_cmd",
    "what_if_cmd",
    "questions_cmd",
    "interview_cmd",
    "report",
    "picture",
    "portfolio_cmd",
    "rules_cmd",
    "batch_cmd",
    "test_cmd",
    "lint_cmd",
    "schema_cmd",
)


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> None:  # type: ignore[override]
        self.print_usage(sys.stderr)
        raise CommandError(message)


def build_parser() -> argparse.ArgumentParser:
    """The argument parser with every sub-command registered."""
    parser = _Parser(
        prog="rightsrules",
        description="Explained advice for engaging tech companies on human rights.",
    )
    parser.add_argument("--version", action="version", version=f"rightsrules {__version__}")
    subparsers = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)
    subparsers.required = True
    for name in COMMANDS:
        importlib.import_module(f"{__name__}.{name}").register(subparsers)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; returns the exit status."""
    try:
        args = build_parser().parse_args(argv)
        status: int = args.handler(args)
        _flush_stdout()
        return status
    except CommandError as exc:
        _report(str(exc))
        return EXIT_BAD_INPUT
    except InputError as exc:
        _report(str(exc))
        return EXIT_BAD_INPUT
    except EngineError as exc:
        _report(f"the inference engine failed: {exc}")
        return EXIT_INTERNAL
    except RightsRulesError as exc:
        _report(str(exc))
        return EXIT_BAD_INPUT
    except KeyboardInterrupt:
        _report("interrupted")
        return 130
    except BrokenPipeError:
        # The reader went away (e.g. `| head`): nothing more to say to it.
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        return 0
    except Exception as exc:  # a bug: say so plainly, with the traceback only on request
        if os.environ.get("RIGHTSRULES_DEBUG"):
            traceback.print_exc()
        _report(
            f"internal error ({type(exc).__name__}: {exc}). This is a bug in rightsrules; "
            "set RIGHTSRULES_DEBUG=1 to see the traceback and please report it."
        )
        return EXIT_INTERNAL


def _flush_stdout() -> None:
    """Flush standard output now, so a full disk (``> /dev/full``) is a message and exit 2,
    not an error at exit."""
    try:
        sys.stdout.flush()
    except BrokenPipeError:
        raise
    except OSError as exc:
        raise stdout_error(exc) from None


def _report(message: str) -> None:
    print(f"rightsrules: error: {message}", file=sys.stderr)


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
