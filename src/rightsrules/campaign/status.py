"""Where each company of a campaign stands as of a date: ``rightsrules campaign status``.

For each company: the engagement stage and relationship (given in the journal, derived from
its history by the rules, or unknown), what is due or overdue (reply dates, follow-ups,
planned events), the next actions (the steps its stage calls for, then the first steps of its
plan) and the top strategy, with the whole advice behind them.

>>> import datetime
>>> from rightsrules.campaign import load_campaign
>>> status = load_campaign("tests/fixtures/campaign/small.yaml").status(datetime.date(2027, 1, 31))
>>> [(company.name, company.stage) for company in status.companies]
[('Example Mobile', 'unresponsive'), ('Example Telecom', 'in_dialogue')]
>>> status.companies[0].due[0].what
'reply from Example Mobile to the message of 2027-01-10 to the policy team'
"""

from __future__ import annotations

import datetime
from typing import TYPE_CHECKING, Any

import attrs

from .._rendered import Rendered
from ..escape import markdown as markdown_text
from .history import History, advice_of, describe_event, history_of

if TYPE_CHECKING:
    from ..advice import Advice, Conclusion
    from ..inference import DerivedFact
    from ..knowledge import KnowledgeBase
    from ..scenario import Scenario
    from .model import Campaign, CompanyJournal

__all__ = [
    "DUE_KINDS",
    "CampaignStatus",
    "CompanyStatus",
    "DerivedFrom",
    "Due",
    "campaign_status",
]

#: What a :class:`Due` is: a reply the company owes, a follow-up of an event, a planned event.
DUE_KINDS: tuple[str, ...] = ("reply_by", "follow_up", "planned")
#: How many next actions a status names.
NEXT_ACTIONS = 3
#: The stages in which a reply is still owed: the reply date stays among the dates due.
_WAITING = frozenset({"awaiting_response", "unresponsive"})


@attrs.frozen
class Due:
    """A date that matters to the campaign: ``overdue`` when it is before the as-of date."""

    date: datetime.date
    what: str
    company: str
    kind: str
    overdue: bool = False

    def to_dict(self) -> dict[str, Any]:
        return {
            "date": self.date.isoformat(),
            "what": self.what,
            "kind": self.kind,
            "overdue": self.overdue,
        }


@attrs.frozen
class DerivedFrom:
    """A fact a rule derived from the history, with the events it rests on, in words."""

    path: str
    value: Any
    rule: str
    premises: tuple[str, ...]
    events: tuple[str, ...]

    def to_dict(self) -> dict[str, Any]:
        value = list(self.value) if isinstance(self.value, tuple) else self.value
        return {
            "path": self.path,
            "value": value,
            "rule": self.rule,
            "premises": list(self.premises),
            "events": list(self.events),
        }


@attrs.frozen
class CompanyStatus:
    """One company as of the date. ``stage`` and ``relationship`` are the values the advice
    reasoned with (``None`` when unknown); ``derived`` says which of its facts the history
    gave, and from which events."""

    name: str
    stage: str | None
    relationship: str | None
    due: tuple[Due, ...]
    advice: Advice = attrs.field(repr=False)
    scenario: Scenario = attrs.field(repr=False)
    derived: tuple[DerivedFrom, ...] = ()
    history: History | None = attrs.field(default=None, repr=False)

    @property
    def next_actions(self) -> tuple[Conclusion, ...]:
        """What to do next: the first steps of the company's plan, from the phase its stage
        puts the engagement in (the plan's "Do these first", :data:`NEXT_ACTIONS` at most)."""
        from ..render.plan import build_plan

        first = [item.id for item in build_plan(self.advice).first_steps][:NEXT_ACTIONS]
        return tuple(self.advice[cid] for cid in first)

    @property
    def top_strategy(self) -> Conclusion | None:
        """The strategy the advice ranks first, if it has any."""
        strategies = self.advice.of_kind("strategy")
        return strategies[0] if strategies else None

    def derivation(self, path: str) -> DerivedFrom | None:
        """How the history gave a fact, or ``None`` when it did not."""
        return next((d for d in self.derived if d.path == path), None)

    def to_dict(self) -> dict[str, Any]:
        top = self.top_strategy
        return {
            "name": self.name,
            "stage": self.stage,
            "relationship": self.relationship,
            "due": [due.to_dict() for due in self.due],
            "next_actions": [{"id": c.id, "title": c.title} for c in self.next_actions],
            "top_strategy": None if top is None else {"id": top.id, "title": top.title},
            "derived": [d.to_dict() for d in self.derived],
            "advice": self.advice.to_dict(),
        }


@attrs.frozen
class CampaignStatus(Rendered):
    """Every company of a campaign as of one date."""

    as_of: datetime.date
    companies: tuple[CompanyStatus, ...]
    campaign: str = ""
    """The campaign's name."""

    @property
    def due(self) -> tuple[Due, ...]:
        """Every company's dates, in date order."""
        return tuple(sorted((d for c in self.companies for d in c.due), key=lambda d: d.date))

    def to_dict(self) -> dict[str, Any]:
        """The status as the JSON of VOCABULARY.md §4 (and a few keys more)."""
        return {
            "as_of": self.as_of.isoformat(),
            "campaign": self.campaign,
            "companies": [company.to_dict() for company in self.companies],
        }

    def to_text(self) -> str:
        return _text(self)

    def to_markdown(self) -> str:
        return _markdown(self)


