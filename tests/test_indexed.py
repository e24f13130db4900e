"""The indexed evaluator returns exactly what the reference evaluator returns."""

from __future__ import annotations

from collections.abc import Mapping

import pytest
from hypothesis import given, settings

from rightsrules import KnowledgeBase, ReferenceEvaluator, RuleKind
from rightsrules._memo import Memo
from rightsrules.conditions import Literal, Op, Truth, evaluate
from rightsrules.engines.indexed import IndexedEvaluator
from rightsrules.engines.program import Program, chain_levels
from rightsrules.inference import first_premises, infer
from rightsrules.scenario import FactValue, Scenario

from .strategies import fact_dicts, programs, scenario_dicts

REFERENCE = ReferenceEvaluator()
INDEXED = IndexedEvaluator()


@settings(max_examples=300, deadline=None)
@given(programs(max_rules=10), fact_dicts())
def test_same_firings_as_reference_on_random_programs(
    program: Program, facts: Mapping[str, FactValue]
) -> None:
    assert INDEXED.run(program, facts) == REFERENCE.run(program, facts)


@settings(max_examples=100, deadline=None)
@given(scenario_dicts())
def test_same_firings_as_reference_on_the_fixture_knowledge_base(
    seed_kb: KnowledgeBase, data: dict[str, dict[str, object]]
) -> None:
    facts = Scenario.from_dict(data).facts()
    assert INDEXED.run(seed_kb.program, facts) == REFERENCE.run(seed_kb.program, facts)


def test_a_cycle_between_rules_still_reaches_the_fixpoint() -> None:
    isp = Literal(Op.EQ, "company.type", ("isp",))
    program = Program.build(
        [
            (
                "a",
                ((Literal(Op.CONCLUDED, conclusion="strategy:y"),), (isp,)),
                ("leverage:x",),
            ),
            ("b", ((Literal(Op.CONCLUDED, conclusion="leverage:x"),),), ("strategy:y",)),
        ]
    )
    facts = {"company.type": "isp"}
    assert INDEXED.run(program, facts) == REFERENCE.run(program, facts)
    assert [(f.rule, f.conjunction) for f in INDEXED.run(program, facts)] == [
        ("a", 0),
        ("a", 1),
        ("b", 0),
    ]


def test_run_many_is_run_for_each() -> None:
    program = Program.build([("r", ((Literal(Op.KNOWN, "company.size"),),), ("scope:s",))])
    facts_list = [{}, {"company.size": "large"}]
    for evaluator in (INDEXED, REFERENCE):
        assert evaluator.run_many(program, facts_list) == [
            evaluator.run(program, facts) for facts in facts_list
        ]


def test_many_distinct_values_do_not_grow_memory_without_bound() -> None:
    from rightsrules.engines import indexed

    program = Program.build(
        [("r", ((Literal(Op.EQ, "company.industry_associations", ("A",)),),), ("scope:s",))]
    )
    for number in range(indexed.MAX_MEMO_VALUES + 50):
        INDEXED.run(program, {"company.industry_associations": (f"name {number}",)})
    memo = indexed._compiled(program).paths[0].memo
    assert len(memo) <= indexed.MAX_MEMO_VALUES


@settings(max_examples=100, deadline=None)
@given(scenario_dicts())
def test_ranking_matches_kleene_evaluation_of_each_rank_rule(
    seed_kb: KnowledgeBase, data: dict[str, dict[str, object]]
) -> None:
    """Ranking goes through the engine chosen: the same adjustments from each, those of the
    ranking rules whose condition holds (Kleene), with their first alternative's premises."""
    scenario = Scenario.from_dict(data)
    inference = infer(seed_kb, scenario, REFERENCE)
    facts = {**scenario.facts(), **{a.path: a.value for a in inference.assumptions}}
    expected = [
        rule.id
        for rule in seed_kb.rules_of(RuleKind.RANK)
        if evaluate(rule.when, facts, inference.concluded) is Truth.TRUE
    ]
    assert [adjustment.rule for adjustment in inference.adjustments] == expected
    for adjustment in inference.adjustments:
        rule = seed_kb.rule(adjustment.rule)
        assert adjustment.premises == first_premises(rule, facts, inference.concluded)
    assert infer(seed_kb, scenario, INDEXED) == inference


