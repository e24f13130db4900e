"""Pictures as SVG, written by hand: the derivation graph and the portfolio chart.

No Graphviz binary and no plotting library: a layered layout of the proof model
(:mod:`rightsrules.explain.how`: facts on the left, conclusions on the right, each rule firing
in between, laid out with networkx), every label escaped, so the output embeds safely in an
HTML page and opens in any browser.

>>> from rightsrules import ReferenceEvaluator, assess
>>> advice = assess(
...     {"company": {"name": "Example Net", "type": "isp"}}, evaluator=ReferenceEvaluator()
... )
>>> derivation_svg(advice).startswith("<svg")
True
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Any

import attrs

from ..advice import Advice
from ..escape import html
from ..i18n import N_, Wording, in_language_of
from ..i18n import _ as translate
from ..wording import premise_label

if TYPE_CHECKING:
    import networkx as nx

    from ..explain.how import ConclusionProof, Fact, Ground, Justification

__all__ = ["KIND_COLOURS", "Cell", "derivation_svg", "layered_layout", "matrix_svg"]

#: Fill colour of each kind of conclusion (and of facts and firings) in the pictures.
KIND_COLOURS: dict[str, str] = {
    "scope": "#6b7280",
    "challenge": "#b91c1c",
    "leverage": "#7c3aed",
    "strategy": "#047857",
    "contact": "#0e7490",
    "step": "#1d4ed8",
    "precedent": "#92400e",
    "fact": "#e5e7eb",
    "assumed": "#fef3c7",
    "firing": "#ffffff",
}

_FONT = "system-ui, -apple-system, 'Segoe UI', Roboto, sans-serif"
_CHAR = 7.0  # average width of one bold character at 11px, in px
_ROW = 46
_GAP = 70
_PAD = 16
_MAX_LABEL = 44


def _clip(text: str, limit: int = _MAX_LABEL) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def layered_layout(graph: nx.DiGraph) -> list[list[Any]]:
    """The nodes of an acyclic graph in layers (sources first), ordered to cut crossings.

    Each layer is sorted by the mean position of its predecessors (the barycentre heuristic),
    ties broken by name, so the layout is stable from run to run.

    >>> import networkx as nx
    >>> g = nx.DiGraph([("a", "f"), ("b", "f"), ("f", "c")])
    >>> layered_layout(g)
    [['a', 'b'], ['f'], ['c']]
    """
    import networkx as nx  # here, not at import: rendering text or HTML needs no graph

    layers = [sorted(layer, key=str) for layer in nx.topological_generations(graph)]
    position: dict[Any, float] = {}
    for index, node in enumerate(layers[0] if layers else []):
        position[node] = index
    for depth in range(1, len(layers)):

        def centre(node: Any) -> tuple[float, str]:
            before = [position[p] for p in graph.predecessors(node) if p in position]
            return (sum(before) / len(before) if before else 0.0, str(node))

        layers[depth].sort(key=centre)
        for index, node in enumerate(layers[depth]):
            position[node] = index
    return layers


@attrs.frozen
class _Box:
    node: str
    label: str
    note: str
    tooltip: str
    fill: str
    text: str
    dashed: bool
    shape: str  # "box" | "pill"
    kind: str  # "fact" | "firing" | the kind of a conclusion


class _Picture:
    """The boxes and arrows of a proof: each fact, firing and conclusion once, named as in
    the derivation graph (:mod:`rightsrules.graph`), arrows running premise → firing →
    conclusion (or the fact a default filled)."""

    def __init__(self) -> None:
        import networkx as nx  # here, not at import: rendering text or HTML needs no graph

        self.graph = nx.DiGraph()
        self.boxes: dict[str, _Box] = {}

    def add(self, box: _Box) -> bool:
        """Add a box; false when it was there already."""
        if box.node in self.boxes:
            return False
        self.boxes[box.node] = box
        self.graph.add_node(box.node)
        return True

    def conclusion(self, node: ConclusionProof) -> str:
        fill = KIND_COLOURS.get(node.kind, "#374151")
        tooltip = f"{node.id}: {node.title}"
        box = _Box(node.id, node.title, node.id, tooltip, fill, "#ffffff", False, "box", node.kind)
        if self.add(box):
            for justification in node.justifications:
                self.graph.add_edge(self.justification(justification), node.id)
        return node.id

    def justification(self, justification: Justification) -> str:
        default = justification.default
        box = _Box(
            justification.node,
            justification.rule,
            "default" if default else "rule",
            f"{justification.rule}: {justification.because}",
            KIND_COLOURS["firing"],
            "#111827",
            default,
            "pill",
            "firing",
        )
        if self.add(box):
            for ground in justification.premises:
                self.graph.add_edge(self.ground(ground), box.node)
        return box.node

    def ground(self, ground: Ground) -> str:
        from ..explain.how import Fact

        return self.fact(ground) if isinstance(ground, Fact) else self.conclusion(ground)

    def fact(self, fact: Fact) -> str:
        assumed = fact.assumed_by is not None
        premise = fact.premise
        note = "assumed" if assumed else "fact"
        fill = KIND_COLOURS[note]
        tooltip = premise if fact.evidence is None else f"{premise}: {fact.evidence.text}"
        box = _Box(
            premise, premise_label(premise), note, tooltip, fill, "#111827", assumed, "box", "fact"
        )
        filled = fact.assumed_by or fact.derived_by  # a default, or a rule over the history
        if self.add(box) and filled is not None:
            self.graph.add_edge(self.justification(filled), premise)
        return premise


@in_language_of
def derivation_svg(advice: Advice, conclusion: str | None = None, *, title: str = "") -> str:
    """The derivation graph of the whole advice, or of one conclusion, as an SVG document.

    Facts are grey (amber and dashed when a default filled them), each rule firing is a white
    pill labelled with the rule's id, and conclusions are coloured by kind. Every node has a
    ``<title>`` tooltip with its full name.

    >>> from rightsrules import ReferenceEvaluator, assess
    >>> advice = assess(
    ...     {"company": {"name": "Example Mobile", "type": "mobile_network_operator"}},
    ...     evaluator=ReferenceEvaluator(),
    ... )
    >>> svg = derivation_svg(advice, "challenge:sim_registration")
    >>> "challenge:sim_registration" in svg and "</svg>" in svg
    True
    """
    default_title = translate("Derivation graph")
    from ..explain.how import explain, explain_all

    picture = _Picture()
    if conclusion is None:
        whole = explain_all(advice)
        for node in whole.conclusions:
            picture.conclusion(node)
        for fact in whole.filled:
            picture.fact(fact)
    else:
        picture.conclusion(explain(advice, conclusion).root)
    graph, boxes = picture.graph, picture.boxes
    layers = layered_layout(graph)
    widths = [
        max((min(len(boxes[n].label), _MAX_LABEL) * _CHAR + 20 for n in layer), default=80)
        for layer in layers
    ]
    heading = 28 if title else 0
    legend = 26
    height_rows = max((len(layer) for layer in layers), default=1)
    height = _PAD * 2 + heading + legend + height_rows * _ROW
    width = _PAD * 2 + sum(widths) + _GAP * max(len(layers) - 1, 0)
    width = max(width, 520)
    place: dict[str, tuple[float, float, float]] = {}
    x = float(_PAD)
    top = _PAD + heading + legend
    for layer, layer_width in zip(layers, widths, strict=True):
        offset = (height_rows - len(layer)) * _ROW / 2
        for index, node in enumerate(layer):
            y = top + offset + index * _ROW + 4
            place[node] = (x, y, layer_width)
        x += layer_width + _GAP
    out = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width:.0f} {height:.0f}" '
        f'width="{width:.0f}" height="{height:.0f}" role="img" '
        f'font-family="{html(_FONT)}" font-size="11" class="rr-derivation">',
        f"<title>{html(title or default_title)}</title>",
        "<defs>",
        '<marker id="rr-arrow" viewBox="0 0 8 8" refX="8" refY="4" markerWidth="7" '
        'markerHeight="7" orient="auto-start-reverse">'
        '<path d="M0,0 L8,4 L0,8 z" fill="#6b7280"/></marker>',
        "</defs>",
        f'<rect x="0" y="0" width="{width:.0f}" height="{height:.0f}" fill="#ffffff"/>',
    ]
    if title:
        out.append(
            f'<text x="{_PAD}" y="{_PAD + 14}" font-size="15" font-weight="600" '
            f'fill="#111827">{html(title)}</text>'
        )
    out.append(_legend(_PAD, _PAD + heading + 10, graph, boxes))
    box_height = 32
    for source, target in sorted(graph.edges(), key=lambda e: (str(e[0]), str(e[1]))):
        sx, sy, sw = place[source]
        tx, ty, _ = place[target]
        x1, y1 = sx + sw, sy + box_height / 2
        x2, y2 = tx - 2, ty + box_height / 2
        bend = max((x2 - x1) / 2, 20)
        out.append(
            f'<path d="M{x1:.1f},{y1:.1f} C{x1 + bend:.1f},{y1:.1f} {x2 - bend:.1f},{y2:.1f} '
            f'{x2:.1f},{y2:.1f}" fill="none" stroke="#9ca3af" stroke-width="1.2" '
            'marker-end="url(#rr-arrow)"/>'
        )
    for node in (n for layer in layers for n in layer):
        box = boxes[node]
        bx, by, bw = place[node]
        radius = box_height / 2 if box.shape == "pill" else 5
        dash = ' stroke-dasharray="4 3"' if box.dashed else ""
        stroke = "#6b7280" if box.fill.startswith("#f") or box.fill == "#e5e7eb" else box.fill
        out.append(f'<g class="rr-node rr-{html(box.kind)}">')
        out.append(f"<title>{html(box.tooltip)}</title>")
        out.append(
            f'<rect x="{bx:.1f}" y="{by:.1f}" width="{bw:.1f}" height="{box_height}" '
            f'rx="{radius:.1f}" fill="{box.fill}" stroke="{stroke}" stroke-width="1.2"{dash}/>'
        )
        out.append(
            f'<text x="{bx + 10:.1f}" y="{by + 13:.1f}" fill="{box.text}" '
            f'font-weight="600">{html(_clip(box.label))}</text>'
        )
        out.append(
            f'<text x="{bx + 10:.1f}" y="{by + 26:.1f}" fill="{box.text}" font-size="9" '
            f'opacity="0.8">{html(_clip(box.note, 60))}</text>'
        )
        out.append("</g>")
    out.append("</svg>")
    return "\n".join(out) + "\n"


#: The legend's words for each kind of box.
_LEGEND = Wording(
    {
        "fact": N_("fact"),
        "assumed": N_("assumed fact"),
        "firing": N_("rule"),
        "scope": N_("scope"),
        "challenge": N_("challenge"),
        "leverage": N_("leverage"),
        "strategy": N_("strategy"),
        "contact": N_("contact"),
        "step": N_("step"),
        "precedent": N_("precedent"),
    }
)


def _legend(x: float, y: float, graph: nx.DiGraph, boxes: Mapping[str, _Box]) -> str:
    present: list[str] = []
    for node in graph.nodes:
        kind = boxes[node].kind
        if kind == "fact" and boxes[node].dashed:
            kind = "assumed"
        if kind not in present:
            present.append(kind)
    order = [k for k in KIND_COLOURS if k in present]
    parts = ['<g class="rr-legend" font-size="10">']
    cursor = x
    for kind in order:
        label = html(_LEGEND.get(kind) or kind)
        stroke = "#6b7280"
        parts.append(
            f'<rect x="{cursor:.1f}" y="{y - 9:.1f}" width="12" height="12" rx="2" '
            f'fill="{KIND_COLOURS[kind]}" stroke="{stroke}"/>'
        )
        parts.append(f'<text x="{cursor + 16:.1f}" y="{y + 1:.1f}" fill="#374151">{label}</text>')
        cursor += 24 + len(label) * 6
    parts.append("</g>")
    return "".join(parts)


@attrs.frozen
class Cell:
    """One filled cell of a matrix chart: its rank (1 is first) and a tooltip."""

    rank: int
    note: str = ""


def matrix_svg(
    rows: Sequence[str],
    columns: Sequence[str],
    cells: Mapping[tuple[int, int], Cell],
    *,
    title: str = "",
    colour: str = KIND_COLOURS["strategy"],
    notes: Sequence[str] = (),
) -> str:
    """A rows × columns chart: a filled, numbered square where a cell holds, darker for a
    better rank, and each row's note (if any) after its cells. Used for the portfolio
    (companies × strategies).

    >>> svg = matrix_svg(["Example A"], ["boycott"], {(0, 0): Cell(1)}, title="Demo")
    >>> "Example A" in svg and "boycott" in svg
    True
    """
    default_title = translate("Comparison chart")
    cell = 30
    label_width = max((min(len(r), 40) for r in rows), default=8) * 7 + 20
    header = max((min(len(c), 34) for c in columns), default=8) * 6 + 20
    heading = 30 if title else 0
    left = _PAD + label_width
    top = _PAD + heading + header
    note_width = max((min(len(n), 60) for n in notes), default=0) * 6
    width = left + cell * len(columns) + max(header, note_width + 12) + _PAD
    height = top + cell * len(rows) + _PAD + 20
    worst = max((c.rank for c in cells.values()), default=1)
    out = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width:.0f} {height:.0f}" '
        f'width="{width:.0f}" height="{height:.0f}" role="img" '
        f'font-family="{html(_FONT)}" font-size="11" class="rr-matrix">',
        f"<title>{html(title or default_title)}</title>",
        f'<rect x="0" y="0" width="{width:.0f}" height="{height:.0f}" fill="#ffffff"/>',
    ]
    if title:
        out.append(
            f'<text x="{_PAD}" y="{_PAD + 14}" font-size="15" font-weight="600" '
            f'fill="#111827">{html(title)}</text>'
        )
    for j, column in enumerate(columns):
        cx = left + j * cell + cell / 2
        out.append(
            f'<text transform="translate({cx + 4:.1f},{top - 6:.1f}) rotate(-45)" '
            f'fill="#111827">{html(_clip(column, 34))}</text>'
        )
    for i, row in enumerate(rows):
        cy = top + i * cell
        if i % 2 == 0:
            out.append(
                f'<rect x="{_PAD}" y="{cy:.1f}" width="{label_width + cell * len(columns):.0f}" '
                f'height="{cell}" fill="#f3f4f6"/>'
            )
        out.append(
            f'<text x="{_PAD + 4}" y="{cy + cell / 2 + 4:.1f}" fill="#111827">'
            f"{html(_clip(row, 40))}</text>"
        )
        note = notes[i] if i < len(notes) else ""
        if note:
            out.append(
                f'<text x="{left + cell * len(columns) + 8:.1f}" y="{cy + cell / 2 + 4:.1f}" '
                f'font-size="10" fill="#4b5563" class="rr-note">{html(_clip(note, 60))}</text>'
            )
        for j in range(len(columns)):
            x = left + j * cell
            found = cells.get((i, j))
            if found is None:
                out.append(
                    f'<circle cx="{x + cell / 2:.1f}" cy="{cy + cell / 2:.1f}" r="2" '
                    'fill="#d1d5db"/>'
                )
                continue
            strength = 1.0 - 0.6 * (found.rank - 1) / max(worst - 1, 1)
            tip = found.note or f"{row}: {columns[j]} (rank {found.rank})"
            out.append(
                f'<g class="rr-cell"><title>{html(tip)}</title>'
                f'<rect x="{x + 3:.1f}" y="{cy + 3:.1f}" width="{cell - 6}" height="{cell - 6}" '
                f'rx="4" fill="{colour}" fill-opacity="{strength:.2f}"/>'
                f'<text x="{x + cell / 2:.1f}" y="{cy + cell / 2 + 4:.1f}" text-anchor="middle" '
                f'fill="#ffffff" font-weight="600">{found.rank}</text></g>'
            )
    legend = translate(
        "Numbers are each strategy's rank for that company (1 first); a dot: not advised."
    )
    out.append(
        f'<text x="{_PAD}" y="{height - _PAD:.0f}" font-size="10" fill="#4b5563">'
        f"{html(legend)}</text>"
    )
    out.append("</svg>")
    return "\n".join(out) + "\n"
