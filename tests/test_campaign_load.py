"""Reading campaign journals: the model, located errors, impossible histories refused."""

from __future__ import annotations

import datetime
import json
from pathlib import Path

import pytest

from rightsrules.campaign import (
    CampaignError,
    campaign_from_dict,
    campaign_from_text,
    load_campaign,
)
from rightsrules.errors import RightsRulesError
from rightsrules.schemas import schema_text

SMALL = Path("tests/fixtures/campaign/small.yaml")
HEAD = """\
campaign: {name: Test campaign}
concern: {issue: network_disruption}
companies:
  - company: {name: Example Mobile, type: mobile_network_operator}
    events:
"""


def problems(text: str) -> list[str]:
    with pytest.raises(CampaignError) as caught:
        campaign_from_text(text, source="j.yaml", as_of=datetime.date(2027, 3, 1))
    return [str(problem) for problem in caught.value.problems]


def test_small_journal_loads_with_its_events_lines_and_planned_marks() -> None:
    campaign = load_campaign(SMALL, as_of=datetime.date(2027, 1, 20))
    assert campaign.name == "Election shutdowns 2027"
    assert campaign.source == str(SMALL)
    assert campaign.context == {"country": "KE"}
    telecom = campaign.company("Example Telecom")
    assert [event.event for event in telecom.events] == [
        "message_sent",
        "reply",
        "meeting",
        "contact_left",
    ]
    assert [event.planned for event in telecom.events] == [False, False, True, True]
    assert telecom.events[0].reply_by == datetime.date(2027, 1, 26)
    assert telecom.events[0].line == 16
    assert telecom.done(datetime.date(2027, 1, 25))[-1].event == "meeting"
    assert [e.planned for e in campaign.as_of(datetime.date(2027, 3, 1)).companies[1].events] == [
        False
    ] * 4


def test_a_company_not_in_the_campaign_is_named_with_those_that_are() -> None:
    campaign = load_campaign(SMALL)
    with pytest.raises(CampaignError, match="'Example Mobile', 'Example Telecom'"):
        campaign.company("Example Net")


def test_a_campaign_error_is_a_rightsrules_error() -> None:
    assert issubclass(CampaignError, RightsRulesError)


def test_a_reply_before_any_message_is_refused_with_its_line() -> None:
    text = HEAD + "      - {date: 2027-01-15, event: reply, outcome: acknowledged}\n"
    assert problems(text) == [
        "j.yaml:6: companies.0.events.0: a reply before any message: record the message it "
        "answers first"
    ]


def test_events_out_of_date_order_are_refused_at_the_later_line() -> None:
    text = HEAD + (
        "      - {date: 2027-01-15, event: message_sent}\n"
        "      - {date: 2027-01-14, event: meeting}\n"
    )
    assert problems(text) == [
        "j.yaml:7: companies.0.events.1.date: events out of date order: 2027-01-14 comes after "
        "2027-01-15 (line 6); list each company's events in date order"
    ]


def test_a_reply_date_before_its_message_is_refused() -> None:
    text = HEAD + "      - {date: 2027-01-15, event: message_sent, reply_by: 2027-01-01}\n"
    assert problems(text) == [
        "j.yaml:6: companies.0.events.0.reply_by: the reply date 2027-01-01 is before the "
        "message's own date 2027-01-15"
    ]


def test_two_companies_with_one_name_are_refused_whatever_their_case_and_spaces() -> None:
    text = HEAD + (
        "      - {date: 2027-01-15, event: message_sent}\n"
        "  - company: {name: ' example   MOBILE ', type: isp}\n"
    )
    assert problems(text) == [
        "j.yaml:7: companies.1.company.name: a second company called 'example MOBILE' (first on "
        "line 4): each company is named once"
    ]