def campaign_status(
    campaign: Campaign, as_of: datetime.date, kb: KnowledgeBase | None = None
) -> CampaignStatus:
    """The status of every company of the campaign as of ``as_of``."""
    from ..knowledge import load_knowledge_base

    knowledge = kb or load_knowledge_base()
    companies = []
    for journal in campaign.companies:
        history = history_of(campaign, journal.name, as_of)
        advice = advice_of(campaign, journal.name, as_of, knowledge, history)
        scenario = advice.scenario
        understood = advice.understood
        stage = understood.get("engagement.stage")
        relationship = understood.get("organization.relationship")
        companies.append(
            CompanyStatus(
                name=journal.name,
                stage=None if stage is None else str(stage),
                relationship=None if relationship is None else str(relationship),
                due=_due(journal, as_of, waiting=stage in _WAITING),
                advice=advice,
                scenario=scenario,
                derived=tuple(_derived_from(d, history) for d in advice.inference.derived),
                history=history,
            )
        )
    return CampaignStatus(as_of, tuple(companies), campaign.name)


def _derived_from(derived: DerivedFact, history: History) -> DerivedFrom:
    paths = [premise.path for premise in derived.premises if not premise.conclusion]
    return DerivedFrom(
        derived.path,
        derived.value,
        derived.rule,
        tuple(derived.premises),
        history.events_behind(paths),
    )


def _due(journal: CompanyJournal, as_of: datetime.date, *, waiting: bool) -> tuple[Due, ...]:
    """The company's dates: the reply date of its latest message while the organisation is
    ``waiting`` for the answer (the stage the rules derived, or the journal gives, is
    awaiting a response or unresponsive), each follow-up date no later event has met, and
    each planned event."""
    found: list[Due] = []
    done = journal.done(as_of)
    name = journal.name
    messages = [event for event in done if event.event == "message_sent"]
    if messages and waiting:
        dated = [event for event in messages if event.reply_by is not None]
        answered = dated and any(
            event.event == "reply"
            and event.date >= dated[-1].date
            and event.get("outcome") in _ANSWERS
            for event in done
        )
        if dated and dated[-1].reply_by is not None and not answered:
            asked = dated[-1]
            message = describe_event(asked, reply_by=False)
            assert asked.reply_by is not None
            found.append(
                Due(
                    asked.reply_by,
                    f"reply from {name} to the {message}",
                    name,
                    "reply_by",
                    overdue=asked.reply_by < as_of,
                )
            )
    for event in done:
        follow_up = event.get("follow_up")
        if isinstance(follow_up, datetime.date) and not any(
            later.date >= follow_up for later in done if later is not event
        ):
            what = f"follow up the {event.describe()}"
            found.append(Due(follow_up, what, name, "follow_up", overdue=follow_up < as_of))
    for event in journal.events:
        if event.date > as_of:
            found.append(Due(event.date, event.describe(), name, "planned"))
    return tuple(sorted(found, key=lambda due: due.date))


# --- text and Markdown ------------------------------------------------------------------------


#: Replies that answer a message (a bare acknowledgement does not: the reply is still owed).
_ANSWERS = ("declined", "committed", "partial")


def _words(value: str | None) -> str:
    return "unknown" if value is None else value.replace("_", " ")


def _origin(company: CompanyStatus, path: str) -> str:
    """Where a value came from, in words: the events a rule read, the journal, or nothing."""
    derived = company.derivation(path)
    if derived is not None:
        return f" (from the journal: {'; '.join(derived.events)})" if derived.events else ""
    if company.scenario.get(path) is not None:
        return " (as the journal gives it)"
    return ""


def _due_line(due: Due) -> str:
    state = "overdue since" if due.overdue else "due"
    if due.kind == "planned":
        state = "planned for"
    return f"{state} {due.date.isoformat()}: {due.what}"


def _text(status: CampaignStatus) -> str:
    lines = [f"Campaign {status.campaign}, as of {status.as_of.isoformat()}"]
    for company in status.companies:
        lines += ["", company.name]
        lines.append(f"  Stage: {_words(company.stage)}{_origin(company, 'engagement.stage')}")
        relationship = _origin(company, "organization.relationship")
        lines.append(f"  Relationship: {_words(company.relationship)}{relationship}")
        if company.due:
            lines.append("  Dates:")
            lines += [f"    - {_due_line(due)}" for due in company.due]
        else:
            lines.append("  Dates: nothing due")
        actions = company.next_actions
        if actions:
            lines.append("  Next actions:")
            lines += [f"    {i}. {step.title}" for i, step in enumerate(actions, 1)]
        top = company.top_strategy
        lines.append(f"  Top strategy: {top.title if top else 'none advised'}")
    return "\n".join(lines) + "\n"


def _markdown(status: CampaignStatus) -> str:
    lines = [
        f"# {markdown_text(status.campaign)}: status as of {status.as_of.isoformat()}",
    ]
    for company in status.companies:
        stage = _origin(company, "engagement.stage")
        relationship = _origin(company, "organization.relationship")
        lines += [
            "",
            f"## {markdown_text(company.name)}",
            "",
            f"- **Stage:** {_words(company.stage)}{markdown_text(stage)}",
            f"- **Relationship:** {_words(company.relationship)}{markdown_text(relationship)}",
        ]
        top = company.top_strategy
        top_text = markdown_text(top.title) if top else "none advised"
        lines.append(f"- **Top strategy:** {top_text}")
        if company.due:
            lines += ["", "| Date | What | |", "| --- | --- | --- |"]
            for due in company.due:
                state = "planned" if due.kind == "planned" else "overdue" if due.overdue else "due"
                lines.append(f"| {due.date.isoformat()} | {markdown_text(due.what)} | {state} |")
        actions = company.next_actions
        if actions:
            lines += ["", "Next actions:", ""]
            lines += [f"{i}. {markdown_text(step.title)}" for i, step in enumerate(actions, 1)]
    return "\n".join(lines) + "\n"
