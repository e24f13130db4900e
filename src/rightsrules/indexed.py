"""The indexed evaluator: the reference evaluator's semantics, compiled for speed.

It returns exactly what :class:`~rightsrules.reference.ReferenceEvaluator` returns (the same
:class:`~rightsrules.program.Firing` s, premises included), and is tested against it on
random programs and on the shipped knowledge base. Where the reference evaluator re-reads
every literal of every rule until nothing changes, this one

* tests each *path* once per scenario: a literal's truth and premises depend only on the
  value at its path, so for each path the set of literals that hold (a bit mask) and their
  premises are computed with :meth:`Literal.truth <rightsrules.conditions.Literal.truth>`
  itself the first time a value is seen, and looked up afterwards;
* visits the conjunctions once, in chaining order (a rule after every rule concluding what it
  reads), each a subset test of two integers; a program whose rules read each other in a
  cycle is visited again until nothing changes, as the reference does;
* visits only the conjunctions that can still hold given the values of the few paths most of
  them test (in the shipped rules ``company.type`` and ``company.size``): the list for each
  combination of those values is made the first time it is seen.

It knows nothing of durable_rules and is small enough to be checked by reading; it is the
batch path's evaluator (:mod:`rightsrules.batch`), where durable_rules' Python callbacks cost
more than the whole of the reasoning.

>>> from rightsrules.conditions import Literal, Op
>>> program = Program.build([
...     ("a", ((Literal(Op.EQ, "company.type", ("isp",)),),), ("leverage:x",)),
...     ("b", ((Literal(Op.CONCLUDED, conclusion="leverage:x"),),), ("strategy:y",)),
... ])
>>> [(f.rule, f.premises) for f in IndexedEvaluator().run(program, {"company.type": "isp"})]
[('a', ('fact:company.type=isp',)), ('b', ('leverage:x',))]
"""

from __future__ import annotations

import threading
from collections.abc import Collection, Mapping, Sequence
from typing import Final

from .conditions import Literal, Op, Premise, Truth
from .program import Firing, Program
from .scenario import FactValue

__all__ = ["IndexedEvaluator", "first_holding"]

#: Values remembered per path; past it, new values are computed each time (free text lists
#: could otherwise grow the memory of a long batch without bound).
MAX_MEMO_VALUES: Final = 4096
#: Firings remembered per program, to be handed out again (bounded like the values).
MAX_FIRINGS: Final = 65_536
#: Compiled programs kept per process, most recently built first out.
MAX_PROGRAMS: Final = 8
#: How many of the paths tested by the most conjunctions select the conjunctions to visit.
KEY_PATHS: Final = 2
#: Lists of conjunctions to visit remembered per program (one per combination of the values
#: of the key paths); past it, a list is made each time it is needed.
MAX_CANDIDATE_LISTS: Final = 1024

Conjunction = tuple[int, int, tuple[int, ...], int, int]
"""(rule index, conjunction number, literal bits in order, mask needed, mask given)"""


class IndexedEvaluator:
    """Forward chaining over bit masks; the same firings as the reference evaluator."""

    name = "indexed"

    def run(self, program: Program, facts: Mapping[str, FactValue]) -> list[Firing]:
        return _compiled(program).run(facts)

    def run_many(
        self, program: Program, facts_list: Sequence[Mapping[str, FactValue]]
    ) -> list[list[Firing]]:
        """:meth:`run` for each scenario's facts, in order."""
        compiled = _compiled(program)
        return [compiled.run(facts) for facts in facts_list]


_LOCK = threading.Lock()
_programs: dict[str, _Compiled] = {}


def _compiled(program: Program) -> _Compiled:
    found = _programs.get(program.digest)
    if found is not None and found.program is program:
        return found
    with _LOCK:
        found = _programs.get(program.digest)
        if found is None or found.program != program:
            found = _Compiled(program)
            if len(_programs) >= MAX_PROGRAMS:
                _programs.pop(next(iter(_programs)))
            _programs[program.digest] = found
        return found


