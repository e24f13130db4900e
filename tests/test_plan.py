"""The engagement plan follows the stage, orders steps by phase and says each thing once."""

from __future__ import annotations

from typing import Any

import pytest

from rightsrules import assess
from rightsrules.render import build_plan, to_report_html, to_report_markdown
from rightsrules.render.plan import FIRST_STEPS, PlanItem
from rightsrules.vocabulary import STEP_PHASES


def scenario(stage: str | None = None, **engagement: Any) -> dict[str, Any]:
    data: dict[str, Any] = {
        "company": {
            "name": "Example Mobile",
            "type": "mobile_network_operator",
            "publicly_traded": True,
            "public_commitments": ["Example Privacy Policy"],
            "published_reports": ["child_protection"],
        },
        "context": {"country": "KE"},
        "concern": {"issue": "network_disruption", "driver": "government"},
        "organization": {"name": "Example Rights Lab", "capacity": "small"},
        "engagement": dict(engagement),
    }
    if stage is not None:
        data["engagement"]["stage"] = stage
    return data


def test_planning_gets_an_opening_message_with_the_date_asked() -> None:
    plan = build_plan(assess(scenario("planning", response_deadline="2030-03-01")))
    assert plan.letter.kind == "opening"
    assert "reply by 2030-03-01" in plan.letter.text
    assert "Example Privacy Policy" in plan.letter.text
    assert "child protection" in plan.letter.text  # words, not the token child_protection
    assert "Kenya" in plan.letter.text and " KE" not in plan.letter.text


def test_awaiting_a_reply_gets_a_reminder_that_restates_the_date() -> None:
    plan = build_plan(assess(scenario("awaiting_response", response_deadline="2030-03-01")))
    assert plan.letter.kind == "reminder"
    assert plan.letter.title == "Draft reminder"
    assert plan.letter.text.count("2030-03-01") == 2
    assert "introduce ourselves" not in plan.letter.text


def test_once_unresponsive_no_opening_message_and_no_new_date() -> None:
    advice = assess(scenario("unresponsive", response_deadline="2030-03-01"))
    plan = build_plan(advice)
    assert plan.letter.kind == "final_notice"
    assert "Draft opening message" not in to_report_markdown(advice)
    assert "That date has passed" in plan.letter.text
    assert "reply by" not in plan.letter.text.replace("asked for a reply by 2030-03-01", "")
    assert plan.letter.outline_title == "Outline of the public statement"
    assert any("no adequate answer" in point for point in plan.letter.outline)
    assert "step:set_response_deadline" not in advice
    assert plan.deadline_note == ""
    assert plan.lead_strategy is not None and plan.lead_strategy.id == "strategy:escalate_publicly"


def test_in_dialogue_gets_a_meeting_agenda() -> None:
    plan = build_plan(assess(scenario("in_dialogue")))
    assert plan.letter.kind == "meeting_agenda"
    assert plan.letter.outline_title == "Agenda"
    assert any("Example Privacy Policy" in point for point in plan.letter.outline)
    assert any(point.startswith("Next steps") for point in plan.letter.outline)


def test_a_departed_contact_puts_rebuilding_first() -> None:
    advice = assess(scenario("in_dialogue", key_contact_left=True))
    plan = build_plan(advice)
    assert plan.letter.kind == "reintroduction"
    assert "moved on" in plan.letter.text
    assert "relationship is rebuilt first" in " ".join(plan.summary)
    current = [phase for phase in plan.phases if phase.current]
    assert [phase.name for phase in current] == ["prepare"]
    assert plan.first_steps[0].id == "step:find_contacts"


def test_a_departed_contact_at_an_unresponsive_company_still_gets_the_final_notice() -> None:
    plan = build_plan(assess(scenario("unresponsive", key_contact_left=True)))
    assert plan.letter.kind == "final_notice"


