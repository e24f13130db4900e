"""Advice as Markdown: headings per kind, every user-given text escaped."""

from __future__ import annotations

from .._markdown import escape
from ..advice import Advice
from ..conditions import format_value
from ._labels import describe_company, heading
from ._once import SaidOnce

__all__ = ["escape", "to_markdown"]


def to_markdown(advice: Advice) -> str:
    """The advice as a Markdown document."""
    scenario = advice.understood
    company = scenario.company
    lines = [f"# Advice for {escape(company.name)} ({describe_company(company.type.value)})", ""]
    if scenario.concern.issue is not None:
        lines += [f"Concern: **{scenario.concern.issue.value.replace('_', ' ')}**", ""]
    lines += [f"Rules `{advice.rules_version}`, engine `{advice.engine}`."]
    said = SaidOnce()
    for kind, items in advice.grouped.items():
        lines += ["", f"## {heading(kind)}", ""]
        numbered = kind in ("strategy", "step")
        for item in items:
            bullet = f"{item.rank}." if numbered else "-"
            lines.append(f"{bullet} **{item.title}** (`{item.id}`)  ")
            lines.append(f"   {said.say(item.rationale, item.title)}  ")
            if numbered and item.rank_reasons:
                reasons = said.reasons(tuple(r.because for r in item.rank_reasons), item.title)
                lines.append(f"   *Placed here because:* {reasons}  ")
            if item.assumptions:
                lines.append(f"   *Assumes:* {', '.join(f'`{a}`' for a in item.assumptions)}  ")
            lines.append(f"   *Guide:* {', '.join(f'`{s}`' for s in item.sources)}")
            for resource in item.resources:
                lines.append(f"   *See:* [{resource.name}]({resource.url})")
    if advice.assumptions:
        lines += ["", "## Assumptions", ""]
        for assumption in advice.assumptions:
            because = advice.knowledge_base.rule(assumption.rule).because
            lines.append(f"- `{assumption.path}` = `{format_value(assumption.value)}`: {because}")
    return "\n".join(lines) + "\n"
