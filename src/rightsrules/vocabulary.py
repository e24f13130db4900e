"""The names of the scenario: sections, keys, their types and the values they allow.

This module is the single place where ``shared/design/VOCABULARY.md`` section 1 lives in code.
The scenario loader, the rule loader, the JSON Schemas, the linter and the docs all read it.

>>> FIELDS["company.type"].allowed[:2]
('isp', 'mobile_network_operator')
>>> FIELDS["company.departments"].is_list
True
"""

from __future__ import annotations

import enum
from collections.abc import Mapping

import attrs

from ._countries import COUNTRY_CODES

__all__ = [
    "CONCLUSION_KINDS",
    "COUNTRY_CODES",
    "FIELDS",
    "SECTIONS",
    "STEP_PHASES",
    "WITHIN_REACH",
    "BusinessModel",
    "CompanyType",
    "Department",
    "Driver",
    "EngagementStage",
    "Field",
    "FieldKind",
    "Issue",
    "LastReply",
    "Network",
    "Offer",
    "Relationship",
    "Size",
    "StateOwnership",
]


class CompanyType(enum.StrEnum):
    """What kind of company it is; the first four are the guide's own."""

    ISP = "isp"
    MOBILE_NETWORK_OPERATOR = "mobile_network_operator"
    SOCIAL_MEDIA_PLATFORM = "social_media_platform"
    CLOUD_COMPANY = "cloud_company"
    PAYMENT_PROCESSOR = "payment_processor"
    APP_STORE = "app_store"
    CONTENT_DELIVERY_SERVICE = "content_delivery_service"
    OTHER = "other"


class StateOwnership(enum.StrEnum):
    NONE = "none"
    PARTIAL = "partial"
    FULL = "full"


class Size(enum.StrEnum):
    SMALL = "small"
    MEDIUM = "medium"
    LARGE = "large"


class BusinessModel(enum.StrEnum):
    B2C = "b2c"
    B2B = "b2b"
    BOTH = "both"


class Department(enum.StrEnum):
    TRUST_AND_SAFETY = "trust_and_safety"
    HUMAN_RIGHTS = "human_rights"
    CSR = "csr"
    POLICY = "policy"
    LEGAL = "legal"


class Issue(enum.StrEnum):
    CONTENT_RESTRICTION = "content_restriction"
    NETWORK_DISRUPTION = "network_disruption"
    USER_DATA_DEMAND = "user_data_demand"
    DATA_MISUSE = "data_misuse"
    NET_NEUTRALITY = "net_neutrality"
    SIM_REGISTRATION = "sim_registration"
    DIRECT_ACCESS = "direct_access"
    FORCED_DECRYPTION = "forced_decryption"
    CONTENT_MODERATION = "content_moderation"
    TRUST_AND_SAFETY = "trust_and_safety"
    ONLINE_ABUSE = "online_abuse"
    REGULATION = "regulation"


class Driver(enum.StrEnum):
    GOVERNMENT = "government"
    COMPANY = "company"


class Relationship(enum.StrEnum):
    NONE = "none"
    INDIRECT = "indirect"
    CONTACT = "contact"
    ALLY = "ally"


class Offer(enum.StrEnum):
    RESEARCH = "research"
    MAPPING = "mapping"
    EXPERTISE = "expertise"
    EVENT_PLATFORM = "event_platform"


class Network(enum.StrEnum):
    RIGHTSCON = "rightscon"
    IGF = "igf"
    GNI = "gni"
    COALITION = "coalition"


class EngagementStage(enum.StrEnum):
    PLANNING = "planning"
    AWAITING_RESPONSE = "awaiting_response"
    UNRESPONSIVE = "unresponsive"
    IN_DIALOGUE = "in_dialogue"


class LastReply(enum.StrEnum):
    """What the company answered to the latest message: ``none`` when it has not answered."""

    NONE = "none"
    ACKNOWLEDGED = "acknowledged"
    DECLINED = "declined"
    COMMITTED = "committed"
    PARTIAL = "partial"


class FieldKind(enum.Enum):
    """The type of a scenario key's value."""

    TEXT = "text"
    BOOL = "bool"
    ENUM = "enum"
    COUNTRY = "country"
    TEXT_LIST = "text_list"
    ENUM_LIST = "enum_list"
    #: A calendar day written YYYY-MM-DD (ISO 8601); read by the reports, by no rule.
    DATE = "date"


@attrs.frozen
class Field:
    """One scenario key: its dotted path, its type, the values it allows and its question."""

    path: str
    kind: FieldKind
    question: str
    enum: type[enum.StrEnum] | None = None
    required: bool = False

    @property
    def section(self) -> str:
        return self.path.split(".", 1)[0]

    @property
    def key(self) -> str:
        return self.path.split(".", 1)[1]

    @property
    def is_list(self) -> bool:
        return self.kind in (FieldKind.TEXT_LIST, FieldKind.ENUM_LIST)

    @property
    def allowed(self) -> tuple[str, ...]:
        """The closed set of values (or list items) it takes; empty when it is free."""
        if self.kind is FieldKind.BOOL:
            return ("true", "false")
        if self.enum is not None:
            return tuple(member.value for member in self.enum)
        return ()


def _fields(*fields: Field) -> Mapping[str, Field]:
    return {field.path: field for field in fields}


_T, _B, _E, _C, _TL, _EL, _D = (
    FieldKind.TEXT,
    FieldKind.BOOL,
    FieldKind.ENUM,
    FieldKind.COUNTRY,
    FieldKind.TEXT_LIST,
    FieldKind.ENUM_LIST,
    FieldKind.DATE,
)

