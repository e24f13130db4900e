"""Proofs that lead down to a campaign journal's events: the advice of a journal's company
carries the events behind its history facts, and every explanation (the proof in each format,
the derivation graph, why-not, what-if, the command line) names them; an advice of a scenario
typed by hand carries none, and its explanations are as before."""

from __future__ import annotations

import datetime
import json
from pathlib import Path

import networkx as nx
import pytest

from rightsrules import assess, load_campaign, load_knowledge_base
from rightsrules.advice import Advice
from rightsrules.campaign import Campaign
from rightsrules.cli import main
from rightsrules.graph import event_node, proof_subgraph, well_founded

from . import golden_files as golden

JOURNAL = "facts/examples/campaigns/election-shutdowns.yaml"
SMALL = "tests/fixtures/campaign/small.yaml"
DAY = datetime.date.fromisoformat
ESCALATE = "strategy:escalate_publicly"
TWO = "Example Telecom Two"


@pytest.fixture(scope="module")
def campaign() -> Campaign:
    return load_campaign(JOURNAL, as_of=DAY("2027-02-01"))


@pytest.fixture(scope="module")
def silent(campaign: Campaign) -> Advice:
    """The operator that let its reply date (2027-01-26) pass with no answer."""
    return campaign.advice_for(TWO, DAY("2027-02-01"))


def test_an_advice_from_a_journal_carries_the_events_of_its_history_facts(silent: Advice) -> None:
    assert set(silent.evidence) == {p for p in silent.scenario.facts() if p.startswith("history.")}
    passed = silent.evidence["history.reply_by_passed"]
    assert (passed.value, passed.text) == (
        True,
        "message of 2027-01-12 to the csr team, reply by 2027-01-26, passed by 2027-02-01",
    )
    assert [(e.date, e.event, e.company) for e in passed.events] == [
        (DAY("2027-01-12"), "message_sent", TWO)
    ]
    assert passed.events[0].line == 79  # the message's line in the journal
    assert silent.evidence["history.last_reply"].events == ()  # no reply: no event


def test_an_advice_of_a_scenario_carries_no_evidence(campaign: Campaign) -> None:
    # The same facts given as a scenario: the advice is the same, but no event stands behind.
    plain = assess(campaign.scenario_for(TWO, DAY("2027-02-01")))
    assert plain.evidence == {}
    assert "evidence" not in plain.to_dict()
    assert "evidence" not in plain.explain(ESCALATE).to_dict()
    assert "journal:" not in plain.explain(ESCALATE).to_text()
    assert not [n for n, d in plain.graph.nodes(data=True) if d["kind"] == "event"]


def test_the_proof_leads_down_to_the_events(silent: Advice) -> None:
    proof = silent.explain(ESCALATE)
    assert [e.path for e in proof.evidence] == [
        "history.message_sent",
        "history.reply_by_passed",
        "history.met_since_message",
        "history.last_reply",
    ]
    text = proof.to_text()
    # Under the history fact, its events; the rules above it stay as they were.
    assert (
        "            ├── fact: history.reply_by_passed = true\n"
        "            │   └── journal: message of 2027-01-12 to the csr team, reply by "
        "2027-01-26, passed by 2027-02-01\n"
    ) in text
    assert "                └── journal: no reply by 2027-02-01\n" in text
    assert "fact: engagement.stage = unresponsive (derived from the history)" in text
    data = proof.to_dict()
    assert data["evidence"][1] == {
        "path": "history.reply_by_passed",
        "value": True,
        "text": "message of 2027-01-12 to the csr team, reply by 2027-01-26, passed by 2027-02-01",
        "events": [{"date": "2027-01-12", "event": "message_sent", "line": 79, "company": TWO}],
    }
    assert "  - *journal:* no reply by 2027-02-01" in proof.to_markdown()


