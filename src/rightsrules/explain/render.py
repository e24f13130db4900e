"""Renderings of a :class:`~rightsrules.explain.how.Proof`: text tree, Markdown, Mermaid, DOT.

The text and Markdown renderings are trees (a sub-proof reached twice is shown twice); Mermaid
and DOT draw the proof as the graph it is, edges running premise → rule → conclusion.
"""

from __future__ import annotations

from collections.abc import Iterator

from ..escape import dot, markdown, mermaid
from ..i18n import in_language_of
from ..wording import LABELS, describe_premise
from .how import ConclusionProof, Fact, Ground, Justification, Proof

__all__ = ["proof_dot", "proof_markdown", "proof_mermaid", "proof_text", "tree_lines"]

_Tree = tuple[list[str], list["_Tree"]]


def tree_lines(label: list[str], children: list[_Tree], prefix: str = "") -> Iterator[str]:
    """Draw a tree whose nodes have one or more label lines, with box-drawing branches.

    >>> print("\\n".join(tree_lines(["root"], [(["a", "more"], [(["b"], [])]), (["c"], [])])))
    root
    ├── a
    │   │   more
    │   └── b
    └── c
    """
    yield from label[:1]
    yield from (prefix + ("│   " if children else "    ") + line for line in label[1:])
    for index, (child_label, grandchildren) in enumerate(children):
        last = index == len(children) - 1
        branch, through = ("└── ", "    ") if last else ("├── ", "│   ")
        inner = list(tree_lines(child_label, grandchildren, prefix + through))
        yield prefix + branch + inner[0]
        yield from inner[1:]


def _conclusion_tree(node: ConclusionProof) -> _Tree:
    label = [f"{node.id}: {node.title}"]
    if not node.expanded:
        label[0] += f"  ({LABELS['concluded']})"
    return label, [_justification_tree(j) for j in node.justifications]


def _justification_tree(justification: Justification) -> _Tree:
    word = LABELS["default" if justification.default else "rule"]
    label = [
        f"{word} {justification.rule}: {justification.title}",
        f"{LABELS['because']}: {justification.because}",
        f"{LABELS['rule_guide']}: {', '.join(justification.sources)}",
    ]
    return label, [_premise_tree(p) for p in justification.premises]


def _premise_tree(premise: Ground) -> _Tree:
    if isinstance(premise, ConclusionProof):
        return _conclusion_tree(premise)
    if premise.evidence is not None:
        events: _Tree = ([f"{LABELS['journal']}: {premise.evidence.text}"], [])
        return [f"{LABELS['fact']}: {premise.text}"], [events]
    if premise.derived_by is not None:
        label = f"{LABELS['fact']}: {premise.text} ({LABELS['derived']})"
        return [label], [_justification_tree(premise.derived_by)]
    if premise.assumed_by is None:
        return [f"{LABELS['fact']}: {premise.text}"], []
    label = f"{LABELS['fact']}: {premise.text} ({LABELS['assumed']})"
    return [label], [_justification_tree(premise.assumed_by)]


@in_language_of
def proof_text(proof: Proof) -> str:
    """The proof as a plain-text tree."""
    label, children = _conclusion_tree(proof.root)
    lines = [f"{LABELS['why']} {proof.root.id}", "", *tree_lines(label, children), ""]
    if proof.assumptions:
        lines += [f"{LABELS['proof_assumes']}: " + ", ".join(proof.assumptions)]
    lines += [
        f"{LABELS['guide_sections']}: {', '.join(proof.sources)}",
        f"{LABELS['rules']} {proof.rules_version}",
    ]
    return "\n".join(lines) + "\n"


@in_language_of
def proof_markdown(proof: Proof) -> str:
    """The proof as a Markdown document of nested lists; scenario values are escaped."""
    lines = [f"# {LABELS['why']} {proof.root.title} (`{proof.root.id}`)", ""]

    def conclusion(node: ConclusionProof, depth: int) -> None:
        more = "" if node.expanded else f" ({LABELS['concluded']})"
        lines.append("  " * depth + f"- **{node.title}** (`{node.id}`){more}")
        for justification in node.justifications:
            rule(justification, depth + 1)

    def rule(justification: Justification, depth: int) -> None:
        word = LABELS["default" if justification.default else "rule"]
        sources = ", ".join(f"`{s}`" for s in justification.sources)
        lines.append(
            "  " * depth
            + f"- {word} `{justification.rule}` ({justification.title}): "
            + f"{justification.because} *{LABELS['guide']}:* {sources}"
        )
        for premise in justification.premises:
            if isinstance(premise, ConclusionProof):
                conclusion(premise, depth + 1)
            else:
                fact(premise, depth + 1)

    def fact(premise: Fact, depth: int) -> None:
        assumed = f" *({LABELS['assumed']})*" if premise.assumed_by else ""
        if premise.derived_by is not None:
            assumed = f" *({LABELS['derived']})*"
        shown = describe_premise(premise.premise, shown=_markdown_parts)
        lines.append("  " * depth + f"- {LABELS['fact']}: {shown}{assumed}")
        if premise.evidence is not None:
            events = markdown(premise.evidence.text)
            lines.append("  " * (depth + 1) + f"- *{LABELS['journal']}:* {events}")
        if premise.assumed_by is not None:
            rule(premise.assumed_by, depth + 1)
        if premise.derived_by is not None:
            rule(premise.derived_by, depth + 1)

    conclusion(proof.root, 0)
    lines.append("")
    if proof.assumptions:
        assumed = ", ".join(f"`{p}`" for p in proof.assumptions)
        lines.append(f"*{LABELS['proof_assumes']}:* {assumed}  ")
    sources = ", ".join(f"`{s}`" for s in proof.sources)
    lines.append(f"*{LABELS['guide_sections']}:* {sources}  ")
    lines.append(f"*{LABELS['rules']}* `{proof.rules_version}`")
    return "\n".join(lines) + "\n"