@pytest.mark.parametrize("stage", [None, "planning", "awaiting_response", "unresponsive"])
def test_steps_follow_the_phases_and_the_first_steps_start_where_you_are(
    stage: str | None,
) -> None:
    advice = assess(scenario(stage))
    plan = build_plan(advice)
    order = [STEP_PHASES.index(step.phase) for step in plan.steps if step.phase]
    assert order == sorted(order), [step.id for step in plan.steps]
    assert [step.id for phase in plan.phases for step in phase.steps] == [
        step.id for step in plan.steps
    ]
    assert sum(phase.current for phase in plan.phases) <= 1
    assert 0 < len(plan.first_steps) <= FIRST_STEPS
    start = next(
        (i for i, phase in enumerate(plan.phases) if phase.current), 0
    )  # the first steps come from the current phase on
    later = [step.id for phase in plan.phases[start:] for step in phase.steps]
    assert [step.id for step in plan.first_steps] == later[: len(plan.first_steps)]


def test_start_and_first_steps_never_contradict_the_stage() -> None:
    plan = build_plan(assess(scenario("unresponsive")))
    firsts = {step.id for step in plan.first_steps}
    assert "step:start_small" not in firsts
    assert "step:constructive_message" not in firsts


def reasons(items: tuple[PlanItem, ...]) -> list[str]:
    return [item.why for item in items if item.same_as is None]


@pytest.mark.parametrize("stage", [None, "planning", "unresponsive", "in_dialogue"])
def test_each_reason_is_printed_once(stage: str | None) -> None:
    advice = assess(scenario(stage))
    plan = build_plan(advice)
    markdown = to_report_markdown(advice)
    for items in (plan.strategies, plan.steps, plan.contacts):
        for why in reasons(items):
            assert markdown.count(why) == 1, why
    for note in plan.strategy_order:
        assert markdown.count(note.reason) == 1, note.reason
    for item in (*plan.challenges, *plan.leverage):
        assert markdown.count(item.why) == 1, item.why
    assert ".;" not in markdown


def test_items_sharing_a_reason_point_to_the_first_that_gave_it() -> None:
    plan = build_plan(assess(scenario("planning")))
    seen: dict[str, str] = {}
    for items in (plan.challenges, plan.leverage, plan.strategies, plan.contacts, plan.steps):
        for item in items:
            if item.why in seen:
                assert item.same_as == seen[item.why]
            else:
                assert item.same_as is None
                seen[item.why] = item.title
    assert any(item.same_as for item in plan.steps)  # this scenario has such a pair


def test_the_body_shows_titles_and_keeps_ids_muted() -> None:
    advice = assess(scenario("planning"))
    page = to_report_html(advice)
    markdown = to_report_markdown(advice)
    for conclusion in advice.conclusions:
        assert f'<span class="id">{conclusion.id}</span>' in page
        assert f"**{conclusion.title}**" in markdown
        lines = [line for line in markdown.splitlines() if f"`{conclusion.id}`" in line]
        assert lines and all(line.strip().startswith("*Guide:*") for line in lines), lines


@pytest.mark.parametrize("stage", [None, "unresponsive"])
def test_the_advice_lists_say_each_reason_once_too(stage: str | None) -> None:
    import io

    from rich.console import Console

    from rightsrules.render.markdown import to_markdown
    from rightsrules.render.terminal import advice_renderable
    from rightsrules.render.text import to_text

    advice = assess(scenario(stage))
    console = Console(width=2000, record=True, file=io.StringIO(), color_system=None)  # no wrap
    console.print(advice_renderable(advice))
    ranked = (*advice.of_kind("strategy"), *advice.of_kind("step"))  # shown with their reasons
    reasons = {c.rationale for c in advice.conclusions} | {
        r.because for c in ranked for r in c.rank_reasons
    }
    for shown in (to_text(advice), to_markdown(advice), console.export_text()):
        flat = " ".join(shown.split())
        for reason in reasons:
            assert flat.count(" ".join(reason.split())) == 1, reason
