"""Advice as Markdown: headings per kind, every user-given text escaped."""

from __future__ import annotations

from ..advice import Advice
from ..conditions import format_value
from ..escape import markdown
from ..i18n import in_language_of
from ..wording import LABELS, describe_company, heading, words
from ._once import SaidOnce

__all__ = ["to_markdown"]


@in_language_of
def to_markdown(advice: Advice) -> str:
    """The advice as a Markdown document."""
    scenario = advice.understood
    company = scenario.company
    company_type = describe_company(company.type.value)
    lines = [f"# {LABELS['advice_for']} {markdown(company.name)} ({company_type})", ""]
    if scenario.concern.issue is not None:
        lines += [f"{LABELS['concern']}: **{words(scenario.concern.issue.value)}**", ""]
    lines += [f"{LABELS['rules']} `{advice.rules_version}`, {LABELS['engine']} `{advice.engine}`."]
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
                lines.append(f"   *{LABELS['placed_here']}:* {reasons}  ")
            if item.assumptions:
                lines.append(
                    f"   *{LABELS['assumes']}:* {', '.join(f'`{a}`' for a in item.assumptions)}  "
                )
            lines.append(f"   *{LABELS['guide']}:* {', '.join(f'`{s}`' for s in item.sources)}")
            for resource in item.resources:
                lines.append(f"   *{LABELS['see']}:* [{resource.name}]({resource.url})")
    if advice.assumptions:
        lines += ["", f"## {LABELS['assumptions']}", ""]
        for assumption in advice.assumptions:
            because = advice.knowledge_base.rule(assumption.rule).because
            lines.append(f"- `{assumption.path}` = `{format_value(assumption.value)}`: {because}")
    return "\n".join(lines) + "\n"
