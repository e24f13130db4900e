"""History facts from a journal's events, and the engagement facts the rules derive from
them, on the days around each deadline (the day before, the day of, the day after)."""

from __future__ import annotations

import datetime
from pathlib import Path

import pytest

from rightsrules import ReferenceEvaluator, assess
from rightsrules.campaign import Campaign, campaign_from_text, load_campaign
from rightsrules.campaign.history import history_of
from rightsrules.rulecases import fired_rules

SMALL = Path("tests/fixtures/campaign/small.yaml")
DAY = datetime.date.fromisoformat


def journal(*events: str, other: str = "") -> Campaign:
    lines = "\n".join(f"      - {event}" for event in events)
    text = (
        "campaign: {name: Test}\n"
        "concern: {issue: network_disruption, driver: government}\n"
        "companies:\n"
        "  - company: {name: Example Mobile, type: mobile_network_operator}\n"
        f"    events:\n{lines}\n" + other
    )
    return campaign_from_text(text, source="j.yaml")


def state(campaign: Campaign, day: str, company: str = "Example Mobile") -> tuple[object, ...]:
    advice = assess(campaign.scenario_for(company, DAY(day)), evaluator=ReferenceEvaluator())
    understood = advice.understood
    return (
        understood.get("engagement.stage"),
        understood.get("organization.relationship"),
        understood.get("engagement.key_contact_left"),
        understood.get("engagement.contacting_competitors"),
        "strategy:escalate_publicly" in advice,
    )


MESSAGE = "{date: 2027-01-10, event: message_sent, to: policy, reply_by: 2027-01-24}"


@pytest.mark.parametrize(
    ("day", "stage", "escalate"),
    [
        ("2027-01-09", "planning", False),  # the day before the message
        ("2027-01-10", "awaiting_response", False),  # the day of the message
        ("2027-01-23", "awaiting_response", False),  # the day before the reply date
        ("2027-01-24", "awaiting_response", False),  # the reply date itself: still open
        ("2027-01-25", "unresponsive", True),  # the day after: passed with no answer
    ],
)
def test_a_reply_date_passes_the_day_after_it(day: str, stage: str, escalate: bool) -> None:
    found = state(journal(MESSAGE), day)
    assert (found[0], found[4]) == (stage, escalate)


@pytest.mark.parametrize(
    ("outcome", "on_the_day_after"),
    [
        ("acknowledged", "unresponsive"),  # a bare acknowledgement is no answer
        ("declined", "unresponsive"),
        ("committed", "in_dialogue"),
        ("partial", "in_dialogue"),
    ],
)
def test_what_a_reply_said_decides_the_stage_after_the_date(
    outcome: str, on_the_day_after: str
) -> None:
    campaign = journal(MESSAGE, f"{{date: 2027-01-20, event: reply, outcome: {outcome}}}")
    before = "unresponsive" if outcome == "declined" else None
    assert state(campaign, "2027-01-19")[0] == "awaiting_response"
    if before is not None:
        assert state(campaign, "2027-01-20")[0] == before  # a refusal needs no date to pass
    assert state(campaign, "2027-01-25")[0] == on_the_day_after
    assert state(campaign, "2027-01-25")[1] == "contact"  # someone answered


def test_a_meeting_after_the_message_is_dialogue_even_after_the_date() -> None:
    campaign = journal(MESSAGE, "{date: 2027-01-28, event: meeting, with: policy team}")
    assert state(campaign, "2027-01-27")[0] == "unresponsive"
    assert state(campaign, "2027-01-28")[:2] == ("in_dialogue", "contact")


def test_a_new_message_opens_a_new_date() -> None:
    campaign = journal(
        MESSAGE, "{date: 2027-02-01, event: message_sent, to: legal, reply_by: 2027-02-15}"
    )
    assert state(campaign, "2027-01-31")[0] == "unresponsive"
    assert state(campaign, "2027-02-01")[0] == "awaiting_response"
    assert state(campaign, "2027-02-15")[0] == "awaiting_response"
    assert state(campaign, "2027-02-16")[0] == "unresponsive"
    scenario = campaign.scenario_for("Example Mobile", DAY("2027-02-16"))
    advice = assess(scenario, evaluator=ReferenceEvaluator())
    assert advice.understood.get("engagement.response_deadline") == "2027-02-15"


@pytest.mark.parametrize(
    ("day", "left", "relationship"),
    [
        ("2027-01-11", False, "contact"),  # the day before the departure
        ("2027-01-12", True, "none"),  # the day of it
        ("2027-01-13", True, "none"),  # the day after, nobody new
        ("2027-01-20", False, "contact"),  # a successor found
    ],
)
def test_a_departed_contact_means_starting_again_until_a_successor(
    day: str, left: bool, relationship: str
) -> None:
    campaign = journal(
        "{date: 2027-01-05, event: contact_made, person: Ana, team: policy}",
        "{date: 2027-01-12, event: contact_left, person: Ana}",
        "{date: 2027-01-20, event: contact_made, person: Ben, team: policy}",
    )
    found = state(campaign, day)
    assert (found[2], found[1]) == (left, relationship)


def test_a_departure_with_no_contact_before_it_is_no_departure() -> None:
    campaign = journal("{date: 2027-01-12, event: contact_left, person: Ana}")
    assert state(campaign, "2027-01-13")[2] is False


