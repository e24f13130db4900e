"""``rightsrules interview [SCENARIO]``: ask, one at a time, the facts that would change the
advice, re-assessing after each answer; then write the completed scenario.

The facts that shape the plan come first (the harm, the country, who drives it, the stage),
then those the plan's letter lacks (the organisation's name, the date for a reply), then the
rest by what their answer would change; a question earlier answers make moot is not asked
(:mod:`rightsrules.interview`). Each question says in one line why it is asked, and ``?why``
(or ``why``) says in full: every conclusion the answer could add, remove or move, and what
else would have to change for it (:mod:`rightsrules.explain.why_ask`). Answers may be
``y``/``yes``/``n``/``no``, an option's number, value or words (``sim registration``), and
``?`` shows the options again.

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
from ..errors import ExplanationError, OutputError, Problem, ScenarioError
from ..explain.questions import rank_moves
from ..explain.why_ask import why_ask
from ..i18n import _, pgettext
from ..interview import Ask, agenda, became_moot, options, read_answer, script
from ..interview.agenda import FIRST, LETTER
from ..io.sanitise import sanitise
from ..io.write import check_target, write_text
from ..knowledge import KnowledgeBase
from ..scenario import FactValue, Scenario, load_scenario
from ..vocabulary import FIELDS, Field
from ._common import CommandError, add_rules, inputs, knowledge_base, out_format, write

#: Tries at one question before it is skipped.
MAX_TRIES = 3
_STOP = ("stop", "quit", "q")
_SKIP = ("", "skip", "s", "unknown")
_WHY = ("why",)


def _keywords() -> tuple[frozenset[str], frozenset[str], frozenset[str]]:
    """The words that stop the interview, skip a question and ask why it is asked: the
    English ones always, and those of the language in use (``msgctxt "interview keyword"``)."""
    stop = (pgettext("interview keyword", "stop"), pgettext("interview keyword", "quit"))
    skip = (pgettext("interview keyword", "skip"), pgettext("interview keyword", "unknown"))
    why = (pgettext("interview keyword", "why"),)
    return (
        frozenset(word.lower() for word in (*_STOP, *stop)),
        frozenset(word.lower() for word in (*_SKIP, *skip)),
        frozenset(word.lower() for word in (*_WHY, *why)),
    )


def register(subparsers: Any) -> None:
    parser = subparsers.add_parser(
        "interview",
        help=_("ask the questions that matter and write the completed scenario"),
        description=(
            _(
                "Ask first the facts that shape the plan (the harm, the country, who drives it, "
                "the stage), then what the plan's letter lacks, then each open fact by what its "
                "answer would change, re-assessing after each answer, until no open fact matters "
                "or you type stop; then write the scenario. Answers: yes/no, a number or the "
                "words of an option, ? for the options. They come from standard input, so they "
                "can be piped."
            )
        ),
    )
    parser.add_argument(
        "scenario", metavar="SCENARIO", nargs="?", help=_("a scenario file to start from")
    )
    parser.add_argument(
        "--out",
        metavar="FILE",
        help=(
            _(
                "where to write the scenario (default: standard output); each answer is saved in "
                "FILE.draft as it is given, and an interview with the same --out resumes it"
            )
        ),
    )
    add_rules(parser)
    parser.set_defaults(handler=run)


class Interview:
    """One interview over a pair of streams; testable without a terminal.

    Its order, texts and option labels come from :mod:`rightsrules.interview` (the script
    is data); this class only talks and listens."""

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
            why = script().say("why", why=script().why[path]) if path in script().why else None
            value = self.ask_value(FIELDS[path], required=True, notes=[why] if why else [])
            if value is None:
                return None
            company[key] = value
            self.save({"company": dict(company)})
        return Scenario.from_dict({"company": company})

    def run(self, scenario: Scenario) -> Scenario:
        """Ask until no open fact matters or the user stops; the scenario as completed."""
        advice = assess(scenario, self.kb)
        self.say(script().say("why_hint"))
        while not self.stopped:
            asks = agenda(advice, skip=self.skipped)
            if not asks:
                self.say(script().say("done"))
                break
            ask = asks[0]
            self.say()
            self.say(script().count(len(asks)))
            value = self.ask(ask, advice)
            if value is None:
                self.skipped.add(ask.path)
                continue
            changed = scenario.with_values({ask.path: value})
            self.save(changed.to_dict())
            after = assess(changed, self.kb)
            self.report(advice, after)
            for moot, because in became_moot(asks[1:], changed):
                self.say(script().say("moot", question=moot.question, because=because))
            scenario, advice = changed, after
        return scenario

    def ask(self, ask: Ask, advice: Advice) -> FactValue | None:
        notes = [script().say("why", why=ask.why)]
        try:
            why = why_ask(advice, ask.path, ask.found)
        except (ScenarioError, ExplanationError):  # a constraint broken, or history facts
            why = None
        together = why.line(alone=False) if why is not None else ""
        if together:
            notes.append(script().say("why_together", line=together))
        if ask.found is not None and ask.found.assumed is not None:
            notes.append(script().say("assumed", value=_label(ask.found.assumed, ask.path)))
        notes.extend(ask.effects(advice))
        path = ask.path

        def label(value: FactValue) -> str:
            return _label(value, path)

        detail = why.to_text(label=label).splitlines() if why is not None else []
        if ask.reason not in (FIRST, LETTER):  # its reason already says what the first line says
            detail = detail[1:]
        lines = [notes[0], *(f"  {line}" for line in detail)]
        return self.ask_value(FIELDS[ask.path], notes=notes, why=lines)

    def ask_value(
        self,
        field: Field,
        *,
        required: bool = False,
        notes: list[str] | None = None,
        why: list[str] | None = None,
    ) -> FactValue | None:
        """Ask for one value until it is valid; ``None`` when skipped or stopped. The
        question and its options are shown once; a wrong answer gets a one-line hint, ``?``
        shows the options again, and ``?why`` (or ``why``) what the answer could change."""
        self.say(f"{script().question(field.path)}  [{field.path}]")
        for note in notes or ():
            self.say(note)
        self.options(field)
        prompt = script().say("prompt", how=script().messages["how_" + field.kind.value])
        stop, skip, ask_why = _keywords()
        tries = 0
        while tries < MAX_TRIES:
            text = self.read(prompt)
            if text is None or text.lower() in stop:
                self.stopped = True
                return None
            if text in ("?", "\u061f"):  # the question mark, or the Arabic one
                self.options(field, again=True)
                continue
            if text.lower().strip(" ?\u061f") in ask_why:  # why, ?why, why?, pourquoi ?...
                self.explain_why(field, why)
                continue
            tries += 1
            if text.lower() in skip:
                if not required:
                    return None
                self.say(script().say("needed"))
                continue
            try:
                return read_answer(field, text)
            except ScenarioError as exc:
                hint = "not_an_option" if options(field) else "not_an_answer"
                self.say(script().say(hint, hint=exc.problems[0].message))
        if required:
            self.stopped = True
        return None

    def explain_why(self, field: Field, why: list[str] | None) -> None:
        """Why the question is asked: ``why``, its lines (its reason, then every conclusion the
        answer could add, remove or move and what else would have to change for it)."""
        if why is None:
            reason = script().why.get(field.path)
            why = [script().say("why", why=reason) if reason else script().say("no_why")]
        for line in why:
            self.say(line)

    def options(self, field: Field, *, again: bool = False) -> None:
        """The numbered options of a question (for free answers, when asked, a line saying
        so)."""
        choices = options(field)
        if choices:
            listed = "  ".join(
                f"{i}) {script().label(c, field.path)}" for i, c in enumerate(choices, start=1)
            )
            self.say(script().say("options", options=listed))
        elif again:
            self.say(script().say("no_options"))

    def report(self, before: Advice, after: Advice) -> None:
        """What the last answer did to the advice, by title."""
        if before.ids == after.ids and not any(rank_moves(before, after)):
            self.say(script().say("unchanged"))
            return
        for cid in after.ids:
            if cid not in before:
                self.say(script().say("added", title=after[cid].title))
        for cid in before.ids:
            if cid not in after:
                self.say(script().say("removed", title=before[cid].title))
        up, down = rank_moves(before, after)
        for cid in up:
            self.say(script().say("moved_up", title=after[cid].title))
        for cid in down:
            self.say(script().say("moved_down", title=after[cid].title))


def _label(value: FactValue, path: str) -> str:
    if isinstance(value, bool):
        return script().label("true" if value else "false", path)
    if isinstance(value, tuple):
        return "[" + ", ".join(script().label(item, path) for item in value) + "]"
    return script().label(value, path)


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
            message = _("rightsrules: {error}; the answers so far:").format(error=exc)
            print(sanitise(message), file=self.talk)
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
            raise ScenarioError([Problem(_("a draft holds a scenario"), file=str(self.path))])
        return data

    def remove(self) -> None:
        if self.path is not None:
            with contextlib.suppress(FileNotFoundError):
                self.path.unlink()

    def interrupted(self) -> None:
        if self.written:
            message = _(
                "rightsrules: the answers are saved in {path}; run the same command to resume "
                "the interview"
            )
            print(sanitise(message.format(path=self.path)), file=self.talk)
        elif self.data is not None:
            print(_("rightsrules: the answers so far:"), file=self.talk)
            self.show()


def _stopped_early() -> str:
    return _("the interview stopped before the company was named")


def _dump(data: dict[str, Any]) -> str:
    yaml = YAML()
    yaml.default_flow_style = False
    stream = io.StringIO()
    yaml.dump(data, stream)
    return stream.getvalue()


def run(args: argparse.Namespace) -> int:
    kb = knowledge_base(args)
    if args.scenario == "-":
        raise CommandError(_("interview reads answers from standard input; give a scenario file"))
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
        interview.say(_("Scenario written to {path}").format(path=args.out))
    return 0


def _interview(args: argparse.Namespace, interview: Interview, draft: Draft) -> Scenario:
    saved = draft.load()
    if saved is not None:
        message = _("Resuming the answers saved in {path} (delete it to start over).")
        interview.say(message.format(path=draft.path))
        draft.data = saved
        draft.written = True
        try:
            start = Scenario.from_dict(saved, file=str(draft.path))
        except ScenarioError:
            known = {k: v for k, v in saved["company"].items() if k in ("name", "type")}
            start_or_none = interview.start(known)
            if start_or_none is None:
                raise CommandError(_stopped_early()) from None
            start = start_or_none
    elif args.scenario in (None, ""):
        start_or_none = interview.start()
        if start_or_none is None:
            raise CommandError(_stopped_early())
        start = start_or_none
    else:
        start = load_scenario(Path(args.scenario))
    return interview.run(start)
