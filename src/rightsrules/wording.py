"""The words shown for the vocabulary: headings, labels, the words for its values and paths,
the domain wordings of the plan, and premises in words, for every rendering.

Each wording is a data table keyed by a vocabulary token (a :class:`~rightsrules.i18n.Wording`:
its English texts are messages of the translation template, and reading it gives them in the
language in use), so a translation changes no code; the few functions here only look them up.

>>> heading("strategy"), words("b2b"), describe_premise(Premise.of_unknown("company.size"))
('Strategies, ranked', 'other businesses (b2b)', 'company.size is not given')
"""

from __future__ import annotations

import functools
from collections.abc import Callable

from .conditions import Premise, format_value
from .i18n import N_, Wording, current_language
from .i18n import _ as translate
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
    "VALUE_WORDS",
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
KIND_HEADINGS: Wording = Wording(
    {
        "scope": N_("Scope of the guide"),
        "challenge": N_("Human-rights challenges"),
        "leverage": N_("Leverage points"),
        "strategy": N_("Strategies, ranked"),
        "contact": N_("Whom to contact"),
        "step": N_("Steps, in order"),
        "precedent": N_("Case studies that match"),
    }
)


#: The labels of the advice and proof renderings (text, Markdown, terminal, Mermaid, DOT), by
#: what they name.
LABELS: Wording = Wording(
    {
        "advice_for": N_("Advice for"),
        "concern": N_("Concern"),
        "rules": N_("Rules"),
        # TRANSLATORS: before the name of the inference engine that derived the advice
        "engine": N_("engine"),
        "why": N_("Why"),
        "placed_here": N_("Placed here because"),
        "assumes": N_("Assumes"),
        "guide": N_("Guide"),
        "see": N_("See"),
        "assumptions": N_("Assumptions"),
        "assumptions_made": N_("Assumptions (defaults for facts you did not give)"),
        "no_rule_applies": N_("No rule applies to this scenario: add facts to get advice."),
        # TRANSLATORS: a label in a proof tree: a fact of the scenario
        "fact": N_("fact"),
        # TRANSLATORS: a label in a proof tree, before a rule's id
        "rule": N_("rule"),
        # TRANSLATORS: a label in a proof tree, before the id of a rule that fills a default
        "default": N_("default"),
        # TRANSLATORS: a label in a proof tree, before a rule's reason
        "because": N_("because"),
        # TRANSLATORS: a label in a proof tree, before the guide sections a rule cites
        "rule_guide": N_("guide"),
        # TRANSLATORS: after a fact the advice took by default, not given by the user
        "assumed": N_("assumed"),
        # TRANSLATORS: after a fact a campaign journal's events gave, not the user directly
        "derived": N_("derived from the history"),
        # TRANSLATORS: a label in a proof tree, before the events of a campaign journal that
        # a fact rests on ("journal: message of 2027-01-10 to the policy team")
        "journal": N_("journal"),
        "concluded": N_("concluded; see its own explanation"),
        "proof_assumes": N_("Assumes (defaults for facts not given)"),
        "guide_sections": N_("Guide sections"),
    }
)


def heading(kind: str) -> str:
    return KIND_HEADINGS.get(kind, kind.capitalize())


#: Each company type in words.
COMPANY_TYPES: Wording = Wording(
    {
        "isp": N_("internet service provider"),
        "mobile_network_operator": N_("mobile network operator"),
        "social_media_platform": N_("social media platform"),
        "cloud_company": N_("cloud company"),
        "payment_processor": N_("payment processor"),
        "app_store": N_("app store"),
        "content_delivery_service": N_("content delivery service"),
        "other": N_("company of a type the guide does not name"),
    }
)


def describe_company(company_type: str) -> str:
    """A company type in words.

    >>> describe_company("isp")
    'internet service provider'
    """
    return COMPANY_TYPES.get(company_type, company_type.replace("_", " "))


#: Short notes for the scope conclusions, where a table has room for a few words only.
SCOPE_NOTES: Wording = Wording(
    {
        "scope:outside_guide_company_type": N_("outside the guide's company types"),
        "scope:tech_sme": N_("tech SME"),
    }
)


#: How each concern reads in a sentence, in the project's own words.
ISSUES: Wording = Wording(
    {
        "content_restriction": N_("orders from the authorities to take down or block content"),
        "network_disruption": N_("orders to cut or slow down networks and services"),
        "user_data_demand": N_("demands from the authorities for users' data"),
        "data_misuse": N_("how users' data is collected, used and shared"),
        "net_neutrality": N_("some content or services being favoured over others on the network"),
        "sim_registration": N_("rules that tie every SIM card to an identified person"),
        "direct_access": N_("demands for direct access to the network for surveillance"),
        "forced_decryption": N_("demands to break or bypass encryption"),
        "content_moderation": N_("how content is moderated across languages and communities"),
        "trust_and_safety": N_("how harmful content and people at risk are dealt with"),
        "online_abuse": N_(
            "hate, harassment and abuse aimed at people for who they are or what they do"
        ),
        "regulation": N_("a new or draft law regulating the sector that puts rights at risk"),
    }
)

#: Where the engagement stands, as a sentence.
STAGES: Wording = Wording(
    {
        "planning": N_("You are preparing a first approach."),
        "awaiting_response": N_("You have written to the company and are waiting for its reply."),
        "unresponsive": N_(
            "The company let your date for a reply pass without an adequate answer."
        ),
        "in_dialogue": N_("You are already in conversation with the company."),
    }
)

#: What the organisation can offer, as the object of "we can offer".
OFFERS: Wording = Wording(
    {
        "research": N_("our research on the situation here"),
        "mapping": N_("our mapping of the relevant local law"),
        "expertise": N_("our expertise on local conditions"),
        "event_platform": N_("a place to speak at one of our events"),
    }
)