@settings(max_examples=100, deadline=None)
@given(programs(max_rules=10), fact_dicts())
def test_past_the_bound_on_candidate_lists_the_firings_are_the_same(
    program: Program, facts: Mapping[str, FactValue]
) -> None:
    from rightsrules.engines import indexed

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(indexed, "MAX_CANDIDATE_LISTS", 0)
        patch.setattr(indexed, "_programs", Memo(1))  # compiled afresh: no list kept
        assert INDEXED.run(program, facts) == REFERENCE.run(program, facts)
        assert not len(indexed._compiled(program).candidates)


def test_the_key_paths_are_the_paths_most_conjunctions_test() -> None:
    from rightsrules.engines import indexed

    def eq(path: str, value: str) -> Literal:
        return Literal(Op.EQ, path, (value,))

    program = Program.build(
        [
            ("a", ((eq("company.type", "isp"), eq("company.size", "large")),), ("scope:a",)),
            ("b", ((eq("company.type", "isp"), eq("concern.issue", "x")),), ("scope:b",)),
            ("c", ((eq("company.type", "mno"), eq("company.size", "small")),), ("scope:c",)),
            ("d", ((eq("engagement.stage", "y"),),), ("scope:d",)),
        ]
    )
    compiled = indexed._compiled(program)
    keyed = {
        path.path
        for path in compiled.paths
        if any(compiled.key_bits >> bit & 1 for bit, _ in path.literals)
    }
    assert keyed == {"company.type", "company.size"}
    # An ISP of unknown size: a needs a size, c another type; only b and d are visited.
    have, _ = compiled._facts({"company.type": "isp"})
    visited = {program.rules[c[0]].id for c in compiled._candidates(have & compiled.key_bits)}
    assert visited == {"b", "d"}


def chain(length: int, *, closed: bool = False) -> Program:
    """Rule ``r0`` concludes ``scope:c0`` from a fact, each next rule the next conclusion from
    the one before; ``closed``: the first rule also holds from the last conclusion."""
    isp = (Literal(Op.EQ, "company.type", ("isp",)),)
    rules: list[tuple[str, tuple[tuple[Literal, ...], ...], tuple[str, ...]]] = []
    for n in range(length):
        reads = (Literal(Op.CONCLUDED, conclusion=f"scope:c{n - 1}"),) if n else isp
        rules.append((f"r{n}", (reads,), (f"scope:c{n}",)))
    if closed:
        back = (Literal(Op.CONCLUDED, conclusion=f"scope:c{length - 1}"),)
        rules[0] = ("r0", (back, isp), ("scope:c0",))
    # Listed last rule first: no engine may depend on the rules coming in chaining order.
    return Program.build(reversed(rules))


@pytest.mark.parametrize("closed", [False, True])
def test_a_chain_of_1200_rules_fires_every_rule(closed: bool) -> None:
    program = chain(1200, closed=closed)
    facts = {"company.type": "isp"}
    fired = INDEXED.run(program, facts)
    assert len(fired) == 1200 + closed
    assert fired == REFERENCE.run(program, facts)


def test_chain_levels_are_found_without_recursion_and_cut_cycles() -> None:
    levels = chain_levels(chain(1200))
    assert not levels.cyclic
    assert sorted(levels.levels.values()) == list(range(1200))
    closed = chain_levels(chain(3, closed=True))
    assert closed.cyclic
    # Listed r2, r1, r0: r2 is reached first and the cycle is cut where it closes, at r2.
    assert closed.levels == {0: 2, 1: 1, 2: 0}


def test_a_cycle_is_visited_again_only_while_it_concludes_more() -> None:
    from rightsrules.engines import indexed

    acyclic = indexed._compiled(chain(5))
    assert acyclic.back == 0  # in chaining order: one pass
    cyclic = indexed._compiled(chain(5, closed=True))
    assert cyclic.back != 0
    assert INDEXED.run(chain(5, closed=True), {}) == []
