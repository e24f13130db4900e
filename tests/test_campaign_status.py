"""Status and timeline of a small journal written from the guide (tests/fixtures/campaign/
small.yaml) before it was first run: what a careful reader expects, then goldens."""

from __future__ import annotations

import datetime
import json
from pathlib import Path

import pytest

from rightsrules import load_campaign, load_knowledge_base
from rightsrules.campaign import Campaign

from . import golden_files as golden

SMALL = Path("tests/fixtures/campaign/small.yaml")
DAY = datetime.date.fromisoformat


@pytest.fixture(scope="module")
def campaign() -> Campaign:
    return load_campaign(SMALL, as_of=DAY("2027-02-01"))


def test_an_operator_silent_past_its_reply_date_is_unresponsive(campaign: Campaign) -> None:
    # Expected from II.d: a date was given and passed with no reply, so public criticism is
    # justified and the first strategy; the reply is overdue; the final notice and the public
    # statement are next. The other operator was approached too: say so.
    mobile = campaign.status(DAY("2027-02-01")).companies[0]
    assert (mobile.name, mobile.stage, mobile.relationship) == (
        "Example Mobile",
        "unresponsive",
        None,
    )
    assert [(d.date, d.kind, d.overdue) for d in mobile.due] == [
        (DAY("2027-01-24"), "reply_by", True)
    ]
    assert mobile.top_strategy is not None
    assert mobile.top_strategy.id == "strategy:escalate_publicly"
    # the plan's "Do these first" for a company past its reply date: the escalation phase
    assert [c.id for c in mobile.next_actions] == [
        "step:send_final_notice",
        "step:prepare_public_statement",
    ]
    stage = mobile.derivation("engagement.stage")
    assert stage is not None
    assert stage.events == (
        "message of 2027-01-10 to the policy team, reply by 2027-01-24, passed by 2027-02-01",
        "no meeting since 2027-01-10",
        "no reply by 2027-02-01",
    )


def test_an_operator_that_answered_and_met_is_in_dialogue(campaign: Campaign) -> None:
    # Expected: it acknowledged, then met: a dialogue with a person of its own; no reply owed,
    # no escalation; meetings to prepare. The departure dated later is shown as planned only.
    telecom = campaign.status(DAY("2027-02-01")).companies[1]
    assert (telecom.stage, telecom.relationship) == ("in_dialogue", "contact")
    assert [(d.date, d.kind, d.what) for d in telecom.due] == [
        (DAY("2027-02-10"), "planned", "the human rights lead left on 2027-02-10")
    ]
    assert "strategy:escalate_publicly" not in telecom.advice
    assert "step:prepare_meeting_agenda" in telecom.advice


def test_once_the_contact_leaves_the_relationship_starts_again(campaign: Campaign) -> None:
    # Expected from PEN America (III.case-3): the contact left, nobody new: no relationship,
    # find contacts and spread the next one beyond one person.
    telecom = campaign.status(DAY("2027-02-11")).companies[1]
    assert (telecom.stage, telecom.relationship) == ("in_dialogue", "none")
    assert telecom.advice.understood.get("engagement.key_contact_left") is True
    assert {"step:find_contacts", "step:institutionalize_relationships"} <= set(telecom.advice.ids)


def test_the_status_json_has_the_contract_keys(campaign: Campaign) -> None:
    data = json.loads(campaign.status(DAY("2027-02-01")).to_json())
    assert data["as_of"] == "2027-02-01"
    company = data["companies"][0]
    assert {"name", "stage", "relationship", "due", "advice"} <= set(company)
    assert {"date": "2027-01-24"}.items() <= company["due"][0].items()
    assert set(company["advice"]) >= {"scenario", "conclusions", "assumptions", "rules_version"}


def test_the_timeline_says_when_and_why_the_advice_changed(campaign: Campaign) -> None:
    timeline = campaign.timeline("Example Mobile", until=DAY("2027-02-28"))
    entry = next(e for e in timeline.entries if e.date == DAY("2027-01-25"))
    assert entry.happened == ("the reply date 2027-01-24 passed with no answer",)
    assert ("engagement.stage", "awaiting_response", "unresponsive") in entry.facts
    escalate = next(c for c in entry.added if c.id == "strategy:escalate_publicly")
    assert (escalate.rules, escalate.sources) == (
        ("smallwins.escalate-when-unresponsive",),
        ("II.d",),
    )
    assert "step:send_reminder" in [c.id for c in entry.removed]
    assert all(e.date <= DAY("2027-02-28") for e in timeline.entries)


def test_a_timeline_before_anything_happened_says_so(campaign: Campaign) -> None:
    timeline = campaign.timeline(until=DAY("2027-01-01"))
    assert timeline.entries == ()
    assert "Nothing happened yet." in timeline.to_text()


@pytest.mark.parametrize("fmt", ["text", "markdown", "json"])
def test_status_golden(campaign: Campaign, fmt: str) -> None:
    status = campaign.status(DAY("2027-02-11"))
    text = {"text": status.to_text, "markdown": status.to_markdown, "json": status.to_json}[fmt]()
    suffix = {"text": "txt", "markdown": "md", "json": "json"}[fmt]
    golden.check_golden(
        golden.GOLDEN / "campaign" / f"status.{suffix}", text, load_knowledge_base().version
    )


@pytest.mark.parametrize("fmt", ["text", "markdown"])
def test_timeline_golden(campaign: Campaign, fmt: str) -> None:
    timeline = campaign.timeline(until=DAY("2027-02-28"))
    text = timeline.to_text() if fmt == "text" else timeline.to_markdown()
    suffix = "txt" if fmt == "text" else "md"
    golden.check_golden(
        golden.GOLDEN / "campaign" / f"timeline.{suffix}", text, load_knowledge_base().version
    )


def test_a_reply_date_stays_due_while_only_acknowledged() -> None:
    from rightsrules.campaign import campaign_from_text

    campaign = campaign_from_text(
        "campaign: {name: Test}\n"
        "companies:\n"
        "  - company: {name: Example Net, type: isp}\n"
        "    events:\n"
        "      - {date: 2027-01-10, event: message_sent, to: legal, reply_by: 2027-01-24}\n"
        "      - {date: 2027-01-12, event: reply, outcome: acknowledged}\n"
        "      - {date: 2027-01-20, event: note, text: call back, follow_up: 2027-01-22}\n"
    )
    net = campaign.status(DAY("2027-01-25")).companies[0]
    assert net.stage == "unresponsive"
    assert [(d.date, d.kind, d.overdue) for d in net.due] == [
        (DAY("2027-01-22"), "follow_up", True),
        (DAY("2027-01-24"), "reply_by", True),
    ]
    committed = campaign_from_text(
        "campaign: {name: Test}\n"
        "companies:\n"
        "  - company: {name: Example Net, type: isp}\n"
        "    events:\n"
        "      - {date: 2027-01-10, event: message_sent, to: legal, reply_by: 2027-01-24}\n"
        "      - {date: 2027-01-12, event: reply, outcome: committed}\n"
    ).status(DAY("2027-01-25"))
    assert (committed.companies[0].stage, committed.companies[0].due) == ("in_dialogue", ())