def test_another_company_approached_counts_from_the_day_of_its_message() -> None:
    other = (
        "  - company: {name: Example Telecom, type: mobile_network_operator}\n"
        "    events:\n"
        "      - {date: 2027-01-15, event: message_sent, to: policy}\n"
    )
    campaign = journal(MESSAGE, other=other)
    assert state(campaign, "2027-01-14")[3] is False
    assert state(campaign, "2027-01-15")[3] is True
    assert state(campaign, "2027-01-15", "Example Telecom")[3] is True


def test_planned_events_are_never_facts() -> None:
    campaign = journal(MESSAGE, "{date: 2027-03-01, event: meeting}")
    history = history_of(campaign, "Example Mobile", DAY("2027-02-01"))
    assert history.facts["history.met"] is False
    assert history.facts["history.met_since_message"] is False


def test_the_journal_gives_the_stage_explicitly_and_it_wins() -> None:
    text = (
        "campaign: {name: Test}\n"
        "companies:\n"
        "  - company: {name: Example Mobile, type: mobile_network_operator}\n"
        "    engagement: {stage: in_dialogue}\n"
        "    organization: {relationship: ally}\n"
        f"    events:\n      - {MESSAGE}\n"
    )
    campaign = campaign_from_text(text)
    advice = assess(campaign.scenario_for("Example Mobile", DAY("2027-02-01")))
    assert advice.understood.get("engagement.stage") == "in_dialogue"
    assert advice.understood.get("organization.relationship") == "ally"
    assert "history.stage-unresponsive-after-reply-date" not in fired_rules(advice)
    assert "strategy:escalate_publicly" not in advice


def test_history_facts_name_their_events() -> None:
    campaign = load_campaign(SMALL)
    history = history_of(campaign, "Example Mobile", DAY("2027-01-31"))
    assert history.events_behind(
        ["history.reply_by_passed", "history.met_since_message", "history.last_reply"]
    ) == (
        "message of 2027-01-10 to the policy team, reply by 2027-01-24, passed by 2027-01-31",
        "no meeting since 2027-01-10",
        "no reply by 2027-01-31",
    )
    # The message is said once: the words of its reply date passing begin with it.
    assert history.events_behind(["history.message_sent", "history.reply_by_passed"]) == (
        "message of 2027-01-10 to the policy team, reply by 2027-01-24, passed by 2027-01-31",
    )
    before = history_of(campaign, "Example Mobile", DAY("2027-01-24"))
    assert before.evidence["history.reply_by_passed"].text == (
        "message of 2027-01-10 to the policy team, reply by 2027-01-24, "
        "not yet passed on 2027-01-24"
    )
    telecom = history_of(campaign, "Example Telecom", DAY("2027-02-11"))
    left = telecom.evidence["history.contact_left_after_contact"]
    assert left.text == "the human rights lead left on 2027-02-10, and no new contact since"
    assert [(ref.date, ref.event, ref.company) for ref in left.events] == [
        (DAY("2027-02-10"), "contact_left", "Example Telecom")
    ]
    assert left.events[0].line is not None


def test_evidence_names_the_events_as_data() -> None:
    campaign = load_campaign(SMALL)
    history = history_of(campaign, "Example Telecom", DAY("2027-01-20"))
    # Another company's message: the event is that company's, at its own line.
    other = history.evidence["history.other_company_approached"]
    assert [(ref.event, ref.company) for ref in other.events] == [
        ("message_sent", "Example Mobile")
    ]
    # A fact that says something did not happen rests on no event.
    assert history.evidence["history.met"].events == ()
    assert history.evidence["history.met"].text == "no meeting by 2027-01-20"


def test_derived_facts_are_in_the_proof_not_among_the_assumptions() -> None:
    campaign = load_campaign(SMALL)
    advice = campaign.advice_for("Example Mobile", DAY("2027-01-31"))
    assert "engagement.stage" not in [a.path for a in advice.assumptions]
    assert advice["strategy:escalate_publicly"].assumptions == ()
    steps = advice.explain("strategy:escalate_publicly").steps()
    assert steps[1] == {
        "conclusion": "fact:engagement.stage=unresponsive",
        "rule": "history.stage-unresponsive-after-reply-date",
        "premises": [
            "fact:history.message_sent=true",
            "fact:history.reply_by_passed=true",
            "fact:history.met_since_message=false",
            "fact:history.last_reply=none",
        ],
    }
    derived = advice.to_dict()["derived"]
    assert {"path": "engagement.stage", "value": "unresponsive"}.items() <= derived[0].items()


def test_the_derivation_graph_leads_a_derived_fact_down_to_the_history() -> None:
    from rightsrules.graph import proof_subgraph, well_founded

    advice = load_campaign(SMALL).advice_for("Example Mobile", DAY("2027-01-31"))
    assert well_founded(advice.graph)
    sub = proof_subgraph(advice.graph, "strategy:escalate_publicly")
    assert "derived:history.stage-unresponsive-after-reply-date" in sub
    assert sub.nodes["fact:engagement.stage=unresponsive"]["derived"] is True
    assert "fact:history.reply_by_passed=true" in sub
