"""Minimal reasons and minimal changes: which facts of a scenario matter to a conclusion.

* :func:`sufficient_reasons`: for an advised conclusion, every subset-minimal set of the
  scenario's facts that guarantees it *whatever the other facts turn out to be* (an abductive
  reason), smallest first.
* :func:`minimal_changes`: for any conclusion, every minimal set of changes to the scenario
  that flips it, advised or not (a contrastive reason), fewest paths first.

"Whatever the other facts are" means every completion of the paths the reason leaves open:
each path free over its domain, unknown included (:mod:`._space`), never a combination that
``facts/constraints.yaml`` rules out (:mod:`rightsrules.constraints`). Only the paths the
conclusion's rules can read matter; every check is the real pipeline, defaults included,
run by the indexed evaluator on one point of each box of the space that the conclusion is
the same on (:mod:`._partition`).

The scenario's facts are premises in the form of VOCABULARY.md §3: ``fact:PATH=VALUE`` for a
scalar or one element of a list, ``fact:PATH=[]`` for an empty list, ``fact:PATH=unknown``
for a path the scenario leaves out (which is a fact about it too), and, for a list the
scenario gives, ``fact:PATH!=VALUE`` for each element the rules name that it does not hold.

>>> from rightsrules import ReferenceEvaluator, assess
>>> advice = assess("facts/examples/mno-network-shutdown.yaml", evaluator=ReferenceEvaluator())
>>> reasons = sufficient_reasons(advice.knowledge_base, advice.scenario,
...                              "strategy:investor_engagement")
>>> [list(reason) for reason in reasons.reasons]
[['fact:company.type=mobile_network_operator', 'fact:company.publicly_traded=true']]
>>> print(reasons.to_text(), end="")
"Engage the company's investors" is advised because the company is a mobile network operator and
is publicly traded; nothing else in your scenario is needed for it.
"""

from __future__ import annotations

import contextlib
import itertools
import os
import textwrap
from collections.abc import Iterable, Iterator, Mapping, Sequence
from typing import Any, TypedDict

import attrs

from .._rendered import Rendered
from ..conditions import Premise
from ..constraints import Constraint, broken, load_constraints
from ..errors import ExplanationError, Problem, ScenarioError
from ..i18n import _
from ..knowledge import KnowledgeBase
from ..rules import RuleKind
from ..scenario import FactValue, Scenario, as_scenario
from ..vocabulary import FIELDS, WITHIN_REACH
from ._minimal_text import change_words, join_words, premise_words
from ._partition import Leaf, Partition, allowed_point, intersect, leaves_against, partition
from ._space import Box, Point, Space, space_for

__all__ = [
    "DEFAULT_MAX_CHECKS",
    "DEFAULT_MAX_SIZE",
    "FIND_OUT",
    "KINDS",
    "Change",
    "Changes",
    "Reasons",
    "minimal_changes",
    "scenario_premises",
    "sufficient_reasons",
]

#: The most facts in one reported reason, and the most paths in one reported change set.
DEFAULT_MAX_SIZE = 4
#: The most checks one answer makes: a check is one run of the pipeline on a box of the space,
#: or one test of a candidate reason against the boxes. Past it, the answer says it is not
#: complete.
DEFAULT_MAX_CHECKS = 50_000

#: The formats the answers render to.
ANSWER_FORMATS = ("text", "markdown", "json")

#: A change to a path the scenario leaves unknown: something to find out.
FIND_OUT = "find_out"
#: A change to a known fact: something that would have to be different.
DIFFERS = "differs"
#: A change to one of the organisation's own facts (:data:`~rightsrules.vocabulary.WITHIN_REACH`).
WITHIN_REACH_KIND = "within_reach"
#: The kinds of change, as the JSON writes them.
KINDS = (FIND_OUT, DIFFERS, WITHIN_REACH_KIND)


class Bounds(TypedDict, total=False):
    max_size: int
    max_checks: int


