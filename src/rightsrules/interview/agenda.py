"""What the interview asks next, and why: the agenda of open questions for one advice.

In order: the facts that shape the plan (``first`` in the script: the harm, the country, who
drives it, the stage), whether or not a rule reads them now; then the facts the plan's letter
still lacks (the organisation's name, the date for a reply); then every other open fact whose
answer would change the advice, as :func:`~rightsrules.explain.questions` ranks them (those
that add or remove conclusions before those that only reorder them). A question earlier
answers make moot (the script's ``moot``) is left out, and so are the paths in ``skip``.

>>> from rightsrules import ReferenceEvaluator, assess
>>> advice = assess({"company": {"name": "Example Mobile", "type": "mobile_network_operator"},
...                  "organization": {"relationship": "none"}},
...                 evaluator=ReferenceEvaluator())
>>> asks = agenda(advice)
>>> [ask.path for ask in asks[:4]]
['concern.issue', 'context.country', 'concern.driver', 'engagement.stage']
>>> "engagement.key_contact_left" in [ask.path for ask in asks]
False
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

import attrs

from ..advice import Advice, build_advice
from ..explain.questions import OTHER_TEXT, Question, questions
from ..inference import infer
from ..render.plan import draft_letter
from ..scenario import FactValue, Scenario
from ..vocabulary import FIELDS, FieldKind
from .script import script

__all__ = ["MAX_EFFECT_LINES", "MAX_TITLES", "Ask", "agenda", "became_moot", "titles"]

#: How many titles a line of effects names before "and N more".
MAX_TITLES = 3
#: The most lines of effects, one per answer, shown under a question; a question with more
#: answers that change the advice (the harm, with a dozen) lets its "why" line speak for them.
MAX_EFFECT_LINES = 6

#: Why a question is on the agenda.
FIRST, LETTER = "first", "letter"


@attrs.frozen
class Ask:
    """One question of the interview.

    ``reason`` is ``first`` (a fact that shapes the plan), ``letter`` (the plan's letter
    lacks it) or the effect of its answers (``changes`` or ``reorders``); ``why`` says in
    one line what the answer would change; ``found`` is what each answer would do to the
    advice, when some answer does anything.
    """

    path: str
    question: str
    why: str
    reason: str
    found: Question | None = None

    def effects(self, advice: Advice) -> tuple[str, ...]:
        """One line per answer that changes the advice: what it adds, removes and moves,
        by title; none when there would be more than :data:`MAX_EFFECT_LINES`."""
        if self.found is None:
            return ()
        lines = []
        for answer in self.found.answers:
            moved = (answer.moves_up, answer.moves_down)
            parts = _effects(advice, answer.adds, answer.removes, *moved, verb="does")
            if parts:
                label = _answer_label(answer.value, self.path)
                lines.append(script().say("if_answer", answer=label, effects="; ".join(parts)))
        return tuple(lines) if len(lines) <= MAX_EFFECT_LINES else ()


def agenda(advice: Advice, *, skip: Iterable[str] = ()) -> tuple[Ask, ...]:
    """The questions still worth asking of this advice's scenario, in the order they are
    asked."""
    skipped = set(skip)
    scenario = advice.scenario
    found = questions(advice, skip=skipped)
    by_path = {question.path: question for question in found}
    asks: list[Ask] = []
    taken: set[str] = set()

    def open_(path: str) -> bool:
        return (
            path not in taken
            and path not in skipped
            and scenario.get(path) is None
            and script().moot_because(path, scenario) is None
        )

    for path in script().first:
        if open_(path):
            asks.append(_scripted(path, FIRST, by_path))
            taken.add(path)
    for path in script().letter:
        if open_(path) and _letter_lacks(advice, path):
            asks.append(_scripted(path, LETTER, by_path))
            taken.add(path)
    for question in found:
        if open_(question.path):
            effects = script().messages["or"].join(_could(advice, question))
            why = script().say("why_changes", effects=effects)
            asked = script().question(question.path)
            asks.append(Ask(question.path, asked, why, question.effect, question))
            taken.add(question.path)
    return tuple(asks)


def _scripted(path: str, reason: str, found: dict[str, Question]) -> Ask:
    return Ask(path, script().question(path), script().why[path], reason, found.get(path))


def became_moot(asks: Sequence[Ask], scenario: Scenario) -> tuple[tuple[Ask, str], ...]:
    """The questions of an agenda that ``scenario`` (after an answer) makes moot, each with
    the reason."""
    moot = []
    for ask in asks:
        because = script().moot_because(ask.path, scenario)
        if because is not None:
            moot.append((ask, because))
    return tuple(moot)


def _could(advice: Advice, question: Question) -> list[str]:
    return _effects(
        advice,
        question.could_add,
        question.could_remove,
        question.could_move_up,
        question.could_move_down,
        verb="could",
    )


def _effects(
    advice: Advice,
    adds: Sequence[str],
    removes: Sequence[str],
    up: Sequence[str],
    down: Sequence[str],
    *,
    verb: str,
) -> list[str]:
    """The effects as phrases of the script: ``could`` gives "add A", ``does`` "adds A"."""
    suffix = "" if verb == "could" else "_does"
    parts = []
    for message, ids in (
        ("adds", adds),
        ("removes", removes),
        ("moves_up", up),
        ("moves_down", down),
    ):
        if ids:
            parts.append(script().say(message + suffix, titles=titles(advice, ids)))
    return parts


def titles(advice: Advice, ids: Sequence[str]) -> str:
    """The titles of some conclusions, the first few named, the rest counted."""
    kb = advice.knowledge_base
    named = [kb.conclusion(cid).title for cid in ids]
    if len(named) <= MAX_TITLES:
        return ", ".join(named)
    shown = ", ".join(named[:MAX_TITLES])
    return script().say("and_more", titles=shown, count=len(named) - MAX_TITLES)


def _answer_label(value: FactValue, path: str) -> str:
    if isinstance(value, tuple):
        return "[" + ", ".join(_answer_label(item, path) for item in value) + "]"
    if isinstance(value, bool):
        return script().label("true" if value else "false", path)
    return script().say("any_other") if value == OTHER_TEXT else script().label(value, path)


#: A value standing for any answer to a text or date the letter would print.
_PROBES = {FieldKind.TEXT: "Example Organisation", FieldKind.DATE: "2000-01-01"}


def _letter_lacks(advice: Advice, path: str) -> bool:
    """Whether the plan's letter would change once ``path`` is known: it prints a
    placeholder where the answer goes."""
    probe = _PROBES.get(FIELDS[path].kind)
    if probe is None:
        return False
    kb = advice.knowledge_base
    changed = advice.scenario.with_values({path: probe})
    answered = build_advice(kb, infer(kb, changed, advice.evaluator), advice.evaluator)
    return draft_letter(answered).text != draft_letter(advice).text
