"""The campaign journal as data: the campaign, each company's journal, each dated event.

A :class:`Campaign` is what :func:`rightsrules.campaign.load_campaign` reads from a journal
file: the organisation, the concern and the context once, then each company with its events
in date order. Everything is immutable; an event dated after the day a campaign is looked at
(its *as-of* date) is *planned*: kept and shown, never used as a fact.

>>> from rightsrules.campaign import campaign_from_dict
>>> campaign = campaign_from_dict({
...     "campaign": {"name": "Election shutdowns 2027"},
...     "companies": [{"company": {"name": "Example Mobile", "type": "mobile_network_operator"},
...                    "events": [{"date": "2027-01-10", "event": "message_sent",
...                                "to": "policy", "reply_by": "2027-01-24"}]}],
... }, as_of=datetime.date(2027, 1, 5))
>>> journal = campaign.companies[0]
>>> journal.name, journal.events[0].event, journal.events[0].planned
('Example Mobile', 'message_sent', True)
"""

from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

import attrs

from ..errors import InputError

if TYPE_CHECKING:
    from ..advice import Advice
    from ..knowledge import KnowledgeBase
    from ..scenario import Scenario
    from .status import CampaignStatus
    from .timeline import Timeline

__all__ = ["EVENT_TYPES", "REPLY_OUTCOMES", "Campaign", "CampaignError", "CompanyJournal", "Event"]

#: The kinds of event a journal records (VOCABULARY.md §4), in the order they are documented.
EVENT_TYPES: tuple[str, ...] = (
    "message_sent",
    "reply",
    "meeting",
    "contact_made",
    "contact_left",
    "public_statement",
    "company_statement",
    "note",
)

#: What a reply can be.
REPLY_OUTCOMES: tuple[str, ...] = ("acknowledged", "declined", "committed", "partial")


class CampaignError(InputError):
    """A campaign journal is not valid: its syntax, a key, a value, or an impossible history
    (a reply before any message, events out of order); each problem names the file, the line
    and the key."""


def _frozen_mapping(value: Mapping[str, Any]) -> Mapping[str, Any]:
    return dict(value)


@attrs.frozen
class Event:
    """One dated event of a company's journal.

    ``fields`` holds the event's other keys as written (``to``, ``reply_by``, ``outcome``,
    ``person``...), dates as ``datetime.date``; ``line`` is its line in the journal;
    ``planned`` says it is dated after the as-of date, so it has not happened yet.
    """

    date: datetime.date
    event: str
    fields: Mapping[str, Any] = attrs.field(factory=dict, converter=_frozen_mapping)
    line: int | None = attrs.field(default=None, eq=False)
    planned: bool = False

    def get(self, key: str) -> Any:
        """The value of one of the event's keys, or ``None``."""
        return self.fields.get(key)

    @property
    def reply_by(self) -> datetime.date | None:
        """The day a message asks the company to reply by, if it names one."""
        value = self.fields.get("reply_by")
        return value if isinstance(value, datetime.date) else None

    def describe(self) -> str:
        """The event in words, as proofs and timelines name it.

        >>> Event(datetime.date(2027, 1, 10), "message_sent",
        ...       {"to": "policy", "reply_by": datetime.date(2027, 1, 24)}).describe()
        'message of 2027-01-10 to the policy team, reply by 2027-01-24'
        """
        from .history import describe_event

        return describe_event(self)


@attrs.frozen
class CompanyJournal:
    """One company of the campaign: its ``company`` section (as in a scenario), the engagement
    facts the journal gives explicitly for it, and its events in date order."""

    company: Mapping[str, Any] = attrs.field(converter=_frozen_mapping)
    events: tuple[Event, ...] = ()
    #: Sections given for this company alone (``organization``, ``engagement``), as written;
    #: what they give is never replaced by a fact derived from the events.
    sections: Mapping[str, Mapping[str, Any]] = attrs.field(factory=dict, converter=_frozen_mapping)
    line: int | None = attrs.field(default=None, eq=False)

    @property
    def name(self) -> str:
        """The company's name, as its ``company`` section gives it."""
        return str(self.company["name"])

    def done(self, as_of: datetime.date) -> tuple[Event, ...]:
        """The events that have happened as of a date (dated on or before it)."""
        return tuple(event for event in self.events if event.date <= as_of)


@attrs.frozen
class Campaign:
    """A campaign journal: the shared sections once, then each company's journal.

    ``organization``, ``concern`` and ``context`` are the sections as written (validated as a
    scenario's); ``source`` is the file it was read from, if any.
    """

    name: str
    organization: Mapping[str, Any] = attrs.field(factory=dict, converter=_frozen_mapping)
    concern: Mapping[str, Any] = attrs.field(factory=dict, converter=_frozen_mapping)
    context: Mapping[str, Any] = attrs.field(factory=dict, converter=_frozen_mapping)
    companies: tuple[CompanyJournal, ...] = ()
    source: str | None = attrs.field(default=None, eq=False)

    def company(self, name: str) -> CompanyJournal:
        """The journal of the company called ``name``; a :class:`CampaignError` naming the
        companies there are when there is none."""
        for journal in self.companies:
            if journal.name == name:
                return journal
        names = ", ".join(repr(journal.name) for journal in self.companies) or "none"
        raise CampaignError(f"no company called {name!r} in this campaign (it has {names})")

    def as_of(self, as_of: datetime.date) -> Campaign:
        """The same campaign with each event marked planned when dated after ``as_of``."""
        return attrs.evolve(
            self,
            companies=tuple(
                attrs.evolve(
                    journal,
                    events=tuple(
                        attrs.evolve(event, planned=event.date > as_of) for event in journal.events
                    ),
                )
                for journal in self.companies
            ),
        )

    def scenario_for(self, company_name: str, as_of: datetime.date) -> Scenario:
        """The scenario of one company as of a date: the journal's sections and the history
        facts its events (and the other companies' events) give by then.

        >>> from rightsrules.campaign import load_campaign
        >>> campaign = load_campaign("tests/fixtures/campaign/small.yaml")
        >>> scenario = campaign.scenario_for("Example Mobile", datetime.date(2027, 1, 31))
        >>> scenario.get("history.reply_by_passed"), scenario.get("history.last_reply")
        (True, 'none')
        """
        from .history import scenario_for

        return scenario_for(self, company_name, as_of)

    def advice_for(
        self, company_name: str, as_of: datetime.date, kb: KnowledgeBase | None = None
    ) -> Advice:
        """The advice for one company as of a date (:func:`rightsrules.assess` of its
        :meth:`scenario_for`), with the events behind its history facts
        (:attr:`rightsrules.Advice.evidence`)."""
        from .history import advice_of

        return advice_of(self, company_name, as_of, kb)

    def status(self, as_of: datetime.date, kb: KnowledgeBase | None = None) -> CampaignStatus:
        """Where each company stands as of a date: stage, relationship, what is due, advice."""
        from .status import campaign_status

        return campaign_status(self, as_of, kb)

    def timeline(
        self,
        company: str | None = None,
        *,
        until: datetime.date | None = None,
        kb: KnowledgeBase | None = None,
    ) -> Timeline:
        """How the advice changed at each event (and each reply date), for one company or all."""
        from .timeline import campaign_timeline

        return campaign_timeline(self, company, until=until, kb=kb)
