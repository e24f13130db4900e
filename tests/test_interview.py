"""The interview: its order, the questions it skips, the answers it accepts, why it asks.

Sessions run through the input stream (``Interview`` over two text streams, or the command
with ``sys.stdin`` replaced) and once through a pseudo-terminal; one full session over the
fixture knowledge base is compared with tests/golden/interview/session.txt.
"""

from __future__ import annotations

import io
import json
import os
import re
import select
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import pytest

from rightsrules import (
    KnowledgeBase,
    RuleFileError,
    ScenarioError,
    assess,
    load_knowledge_base,
    load_scenario,
    parse_scenario,
)
from rightsrules.cli import main
from rightsrules.cli.interview_cmd import Interview
from rightsrules.explain.questions import CHANGES, REORDERS
from rightsrules.interview import agenda, load_script, read_answer, script
from rightsrules.interview.agenda import MAX_EFFECT_LINES
from rightsrules.render.plan import build_plan
from rightsrules.vocabulary import FIELDS

from . import golden_files as golden
from .conftest import SEED

EXAMPLES = Path(__file__).resolve().parents[1] / "facts" / "examples"
EXTRA = Path(__file__).parent / "fixtures" / "explain_kb"

#: A question line as the interview prints it: the question, then its path in brackets.
ASKED = re.compile(r"^\S.*  \[([a-z_]+\.[a-z_]+)\]$", re.MULTILINE)


@pytest.fixture(scope="module")
def kb() -> KnowledgeBase:
    return load_knowledge_base()


def session(
    kb: KnowledgeBase, answers: str, start: dict[str, Any] | None = None
) -> tuple[dict[str, Any], str]:
    """An interview over the input stream: the scenario it ends with, and what it said."""
    talk = io.StringIO()
    interview = Interview(kb, io.StringIO(answers), talk)
    begun = interview.start() if start is None else parse_scenario(json.dumps(start))
    assert begun is not None, talk.getvalue()
    return interview.run(begun).to_dict(), talk.getvalue()


def asked(talk: str) -> list[str]:
    return ASKED.findall(talk)


# -- the order ---------------------------------------------------------------------------------


def test_the_facts_that_shape_the_plan_come_first_then_the_letter_then_impact(
    kb: KnowledgeBase,
) -> None:
    answers = "Acme\n2\ndata misuse\nKenya\ncompany\nplanning\nExample Lab\n2030-01-31\nstop\n"
    done, talk = session(kb, answers)
    order = asked(talk)
    assert order[:8] == [
        "company.name",
        "company.type",
        "concern.issue",
        "context.country",
        "concern.driver",
        "engagement.stage",
        "organization.name",
        "engagement.response_deadline",
    ]
    # then the open fact whose answer changes the advice most
    after = assess(done, kb)
    assert order[8] == after.questions()[0].path
    assert done["concern"] == {"issue": "data_misuse", "driver": "company"}
    assert done["context"] == {"country": "KE"}


def test_the_letter_comes_out_signed_and_dated(kb: KnowledgeBase) -> None:
    answers = "Acme\n2\n2\nNG\nplanning\nExample Lab\n2030-01-31\nstop\n"
    done, _ = session(kb, answers)
    letter = build_plan(assess(done, kb)).letter.text
    assert letter.endswith("Kind regards,\nExample Lab")
    assert "a reply by 2030-01-31" in letter
    assert "[" not in letter.split("As a first step")[0]  # no placeholder before the ask


def test_the_letter_facts_are_asked_only_when_the_letter_lacks_them(kb: KnowledgeBase) -> None:
    company = {"name": "Acme", "type": "isp"}
    planning = agenda(assess({"company": company, "engagement": {"stage": "planning"}}, kb))
    assert [a.path for a in planning if a.reason == "letter"] == [
        "organization.name",
        "engagement.response_deadline",
    ]
    # a meeting agenda asks for no reply date; a named organisation is not asked again
    meeting = agenda(
        assess({"company": company, "engagement": {"stage": "in_dialogue"}, "organization": {}}, kb)
    )
    assert [a.path for a in meeting if a.reason == "letter"] == ["organization.name"]
    named = agenda(assess({"company": company, "organization": {"name": "Lab"}}, kb))
    assert "organization.name" not in [a.path for a in named]


