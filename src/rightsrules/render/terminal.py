"""Advice for a terminal, with rich: a panel per kind, tables inside, trees for proofs.

These functions build rich renderables and never print: the caller's
:class:`rich.console.Console` decides width, colour and where the output goes. User-given
and rule text is wrapped in :class:`rich.text.Text`, so a company name such as ``[bold]`` is
shown as written, never read as markup, and sanitised
(:func:`~rightsrules.io.sanitise.sanitise`), so its escapes and bidirectional overrides are shown,
not obeyed.

>>> import io
>>> from rich.console import Console
>>> from rightsrules import ReferenceEvaluator, assess
>>> advice = assess(
...     {"company": {"name": "Example [b]Net[/b]", "type": "isp"}},
...     evaluator=ReferenceEvaluator(),
... )
>>> console = Console(width=100, record=True, file=io.StringIO(), color_system=None)
>>> console.print(advice_renderable(advice))
>>> "Example [b]Net[/b]" in console.export_text()
True
"""

from __future__ import annotations

from rich import box
from rich.console import Group, RenderableType
from rich.panel import Panel
from rich.table import Table
from rich.text import Text
from rich.tree import Tree

from ..advice import Advice, Conclusion
from ..conditions import format_value
from ..io.sanitise import sanitise
from ._labels import describe_company, heading
from ._once import SaidOnce
from .svg import KIND_COLOURS

__all__ = ["advice_renderable", "proof_tree"]


def _style(kind: str) -> str:
    return KIND_COLOURS.get(kind, "white")


def _text(*parts: str | tuple[str, str]) -> Text:
    """:meth:`Text.assemble` of user or rule text: never markup, its unsafe characters escaped."""
    return Text.assemble(
        *(
            sanitise(part) if isinstance(part, str) else (sanitise(part[0]), part[1])
            for part in parts
        )
    )


def advice_renderable(advice: Advice) -> RenderableType:
    """The whole advice: a heading, then one panel per kind of conclusion, then the
    assumptions.

    >>> import io
    >>> from rich.console import Console
    >>> from rightsrules import ReferenceEvaluator, assess
    >>> advice = assess({"company": {"name": "Example Net", "type": "isp"}},
    ...                 evaluator=ReferenceEvaluator())
    >>> console = Console(width=90, record=True, file=io.StringIO())
    >>> console.print(advice_renderable(advice))
    >>> "Human-rights challenges" in console.export_text()
    True
    """
    scenario = advice.understood
    company = scenario.company
    title = _text(
        ("Advice for ", "bold"),
        (company.name, "bold"),
        (f" ({describe_company(company.type.value)})", "bold"),
    )
    lines: list[RenderableType] = [title]
    if scenario.concern.issue is not None:
        lines.append(Text(f"Concern: {scenario.concern.issue.value.replace('_', ' ')}"))
    lines.append(_text((f"Rules {advice.rules_version}, engine {advice.engine}", "dim")))
    parts: list[RenderableType] = [Group(*lines)]
    said = SaidOnce()
    for kind, items in advice.grouped.items():
        parts.append(
            Panel(
                _table(items, said, ranked=kind in ("strategy", "step")),
                title=Text(heading(kind), style="bold"),
                title_align="left",
                border_style=_style(kind),
                box=box.ROUNDED,
            )
        )
    if advice.assumptions:
        table = Table(box=None, show_header=False, expand=True, padding=(0, 1))
        table.add_column("fact", style="bold", no_wrap=True)
        table.add_column("because", ratio=1)
        for assumption in advice.assumptions:
            because = advice.knowledge_base.rule(assumption.rule).because
            fact = f"{assumption.path} = {format_value(assumption.value)}"
            table.add_row(_text(fact), _text(because))
        parts.append(
            Panel(
                table,
                title=Text("Assumptions (defaults for facts you did not give)", style="bold"),
                title_align="left",
                border_style="yellow",
            )
        )
    if not advice.conclusions:
        parts.append(Text("No rule applies to this scenario: add facts to get advice."))
    return Group(*parts)


