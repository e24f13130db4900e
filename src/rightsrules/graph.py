"""The derivation graph: what each conclusion rests on, as a networkx ``DiGraph``.

Nodes have a ``kind``:

- ``fact``: a premise about the scenario (:class:`~rightsrules.conditions.Premise`), named
  as in the JSON advice (``company.type=isp``, ``company.size=unknown``,
  ``company.size!=small``, each after ``fact:``);
  ``assumed`` is true when a default filled it, ``derived`` when a derive rule did;
  ``evidence`` holds the events it rests on in words, when a campaign journal gave it;
- ``firing``: one justification, ``firing:RULE#N`` (rule ``RULE`` through its N-th
  alternative), ``default:RULE`` for a default that filled facts, or ``derived:RULE`` for a
  derive rule that filled facts from others (a campaign's history);
- ``conclusion``: a conclusion id;
- ``event``: an event of a campaign journal that a history fact rests on,
  ``event:COMPANY:DATE:KIND`` (``:LINE`` after it when the line is known), with its
  ``company``, ``date``, ``event`` (its kind) and ``line``.

Edges run event → fact, premise → firing → conclusion (or filled fact). Every justification
is kept. The knowledge base has no cycles among conclusions and a default fills only unknown
paths, so the graph is acyclic by construction.
"""

from __future__ import annotations

import json
import os
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any

import networkx as nx

from .conditions import Premise
from .inference import Inference
from .io.write import write_text

if TYPE_CHECKING:
    from .evidence import EventRef, Evidence

__all__ = [
    "build_graph",
    "event_node",
    "firing_node",
    "proof_subgraph",
    "to_node_link",
    "well_founded",
    "write_graph",
]


def firing_node(rule: str, conjunction: int) -> str:
    """The node name of a firing.

    >>> firing_node("mno.licence", 0)
    'firing:mno.licence#0'
    """
    return f"firing:{rule}#{conjunction}"


def event_node(event: EventRef) -> str:
    """The node name of a journal's event.

    >>> import datetime
    >>> from rightsrules.evidence import EventRef
    >>> event_node(EventRef(datetime.date(2027, 1, 10), "message_sent", 12, "Example Mobile"))
    'event:Example Mobile:2027-01-10:message_sent:12'
    """
    name = f"event:{event.company or ''}:{event.date.isoformat()}:{event.event}"
    return name if event.line is None else f"{name}:{event.line}"


def build_graph(inference: Inference, evidence: Mapping[str, Evidence] | None = None) -> nx.DiGraph:
    """The derivation graph of one assessment; with ``evidence`` (an advice's
    :attr:`~rightsrules.Advice.evidence`), the journal's events under the history facts."""
    graph = nx.DiGraph()
    assumed = set()
    for found in inference.derived:
        node = f"derived:{found.rule}"
        graph.add_node(node, kind="firing", rule=found.rule, default=False, derived=True)
        _add_premises(graph, node, found.premises)
        fact = Premise.of_fact(found.path, found.value)
        graph.add_node(fact, kind="fact", path=found.path, assumed=False, derived=True)
        graph.add_edge(node, fact)
    for assumption in inference.assumptions:
        node = f"default:{assumption.rule}"
        graph.add_node(node, kind="firing", rule=assumption.rule, default=True)
        _add_premises(graph, node, assumption.premises)
        fact = Premise.of_fact(assumption.path, assumption.value)
        assumed.add(assumption.path)
        graph.add_node(fact, kind="fact", path=assumption.path, assumed=True)
        graph.add_edge(node, fact)
    for firing in inference.firings:
        node = firing_node(firing.rule, firing.conjunction)
        graph.add_node(node, kind="firing", rule=firing.rule, default=False)
        _add_premises(graph, node, firing.premises)
        for conclusion in firing.concludes:
            graph.add_node(conclusion, kind="conclusion")
            graph.add_edge(node, conclusion)
    for _, data in graph.nodes(data=True):
        if data.get("kind") == "fact" and "assumed" not in data:
            data["assumed"] = data["path"] in assumed
    if evidence:
        _add_events(graph, evidence)
    return graph


def _add_events(graph: nx.DiGraph, evidence: Mapping[str, Evidence]) -> None:
    """An ``event`` node for each event behind a history fact of the graph, and the words of
    the events on the fact's node."""
    facts = [
        (node, evidence[data["path"]])
        for node, data in graph.nodes(data=True)
        if data.get("kind") == "fact" and data["path"] in evidence
    ]
    for node, found in facts:
        graph.nodes[node]["evidence"] = found.text
        for event in found.events:
            name = event_node(event)
            data: dict[str, Any] = {"company": event.company or "", "date": event.date.isoformat()}
            if event.line is not None:  # GraphML has no null: a line not known is left out
                data["line"] = event.line
            graph.add_node(name, kind="event", event=event.event, **data)
            graph.add_edge(name, node)


def _add_premises(graph: nx.DiGraph, node: str, premises: Iterable[Premise]) -> None:
    for premise in premises:
        if premise.is_fact:
            if premise not in graph:
                graph.add_node(premise, kind="fact", path=premise.path)
        elif premise not in graph:
            graph.add_node(premise, kind="conclusion")
        graph.add_edge(premise, node)


def proof_subgraph(graph: nx.DiGraph, conclusion: str) -> nx.DiGraph:
    """The part of the graph a conclusion rests on: it and everything upstream."""
    nodes = nx.ancestors(graph, conclusion) | {conclusion}
    return graph.subgraph(nodes).copy()


def well_founded(graph: nx.DiGraph) -> bool:
    """True when the graph is acyclic and every conclusion and filled fact has a firing
    whose premises all lead down to scenario facts."""
    if not nx.is_directed_acyclic_graph(graph):
        return False
    for node, data in graph.nodes(data=True):
        filled = data.get("assumed", False) or data.get("derived", False)
        if (data["kind"] == "conclusion" or filled) and graph.in_degree(node) == 0:
            return False
    return True


def to_node_link(graph: nx.DiGraph) -> dict[str, Any]:
    """The graph as node-link JSON data (``nodes`` and ``links``), sorted for stable output."""
    data: dict[str, Any] = nx.node_link_data(graph, edges="links")
    data["nodes"] = sorted(data["nodes"], key=lambda node: node["id"])
    data["links"] = sorted(data["links"], key=lambda link: (link["source"], link["target"]))
    return data


def write_graph(
    graph: nx.DiGraph, path: Path, *, inputs: Iterable[str | os.PathLike[str]] = ()
) -> None:
    """Write the graph to a file: GraphML for ``*.graphml``, node-link JSON otherwise,
    through the atomic writer (:func:`rightsrules.io.write.write_text`), never over one of
    ``inputs``."""
    if path.suffix == ".graphml":
        text = "\n".join(nx.generate_graphml(graph)) + "\n"
    else:
        text = json.dumps(to_node_link(graph), indent=2) + "\n"
    write_text(path, text, inputs=inputs)