def test_questions_that_only_reorder_come_after_those_that_change_the_advice(
    kb: KnowledgeBase,
) -> None:
    scenario = load_scenario(EXAMPLES / "mno-network-shutdown.yaml").to_dict()
    del scenario["organization"]["capacity"]
    found = assess(scenario, kb).questions()
    effects = [q.effect for q in found]
    assert effects == sorted(effects, key=[CHANGES, REORDERS].index)
    capacity = next(q for q in found if q.path == "organization.capacity")
    assert capacity.effect == REORDERS
    assert not (capacity.could_add or capacity.could_remove)
    assert capacity.answer("small").moves_down == ("strategy:investor_engagement",)
    asks = [ask.path for ask in agenda(assess(scenario, kb))]
    assert asks[-1] == "organization.capacity"  # the only question that only reorders
    skips = "\n" * asks.index("organization.capacity")
    done, talk = session(kb, skips + "small\nstop\n", scenario)
    assert done["organization"]["capacity"] == "small"
    title = kb.conclusion("strategy:investor_engagement").title
    assert f"why this is asked: an answer could move {title} down\n" in talk
    assert f"  v {title} moves down\n" in talk
    notes = {q.path: q.note for q in build_plan(assess(scenario, kb)).questions}
    assert notes["organization.capacity"] == f"could move {title} down"


