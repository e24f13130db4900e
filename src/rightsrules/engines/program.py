"""What the inference engines run: rules flattened into conjunctions, and what a firing records.

Every engine (:mod:`~rightsrules.engines.durable`, :mod:`~rightsrules.engines.reference`,
:mod:`~rightsrules.engines.indexed`) takes a :class:`Program` and the known facts of one
scenario and returns the same list of :class:`Firing` s: every (rule, conjunction) whose
literals all hold at the fixpoint, in program order. Conclusions only grow (no rule waits for
a conclusion to be absent), so that list does not depend on the order in which the engine
found them.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable, Mapping, Sequence
from typing import Protocol

import attrs

from ..conditions import Literal, Op
from ..scenario import FactValue

__all__ = [
    "BatchEvaluator",
    "ChainLevels",
    "CompiledRule",
    "Evaluator",
    "Firing",
    "Program",
    "chain_levels",
    "premises_of",
]


@attrs.frozen
class CompiledRule:
    """A concluding rule as the engines see it."""

    index: int
    id: str
    conjunctions: tuple[tuple[Literal, ...], ...]
    concludes: tuple[str, ...]


@attrs.frozen(cache_hash=True)
class Firing:
    """One justification: ``rule`` held through its ``conjunction``-th alternative.

    Its hash is computed once: firings key the caches that write an advice's JSON.
    """

    rule: str
    conjunction: int
    premises: tuple[str, ...]
    concludes: tuple[str, ...]


@attrs.frozen
class Program:
    """The compiled concluding rules of a knowledge base, named by a hash of their content."""

    rules: tuple[CompiledRule, ...]
    digest: str
    read: frozenset[str]

    @classmethod
    def build(
        cls, rules: Iterable[tuple[str, tuple[tuple[Literal, ...], ...], tuple[str, ...]]]
    ) -> Program:
        """Number the rules and hash them: ``(id, conjunctions, concludes)`` each.

        >>> isp = Literal(Op.EQ, "company.type", ("isp",))
        >>> program = Program.build([("r", ((isp,),), ("challenge:x",))])
        >>> len(program.digest), sorted(program.read)
        (16, [])
        """
        compiled = tuple(
            CompiledRule(index, rule_id, conjunctions, concludes)
            for index, (rule_id, conjunctions, concludes) in enumerate(rules)
        )
        read = frozenset(
            literal.conclusion
            for rule in compiled
            for conjunction in rule.conjunctions
            for literal in conjunction
            if literal.op is Op.CONCLUDED
        )
        canonical = json.dumps(
            [
                [
                    rule.id,
                    [[_literal_key(lit) for lit in conj] for conj in rule.conjunctions],
                    rule.concludes,
                ]
                for rule in compiled
            ],
            sort_keys=True,
        )
        digest = hashlib.sha256(canonical.encode()).hexdigest()[:16]
        return cls(compiled, digest, read)


def _literal_key(literal: Literal) -> list[object]:
    return [
        literal.op.value,
        literal.path,
        [list(v) if isinstance(v, tuple) else v for v in literal.values],
        literal.conclusion,
    ]


def premises_of(
    conjunction: tuple[Literal, ...], facts: Mapping[str, FactValue]
) -> tuple[str, ...]:
    """The premises of a conjunction that holds, in order, once each."""
    return tuple(dict.fromkeys(p for literal in conjunction for p in literal.premises(facts)))


class Evaluator(Protocol):
    """An inference engine: runs a program over one scenario's facts."""

    name: str

    def run(self, program: Program, facts: Mapping[str, FactValue]) -> list[Firing]:
        """Every firing at the fixpoint, sorted by rule index, then conjunction."""
        ...


class BatchEvaluator(Evaluator, Protocol):
    """An evaluator that can also run a program over many scenarios in one call (for
    durable_rules: one session, joins keyed on the scenario). Batch code looks for
    ``run_many`` with ``getattr`` and falls back to one ``run`` per scenario."""

    def run_many(
        self, program: Program, facts_list: Sequence[Mapping[str, FactValue]]
    ) -> list[list[Firing]]:
        """``[run(program, facts) for facts in facts_list]``, however it is computed."""
        ...


@attrs.frozen
class ChainLevels:
    """Each rule's depth in the chain of a program: 0 when it reads no conclusion, else one
    more than the deepest rule concluding what it reads, a cycle cut where it closes.
    ``cyclic`` says whether some rule reads, through others, what it concludes."""

    levels: Mapping[int, int]
    cyclic: bool


def chain_levels(program: Program) -> ChainLevels:
    """The :class:`ChainLevels` of a program, found without recursion (a chain may be longer
    than Python's recursion limit).

    >>> a = Literal(Op.CONCLUDED, conclusion="leverage:a")
    >>> isp = Literal(Op.EQ, "company.type", ("isp",))
    >>> program = Program.build([("r", ((isp,),), ("leverage:a",)), ("s", ((a,),), ("scope:s",))])
    >>> chain_levels(program)
    ChainLevels(levels={0: 0, 1: 1}, cyclic=False)
    """
    concluders: dict[str, list[int]] = {}
    for rule in program.rules:
        for cid in rule.concludes:
            concluders.setdefault(cid, []).append(rule.index)
    below: dict[int, list[int]] = {
        rule.index: [
            other
            for cid in dict.fromkeys(
                literal.conclusion
                for conjunction in rule.conjunctions
                for literal in conjunction
                if literal.op is Op.CONCLUDED
            )
            for other in concluders.get(cid, ())
        ]
        for rule in program.rules
    }
    levels: dict[int, int] = {}
    cyclic = False
    for root in below:
        if root in levels:
            continue
        # Depth first with an explicit stack; a rule met again on the path closes a cycle.
        on_path = {root}
        stack = [(root, iter(below[root]))]
        while stack:
            node, children = stack[-1]
            child = next(children, None)
            if child is None:
                stack.pop()
                on_path.discard(node)
                levels[node] = max((1 + levels[c] for c in below[node] if c in levels), default=0)
            elif child in on_path:
                cyclic = True
            elif child not in levels:
                on_path.add(child)
                stack.append((child, iter(below[child])))
    return ChainLevels({rule.index: levels[rule.index] for rule in program.rules}, cyclic)
