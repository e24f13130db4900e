"""How the advice changed over a campaign: ``rightsrules campaign timeline``.

The advice for a company is worked out on the day before its first event, then again on each
day something happened: an event, or a reply date passing (the day after it). Each change is a
conclusion added or removed, explained by what happened that day and the rules behind it.

>>> import datetime
>>> from rightsrules.campaign import load_campaign
>>> campaign = load_campaign("tests/fixtures/campaign/small.yaml")
>>> timeline = campaign.timeline("Example Mobile", until=datetime.date(2027, 1, 31))
>>> entry = timeline.entries[-1]
>>> entry.date, entry.happened
(datetime.date(2027, 1, 25), ('the reply date 2027-01-24 passed with no answer',))
>>> "strategy:escalate_publicly" in [change.id for change in entry.added]
True
"""

from __future__ import annotations

import datetime
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

import attrs

from .._rendered import Rendered
from ..escape import markdown as markdown_text
from ..evidence import EventRef
from .history import advice_of, history_of

if TYPE_CHECKING:
    from ..advice import Advice, Conclusion
    from ..knowledge import KnowledgeBase
    from .model import Campaign

__all__ = ["Change", "Timeline", "TimelineEntry", "campaign_timeline"]

#: The facts whose changes a timeline names beside the advice's.
_FOLLOWED = (
    "engagement.stage",
    "organization.relationship",
    "engagement.key_contact_left",
    "engagement.contacting_competitors",
)


@attrs.frozen
class Change:
    """A conclusion that came into the advice (or left it), with the rules that derived it
    (or had derived it) and its guide sections."""

    id: str
    title: str
    rules: tuple[str, ...]
    sources: tuple[str, ...]

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "title": self.title,
            "rules": list(self.rules),
            "sources": list(self.sources),
        }


@attrs.frozen
class TimelineEntry:
    """What changed for one company on one day, and what happened that day."""

    date: datetime.date
    company: str
    happened: tuple[str, ...]
    facts: tuple[tuple[str, Any, Any], ...]
    """The followed facts that changed: (path, before, after); ``None`` for unknown."""
    added: tuple[Change, ...]
    removed: tuple[Change, ...]
    events: tuple[EventRef, ...] = ()
    """The journal's events of that day (the company's, and other companies' messages), as
    data; ``happened`` has them in words (and a reply date passing, which is no event)."""

    def to_dict(self) -> dict[str, Any]:
        return {
            "date": self.date.isoformat(),
            "company": self.company,
            "happened": list(self.happened),
            "events": [event.to_dict() for event in self.events],
            "facts": [{"path": p, "from": old, "to": new} for p, old, new in self.facts],
            "added": [change.to_dict() for change in self.added],
            "removed": [change.to_dict() for change in self.removed],
        }


@attrs.frozen
class Timeline(Rendered):
    """The entries of one company, or of every company, in date order."""

    campaign: str
    until: datetime.date
    entries: tuple[TimelineEntry, ...]

    def to_dict(self) -> dict[str, Any]:
        return {
            "campaign": self.campaign,
            "until": self.until.isoformat(),
            "entries": [entry.to_dict() for entry in self.entries],
        }

    def to_text(self) -> str:
        return _text(self)

    def to_markdown(self) -> str:
        return _markdown(self)


def campaign_timeline(
    campaign: Campaign,
    company: str | None = None,
    *,
    until: datetime.date | None = None,
    kb: KnowledgeBase | None = None,
) -> Timeline:
    """The timeline of one company (all when ``company`` is ``None``) up to ``until``
    (today when not given): events after it are planned and left out."""
    from ..knowledge import load_knowledge_base

    last = until or datetime.date.today()
    knowledge = kb or load_knowledge_base()
    names = [company] if company is not None else [j.name for j in campaign.companies]
    entries: list[TimelineEntry] = []
    for name in names:
        entries.extend(_company_entries(campaign, name, last, knowledge))
    entries.sort(key=lambda entry: entry.date)  # stable: companies keep their order in a day
    return Timeline(campaign.name, last, tuple(entries))


_Day = list[tuple[str, EventRef]]


def _days(campaign: Campaign, name: str, until: datetime.date) -> dict[datetime.date, _Day]:
    """The days something happened to the company, each with its events, in words and as
    data (none on the day after a reply date: its passing is said by :func:`_deadlines`)."""
    journal = campaign.company(name)
    days: dict[datetime.date, _Day] = {}
    for event in journal.done(until):
        ref = EventRef(event.date, event.event, event.line, name)
        days.setdefault(event.date, []).append((event.describe(), ref))
        reply_by = event.reply_by
        if reply_by is not None and reply_by < until:
            days.setdefault(reply_by + datetime.timedelta(days=1), [])
    for other in campaign.companies:  # another company approached changes this one's advice
        if other.name != name:
            for event in other.done(until):
                if event.event == "message_sent":
                    ref = EventRef(event.date, event.event, event.line, other.name)
                    words = f"{other.name} approached: {event.describe()}"
                    days.setdefault(event.date, []).append((words, ref))
    return dict(sorted(days.items()))


