"""The engagement plan: the advice reorganised as a document a person can act on.

:func:`build_plan` reads an :class:`~rightsrules.Advice` and returns a :class:`Plan`, plain
data that the Markdown and HTML reports lay out (so both say the same thing): a summary and
what to do first, the company's challenges, the leverage around it, the strategies in rank
order with what set that order, whom to contact (a likely team marked as such) and how to find
them, the steps phase by phase, a draft for the stage the engagement is at (an opening
message, a reminder, a final notice with the outline of a public statement, a meeting agenda,
or a note to a new contact), the case studies that match, the resources, what was assumed and
the questions still open. Every item keeps the guide sections it rests on, and every reason
is said once.

Which draft the plan carries follows ``engagement.stage`` and ``engagement.key_contact_left``;
what goes into it follows the advice (the company's commitments, a small first ask, the
offer, the competitors approached). Texts here are the project's own words; user-given
strings stay raw in the plan and are escaped by each renderer.

>>> from rightsrules import ReferenceEvaluator, assess
>>> advice = assess(
...     {"company": {"name": "Example Mobile", "type": "mobile_network_operator"}},
...     evaluator=ReferenceEvaluator(),
... )
>>> plan = build_plan(advice)
>>> plan.title, plan.letter.kind
('Engagement plan: Example Mobile', 'opening')
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

import attrs

from ..advice import Advice, Conclusion
from ..conditions import format_value
from ..i18n import N_, Wording, _, current_language, in_language_of, ngettext
from ..i18n.formatting import format_date, format_number, join_counts, join_list
from ..knowledge import Resource, Section
from ..vocabulary import FIELDS, STEP_PHASES
from ..wording import (
    ISSUES,
    OFFERS,
    PHASE_TITLES,
    SEARCH_TERMS,
    STAGES,
    country_in,
    describe_company,
    words,
)

__all__ = [
    "AssumedFact",
    "Letter",
    "OpenQuestion",
    "OrderNote",
    "Phase",
    "Plan",
    "PlanItem",
    "build_plan",
    "describe_issue",
    "describe_type",
    "draft_letter",
    "opening_message",
]

#: The phase the plan starts from at each stage (no stage: a first approach).
_STAGE_PHASE: dict[str, str] = {
    "planning": "prepare",
    "awaiting_response": "follow_up",
    "unresponsive": "escalate",
    "in_dialogue": "follow_up",
}

#: How many steps "Do these first" lists.
FIRST_STEPS = 3

#: The draft of each stage (no stage: the first approach).
_STAGE_LETTER: dict[str, str] = {
    "planning": "opening",
    "awaiting_response": "reminder",
    "unresponsive": "final_notice",
    "in_dialogue": "meeting_agenda",
}


def describe_type(company_type: str) -> str:
    """A company type with its article.

    >>> describe_type("isp")
    'an internet service provider'
    """
    if company_type in _WITH_ARTICLE:
        return _WITH_ARTICLE[company_type]
    described = describe_company(company_type)
    return ("an " if described[0] in "aeiou" else "a ") + described


#: Each company type with its article, as it reads after "is".
_WITH_ARTICLE = Wording(
    {
        "isp": N_("an internet service provider"),
        "mobile_network_operator": N_("a mobile network operator"),
        "social_media_platform": N_("a social media platform"),
        "cloud_company": N_("a cloud company"),
        "payment_processor": N_("a payment processor"),
        "app_store": N_("an app store"),
        "content_delivery_service": N_("a content delivery service"),
        "other": N_("a company of a type the guide does not name"),
    }
)


def describe_issue(issue: str) -> str:
    """A concern as words for a sentence.

    >>> describe_issue("sim_registration")
    'rules that tie every SIM card to an identified person'
    """
    return ISSUES.get(issue, words(issue))


@attrs.frozen
class PlanItem:
    """One conclusion as the plan shows it.

    ``same_as`` names an earlier item of the same list whose reason is this one's too, so the
    reason is printed once; ``likely`` marks a contact the scenario does not list, suggested
    as the team that most likely owns the issue.
    """

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
    phase: str | None = None
    likely: bool = False
    same_as: str | None = None
    #: For a strategy: the smallest set of the scenario's facts that is enough for it on its
    #: own, in words (the first of its minimal reasons), or ``""``.
    matters: str = ""


@attrs.frozen
class OrderNote:
    """A ranking rule that shaped a list: its reason, said once, and what it moved."""

    reason: str
    up: tuple[str, ...]
    down: tuple[str, ...]

    @property
    def moved(self) -> str:
        """What it moved, in words: "up: A, B; down: C"."""
        parts = [
            way.format(titles=", ".join(titles))
            # TRANSLATORS: what a ranking reason moved up, then down, in the list of strategies
            for way, titles in ((_("up: {titles}"), self.up), (_("down: {titles}"), self.down))
            if titles
        ]
        return "; ".join(parts)


@attrs.frozen
class Phase:
    """The steps of one phase of the engagement, in order; ``current`` marks where the
    engagement stands now."""

    name: str
    title: str
    steps: tuple[PlanItem, ...]
    current: bool


@attrs.frozen
class Letter:
    """The draft the stage calls for: ``kind`` is ``opening``, ``reminder``,
    ``final_notice``, ``meeting_agenda`` or ``reintroduction``. ``outline`` holds the points
    of what goes with it (the public statement, the agenda)."""

    kind: str
    title: str
    note: str
    text: str
    outline_title: str = ""
    outline: tuple[str, ...] = ()


@attrs.frozen
class AssumedFact:
    """A fact the scenario did not give that the plan goes on as if it knew: filled by a
    default (``value``), or guessed by some rules (``value`` is ``None``). Confirm it."""

    path: str
    value: str | None
    because: str
    question: str
    affects: tuple[str, ...] = ()


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
    lead_strategy: PlanItem | None
    first_steps: tuple[PlanItem, ...]
    scope: tuple[PlanItem, ...]
    challenges: tuple[PlanItem, ...]
    leverage: tuple[PlanItem, ...]
    strategies: tuple[PlanItem, ...]
    strategy_order: tuple[OrderNote, ...]
    contacts: tuple[PlanItem, ...]
    finding_contacts: tuple[str, ...]
    steps: tuple[PlanItem, ...]
    phases: tuple[Phase, ...]
    deadline: str | None
    deadline_note: str
    letter: Letter
    precedents: tuple[PlanItem, ...]
    resources: tuple[Resource, ...]
    assumptions: tuple[AssumedFact, ...]
    questions: tuple[OpenQuestion, ...]
    rules_version: str
    engine: str

    @property
    def message(self) -> str:
        """The draft's text (the opening message at the first approach)."""
        return self.letter.text