def bounds(max_size: int | None, max_checks: int | None) -> Bounds:
    """The bounds given, for ``**`` (those left ``None`` take the defaults)."""
    given = Bounds()
    if max_size is not None:
        given["max_size"] = max_size
    if max_checks is not None:
        given["max_checks"] = max_checks
    return given


def _plain(value: FactValue | None) -> Any:
    if value is None:
        return "unknown"
    return list(value) if isinstance(value, tuple) else value


@attrs.frozen
class Change:
    """One path changed: from ``before`` to ``after`` (``None``: unknown), and its kind."""

    path: str
    before: FactValue | None
    after: FactValue | None
    kind: str

    def to_dict(self) -> dict[str, Any]:
        """``{"path", "from", "to", "kind"}``, values as in YAML, ``"unknown"`` for absent."""
        return {
            "path": self.path,
            "from": _plain(self.before),
            "to": _plain(self.after),
            "kind": self.kind,
        }


def _wrap(line: str) -> str:
    """A sentence wrapped for a terminal; a list item's lines hang under its first word."""
    hang = "  " if line.startswith("- ") else ""
    return textwrap.fill(line, width=96, subsequent_indent=hang, break_on_hyphens=False)


def _markdown(lines: Sequence[str]) -> str:
    """Sentences as Markdown: each escaped, a blank line before the list of items."""
    from ..escape import markdown

    shown = []
    for number, line in enumerate(lines):
        if line.startswith("- "):
            if number and not lines[number - 1].startswith("- "):
                shown.append("")
            shown.append("- " + markdown(line[2:]))
        else:
            if number and lines[number - 1].startswith("- "):
                shown.append("")
            shown.append(markdown(line))
    return "\n".join(shown) + "\n"


def _named(title: str, conclusion_id: str) -> str:
    return f'"{title}"' if title else conclusion_id


@attrs.frozen
class Reasons(Rendered):
    """The minimal sufficient reasons for a conclusion, smallest first.

    ``complete`` is false when a bound (``max_size``, ``max_checks``) cut the search: there
    may be more reasons than those listed, but each listed one is a reason.
    """

    id: str
    advised: bool
    reasons: tuple[tuple[Premise, ...], ...]
    complete: bool
    title: str = attrs.field(default="", eq=False)

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "advised": self.advised,
            "reasons": [[str(p) for p in reason] for reason in self.reasons],
            "complete": self.complete,
        }

    def _sentences(self) -> list[str]:
        name = _named(self.title, self.id)
        if not self.advised:
            return [
                _(
                    "{name} is not advised for your scenario, so no fact of it guarantees "
                    "it; the changes that would bring it are shown by what-if --flip."
                ).format(name=name)
            ]
        if not self.reasons:
            return [
                _(
                    "{name} is advised, but no set of your scenario's facts guarantees it "
                    "whatever the rest turns out to be"
                ).format(name=name)
                + ("." if self.complete else _(" among those the search could check."))
            ]
        if len(self.reasons) == 1:
            (reason,) = self.reasons
            if not reason:
                return [_("{name} is advised whatever your scenario says.").format(name=name)]
            return [
                _(
                    "{name} is advised because {value}; nothing else in your scenario is "
                    "needed for it."
                ).format(name=name, value=join_words(premise_words(reason)))
                + ("" if self.complete else _(" (The search was cut short: there may be more.)"))
            ]
        lines = [
            _(
                "{name} is advised. Each of these is enough for it on its own, "
                "whatever else turns out to be true:"
            ).format(name=name)
        ]
        lines += [f"- {join_words(premise_words(reason))}" for reason in self.reasons]
        if not self.complete:
            lines.append(_("The search was cut short: there may be more."))
        return lines

    def to_text(self) -> str:
        return "\n".join(_wrap(line) for line in self._sentences()) + "\n"

    def to_markdown(self) -> str:
        return _markdown(self._sentences())