def test_the_questions_command_says_which_effect_each_question_has(
    kb: KnowledgeBase, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    scenario = load_scenario(EXAMPLES / "mno-network-shutdown.yaml").to_dict()
    del scenario["organization"]["capacity"]
    path = tmp_path / "s.json"
    path.write_text(json.dumps(scenario), encoding="utf-8")
    assert main(["questions", str(path), "--format", "json"]) == 0
    listed = json.loads(capsys.readouterr().out)
    by_path = {item["path"]: item for item in listed}
    assert by_path["organization.capacity"]["effect"] == "reorders"
    assert by_path["organization.capacity"]["could_move_down"] == ["strategy:investor_engagement"]
    assert {item["effect"] for item in listed} == {"changes", "reorders"}
    assert listed[-1]["effect"] == "reorders"
    assert main(["questions", str(path)]) == 0
    title = kb.conclusion("strategy:investor_engagement").title
    assert f"- small: moves {title} down" in capsys.readouterr().out  # by title, never by id


# -- the questions it skips --------------------------------------------------------------------


def test_a_departed_contact_is_not_asked_about_without_a_relationship(kb: KnowledgeBase) -> None:
    start = {
        "company": {"name": "Acme", "type": "mobile_network_operator"},
        "concern": {"issue": "network_disruption"},
        "context": {"country": "NG"},
        "organization": {"name": "Lab"},
        "engagement": {"stage": "planning", "response_deadline": "2030-01-31"},
    }
    before = [a.path for a in agenda(assess(start, kb))]
    assert "engagement.key_contact_left" in before  # asked while the relationship is unknown
    skips = before.index("organization.relationship")
    done, talk = session(kb, "\n" * skips + "none\n" + "\n" * 40, start)
    assert done["organization"] == {"name": "Lab", "relationship": "none"}
    key_contact = FIELDS["engagement.key_contact_left"].question
    assert f"  no need to ask now: {key_contact} (" in talk
    assert "engagement.key_contact_left" not in asked(talk)
    assert "No open fact would change the advice any more." in talk


def test_who_drives_a_state_order_is_not_asked(kb: KnowledgeBase) -> None:
    for issue, driver_asked in (("sim_registration", False), ("data_misuse", True)):
        advice = assess({"company": {"name": "A", "type": "isp"}, "concern": {"issue": issue}}, kb)
        assert ("concern.driver" in [a.path for a in agenda(advice)]) is driver_asked


def test_skipped_questions_stay_unknown(kb: KnowledgeBase) -> None:
    start = {"company": {"name": "Acme", "type": "isp"}}
    done, talk = session(kb, "\n\n\nstop\n", start)
    assert done == start
    assert asked(talk)[:3] == ["concern.issue", "context.country", "concern.driver"]


# -- the answers it accepts --------------------------------------------------------------------


@pytest.mark.parametrize(
    ("path", "typed", "value"),
    [
        ("company.publicly_traded", "y", True),
        ("company.publicly_traded", "Yes", True),
        ("company.publicly_traded", "n", False),
        ("company.publicly_traded", "NO", False),
        ("company.publicly_traded", "true", True),
        ("company.publicly_traded", "2", False),
        ("concern.issue", "sim registration", "sim_registration"),
        ("concern.issue", "sim-registration", "sim_registration"),
        ("concern.issue", "SIM_Registration", "sim_registration"),
        ("concern.issue", "6", "sim_registration"),
        ("company.business_model", "the public", "b2c"),
        ("company.type", "internet service provider", "isp"),
        ("engagement.stage", "awaiting response", "awaiting_response"),
        (
            "company.departments",
            "1, legal, human-rights",
            ("trust_and_safety", "legal", "human_rights"),
        ),
        ("company.departments", "none", ()),
        ("company.industry_associations", "GSMA, Other", ("GSMA", "Other")),
        ("context.country", "ng", "NG"),
        ("context.country", "Kenya", "KE"),
        ("engagement.response_deadline", "2030-01-31", "2030-01-31"),
    ],
)
def test_accepted_spellings(path: str, typed: str, value: object) -> None:
    assert read_answer(path, typed) == value


@pytest.mark.parametrize(
    ("path", "typed", "hint"),
    [
        ("concern.issue", "sim registraton", "(did you mean 'sim registration'?)"),
        ("concern.issue", "13", "13 is not a number in the list (1 to 12)"),
        ("company.publicly_traded", "maybe", "'maybe' is not yes or no"),
        ("context.country", "Nigria", "(did you mean 'Nigeria (NG)'?)"),
        ("engagement.response_deadline", "soon", "soon"),
    ],
)
def test_a_wrong_answer_gets_a_one_line_hint(path: str, typed: str, hint: str) -> None:
    with pytest.raises(ScenarioError) as caught:
        read_answer(path, typed)
    message = caught.value.problems[0].message
    assert hint in message and "\n" not in message


def test_a_session_shows_the_options_once_and_again_on_request(kb: KnowledgeBase) -> None:
    start = {"company": {"name": "Acme", "type": "isp"}}
    done, talk = session(kb, "sim registraton\n?\nsim-registration\nstop\n", start)
    assert done["concern"] == {"issue": "sim_registration"}
    options = "  1) content restriction  2) network disruption  3) user data demand"
    hint = "  not an answer: 'sim registraton' is not one of the options"
    hint += " (did you mean 'sim registration'?); ? shows the options\n"
    first, rest = talk.split(hint)
    assert first.count(options) == 1  # shown with the question
    assert rest.split("  answer (")[1].count(options) == 1  # and again after "?"
    assert rest.count(options) == 1


# -- why it asks, and how it counts ------------------------------------------------------------


def test_every_question_says_why_it_is_asked(kb: KnowledgeBase) -> None:
    _, talk = session(kb, "Acme\n2\n" + "\n" * 60)
    lines = talk.splitlines()
    questions = [i for i, line in enumerate(lines) if ASKED.match(line)]
    assert len(questions) > 10
    for i in questions:
        assert lines[i + 1].startswith("  why this is asked: "), lines[i : i + 2]
    assert "why this is asked: The plan's letter is signed with this name." in talk


def test_effects_are_shown_by_title_not_id(kb: KnowledgeBase) -> None:
    _, talk = session(kb, "Acme\n2\n" + "\n" * 60)
    assert re.search(r"\b(strategy|step|leverage|contact|challenge):[a-z_]+", talk) is None
    assert "if unresponsive (the date for a reply passed): adds Consider a consumer boycott" in talk


def test_effect_lines_are_capped_and_the_why_line_speaks_for_the_rest(kb: KnowledgeBase) -> None:
    advice = assess({"company": {"name": "A", "type": "mobile_network_operator"}}, kb)
    issue = next(a for a in agenda(advice) if a.path == "concern.issue")
    assert issue.found is not None
    assert sum(1 for a in issue.found.answers if a.matters) > MAX_EFFECT_LINES
    assert issue.effects(advice) == ()
    stage = next(a for a in agenda(advice) if a.path == "engagement.stage")
    assert 0 < len(stage.effects(advice)) <= MAX_EFFECT_LINES


def test_counts_have_the_right_grammar(kb: KnowledgeBase) -> None:
    assert script().count(1) == "(1 open question matters)"
    assert script().count(2) == "(2 open questions matter)"
    _, talk = session(kb, "Acme\n2\n" + "\n" * 60)
    counts = re.findall(r"\((\d+) open (question matters|questions matter)\)", talk)
    assert counts and all((n == "1") == (words == "question matters") for n, words in counts)
    assert ("1", "question matters") in counts


# -- the script is checked data ----------------------------------------------------------------


def test_the_script_names_only_scenario_paths(tmp_path: Path) -> None:
    script = tmp_path / "script.yaml"
    script.write_text("first: [concern.isue]\nmessages: {}\n", encoding="utf-8")
    with pytest.raises(RuleFileError) as caught:
        load_script(script)
    assert (
        str(caught.value.problems[0]) == f"{script}: first: 'concern.isue' is not a scenario path"
    )
    script.write_text(
        "moot:\n  - {path: engagement.key_contact_left, when: {organization.relationship: [nne]},"
        " because: x}\nmessages: {}\n",
        encoding="utf-8",
    )
    with pytest.raises(RuleFileError, match=r"organization\.relationship allows only none"):
        load_script(script)


def test_every_why_and_first_fact_of_the_shipped_script_is_complete() -> None:
    for path in (*script().first, *script().letter, "company.name", "company.type"):
        assert script().why[path].strip()
    for kind in {field.kind.value for field in FIELDS.values()}:
        assert "how_" + kind in script().messages


# -- a full session, golden --------------------------------------------------------------------


def test_a_full_session_matches_its_golden_text() -> None:
    fixture = load_knowledge_base([SEED / "rules", EXTRA], builtin=False, facts_dir=SEED / "facts")
    answers = [
        "Example Mobile",  # company.name
        "mobile network",  # not an option: a hint
        "2",  # company.type by number
        "network-disruption",  # concern.issue, hyphens for underscores
        "Nigeria",  # context.country by name; the driver is then moot
        "?",  # engagement.stage: the options again
        "planning",
        "Example Rights Lab",  # organization.name
        "2030-01-31",  # engagement.response_deadline
        "y",  # company.licensed
        "no",  # company.publicly_traded
        "GSMA",  # company.industry_associations
        "",  # skipped
        *[""] * 12,
    ]
    talk = io.StringIO()
    interview = Interview(fixture, io.StringIO("\n".join(answers) + "\n"), talk)
    begun = interview.start()
    assert begun is not None
    done = interview.run(begun)
    assert "No open fact would change the advice any more." in talk.getvalue()
    text = talk.getvalue() + "--- the scenario written:\n" + json.dumps(done.to_dict(), indent=2)
    golden.check_golden(golden.GOLDEN / "interview" / "session.txt", text + "\n", fixture.version)


# -- through a pseudo-terminal -----------------------------------------------------------------


def test_an_interview_through_a_pseudo_terminal(tmp_path: Path) -> None:
    """On a terminal the typed answers are not printed back (the terminal echoes them)."""
    out = tmp_path / "acme.yaml"
    primary, secondary = os.openpty()
    command = [str(Path(sys.executable).with_name("rightsrules")), "interview", "--out", str(out)]
    process = subprocess.Popen(command, stdin=secondary, stdout=secondary, stderr=secondary)
    os.close(secondary)
    answers = iter(["Acme", "yes-no", "1", "sim registration", "stop"])
    seen = b""
    deadline = time.monotonic() + 60
    try:
        while process.poll() is None and time.monotonic() < deadline:
            ready, _, _ = select.select([primary], [], [], 0.5)
            if ready:
                try:
                    chunk = os.read(primary, 65536)
                except OSError:  # the other end closed
                    break
                seen += chunk
                if seen.rstrip().endswith(b"stop to end):"):
                    os.write(primary, (next(answers) + "\n").encode())
    finally:
        if process.poll() is None:
            process.kill()
        process.wait(timeout=10)
        os.close(primary)
    text = seen.decode().replace("\r\n", "\n")
    assert process.returncode == 0, text
    assert asked(text)[:3] == ["company.name", "company.type", "concern.issue"]
    assert text.count("sim registration\n") == 1  # echoed once, by the terminal
    assert "  not an answer: 'yes-no' is not one of the options" in text
    written = load_scenario(out)
    assert written.get("concern.issue") == "sim_registration"
    assert written.get("company.type") == "isp"


# -- drafts ------------------------------------------------------------------------------------


class _CtrlC(io.StringIO):
    """Answers, then Ctrl-C where the next answer would be read."""

    def readline(self, size: int | None = -1, /) -> str:  # type: ignore[override]
        line = super().readline()
        if not line:
            raise KeyboardInterrupt
        return line


def test_a_draft_keeps_each_answer_and_the_resumed_interview_goes_on_in_order(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "acme.yaml"
    monkeypatch.setattr(sys, "stdin", _CtrlC("Acme\nisp\nsim-registration\n"))
    assert main(["interview", "--out", str(out)]) == 130
    draft = load_scenario(tmp_path / "acme.yaml.draft")
    assert draft.get("concern.issue") == "sim_registration"
    capsys.readouterr()
    monkeypatch.setattr(sys, "stdin", io.StringIO("Kenya\nstop\n"))
    assert main(["interview", "--out", str(out)]) == 0
    talk = capsys.readouterr().err
    assert asked(talk)[0] == "context.country"  # where the first interview stopped
    assert load_scenario(out).get("context.country") == "KE"
