"""One assessment's reasoning, in three stages: fill facts, chain rules, rank.

0. **Derived facts** (``derive`` rules), first, the same way as defaults but before them: each
   fills scenario paths that are still unknown with what follows from other facts (a
   campaign's history facts give its engagement facts), remembered as a :class:`DerivedFact`.
   Derived facts are not guesses: they are in the proof, never among the assumptions.
1. **Defaults** (``assume`` rules), in knowledge-base order: each fills scenario paths that
   are still unknown, and is remembered as an :class:`Assumption`. A data-only step, the same
   whatever the engine: a default fills facts, which no engine does, so it runs in plain
   Python (:func:`first_premises`) before the engine is called.
2. **Conclusions** (``then`` rules) and 3. **ranking** (``rank`` rules): the evaluator runs
   one program over the understood facts to the fixpoint: the concluding rules, then the
   ranking rules, which conclude nothing. A ranking rule's first alternative that held gives
   its :class:`RankAdjustment`. Both stages go through the engine that was chosen, so the
   advice names the engine that did all of its reasoning.

:func:`reason_many` gives the stages' :class:`Reasoning` from facts alone (the batch builds
no scenario object for plain records); :func:`infer` and :func:`infer_many` wrap it in an
:class:`Inference`, with the scenario and the understood scenario.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from typing import Generic, NamedTuple, TypeVar

import attrs

from ._memo import Memo, per_instance
from .conditions import Op, Premise, Truth
from .engines import Evaluator, Firing, Program
from .engines.program import premises_of
from .knowledge import KnowledgeBase
from .rules import Copied, Rule, RuleKind
from .scenario import FactValue, Scenario

__all__ = [
    "Assumption",
    "DerivedFact",
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
class DerivedFact:
    """A fact a ``derive`` rule filled: the value, the rule and the facts it followed from."""

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


class Reasoning(NamedTuple):
    """What the three stages found for one scenario's facts: what :func:`reason_many` gives,
    and what the advice and its JSON are shaped from."""

    facts: dict[str, FactValue]
    """The facts reasoned over: the scenario's, and the defaults' (the understood scenario)."""
    assumptions: tuple[Assumption, ...]
    firings: tuple[Firing, ...]
    """The concluding rules' firings, in rule order."""
    adjustments: tuple[RankAdjustment, ...]
    derived: tuple[DerivedFact, ...] = ()
    """The facts the ``derive`` rules filled (among :attr:`facts`), in order."""


@attrs.frozen
class Inference:
    """The reasoning about one :class:`Scenario`, with the scenario the defaults completed."""

    scenario: Scenario
    understood: Scenario
    reasoning: Reasoning = attrs.field(repr=False)

    @property
    def assumptions(self) -> tuple[Assumption, ...]:
        return self.reasoning.assumptions

    @property
    def derived(self) -> tuple[DerivedFact, ...]:
        return self.reasoning.derived

    @property
    def firings(self) -> tuple[Firing, ...]:
        return self.reasoning.firings

    @property
    def adjustments(self) -> tuple[RankAdjustment, ...]:
        return self.reasoning.adjustments

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
    return infer_many(kb, [scenario], evaluator)[0]


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
    filled = {f.path: f.value for f in reasoning.derived}
    filled.update((a.path, a.value) for a in reasoning.assumptions)
    understood = scenario.with_values(filled) if filled else scenario
    return Inference(scenario, understood, reasoning)


def reason_many(
    kb: KnowledgeBase, facts_list: Iterable[dict[str, FactValue]], evaluator: Evaluator
) -> list[Reasoning]:
    """The three stages for each scenario's facts (as :meth:`Scenario.facts` gives them), in
    order. The facts given are left as they are."""
    stages = _stages(kb)
    fill = stages.defaults.fill
    if stages.derive.rules:
        derive = stages.derive.fill
        derived = [derive(facts) for facts in facts_list]
        filled = [fill(facts) for facts, _ in derived]
        from_history = [found for _, found in derived]
    else:
        filled = [fill(facts) for facts in facts_list]
        from_history = [()] * len(filled)
    understood = [facts for facts, _ in filled]
    program = stages.program
    run_many = getattr(evaluator, "run_many", None)
    if run_many is not None:
        firing_lists = run_many(program, understood)
    else:
        firing_lists = [evaluator.run(program, facts) for facts in understood]
    split = stages.split
    return [
        Reasoning(facts, assumed, *split(firings), found)
        for (facts, assumed), firings, found in zip(filled, firing_lists, from_history, strict=True)
    ]


#: Adjustments remembered per knowledge base.
_MAX_ADJUSTMENTS = 4096
#: Outcomes of the defaults remembered per knowledge base (they repeat: few paths are read).
_MAX_DEFAULT_OUTCOMES = 4096
#: What one kind of filling rule fills: an assumption, or a derived fact.
_Filled = TypeVar("_Filled", Assumption, DerivedFact)