@in_language_of
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
    said: dict[str, str] = {}  # each reason, and the title of the first item that gave it
    items = {kind: _items(advice, advice.of_kind(kind), said) for kind in _KINDS}
    issue = scenario.get("concern.issue")
    deadline = _deadline(advice)
    phases = _phases(advice, items["step"])
    first_steps = _first_steps(phases)
    strategies = tuple(
        attrs.evolve(item, matters=_facts_that_matter(advice, item.id))
        for item in items["strategy"]
    )
    resources: dict[str, Resource] = {}
    for conclusion in advice.conclusions:
        for resource in conclusion.resources:
            resources.setdefault(resource.id, resource)
    return Plan(
        title=_("Engagement plan: {company}").format(company=company.name),
        company=company.name,
        company_type=describe_type(company.type.value),
        issue=describe_issue(issue) if isinstance(issue, str) else None,
        organization=scenario.organization.name,
        summary=_summary(advice, items),
        lead_strategy=strategies[0] if strategies else None,
        first_steps=first_steps,
        scope=items["scope"],
        challenges=items["challenge"],
        leverage=items["leverage"],
        strategies=strategies,
        strategy_order=_order_notes(advice, "strategy"),
        contacts=items["contact"],
        finding_contacts=_finding_contacts(advice, items["contact"]),
        steps=items["step"],
        phases=phases,
        deadline=deadline,
        deadline_note=_deadline_note(advice, deadline),
        letter=_letter(advice, deadline),
        precedents=items["precedent"],
        resources=tuple(resources.values()),
        assumptions=_assumed_facts(advice),
        questions=_questions(advice),
        rules_version=advice.rules_version,
        engine=advice.engine,
    )