@attrs.frozen
class Changes(Rendered):
    """The minimal sets of changes that flip a conclusion, fewest paths first.

    Applying any listed set to the scenario flips the conclusion, and no proper part of a set
    does. ``complete`` is false when a bound cut the search.
    """

    id: str
    advised: bool
    changes: tuple[tuple[Change, ...], ...]
    complete: bool
    title: str = attrs.field(default="", eq=False)

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "advised": self.advised,
            "changes": [[change.to_dict() for change in group] for group in self.changes],
            "complete": self.complete,
        }

    def _sentences(self) -> list[str]:
        name = _named(self.title, self.id)
        state = _("advised") if self.advised else _("not advised")
        flipped = _("would no longer be advised") if self.advised else _("would be advised")
        if not self.changes:
            return [
                _("{name} is {state}, and no change to your scenario").format(
                    name=name, state=state
                )
                + (_(" within the search's bounds") if not self.complete else "")
                + _(" would alter that.")
            ]
        lines = [
            _("{name} is {state}. It {flipped} if any one of these were so:").format(
                name=name, state=state, flipped=flipped
            )
        ]
        lines += [f"- {line}" for line in _merged_lines(self.changes)]
        if not self.complete:
            lines.append(_("The search was cut short: there may be more."))
        return lines

    def to_text(self) -> str:
        return "\n".join(_wrap(line) for line in self._sentences()) + "\n"

    def to_markdown(self) -> str:
        return _markdown(self._sentences())


def _merged_lines(groups: Sequence[tuple[Change, ...]]) -> list[str]:
    """The change sets in words, those that change the same paths said once with their
    alternatives ("... is an app store, a cloud company or ...") when together they are every
    combination of them."""
    by_paths: dict[tuple[str, ...], list[tuple[Change, ...]]] = {}
    for group in groups:
        by_paths.setdefault(tuple(c.path for c in group), []).append(group)
    lines = []
    for paths, members in by_paths.items():
        options = [list(dict.fromkeys(group[i] for group in members)) for i in range(len(paths))]
        combinations = 1
        for found in options:
            combinations *= len(found)
        if combinations == len(members) and len(paths) == 1:
            lines.append(change_words(*options[0]))
        elif combinations == len(members):  # alternatives within each clause: "; and"
            lines.append("; and ".join(change_words(*found) for found in options))
        else:
            lines += [join_words([change_words(c) for c in group]) for group in members]
    return lines


def scenario_premises(space: Space, facts: Mapping[str, FactValue]) -> tuple[Premise, ...]:
    """The scenario's facts on the paths of a space, as premises, in the vocabulary's order."""
    premises: list[Premise] = []
    for path in space.paths:
        value = facts.get(path)
        if value is None:
            premises.append(Premise.of_unknown(path))
        elif not isinstance(value, tuple):
            premises.append(Premise.of_fact(path, value))
        elif not value:
            premises.append(Premise.of_fact(path, ()))
        else:
            premises.extend(Premise.of_fact(path, item) for item in value)
            held = {space.canonical_element(path, item) for item in value}
            premises.extend(
                Premise.of_fact(path, element, negated=True)
                for element in space.elements[path]
                if element not in held and element in space.named[path]
            )
    return tuple(premises)


def _restrict(space: Space, premise: Premise, box: Box) -> Box:
    if not premise.negated:
        return space.restrict(premise, box)
    indices = space.of_path[premise.path]
    fixed = list(box)
    fixed[indices[0]] = (True,)
    assert isinstance(premise.value, str)
    fixed[indices[1 + space.elements[premise.path].index(premise.value)]] = (False,)
    return tuple(fixed)


class _Budget:
    def __init__(self, limit: int) -> None:
        self.left = limit

    def spend(self, count: int = 1) -> bool:
        """Whether ``count`` more checks are allowed (and spends them)."""
        if self.left < count:
            self.left = 0
            return False
        self.left -= count
        return True


