"""One assessment's reasoning, in three stages: fill defaults, chain rules, rank.

1. **Defaults** (``assume`` rules), in knowledge-base order: each fills scenario paths that
   are still unknown, and is remembered as an :class:`Assumption`.
2. **Conclusions** (``then`` rules): the evaluator (durable_rules, the indexed or the reference
   evaluator) runs the knowledge base's program over the understood facts to the fixpoint.
3. **Ranking** (``rank`` rules): each that holds over the facts and conclusions moves
   conclusions up or down; the result is a :class:`RankAdjustment`.

:func:`infer` and :func:`infer_many` give an :class:`Inference`, with the scenario and the
understood scenario; :func:`reason_many` gives the same stages' :class:`Reasoning` from facts
alone, for the batch, which builds no scenario object for plain records.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from typing import NamedTuple

import attrs

from .conditions import Op, Premise, Truth
from .indexed import first_holding
from .knowledge import KnowledgeBase
from .program import Evaluator, Firing, Program, premises_of
from .rules import Rule, RuleKind
from .scenario import FactValue, Scenario

__all__ = [
    "Assumption",
    "Inference",
    "RankAdjustment",
    "Reasoning",
    "first_premises",
    "infer",
    "infer_many",
    "reason_many",
]


@attrs.frozen
class Assumption:
    """A default that filled an unknown path: the value, the rule and what it rested on."""

    path: str
    value: FactValue
    rule: str
    premises: tuple[Premise, ...]


@attrs.frozen
class RankAdjustment:
    """A ranking rule that held: how far it moves which conclusions."""

    rule: str
    premises: tuple[Premise, ...]
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
) -> tuple[Premise, ...] | None:
    """The premises of the rule's first conjunction that holds, or ``None`` if none does."""
    for conjunction in rule.conjunctions:
        if all(lit.truth(facts, concluded) is Truth.TRUE for lit in conjunction):
            return premises_of(conjunction, facts)
    return None


def infer(kb: KnowledgeBase, scenario: Scenario, evaluator: Evaluator) -> Inference:
    """Run the three stages for one scenario."""
    facts, assumed = kb.cached("defaults", _Defaults).fill(scenario.facts())
    firings = tuple(evaluator.run(kb.program, facts))
    return _inference(scenario, _ranked(kb, facts, assumed, firings))


def infer_many(
    kb: KnowledgeBase, scenarios: Sequence[Scenario], evaluator: Evaluator
) -> list[Inference]:
    """:func:`infer` for each scenario, in order, evaluating them all with one call to the
    evaluator's ``run_many`` when it has one (many scenarios in one engine session)."""
    reasonings = reason_many(kb, [scenario.facts() for scenario in scenarios], evaluator)
    return [
        _inference(scenario, reasoning)
        for scenario, reasoning in zip(scenarios, reasonings, strict=True)
    ]


def _inference(scenario: Scenario, reasoning: Reasoning) -> Inference:
    assumed = reasoning.assumptions
    understood = scenario.with_values({a.path: a.value for a in assumed}) if assumed else scenario
    return Inference(scenario, understood, assumed, reasoning.firings, reasoning.adjustments)


class Reasoning(NamedTuple):
    """The three stages' results for one scenario's facts, before any scenario is rebuilt:
    what :func:`reason_many` gives and what :func:`rightsrules.batch.advice_line` writes."""

    facts: dict[str, FactValue]
    """The facts reasoned over: the scenario's, and the defaults' (the understood scenario)."""
    assumptions: tuple[Assumption, ...]
    firings: tuple[Firing, ...]
    adjustments: tuple[RankAdjustment, ...]


def reason_many(
    kb: KnowledgeBase, facts_list: Iterable[dict[str, FactValue]], evaluator: Evaluator
) -> list[Reasoning]:
    """The three stages for each scenario's facts (as :meth:`Scenario.facts` gives them), in
    order. The facts given are left as they are."""
    defaults = kb.cached("defaults", _Defaults)
    filled = [defaults.fill(facts) for facts in facts_list]
    understood = [facts for facts, _ in filled]
    run_many = getattr(evaluator, "run_many", None)
    if run_many is not None:
        firing_lists = run_many(kb.program, understood)
    else:
        firing_lists = [evaluator.run(kb.program, facts) for facts in understood]
    return [
        _ranked(kb, facts, assumed, tuple(firings))
        for (facts, assumed), firings in zip(filled, firing_lists, strict=True)
    ]