def _table(items: tuple[Conclusion, ...], said: SaidOnce, *, ranked: bool) -> Table:
    table = Table(box=None, show_header=False, expand=True, padding=(0, 1, 0, 0))
    if ranked:
        table.add_column("#", justify="right", style="bold", no_wrap=True)
    table.add_column("advice", ratio=3)
    table.add_column("guide", ratio=1, style="dim")
    for index, item in enumerate(items):
        why = said.say(item.rationale, item.title)
        body = _text((item.title, "bold"), ("  " + item.id, "dim"), "\n", why)
        if ranked and item.rank_reasons:
            reasons = said.reasons(tuple(r.because for r in item.rank_reasons), item.title)
            body.append(sanitise(f"\nPlaced here because: {reasons}"), style="italic")
        if item.assumptions:
            body.append(sanitise(f"\nAssumes: {', '.join(item.assumptions)}"), style="yellow")
        for resource in item.resources:
            body.append(sanitise(f"\nSee: {resource.name} <{resource.url}>"), style="cyan")
        guide = _text("\n".join(item.sources))
        if index < len(items) - 1:
            body.append("\n")  # a blank line between items, none after the last
        row = [body, guide]
        table.add_row(*([f"{item.rank}."] if ranked else []), *row)
    return table


def proof_tree(advice: Advice, conclusion_id: str) -> Tree:
    """Why a conclusion holds, as a tree: each rule that reached it, its reason, and the facts
    and earlier conclusions it rested on (assumed facts marked).

    >>> import io
    >>> from rich.console import Console
    >>> from rightsrules import ReferenceEvaluator, assess
    >>> advice = assess(
    ...     {"company": {"name": "Example Mobile", "type": "mobile_network_operator"}},
    ...     evaluator=ReferenceEvaluator(),
    ... )
    >>> console = Console(width=100, record=True, file=io.StringIO())
    >>> console.print(proof_tree(advice, "challenge:sim_registration"))
    >>> "company.type = mobile_network_operator" in console.export_text()
    True
    """
    conclusion = advice[conclusion_id]
    tree = Tree(_conclusion_label(advice, conclusion_id), guide_style="dim")
    _grow(advice, tree, conclusion.id, seen=set())
    return tree


def _conclusion_label(advice: Advice, conclusion_id: str) -> Text:
    kind = conclusion_id.split(":", 1)[0]
    try:
        title = advice.knowledge_base.conclusion(conclusion_id).title
    except KeyError:
        title = conclusion_id
    return _text((title, f"bold {_style(kind)}"), ("  " + conclusion_id, "dim"))


def _grow(advice: Advice, tree: Tree, node: str, seen: set[str]) -> None:
    graph = advice.graph
    for firing in sorted(graph.predecessors(node)):
        data = graph.nodes[firing]
        rule_id = str(data.get("rule", firing))
        rule = advice.knowledge_base.rule(rule_id)
        label = _text(
            ("default " if data.get("default") else "rule ", "dim"),
            (rule_id, "bold"),
            (f"  [{', '.join(rule.sources)}]", "dim"),
            "\n",
            (rule.because, "italic"),
        )
        branch = tree.add(label)
        for premise in sorted(graph.predecessors(firing)):
            kind = graph.nodes[premise].get("kind")
            if kind == "fact":
                text = premise.removeprefix("fact:").replace("!=", " ≠ ").replace("=", " = ", 1)
                assumed = bool(graph.nodes[premise].get("assumed"))
                leaf = branch.add(
                    _text(
                        (text, "yellow" if assumed else ""),
                        ("  (assumed)" if assumed else "", "yellow dim"),
                    )
                )
                if assumed and premise not in seen:
                    seen.add(premise)
                    _grow(advice, leaf, premise, seen)
            else:
                sub = branch.add(_conclusion_label(advice, premise))
                if premise not in seen:
                    seen.add(premise)
                    _grow(advice, sub, premise, seen)
