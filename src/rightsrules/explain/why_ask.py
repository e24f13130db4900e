"""Why do you ask? For an open fact of the scenario, the conclusions its answer could add,
remove or move, from the minimal-change analysis.

A question about PATH matters to a conclusion C when some minimal set of changes that flips C
(adds it when it is not advised, removes it when it is) contains a change to PATH: answering
could then add or remove C, alone or together with the other changes of that set, which are
given. It matters to C's place when an answer moves C up or down the ranking
(:func:`~rightsrules.explain.questions.questions` finds these).

The change sets are those of :func:`~rightsrules.explain.minimal.minimal_changes` for each
conclusion whose rules can read PATH; ``complete`` is false when a bound cut one of them.

>>> from rightsrules import ReferenceEvaluator, assess
>>> advice = assess({"company": {"name": "Example Mobile", "type": "mobile_network_operator"}},
...                 evaluator=ReferenceEvaluator())
>>> why = why_ask(advice, "company.publicly_traded")
>>> print(why.line())
Your answer could add Investors who can ask questions and Engage the company's investors.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Any

import attrs

from ..i18n import _, ngettext
from ..i18n.formatting import join_list
from ..scenario import FactValue
from ._minimal_text import change_words, join_words
from .minimal import DEFAULT_MAX_SIZE, Change, minimal_changes
from .questions import Answer, Question
from .rather_than import _reaching_paths

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
        verbs = {ADD: _("add {titles}"), REMOVE: _("remove {titles}"), MOVE: _("move {titles}")}
        for effect, verb in verbs.items():
            found = [m for m in self.of(effect) if alone is None or m.alone == alone]
            if found:
                parts.append(verb.format(titles=_titles([m.title for m in found])))
        if alone is False:
            return (
                _("Together with other changes, your answer could also {value}.").format(
                    value=_or(parts)
                )
                if parts
                else ""
            )
        if not parts:
            return _("Your answer would change no conclusion.")
        return _("Your answer could {value}.").format(value=_or(parts))

    def to_text(self, *, label: Callable[[FactValue], str] | None = None) -> str:
        """Every conclusion the answer could change: the answers that do it alone, and the
        first of the sets where other facts would have to change too. ``label`` words an
        answer (the interview passes its options' labels)."""
        shown = label or _answer
        lines = [self.line()]
        for matter in self.matters:
            if matter.effect == MOVE:
                moves = {
                    "up": _("  - move {title} up"),
                    "down": _("  - move {title} down"),
                    "up or down": _("  - move {title} up or down"),
                }
                lines.append(moves[matter.direction or "up or down"].format(title=matter.title))
                continue
            alone = [group[0] for group in matter.sets if len(group) == 1]
            joint = [group for group in matter.sets if len(group) > 1]
            heads = {ADD: _("  - add {title}:"), REMOVE: _("  - remove {title}:")}
            lines.append(heads[matter.effect].format(title=matter.title))
            if alone:
                lines.append(
                    _("      if you answer {answers}").format(
                        answers=join_list([_shown(shown, c) for c in alone], "or")
                    )
                )
            for group in joint[:SHOWN_SETS]:
                also = join_words([change_words(change) for change in group[1:]])
                lines.append(
                    _("      if you answer {value}, and {also}").format(
                        value=_shown(shown, group[0]), also=also
                    )
                )
            more = len(joint) - SHOWN_SETS
            if more > 0:
                lines.append(
                    ngettext(
                        "      (and {more} more way with other changes)",
                        "      (and {more} more ways with other changes)",
                        more,
                    ).format(more=more)
                )
        if not self.complete:
            lines.append(_("  (The search stopped at its bound: larger sets may matter too.)"))
        return "\n".join(lines) + "\n"

    def to_dict(self) -> dict[str, Any]:
        return {
            "path": self.path,
            "line": self.line(),
            "matters": [matter.to_dict() for matter in self.matters],
            "complete": self.complete,
        }


def _shown(label: Callable[[FactValue], str], change: Change) -> str:
    return "unknown" if change.after is None else label(change.after)


def _answer(value: FactValue | None) -> str:
    """An answer as the questions show it (``any other`` for the stand-in for free text)."""
    if value is None:
        return _("unknown")
    return Answer(value, (), ()).label


def _titles(titles: Sequence[str]) -> str:
    if len(titles) > SHORT_TITLES:
        return _("{titles} and {count} more").format(
            titles=", ".join(titles[:SHORT_TITLES]), count=len(titles) - SHORT_TITLES
        )
    return join_list(titles)


def _or(parts: Sequence[str]) -> str:
    return join_list(parts, "or", serial_comma=True)


def why_ask(
    advice: Advice,
    path: str,
    question: Question | None = None,
    *,
    max_changes: int = DEFAULT_MAX_SIZE,
) -> WhyAsk:
    """Why the open fact ``path`` is worth asking (see the module's notes). ``question`` is
    the path's :class:`~rightsrules.explain.questions.Question`, if already found: the
    conclusions its answers move come from it. ``max_changes`` bounds the paths of one
    change set, as for :func:`~rightsrules.explain.minimal.minimal_changes`."""
    kb = advice.knowledge_base
    matters: list[Matter] = []
    complete = True
    for cid in kb.conclusions:
        # Only a conclusion whose rules can read the path can have it in a change set.
        if not kb.rules_concluding(cid) or path not in _reaching_paths(kb, cid):
            continue
        found = minimal_changes(kb, advice.scenario, cid, max_size=max_changes)
        complete = complete and found.complete
        sets = tuple(_path_first(group, path) for group in found.changes if _changes(group, path))
        if sets:
            effect = REMOVE if found.advised else ADD
            matters.append(Matter(cid, kb.conclusion(cid).title, effect, sets))
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
    matters.sort(key=lambda m: (_EFFECTS.index(m.effect), not m.alone, order[m.conclusion]))
    return WhyAsk(path, tuple(matters), complete)


_EFFECTS = (ADD, REMOVE, MOVE)


def _changes(group: Sequence[Change], path: str) -> bool:
    return any(change.path == path for change in group)


def _path_first(group: Sequence[Change], path: str) -> tuple[Change, ...]:
    return tuple(sorted(group, key=lambda change: change.path != path))