def _prepare(
    kb: KnowledgeBase,
    scenario: Scenario | Mapping[str, Any] | os.PathLike[str] | str,
    conclusion_id: str,
    constraints: Sequence[Constraint] | None,
    max_checks: int,
) -> tuple[Scenario, Space, Partition, bool, _Budget]:
    kb.conclusion(conclusion_id)  # an unknown id: UnknownConclusionError, with a hint
    understood = as_scenario(scenario) if not isinstance(scenario, Scenario) else scenario
    if constraints is None:
        # Its sources are checked against the catalogue it ships with (tests/test_minimal.py),
        # not against this knowledge base's, which may be another.
        constraints = load_constraints()
    facts = understood.facts()
    _check_constraints(constraints, facts)
    _refuse_history(kb, facts)
    space = space_for(kb, conclusion_id, tuple(constraints))
    budget = _Budget(max_checks)
    cut = partition(kb, space, max_leaves=max(1, max_checks))
    budget.spend(min(cut.runs, budget.left))
    from ._partition import outcome

    advised = outcome(kb, space, space.point_of(facts))
    return understood, space, cut, advised, budget


def _refuse_history(kb: KnowledgeBase, facts: Mapping[str, FactValue]) -> None:
    """Refuse a scenario holding facts that ``derive`` rules read (a campaign's history):
    the search does not model what those rules fill, so its answer could be wrong."""
    read = {
        literal.path
        for rule in kb.rules_of(RuleKind.DERIVE)
        for conjunction in rule.conjunctions
        for literal in conjunction
        if literal.path
    }
    given = sorted(path for path in read if path in facts)
    if given:
        raise ExplanationError(
            _(
                "minimal reasons and changes do not model the facts a campaign's "
                "history derives yet; this scenario gives {value}"
            ).format(value=", ".join(given))
        )


@contextlib.contextmanager
def located(file: str) -> Iterator[None]:
    """Name ``file`` in the problems of a scenario that breaks a constraint."""
    try:
        yield
    except ScenarioError as error:
        raise ScenarioError(
            [attrs.evolve(p, file=p.file or file) for p in error.problems]
        ) from None


def _check_constraints(constraints: Sequence[Constraint], facts: Mapping[str, FactValue]) -> None:
    found = broken(constraints, facts)
    if found:
        raise ScenarioError(
            [
                Problem(
                    _("these facts cannot all be true ({id}): {because}").format(
                        id=c.id, because=c.because
                    ),
                    key=", ".join(c.paths),
                )
                for c in found
            ]
        )


def sufficient_reasons(
    kb: KnowledgeBase,
    scenario: Scenario | Mapping[str, Any] | os.PathLike[str] | str,
    conclusion_id: str,
    *,
    max_size: int = DEFAULT_MAX_SIZE,
    max_checks: int = DEFAULT_MAX_CHECKS,
    constraints: Sequence[Constraint] | None = None,
) -> Reasons:
    """Every subset-minimal set of the scenario's facts that guarantees ``conclusion_id``
    for every completion of the other paths, smallest first (see the module's notes).

    At most ``max_size`` facts in a reason and ``max_checks`` checks; ``complete`` says
    whether every reason was found within them. ``constraints`` defaults to those of
    ``facts/constraints.yaml``. A conclusion that is not advised has no reasons.
    """
    scenario, space, cut, advised, budget = _prepare(
        kb, scenario, conclusion_id, constraints, max_checks
    )
    title = kb.conclusion(conclusion_id).title
    if not advised:
        return Reasons(conclusion_id, False, (), cut.complete, title)
    premises = scenario_premises(space, scenario.facts())
    against = leaves_against(cut, True)
    # Each premise fixes a few variables; the leaves against the conclusion that a set of
    # premises leaves open are those whose boxes hold every value the premises fix (bit sets).
    fixes = [_fixes(space, premise) for premise in premises]
    masks: dict[tuple[int, Any], int] = {}
    for bit, leaf in enumerate(against):
        for index, values in enumerate(leaf.box):
            for value in values:
                masks[index, value] = masks.get((index, value), 0) | (1 << bit)
    everyone = (1 << len(against)) - 1
    constrained = {i for c in space.constraints for p in c.paths for i in space.of_path[p]}
    boxes: dict[frozenset[int], bool] = {}

    def holds(chosen: Iterable[int]) -> bool | None:
        key = frozenset(chosen)
        if key in boxes:
            return boxes[key]
        if not budget.spend():
            return None
        open_leaves = everyone
        for number in key:
            for fixed in fixes[number]:
                open_leaves &= masks.get(fixed, 0)
        # Every leaf has an allowed point; premises that fix no constrained variable leave
        # each open leaf's own, so only those that do need the constraints checked again.
        if open_leaves and any(index in constrained for n in key for index, _ in fixes[n]):
            box = space.root
            for number in key:
                box = _restrict(space, premises[number], box)
            result = not any(
                _meets(space, box, leaf)
                for bit, leaf in enumerate(against)
                if open_leaves >> bit & 1
            )
        else:
            result = not open_leaves
        boxes[key] = result
        return result

    found, complete = _minimal_sets(len(premises), holds, max_size)
    ordered = sorted(found, key=lambda s: (len(s), sorted(s)))
    reasons = tuple(tuple(premises[i] for i in sorted(s)) for s in ordered if len(s) <= max_size)
    complete = complete and cut.complete and all(len(s) <= max_size for s in found)
    return Reasons(conclusion_id, True, reasons, complete, title)