def test_a_proof_resting_on_no_history_fact_has_no_events(silent: Advice) -> None:
    proof = silent.explain("challenge:sim_registration")
    assert proof.evidence == ()
    assert "evidence" not in proof.to_dict()
    assert "journal" not in proof.to_text()


def test_the_graph_renderings_draw_each_fact_s_events_once(silent: Advice) -> None:
    mermaid = silent.explain(ESCALATE).to_mermaid()
    nodes = [line for line in mermaid.splitlines() if '[("journal: ' in line]
    assert len(nodes) == 4
    assert "classDef event" in mermaid
    dot = silent.explain(ESCALATE).to_dot()
    assert dot.count("shape=cylinder") == 4
    assert '"journal:history.last_reply" -> "fact:history.last_reply=none";' in dot
    plain = assess({"company": {"name": "Example Net", "type": "isp"}})
    assert "classDef event" not in plain.explain("challenge:net_neutrality").to_mermaid()


def test_the_derivation_graph_has_event_nodes_under_the_history_facts(silent: Advice) -> None:
    graph = silent.graph
    assert well_founded(graph)
    sub = proof_subgraph(graph, ESCALATE)
    events = {n: d for n, d in sub.nodes(data=True) if d["kind"] == "event"}
    message = f"event:{TWO}:2027-01-12:message_sent:79"
    assert set(events) == {message}
    assert events[message] == {
        "kind": "event",
        "event": "message_sent",
        "company": TWO,
        "date": "2027-01-12",
        "line": 79,
    }
    assert set(sub.successors(message)) == {
        "fact:history.message_sent=true",
        "fact:history.reply_by_passed=true",
    }
    assert sub.nodes["fact:history.last_reply=none"]["evidence"] == "no reply by 2027-02-01"
    assert "<graphml" in "\n".join(nx.generate_graphml(sub))  # GraphML takes every attribute


def test_another_company_s_message_is_its_event(campaign: Campaign) -> None:
    advice = campaign.advice_for("Example Mobile", DAY("2027-01-11"))
    graph = advice.graph
    found = advice.evidence["history.other_company_approached"]
    assert found.value is False  # Example Telecom Two writes on 2027-01-12
    later = campaign.advice_for("Example Mobile", DAY("2027-01-12")).evidence
    event = later["history.other_company_approached"].events[0]
    assert (event.company, event.event) == (TWO, "message_sent")
    assert event_node(event) == f"event:{TWO}:2027-01-12:message_sent:79"
    assert not [n for n, d in graph.nodes(data=True) if d["kind"] == "event" and TWO in n]


def test_the_evidence_survives_a_translation(silent: Advice) -> None:
    french = silent.in_language("fr")
    assert french.evidence == silent.evidence
    assert french.explain(ESCALATE).evidence == silent.explain(ESCALATE).evidence


def test_what_if_keeps_the_events_of_the_facts_it_does_not_change(silent: Advice) -> None:
    answer = silent.what_if({"history.last_reply": "committed"})
    assert "history.last_reply" not in answer.after.evidence
    assert answer.after.evidence["history.message_sent"] == silent.evidence["history.message_sent"]


def test_why_not_names_the_events_behind_the_facts_that_rule_it_out(campaign: Campaign) -> None:
    # Example Mobile met the policy team after its message: a dialogue, no escalation.
    mobile = campaign.advice_for("Example Mobile", DAY("2027-02-01"))
    report = mobile.why_not(ESCALATE)
    assert report.ruled_out_by() == {"engagement.stage": "in_dialogue"}
    assert [(e.path, e.text) for e in report.evidence] == [
        ("history.message_sent", "message of 2027-01-10 to the policy team, reply by 2027-01-24"),
        ("history.met_since_message", "meeting of 2027-01-25 with the policy team"),
    ]
    text = report.to_text()
    assert "From the campaign journal:\n" in text
    assert (
        "  - history.met_since_message is true: meeting of 2027-01-25 with the policy team\n"
        in (text)
    )
    assert report.to_dict()["evidence"][1]["path"] == "history.met_since_message"
    plain = assess(mobile.scenario).why_not(ESCALATE)
    assert plain.evidence == ()
    assert "evidence" not in plain.to_dict()
    assert "campaign journal" not in plain.to_text()


