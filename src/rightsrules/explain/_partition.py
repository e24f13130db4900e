"""Every completion at once: a conclusion's space cut into boxes on which the real pipeline
gives one answer.

The space of a conclusion (:mod:`._space`) is split one variable at a time, like a decision
tree. At each box, a variable is *live* when the conclusion's outcome may still depend on it:
it is read by a literal whose truth is not yet the same over the whole box, in a conjunction
not yet false over the whole box, of the conclusion or of a conclusion it chains on (a path a
default may fill, while it may be unknown, makes the paths the defaults read live too). Only
live variables are split; a box with none left is a *leaf*, and the outcome of any one point
of it is the outcome of all of them. That outcome is never worked out here: the pipeline
itself (the defaults, then the indexed evaluator) runs on one allowed point of each leaf (a
point that breaks no constraint), so defaults and chaining are exactly what an assessment
does. A leaf with no allowed point is left out.

The static part only decides which variables cannot matter; ``tests/test_minimal_exact.py``
holds the whole to a brute-force enumeration of every point.
"""

from __future__ import annotations

import itertools
from collections.abc import Sequence
from typing import Any

import attrs

from .._memo import Memo, per_instance
from ..conditions import Literal, Op, Truth, to_dnf
from ..constraints import Constraint
from ..engines.indexed import IndexedEvaluator
from ..inference import reason_many
from ..knowledge import KnowledgeBase
from ._space import Box, Point, Space

__all__ = ["Leaf", "Partition", "allowed_point", "partition"]

#: Leaves at most in one partition; past it the rest of the space is one box of unknown
#: outcome, and the answers built on it say they are not complete.
MAX_LEAVES = 20_000


@attrs.frozen
class Leaf:
    """A box and the conclusion's outcome on it: ``True`` (concluded at every point),
    ``False`` (at none), ``None`` when the search was cut before the box was decided."""

    box: Box
    concluded: bool | None


@attrs.frozen(eq=False)
class Partition:
    space: Space
    leaves: tuple[Leaf, ...]
    #: Whether every box was decided (no leaf has an unknown outcome).
    complete: bool
    #: How many times the pipeline ran to decide the leaves.
    runs: int


class _Groups:
    """The constraints of a space, grouped by the variables they share: a box has an allowed
    point when each group has one on its own variables."""

    def __init__(self, space: Space) -> None:
        self.space = space
        groups: list[tuple[set[str], list[Constraint]]] = []
        for constraint in space.constraints:
            paths = set(constraint.paths)
            joined = [g for g in groups if g[0] & paths]
            for group in joined:
                groups.remove(group)
                paths |= group[0]
            members = [c for g in joined for c in g[1]] + [constraint]
            groups.append((paths, members))
        self.groups = [
            (
                tuple(i for p in sorted(paths) for i in space.of_path[p]),
                tuple(sorted(paths)),
                tuple(members),
            )
            for paths, members in groups
        ]
        self.memo: dict[tuple[Any, ...], tuple[tuple[int, Any], ...] | None] = {}

    def choice(self, box: Box) -> list[tuple[int, Any]] | None:
        """Values for the constrained variables, within ``box``, that break no constraint
        (the first such in the box's order), or ``None`` when there are none."""
        chosen: list[tuple[int, Any]] = []
        for indices, paths, members in self.groups:
            key = (indices, tuple(box[i] for i in indices))
            if key not in self.memo:
                self.memo[key] = self._first(indices, paths, members, box)
            found = self.memo[key]
            if found is None:
                return None
            chosen.extend(found)
        return chosen

    def _first(
        self,
        indices: tuple[int, ...],
        paths: tuple[str, ...],
        members: tuple[Constraint, ...],
        box: Box,
    ) -> tuple[tuple[int, Any], ...] | None:
        for combo in itertools.product(*(box[i] for i in indices)):
            point = list(box_first(box))
            for index, value in zip(indices, combo, strict=True):
                point[index] = value
            facts = self.space.facts(tuple(point))
            if not any(c.broken_by(facts) for c in members):
                return tuple(zip(indices, combo, strict=True))
        return None


def box_first(box: Box) -> Point:
    return tuple(values[0] for values in box)


_groups_of: Memo[int, tuple[Space, _Groups]] = Memo(1024, replace_oldest=True)


def groups(space: Space) -> _Groups:
    found = _groups_of.get(id(space))
    if found is None or found[0] is not space:
        found = _groups_of.put(id(space), (space, _Groups(space)))
    return found[1]


def allowed_point(space: Space, box: Box) -> Point | None:
    """One point of ``box`` that breaks no constraint, or ``None`` if every point does."""
    choice = groups(space).choice(box)
    if choice is None:
        return None
    point = list(box_first(box))
    for index, value in choice:
        point[index] = value
    return tuple(point)


