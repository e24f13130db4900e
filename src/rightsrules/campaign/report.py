"""The engagement plan of one company of a campaign, as of a date, with the company's events
(done and planned) as a section of their own: ``rightsrules report JOURNAL --company NAME``.

>>> import datetime
>>> from rightsrules.campaign import load_campaign
>>> campaign = load_campaign("tests/fixtures/campaign/small.yaml")
>>> history = engagement_history(campaign, "Example Telecom", datetime.date(2027, 1, 20))
>>> [entry.sentence() for entry in history.done]  # doctest: +NORMALIZE_WHITESPACE
['Message of 2027-01-12 to the human rights team, reply by 2027-01-26.',
 'Reply of 2027-01-15: acknowledged.']
>>> len(history.planned)
2
"""

from __future__ import annotations

import datetime
from typing import TYPE_CHECKING, Literal

from ..errors import Problem
from ..i18n import N_, _
from ..render.history import EngagementHistory, HistoryEntry
from .history import describe_event
from .model import CampaignError

if TYPE_CHECKING:
    from ..knowledge import KnowledgeBase
    from .model import Campaign, CompanyJournal, Event

__all__ = ["campaign_report", "engagement_history", "journal_of"]

#: What the journal may say of an event beyond its words in :func:`describe_event`.
_DETAILS: tuple[tuple[str, str], ...] = (
    ("asked", N_("Asked: {value}")),
    ("via", N_("Sent through {value}")),
    ("summary", N_("Summary: {value}")),
    ("url", N_("Link: {value}")),
    ("notes", N_("Notes: {value}")),
    ("follow_up", N_("Follow up on {value}")),
)


def journal_of(campaign: Campaign, company: str) -> CompanyJournal:
    """The journal of ``company``; when there is none, a
    :class:`~rightsrules.campaign.CampaignError` naming the journal's file and the companies
    it has."""
    try:
        return campaign.company(company)
    except CampaignError as error:
        problems = [Problem(p.message, campaign.source, p.line, p.key) for p in error.problems]
        raise CampaignError(problems) from None


def _entry(event: Event, as_of: datetime.date) -> HistoryEntry:
    text = describe_event(event)
    details = []
    for key, template in _DETAILS:
        value = event.get(key)
        if value is None or (key == "notes" and event.event == "note" and not event.get("text")):
            continue  # a note's notes are its words already
        shown = value.isoformat() if isinstance(value, datetime.date) else str(value)
        details.append(_(template).format(value=shown))
    return HistoryEntry(text[:1].upper() + text[1:], tuple(details), planned=event.date > as_of)


def engagement_history(campaign: Campaign, company: str, as_of: datetime.date) -> EngagementHistory:
    """The events of ``company`` in words, those after ``as_of`` marked planned."""
    journal = journal_of(campaign, company)
    return EngagementHistory(
        as_of.isoformat(), tuple(_entry(event, as_of) for event in journal.events)
    )


def campaign_report(
    campaign: Campaign,
    company: str,
    as_of: datetime.date,
    *,
    format: Literal["markdown", "html"] = "markdown",
    kb: KnowledgeBase | None = None,
) -> str:
    """The engagement plan of ``company`` as of ``as_of`` (its advice from the journal), with
    its engagement history, in Markdown or as one HTML page."""
    from ..render.report import to_report_html, to_report_markdown

    advice = campaign.advice_for(company, as_of, kb)
    history = engagement_history(campaign, company, as_of)
    render = to_report_html if format == "html" else to_report_markdown
    return render(advice, history=history)
