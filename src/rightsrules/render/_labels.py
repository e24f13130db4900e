"""Headings and labels the renderings share."""

from __future__ import annotations

#: The heading of each kind of conclusion, in presentation order.
KIND_HEADINGS: dict[str, str] = {
    "scope": "Scope of the guide",
    "challenge": "Human-rights challenges",
    "leverage": "Leverage points",
    "strategy": "Strategies, ranked",
    "contact": "Whom to contact",
    "step": "Steps, ranked",
    "precedent": "Case studies that match",
}


def heading(kind: str) -> str:
    return KIND_HEADINGS.get(kind, kind.capitalize())


def describe_company(company_type: str) -> str:
    return company_type.replace("_", " ")
