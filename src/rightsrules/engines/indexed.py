"""The indexed evaluator: the reference evaluator's semantics, compiled for speed.

It returns exactly what :class:`~rightsrules.engines.reference.ReferenceEvaluator` returns (the same
:class:`~rightsrules.engines.program.Firing` s, premises included), and is tested against it on
random programs and on the shipped knowledge base. Where the reference evaluator re-reads
every literal of every rule until nothing changes, this one

* tests each *path* once per scenario: a literal's truth and premises depend only on the
  value at its path, so for each path the set of literals that hold (a bit mask) and their
  premises are computed with :meth:`Literal.truth <rightsrules.conditions.Literal.truth>`
  itself the first time a value is seen, and looked up afterwards;
* visits the conjunctions once, in chaining order (a rule after every rule concluding what it
  reads, :func:`~rightsrules.engines.program.chain_levels`), each a subset test of two
  integers; a program whose rules read each other in a cycle is visited again while a pass
  concludes something that a conjunction visited before it reads, as the reference does;
* visits only the conjunctions that can still hold given the values of the few paths most of
  them test (in the shipped rules ``company.type`` and ``company.size``): the list for each
  combination of those values is made the first time it is seen.

It knows nothing of durable_rules and is small enough to be checked by reading. It is chosen
by name where speed matters more than the named engine: the batch
(:data:`rightsrules.batch.BATCH_ENGINE`), where durable_rules' Python callbacks cost more than
the whole of the reasoning.

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
from collections.abc import Mapping, Sequence
from typing import Final

from .._memo import Memo
from ..conditions import Literal, Op, Truth
from ..scenario import FactValue
from .program import Firing, Program, chain_levels

__all__ = ["IndexedEvaluator"]

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
_programs: Memo[str, _Compiled] = Memo(MAX_PROGRAMS, replace_oldest=True)


def _compiled(program: Program) -> _Compiled:
    found = _programs.get(program.digest)
    if found is not None and found.program is program:
        return found
    with _LOCK:
        found = _programs.get(program.digest)
        if found is None or found.program != program:
            found = _programs.put(program.digest, _Compiled(program))
        return found


class _Path:
    """The literals that test one path, and what each value of the path makes of them."""

    __slots__ = ("literals", "memo", "path")

    def __init__(self, path: str) -> None:
        self.path = path
        self.literals: list[tuple[int, Literal]] = []
        # value -> (mask of the literals that hold, {literal bit: its premises})
        self.memo: Memo[FactValue | None, tuple[int, dict[int, tuple[str, ...]]]] = Memo(
            MAX_MEMO_VALUES
        )

    def lookup(self, value: FactValue | None) -> tuple[int, dict[int, tuple[str, ...]]]:
        found = self.memo.get(value)
        if found is not None:
            return found
        facts = {} if value is None else {self.path: value}
        mask = 0
        premises: dict[int, tuple[str, ...]] = {}
        for bit, literal in self.literals:
            if literal.truth(facts, ()) is Truth.TRUE:
                mask |= 1 << bit
                premises[bit] = literal.premises(facts)
        return self.memo.put(value, (mask, premises))


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
        self.firings: Memo[tuple[object, ...], Firing] = Memo(MAX_FIRINGS)
        self.conclusion_premises = {
            bit: (conclusion,) for conclusion, bit in conclusion_bits.items()
        }
        self.paths = tuple(paths.values())
        depth = chain_levels(program).levels
        self.conjunctions = sorted(conjunctions, key=lambda c: (depth[c[0]], c[0], c[1]))
        self.back = _back_bits(self.conjunctions)
        self.key_bits = _key_bits(self.conjunctions, self.paths)
        self.candidates: Memo[int, list[Conjunction]] = Memo(MAX_CANDIDATE_LISTS)

    def _candidates(self, key: int) -> list[Conjunction]:
        """The conjunctions, in order, whose literals on the key paths all hold when ``key``
        (the literals of the key paths that hold) does."""
        missing = self.key_bits & ~key
        return self.candidates.put(key, [c for c in self.conjunctions if not c[3] & missing])

    def _facts(self, facts: Mapping[str, FactValue]) -> tuple[int, dict[int, tuple[str, ...]]]:
        """The mask of the path literals that hold, and the premises of each."""
        have = 0
        premises: dict[int, tuple[str, ...]] = dict(self.conclusion_premises)
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
        self, order: tuple[int, ...], premises: dict[int, tuple[str, ...]]
    ) -> tuple[str, ...]:
        if len(order) == 1:
            return premises[order[0]]
        return tuple(dict.fromkeys(p for bit in order for p in premises[bit]))

    def run(self, facts: Mapping[str, FactValue]) -> list[Firing]:
        have, premises = self._facts(facts)
        selected = have & self.key_bits
        candidates = self.candidates.get(selected)
        if candidates is None:
            candidates = self._candidates(selected)
        fired: list[tuple[int, int, tuple[int, ...]]] = []
        back = self.back
        done: set[tuple[int, int]] | None = None  # what fired, once a second pass is needed
        while True:
            # In chaining order one pass reaches the fixpoint, unless a rule concluded what a
            # conjunction visited before it reads (a cycle): then the pass is made again.
            start = have
            for rule_index, number, order, need, gives in candidates:
                if need & have == need:
                    if done is not None:
                        if (rule_index, number) in done:
                            continue
                        done.add((rule_index, number))
                    fired.append((rule_index, number, order))
                    have |= gives
            if not have & ~start & back:
                break
            if done is None:
                done = {(rule_index, number) for rule_index, number, _ in fired}
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
                firing = made.put(
                    key, Firing(rule.id, number, self._premises(order, premises), rule.concludes)
                )
            result.append(firing)
        return result


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


def _back_bits(conjunctions: Sequence[Conjunction]) -> int:
    """The bits of the conclusions that some conjunction reads and a conjunction at or after
    it in ``conjunctions`` gives: none in chaining order, unless the rules form a cycle."""
    read = 0
    back = 0
    for _, _, _, need, gives in conjunctions:
        read |= need
        back |= gives & read
    return back
