"""Questions: the facts the scenario leaves open whose answer would change the advice.

Each open path that some rule reads is tried with every answer it allows (for free text: the
values the rules name and one they do not; for lists: empty, one item at a time, and all of
them), the scenario is re-assessed, and the conclusions each answer adds or removes, or moves
up or down the ranking, are kept. A path is a question when some answer changes the advice.
Questions whose answers add or remove conclusions (effect ``changes``) come first, those whose
answers only reorder it (effect ``reorders``) after them; within each, they are ranked by the
most any one answer would change, then by how many conclusions hang on the path at all.

A conclusion *moves up* when its ranking score rises and it now stands ahead of a conclusion
of its kind it followed before (one that only shifts because others moved is not moved).

A path filled by a default is still open: answering it may overturn the default.

>>> from rightsrules import ReferenceEvaluator, assess
>>> advice = assess({"company": {"name": "Example Mobile", "type": "mobile_network_operator"}},
...                 evaluator=ReferenceEvaluator())
>>> licensed = next(q for q in advice.questions() if q.path == "company.licensed")
>>> "leverage:government_licence" in licensed.could_remove
True
>>> licensed.effect
'changes'
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from typing import TYPE_CHECKING, Any

import attrs

from .. import _json
from ..advice import build_advice
from ..conditions import Op, format_value, literals
from ..engines import Evaluator
from ..i18n import _
from ..inference import infer
from ..knowledge import KnowledgeBase
from ..scenario import FactValue
from ..vocabulary import COUNTRY_CODES, FIELDS, Field, FieldKind
from ._reassess import evaluator_for, places_in_common

if TYPE_CHECKING:
    from ..advice import Advice
    from .why_ask import WhyAsk

__all__ = ["CHANGES", "REORDERS", "Answer", "Question", "probe_values", "questions", "rank_moves"]

#: The effect of a question whose answers add or remove conclusions.
CHANGES = "changes"
#: The effect of a question whose answers only move conclusions up or down the ranking.
REORDERS = "reorders"

#: The free-text answer tried for a text path, standing for any text the rules do not name.
OTHER_TEXT = "something else"
#: The date tried for a date path no rule names.
OTHER_DATE = "2000-01-01"


def _shown(text: str) -> str:
    return _("any other") if text == OTHER_TEXT else text


@attrs.frozen
class Answer:
    """One possible answer to a question and what it would do to the advice."""

    value: FactValue
    adds: tuple[str, ...]
    removes: tuple[str, ...]
    moves_up: tuple[str, ...] = ()
    moves_down: tuple[str, ...] = ()

    @property
    def changes(self) -> bool:
        """Whether this answer adds or removes a conclusion."""
        return bool(self.adds or self.removes)

    @property
    def matters(self) -> bool:
        """Whether this answer changes the advice at all, its order included."""
        return bool(self.adds or self.removes or self.moves_up or self.moves_down)

    @property
    def label(self) -> str:
        """The answer as shown; the stand-in for free text reads ``any other``.

        >>> Answer(("GSMA", OTHER_TEXT), (), ()).label
        '[GSMA, any other]'
        """
        if isinstance(self.value, tuple):
            return format_value(tuple(_shown(item) for item in self.value))
        return _shown(self.value) if isinstance(self.value, str) else format_value(self.value)

    def to_dict(self) -> dict[str, Any]:
        value = list(self.value) if isinstance(self.value, tuple) else self.value
        return {
            "answer": value,
            "adds": list(self.adds),
            "removes": list(self.removes),
            "moves_up": list(self.moves_up),
            "moves_down": list(self.moves_down),
        }


@attrs.frozen
class Question:
    """An open fact that matters: the question for a person, the answers tried and their
    effect. ``free`` when answers beyond those tried are allowed (free text, lists)."""

    path: str
    question: str
    answers: tuple[Answer, ...]
    free: bool
    assumed: FactValue | None = None
    #: The title of each conclusion its answers name, for the text (which names no id).
    titles: Mapping[str, str] = attrs.field(factory=dict, eq=False, repr=False)
    #: Why it is asked, from the minimal-change analysis (``questions(..., why=True)``).
    why: WhyAsk | None = attrs.field(default=None, eq=False, repr=False)

    def title(self, conclusion_id: str) -> str:
        """The title of a conclusion its answers name (the id, if it has none)."""
        return self.titles.get(conclusion_id, conclusion_id)

    @property
    def could_add(self) -> tuple[str, ...]:
        """Conclusions some answer would add, once each."""
        return tuple(dict.fromkeys(cid for a in self.answers for cid in a.adds))

    @property
    def could_remove(self) -> tuple[str, ...]:
        """Conclusions some answer would remove, once each."""
        return tuple(dict.fromkeys(cid for a in self.answers for cid in a.removes))

    @property
    def could_move_up(self) -> tuple[str, ...]:
        """Conclusions some answer would move up the ranking, once each."""
        return tuple(dict.fromkeys(cid for a in self.answers for cid in a.moves_up))

    @property
    def could_move_down(self) -> tuple[str, ...]:
        """Conclusions some answer would move down the ranking, once each."""
        return tuple(dict.fromkeys(cid for a in self.answers for cid in a.moves_down))

    @property
    def effect(self) -> str:
        """:data:`CHANGES` when some answer adds or removes a conclusion, else
        :data:`REORDERS` (its answers only move conclusions up or down)."""
        return CHANGES if any(a.changes for a in self.answers) else REORDERS

    @property
    def impact(self) -> tuple[int, int]:
        """(most conclusions one answer changes, conclusions any answer changes): added or
        removed ones for a question that :data:`CHANGES` the advice, moved ones for one that
        only :data:`REORDERS` it."""
        if self.effect == CHANGES:
            most = max((len(a.adds) + len(a.removes) for a in self.answers), default=0)
            return most, len(set(self.could_add) | set(self.could_remove))
        most = max((len(a.moves_up) + len(a.moves_down) for a in self.answers), default=0)
        return most, len(set(self.could_move_up) | set(self.could_move_down))

    @property
    def rank_key(self) -> tuple[int, int, int]:
        """The sort key of the ranking: changes before reorders, then the larger impact."""
        most, anywhere = self.impact
        return (0 if self.effect == CHANGES else 1, -most, -anywhere)

    def answer(self, value: FactValue) -> Answer:
        """The tried answer with this value."""
        for answer in self.answers:
            if answer.value == value:
                return answer
        raise KeyError(value)

    def to_dict(self) -> dict[str, Any]:
        return {
            "path": self.path,
            "question": self.question,
            "answers": [a.label for a in self.answers],
            "free": self.free,
            "assumed": (list(self.assumed) if isinstance(self.assumed, tuple) else self.assumed),
            "could_add": list(self.could_add),
            "could_remove": list(self.could_remove),
            "could_move_up": list(self.could_move_up),
            "could_move_down": list(self.could_move_down),
            "effect": self.effect,
            "outcomes": [a.to_dict() for a in self.answers],
            **({"why_ask": self.why.to_dict()} if self.why is not None else {}),
        }


def probe_values(field: Field, named: Sequence[FactValue]) -> tuple[FactValue, ...]:
    """The answers tried for a path: every allowed value of a closed field, else the values
    the rules name (``named``) and one they do not; for lists, empty, each item alone, and all
    of them.

    >>> probe_values(FIELDS["company.publicly_traded"], [])
    (True, False)
    >>> probe_values(FIELDS["company.industry_associations"], ["GSMA"])
    ((), ('GSMA',), ('something else',), ('GSMA', 'something else'))
    """
    if field.kind is FieldKind.BOOL:
        return (True, False)
    if field.kind is FieldKind.ENUM:
        return field.allowed
    items: list[str]
    if field.kind is FieldKind.ENUM_LIST:
        items = list(field.allowed)
    else:
        items = [str(v) for v in dict.fromkeys(named) if isinstance(v, str)]
        if field.kind is FieldKind.COUNTRY:
            items.append(next(code for code in sorted(COUNTRY_CODES) if code not in items))
        elif field.kind is FieldKind.DATE:
            items.append(OTHER_DATE if OTHER_DATE not in items else "2000-01-02")
        else:
            items.append(OTHER_TEXT if OTHER_TEXT not in items else OTHER_TEXT + " again")
    if not field.is_list:
        return tuple(items)
    singles: list[FactValue] = [(item,) for item in items]
    everything: list[FactValue] = [tuple(items)] if len(items) > 1 else []
    return ((), *singles, *everything)


def _named_values(kb: KnowledgeBase) -> dict[str, list[FactValue]]:
    """Every path some rule reads, with the values the rules test it against. What only
    ``derive`` rules read (a campaign's history) is not asked: the facts they derive are."""
    named: dict[str, list[FactValue]] = {}
    for rule in kb.rules:
        if rule.derive:
            continue
        for literal in literals(rule.when):
            if literal.op is Op.CONCLUDED:
                continue
            values = named.setdefault(literal.path, [])
            values.extend(v for v in literal.values if v != ())
    return named


def questions(
    advice: Advice,
    *,
    evaluator: Evaluator | None = None,
    skip: Iterable[str] = (),
    why: bool = False,
) -> tuple[Question, ...]:
    """The open facts whose answer would change the advice, most decisive first: those that
    add or remove conclusions, then those that only reorder them (see the module's notes).

    ``skip`` leaves paths out (the interview passes those the user declined). With ``why``,
    each question says why it is asked: the conclusions its answer could add, remove or
    move, from the minimal-change analysis (:func:`~rightsrules.explain.why_ask.why_ask`).
    """
    kb = advice.knowledge_base
    engine = evaluator_for(advice, evaluator)
    before = frozenset(advice.ids)
    assumed = {a.path: a.value for a in advice.assumptions}
    skipped = set(skip)
    found: list[Question] = []
    for path, named in _named_values(kb).items():
        if path in skipped or advice.scenario.get(path) is not None:
            continue
        field = FIELDS[path]
        answers = []
        for value in probe_values(field, named):
            changed = advice.scenario.with_values({path: value})
            inference = infer(kb, changed, engine)
            after = inference.concluded
            adds = tuple(sorted(after - before, key=_order(kb)))
            removes = tuple(sorted(before - after, key=_order(kb)))
            up: tuple[str, ...] = ()
            down: tuple[str, ...] = ()
            if inference.adjustments or advice.inference.adjustments:
                up, down = rank_moves(advice, build_advice(kb, inference, engine))
            answers.append(Answer(value, adds, removes, up, down))
        if any(a.matters for a in answers):
            free = field.kind not in (FieldKind.BOOL, FieldKind.ENUM)
            mentioned = {
                cid for a in answers for cid in (*a.adds, *a.removes, *a.moves_up, *a.moves_down)
            }
            titles = {cid: kb.conclusion(cid).title for cid in sorted(mentioned)}
            found.append(
                Question(path, field.question, tuple(answers), free, assumed.get(path), titles)
            )
    paths = list(FIELDS)
    found.sort(key=lambda q: (*q.rank_key, paths.index(q.path)))
    if why:
        from .why_ask import why_ask

        found = [attrs.evolve(q, why=why_ask(advice, q.path, q)) for q in found]
    return tuple(found)


def rank_moves(before: Advice, after: Advice) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """The conclusions in both advices that moved up, and those that moved down: their score
    rose (fell) and their place among the conclusions of their kind in both is better (worse).
    """
    old, new = places_in_common(before, after), places_in_common(after, before)
    up, down = [], []
    for conclusion in before.conclusions:
        if conclusion.id not in new:
            continue
        score = after[conclusion.id].score
        if new[conclusion.id] < old[conclusion.id] and score > conclusion.score:
            up.append(conclusion.id)
        elif new[conclusion.id] > old[conclusion.id] and score < conclusion.score:
            down.append(conclusion.id)
    return tuple(up), tuple(down)


def _order(kb: KnowledgeBase) -> Any:
    ids = {cid: i for i, cid in enumerate(kb.conclusions)}
    return lambda cid: (ids.get(cid, len(ids)), cid)


def questions_text(items: Sequence[Question]) -> str:
    """Questions as plain text, most decisive first; conclusions are named by title."""
    if not items:
        return _("No open fact would change this advice.") + "\n"
    lines = []
    for number, question in enumerate(items, start=1):
        lines.append(f"{number}. {question.question}  [{question.path}]")
        together = question.why.line(alone=False) if question.why is not None else ""
        if together:
            lines.append(f"   {together}")
        if question.assumed is not None:
            lines.append(
                _("   (now assumed: {value})").format(value=format_value(question.assumed))
            )
        for answer in question.answers:
            if not answer.matters:
                continue
            effect = []
            named = question.title
            if answer.adds:
                effect.append("adds " + ", ".join(map(named, answer.adds)))
            if answer.removes:
                effect.append("removes " + ", ".join(map(named, answer.removes)))
            if answer.moves_up:
                effect.append("moves " + ", ".join(map(named, answer.moves_up)) + " up")
            if answer.moves_down:
                effect.append("moves " + ", ".join(map(named, answer.moves_down)) + " down")
            lines.append(f"   - {answer.label}: {'; '.join(effect)}")
        lines.append("")
    return "\n".join(lines).rstrip("\n") + "\n"


def questions_json(items: Sequence[Question]) -> str:
    return _json.dumps([q.to_dict() for q in items], indent=2)