class _Liveness:
    """Which variables of a box the conclusion's outcome may depend on, and how to split one.

    Literals are numbered once; a conjunction is a tuple of literal numbers and the ids of the
    conclusions it chains on."""

    def __init__(self, space: Space) -> None:
        self.space = space
        numbers: dict[Literal, int] = {}
        self.literals: list[Literal] = []

        def number(literal: Literal) -> int:
            if literal not in numbers:
                numbers[literal] = len(self.literals)
                self.literals.append(literal)
            return numbers[literal]

        self.conjunctions: dict[str, tuple[tuple[int | str, ...], ...]] = {
            cid: tuple(
                tuple(
                    literal.conclusion if literal.op is Op.CONCLUDED else number(literal)
                    for literal in conjunction
                )
                for conjunction in conjunctions
            )
            for cid, conjunctions in space.conjunctions.items()
        }
        self.reads = [space.reads(literal) for literal in self.literals]
        self.fillable = [literal.path in space.fillers for literal in self.literals]
        self.default_vars = {path: self._default_vars(path) for path in space.fillers}
        self.truths: dict[tuple[Any, ...], bool | None] = {}
        self.tables = [self._table(number) for number in range(len(self.literals))]
        self.groups = self._value_groups()

    def _default_vars(self, path: str) -> tuple[int, ...]:
        """The variables of every path the defaults that may fill ``path`` read, through
        the defaults that may fill those in turn."""
        found: set[int] = set()
        seen = {path}
        pending = [path]
        while pending:
            for rule in self.space.fillers.get(pending.pop(), ()):
                for conjunction in rule.conjunctions:
                    for literal in conjunction:
                        found.update(self.space.of_path[literal.path])
                        if literal.path not in seen:
                            seen.add(literal.path)
                            pending.append(literal.path)
        return tuple(sorted(found))

    def _value_groups(self) -> dict[int, list[frozenset[Any]]]:
        """For each scalar variable, its values grouped by what every literal on its path
        makes of them (the rules', the defaults' and the constraints'): values in one group
        are the same to the pipeline and to the constraints, so a split takes a group at a
        time."""
        # Every literal here is one of a flattened condition, its negations pushed into it:
        # the condition holds where all the literals of one conjunction are true, so only
        # whether a literal is true tells values apart.
        on_path: dict[str, list[Literal]] = {}
        everything = [*self.literals]
        for rules in self.space.fillers.values():
            for rule in rules:
                everything.extend(lit for conj in rule.conjunctions for lit in conj)
        for constraint in self.space.constraints:
            everything.extend(lit for conj in to_dnf(constraint.impossible) for lit in conj)
        for literal in everything:
            if literal.op is not Op.CONCLUDED:
                on_path.setdefault(literal.path, []).append(literal)
        groups: dict[int, list[frozenset[Any]]] = {}
        for path in self.space.paths:
            (index, *rest) = self.space.of_path[path]
            if rest or self.space.vars[index].known_of_list:
                continue
            by_effect: dict[tuple[bool, ...], list[Any]] = {}
            fillable = path in self.space.fillers
            for value in self.space.vars[index].values:
                facts = {} if value is None else {path: value}
                effect = tuple(lit.truth(facts, ()) is Truth.TRUE for lit in on_path.get(path, ()))
                if fillable:  # unknown, a default may fill it: never like a known value
                    effect = (value is None, *effect)
                by_effect.setdefault(effect, []).append(value)
            groups[index] = [frozenset(values) for values in by_effect.values()]
        return groups

    def branches(self, box: Box, index: int) -> list[tuple[Any, ...]]:
        """The values of a variable in ``box``, a group of equivalent values at a time."""
        values = box[index]
        if index not in self.groups:
            return [(value,) for value in values]
        found = []
        for group in self.groups[index]:
            chosen = tuple(value for value in values if value in group)
            if chosen:
                found.append(chosen)
        return found

    def truth(self, number: int, box: Box) -> bool | None:
        """``True`` when the literal holds at every point of the box, ``False`` at none,
        ``None`` when it depends (or a default may fill its path there)."""
        reads = self.reads[number]
        domains = tuple([box[i] for i in reads])
        key = (number, domains)
        found = self.truths.get(key, 0)
        if found != 0:
            return found  # type: ignore[return-value]
        first = self.space.vars[reads[0]]
        may_be_unknown = (False if first.known_of_list else None) in domains[0]
        # Where a default may fill the path (it may be unknown here), the literal depends on
        # the paths the default reads.
        unfilled = not (self.fillable[number] and may_be_unknown)
        result = self._all(number, domains) if unfilled else None
        self.truths[key] = result
        return result

    def _all(self, number: int, domains: Box) -> bool | None:
        table = self.tables[number]
        seen: set[bool] = set()
        for combo in itertools.product(*domains):
            seen.add(table[combo])
            if len(seen) > 1:
                return None
        return seen.pop()

    def _table(self, number: int) -> dict[tuple[Any, ...], bool]:
        """Whether a literal holds, for each combination of the values of what it reads."""
        literal, reads = self.literals[number], self.reads[number]
        width = len(self.space.vars)
        table = {}
        for combo in itertools.product(*(self.space.vars[i].values for i in reads)):
            point: list[Any] = [False] * width
            for index, value in zip(reads, combo, strict=True):
                point[index] = value
            value = self.space.value(literal.path, tuple(point))
            facts = {} if value is None else {literal.path: value}
            table[combo] = literal.truth(facts, ()) is Truth.TRUE
        return table

    def _item(self, item: int | str, box: Box, memo: dict[str, bool | None]) -> bool | None:
        if isinstance(item, str):
            return self.status(item, box, memo)
        return self.truth(item, box)

    def status(self, cid: str, box: Box, memo: dict[str, bool | None]) -> bool | None:
        if cid in memo:
            return memo[cid]
        depends = False
        result: bool | None = False
        for conjunction in self.conjunctions.get(cid, ()):
            holds: bool | None = True
            for item in conjunction:
                truth = self._item(item, box, memo)
                if truth is False:
                    holds = False
                    break
                if truth is None:
                    holds = None
            if holds is True:
                result = True
                break
            if holds is None:
                depends = True
        if result is not True and depends:
            result = None
        memo[cid] = result
        return result

    def live(self, box: Box) -> list[int]:
        """The variables with several values left that the outcome may depend on."""
        memo: dict[str, bool | None] = {}
        target = self.space.conclusion
        if self.status(target, box, memo) is not None:
            return []
        found: set[int] = set()
        visited: set[str] = set()
        pending = [target]
        while pending:
            cid = pending.pop()
            if cid in visited:
                continue
            visited.add(cid)
            for conjunction in self.conjunctions.get(cid, ()):
                truths = [self._item(item, box, memo) for item in conjunction]
                if False in truths:
                    continue
                for item, truth in zip(conjunction, truths, strict=True):
                    if truth is not None:
                        continue
                    if isinstance(item, str):
                        pending.append(item)
                        continue
                    found.update(self.reads[item])
                    found.update(self.default_vars.get(self.literals[item].path, ()))
        # In the vocabulary's order (company.type first, which decides the most rules): on the
        # shipped rules this makes fewer leaves than taking the most-read variable first.
        return [i for i in sorted(found) if len(self.branches(box, i)) > 1]