class _Path:
    """The literals that test one path, and what each value of the path makes of them."""

    __slots__ = ("literals", "memo", "path")

    def __init__(self, path: str) -> None:
        self.path = path
        self.literals: list[tuple[int, Literal]] = []
        # value -> (mask of the literals that hold, {literal bit: its premises})
        self.memo: dict[FactValue | None, tuple[int, dict[int, tuple[Premise, ...]]]] = {}

    def lookup(self, value: FactValue | None) -> tuple[int, dict[int, tuple[Premise, ...]]]:
        found = self.memo.get(value)
        if found is not None:
            return found
        facts = {} if value is None else {self.path: value}
        mask = 0
        premises: dict[int, tuple[Premise, ...]] = {}
        for bit, literal in self.literals:
            if literal.truth(facts, ()) is Truth.TRUE:
                mask |= 1 << bit
                premises[bit] = literal.premises(facts)
        result = (mask, premises)
        if len(self.memo) < MAX_MEMO_VALUES:
            self.memo[value] = result
        return result


class _Compiled:
    def __init__(self, program: Program) -> None:
        self.program = program
        bits: dict[Literal, int] = {}
        paths: dict[str, _Path] = {}
        conclusion_bits: dict[str, int] = {}

        def bit_of(literal: Literal) -> int:
            if literal.op is Op.CONCLUDED:
                key = Literal(Op.CONCLUDED, conclusion=literal.conclusion)
            else:
                key = literal
            if key not in bits:
                bits[key] = len(bits)
                if literal.op is Op.CONCLUDED:
                    conclusion_bits[literal.conclusion] = bits[key]
                else:
                    paths.setdefault(literal.path, _Path(literal.path)).literals.append(
                        (bits[key], literal)
                    )
            return bits[key]

        conjunctions: list[Conjunction] = []
        for rule in program.rules:
            for number, conjunction in enumerate(rule.conjunctions):
                order = tuple(bit_of(literal) for literal in conjunction)
                need = 0
                for bit in order:
                    need |= 1 << bit
                conjunctions.append((rule.index, number, order, need, 0))
        for index, (rule_index, number, order, need, _) in enumerate(conjunctions):
            gives = 0
            for conclusion in program.rules[rule_index].concludes:
                if conclusion in conclusion_bits:
                    gives |= 1 << conclusion_bits[conclusion]
            conjunctions[index] = (rule_index, number, order, need, gives)
        self.firings: dict[tuple[object, ...], Firing] = {}
        self.conclusion_bit = conclusion_bits
        self.conclusion_premises = {
            bit: (Premise.of_conclusion(conclusion),) for conclusion, bit in conclusion_bits.items()
        }
        self.paths = tuple(paths.values())
        levels = _levels(program)
        self.acyclic = levels is not None
        depth = levels or {}
        self.conjunctions = sorted(conjunctions, key=lambda c: (depth.get(c[0], 0), c[0], c[1]))
        self.key_bits = _key_bits(self.conjunctions, self.paths)
        self.candidates: dict[int, list[Conjunction]] = {}

    def _candidates(self, key: int) -> list[Conjunction]:
        """The conjunctions, in order, whose literals on the key paths all hold when ``key``
        (the literals of the key paths that hold) does."""
        missing = self.key_bits & ~key
        found = [c for c in self.conjunctions if not c[3] & missing]
        if len(self.candidates) < MAX_CANDIDATE_LISTS:
            self.candidates[key] = found
        return found

    def _facts(self, facts: Mapping[str, FactValue]) -> tuple[int, dict[int, tuple[Premise, ...]]]:
        """The mask of the path literals that hold, and the premises of each."""
        have = 0
        premises: dict[int, tuple[Premise, ...]] = dict(self.conclusion_premises)
        get = facts.get
        for path in self.paths:
            value = get(path.path)
            known = path.memo.get(value)
            mask, found = known if known is not None else path.lookup(value)
            if mask:
                have |= mask
                premises.update(found)
        return have, premises

    def _premises(
        self, order: tuple[int, ...], premises: dict[int, tuple[Premise, ...]]
    ) -> tuple[Premise, ...]:
        if len(order) == 1:
            return premises[order[0]]
        return tuple(dict.fromkeys(p for bit in order for p in premises[bit]))

    def first_holding(
        self, facts: Mapping[str, FactValue], concluded: Collection[str]
    ) -> list[tuple[int, tuple[Premise, ...]]]:
        have, premises = self._facts(facts)
        for conclusion in concluded:
            bit = self.conclusion_bit.get(conclusion)
            if bit is not None:
                have |= 1 << bit
        first: dict[int, tuple[int, tuple[int, ...]]] = {}
        selected = have & self.key_bits
        candidates = self.candidates.get(selected)
        if candidates is None:
            candidates = self._candidates(selected)
        for rule_index, number, order, need, _ in candidates:
            if need & have == need:
                seen = first.get(rule_index)
                if seen is None or number < seen[0]:
                    first[rule_index] = (number, order)
        return [(index, self._premises(first[index][1], premises)) for index in sorted(first)]

    def run(self, facts: Mapping[str, FactValue]) -> list[Firing]:
        have, premises = self._facts(facts)
        selected = have & self.key_bits
        candidates = self.candidates.get(selected)
        if candidates is None:
            candidates = self._candidates(selected)
        fired: list[tuple[int, int, tuple[int, ...]]] = []
        if self.acyclic:
            # In chaining order one pass reaches the fixpoint.
            for rule_index, number, order, need, gives in candidates:
                if need & have == need:
                    fired.append((rule_index, number, order))
                    have |= gives
        else:
            done: set[tuple[int, int]] = set()
            changed = True
            while changed:
                changed = False
                for rule_index, number, order, need, gives in candidates:
                    if need & have == need and (rule_index, number) not in done:
                        done.add((rule_index, number))
                        fired.append((rule_index, number, order))
                        if gives & ~have:
                            have |= gives
                            changed = True
        fired.sort()
        rules = self.program.rules
        made = self.firings
        result = []
        for rule_index, number, order in fired:
            # Firings are immutable: the same one is handed out again for the same premises,
            # found by its literals' premises (tuples that the memo of each path shares).
            if len(order) == 1:
                key: tuple[object, ...] = (rule_index, number, premises[order[0]])
            else:
                key = (rule_index, number, *[premises[bit] for bit in order])
            firing = made.get(key)
            if firing is None:
                rule = rules[rule_index]
                firing = Firing(rule.id, number, self._premises(order, premises), rule.concludes)
                if len(made) < MAX_FIRINGS:
                    made[key] = firing
            result.append(firing)
        return result