class _Stages:
    """What the stages read of a knowledge base, made once for it: its defaults, and the
    program an assessment runs (the concluding rules, :attr:`KnowledgeBase.program`, then the
    ranking rules, concluding nothing) with the way back from the ranking rules' firings to
    adjustments (immutable and few: each is made once and handed out again)."""

    def __init__(self, kb: KnowledgeBase) -> None:
        self.defaults = _defaults(kb)
        self.derive = _derived(kb)
        concluding = kb.program.rules
        ranking = kb.rules_of(RuleKind.RANK)
        self.program = Program.build(
            [(rule.id, rule.conjunctions, rule.concludes) for rule in concluding]
            + [(rule.id, rule.conjunctions, ()) for rule in ranking]
        )
        self.ranking = {rule.id: rule for rule in ranking}
        self.made: Memo[tuple[str, tuple[Premise, ...]], RankAdjustment] = Memo(_MAX_ADJUSTMENTS)

    def split(
        self, firings: Sequence[Firing]
    ) -> tuple[tuple[Firing, ...], tuple[RankAdjustment, ...]]:
        """The concluding rules' firings, and the adjustment of each ranking rule that held
        (through its first alternative that held), in rule order."""
        ranking = self.ranking
        cut = len(firings)
        while cut and firings[cut - 1].rule in ranking:  # the ranking rules come last
            cut -= 1
        adjustments: list[RankAdjustment] = []
        made = self.made
        last = None
        for firing in firings[cut:]:
            if firing.rule == last:  # a later alternative of the same rule
                continue
            last = firing.rule
            key = (firing.rule, firing.premises)
            adjustment = made.get(key)
            if adjustment is None:
                adjustment = made.put(
                    key, RankAdjustment(firing.rule, firing.premises, ranking[firing.rule].rank)
                )
            adjustments.append(adjustment)
        return tuple(firings[:cut]), tuple(adjustments)


_stages = per_instance(_Stages)


class _Fills(Generic[_Filled]):
    """The ``assume`` or the ``derive`` rules of a knowledge base. What they fill depends only
    on the values of the paths they read, fill or copy, so each outcome is remembered by those
    values."""

    def __init__(
        self,
        rules: Sequence[Rule],
        filled: Iterable[str],
        compute: Callable[[Sequence[Rule], dict[str, FactValue]], tuple[_Filled, ...]],
    ) -> None:
        read = {
            literal.path
            for rule in rules
            for conjunction in rule.conjunctions
            for literal in conjunction
            if literal.op is not Op.CONCLUDED
        }
        self.rules = rules
        self.paths = tuple(sorted(read | set(filled)))
        self.compute: Callable[[Sequence[Rule], dict[str, FactValue]], tuple[_Filled, ...]] = (
            compute
        )
        self.outcomes: Memo[tuple[FactValue | None, ...], tuple[_Filled, ...]] = Memo(
            _MAX_DEFAULT_OUTCOMES
        )

    def fill(self, facts: dict[str, FactValue]) -> tuple[dict[str, FactValue], tuple[_Filled, ...]]:
        """The facts with what the rules fill filled in (a new dict when anything is), and what
        was filled, in order."""
        get = facts.get
        key = tuple([get(path) for path in self.paths])
        found = self.outcomes.get(key)
        if found is None:
            known = {
                path: value
                for path, value in zip(self.paths, key, strict=True)
                if value is not None
            }
            found = self.outcomes.put(key, self.compute(self.rules, known))
        if not found:
            return facts, found
        return {**facts, **{f.path: f.value for f in found}}, found


def _defaults(kb: KnowledgeBase) -> _Fills[Assumption]:
    rules = kb.rules_of(RuleKind.ASSUME)
    return _Fills(rules, (path for rule in rules for path, _ in rule.assume), _assume)


def _derived(kb: KnowledgeBase) -> _Fills[DerivedFact]:
    rules = kb.rules_of(RuleKind.DERIVE)
    filled = {path for rule in rules for path, _ in rule.derive}
    copied = {v.path for rule in rules for _, v in rule.derive if isinstance(v, Copied)}
    return _Fills(rules, filled | copied, _derive)


def _derive(rules: Sequence[Rule], facts: dict[str, FactValue]) -> tuple[DerivedFact, ...]:
    """Apply the ``derive`` rules in order, again until none fills anything; ``facts`` is
    completed in place. A copied value's fact is among the premises; a copy of an unknown
    fact fills nothing."""
    found: list[DerivedFact] = []
    changed = True
    while changed:
        changed = False
        for rule in rules:
            open_paths = [(path, value) for path, value in rule.derive if path not in facts]
            if not open_paths:
                continue
            premises = first_premises(rule, facts, frozenset())
            if premises is None:
                continue
            for path, value in open_paths:
                grounds = premises
                if isinstance(value, Copied):
                    copied = facts.get(value.path)
                    if copied is None:
                        continue
                    source = Premise.of_fact(value.path, copied)
                    grounds = premises if source in premises else (*premises, source)
                    value = copied
                facts[path] = value
                found.append(DerivedFact(path, value, rule.id, grounds))
                changed = True
    return tuple(found)


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
