"""Checks of a proof shared by the explanation tests."""

from __future__ import annotations

from rightsrules import Advice
from rightsrules.explain import ConclusionProof, Fact, Proof


def assert_well_founded(advice: Advice, proof: Proof) -> None:
    """The proof goes down to the scenario's facts without a cycle: every conclusion in it has
    a justification, every fact is known (or unknown where it says so), every assumed fact
    is among the proof's assumptions and rests on facts in turn."""
    facts = advice.understood.facts()
    given = advice.scenario.facts()

    def walk(node: ConclusionProof, path: tuple[str, ...]) -> None:
        assert node.id not in path, f"cycle through {node.id}"
        assert node.justifications, f"{node.id} has no justification"
        for justification in node.justifications:
            for premise in justification.premises:
                if isinstance(premise, ConclusionProof):
                    walk(premise, (*path, node.id))
                else:
                    check_fact(premise)

    def check_fact(fact: Fact) -> None:
        if fact.premise.unknown:
            assert fact.path not in given
        else:
            assert fact.path in facts, fact.premise
        if fact.assumed_by is not None:
            assert fact.path in proof.assumptions
            for premise in fact.assumed_by.premises:
                assert isinstance(premise, Fact)
                check_fact(premise)

    walk(proof.root, ())
