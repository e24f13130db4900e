"""History facts: what a company's events say as of a date, computed mechanically.

No knowledge of the guide lives here: this module only reads the journal (what was sent and
when, by when a reply was asked, what came back, who met whom). What those facts mean for the
engagement (the company is unresponsive, the relationship starts again) is said by the rules
of ``rules/17-campaign-history.yaml``, which derive the engagement facts from them.

Each fact comes with the events it rests on (:attr:`History.evidence`, an
:class:`~rightsrules.evidence.Evidence`: in words, and the events as data), so a proof that ends
in a history fact leads down to the events.

>>> import datetime
>>> from rightsrules.campaign import load_campaign
>>> campaign = load_campaign("tests/fixtures/campaign/small.yaml")
>>> history = history_of(campaign, "Example Mobile", datetime.date(2027, 1, 25))
>>> history.facts["history.reply_by_passed"], history.facts["history.last_reply"]
(True, 'none')
>>> history.evidence["history.last_reply"].text
'no reply by 2027-01-25'
>>> [(ref.date.isoformat(), ref.event) for ref in history.evidence["history.message_sent"].events]
[('2027-01-10', 'message_sent')]
"""

from __future__ import annotations

import datetime
from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Any

import attrs

from ..evidence import EventRef, Evidence, said_once
from ..i18n import _
from ..vocabulary import Department

if TYPE_CHECKING:
    from ..advice import Advice
    from ..knowledge import KnowledgeBase
    from ..scenario import FactValue, Scenario
    from .model import Campaign, Event

__all__ = ["History", "advice_of", "describe_event", "history_of", "scenario_for"]

#: The events that give the organisation a person at the company (after a departure too).
_CONTACT_EVENTS = frozenset({"contact_made", "meeting", "reply"})
_TEAMS = frozenset(member.value for member in Department)


@attrs.frozen
class History:
    """The history facts of one company as of a date, and the events behind each."""

    company: str
    as_of: datetime.date
    facts: Mapping[str, FactValue]
    evidence: Mapping[str, Evidence]

    def events_behind(self, paths: Sequence[str]) -> tuple[str, ...]:
        """The words of the events behind these facts, once each, in order; words that the
        words of another fact begin with are said by those (a message, and its reply date
        passed), so they are left out."""
        return said_once(self.evidence[p] for p in paths if p in self.evidence)


def _team(team: object) -> str:
    """A team as the journal names it: the vocabulary's teams in words ("the human rights
    team"), any other name as written."""
    name = str(team)
    return f"the {name.replace('_', ' ')} team" if name in _TEAMS else name


def describe_event(event: Event, *, reply_by: bool = True) -> str:
    """One event in words, as the proofs, the status and the timeline name it; a message
    with its reply date unless ``reply_by`` is false.

    >>> import datetime
    >>> from rightsrules.campaign import Event
    >>> describe_event(Event(datetime.date(2027, 1, 15), "reply", {"outcome": "acknowledged"}))
    'reply of 2027-01-15: acknowledged'
    """
    day = event.date.isoformat()
    get = event.fields.get
    kind = event.event
    if kind == "message_sent":
        text = f"message of {day}"
        to = get("to")
        if to:
            text += f" to {_team(to)}"
        if reply_by and event.reply_by is not None:
            text += f", reply by {event.reply_by.isoformat()}"
        return text
    if kind == "reply":
        text = f"reply of {day}: {get('outcome')}"
        return text + (f" (from {get('from')})" if get("from") else "")
    if kind == "meeting":
        return f"meeting of {day}" + (f" with {get('with')}" if get("with") else "")
    if kind == "contact_made":
        person, team = get("person"), get("team")
        who = f"{person} ({_team(team)})" if person and team else person or (team and _team(team))
        return f"contact made on {day}" + (f" with {who}" if who else "")
    if kind == "contact_left":
        team = get("team")
        who = get("person") or (f"the contact in {_team(team)}" if team else "the contact")
        return f"{who} left on {day}"
    if kind == "public_statement":
        return f"your public statement of {day}" + (f": {get('title')}" if get("title") else "")
    if kind == "company_statement":
        title = f": {get('title')}" if get("title") else ""
        return f"the company's statement of {day}{title}"
    note = get("text") or get("notes")
    return f"note of {day}" + (f": {note}" if note else "")


