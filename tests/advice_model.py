"""The advice as plain data, built from its objects (conclusions, assumptions, derived facts)
rather than by the JSON writer: what the writer's text must say, for tests that hold the two
equal."""

from __future__ import annotations

from typing import Any

from rightsrules import Advice


def model_dict(advice: Advice) -> dict[str, Any]:
    """VOCABULARY.md §3 advice from :class:`~rightsrules.Advice`'s own objects."""
    kb = advice.knowledge_base
    data: dict[str, Any] = {
        "scenario": advice.understood.to_dict(),
        "conclusions": [conclusion.to_dict() for conclusion in advice.conclusions],
        "assumptions": [
            {
                "path": a.path,
                "value": list(a.value) if isinstance(a.value, tuple) else a.value,
                "rule": a.rule,
                "because": kb.rule(a.rule).because,
                "premises": list(a.premises),
            }
            for a in advice.assumptions
        ],
    }
    if advice.inference.derived:  # only when a derive rule filled a fact
        data["derived"] = [
            {
                "path": d.path,
                "value": list(d.value) if isinstance(d.value, tuple) else d.value,
                "rule": d.rule,
                "because": kb.rule(d.rule).because,
                "premises": list(d.premises),
            }
            for d in advice.inference.derived
        ]
    data["rules_version"] = advice.rules_version
    return data
