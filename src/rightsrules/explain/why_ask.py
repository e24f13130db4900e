"""Why do you ask? For an open fact of the scenario, the conclusions its answer could add,
remove or move, from the minimal-change analysis.

A question about PATH matters to a conclusion C when some minimal set of changes that flips C
(adds it when it is not advised, removes it when it is) contains a change to PATH: answering
could then add or remove C, alone or together with the other changes of that set, which are
given. It matters to C's place when an answer moves C up or down the ranking
(:func:`~rightsrules.explain.questions.questions` finds these).

The change sets are searched as :func:`~rightsrules.explain.rather_than.rather_than` searches
them, over the paths the rules that could reach C read: every set of up to ``max_changes``
changes that holds a change to PATH, kept when no proper subset flips C too; ``complete``
is false when a bound cut the search.

>>> from rightsrules import ReferenceEvaluator, assess
>>> advice = assess({"company": {"name": "Example Mobile", "type": "mobile_network_operator"}},
...                 evaluator=ReferenceEvaluator())
>>> why = why_ask(advice, "company.publicly_traded")
>>> print(why.line())
Your answer could add Investors who can ask questions and Engage the company's investors.
"""

from __future__ import annotations

import itertools
from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Any

import attrs

from ..engines import Evaluator, evaluator_named
from ..scenario import FactValue
from ..vocabulary import FIELDS
from ._reassess import reassess
from .questions import Answer, Question, _named_values, probe_values
from .rather_than import MAX_CHANGES, MAX_TRIES, Change, _reaching_paths

if TYPE_CHECKING:
    from ..advice import Advice

__all__ = ["ADD", "MOVE", "REMOVE", "Matter", "WhyAsk", "why_ask"]

#: What an answer could do to a conclusion.
ADD, REMOVE, MOVE = "add", "remove", "move"
#: How many titles the short line names per effect before "and N more".
SHORT_TITLES = 3
#: How many change sets with other changes the text gives per conclusion.
SHOWN_SETS = 2


@attrs.frozen
class Matter:
    """A conclusion an answer could ``add``, ``remove`` or ``move``. ``sets`` are the minimal
    change sets that flip it and hold a change to the path (the path's change first); a set
    of one change is the answer alone."""

    conclusion: str
    title: str
    effect: str
    sets: tuple[tuple[Change, ...], ...] = ()
    #: For a move: ``up``, ``down``, or ``up or down`` (some answers each way).
    direction: str | None = None

    @property
    def alone(self) -> bool:
        """Whether some answer alone does it."""
        return self.effect == MOVE or any(len(group) == 1 for group in self.sets)

    def to_dict(self) -> dict[str, Any]:
        return {
            "conclusion": self.conclusion,
            "title": self.title,
            "effect": self.effect,
            "changes": [[change.to_dict() for change in group] for group in self.sets],
            "direction": self.direction,
        }


@attrs.frozen
class WhyAsk:
    """Why a question about ``path`` is asked: the conclusions its answer could change."""

    path: str
    matters: tuple[Matter, ...]
    complete: bool

    def of(self, effect: str) -> tuple[Matter, ...]:
        return tuple(m for m in self.matters if m.effect == effect)

    @property
    def together(self) -> tuple[Matter, ...]:
        """The conclusions the answer could change only together with other facts."""
        return tuple(m for m in self.matters if not m.alone)

    def line(self, *, alone: bool | None = None) -> str:
        """One sentence, by title: what the answer could add, remove or move. With
        ``alone=True``, only what some answer does by itself; with ``alone=False``, only what
        it does together with other changes ("" when nothing)."""
        parts = []
        for effect, verb in ((ADD, "add"), (REMOVE, "remove"), (MOVE, "move")):
            found = [m for m in self.of(effect) if alone is None or m.alone == alone]
            if found:
                parts.append(f"{verb} {_titles([m.title for m in found])}")
        if alone is False:
            return (
                f"Together with other changes, your answer could also {_or(parts)}."
                if parts
                else ""
            )
        if not parts:
            return "Your answer would change no conclusion."
        return f"Your answer could {_or(parts)}."

    def to_text(self) -> str:
        """Every conclusion the answer could change: the answers that do it alone, and the
        first of the sets where other facts would have to change too."""
        lines = [self.line()]
        for matter in self.matters:
            if matter.effect == MOVE:
                lines.append(f"  - move {matter.title} {matter.direction}")
                continue
            alone = [group[0] for group in matter.sets if len(group) == 1]
            joint = [group for group in matter.sets if len(group) > 1]
            ways = []
            if alone:
                ways.append("if you answer " + " or ".join(_answer(c.after) for c in alone))
            for group in joint[:SHOWN_SETS]:
                also = "; ".join(change.describe() for change in group[1:])
                ways.append(f"if you answer {_answer(group[0].after)}, together with {also}")
            if len(joint) > SHOWN_SETS:
                ways.append(f"and {len(joint) - SHOWN_SETS} more ways with other changes")
            lines.append(f"  - {matter.effect} {matter.title}: " + "; ".join(ways))
        if not self.complete:
            lines.append("  (The search stopped at its bound: larger sets may matter too.)")
        return "\n".join(lines) + "\n"

    def to_dict(self) -> dict[str, Any]:
        return {
            "path": self.path,
            "line": self.line(),
            "matters": [matter.to_dict() for matter in self.matters],
            "complete": self.complete,
        }


