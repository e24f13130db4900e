"""The three stages of an assessment, on the fixture knowledge base."""

from __future__ import annotations

from typing import Any

import attrs
import pytest
from hypothesis import given, settings

from rightsrules import KnowledgeBase, ReferenceEvaluator, Scenario, assess, load_knowledge_base
from rightsrules.graph import well_founded

from .strategies import scenario_dicts

REFERENCE = ReferenceEvaluator()

MNO = {"company": {"name": "Example Mobile", "type": "mobile_network_operator"}}


def scenario(**sections: dict[str, object]) -> Scenario:
    data: dict[str, dict[str, object]] = {"company": dict(MNO["company"])}
    for name, values in sections.items():
        data.setdefault(name, {}).update(values)
    return Scenario.from_dict(data)


def test_a_default_fills_an_unknown_fact_and_is_listed_as_an_assumption(
    seed_kb: KnowledgeBase, reference: ReferenceEvaluator
) -> None:
    advice = assess(scenario(), seed_kb, evaluator=reference)
    licence = advice["leverage:government_licence"]
    assert licence.assumptions == ("company.licensed",)
    assert licence.derivations[0].premises == (
        "fact:company.type=mobile_network_operator",
        "fact:company.licensed=true",
    )
    assert advice.understood.company.licensed is True
    assert advice.scenario.company.licensed is None
    assert [a.rule for a in advice.assumptions] == ["mno.default-licensed"]


def test_a_default_never_overrides_a_given_fact(
    seed_kb: KnowledgeBase, reference: ReferenceEvaluator
) -> None:
    advice = assess(scenario(company={"licensed": False}), seed_kb, evaluator=reference)
    assert "leverage:government_licence" not in advice
    assert advice.assumptions == ()


def test_a_chained_conclusion_rests_on_the_conclusion_it_reads(
    seed_kb: KnowledgeBase, reference: ReferenceEvaluator
) -> None:
    advice = assess(scenario(company={"publicly_traded": True}), seed_kb, evaluator=reference)
    engage = advice["strategy:investor_engagement"]
    assert engage.derivations[0].premises == ("leverage:investors",)
    assert "leverage:investors" in advice
    assert engage.assumptions == ()


def test_a_conclusion_reached_two_ways_keeps_both_derivations(
    seed_kb: KnowledgeBase, reference: ReferenceEvaluator
) -> None:
    advice = assess(
        scenario(company={"state_ownership": "partial"}, organization={"relationship": "ally"}),
        seed_kb,
        evaluator=reference,
    )
    private = advice["strategy:private_advocacy"]
    assert [d.rule for d in private.derivations] == ["private.state", "private.ally"]
    assert private.sources == ("II.d", "appendix.mno")


def test_a_negated_condition_needs_the_fact_known(
    seed_kb: KnowledgeBase, reference: ReferenceEvaluator
) -> None:
    unknown = assess(scenario(engagement={"stage": "unresponsive"}), seed_kb, evaluator=reference)
    assert "strategy:escalate_publicly" not in unknown
    known = assess(
        scenario(engagement={"stage": "unresponsive"}, organization={"relationship": "contact"}),
        seed_kb,
        evaluator=reference,
    )
    assert known["strategy:escalate_publicly"].derivations[0].premises == (
        "fact:engagement.stage=unresponsive",
        "fact:organization.relationship!=ally",
    )


def test_each_alternative_of_any_that_holds_is_its_own_premise(
    seed_kb: KnowledgeBase, reference: ReferenceEvaluator
) -> None:
    unknown = assess(scenario(), seed_kb, evaluator=reference)
    assert unknown["step:map_local_law"].derivations[0].premises == (
        "fact:context.legal_mapping_done=unknown",
    )
    done = assess(scenario(context={"legal_mapping_done": True}), seed_kb, evaluator=reference)
    assert "step:map_local_law" not in done


