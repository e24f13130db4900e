"""The derivation graph: every justification kept, acyclic, exportable."""

from __future__ import annotations

import json
from pathlib import Path

import networkx as nx

from rightsrules import KnowledgeBase, ReferenceEvaluator, assess
from rightsrules.graph import proof_subgraph, to_node_link, well_founded, write_graph

SCENARIO = {
    "company": {
        "name": "Example Mobile",
        "type": "mobile_network_operator",
        "publicly_traded": True,
        "state_ownership": "partial",
    },
    "organization": {"relationship": "ally"},
}


def test_nodes_and_edges_follow_premise_firing_conclusion(
    seed_kb: KnowledgeBase, reference: ReferenceEvaluator
) -> None:
    graph = assess(SCENARIO, seed_kb, evaluator=reference).graph
    kinds = nx.get_node_attributes(graph, "kind")
    for source, target in graph.edges:
        assert (kinds[source], kinds[target]) in {
            ("fact", "firing"),
            ("conclusion", "firing"),
            ("firing", "conclusion"),
            ("firing", "fact"),
        }
    assert set(graph.predecessors("strategy:private_advocacy")) == {
        "firing:private.state#0",
        "firing:private.ally#0",
    }
    assert nx.is_directed_acyclic_graph(graph)
    assert well_founded(graph)


def test_a_proof_subgraph_holds_what_the_conclusion_rests_on(
    seed_kb: KnowledgeBase, reference: ReferenceEvaluator
) -> None:
    graph = assess(SCENARIO, seed_kb, evaluator=reference).graph
    proof = proof_subgraph(graph, "strategy:investor_engagement")
    assert set(proof) == {
        "strategy:investor_engagement",
        "firing:investors.engage#0",
        "leverage:investors",
        "firing:traded.investors#0",
        "fact:company.publicly_traded=true",
    }


def test_a_conclusion_without_a_firing_is_not_well_founded() -> None:
    graph = nx.DiGraph()
    graph.add_node("leverage:investors", kind="conclusion")
    assert not well_founded(graph)


def test_graphml_and_node_link_exports_round_trip(
    seed_kb: KnowledgeBase, reference: ReferenceEvaluator, tmp_path: Path
) -> None:
    graph = assess(SCENARIO, seed_kb, evaluator=reference).graph
    write_graph(graph, tmp_path / "proof.graphml")
    again = nx.read_graphml(tmp_path / "proof.graphml")
    assert set(again.nodes) == set(graph.nodes)
    assert set(again.edges) == set(graph.edges)
    write_graph(graph, tmp_path / "proof.json")
    data = json.loads((tmp_path / "proof.json").read_text())
    assert data == to_node_link(graph)
    rebuilt = nx.node_link_graph(data, edges="links")
    assert set(rebuilt.edges) == set(graph.edges)
