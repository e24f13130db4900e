"""Advice as plain text, grouped by kind, each item with its reason and its sources."""

from __future__ import annotations

import textwrap

from ..advice import Advice, Conclusion
from ..conditions import format_value
from ..i18n import in_language_of
from ..wording import LABELS, describe_company, heading, words
from ._once import SaidOnce

__all__ = ["to_text"]

_WIDTH = 88


@in_language_of
def to_text(advice: Advice) -> str:
    """The advice as readable plain text."""
    scenario = advice.understood
    company = scenario.company
    title = f"{LABELS['advice_for']} {company.name} ({describe_company(company.type.value)})"
    lines = [title, "=" * len(title)]
    if scenario.concern.issue is not None:
        lines.append(f"{LABELS['concern']}: {words(scenario.concern.issue.value)}")
    lines.append(f"{LABELS['rules']} {advice.rules_version}, {LABELS['engine']} {advice.engine}")
    said = SaidOnce()
    for kind, items in advice.grouped.items():
        lines += ["", heading(kind), "-" * len(heading(kind))]
        numbered = kind in ("strategy", "step")
        for item in items:
            lines += _item(item, numbered, said)
    if advice.assumptions:
        lines += ["", LABELS["assumptions_made"], "-" * len(LABELS["assumptions_made"])]
        for assumption in advice.assumptions:
            because = advice.knowledge_base.rule(assumption.rule).because
            lines += _wrap(
                f"- {assumption.path} = {format_value(assumption.value)}: {because}", "  "
            )
    if not advice.conclusions:
        lines += ["", LABELS["no_rule_applies"]]
    return "\n".join(lines) + "\n"


def _item(item: Conclusion, numbered: bool, said: SaidOnce) -> list[str]:
    bullet = f"{item.rank}." if numbered else "-"
    lines = _wrap(f"{bullet} {item.title} [{item.id}]", "   ")
    lines += _wrap(f"{LABELS['why']}: {said.say(item.rationale, item.title)}", "   ", first="   ")
    if numbered and item.rank_reasons:
        reasons = said.reasons(tuple(r.because for r in item.rank_reasons), item.title)
        lines += _wrap(f"{LABELS['placed_here']}: {reasons}", "   ", first="   ")
    if item.assumptions:
        lines += _wrap(f"{LABELS['assumes']}: {', '.join(item.assumptions)}", "   ", first="   ")
    lines += _wrap(f"{LABELS['guide']}: {', '.join(item.sources)}", "   ", first="   ")
    for resource in item.resources:
        lines += _wrap(f"{LABELS['see']}: {resource.name} <{resource.url}>", "   ", first="   ")
    return lines


def _wrap(text: str, indent: str, first: str = "") -> list[str]:
    return textwrap.wrap(
        text, _WIDTH, initial_indent=first, subsequent_indent=indent, break_on_hyphens=False
    ) or [first]