def test_the_timeline_names_each_day_s_events_in_words_and_as_data(campaign: Campaign) -> None:
    timeline = campaign.timeline(TWO, until=DAY("2027-02-28"))
    sent = next(e for e in timeline.entries if e.date == DAY("2027-01-12"))
    assert [(r.event, r.company, r.line) for r in sent.events] == [("message_sent", TWO, 79)]
    assert sent.to_dict()["events"] == [
        {"date": "2027-01-12", "event": "message_sent", "line": 79, "company": TWO}
    ]
    # A reply date passing is no event: it is said in words only.
    passed = next(e for e in timeline.entries if e.date == DAY("2027-01-27"))
    assert (passed.happened, passed.events) == (
        ("the reply date 2027-01-26 passed with no answer",),
        (),
    )
    text = timeline.to_text()
    assert (
        "2027-01-27, Example Telecom Two: the reply date 2027-01-26 passed with no answer\n"
        "  stage: awaiting response → unresponsive\n"
        "  + Escalate publicly after the deadline passed (II.d; rule "
        "smallwins.escalate-when-unresponsive)\n"
    ) in text
    # Another company's message is that company's event, on the day it was sent.
    other = next(e for e in timeline.entries if e.date == DAY("2027-01-10"))
    assert [(r.company, r.event) for r in other.events] == [("Example Mobile", "message_sent")]


def test_the_plan_says_once_which_events_its_stage_rests_on(
    campaign: Campaign, silent: Advice
) -> None:
    from rightsrules.render.plan import build_plan

    summary = build_plan(silent).summary
    assert summary[1] == (
        "The company let your date for a reply pass without an adequate answer. From the "
        "journal: message of 2027-01-12 to the csr team, reply by 2027-01-26, passed by "
        "2027-02-01; no meeting since 2027-01-12; no reply by 2027-02-01."
    )
    left = build_plan(campaign.advice_for("Example Mobile", DAY("2027-02-12"))).summary
    assert (
        "Your key contact there has left, so the relationship is rebuilt first. From the "
        "journal: Head of public policy left on 2027-02-10, and no new contact since." in left
    )
    # The same facts typed as a scenario: the stage sentence alone.
    plain = build_plan(assess(silent.scenario)).summary
    assert plain[1] == "The company let your date for a reply pass without an adequate answer."


# --- the command line --------------------------------------------------------------------------


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    status = main(list(args))
    captured = capsys.readouterr()
    return status, captured.out, captured.err


def company(name: str = TWO, day: str = "2027-02-01") -> tuple[str, ...]:
    return ("--company", name, "--as-of", day)


@pytest.mark.parametrize(("fmt", "suffix"), [("text", "txt"), ("markdown", "md"), ("json", "json")])
def test_explain_of_a_journal_s_company_golden(
    capsys: pytest.CaptureFixture[str], fmt: str, suffix: str
) -> None:
    status, out, err = run(capsys, "explain", JOURNAL, ESCALATE, *company(), "--format", fmt)
    assert (status, err) == (0, "")
    version = load_knowledge_base().version
    golden.check_golden(golden.GOLDEN / "campaign" / f"explain-escalate.{suffix}", out, version)


def test_explain_as_of_another_day_gives_another_proof(capsys: pytest.CaptureFixture[str]) -> None:
    # On 2027-01-26 the date has not passed: nothing to escalate yet.
    status, out, err = run(capsys, "explain", JOURNAL, ESCALATE, *company(day="2027-01-26"))
    assert status == 2
    assert "is not in this advice" in err
    status, out, _ = run(capsys, "why-not", JOURNAL, ESCALATE, *company(day="2027-01-26"))
    assert status == 0
    assert "history.reply_by_passed is false: message of 2027-01-12 to the csr team, reply by " in (
        out
    )
    assert "2027-01-26, not yet passed on 2027-01-26" in out


