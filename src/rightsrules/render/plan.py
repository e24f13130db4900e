"""The engagement plan: the advice reorganised as a document a person can act on.

:func:`build_plan` reads an :class:`~rightsrules.Advice` and returns a :class:`Plan`, plain
data that the Markdown and HTML reports lay out (so both say the same thing): a summary, the
company's challenges, the leverage around it, the strategies in rank order with the reasons
for their place, whom to contact and how to find them, the preparation steps as a checklist
ending with the date for a reply, a draft opening message built on the company's own
commitments, the case studies that match, the resources with their links, the assumptions
made and the questions still open. Every item keeps the guide sections it rests on.

Texts here are the project's own words; user-given strings stay raw in the plan and are
escaped by each renderer.

>>> from rightsrules import ReferenceEvaluator, assess
>>> advice = assess(
...     {"company": {"name": "Example Mobile", "type": "mobile_network_operator"}},
...     evaluator=ReferenceEvaluator(),
... )
>>> plan = build_plan(advice)
>>> plan.title
'Engagement plan: Example Mobile'
"""

from __future__ import annotations

from collections.abc import Iterable

import attrs

from ..advice import Advice, Conclusion
from ..conditions import format_value
from ..knowledge import Resource, Section
from ..vocabulary import FIELDS
from ._labels import describe_company

__all__ = [
    "AssumedFact",
    "OpenQuestion",
    "Plan",
    "PlanItem",
    "build_plan",
    "describe_issue",
    "describe_type",
    "opening_message",
]