_KINDS = ("scope", "challenge", "leverage", "strategy", "contact", "step", "precedent")
_HAS_DEADLINE = "engagement.response_deadline" in FIELDS


def _deadline(advice: Advice) -> str | None:
    deadline = advice.understood.get("engagement.response_deadline") if _HAS_DEADLINE else None
    return deadline if isinstance(deadline, str) else None


@in_language_of
def draft_letter(advice: Advice) -> Letter:
    """The draft the plan carries (:attr:`Plan.letter`), without the rest of the plan: the
    interview reads it to know which facts the letter still lacks.

    >>> from rightsrules import ReferenceEvaluator, assess
    >>> advice = assess({"company": {"name": "Example Net", "type": "isp"}},
    ...                 evaluator=ReferenceEvaluator())
    >>> "[your organisation]" in draft_letter(advice).text
    True
    """
    return _letter(advice, _deadline(advice))


def _items(
    advice: Advice, conclusions: Sequence[Conclusion], said: dict[str, str]
) -> tuple[PlanItem, ...]:
    """The plan's items for one kind, each reason said once: an item whose reason an earlier
    item of the plan already gave points to it (``same_as``). ``said`` holds the reasons
    given so far, in the plan's order, and is added to."""
    items = []
    for conclusion in conclusions:
        same_as = said.get(conclusion.rationale)
        said.setdefault(conclusion.rationale, conclusion.title)
        items.append(_item(advice, conclusion, same_as))
    return tuple(items)


def _item(advice: Advice, conclusion: Conclusion, same_as: str | None) -> PlanItem:
    kb = advice.knowledge_base
    sections = []
    for section_id in conclusion.sources:
        try:
            sections.append(kb.section(section_id))
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
        phase=kb.conclusion(conclusion.id).phase if conclusion.kind == "step" else None,
        likely=_likely_team(advice, conclusion),
        same_as=same_as,
    )


def _facts_that_matter(advice: Advice, conclusion_id: str) -> str:
    """The first (smallest) minimal reason of a conclusion, in words; ``""`` when there is
    none, the scenario breaks a constraint between facts, or it holds facts of a campaign's
    history (which the search does not model yet)."""
    from ..errors import ExplanationError, ScenarioError
    from ..explain._minimal_text import join_words, premise_words

    if current_language() != "en":
        return ""  # its clauses are built by English grammar, and not yet translated
    try:
        found = advice.reasons(conclusion_id).reasons
    except (ScenarioError, ExplanationError):
        return ""
    return join_words(premise_words(found[0])) if found and found[0] else ""


def _likely_team(advice: Advice, conclusion: Conclusion) -> bool:
    """A contact the scenario does not list, suggested as the team that likely owns the
    issue (its rule guessed at the team list)."""
    if conclusion.kind != "contact" or "company.departments" not in conclusion.assumptions:
        return False
    return conclusion.id.split(":", 1)[1] not in (advice.understood.company.departments or ())


def _stage(advice: Advice) -> str | None:
    stage = advice.understood.get("engagement.stage")
    return stage if isinstance(stage, str) else None