def test_what_if_on_a_journal_s_company(capsys: pytest.CaptureFixture[str]) -> None:
    args = ("what-if", JOURNAL, *company(), "--set", "history.last_reply=committed")
    status, out, err = run(capsys, *args, "--format", "json")
    assert (status, err) == (0, "")
    data = json.loads(out)
    assert ESCALATE in data["removed"]
    assert "step:prepare_meeting_agenda" in data["added"]  # a commitment opens a dialogue
    proof = data["explanations"]["added"]["step:prepare_meeting_agenda"]
    assert proof["steps"][1]["premises"] == [
        "fact:history.message_sent=true",
        "fact:history.last_reply=committed",
    ]
    # The message still stands on its event; the reply changed, so no event stands behind it.
    assert [e["path"] for e in proof["evidence"]] == ["history.message_sent"]


def test_an_unknown_company_is_refused_naming_the_journal_s_companies(
    capsys: pytest.CaptureFixture[str],
) -> None:
    for command in (
        ("explain", JOURNAL, ESCALATE),
        ("why-not", JOURNAL, ESCALATE),
        ("what-if", JOURNAL, "--set", "company.size=small"),
    ):
        status, out, err = run(capsys, *command, *company(name="Example Cable"))
        assert (status, out) == (2, "")
        assert err == (
            f"rightsrules: error: {JOURNAL}: no company called 'Example Cable' in this campaign "
            "(it has 'Example Mobile', 'Example Telecom Two', 'Example Fibre')\n"
        )


@pytest.mark.parametrize("day", ["2027-02-30", "1 February 2027", "2027-2-1", ""])
def test_a_bad_as_of_is_refused(capsys: pytest.CaptureFixture[str], day: str) -> None:
    status, out, err = run(capsys, "explain", JOURNAL, ESCALATE, *company(day=day))
    assert (status, out) == (2, "")
    assert err == f"rightsrules: error: --as-of {day}: not a date written YYYY-MM-DD\n"


def test_a_journal_without_company_and_a_scenario_with_as_of_are_refused(
    capsys: pytest.CaptureFixture[str],
) -> None:
    status, _, err = run(capsys, "explain", JOURNAL, ESCALATE)
    assert status == 2
    assert f"{JOURNAL} is a campaign journal: give --company NAME (its companies: " in err
    scenario = "facts/examples/mno-network-shutdown.yaml"
    status, _, err = run(capsys, "why-not", scenario, ESCALATE, "--as-of", "2027-02-01")
    assert status == 2
    assert "--as-of is the day of a campaign journal: give --company too" in err
    status, _, err = run(capsys, "what-if", "-", *company(), "--set", "company.size=small")
    assert status == 2
    assert "--company reads a campaign journal from a file, not standard input" in err


def test_an_impossible_journal_is_refused_at_its_line(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    journal = tmp_path / "journal.yaml"
    journal.write_text(
        "campaign: {name: Test}\n"
        "companies:\n"
        "  - company: {name: Example Net, type: isp}\n"
        "    events:\n"
        "      - {date: 2027-01-10, event: reply, outcome: declined}\n",
        encoding="utf-8",
    )
    status, out, err = run(capsys, "explain", str(journal), ESCALATE, *company("Example Net"))
    assert (status, out) == (2, "")
    assert err == (
        f"rightsrules: error: {journal}:5: companies.0.events.0: a reply before any message: "
        "record the message it answers first\n"
    )


def test_reasons_of_a_journal_s_company_say_why_they_cannot_answer(
    capsys: pytest.CaptureFixture[str],
) -> None:
    status, out, err = run(capsys, "explain", JOURNAL, ESCALATE, *company(), "--reasons")
    assert (status, out) == (2, "")
    assert "history" in err
