"""One assessment's reasoning, in three stages: fill defaults, chain rules, rank.

1. **Defaults** (``assume`` rules), in knowledge-base order: each fills scenario paths that
   are still unknown, and is remembered as an :class:`Assumption`.
2. **Conclusions** (``then`` rules): the evaluator (durable_rules, or the reference evaluator)
   runs the knowledge base's program over the understood facts to the fixpoint.
3. **Ranking** (``rank`` rules): each that holds over the facts and conclusions moves
   conclusions up or down; the result is a :class:`RankAdjustment`.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import attrs

from .conditions import Truth
from .indexed import first_holding
from .knowledge import KnowledgeBase
from .program import Evaluator, Firing, Program, premises_of
from .rules import Rule, RuleKind
from .scenario import FactValue, Scenario

__all__ = [
    "Assumption",
    "Inference",
    "RankAdjustment",
    "first_premises",
    "infer",
    "infer_many",
]


@attrs.frozen
class Assumption:
    """A default that filled an unknown path: the value, the rule and what it rested on."""

    path: str
    value: FactValue
    rule: str
    premises: tuple[str, ...]


@attrs.frozen
class RankAdjustment:
    """A ranking rule that held: how far it moves which conclusions."""

    rule: str
    premises: tuple[str, ...]
    weights: tuple[tuple[str, int], ...]


@attrs.frozen
class Inference:
    """Everything one assessment derived, before it is shaped into advice."""

    scenario: Scenario
    understood: Scenario
    assumptions: tuple[Assumption, ...]
    firings: tuple[Firing, ...]
    adjustments: tuple[RankAdjustment, ...]

    @property
    def concluded(self) -> frozenset[str]:
        return frozenset(cid for firing in self.firings for cid in firing.concludes)


def first_premises(
    rule: Rule, facts: Mapping[str, FactValue], concluded: frozenset[str]
) -> tuple[str, ...] | None:
    """The premises of the rule's first conjunction that holds, or ``None`` if none does."""
    for conjunction in rule.conjunctions:
        if all(lit.truth(facts, concluded) is Truth.TRUE for lit in conjunction):
            return premises_of(conjunction, facts)
    return None


def infer(kb: KnowledgeBase, scenario: Scenario, evaluator: Evaluator) -> Inference:
    """Run the three stages for one scenario."""
    facts, assumptions = _fill_defaults(kb, scenario)
    firings = tuple(evaluator.run(kb.program, facts))
    return _rank(kb, scenario, facts, assumptions, firings)


def infer_many(
    kb: KnowledgeBase, scenarios: Sequence[Scenario], evaluator: Evaluator
) -> list[Inference]:
    """:func:`infer` for each scenario, in order, evaluating them all with one call to the
    evaluator's ``run_many`` when it has one (many scenarios in one engine session)."""
    prepared = [_fill_defaults(kb, scenario) for scenario in scenarios]
    run_many = getattr(evaluator, "run_many", None)
    if run_many is not None:
        firing_lists = run_many(kb.program, [facts for facts, _ in prepared])
    else:
        firing_lists = [evaluator.run(kb.program, facts) for facts, _ in prepared]
    return [
        _rank(kb, scenario, facts, assumptions, tuple(firings))
        for scenario, (facts, assumptions), firings in zip(
            scenarios, prepared, firing_lists, strict=True
        )
    ]


def _rank(
    kb: KnowledgeBase,
    scenario: Scenario,
    facts: Mapping[str, FactValue],
    assumptions: list[Assumption],
    firings: tuple[Firing, ...],
) -> Inference:
    understood = (
        scenario.with_values({a.path: a.value for a in assumptions}) if assumptions else scenario
    )
    concluded = frozenset(cid for firing in firings for cid in firing.concludes)
    # A condition holds (Kleene) exactly when one of its flattened conjunctions holds, so the
    # ranking rules are matched like any program, all at once, each path tested once.
    ranking = kb.rules_of(RuleKind.RANK)
    program = kb.cached("rank-program", _rank_program)
    adjustments = [
        RankAdjustment(ranking[index].id, premises, ranking[index].rank)
        for index, premises in first_holding(program, facts, concluded)
    ]
    return Inference(scenario, understood, tuple(assumptions), firings, tuple(adjustments))


def _rank_program(kb: KnowledgeBase) -> Program:
    return Program.build((rule.id, rule.conjunctions, ()) for rule in kb.rules_of(RuleKind.RANK))


def _fill_defaults(
    kb: KnowledgeBase, scenario: Scenario
) -> tuple[dict[str, FactValue], list[Assumption]]:
    facts: dict[str, FactValue] = scenario.facts()
    assumptions: list[Assumption] = []
    defaults = kb.rules_of(RuleKind.ASSUME)
    changed = True
    while changed:
        changed = False
        for rule in defaults:
            open_paths = [(path, value) for path, value in rule.assume if path not in facts]
            if not open_paths:
                continue
            premises = first_premises(rule, facts, frozenset())
            if premises is None:
                continue
            for path, value in open_paths:
                facts[path] = value
                assumptions.append(Assumption(path, value, rule.id, premises))
            changed = True
    return facts, assumptions