def _answer(value: FactValue | None) -> str:
    """An answer as the questions show it (``any other`` for the stand-in for free text)."""
    if value is None:
        return "unknown"
    return Answer(value, (), ()).label


def _titles(titles: Sequence[str]) -> str:
    if len(titles) > SHORT_TITLES:
        return f"{', '.join(titles[:SHORT_TITLES])} and {len(titles) - SHORT_TITLES} more"
    return titles[0] if len(titles) == 1 else f"{', '.join(titles[:-1])} and {titles[-1]}"


def _or(parts: Sequence[str]) -> str:
    return parts[0] if len(parts) == 1 else f"{', '.join(parts[:-1])}, or {parts[-1]}"


def why_ask(
    advice: Advice,
    path: str,
    question: Question | None = None,
    *,
    evaluator: Evaluator | None = None,
    max_changes: int = MAX_CHANGES,
    max_tries: int = MAX_TRIES,
) -> WhyAsk:
    """Why the open fact ``path`` is worth asking (see the module's notes). ``question`` is
    the path's :class:`~rightsrules.explain.questions.Question`, if already found: the
    conclusions its answers move come from it."""
    kb = advice.knowledge_base
    engine = evaluator or evaluator_named("indexed")
    named = _named_values(kb)
    matters: list[Matter] = []
    complete = True
    for cid in kb.conclusions:
        if not kb.rules_concluding(cid):
            continue
        paths = _reaching_paths(kb, cid)
        if path not in paths:
            continue
        was = cid in advice
        search = _Search(advice, engine, named, max_tries, _Flips(cid, was))
        sets = search.containing(path, [p for p in paths if p != path], max_changes)
        complete = complete and search.complete and len(paths) <= max_changes
        if sets:
            matters.append(Matter(cid, kb.conclusion(cid).title, REMOVE if was else ADD, sets))
    if question is not None:
        up, down = question.could_move_up, question.could_move_down
        for cid in dict.fromkeys((*up, *down)):
            if not any(m.conclusion == cid for m in matters):
                direction = (
                    "up or down" if cid in up and cid in down else "up" if cid in up else "down"
                )
                matters.append(Matter(cid, kb.conclusion(cid).title, MOVE, direction=direction))
    # The advice's order for what it holds; the rest by kind, then the catalogue's order.
    order = {cid: i for i, cid in enumerate(advice.ids)}
    kinds = list(kb.kinds)
    for cid in sorted(kb.conclusions, key=lambda c: kinds.index(kb.conclusion(c).kind)):
        order.setdefault(cid, len(order))
    matters.sort(key=lambda m: (_EFFECTS.index(m.effect), not m.alone, order.get(m.conclusion, 0)))
    return WhyAsk(path, tuple(matters), complete)


_EFFECTS = (ADD, REMOVE, MOVE)


@attrs.frozen
class _Flips:
    """Whether an advice has the conclusion when the first did not, or lacks it when it had."""

    conclusion: str
    was: bool

    def __call__(self, after: Advice) -> bool:
        return (self.conclusion in after) != self.was


class _Search:
    """Change sets that flip a conclusion, each tried once."""

    def __init__(
        self,
        advice: Advice,
        engine: Evaluator,
        named: Mapping[str, list[FactValue]],
        max_tries: int,
        flips: Any,
    ) -> None:
        self.advice = advice
        self.engine = engine
        self.named = named
        self.max_tries = max_tries
        self.flips = flips
        self.tried: dict[tuple[tuple[str, Any], ...], bool] = {}
        self.complete = True

    def options(self, path: str) -> list[FactValue | None]:
        field = FIELDS[path]
        now = self.advice.scenario.get(path)
        values: list[FactValue | None] = [
            v for v in probe_values(field, self.named.get(path, [])) if v != now
        ]
        if now is not None and not field.required:
            values.append(None)
        return values

    def works(self, changes: Mapping[str, FactValue | None]) -> bool:
        key = tuple(sorted(changes.items(), key=lambda item: item[0]))
        if key not in self.tried:
            if len(self.tried) >= self.max_tries:
                self.complete = False
                return False
            scenario = self.advice.scenario.with_values(dict(changes))
            after = reassess(self.advice.knowledge_base, scenario, self.engine)
            self.tried[key] = bool(self.flips(after))
        return self.tried[key]

    def containing(
        self, path: str, others: Sequence[str], max_changes: int
    ) -> tuple[tuple[Change, ...], ...]:
        """The minimal sets of up to ``max_changes`` changes that flip it and change
        ``path``, smallest first."""
        found: list[dict[str, FactValue | None]] = []
        scenario = self.advice.scenario
        for size in range(max_changes):
            for chosen in itertools.combinations(others, size):
                for value in self.options(path):
                    for picked in itertools.product(*(self.options(p) for p in chosen)):
                        candidate = {path: value, **dict(zip(chosen, picked, strict=True))}
                        if any(_within(f, candidate) for f in found):
                            continue
                        if self.works(candidate) and self._minimal(candidate):
                            found.append(candidate)
        return tuple(
            tuple(Change.of(p, scenario.get(p), v) for p, v in group.items()) for group in found
        )

    def _minimal(self, candidate: Mapping[str, FactValue | None]) -> bool:
        items = list(candidate.items())
        return not any(
            self.works(dict(part))
            for size in range(1, len(items))
            for part in itertools.combinations(items, size)
        )


def _within(small: Mapping[str, Any], big: Mapping[str, Any]) -> bool:
    return all(path in big and big[path] == value for path, value in small.items())