def history_of(campaign: Campaign, company_name: str, as_of: datetime.date) -> History:
    """The history facts of one company of the campaign as of a date: only its events dated
    on or before ``as_of`` count (later ones are planned), and for
    ``history.other_company_approached`` the other companies' messages by then."""
    journal = campaign.company(company_name)
    done = journal.done(as_of)
    facts: dict[str, FactValue] = {}
    evidence: dict[str, Evidence] = {}

    def put(path: str, value: FactValue, words: str, *events: Event, of: str = "") -> None:
        facts[path] = value
        company = of or journal.name
        refs = tuple(EventRef(event.date, event.event, event.line, company) for event in events)
        evidence[path] = Evidence(path, value, words, refs)

    messages = [i for i, event in enumerate(done) if event.event == "message_sent"]
    by = as_of.isoformat()
    if not messages:
        put("history.message_sent", False, f"no message sent by {by}")
    else:
        latest = done[messages[-1]]
        put("history.message_sent", True, latest.describe(), latest)
        dated = [done[i] for i in messages if done[i].reply_by is not None]
        if dated:
            asked = dated[-1]
            assert asked.reply_by is not None
            put("history.reply_by", asked.reply_by.isoformat(), asked.describe(), asked)
            passed = as_of > asked.reply_by
            # TRANSLATORS: {message} is a message in words, ending with its reply date
            words = (
                _("{message}, passed by {day}")
                if passed
                else _("{message}, not yet passed on {day}")
            )
            message = asked.describe()
            put("history.reply_by_passed", passed, words.format(message=message, day=by), asked)
        after = done[messages[-1] + 1 :]
        replies = [event for event in after if event.event == "reply"]
        if replies:
            last = replies[-1]
            put("history.last_reply", str(last.get("outcome")), last.describe(), last)
        else:
            put("history.last_reply", "none", f"no reply by {by}")
        meetings = [event for event in after if event.event == "meeting"]
        if meetings:
            put("history.met_since_message", True, meetings[-1].describe(), meetings[-1])
        else:
            put("history.met_since_message", False, f"no meeting since {latest.date.isoformat()}")
    _latest_of(put, done, "reply", "history.replied", f"no reply by {by}")
    _latest_of(put, done, "meeting", "history.met", f"no meeting by {by}")
    _latest_of(put, done, "contact_made", "history.contact_made", f"no contact made by {by}")
    _latest_of(put, done, "public_statement", "history.public_statement", "")
    _latest_of(put, done, "company_statement", "history.company_statement", "")
    _departure(put, done, by)
    others = [
        (other.name, event)
        for other in campaign.companies
        if other.name != journal.name
        for event in other.done(as_of)
        if event.event == "message_sent"
    ]
    if others:
        name, event = max(others, key=lambda pair: pair[1].date)
        words = f"{name} approached: {event.describe()}"
        put("history.other_company_approached", True, words, event, of=name)
    else:
        words = f"no message to another company of the campaign by {by}"
        put("history.other_company_approached", False, words)
    return History(journal.name, as_of, facts, evidence)


def _latest_of(put: Any, done: Sequence[Event], kind: str, path: str, none: str) -> None:
    found = [event for event in done if event.event == kind]
    if found:
        put(path, True, found[-1].describe(), found[-1])
    else:
        put(path, False, none)


def _departure(put: Any, done: Sequence[Event], by: str) -> None:
    """``history.contact_left_after_contact``: a contact left after there was one, and no
    contact (a new person, a meeting, a reply) came after the latest departure."""
    left = [i for i, event in enumerate(done) if event.event == "contact_left"]
    if left:
        last = left[-1]
        before = any(event.event in _CONTACT_EVENTS for event in done[:last])
        since = [event for event in done[last + 1 :] if event.event in _CONTACT_EVENTS]
        if before and not since:
            words = f"{done[last].describe()}, and no new contact since"
            put("history.contact_left_after_contact", True, words, done[last])
            return
        if since:
            words = f"{done[last].describe()}; then {since[0].describe()}"
            put("history.contact_left_after_contact", False, words, done[last], since[0])
            return
    put("history.contact_left_after_contact", False, f"no contact left without a successor by {by}")


def scenario_for(
    campaign: Campaign, company_name: str, as_of: datetime.date, history: History | None = None
) -> Scenario:
    """The scenario of one company as of a date: its ``company`` section, the campaign's
    shared sections (its own ``organization`` values over them), the engagement facts its
    journal gives explicitly, and its history facts (``history``, when already worked out)."""
    from ..scenario import Scenario

    journal = campaign.company(company_name)
    history = history or history_of(campaign, company_name, as_of)
    own = journal.sections
    data: dict[str, Any] = {
        "company": dict(journal.company),
        "organization": {**campaign.organization, **own.get("organization", {})},
        "concern": dict(campaign.concern),
        "context": dict(campaign.context),
        "engagement": dict(own.get("engagement", {})),
        "history": {path.split(".", 1)[1]: value for path, value in history.facts.items()},
    }
    return Scenario.from_dict(data, file=campaign.source)


def advice_of(
    campaign: Campaign,
    company_name: str,
    as_of: datetime.date,
    kb: KnowledgeBase | None = None,
    history: History | None = None,
) -> Advice:
    """The advice for one company as of a date, carrying the events behind its history facts
    (:attr:`rightsrules.Advice.evidence`), so its proofs lead down to them.

    >>> from rightsrules.campaign import load_campaign
    >>> campaign = load_campaign("tests/fixtures/campaign/small.yaml")
    >>> advice = advice_of(campaign, "Example Mobile", datetime.date(2027, 1, 31))
    >>> advice.evidence["history.reply_by_passed"].text
    'message of 2027-01-10 to the policy team, reply by 2027-01-24, passed by 2027-01-31'
    """
    from ..api import assess

    history = history or history_of(campaign, company_name, as_of)
    advice = assess(scenario_for(campaign, company_name, as_of, history), kb)
    return attrs.evolve(advice, evidence=history.evidence)