def _company_entries(
    campaign: Campaign, name: str, until: datetime.date, kb: KnowledgeBase
) -> list[TimelineEntry]:
    days = _days(campaign, name, until)
    if not days:
        return []
    start = next(iter(days)) - datetime.timedelta(days=1)
    before = advice_of(campaign, name, start, kb)
    entries = []
    for day, happened in days.items():
        after = advice_of(campaign, name, day, kb)
        words = [text for text, _ in happened]
        words += _deadlines(campaign, name, day)
        entry = _entry(day, name, tuple(words), before, after)
        entry = attrs.evolve(entry, events=tuple(ref for _, ref in happened))
        if entry.added or entry.removed or entry.facts:
            entries.append(entry)
        before = after
    return entries


def _deadlines(campaign: Campaign, name: str, day: datetime.date) -> list[str]:
    """The reply dates that passed the day before ``day``, in words."""
    history = history_of(campaign, name, day)
    reply_by = history.facts.get("history.reply_by")
    if (
        not isinstance(reply_by, str)
        or datetime.date.fromisoformat(reply_by) + (datetime.timedelta(days=1)) != day
    ):
        return []
    answer = history.facts.get("history.last_reply")
    how = "with no answer" if answer == "none" else f"after a reply: {answer}"
    return [f"the reply date {reply_by} passed {how}"]


def _entry(
    day: datetime.date,
    name: str,
    happened: tuple[str, ...],
    before: Advice,
    after: Advice,
) -> TimelineEntry:
    old, new = before.understood, after.understood
    facts = tuple(
        (path, old.get(path), new.get(path)) for path in _FOLLOWED if old.get(path) != new.get(path)
    )
    changed = {path for path, _, _ in facts}
    changed |= {
        path
        for path, value in after.understood.facts().items()
        if path.startswith("history.") and before.understood.facts().get(path) != value
    }
    added = tuple(_change(c, changed) for c in after.conclusions if c.id not in before)
    removed = tuple(_change(c, changed) for c in before.conclusions if c.id not in after)
    return TimelineEntry(day, name, happened, facts, added, removed)


def _change(conclusion: Conclusion, changed: set[str]) -> Change:
    """The conclusion, with the rules of its derivations that rest on a fact that changed
    (all of its rules when none does)."""
    resting = [
        d.rule
        for d in conclusion.derivations
        if any(premise.path in changed for premise in d.premises)
    ]
    rules = resting or [d.rule for d in conclusion.derivations]
    return Change(conclusion.id, conclusion.title, tuple(dict.fromkeys(rules)), conclusion.sources)


# --- text and Markdown ------------------------------------------------------------------------


def _value(value: Any) -> str:
    if value is None:
        return "unknown"
    if isinstance(value, bool):
        return "yes" if value else "no"
    return str(value).replace("_", " ")


def _fact_words(facts: Sequence[tuple[str, Any, Any]]) -> list[str]:
    return [
        f"{path.split('.', 1)[1].replace('_', ' ')}: {_value(old)} → {_value(new)}"
        for path, old, new in facts
    ]


def _change_words(change: Change) -> str:
    sources = ", ".join(change.sources)
    return f"{change.title} ({sources}; rule {', '.join(change.rules)})"


def _text(timeline: Timeline) -> str:
    lines = [f"Campaign {timeline.campaign}: how the advice changed, up to {timeline.until}"]
    if not timeline.entries:
        lines += ["", "Nothing happened yet."]
    for entry in timeline.entries:
        happened = "; ".join(entry.happened) or "a day of the campaign"
        lines += ["", f"{entry.date.isoformat()}, {entry.company}: {happened}"]
        lines += [f"  {words}" for words in _fact_words(entry.facts)]
        lines += [f"  + {_change_words(change)}" for change in entry.added]
        lines += [f"  - {_change_words(change)}" for change in entry.removed]
    return "\n".join(lines) + "\n"


def _markdown(timeline: Timeline) -> str:
    title = markdown_text(timeline.campaign)
    lines = [f"# {title}: how the advice changed, up to {timeline.until}"]
    if not timeline.entries:
        lines += ["", "Nothing happened yet."]
    for entry in timeline.entries:
        happened = markdown_text("; ".join(entry.happened) or "a day of the campaign")
        lines += ["", f"## {entry.date.isoformat()}, {markdown_text(entry.company)}", ""]
        lines += [f"*{happened}*", ""]
        lines += [f"- {markdown_text(words)}" for words in _fact_words(entry.facts)]
        lines += [f"- **+** {markdown_text(_change_words(c))}" for c in entry.added]
        lines += [f"- **−** {markdown_text(_change_words(c))}" for c in entry.removed]
    return "\n".join(lines) + "\n"