def _current_phase(advice: Advice) -> str:
    if advice.understood.get("engagement.key_contact_left") is True:
        return "prepare"  # a departed contact: the relationship is rebuilt first
    return _STAGE_PHASE.get(_stage(advice) or "", "prepare")


def _phases(advice: Advice, steps: Sequence[PlanItem]) -> tuple[Phase, ...]:
    current = _current_phase(advice)
    by_phase: dict[str, list[PlanItem]] = {}
    for step in steps:
        by_phase.setdefault(step.phase or "", []).append(step)
    names = [*STEP_PHASES, ""]
    return tuple(
        Phase(name, PHASE_TITLES[name], tuple(by_phase[name]), name == current)
        for name in names
        if name in by_phase
    )


def _first_steps(phases: Sequence[Phase]) -> tuple[PlanItem, ...]:
    """The first steps from the phase the engagement is at onward (from the start when the
    current phase has no step)."""
    start = next((i for i, phase in enumerate(phases) if phase.current), 0)
    ordered = [step for phase in phases[start:] for step in phase.steps]
    return tuple(ordered[:FIRST_STEPS])


def _order_notes(advice: Advice, kind: str) -> tuple[OrderNote, ...]:
    """The ranking rules that moved this kind's conclusions: each reason once, with the
    titles it moved up and down."""
    moved: dict[str, tuple[list[str], list[str]]] = {}
    for conclusion in advice.of_kind(kind):
        for reason in conclusion.rank_reasons:
            up, down = moved.setdefault(reason.because, ([], []))
            (up if reason.weight > 0 else down).append(conclusion.title)
    return tuple(OrderNote(reason, tuple(up), tuple(down)) for reason, (up, down) in moved.items())


def _summary(advice: Advice, items: dict[str, tuple[PlanItem, ...]]) -> tuple[str, ...]:
    scenario = advice.understood
    company = scenario.company
    lines = []
    # TRANSLATORS: the plan's first sentence is built from this and the pieces below, each
    # appended in turn (with "; " and ", "), then a full stop.
    about = _("{company} is {company_type}").format(
        company=company.name, company_type=describe_type(company.type.value)
    )
    country = scenario.context.country
    if country:
        about += _("; the harm happens in {country}").format(country=country_in(country))
    issue = scenario.get("concern.issue")
    if isinstance(issue, str):
        about += _("; your concern is {issue}").format(issue=describe_issue(issue))
        driver = scenario.get("concern.driver")
        if driver == "government":
            about += _(", driven by the state")
        elif driver == "company":
            about += _(", caused by the company itself")
    # TRANSLATORS: the full stop that ends the plan's first sentence
    lines.append(about + _("."))
    stage = _stage(advice)
    if stage is not None and stage in STAGES:
        lines.append(STAGES[stage] + _from_journal(advice, "engagement.stage"))
    if scenario.get("engagement.key_contact_left") is True:
        left = _("Your key contact there has left, so the relationship is rebuilt first.")
        lines.append(left + _from_journal(advice, "engagement.key_contact_left"))
    counts = [
        _counted(kind, len(items[kind])).format(count=format_number(len(items[kind])))
        for kind in ("challenge", "leverage", "strategy", "step")
        if items[kind]
    ]
    if counts:
        lines.append(_("The plan below holds {counts}.").format(counts=join_counts(counts)))
    if not advice.conclusions:
        lines.append(_("No rule applies yet: add what you know about the company and the concern."))
    return tuple(lines)


def _from_journal(advice: Advice, path: str) -> str:
    """A sentence naming the journal's events a fact of a campaign's company rests on
    (``engagement.stage`` derived from its history), after a space; ``""`` when none do."""
    from ..evidence import behind, said_once

    events = said_once(behind(advice, [path]))
    if not events:
        return ""
    # TRANSLATORS: after a sentence of the plan's summary: the events of a campaign journal
    # it rests on, e.g. "message of 2027-01-10 to the policy team; no reply by 2027-01-31"
    return " " + _("From the journal: {events}.").format(events="; ".join(events))