def first_holding(
    program: Program, facts: Mapping[str, FactValue], concluded: Collection[str]
) -> list[tuple[int, tuple[Premise, ...]]]:
    """For each rule of ``program`` that holds over the facts and the ``concluded`` ids (its
    own conclusions are not chained), its index and the premises of its first conjunction that
    holds, in rule order: :func:`rightsrules.inference.first_premises` for every rule at once.

    >>> from rightsrules.conditions import Literal, Op
    >>> program = Program.build([
    ...     ("r", ((Literal(Op.CONCLUDED, conclusion="leverage:x"),),), ()),
    ...     ("s", ((Literal(Op.KNOWN, "company.size"),),), ()),
    ... ])
    >>> first_holding(program, {}, {"leverage:x"})
    [(0, ('leverage:x',))]
    """
    return _compiled(program).first_holding(facts, concluded)


def _key_bits(conjunctions: Sequence[Conjunction], paths: Sequence[_Path]) -> int:
    """The bits of the literals on the :data:`KEY_PATHS` paths tested by most conjunctions."""
    counts = []
    for path in paths:
        bits = 0
        for bit, _ in path.literals:
            bits |= 1 << bit
        counts.append((sum(1 for c in conjunctions if c[3] & bits), bits))
    counts.sort(key=lambda count: -count[0])
    key = 0
    for _, bits in counts[:KEY_PATHS]:
        key |= bits
    return key


def _levels(program: Program) -> dict[int, int] | None:
    """Each rule's depth in the chain (0: reads no conclusion), or ``None`` on a cycle."""
    concluders: dict[str, list[int]] = {}
    for rule in program.rules:
        for conclusion in rule.concludes:
            concluders.setdefault(conclusion, []).append(rule.index)
    reads = {
        rule.index: {
            literal.conclusion
            for conjunction in rule.conjunctions
            for literal in conjunction
            if literal.op is Op.CONCLUDED
        }
        for rule in program.rules
    }
    depth: dict[int, int] = {}
    visiting: set[int] = set()

    def visit(index: int) -> int | None:
        if index in depth:
            return depth[index]
        if index in visiting:
            return None
        visiting.add(index)
        level = 0
        for conclusion in reads[index]:
            for other in concluders.get(conclusion, ()):
                below = visit(other)
                if below is None:
                    return None
                level = max(level, below + 1)
        visiting.discard(index)
        depth[index] = level
        return level

    for rule in program.rules:
        if visit(rule.index) is None:
            return None
    return depth
