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

from collections.abc import Iterable
from typing import TYPE_CHECKING

from rich import box
from rich.console import Group, RenderableType
from rich.panel import Panel
from rich.table import Table
from rich.text import Text
from rich.tree import Tree

from ..advice import Advice, Conclusion
from ..conditions import format_value
from ..i18n import in_language_of
from ..io.sanitise import sanitise
from ..wording import LABELS, describe_company, heading, premise_label, words
from ._once import SaidOnce
from .svg import KIND_COLOURS

if TYPE_CHECKING:  # the proof model is imported with the first proof, not with the advice
    from ..explain.how import ConclusionProof, Ground, Justification

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


@in_language_of
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
        (f"{LABELS['advice_for']} ", "bold"),
        (company.name, "bold"),
        (f" ({describe_company(company.type.value)})", "bold"),
    )
    lines: list[RenderableType] = [title]
    if scenario.concern.issue is not None:
        lines.append(Text(f"{LABELS['concern']}: {words(scenario.concern.issue.value)}"))
    version = f"{LABELS['rules']} {advice.rules_version}, {LABELS['engine']} {advice.engine}"
    lines.append(_text((version, "dim")))
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
                title=Text(LABELS["assumptions_made"], style="bold"),
                title_align="left",
                border_style="yellow",
            )
        )
    if not advice.conclusions:
        parts.append(Text(LABELS["no_rule_applies"]))
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
            body.append(sanitise(f"\n{LABELS['placed_here']}: {reasons}"), style="italic")
        if item.assumptions:
            assumes = f"\n{LABELS['assumes']}: {', '.join(item.assumptions)}"
            body.append(sanitise(assumes), style="yellow")
        for resource in item.resources:
            body.append(
                sanitise(f"\n{LABELS['see']}: {resource.name} <{resource.url}>"), style="cyan"
            )
        guide = _text("\n".join(item.sources))
        if index < len(items) - 1:
            body.append("\n")  # a blank line between items, none after the last
        row = [body, guide]
        table.add_row(*([f"{item.rank}."] if ranked else []), *row)
    return table


@in_language_of
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
    from ..explain import explain

    proof = explain(advice, conclusion_id)
    tree = Tree(_conclusion_label(proof.root), guide_style="dim")
    _grow(tree, proof.root.justifications, seen=set())
    return tree


def _conclusion_label(node: ConclusionProof) -> Text:
    return _text((node.title, f"bold {_style(node.kind)}"), ("  " + node.id, "dim"))


def _grow(tree: Tree, justifications: Iterable[Justification], seen: set[str]) -> None:
    """Each justification under ``tree``, and what it rested on, in the order of their names
    in the derivation graph; a sub-proof reached again is shown without its own reasons."""
    from ..explain.how import Fact

    for justification in sorted(justifications, key=lambda j: j.node):
        label = _text(
            (LABELS["default" if justification.default else "rule"] + " ", "dim"),
            (justification.rule, "bold"),
            (f"  [{', '.join(justification.sources)}]", "dim"),
            "\n",
            (justification.because, "italic"),
        )
        branch = tree.add(label)
        for premise in sorted(justification.premises, key=_name):
            if isinstance(premise, Fact):
                assumed = premise.assumed_by is not None
                leaf = branch.add(
                    _text(
                        (premise_label(premise.premise), "yellow" if assumed else ""),
                        (f"  ({LABELS['assumed']})" if assumed else "", "yellow dim"),
                    )
                )
                filled = premise.assumed_by or premise.derived_by
                if filled is not None and premise.premise not in seen:
                    seen.add(premise.premise)
                    _grow(leaf, (filled,), seen)
                if premise.evidence is not None:  # a campaign journal's events
                    leaf.add(_text((f"{LABELS['journal']}: {premise.evidence.text}", "green")))
            else:
                sub = branch.add(_conclusion_label(premise))
                if premise.id not in seen:
                    seen.add(premise.id)
                    _grow(sub, premise.justifications, seen)


def _name(ground: Ground) -> str:
    from ..explain.how import Fact

    return ground.premise if isinstance(ground, Fact) else ground.id
