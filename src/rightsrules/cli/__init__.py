"""The ``rightsrules`` command: a thin layer over the library.

Each sub-command lives in its own module with a ``register(subparsers)`` function that adds
its parser and sets ``handler``. Bad input ends with a one-paragraph message on standard error
and exit status 2, never a traceback.

Ctrl-C at any moment ends a command with one line and exit status 130; SIGTERM is handled the
same way, with status 143. This module imports nothing heavy, and :func:`main` loads the rest
of the library inside its handlers, so even a Ctrl-C while the program starts gets the line,
not a traceback.
"""

from __future__ import annotations

import os
import sys

TYPE_CHECKING = False  # not typing's: this module must load fast (see above)
if TYPE_CHECKING:
    import argparse
    from collections.abc import Sequence
    from types import FrameType
del TYPE_CHECKING

__all__ = ["EXIT_INTERRUPTED", "EXIT_TERMINATED", "Terminated", "build_parser", "main"]

#: The exit status after Ctrl-C (128 + SIGINT), and after SIGTERM (128 + SIGTERM).
EXIT_INTERRUPTED = 130
EXIT_TERMINATED = 143


class Terminated(KeyboardInterrupt):
    """SIGTERM, raised like Ctrl-C's :class:`KeyboardInterrupt`, so that every command stops
    the same way for both (a batch keeps its whole lines and can be resumed)."""


#: The sub-commands, in the order ``--help`` lists them. Each is defined by the module named
#: after it: ``why-not`` by ``why_not_cmd.py``.
COMMANDS: tuple[str, ...] = (
    "advise",
    "explain",
    "why-not",
    "what-if",
    "questions",
    "interview",
    "report",
    "picture",
    "portfolio",
    "campaign",
    "serve",
    "rules",
    "batch",
    "test",
    "lint",
    "diff",
    "schema",
)


def command_module(command: str) -> str:
    """The module that defines a sub-command.

    >>> command_module("why-not")
    'why_not_cmd'
    """
    return f"{command.replace('-', '_')}_cmd"


def build_parser(argv: Sequence[str] | None = None) -> argparse.ArgumentParser:
    """The argument parser. When ``argv`` starts with a sub-command, only that sub-command is
    registered (each command module imports the parts of the library it runs, so a command
    loads only what it needs); otherwise every sub-command is, for ``--help`` and errors."""
    import importlib

    from .._version import __version__
    from ..i18n import _
    from ._common import NO_TEXT, Parser, add_lang

    parser = Parser(
        prog="rightsrules",
        description=_("Explained advice for engaging tech companies on human rights."),
    )
    parser.add_argument(
        "--version",
        action="version",
        version=f"rightsrules {__version__}",
        help=_("show the version of rightsrules and exit"),
    )
    subparsers = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=Parser)
    subparsers.required = True
    named = argv[0] if argv else None
    for command in [named] if named in COMMANDS else COMMANDS:
        importlib.import_module(f"{__name__}.{command_module(command)}").register(subparsers)
    for command, subparser in subparsers.choices.items():
        if command not in NO_TEXT:
            add_lang(subparser)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; returns the exit status."""
    restore: list[tuple[int, object]] = []
    try:
        import signal

        restore.append((signal.SIGTERM, _handle(signal.SIGTERM, _on_sigterm)))
        return _dispatch(argv)
    except KeyboardInterrupt as exc:
        import signal

        # A second Ctrl-C must not cut the line short.
        restore.append((signal.SIGINT, _handle(signal.SIGINT, signal.SIG_IGN)))
        terminated = isinstance(exc, Terminated)
        _report("terminated" if terminated else "interrupted")
        return EXIT_TERMINATED if terminated else EXIT_INTERRUPTED
    finally:
        for signum, previous in reversed(restore):
            if previous is not None:
                _handle(signum, previous)


def _dispatch(argv: Sequence[str] | None) -> int:
    with _SignalsHeld():
        from ..i18n import using
        from ..i18n.argparse_words import argparse_speaks
        from ._common import argv_language

    arguments = sys.argv[1:] if argv is None else list(argv)
    # The help, argparse's words and the messages speak the language asked for.
    with using(argv_language(arguments)), argparse_speaks():
        return _run(arguments)


def _run(arguments: list[str]) -> int:
    """Parse the command line and run its command; every error is one line on stderr."""
    from ..errors import EngineError, InputError, RightsRulesError
    from ..i18n import _, using
    from ._common import EXIT_BAD_INPUT, EXIT_INTERNAL, CommandError, language

    try:
        with _SignalsHeld():
            parser = build_parser(arguments)
        args = parser.parse_args(arguments)
        with using(language(args)):  # the advice, the renderers and messages speak it
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
        _report(_("the inference engine failed: {error}").format(error=exc))
        return EXIT_INTERNAL
    except RightsRulesError as exc:
        _report(str(exc))
        return EXIT_BAD_INPUT
    except BrokenPipeError:
        # The reader went away (e.g. `| head`): nothing more to say to it.
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        return 0
    except Exception as exc:  # a bug: say so plainly, with the traceback only on request
        if os.environ.get("RIGHTSRULES_DEBUG"):
            import traceback

            traceback.print_exc()
        message = _(
            "internal error ({kind}: {error}). This is a bug in rightsrules; "
            "set RIGHTSRULES_DEBUG=1 to see the traceback and please report it."
        )
        _report(message.format(kind=type(exc).__name__, error=exc))
        return EXIT_INTERNAL


class _SignalsHeld:
    """Ctrl-C and SIGTERM held while the command's modules are imported, and raised once the
    imports are done. An interrupt raised inside a module's initialisation can leave a C
    extension half made, which crashed the process at exit (SIGSEGV), or come out as another
    exception (CPython wraps it in a RuntimeError when it arrives in ``__set_name__``)."""

    def __enter__(self) -> None:
        import signal

        self.pending: list[int] = []
        self.previous = [
            (signum, _handle(signum, lambda signum, frame: self.pending.append(signum)))
            for signum in (signal.SIGINT, signal.SIGTERM)
        ]

    def __exit__(self, *exc_info: object) -> None:
        import signal

        for signum, previous in self.previous:
            if previous is not None:
                _handle(signum, previous)
        if signal.SIGTERM in self.pending:
            raise Terminated
        if self.pending:
            raise KeyboardInterrupt


def _flush_stdout() -> None:
    """Flush standard output now, so a full disk (``> /dev/full``) is a message and exit 2,
    not an error at exit."""
    try:
        sys.stdout.flush()
    except BrokenPipeError:
        raise
    except OSError as exc:
        from ..io.write import stdout_error

        raise stdout_error(exc) from None


def _report(message: str) -> None:
    from ..i18n import _
    from ..io.sanitise import sanitise

    print(_("rightsrules: error: {message}").format(message=sanitise(message)), file=sys.stderr)


def _on_sigterm(signum: int, frame: FrameType | None) -> None:
    raise Terminated


def _handle(signum: int, handler: object) -> object:
    """Set a signal's handler and return the one it had; ``None`` outside the main thread,
    where Python cannot set one (a command run from a thread keeps the signals as they are)."""
    import signal

    try:
        return signal.signal(signum, handler)  # type: ignore[arg-type]
    except ValueError:
        return None


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
