"""The reference evaluator: the semantics of a :class:`~rightsrules.engines.program.Program`
in plain Python, small enough to read at a glance.

It is the oracle the other engines are tested against, and the default engine where
durable_rules cannot be installed.

>>> from rightsrules.conditions import Literal, Op
>>> program = Program.build([
...     ("a", ((Literal(Op.EQ, "company.type", ("isp",)),),), ("leverage:x",)),
...     ("b", ((Literal(Op.CONCLUDED, conclusion="leverage:x"),),), ("strategy:y",)),
... ])
>>> [(f.rule, f.premises) for f in ReferenceEvaluator().run(program, {"company.type": "isp"})]
[('a', ('fact:company.type=isp',)), ('b', ('leverage:x',))]
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from ..conditions import Truth
from ..scenario import FactValue
from .program import Firing, Program, premises_of

__all__ = ["ReferenceEvaluator"]


class ReferenceEvaluator:
    """Naive forward chaining to the fixpoint: fire every conjunction that holds, repeat."""

    name = "reference"

    def run(self, program: Program, facts: Mapping[str, FactValue]) -> list[Firing]:
        concluded: set[str] = set()
        fired: dict[tuple[int, int], Firing] = {}
        changed = True
        while changed:
            changed = False
            for rule in program.rules:
                for number, conjunction in enumerate(rule.conjunctions):
                    if (rule.index, number) in fired:
                        continue
                    if all(lit.truth(facts, concluded) is Truth.TRUE for lit in conjunction):
                        premises = premises_of(conjunction, facts)
                        fired[rule.index, number] = Firing(
                            rule.id, number, premises, rule.concludes
                        )
                        new = set(rule.concludes) - concluded
                        if new:
                            concluded |= new
                            changed = True
        return [fired[key] for key in sorted(fired)]

    def run_many(
        self, program: Program, facts_list: Sequence[Mapping[str, FactValue]]
    ) -> list[list[Firing]]:
        """:meth:`run` for each scenario's facts, in order."""
        return [self.run(program, facts) for facts in facts_list]
