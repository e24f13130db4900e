"""``rightsrules batch INPUT``: the advice for every record of a file or folder, one JSON line
each, in input order.

Ctrl-C or SIGTERM stops after the record being written: every line already written is whole
and flushed (exit status 130, or 143 for SIGTERM); a second one stops at once.
With ``--out FILE --resume`` a rerun skips the records whose lines ``FILE`` already holds (a
last line cut short is dropped and done again), so nothing is lost or written twice.

``--out`` is written line by line (so that a run can be resumed), through
:class:`rightsrules.io.write.LineWriter`: never over the input, never over a non-empty file
unless ``--resume`` (go on after its last line) or ``--force`` (replace it) says so.

A record that is refused still has its line (``{"error": ..., "record": N}``); at the end,
standard error says how many were refused, with the first few and where their problems are,
and the exit status is :data:`~rightsrules.cli._common.EXIT_REFUSED`. With ``--resume`` the
count covers the lines ``--out`` already held too, so the status is that of the whole file;
an interrupted run says only that it was interrupted (its resumption gives the count).
"""

from __future__ import annotations

import argparse
import contextlib
import json
import signal
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from types import FrameType
from typing import Any

from .._workers import STOP_SIGNALS
from ..batch import (
    BATCH_ENGINE,
    MAX_JOBS,
    Record,
    advise_lines,
    read_csv,
    read_folder,
    read_json_lines,
)
from ..engines import ENGINES, Evaluator, evaluator_named
from ..errors import EngineError, Problem
from ..i18n import _, current_language, ngettext
from ..i18n.knowledge import translated
from ..io.read import lines as read_lines
from ..io.read import open_file
from ..io.write import LineWriter, check_target, complete_lines
from . import EXIT_INTERRUPTED, EXIT_TERMINATED, Terminated
from ._common import (
    EXIT_REFUSED,
    CommandError,
    add_rules,
    inputs,
    knowledge_base,
    out_format,
    refused_summary,
)

#: How many refused records are named on standard error.
SHOWN = 5
#: How every error line begins (and no advice line does): compact JSON, "error" first.
ERROR_LINE = '{"error":'


def _jobs(text: str) -> int:
    """``--jobs``: a whole number of worker processes, from 1 to :data:`MAX_JOBS`."""
    value = text.strip()
    if not (
        value.isascii() and value.isdigit() and len(value) <= 3 and 1 <= int(value) <= MAX_JOBS
    ):
        message = _("expected a whole number from 1 to {most}, not {text}")
        raise argparse.ArgumentTypeError(message.format(most=MAX_JOBS, text=f"{text!r:.40}"))
    return int(value)


def register(subparsers: Any) -> None:
    parser = subparsers.add_parser(
        "batch",
        help=_("advise on every scenario of a JSON-lines file, a CSV file or a folder"),
        description=(
            _(
                "Assess every record of INPUT and write one JSON line per record, in input order: "
                'the advice, or {"error": ..., "record": N} for a record that is not valid. '
                "Standard error then says how many records were refused, naming the first few. "
                "A CSV may be separated by commas, semicolons or tabs (the header's is used); "
                "blank rows and blank JSON lines are skipped (no record)."
            )
        ),
        epilog=(
            _(
                "exit status: 0 when every record was answered; 3 when some were refused (each "
                "has its error line, every other record is answered); 2 when the batch cannot "
                "run (a missing file, an unknown CSV column, a bad option); 130 or 143 after "
                "Ctrl-C or SIGTERM"
            )
        ),
    )
    parser.add_argument(
        "input", metavar="INPUT", help=_("a JSON-lines file, a CSV file, a folder, or - for stdin")
    )
    parser.add_argument(
        "--format",
        choices=("jsonl", "csv"),
        help=_("how INPUT is written (default: csv for *.csv, else jsonl; ignored for a folder)"),
    )
    parser.add_argument(
        "--jobs",
        type=_jobs,
        default=1,
        metavar="N",
        help=_("worker processes, 1 to {most} (default: 1)").format(most=MAX_JOBS),
    )
    parser.add_argument(
        "--out",
        metavar="FILE",
        help=(
            _(
                "write to FILE (JSON lines: *.jsonl, or a name with no extension) instead of "
                "standard output; FILE must not be INPUT, a symbolic link to a file, or a "
                "non-empty file (unless --resume or --force)"
            )
        ),
    )
    parser.add_argument(
        "--resume",
        action="store_true",
        help=_("with --out: skip the records FILE already answers and append the rest"),
    )
    parser.add_argument(
        "--force",
        action="store_true",
        help=_("with --out: replace FILE even when it already holds lines"),
    )
    parser.add_argument(
        "--engine",
        choices=ENGINES,
        default=BATCH_ENGINE,
        help=_(
            "the engine: all three give the same advice (default: {engine}, the "
            "fastest; other commands run durable where it is installed)"
        ).format(engine=BATCH_ENGINE),
    )
    parser.add_argument("--chunk-size", type=int, default=256, metavar="N", help=argparse.SUPPRESS)
    add_rules(parser)
    parser.set_defaults(handler=run)


def _records(args: argparse.Namespace, skip: int) -> Iterator[Record]:
    source = args.input
    if source != "-" and Path(source).is_dir():
        return read_folder(source, skip=skip)
    fmt = args.format or ("csv" if source.lower().endswith(".csv") else "jsonl")
    if fmt == "csv":
        return read_csv(source, skip=skip)
    return read_json_lines(source, skip=skip)