def _counted(kind: str, count: int) -> str:
    """How many items of a kind the plan holds, in the right plural form."""
    if kind == "challenge":
        return ngettext("{count} challenge to raise", "{count} challenges to raise", count)
    if kind == "leverage":
        return ngettext("{count} point of leverage", "{count} points of leverage", count)
    if kind == "strategy":
        return ngettext("{count} strategy", "{count} strategies", count)
    return ngettext("{count} step", "{count} steps", count)


#: How a contact's title begins, by language, when it names a team ("The policy team"); in a
#: language not listed (Arabic: no capital letters to lower) every title is taken as one.
_TEAM_ARTICLES: dict[str, tuple[str, ...]] = {
    "en": ("The ",),
    "fr": ("L'", "L\u2019", "Le ", "La ", "Les "),
    "es": ("El ", "La ", "Los ", "Las "),
}


def _team(title: str) -> str | None:
    """A contact's title as the object of a sentence ("the policy team"), in the language in
    use; ``None`` when the title names no team."""
    articles = _TEAM_ARTICLES.get(current_language())
    if articles is None:
        return title
    return title[:1].lower() + title[1:] if title.startswith(articles) else None


def _team_words(contact: PlanItem) -> str:
    """A contact's title as the object of a sentence: "the policy team"."""
    return _team(contact.title) or contact.title


def _finding_contacts(advice: Advice, contacts: Sequence[PlanItem]) -> tuple[str, ...]:
    scenario = advice.understood
    company = scenario.company.name
    hints = []
    if contacts and contacts[0].likely:
        hints.append(
            _(
                "The scenario does not say which teams {company} has: {team} is the likely "
                "owner of your issue. Confirm it, and find the person, during your research."
            ).format(company=company, team=_team_words(contacts[0]))
        )
    relationship = scenario.get("organization.relationship")
    if relationship in ("contact", "ally"):
        hints.append(
            _(
                "Begin with the person you already know there: ask them who owns your issue "
                "and to introduce you."
            )
        )
    team = _search_team(contacts)
    hints.append(
        _(
            'Search LinkedIn for people at {company} with "{team}" in their job title, in '
            "your region first."
        ).format(company=company, team=team)
    )
    networks = scenario.get("organization.networks")
    met = [n for n in ("rightscon", "igf") if isinstance(networks, tuple) and n in networks]
    events = join_list(words(n) for n in met) if met else _("RightsCon and the IGF")
    hints.append(
        _(
            "Read the programmes of {events}: company staff who speak there work on these "
            "questions and expect to be approached."
        ).format(events=events)
    )
    hints.append(
        _(
            "Ask partner organisations and allies who they have dealt with at the company, "
            "and for an introduction."
        )
    )
    hints.append(
        _("Look for news stories that quote the company's staff on your issue or your country.")
    )
    return tuple(hints)


def _search_team(contacts: Sequence[PlanItem]) -> str:
    for contact in contacts:
        if contact.id in SEARCH_TERMS:
            return SEARCH_TERMS[contact.id]
    return SEARCH_TERMS["contact:human_rights"]


def _deadline_note(advice: Advice, deadline: str | None) -> str:
    """What the checklist says about the date for a reply, at this stage."""
    if "step:set_response_deadline" not in advice:
        return ""
    if deadline:
        return _("Ask for a reply by {date}, and say so in the message.").format(
            date=format_date(deadline)
        )
    return _(
        "Choose a date for the reply and write it in the message; record it as "
        "engagement.response_deadline so the plan can follow it."
    )


# ---------------------------------------------------------------- the drafts


def _letter(advice: Advice, deadline: str | None) -> Letter:
    kind = _STAGE_LETTER.get(_stage(advice) or "", "opening")
    left = advice.understood.get("engagement.key_contact_left") is True
    if left and kind != "final_notice":
        kind = "reintroduction"  # the relationship is rebuilt before anything else
    return _DRAFTS[kind](_Context(advice, deadline))