def test_sections_are_validated_as_a_scenarios_each_error_located() -> None:
    text = """\
campaign: {name: x}
organization: {capacity: huge}
companies:
  - company: {name: A, tpe: isp}
  - company: {name: B, type: isp}
    organization: {relationship: frend}
"""
    assert problems(text) == [
        "j.yaml:2: organization.capacity: 'huge' is not one of: small, medium, large",
        "j.yaml:4: companies.0.company.tpe: unknown key (did you mean 'type'?)",
        "j.yaml:4: companies.0.company.type: required key is missing",
        "j.yaml:6: companies.1.organization.relationship: 'frend' is not one of: none, "
        "indirect, contact, ally",
    ]


def test_event_keys_and_values_are_checked() -> None:
    text = HEAD + (
        "      - {date: 2027-01-10, event: message_sent}\n"
        "      - {date: 2027-01-15T10:00:00, event: reply}\n"
        "      - {date: 2027-01-16, event: party}\n"
        "      - {date: 2027-02-30, event: note}\n"
        "      - {date: 2027-02-28, event: meeting, outcome: declined}\n"
    )
    assert problems(text) == [
        "j.yaml:7: companies.0.events.1: required key 'outcome' is missing",
        "j.yaml:7: companies.0.events.1.date: '2027-01-15T10:00:00' is not a date written "
        "YYYY-MM-DD",
        "j.yaml:8: companies.0.events.2.event: 'party' is not one of: message_sent, reply, "
        "meeting, contact_made, contact_left, public_statement, company_statement, note",
    ]
    fixed = text.replace(
        "2027-01-15T10:00:00, event: reply", "2027-01-15, event: reply, outcome: declined"
    ).replace("event: party", "event: note")
    assert problems(fixed) == [
        "j.yaml:9: companies.0.events.3.date: '2027-02-30' is not a date written YYYY-MM-DD",
        "j.yaml:10: companies.0.events.4.outcome: not a key of a meeting event (its keys: "
        "with, summary, notes, follow_up)",
    ]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("campaign: !!python/object:os.system x\n", "tags such as"),
        ("campaign: {name: a, name: b}\n", "duplicate key"),
        ("campaign: &a {name: a}\n", "anchors and aliases"),
    ],
)
def test_the_scenario_readers_safety_holds_for_journals(text: str, expected: str) -> None:
    with pytest.raises(CampaignError, match=expected) as caught:
        campaign_from_text(text, source="j.yaml")
    assert caught.value.line == 1


def test_plain_data_loads_and_planned_follows_as_of() -> None:
    data = json.loads(
        '{"campaign": {"name": "C"}, "companies": [{"company": {"name": "A", "type": "isp"},'
        ' "events": [{"date": "2027-05-01", "event": "note", "text": "plan a letter"}]}]}'
    )
    assert campaign_from_dict(data, as_of=datetime.date(2027, 4, 30)).companies[0].events[0].planned
    assert (
        not campaign_from_dict(data, as_of=datetime.date(2027, 5, 1)).companies[0].events[0].planned
    )


def test_the_committed_schema_is_the_generated_one_with_a_modeline_in_the_fixture() -> None:
    committed = Path("src/rightsrules/schemas/campaign.schema.json").read_text("utf-8")
    assert committed == schema_text("campaign")
    assert SMALL.read_text("utf-8").startswith(
        "# yaml-language-server: $schema=../../../src/rightsrules/schemas/campaign.schema.json"
    )


def test_wrong_shapes_are_said_in_words_each_at_its_line() -> None:
    assert problems("campaign: x\ncompanies: 3\n") == [
        "j.yaml:1: campaign: expected a mapping, not text",
        "j.yaml:2: companies: expected a list, not a number",
    ]
    assert problems("campaign: {name: x}\ncompanies: []\n") == [
        "j.yaml:2: companies: a journal lists at least one company"
    ]
    text = HEAD + "      - {date: 20270101, event: note}\n      - [1]\n"
    assert problems(text) == [
        "j.yaml:6: companies.0.events.0.date: 20270101 is not a date written YYYY-MM-DD",
        "j.yaml:7: companies.0.events.1: expected a mapping, not a list",
    ]