def _markdown_parts(path: str, value: str) -> tuple[str, str]:
    return f"`{path}`", markdown(value)


# -- graph renderings -------------------------------------------------------------------------

_NodeKind = str  # "conclusion" | "rule" | "default" | "fact" | "assumed" | "event"


class _ProofGraph:
    """The proof's nodes and edges, each once, in a stable order."""

    def __init__(self, proof: Proof) -> None:
        self.nodes: dict[str, tuple[_NodeKind, str]] = {}
        self.edges: dict[tuple[str, str], None] = {}
        self.firings: dict[tuple[str, tuple[str, ...]], str] = {}
        self.root = proof.root.id
        self.conclusion(proof.root)

    def conclusion(self, node: ConclusionProof) -> str:
        if node.id not in self.nodes:
            self.nodes[node.id] = ("conclusion", f"{node.id}\n{node.title}")
            for justification in node.justifications:
                self.edges[self.justification(justification), node.id] = None
        return node.id

    def justification(self, justification: Justification) -> str:
        key = (justification.rule, justification.premise_ids)
        if key in self.firings:
            return self.firings[key]
        name = f"rule:{justification.rule}"
        number = 2
        while name in self.nodes:
            name, number = f"rule:{justification.rule}#{number}", number + 1
        self.firings[key] = name
        kind = "default" if justification.default else "rule"
        label = f"{LABELS[kind]} {justification.rule}\n{justification.title}"
        self.nodes[name] = (kind, label)
        for premise in justification.premises:
            if isinstance(premise, ConclusionProof):
                self.edges[self.conclusion(premise), name] = None
            else:
                self.edges[self.fact(premise), name] = None
        return name

    def fact(self, premise: Fact) -> str:
        if premise.premise not in self.nodes:
            assumed = premise.assumed_by is not None
            text = premise.text + (f"\n({LABELS['assumed']})" if assumed else "")
            self.nodes[premise.premise] = ("assumed" if assumed else "fact", text)
            if premise.assumed_by is not None:
                self.edges[self.justification(premise.assumed_by), premise.premise] = None
            if premise.derived_by is not None:
                self.edges[self.justification(premise.derived_by), premise.premise] = None
            if premise.evidence is not None:  # the journal's events, once per fact
                name = f"journal:{premise.evidence.path}"
                text = f"{LABELS['journal']}: {premise.evidence.text}"
                self.nodes.setdefault(name, ("event", text))
                self.edges[name, premise.premise] = None
        return premise.premise


_MERMAID_SHAPES = {
    "conclusion": ('["', '"]'),
    "rule": ('(["', '"])'),
    "default": ('(["', '"])'),
    "fact": ('[/"', '"/]'),
    "assumed": ('[/"', '"/]'),
    "event": ('[("', '")]'),
}


@in_language_of
def proof_mermaid(proof: Proof) -> str:
    """The proof as a Mermaid flowchart, conclusions at the top."""
    graph = _ProofGraph(proof)
    ids = {name: f"n{i}" for i, name in enumerate(graph.nodes)}
    lines = ["flowchart BT"]
    for name, (kind, text) in graph.nodes.items():
        left, right = _MERMAID_SHAPES[kind]
        lines.append(f"    {ids[name]}{left}{mermaid(text)}{right}")
    for source, target in graph.edges:
        lines.append(f"    {ids[source]} --> {ids[target]}")
    lines += [
        "    classDef conclusion fill:#e8f0fe,stroke:#1a56db,stroke-width:2px",
        "    classDef rule fill:#f3f4f6,stroke:#6b7280",
        "    classDef defaultrule fill:#fff7e6,stroke:#b45309,stroke-dasharray:4 3",
        "    classDef fact fill:#ffffff,stroke:#374151",
        "    classDef assumed fill:#fff7e6,stroke:#b45309,stroke-dasharray:4 3",
    ]
    if any(kind == "event" for kind, _ in graph.nodes.values()):
        lines.append("    classDef event fill:#ecfdf5,stroke:#047857")
    by_kind: dict[str, list[str]] = {}
    for name, (kind, _) in graph.nodes.items():
        by_kind.setdefault(kind, []).append(ids[name])
    for kind, members in by_kind.items():
        # "default" names Mermaid's style for every node: the class of defaults is renamed.
        name = "defaultrule" if kind == "default" else kind
        lines.append(f"    class {','.join(members)} {name}")
    return "\n".join(lines) + "\n"


_DOT_STYLES = {
    "conclusion": 'shape=box, style="rounded,bold"',
    "rule": "shape=ellipse",
    "default": "shape=ellipse, style=dashed",
    "fact": "shape=note",
    "assumed": "shape=note, style=dashed",
    "event": "shape=cylinder",
}


@in_language_of
def proof_dot(proof: Proof) -> str:
    """The proof as a Graphviz digraph, conclusions at the top."""
    graph = _ProofGraph(proof)
    lines = [
        f"digraph {dot('proof of ' + proof.root.id)} {{",
        "    rankdir=BT;",
        '    node [fontname="Helvetica", fontsize=10];',
    ]
    for name, (kind, text) in graph.nodes.items():
        lines.append(f"    {dot(name)} [{_DOT_STYLES[kind]}, label={dot(text)}];")
    for source, target in graph.edges:
        lines.append(f"    {dot(source)} -> {dot(target)};")
    lines.append("}")
    return "\n".join(lines) + "\n"