@attrs.frozen
class _Context:
    """What every draft reads, worked out once."""

    advice: Advice
    deadline: str | None

    @property
    def company(self) -> str:
        return self.advice.understood.company.name

    @property
    def organization(self) -> str:
        return self.advice.understood.organization.name or _("[your organisation]")

    @property
    def country(self) -> str:
        code = self.advice.understood.context.country
        return country_in(code) if code else _("[your country]")

    @property
    def topic(self) -> str:
        issue = self.advice.understood.get("concern.issue")
        return describe_issue(issue) if isinstance(issue, str) else _("[the issue you raise]")

    @property
    def greeting(self) -> str:
        contacts = self.advice.of_kind("contact")
        team = _team(contacts[0].title) if contacts else None
        if team is not None:
            return _("To {team} at {company},").format(team=team, company=self.company)
        return _("Dear colleagues at {company},").format(company=self.company)

    @property
    def commitments(self) -> tuple[str, ...]:
        return self.advice.understood.company.public_commitments or ()

    @property
    def reports(self) -> tuple[str, ...]:
        return tuple(words(r) for r in self.advice.understood.company.published_reports or ())

    @property
    def offers(self) -> tuple[str, ...]:
        offers = self.advice.understood.organization.can_offer or ()
        return tuple(OFFERS.get(o.value, words(o.value)) for o in offers)

    @property
    def competitors(self) -> bool:
        return self.advice.understood.engagement.contacting_competitors is True

    @property
    def reply_date(self) -> str:
        return format_date(self.deadline) if self.deadline else _("[the date you gave]")

    def sign_off(self) -> str:
        return _("Kind regards,\n{organization}").format(organization=self.organization)

    def quoted_commitments(self) -> str:
        return _join(_('"{commitment}"').format(commitment=c) for c in self.commitments)


def _opening(c: _Context) -> Letter:
    paragraphs = [
        c.greeting,
        _(
            "We are {organization}, a civil society group working in {country}. We are "
            "writing about {topic}, which affects the people who use your services here."
        ).format(organization=c.organization, country=c.country, topic=c.topic),
    ]
    if c.commitments:
        paragraphs.append(
            _(
                "In its {commitments}, {company} has made public commitments on these "
                "questions. We welcome them, and we would like to discuss how they work in "
                "practice in {country}, and what we could do together to make them hold here."
            ).format(commitments=c.quoted_commitments(), company=c.company, country=c.country)
        )
    else:
        paragraphs.append(
            _(
                "We would like to understand how your company's policies on users' rights "
                "apply in {country}, and what we could do together to make them work for "
                "people here."
            ).format(country=c.country)
        )
    if c.reports:
        paragraphs.append(
            _(
                "We have read what you publish on {reports}; the questions we raise fit "
                "alongside that work."
            ).format(reports=_join(c.reports))
        )
    if "step:start_small" in c.advice:
        paragraphs.append(
            _(
                "As a first step we would ask for one concrete thing: [a small, achievable "
                "action the company can take]."
            )
        )
    if c.offers:
        paragraphs.append(_("In return we can offer {offers}.").format(offers=_join(c.offers)))
    if c.competitors:
        paragraphs.append(
            _(
                "For transparency: we are writing to other companies in your sector about the "
                "same question."
            )
        )
    when = format_date(c.deadline) if c.deadline else _("[the date you choose]")
    paragraphs.append(
        _(
            "Could we set up a short call with the person who handles this? We would be "
            "grateful for a reply by {date}."
        ).format(date=when)
    )
    paragraphs.append(c.sign_off())
    return Letter(
        "opening",
        _("Draft opening message"),
        _(
            "A starting point in your own voice: constructive, short, and free of legal or "
            "human-rights jargon."
        ),
        "\n\n".join(paragraphs),
    )