def _split(space: Space, box: Box, limit: int) -> tuple[list[Box], list[Box]]:
    """The leaves under ``box`` (at most ``limit``), and the boxes left undecided."""
    liveness = _Liveness(space)
    leaves: list[Box] = []
    undecided: list[Box] = []
    stack = [box]
    while stack:
        current = stack.pop()
        if allowed_point(space, current) is None:
            continue
        live = liveness.live(current)
        if not live:
            if len(leaves) >= limit:
                undecided.append(current)
            else:
                leaves.append(current)
            continue
        index = live[0]
        for values in reversed(liveness.branches(current, index)):
            stack.append((*current[:index], values, *current[index + 1 :]))
    return leaves, undecided


def partition(kb: KnowledgeBase, space: Space, *, max_leaves: int = MAX_LEAVES) -> Partition:
    """The leaves of ``space``, each decided by one run of the pipeline (remembered per
    knowledge base and space)."""
    memo = _partitions(kb)
    key = (id(space), max_leaves)
    found = memo.get(key)
    if found is not None and found.space is space:
        return found
    boxes, undecided = _split(space, space.root, max_leaves)
    points = [allowed_point(space, box) for box in boxes]
    facts = [space.facts(point) for point in points if point is not None]
    reasonings = reason_many(kb, facts, IndexedEvaluator()) if facts else []
    target = space.conclusion
    leaves = [
        Leaf(box, any(target in firing.concludes for firing in reasoning.firings))
        for box, reasoning in zip(boxes, reasonings, strict=True)
    ]
    leaves.extend(Leaf(box, None) for box in undecided)
    made = Partition(space, tuple(leaves), not undecided, len(facts))
    return memo.put(key, made)


def outcome(kb: KnowledgeBase, space: Space, point: Point) -> bool:
    """Whether the pipeline concludes the space's conclusion at one point."""
    (reasoning,) = reason_many(kb, [space.facts(point)], IndexedEvaluator())
    return any(space.conclusion in firing.concludes for firing in reasoning.firings)


def intersect(box: Box, other: Box) -> Box | None:
    """The points in both boxes, or ``None`` when there are none."""
    met = []
    for mine, theirs in zip(box, other, strict=True):
        if len(theirs) == 1:
            if theirs[0] not in mine:
                return None
            met.append(theirs)
        elif len(mine) == 1:
            if mine[0] not in theirs:
                return None
            met.append(mine)
        else:
            both = tuple(v for v in mine if v in theirs)
            if not both:
                return None
            met.append(both)
    return tuple(met)


def _memo_of(kb: KnowledgeBase) -> Memo[tuple[int, int], Partition]:
    return Memo(2048, replace_oldest=True)


_partitions = per_instance(_memo_of)


def leaves_against(partition: Partition, concluded: bool) -> Sequence[Leaf]:
    """The leaves whose outcome is not ``concluded`` (those of unknown outcome included)."""
    return [leaf for leaf in partition.leaves if leaf.concluded is not concluded]