#: Every scenario key, in the order of VOCABULARY.md, with the question that asks for it.
FIELDS: Mapping[str, Field] = _fields(
    Field("company.name", _T, "What is the company called?", required=True),
    Field("company.type", _E, "What kind of company is it?", CompanyType, required=True),
    Field("company.licensed", _B, "Does the company operate under a government licence?"),
    Field("company.local_staff", _B, "Does the company have staff in the country of concern?"),
    Field("company.state_ownership", _E, "Does the state own part of the company?", StateOwnership),
    Field("company.publicly_traded", _B, "Is the company publicly traded?"),
    Field("company.size", _E, "How large is the company?", Size),
    Field("company.headquarters", _C, "In which country is the company headquartered?"),
    Field("company.business_model", _E, "Whom does the company sell to?", BusinessModel),
    Field("company.gni_member", _B, "Is the company a member of the Global Network Initiative?"),
    Field("company.industry_associations", _TL, "Which industry associations is it part of?"),
    Field("company.departments", _EL, "Which departments does it have?", Department),
    Field("company.published_reports", _TL, "On which topics does it publish reports?"),
    Field("company.public_commitments", _TL, "Which human-rights commitments has it published?"),
    Field("context.country", _C, "In which country does the harm happen?"),
    Field("context.legal_mapping_done", _B, "Have you mapped the local legal provisions?"),
    Field(
        "context.local_law_conflicts_with_international_law",
        _B,
        "Does local law conflict with international human-rights law on this issue?",
    ),
    Field("context.consumer_protection_law", _B, "Are there consumer-protection laws to use?"),
    Field("concern.issue", _E, "What harm are you concerned about?", Issue),
    Field("concern.driver", _E, "Who is causing the harm?", Driver),
    Field("organization.name", _T, "What is your organisation called?"),
    Field(
        "organization.relationship",
        _E,
        "What relationship do you have with the company?",
        Relationship,
    ),
    Field("organization.capacity", _E, "How much capacity does your organisation have?", Size),
    Field(
        "organization.documentation_system",
        _B,
        "Do you keep formal documentation of cases?",
    ),
    Field("organization.can_offer", _EL, "What could you offer the company?", Offer),
    Field("organization.networks", _EL, "Where do you already meet companies?", Network),
    Field(
        "engagement.stage",
        _E,
        "Where does your engagement with the company stand?",
        EngagementStage,
    ),
    Field(
        "engagement.contacting_competitors",
        _B,
        "Are you also contacting the company's competitors?",
    ),
    Field("engagement.key_contact_left", _B, "Has your key contact at the company left?"),
    # Added beside VOCABULARY.md (extra optional keys are allowed there): the date by which
    # the company is asked to reply, shown in the engagement plan's checklist (issue 6).
    Field(
        "engagement.response_deadline",
        _D,
        "By what date do you ask the company to reply (YYYY-MM-DD)?",
    ),
    # The history section (VOCABULARY.md §4, added): what a campaign journal's events say as
    # of a date, computed from the events mechanically (rightsrules.campaign.history); the
    # rules of rules/17-campaign-history.yaml derive the engagement facts from them. A scenario
    # may also give them by hand.
    Field("history.message_sent", _B, "Have you sent the company a message about this?"),
    Field("history.reply_by", _D, "By what date did your latest message ask for a reply?"),
    Field("history.reply_by_passed", _B, "Has the reply date of your latest message passed?"),
    Field(
        "history.last_reply",
        _E,
        "What did the company answer to your latest message?",
        LastReply,
    ),
    Field("history.replied", _B, "Has the company ever replied to you?"),
    Field("history.met", _B, "Have you met the company?"),
    Field("history.met_since_message", _B, "Have you met the company since your latest message?"),
    Field("history.contact_made", _B, "Have you made a contact at the company?"),
    Field(
        "history.contact_left_after_contact",
        _B,
        "Has the person you knew at the company left, with no new contact since?",
    ),
    Field(
        "history.other_company_approached",
        _B,
        "Have you approached another company on the same concern?",
    ),
    Field("history.public_statement", _B, "Have you spoken publicly about the company?"),
    Field("history.company_statement", _B, "Has the company made a public statement on this?"),
)

#: The scenario's sections, in order.
SECTIONS: tuple[str, ...] = (
    "company",
    "context",
    "concern",
    "organization",
    "engagement",
    "history",
)

#: The kinds of conclusion, in the order advice presents them.
CONCLUSION_KINDS: tuple[str, ...] = (
    "scope",
    "challenge",
    "leverage",
    "strategy",
    "contact",
    "step",
    "precedent",
)

#: The phases of an engagement, in the order a practitioner goes through them: a step's
#: ``phase`` in the catalogue, and the first key of the order of steps in the advice.
STEP_PHASES: tuple[str, ...] = ("prepare", "approach", "follow_up", "escalate")

#: The organisation's own facts, within its reach to change: its relationship with the
#: company, its capacity, its documentation, what it can offer, its networks, and every fact
#: of the engagement. The minimal changes mark a change to one of them as ``within_reach``.
WITHIN_REACH: frozenset[str] = frozenset(
    path
    for path in FIELDS
    if path.startswith("engagement.")
    or path
    in (
        "organization.relationship",
        "organization.capacity",
        "organization.documentation_system",
        "organization.can_offer",
        "organization.networks",
    )
)