def _fixes(space: Space, premise: Premise) -> tuple[tuple[int, Any], ...]:
    """The variables a premise fixes, with their values."""
    root = space.root
    kept = _restrict(space, premise, root)
    return tuple(
        (index, values[0])
        for index, (values, full) in enumerate(zip(kept, root, strict=True))
        if values != full
    )


def _meets(space: Space, box: Box, leaf: Leaf) -> bool:
    """Whether the box holds an allowed point of the leaf."""
    met = intersect(box, leaf.box)
    return met is not None and allowed_point(space, met) is not None


def _minimal_sets(size: int, holds: Any, max_size: int) -> tuple[list[frozenset[int]], bool]:
    """Every minimal subset of ``range(size)`` on which the monotone ``holds`` is true:
    level by level up to ``max_size``, then by duality (each set that misses a hitting set
    of those found must fail, else it holds a new one, found by shrinking it). ``holds``
    gives ``None`` when the budget is spent; the result then says it is not complete."""
    found: list[frozenset[int]] = []
    for k in range(0, min(size, max_size) + 1):
        for combo in itertools.combinations(range(size), k):
            chosen = frozenset(combo)
            if any(reason <= chosen for reason in found):
                continue
            result = holds(chosen)
            if result is None:
                return found, False
            if result:
                found.append(chosen)
    if max_size >= size:
        return found, True
    everything = frozenset(range(size))
    while True:
        grew = False
        for hitting in _hitting_sets(found, size):
            rest = everything - hitting
            result = holds(rest)
            if result is None:
                return found, False
            if not result:
                continue
            for index in sorted(rest):
                smaller = rest - {index}
                result = holds(smaller)
                if result is None:
                    return found, False
                if result:
                    rest = smaller
            found.append(rest)
            grew = True
            break
        if not grew:
            return found, True


def _hitting_sets(sets: Sequence[frozenset[int]], size: int) -> Iterator[frozenset[int]]:
    """The minimal sets that meet every one of ``sets`` (Berge's algorithm)."""
    hitting: list[frozenset[int]] = [frozenset()]
    for members in sets:
        grown: list[frozenset[int]] = []
        for h in hitting:
            if h & members:
                grown.append(h)
            else:
                grown.extend(h | {m} for m in members)
        hitting = [h for h in set(grown) if not any(o < h for o in grown)]
    yield from sorted(hitting, key=lambda h: (len(h), sorted(h)))