def _ranked(
    kb: KnowledgeBase,
    facts: dict[str, FactValue],
    assumptions: tuple[Assumption, ...],
    firings: tuple[Firing, ...],
) -> Reasoning:
    """The ranking stage, over the facts and what the firings concluded."""
    adjustments = kb.cached("ranking", _Ranking).adjustments(facts, firings)
    return Reasoning(facts, assumptions, firings, adjustments)


#: Adjustments remembered per knowledge base.
_MAX_ADJUSTMENTS = 4096
#: Outcomes of the defaults remembered per knowledge base (they repeat: few paths are read).
_MAX_DEFAULT_OUTCOMES = 4096


class _Ranking:
    """The ``rank`` rules of a knowledge base, matched like a program.

    A condition holds (Kleene) exactly when one of its flattened conjunctions holds, so the
    ranking rules are matched all at once, each path tested once
    (:func:`~rightsrules.indexed.first_holding`). Adjustments are immutable and few: each is
    made once and handed out again.
    """

    def __init__(self, kb: KnowledgeBase) -> None:
        self.rules = kb.rules_of(RuleKind.RANK)
        self.program = Program.build((rule.id, rule.conjunctions, ()) for rule in self.rules)
        self.made: dict[tuple[int, tuple[Premise, ...]], RankAdjustment] = {}

    def adjustments(
        self, facts: Mapping[str, FactValue], firings: Iterable[Firing]
    ) -> tuple[RankAdjustment, ...]:
        concluded = {cid for firing in firings for cid in firing.concludes}
        adjustments = []
        made = self.made
        for index, premises in first_holding(self.program, facts, concluded):
            adjustment = made.get((index, premises))
            if adjustment is None:
                rule = self.rules[index]
                adjustment = RankAdjustment(rule.id, premises, rule.rank)
                if len(made) < _MAX_ADJUSTMENTS:
                    made[index, premises] = adjustment
            adjustments.append(adjustment)
        return tuple(adjustments)


class _Defaults:
    """The ``assume`` rules of a knowledge base. What they assume depends only on the values
    of the paths they read or fill, so each outcome is remembered by those values."""

    def __init__(self, kb: KnowledgeBase) -> None:
        self.rules = kb.rules_of(RuleKind.ASSUME)
        read = {
            literal.path
            for rule in self.rules
            for conjunction in rule.conjunctions
            for literal in conjunction
            if literal.op is not Op.CONCLUDED
        }
        filled = {path for rule in self.rules for path, _ in rule.assume}
        self.paths = tuple(sorted(read | filled))
        self.outcomes: dict[tuple[FactValue | None, ...], tuple[Assumption, ...]] = {}

    def fill(
        self, facts: dict[str, FactValue]
    ) -> tuple[dict[str, FactValue], tuple[Assumption, ...]]:
        """The facts with the unknown paths the defaults cover filled (a new dict when any
        is), and what was assumed, in order."""
        get = facts.get
        key = tuple([get(path) for path in self.paths])
        assumed = self.outcomes.get(key)
        if assumed is None:
            known = {
                path: value
                for path, value in zip(self.paths, key, strict=True)
                if value is not None
            }
            assumed = _assume(self.rules, known)
            if len(self.outcomes) < _MAX_DEFAULT_OUTCOMES:
                self.outcomes[key] = assumed
        if not assumed:
            return facts, assumed
        return {**facts, **{a.path: a.value for a in assumed}}, assumed


def _assume(defaults: Sequence[Rule], facts: dict[str, FactValue]) -> tuple[Assumption, ...]:
    """Apply the defaults in order, again until none fills anything, as the rule language
    says; ``facts`` is completed in place."""
    assumptions: list[Assumption] = []
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
    return tuple(assumptions)