def _inputs(args: argparse.Namespace) -> list[str]:
    """The files the batch reads, which ``--out`` must not be: INPUT (or, for a folder, the
    entries it reads) and the ``--rules`` files."""
    found = inputs(args)
    source = args.input
    if source != "-" and Path(source).is_dir():
        with contextlib.suppress(OSError):  # unreadable: reading it says so, by name
            found.extend(str(p) for p in Path(source).iterdir() if p.suffix in _FOLDER_SUFFIXES)
    else:
        found.append(source)
    return found


_FOLDER_SUFFIXES = (".yaml", ".yml", ".json")


def _evaluator(name: str) -> Evaluator:
    try:
        return evaluator_named(name)
    except EngineError as error:  # durable_rules asked for where it does not import
        raise CommandError(str(error)) from None


class _Stop:
    """The first Ctrl-C or SIGTERM asks to stop after the current line; a second one stops at
    once."""

    def __init__(self) -> None:
        self.signal: int | None = None
        self.previous: dict[int, Any] = {}

    @property
    def requested(self) -> bool:
        return self.signal is not None

    def __enter__(self) -> _Stop:
        for signum in STOP_SIGNALS:
            self.previous[signum] = signal.signal(signum, self._handle)
        return self

    def __exit__(self, *exc: object) -> None:
        for signum, previous in self.previous.items():
            signal.signal(signum, previous)

    def _handle(self, signum: int, frame: FrameType | None) -> None:
        if self.signal is not None:
            raise Terminated if signum == signal.SIGTERM else KeyboardInterrupt
        self.signal = signum


class _Refused:
    """The records refused: how many, and the first :data:`SHOWN` of them, each with its
    number and its first problem, where it is."""

    def __init__(self) -> None:
        self.count = 0
        self.first: list[tuple[int, str]] = []

    def note(self, line: str) -> None:
        """Count ``line`` if it is an error line."""
        if not line.startswith(ERROR_LINE):
            return
        self.count += 1
        if len(self.first) < SHOWN:
            try:
                data = json.loads(line)
                problems = data.get("problems")
                message = str(Problem(**problems[0])) if problems else str(data["error"])
                self.first.append((int(data["record"]), message))
            except (ValueError, KeyError, TypeError):  # a line edited by hand: counted only
                pass

    def note_file(self, path: str) -> None:
        """Count the error lines ``path`` already holds (before ``--resume`` goes on)."""
        with open_file(path) as stream:
            for raw in read_lines(stream):
                if raw is not None and raw.startswith(ERROR_LINE.encode()):
                    self.note(raw.decode("utf-8", "replace"))

    def summary(self, total: int, out: str | None) -> str:
        where = (
            _("each has its error line in {out}").format(out=out)
            if out
            else _("each has its error line")
        )
        return refused_summary(self.count, total, self.first, where)


class _Progress:
    """A one-line counter on standard error, only when it is a terminal."""

    def __init__(self, start: int) -> None:
        self.enabled = sys.stderr.isatty()
        self.start = start
        self.began = time.perf_counter()
        self.shown = 0.0

    def update(self, done: int, force: bool = False) -> None:
        if not self.enabled:
            return
        now = time.perf_counter()
        if not force and now - self.shown < 0.2:
            return
        self.shown = now
        rate = (done - self.start) / max(now - self.began, 1e-9)
        sys.stderr.write(f"\r{done:,} records  {rate:,.0f}/s ")
        sys.stderr.flush()

    def close(self, done: int) -> None:
        if self.enabled:
            self.update(done, force=True)
            sys.stderr.write("\n")


def run(args: argparse.Namespace) -> int:
    if args.chunk_size < 1:
        raise CommandError(_("--chunk-size must be at least 1"))
    if args.resume and not args.out:
        raise CommandError(_("--resume needs --out FILE"))
    if args.force and not args.out:
        raise CommandError(_("--force needs --out FILE"))
    if args.resume and args.force:
        raise CommandError(_("--resume and --force do not go together: choose one"))
    if args.out:
        check_target(args.out, inputs=_inputs(args))  # before the output is touched
        out_format("batch", args.out, None, ("jsonl",), "jsonl")
    skip = complete_lines(args.out) if args.resume else 0
    refused = _Refused()
    if skip:
        refused.note_file(args.out)
    records = _records(args, skip)
    kb = translated(knowledge_base(args), current_language())  # --lang: the texts only
    out = LineWriter(args.out, inputs=_inputs(args), append=args.resume, replace=args.force)
    done = skip
    progress = _Progress(skip)
    try:
        with _Stop() as stop:
            evaluator = _evaluator(args.engine)
            lines = advise_lines(
                records, kb, evaluator=evaluator, jobs=args.jobs, chunk_size=args.chunk_size
            )
            try:
                for line in lines:
                    out.write(line)
                    refused.note(line)
                    done += 1
                    progress.update(done)
                    if stop.requested:
                        break
            finally:
                lines.close()
                out.flush()
                progress.close(done)
        if stop.requested:
            terminated = stop.signal == signal.SIGTERM
            if terminated:
                said = ngettext(
                    "rightsrules: terminated after {done} record",
                    "rightsrules: terminated after {done} records",
                    done,
                )
            else:
                said = ngettext(
                    "rightsrules: interrupted after {done} record",
                    "rightsrules: interrupted after {done} records",
                    done,
                )
            if args.out:
                said += _("; rerun with --out {out} --resume to go on")
            print(said.format(done=f"{done:,}", out=args.out), file=sys.stderr)
            return EXIT_TERMINATED if terminated else EXIT_INTERRUPTED
    finally:
        out.close()
    if not refused.count:
        return 0
    print(refused.summary(done, args.out), file=sys.stderr)
    return EXIT_REFUSED