def minimal_changes(
    kb: KnowledgeBase,
    scenario: Scenario | Mapping[str, Any] | os.PathLike[str] | str,
    conclusion_id: str,
    *,
    max_size: int = DEFAULT_MAX_SIZE,
    max_checks: int = DEFAULT_MAX_CHECKS,
    constraints: Sequence[Constraint] | None = None,
) -> Changes:
    """Every minimal set of changes to the scenario that flips ``conclusion_id`` (adds it
    when it is not advised, removes it when it is), fewest paths first, then fewest
    elements of lists; at most ``max_size`` paths in a set and ``max_checks`` checks.

    A change to a list counts each element added or removed (and the list becoming known or
    unknown) as one step: no proper part of a listed set flips the conclusion.
    """
    scenario, space, cut, advised, budget = _prepare(
        kb, scenario, conclusion_id, constraints, max_checks
    )
    facts = scenario.facts()
    here = space.point_of(facts)
    candidates: set[frozenset[tuple[int, Any]]] = set()
    complete = cut.complete
    for leaf in cut.leaves:
        if leaf.concluded is None or leaf.concluded is advised:
            continue
        if not budget.spend():
            complete = False
            break
        candidates.update(_nearest(space, leaf.box, here))
    minimal = [c for c in candidates if not any(o < c for o in candidates)]
    groups = [_as_changes(space, facts, here, flips) for flips in minimal]
    groups.sort(key=lambda g: (len(g[0]), g[1], [FIELDS_ORDER[c.path] for c in g[0]], repr(g[0])))
    shown = tuple(g[0] for g in groups if len(g[0]) <= max_size)
    complete = complete and len(shown) == len(groups)
    return Changes(conclusion_id, advised, shown, complete, kb.conclusion(conclusion_id).title)


FIELDS_ORDER = {path: i for i, path in enumerate(FIELDS)}


def _nearest(space: Space, box: Box, here: Point) -> list[frozenset[tuple[int, Any]]]:
    """The least changes from ``here`` into an allowed point of ``box``: each way of giving
    the variables whose value ``here`` the box does not hold one that it does, and, where
    that breaks a constraint, each allowed way of setting the constrained variables too."""
    from ._partition import groups

    moving = [i for i, values in enumerate(box) if here[i] not in values]
    constrained = [i for group in groups(space).groups for i in group[0]]
    found = []
    for combo in itertools.product(*(box[i] for i in moving)):
        point = list(here)
        for index, value in zip(moving, combo, strict=True):
            point[index] = value
        if allowed_point(space, tuple((v,) for v in point)) is not None:
            found.append(_diff(tuple(point), here))
            continue
        for fix in itertools.product(*(box[i] for i in constrained)):
            fixed = list(point)
            for index, value in zip(constrained, fix, strict=True):
                fixed[index] = value
            if allowed_point(space, tuple((v,) for v in fixed)) is not None:
                found.append(_diff(tuple(fixed), here))
    return found


def _diff(point: Point, here: Point) -> frozenset[tuple[int, Any]]:
    return frozenset((i, v) for i, v in enumerate(point) if v != here[i])


def _as_changes(
    space: Space,
    facts: Mapping[str, FactValue],
    here: Point,
    flips: frozenset[tuple[int, Any]],
) -> tuple[tuple[Change, ...], int]:
    """A set of variable changes as one :class:`Change` per path, and how many steps."""
    point = list(here)
    for index, value in flips:
        point[index] = value
    changed_paths = [p for p in space.paths if any(i in space.of_path[p] for i, _ in flips)]
    changes = []
    for path in changed_paths:
        before = facts.get(path)
        after = _after(space, path, before, tuple(point))
        if path in WITHIN_REACH:
            kind = WITHIN_REACH_KIND
        elif before is None:
            kind = FIND_OUT
        else:
            kind = DIFFERS
        changes.append(Change(path, before, after, kind))
    return tuple(changes), len(flips)


def _after(space: Space, path: str, before: FactValue | None, point: Point) -> FactValue | None:
    """The value of ``path`` at ``point``, keeping the scenario's own words: its elements
    of a list that stay, in its order, then those added."""
    value = space.value(path, point)
    if not isinstance(value, tuple):
        return value
    kept = [
        item
        for item in (before if isinstance(before, tuple) else ())
        if space.canonical_element(path, item) in value
    ]
    kept_canonical = {space.canonical_element(path, item) for item in kept}
    added = [element for element in value if element not in kept_canonical]
    return tuple(kept + added)