def _reminder(c: _Context) -> Letter:
    paragraphs = [
        c.greeting,
        _(
            "We wrote to you recently about {topic} in {country}, and asked for a reply by "
            "{date}. We are writing again to make sure our message reached the right person."
        ).format(topic=c.topic, country=c.country, date=c.reply_date),
        _(
            "We remain keen to work on this with you. A short answer saying who will look "
            "into it would already help."
        ),
    ]
    if c.offers:
        paragraphs.append(_("Our offer stands: {offers}.").format(offers=_join(c.offers)))
    if c.competitors:
        paragraphs.append(
            _("We have raised the same question with other companies in your sector.")
        )
    paragraphs.append(_("We look forward to your reply by {date}.").format(date=c.reply_date))
    paragraphs.append(c.sign_off())
    return Letter(
        "reminder",
        _("Draft reminder"),
        _("Polite and brief: it restates the date you gave and keeps the door open."),
        "\n\n".join(paragraphs),
    )


def _final_notice(c: _Context) -> Letter:
    paragraphs = [
        c.greeting,
        _(
            "We wrote to you about {topic} in {country} and asked for a reply by {date}. "
            "That date has passed, and we have not received an answer that addresses our "
            "concern."
        ).format(topic=c.topic, country=c.country, date=c.reply_date),
        _(
            "We would still rather resolve this with you directly. As things stand, we are "
            "preparing a public statement that sets out the issue, what we asked of you and "
            "that no adequate answer came."
        ),
        _("Any answer you send us will be reflected in what we publish."),
        c.sign_off(),
    ]
    outline = [
        _(
            "What is happening to people in {country}: {topic}, with the cases and evidence "
            "you have documented."
        ).format(country=c.country, topic=c.topic),
    ]
    if c.commitments:
        outline.append(
            _("What {company} has committed to in its {commitments}.").format(
                company=c.company, commitments=c.quoted_commitments()
            )
        )
    outline.append(
        _("What you asked {company}, when, and the date you gave for a reply ({date}).").format(
            company=c.company, date=c.reply_date
        )
    )
    outline.append(_("That no adequate answer came by that date."))
    outline.append(_("The change you ask the company to make now, stated plainly."))
    if c.competitors:
        outline.append(_("How its competitors answered the same question."))
    outline.append(_("How readers can act: what they can ask of the company, and where."))
    return Letter(
        "final_notice",
        _("Draft final notice"),
        _(
            "The company let your date pass: the guide now justifies public criticism. Tell "
            "it what you will do, without setting a new date, then publish."
        ),
        "\n\n".join(paragraphs),
        _("Outline of the public statement"),
        tuple(outline),
    )


def _meeting_agenda(c: _Context) -> Letter:
    paragraphs = [
        c.greeting,
        _(
            "Thank you for the conversation so far. Ahead of our next meeting, we would like "
            "to propose the agenda below, so that we can use the time well."
        ),
        c.sign_off(),
    ]
    agenda = [
        _("What each side hopes to leave the meeting with."),
        _("The concern: {topic} in {country}, with our evidence.").format(
            topic=c.topic, country=c.country
        ),
    ]
    if c.commitments:
        agenda.append(
            _("How the commitments in its {commitments} work out here.").format(
                commitments=c.quoted_commitments()
            )
        )
    agenda.append(_("Our requests, the most achievable first."))
    if c.offers:
        agenda.append(_("What we can contribute: {offers}.").format(offers=_join(c.offers)))
    agenda.append(_("Next steps: who does what by when, and which other teams should join."))
    return Letter(
        "meeting_agenda",
        _("Draft meeting agenda"),
        _(
            "Send it ahead of the meeting and come prepared, with clear goals: be direct "
            "about what you need while staying respectful and constructive."
        ),
        "\n\n".join(paragraphs),
        _("Agenda"),
        tuple(agenda),
    )