#: How each concern reads in a sentence, in the project's own words.
_ISSUES: dict[str, str] = {
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

_STAGES: dict[str, str] = {
    "planning": "You are preparing a first approach.",
    "awaiting_response": "You have written to the company and are waiting for its reply.",
    "unresponsive": "The company has not answered your approaches.",
    "in_dialogue": "You are already in conversation with the company.",
}

_OFFERS: dict[str, str] = {
    "research": "our research on the situation here",
    "mapping": "our mapping of the relevant local law",
    "expertise": "our expertise on local conditions",
    "event_platform": "a place to speak at one of our events",
}


def describe_type(company_type: str) -> str:
    """A company type with its article.

    >>> describe_type("isp")
    'an internet service provider'
    """
    words = describe_company(company_type)
    return ("an " if words[0] in "aeiou" else "a ") + words


def describe_issue(issue: str) -> str:
    """A concern as words for a sentence.

    >>> describe_issue("sim_registration")
    'rules that tie every SIM card to an identified person'
    """
    return _ISSUES.get(issue, issue.replace("_", " "))


@attrs.frozen
class PlanItem:
    """One conclusion as the plan shows it."""

    id: str
    kind: str
    title: str
    summary: str
    why: str
    rank: int
    reasons: tuple[str, ...]
    assumptions: tuple[str, ...]
    sections: tuple[Section, ...]
    resources: tuple[Resource, ...]


@attrs.frozen
class AssumedFact:
    """A fact the scenario did not give, filled by a default: confirm it."""

    path: str
    value: str
    because: str
    question: str


@attrs.frozen
class OpenQuestion:
    """An unknown fact whose answer could change the plan."""

    path: str
    question: str
    answers: tuple[str, ...]
    note: str = ""


@attrs.frozen
class Plan:
    """Everything an engagement plan says, ready to be laid out."""

    title: str
    company: str
    company_type: str
    issue: str | None
    organization: str | None
    summary: tuple[str, ...]
    scope: tuple[PlanItem, ...]
    challenges: tuple[PlanItem, ...]
    leverage: tuple[PlanItem, ...]
    strategies: tuple[PlanItem, ...]
    contacts: tuple[PlanItem, ...]
    finding_contacts: tuple[str, ...]
    steps: tuple[PlanItem, ...]
    deadline: str | None
    deadline_note: str
    message: str
    precedents: tuple[PlanItem, ...]
    resources: tuple[Resource, ...]
    assumptions: tuple[AssumedFact, ...]
    questions: tuple[OpenQuestion, ...]
    rules_version: str
    engine: str


def _item(advice: Advice, conclusion: Conclusion) -> PlanItem:
    sections = []
    for section_id in conclusion.sources:
        try:
            sections.append(advice.knowledge_base.section(section_id))
        except KeyError:
            sections.append(Section(section_id, section_id, ""))
    return PlanItem(
        id=conclusion.id,
        kind=conclusion.kind,
        title=conclusion.title,
        summary=conclusion.summary,
        why=conclusion.rationale,
        rank=conclusion.rank,
        reasons=tuple(dict.fromkeys(r.because for r in conclusion.rank_reasons)),
        assumptions=conclusion.assumptions,
        sections=tuple(sections),
        resources=conclusion.resources,
    )


def build_plan(advice: Advice) -> Plan:
    """The engagement plan for one piece of advice.

    >>> from rightsrules import ReferenceEvaluator, assess
    >>> advice = assess(
    ...     {
    ...         "company": {"name": "Example Net", "type": "isp"},
    ...         "engagement": {"response_deadline": "2030-01-31"},
    ...     },
    ...     evaluator=ReferenceEvaluator(),
    ... )
    >>> build_plan(advice).deadline
    '2030-01-31'
    """
    scenario = advice.understood
    company = scenario.company
    items = {kind: tuple(_item(advice, c) for c in advice.of_kind(kind)) for kind in _KINDS}
    issue = scenario.get("concern.issue")
    deadline = scenario.get("engagement.response_deadline") if _HAS_DEADLINE else None
    if isinstance(deadline, str):
        deadline_note = f"Ask for a reply by {deadline}, and say so in the message."
    else:
        deadline = None
        deadline_note = (
            "Set a date for a reply and write it in the message (two weeks is a fair "
            "default); record it as engagement.response_deadline in the scenario."
        )
    resources: dict[str, Resource] = {}
    for conclusion in advice.conclusions:
        for resource in conclusion.resources:
            resources.setdefault(resource.id, resource)
    return Plan(
        title=f"Engagement plan: {company.name}",
        company=company.name,
        company_type=describe_type(company.type.value),
        issue=describe_issue(issue) if isinstance(issue, str) else None,
        organization=scenario.organization.name,
        summary=_summary(advice, items),
        scope=items["scope"],
        challenges=items["challenge"],
        leverage=items["leverage"],
        strategies=items["strategy"],
        contacts=items["contact"],
        finding_contacts=_finding_contacts(advice),
        steps=items["step"],
        deadline=deadline,
        deadline_note=deadline_note,
        message=opening_message(advice, deadline=deadline),
        precedents=items["precedent"],
        resources=tuple(resources.values()),
        assumptions=tuple(
            AssumedFact(
                path=a.path,
                value=format_value(a.value),
                because=advice.knowledge_base.rule(a.rule).because,
                question=FIELDS[a.path].question if a.path in FIELDS else a.path,
            )
            for a in advice.assumptions
        ),
        questions=_questions(advice),
        rules_version=advice.rules_version,
        engine=advice.engine,
    )


_KINDS = ("scope", "challenge", "leverage", "strategy", "contact", "step", "precedent")
_HAS_DEADLINE = "engagement.response_deadline" in FIELDS


def _summary(advice: Advice, items: dict[str, tuple[PlanItem, ...]]) -> tuple[str, ...]:
    scenario = advice.understood
    company = scenario.company
    lines = []
    about = f"{company.name} is {describe_type(company.type.value)}"
    country = scenario.context.country
    if country:
        about += f"; the harm happens in {country}"
    issue = scenario.get("concern.issue")
    if isinstance(issue, str):
        about += f"; your concern is {describe_issue(issue)}"
        driver = scenario.get("concern.driver")
        if driver == "government":
            about += ", driven by the state"
        elif driver == "company":
            about += ", caused by the company itself"
    lines.append(about + ".")
    stage = scenario.get("engagement.stage")
    if isinstance(stage, str) and stage in _STAGES:
        lines.append(_STAGES[stage])
    counts = [
        f"{len(items[kind])} {one if len(items[kind]) == 1 else many}"
        for kind, one, many in (
            ("challenge", "challenge to raise", "challenges to raise"),
            ("leverage", "point of leverage", "points of leverage"),
            ("strategy", "strategy", "strategies"),
            ("step", "step", "steps"),
        )
        if items[kind]
    ]
    if counts:
        lines.append("The plan below holds " + ", ".join(counts) + ".")
    if items["strategy"]:
        lines.append(f"Start with: {items['strategy'][0].title}.")
    if items["step"]:
        lines.append(f"First step: {items['step'][0].title}.")
    if not advice.conclusions:
        lines.append("No rule applies yet: add what you know about the company and the concern.")
    return tuple(lines)


def _finding_contacts(advice: Advice) -> tuple[str, ...]:
    scenario = advice.understood
    hints = []
    relationship = scenario.get("organization.relationship")
    if relationship in ("contact", "ally"):
        hints.append(
            "Begin with the person you already know there: ask them who owns your issue and "
            "to introduce you."
        )
    hints.append(
        "Search professional networking sites (LinkedIn) for people with the team's name in "
        "their job title at the company, in your region first."
    )
    networks = scenario.get("organization.networks")
    met = [n for n in ("rightscon", "igf") if isinstance(networks, tuple) and n in networks]
    named = {"rightscon": "RightsCon", "igf": "the Internet Governance Forum"}
    events = " and ".join(named[n] for n in met) if met else "RightsCon and the IGF"
    hints.append(
        f"Read the programmes of {events}: company staff who speak there work on these "
        "questions and expect to be approached."
    )
    hints.append(
        "Ask partner organisations and allies who they have dealt with at the company, and "
        "for an introduction."
    )
    hints.append(
        "Look for news stories that quote the company's staff on your issue or your country."
    )
    return tuple(hints)


def opening_message(advice: Advice, *, deadline: str | None = None) -> str:
    """A first message to the company, built on its own stated commitments.

    It is a draft in plain, collaborative language: it names the company's own policy, asks
    how that policy works here, offers something in return and gives a date for a reply.

    >>> from rightsrules import ReferenceEvaluator, assess
    >>> advice = assess(
    ...     {
    ...         "company": {
    ...             "name": "Example Net",
    ...             "type": "isp",
    ...             "public_commitments": ["Privacy Pledge"],
    ...         }
    ...     },
    ...     evaluator=ReferenceEvaluator(),
    ... )
    >>> "Privacy Pledge" in opening_message(advice)
    True
    """
    scenario = advice.understood
    company = scenario.company
    org = scenario.organization.name or "[your organisation]"
    country = scenario.context.country or "[your country]"
    issue = scenario.get("concern.issue")
    topic = describe_issue(issue) if isinstance(issue, str) else "[the issue you are raising]"
    contact = advice.of_kind("contact")
    if contact and contact[0].title.startswith("The "):
        greeting = f"To {contact[0].title[:1].lower()}{contact[0].title[1:]} at {company.name},"
    else:
        greeting = f"Dear colleagues at {company.name},"
    paragraphs = [
        greeting,
        f"We are {org}, a civil society group working in {country}. We are writing about "
        f"{topic}, which affects the people who use your services here.",
    ]
    commitments = company.public_commitments or ()
    if commitments:
        named = _join(f'"{c}"' for c in commitments)
        paragraphs.append(
            f"In its {named}, {company.name} has made public commitments on these "
            "questions. We would like to understand how they are put into practice in our "
            "country, and what we could do together to make them work for people here."
        )
    else:
        paragraphs.append(
            "We would like to understand how your company's policies on users' rights apply "
            "in our country, and what we could do together to make them work for people here."
        )
    reports = company.published_reports or ()
    if reports:
        paragraphs.append(
            f"We have read what you publish on {_join(reports)}; the questions we raise fit "
            "alongside that work."
        )
    offers = scenario.organization.can_offer or ()
    if offers:
        paragraphs.append(
            "In return we can offer " + _join(_OFFERS.get(o.value, o.value) for o in offers) + "."
        )
    if scenario.engagement.contacting_competitors:
        paragraphs.append(
            "For transparency: we are writing to other companies in your sector about the "
            "same question."
        )
    paragraphs.append(
        "Could we set up a short call with the person who handles this? "
        + (
            f"We would be grateful for a reply by {deadline}."
            if deadline
            else "We would be grateful for a reply by [date]."
        )
    )
    paragraphs.append(f"Kind regards,\n{org}")
    return "\n\n".join(paragraphs)


def _join(items: Iterable[str]) -> str:
    words = list(items)
    if len(words) <= 1:
        return "".join(words)
    return ", ".join(words[:-1]) + " and " + words[-1]


def _questions(advice: Advice) -> tuple[OpenQuestion, ...]:
    """The open facts whose answer would change the plan, most decisive first."""
    found = []
    for question in advice.questions():
        parts = []
        if question.could_add:
            parts.append("could add " + ", ".join(_titles(advice, question.could_add)))
        if question.could_remove:
            parts.append("could remove " + ", ".join(_titles(advice, question.could_remove)))
        if question.assumed is not None:
            parts.append(f"assumed {format_value(question.assumed)} for now")
        field = FIELDS.get(question.path)
        answers = field.allowed if field is not None else ()  # free text has no fixed answers
        found.append(OpenQuestion(question.path, question.question, answers, "; ".join(parts)))
    return tuple(found)


def _titles(advice: Advice, ids: Iterable[str]) -> list[str]:
    titles = []
    for conclusion_id in ids:
        try:
            titles.append(advice.knowledge_base.conclusion(conclusion_id).title)
        except KeyError:
            titles.append(conclusion_id)
    return titles
