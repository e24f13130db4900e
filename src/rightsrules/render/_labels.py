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


#: Each company type in words.
COMPANY_TYPES: dict[str, str] = {
    "isp": "internet service provider",
    "mobile_network_operator": "mobile network operator",
    "social_media_platform": "social media platform",
    "cloud_company": "cloud company",
    "payment_processor": "payment processor",
    "app_store": "app store",
    "content_delivery_service": "content delivery service",
    "other": "company of a type the guide does not name",
}


def describe_company(company_type: str) -> str:
    """A company type in words.

    >>> describe_company("isp")
    'internet service provider'
    """
    return COMPANY_TYPES.get(company_type, company_type.replace("_", " "))
