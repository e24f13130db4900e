"""Properties of campaigns: any journal that loads gives, as of any day, a scenario that
``assess`` accepts; and an event dated after the as-of day changes nothing as of that day."""

from __future__ import annotations

import datetime
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from rightsrules import ReferenceEvaluator, assess, load_knowledge_base
from rightsrules.campaign import campaign_from_dict
from rightsrules.campaign.model import REPLY_OUTCOMES

START = datetime.date(2027, 1, 1)
KB = load_knowledge_base()
ENGINE = ReferenceEvaluator()
_TYPES = ("isp", "mobile_network_operator", "social_media_platform", "cloud_company", "other")


@st.composite
def events(draw: st.DrawFn) -> list[dict[str, Any]]:
    """A company's events in date order, a reply only after a message."""
    found: list[dict[str, Any]] = []
    day = START
    sent = False
    for _ in range(draw(st.integers(0, 7))):
        day += datetime.timedelta(days=draw(st.integers(0, 20)))
        kinds = ["message_sent", "meeting", "contact_made", "contact_left", "note"]
        kinds += ["reply"] if sent else []
        kind = draw(st.sampled_from(kinds))
        event: dict[str, Any] = {"date": day.isoformat(), "event": kind}
        if kind == "message_sent":
            sent = True
            if draw(st.booleans()):
                reply_by = day + datetime.timedelta(days=draw(st.integers(0, 30)))
                event["reply_by"] = reply_by.isoformat()
            if draw(st.booleans()):
                event["to"] = draw(st.sampled_from(["policy", "legal", "Ana Example"]))
        elif kind == "reply":
            event["outcome"] = draw(st.sampled_from(REPLY_OUTCOMES))
        found.append(event)
    return found


@st.composite
def journals(draw: st.DrawFn) -> dict[str, Any]:
    count = draw(st.integers(1, 3))
    companies = []
    for index in range(count):
        entry: dict[str, Any] = {
            "company": {"name": f"Company {index}", "type": draw(st.sampled_from(_TYPES))},
            "events": draw(events()),
        }
        if draw(st.integers(0, 4)) == 0:
            entry["engagement"] = {"stage": "in_dialogue"}
        companies.append(entry)
    data: dict[str, Any] = {"campaign": {"name": "Property"}, "companies": companies}
    if draw(st.booleans()):
        data["concern"] = {"issue": "network_disruption", "driver": "government"}
    if draw(st.booleans()):
        data["organization"] = {"capacity": "small"}
    return data


days = st.integers(-3, 150).map(lambda n: START + datetime.timedelta(days=n))


@settings(max_examples=40)
@given(journals(), days)
def test_every_journal_that_loads_gives_scenarios_assess_accepts(
    data: dict[str, Any], as_of: datetime.date
) -> None:
    campaign = campaign_from_dict(data, as_of=as_of)
    for journal in campaign.companies:
        advice = assess(campaign.scenario_for(journal.name, as_of), KB, evaluator=ENGINE)
        assert advice.scenario.company.name == journal.name
        stage = advice.understood.get("engagement.stage")
        if not journal.done(as_of) and "engagement" not in journal.sections:
            assert stage == "planning"  # nothing sent yet


@settings(max_examples=40)
@given(journals(), days, st.integers(1, 40), st.sampled_from(["meeting", "message_sent", "note"]))
def test_an_event_after_the_as_of_day_changes_nothing_as_of_that_day(
    data: dict[str, Any], as_of: datetime.date, later: int, kind: str
) -> None:
    before = campaign_from_dict(data, as_of=as_of).status(as_of, KB)
    for index, company in enumerate(data["companies"]):
        last = max([as_of, *(datetime.date.fromisoformat(e["date"]) for e in company["events"])])
        changed = {**data, "companies": list(data["companies"])}
        added = {"date": (last + datetime.timedelta(days=later)).isoformat(), "event": kind}
        changed["companies"][index] = {**company, "events": [*company["events"], added]}
        after = campaign_from_dict(changed, as_of=as_of).status(as_of, KB)
        for old, new in zip(before.companies, after.companies, strict=True):
            assert (old.stage, old.relationship) == (new.stage, new.relationship)
            assert old.advice.to_dict() == new.advice.to_dict()
            assert [d for d in old.due if d.kind != "planned"] == [
                d for d in new.due if d.kind != "planned"
            ]
        planned = [d for d in after.companies[index].due if d.kind == "planned"]
        assert added["date"] in [d.date.isoformat() for d in planned]
