"""The words shown for the vocabulary: headings, labels, the words for its values and paths,
the domain wordings of the plan, and premises in words, for every rendering.

Each wording is a data table (a ``dict`` keyed by a vocabulary token), so a translation
replaces tables, not code; the few functions here only look them up.

>>> heading("strategy"), words("b2b"), describe_premise(Premise.of_unknown("company.size"))
('Strategies, ranked', 'other businesses (b2b)', 'company.size is not given')
"""

from __future__ import annotations

import functools
from collections.abc import Callable

from .conditions import Premise, format_value
from .vocabulary import COUNTRY_CODES, FIELDS

__all__ = [
    "COMPANY_TYPES",
    "ISSUES",
    "KIND_HEADINGS",
    "LABELS",
    "OFFERS",
    "PHASE_TITLES",
    "PREMISE_WORDS",
    "REPORT_SECTIONS",
    "SCOPE_NOTES",
    "SEARCH_TERMS",
    "STAGES",
    "country_in",
    "country_name",
    "describe_company",
    "describe_path",
    "describe_premise",
    "heading",
    "premise_label",
    "words",
]

#: The heading of each kind of conclusion, in presentation order.
KIND_HEADINGS: dict[str, str] = {
    "scope": "Scope of the guide",
    "challenge": "Human-rights challenges",
    "leverage": "Leverage points",
    "strategy": "Strategies, ranked",
    "contact": "Whom to contact",
    "step": "Steps, in order",
    "precedent": "Case studies that match",
}


