"""``rightsrules interview [SCENARIO]``: ask, one at a time, the facts that would change the
advice, re-assessing after each answer; then write the completed scenario.

Questions and progress go to standard error, answers are read from standard input (a
terminal or a pipe), and the scenario is written to ``--out`` or standard output. An empty
answer or ``skip`` passes a question; ``stop`` (or the end of the input) ends the interview.

Nothing typed is lost: with ``--out FILE`` every answer is saved, as it is given, to the draft
``FILE.draft`` (through the atomic writer), and the next ``interview --out FILE`` resumes it;
when the draft cannot be written (a full disk, no permission), or there is no ``--out``, the
scenario so far is printed on standard error instead, after each answer and on Ctrl-C.
"""

from __future__ import annotations

import argparse
import contextlib
import io
import os
import sys
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any, TextIO

from ruamel.yaml import YAML

from .._yaml import load_document
from ..advice import Advice
from ..api import assess
from ..errors import OutputError, Problem, ScenarioError
from ..explain.questions import Question, questions
from ..io.sanitise import sanitise
from ..io.write import check_target, write_text
from ..knowledge import KnowledgeBase
from ..scenario import FactValue, Scenario, load_scenario, parse_value
from ..vocabulary import FIELDS, Field
from ._common import CommandError, add_rules, inputs, knowledge_base, out_format, write

#: Tries at one question before it is skipped.
MAX_TRIES = 3
_STOP = ("stop", "quit", "q")
_SKIP = ("", "skip", "s", "unknown")


def register(subparsers: Any) -> None:
    parser = subparsers.add_parser(
        "interview",
        help="ask the questions that matter and write the completed scenario",
        description=(
            "Ask the open fact whose answer would change the advice most, re-assess, and go "
            "on until no open fact matters or you type stop; then write the scenario. "
            "Answers come from standard input, so they can be piped."
        ),
    )
    parser.add_argument(
        "scenario", metavar="SCENARIO", nargs="?", help="a scenario file to start from"
    )
    parser.add_argument(
        "--out",
        metavar="FILE",
        help=(
            "where to write the scenario (default: standard output); each answer is saved in "
            "FILE.draft as it is given, and an interview with the same --out resumes it"
        ),
    )
    add_rules(parser)
    parser.set_defaults(handler=run)


class Interview:
    """One interview over a pair of streams; testable without a terminal."""

    def __init__(
        self,
        kb: KnowledgeBase,
        answers: TextIO,
        talk: TextIO,
        save: Callable[[dict[str, Any]], None] | None = None,
    ) -> None:
        self.kb = kb
        self.answers = answers
        self.talk = talk
        self.save = save or (lambda data: None)
        self.stopped = False
        self.skipped: set[str] = set()

    def say(self, text: str = "") -> None:
        print(sanitise(text), file=self.talk, flush=True)

    def read(self, prompt: str) -> str | None:
        """One answer line, or ``None`` at the end of the input."""
        self.talk.write(sanitise(prompt))
        self.talk.flush()
        line = self.answers.readline()
        if not line:
            self.say()
            return None
        if not self.answers.isatty():
            self.say(line.strip())  # piped: show the answer, as a terminal would
        return line.strip()

    def start(self, given: Mapping[str, Any] | None = None) -> Scenario | None:
        """A scenario with the two required facts, asked for (those not ``given``); each
        answer is saved as it is given."""
        company: dict[str, Any] = dict(given or {})
        for path in ("company.name", "company.type"):
            key = path.split(".")[1]
            if key in company:
                continue
            value = self.ask_value(FIELDS[path], required=True)
            if value is None:
                return None
            company[key] = value
            self.save({"company": dict(company)})
        return Scenario.from_dict({"company": company})

    def run(self, scenario: Scenario) -> Scenario:
        """Ask until no open fact matters or the user stops; the scenario as completed."""
        while not self.stopped:
            advice = assess(scenario, self.kb)
            found = questions(advice, skip=self.skipped)
            if not found:
                self.say("No open fact would change the advice any more.")
                break
            question = found[0]
            self.say()
            self.say(f"({len(found)} open question{'s' if len(found) > 1 else ''} matter)")
            value = self.ask(question)
            if value is None:
                self.skipped.add(question.path)
                continue
            changed = scenario.with_values({question.path: value})
            self.save(changed.to_dict())
            self.report(advice, assess(changed, self.kb))
            scenario = changed
        return scenario

    def ask(self, question: Question) -> FactValue | None:
        notes = []
        if question.assumed is not None:
            notes.append(f"(for now assumed: {_label(question.assumed)})")
        for answer in question.answers:
            parts = []
            if answer.adds:
                parts.append("adds " + ", ".join(answer.adds))
            if answer.removes:
                parts.append("removes " + ", ".join(answer.removes))
            if parts:
                notes.append(f"if {_label(answer.value)}: {'; '.join(parts)}")
        return self.ask_value(FIELDS[question.path], notes=notes)

    def ask_value(
        self, field: Field, *, required: bool = False, notes: list[str] | None = None
    ) -> FactValue | None:
        """Ask for one value until it is valid; ``None`` when skipped or stopped."""
        choices = field.allowed
        for _ in range(MAX_TRIES):
            self.say(f"{field.question}  [{field.path}]")
            for note in notes or ():
                self.say(f"  {note}")
            if choices:
                options = "  ".join(f"{i}) {c}" for i, c in enumerate(choices, start=1))
                self.say(f"  {options}")
            hint = "comma-separated; " if field.is_list else ""
            text = self.read(f"  answer ({hint}empty to skip, stop to end): ")
            if text is None or text.lower() in _STOP:
                self.stopped = True
                return None
            if text.lower() in _SKIP:
                if not required:
                    return None
                self.say("  this one is needed to start.")
                continue
            try:
                value = parse_value(field.path, _by_number(text, choices, field))
            except ScenarioError as exc:
                self.say(f"  not an answer: {exc.problems[0].message}")
                continue
            if value is not None:
                return value
        if required:
            self.stopped = True
        return None

    def report(self, before: Advice, after: Advice) -> None:
        added = [cid for cid in after.ids if cid not in before]
        removed = [cid for cid in before.ids if cid not in after]
        for cid in added:
            self.say(f"  + {cid}: {after[cid].title}")
        for cid in removed:
            self.say(f"  - {cid}: {before[cid].title}")


