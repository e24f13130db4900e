"""Headings, labels and the words shown for the vocabulary's values, shared by the renderings."""

from __future__ import annotations

import functools

from ..vocabulary import COUNTRY_CODES

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