def test_ranking_moves_a_conclusion_up_and_says_why(
    seed_kb: KnowledgeBase, reference: ReferenceEvaluator
) -> None:
    plain = assess(scenario(company={"state_ownership": "full"}), seed_kb, evaluator=reference)
    assert [c.id for c in plain.of_kind("strategy")] == [
        "strategy:public_advocacy",
        "strategy:private_advocacy",
    ]
    ally = assess(scenario(organization={"relationship": "ally"}), seed_kb, evaluator=reference)
    strategies = ally.of_kind("strategy")
    assert [c.id for c in strategies] == ["strategy:private_advocacy", "strategy:public_advocacy"]
    assert strategies[0].rank == 1
    assert strategies[0].rank_reasons[0].rule == "rank.ally-private"


def test_the_derivation_graph_is_well_founded(
    seed_kb: KnowledgeBase, reference: ReferenceEvaluator
) -> None:
    advice = assess(
        scenario(company={"publicly_traded": True, "state_ownership": "partial"}),
        seed_kb,
        evaluator=reference,
    )
    assert well_founded(advice.graph)
    assert advice.graph.nodes["fact:company.licensed=true"]["assumed"] is True
    assert set(advice.graph.predecessors("fact:company.licensed=true")) == {
        "default:mno.default-licensed"
    }


def test_json_premises_rebuild_the_whole_proof(
    seed_kb: KnowledgeBase, reference: ReferenceEvaluator
) -> None:
    data = assess(
        scenario(company={"publicly_traded": True}), seed_kb, evaluator=reference
    ).to_dict()
    ids = {c["id"] for c in data["conclusions"]}
    for conclusion in data["conclusions"]:
        assert set(conclusion) >= {
            "id",
            "kind",
            "title",
            "rationale",
            "sources",
            "assumptions",
            "derivations",
        }
        for derivation in conclusion["derivations"]:
            for premise in derivation["premises"]:
                assert premise.startswith("fact:") or premise in ids
    assert data["scenario"]["company"]["licensed"] is True
    assert data["rules_version"] == seed_kb.version


@settings(max_examples=150, deadline=None)
@given(scenario_dicts())
def test_remembered_defaults_are_the_defaults_applied_afresh(data: dict[str, Any]) -> None:
    """Defaults are remembered by the values of the paths they read or fill: the outcome for
    any scenario is what applying them to its whole facts gives, and the facts given are
    left as they were."""
    from rightsrules import RuleKind, load_knowledge_base
    from rightsrules.inference import _assume, _defaults

    kb = load_knowledge_base()
    defaults = _defaults(kb)
    facts = Scenario.from_dict(data).facts()
    given_facts = dict(facts)
    expected_facts = dict(facts)
    expected = _assume(kb.rules_of(RuleKind.ASSUME), expected_facts)
    for _ in range(2):  # the second time, remembered
        filled, assumed = defaults.fill(facts)
        assert assumed == expected
        assert filled == expected_facts
        assert facts == given_facts


@settings(max_examples=100, deadline=None)
@given(scenario_dicts())
def test_conclusions_handed_out_again_are_those_made_afresh(
    seed_kb: KnowledgeBase, data: dict[str, Any]
) -> None:
    """build_advice reuses a conclusion made before for the same firings, rank and reasons:
    the advice is the same as with nothing remembered."""
    from rightsrules import advice as advice_module
    from rightsrules.advice import build_advice
    from rightsrules.inference import infer

    for kb in (seed_kb, load_knowledge_base()):
        inference = infer(kb, Scenario.from_dict(data), REFERENCE)
        remembered = build_advice(kb, inference, REFERENCE)
        again = build_advice(kb, inference, REFERENCE)
        assert again.conclusions == remembered.conclusions
        assert all(a is b for a, b in zip(again.conclusions, remembered.conclusions, strict=True))
        with pytest.MonkeyPatch.context() as patch:
            patch.setattr(advice_module, "_MAX_CONCLUSIONS", 0)
            fresh = attrs.evolve(kb)  # the same knowledge base, whose memos start empty
            afresh = build_advice(fresh, inference, REFERENCE)
            assert not len(advice_module._static(fresh).conclusions)
        assert afresh.conclusions == remembered.conclusions
        assert afresh.to_dict() == remembered.to_dict()
