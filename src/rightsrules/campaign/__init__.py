"""Campaigns over time: a journal of the engagement with several companies, and advice that
follows it.

A journal (:func:`load_campaign`) records, per company, what happened and when; as of a date,
each company's events become *history facts* (``history.message_sent``,
``history.reply_by_passed``...), and the rules of ``rules/17-campaign-history.yaml`` derive
the engagement facts from them (``engagement.stage``, ``organization.relationship``...), so
the advice follows the engagement and its proofs lead down to the events.

>>> import datetime
>>> campaign = load_campaign("tests/fixtures/campaign/small.yaml")
>>> campaign.name, len(campaign.companies)
('Election shutdowns 2027', 2)
"""

from .load import campaign_from_dict, campaign_from_text, load_campaign, parse_campaign_document
from .model import EVENT_TYPES, REPLY_OUTCOMES, Campaign, CampaignError, CompanyJournal, Event

__all__ = [
    "EVENT_TYPES",
    "REPLY_OUTCOMES",
    "Campaign",
    "CampaignError",
    "CompanyJournal",
    "Event",
    "campaign_from_dict",
    "campaign_from_text",
    "load_campaign",
    "parse_campaign_document",
]