#: Each phase of the engagement as a heading (``""``: steps of no phase).
PHASE_TITLES: Wording = Wording(
    {
        "prepare": N_("Prepare"),
        "approach": N_("Approach the company"),
        "follow_up": N_("Follow up"),
        "escalate": N_("Escalate"),
        "": N_("Other steps"),
    }
)

#: The words to search a professional network for, for each team to contact.
SEARCH_TERMS: Wording = Wording(
    {
        "contact:trust_and_safety": N_("trust and safety"),
        "contact:human_rights": N_("human rights"),
        "contact:csr": N_("corporate social responsibility"),
        "contact:policy": N_("public policy"),
        "contact:legal": N_("legal counsel"),
        "contact:product": N_("product manager"),
    }
)

#: The sections of the engagement-plan report, in order, with their headings.
REPORT_SECTIONS: Wording = Wording(
    {
        "summary": N_("Summary"),
        "first": N_("Do these first"),
        "challenges": N_("The company's challenges"),
        "leverage": N_("Leverage"),
        "strategies": N_("Strategies, ranked"),
        "contacts": N_("Whom to contact"),
        "steps": N_("Steps, phase by phase"),
        "letter": N_("The draft"),
        "precedents": N_("Case studies that match"),
        "resources": N_("Resources"),
        "assumptions": N_("Assumptions made"),
        "questions": N_("Questions still open"),
        "why": N_("Why: the derivation graph"),
    }
)

#: Enum values whose words are not their token with spaces.
VALUE_WORDS: Wording = Wording(
    {
        "true": N_("yes"),
        "false": N_("no"),
        "b2c": N_("the public (b2c)"),
        "b2b": N_("other businesses (b2b)"),
        "both": N_("both"),
        "csr": N_("corporate social responsibility"),
        "igf": N_("the Internet Governance Forum"),
        "rightscon": N_("RightsCon"),
        "gni": N_("GNI"),
        "isp": N_("internet service provider"),
    }
)


def words(value: str) -> str:
    """A token of the vocabulary (or of the user's own lists) as words for a sentence.

    >>> words("child_protection"), words("b2b"), words("trust_and_safety")
    ('child protection', 'other businesses (b2b)', 'trust and safety')
    """
    if value in COMPANY_TYPES:
        return COMPANY_TYPES[value]
    if value in VALUE_WORDS:
        return VALUE_WORDS[value]
    return translate(value.replace("_", " "))


def describe_path(path: str) -> str:
    """A scenario path as words: its question without the question mark, or the path.

    >>> describe_path("company.size")
    'how large the company is'
    """
    return _PATH_WORDS.get(path) or path.split(".", 1)[-1].replace("_", " ")


#: Scenario paths as noun phrases, for "not given: ..." lines.
_PATH_WORDS: Wording = Wording(
    {
        "company.size": N_("how large the company is"),
        "company.departments": N_("which teams the company has"),
        "company.publicly_traded": N_("whether the company is publicly traded"),
        "company.licensed": N_("whether the company operates under a government licence"),
        "company.local_staff": N_("whether the company has staff in the country"),
        "company.business_model": N_("whom the company sells to"),
        "company.state_ownership": N_("whether the state owns part of the company"),
        "company.gni_member": N_("whether the company is a GNI member"),
        "context.consumer_protection_law": N_("whether usable consumer-protection laws exist"),
    }
)


#: Countries whose English name takes "the" in a sentence ("in the United States").
_WITH_ARTICLE = frozenset(
    {
        *("AE", "BS", "CD", "CF", "CG", "DO", "FK", "FO", "GB", "GM", "IM", "KM", "KY"),
        *("MH", "MP", "MV", "NL", "PH", "PS", "SB", "SC", "TC", "US", "VA", "VG", "VI"),
    }
)


def country_in(code: str) -> str:
    """A country as it reads after "in": its name, with "the" where English puts one (other
    languages: its name, which their sentences place).

    >>> country_in("NG"), country_in("PS"), country_in("US")
    ('Nigeria', 'the Palestinian Territories', 'the United States')
    """
    name = country_name(code)
    english = current_language() == "en"
    return f"the {name}" if english and code in _WITH_ARTICLE else name


#: Where CLDR's short English name is not the one people write in a letter.
_NAMES = {"CD": "Democratic Republic of the Congo", "CG": "Republic of the Congo"}


def country_name(code: str) -> str:
    """A country's name in the language in use (Babel's CLDR data), or the code where it is
    no country of ISO 3166-1.

    >>> country_name("NG"), country_name("PS"), country_name("ZZ")
    ('Nigeria', 'Palestinian Territories', 'ZZ')
    """
    return _country_name(code, current_language())


@functools.cache
def _country_name(code: str, language: str) -> str:
    if code not in COUNTRY_CODES:
        return code
    if language == "en" and code in _NAMES:
        return _NAMES[code]
    from babel import Locale  # its locale data is read on first use, not at start-up

    name: str = Locale(language).territories.get(code, code)
    return name


#: A premise about the scenario in words, by its form; ``{path}`` and ``{value}`` are filled in.
#: Keys: ``unknown``, then ``is``/``is_not`` for a single value and ``includes``/
#: ``lacks``/``empty``/``not_empty`` for a list.
PREMISE_WORDS: Wording = Wording(
    {
        "unknown": N_("{path} is not given"),
        "is": N_("{path} = {value}"),
        "is_not": N_("{path} is not {value}"),
        "includes": N_("{path} includes {value}"),
        "lacks": N_("{path} does not include {value}"),
        "empty": N_("{path} is empty"),
        "not_empty": N_("{path} is not empty"),
    }
)


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