def _by_number(text: str, choices: tuple[str, ...], field: Field) -> str:
    """Numbers of the listed choices replaced by the choices they stand for."""
    if not choices:
        return text
    items = [item.strip() for item in text.split(",")] if field.is_list else [text]
    picked = [
        choices[int(item) - 1] if item.isdigit() and 1 <= int(item) <= len(choices) else item
        for item in items
    ]
    return ",".join(picked)


def _label(value: FactValue) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, tuple):
        return "[" + ", ".join(value) + "]"
    return value


def dump_scenario(scenario: Scenario) -> str:
    """A scenario as YAML text, known values only."""
    return _dump(scenario.to_dict())


class Draft:
    """Where the answers are kept while the interview runs: ``FILE.draft`` beside ``--out``,
    written atomically after each answer; or, when it cannot be written or there is no
    ``--out``, the scenario so far printed on standard error."""

    def __init__(self, out: str | None, talk: TextIO, inputs: list[str]) -> None:
        self.path = Path(out + ".draft") if out else None
        self.talk = talk
        self.inputs = inputs
        self.data: dict[str, Any] | None = None
        self.written = False

    def save(self, data: dict[str, Any]) -> None:
        self.data = data
        self.written = False
        if self.path is None:
            return
        try:
            write_text(self.path, _dump(data), inputs=self.inputs)
            self.written = True
        except OutputError as exc:
            print(sanitise(f"rightsrules: {exc}; the answers so far:"), file=self.talk)
            self.show()

    def show(self) -> None:
        """Print the scenario so far on standard error."""
        if self.data is not None:
            print(sanitise(_dump(self.data)), end="", file=self.talk, flush=True)

    def load(self) -> dict[str, Any] | None:
        """The answers of an earlier interview with the same ``--out``, if a draft is there."""
        if self.path is None or not os.path.lexists(self.path):
            return None
        data = load_document(self.path, error=ScenarioError).data
        if not isinstance(data, dict) or not isinstance(data.get("company"), dict):
            raise ScenarioError([Problem("a draft holds a scenario", file=str(self.path))])
        return data

    def remove(self) -> None:
        if self.path is not None:
            with contextlib.suppress(FileNotFoundError):
                self.path.unlink()

    def interrupted(self) -> None:
        if self.written:
            print(
                sanitise(
                    f"rightsrules: the answers are saved in {self.path}; run the same command "
                    "to resume the interview"
                ),
                file=self.talk,
            )
        elif self.data is not None:
            print("rightsrules: the answers so far:", file=self.talk)
            self.show()


def _dump(data: dict[str, Any]) -> str:
    yaml = YAML()
    yaml.default_flow_style = False
    stream = io.StringIO()
    yaml.dump(data, stream)
    return stream.getvalue()


def run(args: argparse.Namespace) -> int:
    kb = knowledge_base(args)
    if args.scenario == "-":
        raise CommandError("interview reads answers from standard input; give a scenario file")
    reads = inputs(args)
    # Checked before any question is asked; a device or a pipe (/dev/stdout) has no draft.
    in_place = bool(args.out) and check_target(args.out, inputs=reads).in_place
    out_format("interview", args.out, None, ("yaml",), "yaml")
    draft = Draft(None if in_place else args.out, sys.stderr, reads)
    interview = Interview(kb, sys.stdin, sys.stderr, draft.save)
    try:
        done = _interview(args, interview, draft)
    except KeyboardInterrupt:
        draft.interrupted()
        raise
    text = dump_scenario(done)
    try:
        write(text, args.out, args=args)
    except OutputError:
        draft.save(done.to_dict())  # kept, or printed on standard error
        raise
    draft.remove()
    if args.out:
        interview.say(f"Scenario written to {args.out}")
    return 0


def _interview(args: argparse.Namespace, interview: Interview, draft: Draft) -> Scenario:
    saved = draft.load()
    if saved is not None:
        interview.say(f"Resuming the answers saved in {draft.path} (delete it to start over).")
        draft.data = saved
        draft.written = True
        try:
            start = Scenario.from_dict(saved, file=str(draft.path))
        except ScenarioError:
            known = {k: v for k, v in saved["company"].items() if k in ("name", "type")}
            start_or_none = interview.start(known)
            if start_or_none is None:
                raise CommandError("the interview stopped before the company was named") from None
            start = start_or_none
    elif args.scenario in (None, ""):
        start_or_none = interview.start()
        if start_or_none is None:
            raise CommandError("the interview stopped before the company was named")
        start = start_or_none
    else:
        start = load_scenario(Path(args.scenario))
    return interview.run(start)