def _reintroduction(c: _Context) -> Letter:
    paragraphs = [
        c.greeting,
        _(
            "We are {organization}, a civil society group working in {country}. Until "
            "recently we worked with [your former contact] at {company} on {topic}. As they "
            "have moved on, we would like to introduce ourselves and find out who now looks "
            "after this question."
        ).format(organization=c.organization, country=c.country, company=c.company, topic=c.topic),
        _("[One or two sentences on what you achieved together and what is still open.]"),
        _("Could we set up a short call with you, or with the right colleague?"),
        c.sign_off(),
    ]
    return Letter(
        "reintroduction",
        _("Draft note to a new contact"),
        _(
            "Your contact has left: introduce yourself to whoever took over, and this time "
            "build ties with more than one person."
        ),
        "\n\n".join(paragraphs),
    )


_DRAFTS = {
    "opening": _opening,
    "reminder": _reminder,
    "final_notice": _final_notice,
    "meeting_agenda": _meeting_agenda,
    "reintroduction": _reintroduction,
}


@in_language_of
def opening_message(advice: Advice, *, deadline: str | None = None) -> str:
    """A first message to the company, built on its own stated commitments.

    It is a draft in plain, collaborative language: it names the company's own policy, asks
    how that policy works here, offers something in return and asks for a reply by a date.

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
    return _opening(_Context(advice, deadline)).text


def _join(items: Iterable[str]) -> str:
    return join_list(items)


# ---------------------------------------------------------------- what is assumed and open


def _assumed_facts(advice: Advice) -> tuple[AssumedFact, ...]:
    kb = advice.knowledge_base
    facts = [
        AssumedFact(
            path=a.path,
            value=format_value(a.value),
            because=kb.rule(a.rule).because,
            question=_question(a.path),
        )
        for a in advice.assumptions
    ]
    guessed: dict[str, dict[str, None]] = {}
    for guess in advice.guesses:
        titles = guessed.setdefault(guess.path, {})
        for cid in guess.concludes:
            titles[kb.conclusion(cid).title] = None
    for path, titles in guessed.items():
        facts.append(
            AssumedFact(
                path=path,
                value=None,
                because=_("Not given: the advice below takes the likely answer until you say."),
                question=_question(path),
                affects=tuple(titles),
            )
        )
    return tuple(facts)


def _question(path: str) -> str:
    return _(FIELDS[path].question) if path in FIELDS else path


def _questions(advice: Advice) -> tuple[OpenQuestion, ...]:
    """The open facts whose answer would change the plan, most decisive first."""
    found = []
    for question in advice.questions():
        parts = []
        if question.could_add:
            titles = ", ".join(_titles(advice, question.could_add))
            parts.append(_("could add {titles}").format(titles=titles))
        if question.could_remove:
            titles = ", ".join(_titles(advice, question.could_remove))
            parts.append(_("could remove {titles}").format(titles=titles))
        if not parts:  # it only reorders the advice
            for moved, way in (
                (question.could_move_up, _("could move {titles} up")),
                (question.could_move_down, _("could move {titles} down")),
            ):
                if moved:
                    parts.append(way.format(titles=", ".join(_titles(advice, moved))))
        if question.assumed is not None:
            assumed = words(format_value(question.assumed))
            parts.append(_("assumed {value} for now").format(value=assumed))
        field = FIELDS.get(question.path)
        answers = field.allowed if field is not None else ()  # free text has no fixed answers
        found.append(
            OpenQuestion(
                question.path,
                _(question.question),
                tuple(words(a) for a in answers),
                "; ".join(parts),
            )
        )
    return tuple(found)


def _titles(advice: Advice, ids: Iterable[str]) -> list[str]:
    titles = []
    for conclusion_id in ids:
        try:
            titles.append(advice.knowledge_base.conclusion(conclusion_id).title)
        except KeyError:
            titles.append(conclusion_id)
    return titles