#: The labels of the advice and proof renderings (text, Markdown, terminal, Mermaid, DOT), by
#: what they name.
LABELS: dict[str, str] = {
    "advice_for": "Advice for",
    "concern": "Concern",
    "rules": "Rules",
    "engine": "engine",
    "why": "Why",
    "placed_here": "Placed here because",
    "assumes": "Assumes",
    "guide": "Guide",
    "see": "See",
    "assumptions": "Assumptions",
    "assumptions_made": "Assumptions (defaults for facts you did not give)",
    "no_rule_applies": "No rule applies to this scenario: add facts to get advice.",
    "fact": "fact",
    "rule": "rule",
    "default": "default",
    "because": "because",
    "rule_guide": "guide",
    "assumed": "assumed",
    "derived": "derived from the history",
    "concluded": "concluded; see its own explanation",
    "proof_assumes": "Assumes (defaults for facts not given)",
    "guide_sections": "Guide sections",
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


#: Short notes for the scope conclusions, where a table has room for a few words only.
SCOPE_NOTES: dict[str, str] = {
    "scope:outside_guide_company_type": "outside the guide's company types",
    "scope:tech_sme": "tech SME",
}


#: How each concern reads in a sentence, in the project's own words.
ISSUES: dict[str, str] = {
    "content_restriction": "orders from the authorities to take down or block content",
    "network_disruption": "orders to cut or slow down networks and services",
    "user_data_demand": "demands from the authorities for users' data",
    "data_misuse": "how users' data is collected, used and shared",
    "net_neutrality": "some content or services being favoured over others on the network",
    "sim_registration": "rules that tie every SIM card to an identified person",
    "direct_access": "demands for direct access to the network for surveillance",
    "forced_decryption": "demands to break or bypass encryption",
    "content_moderation": "how content is moderated across languages and communities",
    "trust_and_safety": "how harmful content and people at risk are dealt with",
    "online_abuse": "hate, harassment and abuse aimed at people for who they are or what they do",
    "regulation": "a new or draft law regulating the sector that puts rights at risk",
}

#: Where the engagement stands, as a sentence.
STAGES: dict[str, str] = {
    "planning": "You are preparing a first approach.",
    "awaiting_response": "You have written to the company and are waiting for its reply.",
    "unresponsive": "The company let your date for a reply pass without an adequate answer.",
    "in_dialogue": "You are already in conversation with the company.",
}

#: What the organisation can offer, as the object of "we can offer".
OFFERS: dict[str, str] = {
    "research": "our research on the situation here",
    "mapping": "our mapping of the relevant local law",
    "expertise": "our expertise on local conditions",
    "event_platform": "a place to speak at one of our events",
}

#: Each phase of the engagement as a heading (``""``: steps of no phase).
PHASE_TITLES: dict[str, str] = {
    "prepare": "Prepare",
    "approach": "Approach the company",
    "follow_up": "Follow up",
    "escalate": "Escalate",
    "": "Other steps",
}

#: The words to search a professional network for, for each team to contact.
SEARCH_TERMS: dict[str, str] = {
    "contact:trust_and_safety": "trust and safety",
    "contact:human_rights": "human rights",
    "contact:csr": "corporate social responsibility",
    "contact:policy": "public policy",
    "contact:legal": "legal counsel",
    "contact:product": "product manager",
}

#: The sections of the engagement-plan report, in order, with their headings.
REPORT_SECTIONS: dict[str, str] = {
    "summary": "Summary",
    "first": "Do these first",
    "challenges": "The company's challenges",
    "leverage": "Leverage",
    "strategies": "Strategies, ranked",
    "contacts": "Whom to contact",
    "steps": "Steps, phase by phase",
    "letter": "The draft",
    "precedents": "Case studies that match",
    "resources": "Resources",
    "assumptions": "Assumptions made",
    "questions": "Questions still open",
    "why": "Why: the derivation graph",
}

#: Enum values whose words are not their token with spaces.
_VALUE_WORDS: dict[str, str] = {
    "true": "yes",
    "false": "no",
    "b2c": "the public (b2c)",
    "b2b": "other businesses (b2b)",
    "both": "both",
    "csr": "corporate social responsibility",
    "igf": "the Internet Governance Forum",
    "rightscon": "RightsCon",
    "gni": "GNI",
    "isp": "internet service provider",
}


def words(value: str) -> str:
    """A token of the vocabulary (or of the user's own lists) as words for a sentence.

    >>> words("child_protection"), words("b2b"), words("trust_and_safety")
    ('child protection', 'other businesses (b2b)', 'trust and safety')
    """
    if value in COMPANY_TYPES:
        return COMPANY_TYPES[value]
    return _VALUE_WORDS.get(value, value.replace("_", " "))


def describe_path(path: str) -> str:
    """A scenario path as words: its question without the question mark, or the path.

    >>> describe_path("company.size")
    'how large the company is'
    """
    return _PATH_WORDS.get(path) or path.split(".", 1)[-1].replace("_", " ")


#: Scenario paths as noun phrases, for "not given: ..." lines.
_PATH_WORDS: dict[str, str] = {
    "company.size": "how large the company is",
    "company.departments": "which teams the company has",
    "company.publicly_traded": "whether the company is publicly traded",
    "company.licensed": "whether the company operates under a government licence",
    "company.local_staff": "whether the company has staff in the country",
    "company.business_model": "whom the company sells to",
    "company.state_ownership": "whether the state owns part of the company",
    "company.gni_member": "whether the company is a GNI member",
    "context.consumer_protection_law": "whether usable consumer-protection laws exist",
}


#: Countries whose English name takes "the" in a sentence ("in the United States").
_WITH_ARTICLE = frozenset(
    {
        *("AE", "BS", "CD", "CF", "CG", "DO", "FK", "FO", "GB", "GM", "IM", "KM", "KY"),
        *("MH", "MP", "MV", "NL", "PH", "PS", "SB", "SC", "TC", "US", "VA", "VG", "VI"),
    }
)


def country_in(code: str) -> str:
    """A country as it reads after "in": its name, with "the" where English puts one.

    >>> country_in("NG"), country_in("PS"), country_in("US")
    ('Nigeria', 'the Palestinian Territories', 'the United States')
    """
    name = country_name(code)
    return f"the {name}" if code in _WITH_ARTICLE else name


#: Where CLDR's short English name is not the one people write in a letter.
_NAMES = {"CD": "Democratic Republic of the Congo", "CG": "Republic of the Congo"}


@functools.cache
def country_name(code: str) -> str:
    """A country's name in English (Babel's CLDR data), or the code where it is no country
    of ISO 3166-1.

    >>> country_name("NG"), country_name("PS"), country_name("ZZ")
    ('Nigeria', 'Palestinian Territories', 'ZZ')
    """
    if code not in COUNTRY_CODES:
        return code
    if code in _NAMES:
        return _NAMES[code]
    from babel import Locale  # its locale data is read on first use, not at start-up

    name: str = Locale("en").territories.get(code, code)
    return name


#: A premise about the scenario in words, by its form; ``{path}`` and ``{value}`` are filled in.
#: Keys: ``unknown``, then ``is``/``is_not`` for a single value and ``includes``/
#: ``lacks``/``empty``/``not_empty`` for a list.
PREMISE_WORDS: dict[str, str] = {
    "unknown": "{path} is not given",
    "is": "{path} = {value}",
    "is_not": "{path} is not {value}",
    "includes": "{path} includes {value}",
    "lacks": "{path} does not include {value}",
    "empty": "{path} is empty",
    "not_empty": "{path} is not empty",
}


def describe_premise(
    premise: Premise, *, shown: Callable[[str, str], tuple[str, str]] | None = None
) -> str:
    """A premise about the scenario in words (:data:`PREMISE_WORDS`); ``shown`` turns the
    path and the value into what a rendering writes for them (Markdown quotes the path and
    escapes the value, say), leaving the words alone.

    >>> describe_premise(Premise.of_fact("company.departments", "legal", negated=True))
    'company.departments does not include legal'
    >>> describe_premise(Premise.of_fact("company.publicly_traded", True))
    'company.publicly_traded = true'
    """
    if premise.unknown:
        form = "unknown"
    elif premise.path in FIELDS and FIELDS[premise.path].is_list:
        if premise.value == ():
            form = "not_empty" if premise.negated else "empty"
        else:
            form = "lacks" if premise.negated else "includes"
    else:
        form = "is_not" if premise.negated else "is"
    path = premise.path
    value = "" if premise.value is None else format_value(premise.value)
    if shown is not None:
        path, value = shown(path, value)
    return PREMISE_WORDS[form].format(path=path, value=value)


def premise_label(premise: Premise) -> str:
    """A premise about the scenario in symbols, where a picture has room for a few words.

    >>> premise_label(Premise.of_fact("company.size", "small", negated=True))
    'company.size ≠ small'
    >>> premise_label(Premise.of_unknown("company.size"))
    'company.size = unknown'
    """
    value = "unknown" if premise.value is None else format_value(premise.value)
    return f"{premise.path} {'≠' if premise.negated else '='} {value}"
