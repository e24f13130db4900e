"""Explanations over the real knowledge base, through the library and the command line.

The acceptance scenario of the explanations issue: a mobile operator with no state
ownership, ``publicly_traded`` unknown and a ``direct_access`` concern.
"""

from __future__ import annotations

import io
import json
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings

from rightsrules import (
    ExplanationError,
    KnowledgeBase,
    ReferenceEvaluator,
    assess,
    load_knowledge_base,
    load_scenario,
    parse_scenario,
    what_if,
)
from rightsrules.cli import main
from rightsrules.interview import agenda

from .proof_checks import assert_well_founded
from .strategies import scenario_dicts

MNO = {
    "company": {
        "name": "Example Mobile",
        "type": "mobile_network_operator",
        "state_ownership": "none",
    },
    "concern": {"issue": "direct_access"},
}
TARGET = "strategy:investor_engagement"


@pytest.fixture(scope="module")
def kb() -> KnowledgeBase:
    return load_knowledge_base()


@pytest.fixture()
def mno_file(tmp_path: Path) -> Path:
    path = tmp_path / "mno.json"
    path.write_text(json.dumps(MNO), encoding="utf-8")
    return path


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    status = main(list(argv))
    out, err = capsys.readouterr()
    return status, out, err


# -- the acceptance scenario, through the library ---------------------------------------------


def test_why_not_investor_engagement_names_publicly_traded_as_unknown(kb: KnowledgeBase) -> None:
    advice = assess(MNO, kb, evaluator=ReferenceEvaluator())
    assert TARGET not in advice
    report = advice.why_not(TARGET)
    assert "company.publicly_traded" in report.unknown_paths()
    assert "company.publicly_traded" in {f.path for f in report.unknown_conditions()}


def test_what_if_publicly_traded_adds_investor_engagement(kb: KnowledgeBase) -> None:
    result = what_if(MNO, {"company.publicly_traded": True}, kb, evaluator=ReferenceEvaluator())
    assert TARGET in result.added
    proof = result.proofs_added[TARGET]
    assert "fact:company.publicly_traded=true" in proof.facts()


def test_what_if_never_calls_a_given_fact_unknown(kb: KnowledgeBase) -> None:
    """A guess that held while the size was unknown, undone by giving it: the removed line
    says the size is now given, not that it "is unknown" beside the value."""
    platform = {
        "company": {"name": "P", "type": "social_media_platform"},
        "concern": {"issue": "content_moderation"},
    }
    result = what_if(platform, {"company.size": "small"}, kb, evaluator=ReferenceEvaluator())
    text = result.to_text()
    removed = text[text.index("Removed") :]
    assert "company.size is given (small); the rule guesses only while it is unknown" in removed
    assert "company.size = large; the scenario has small" in removed
    assert "company.size is unknown" not in removed


def test_questions_list_publicly_traded(kb: KnowledgeBase) -> None:
    advice = assess(MNO, kb, evaluator=ReferenceEvaluator())
    found = {q.path: q for q in advice.questions()}
    assert "company.publicly_traded" in found
    assert TARGET in found["company.publicly_traded"].answer(True).adds


# -- the acceptance scenario, through the command line ----------------------------------------


def test_cli_why_not(capsys: pytest.CaptureFixture[str], mno_file: Path) -> None:
    status, out, _ = run(capsys, "why-not", str(mno_file), TARGET, "--format", "json")
    assert status == 0
    report = json.loads(out)
    assert report["conclusion"] == TARGET and report["status"] == "unknown"
    assert "company.publicly_traded" in out
    status, out, _ = run(capsys, "why-not", str(mno_file), TARGET)
    assert status == 0 and "unknown: company.publicly_traded = true" in out


def test_cli_what_if(capsys: pytest.CaptureFixture[str], mno_file: Path) -> None:
    status, out, _ = run(
        capsys, "what-if", str(mno_file), "--set", "company.publicly_traded=true", "--format",
        "json",
    )  # fmt: skip
    assert status == 0
    data = json.loads(out)
    assert TARGET in data["added"]
    assert data["changes"] == {"company.publicly_traded": True}
    assert isinstance(data["removed"], list)
    status, out, _ = run(capsys, "what-if", str(mno_file), "--set", "company.publicly_traded=true")
    assert status == 0 and f"+ {TARGET}" in out


def test_cli_questions(capsys: pytest.CaptureFixture[str], mno_file: Path) -> None:
    status, out, _ = run(capsys, "questions", str(mno_file), "--format", "json")
    assert status == 0
    items = json.loads(out)
    for item in items:
        assert {"path", "question", "answers", "could_add", "could_remove"} <= set(item)
    traded = next(item for item in items if item["path"] == "company.publicly_traded")
    assert TARGET in traded["could_add"]
    assert traded["answers"] == ["true", "false"]
    status, out, _ = run(capsys, "questions", str(mno_file))
    assert status == 0 and "[company.publicly_traded]" in out


@pytest.mark.parametrize("format", ["text", "markdown", "mermaid", "dot", "json"])
def test_cli_explain(capsys: pytest.CaptureFixture[str], mno_file: Path, format: str) -> None:
    status, out, _ = run(
        capsys, "explain", str(mno_file), "leverage:government_licence", "--format", format
    )
    assert status == 0
    assert "company.licensed" in out
    if format == "json":
        data = json.loads(out)
        assert data["assumptions"] == ["company.licensed"]
        assert all(set(step) == {"conclusion", "rule", "premises"} for step in data["steps"])


def test_cli_explain_direct(capsys: pytest.CaptureFixture[str], mno_file: Path) -> None:
    status, out, _ = run(
        capsys, "explain", str(mno_file), "leverage:government_licence", "--detail", "direct"
    )
    assert status == 0 and out.startswith("Why leverage:government_licence")


@pytest.mark.parametrize(
    ("argv", "named"),
    [
        (["explain", "{f}", TARGET], "why-not"),
        (["explain", "{f}", "strategy:nothing"], "strategy:nothing"),
        (["why-not", "{f}", "challenge:direct_access"], "is in this advice"),
        (["why-not", "{f}", "leverage:nothing"], "leverage:nothing"),
        (["what-if", "{f}", "--set", "company.sise=large"], "company.sise"),
        (["what-if", "{f}", "--set", "company.size=huge"], "company.size"),
        (["what-if", "{f}", "--set", "company.publicly_traded=maybe"], "company.publicly_traded"),
        (["what-if", "{f}", "--set", "company.type=unknown"], "company.type"),
        (["what-if", "{f}", "--set", "publicly_traded"], "PATH=VALUE"),
        (["what-if", "{f}"], "--set"),
    ],
)
def test_cli_errors_exit_2_and_name_the_problem(
    capsys: pytest.CaptureFixture[str], mno_file: Path, argv: list[str], named: str
) -> None:
    status, out, err = run(capsys, *(arg.format(f=mno_file) for arg in argv))
    assert status == 2
    assert out == ""
    assert named in err
    assert "Traceback" not in err


# -- interview --------------------------------------------------------------------------------


def interview(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], answers: str, *argv: str
) -> tuple[int, str, str]:
    monkeypatch.setattr("sys.stdin", io.StringIO(answers))
    return run(capsys, "interview", *argv)


def test_interview_from_nothing(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    out_file = tmp_path / "out.yaml"
    answers = "Example Mobile\n2\nstop\n"
    status, _, err = interview(monkeypatch, capsys, answers, "--out", str(out_file))
    assert status == 0, err
    scenario = load_scenario(out_file)
    assert scenario.company.name == "Example Mobile"
    assert scenario.get("company.type") == "mobile_network_operator"
    assert "What kind of company is it?" in err


def test_interview_answers_the_first_question_of_its_agenda(
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    kb: KnowledgeBase,
    mno_file: Path,
) -> None:
    advice = assess(MNO, kb)
    top = agenda(advice)[0]
    assert top.path == "context.country"  # the harm is given: the country comes next
    status, out, err = interview(monkeypatch, capsys, "Nigeria\nstop\n", str(mno_file))
    assert status == 0, err
    assert parse_scenario(out).get("context.country") == "NG"
    assert top.question in err and top.why in err


def test_interview_shows_what_an_answer_changed_by_title(
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    kb: KnowledgeBase,
    mno_file: Path,
) -> None:
    stage = {q.path: q for q in assess(MNO, kb).questions()}["engagement.stage"]
    choice = stage.answer("unresponsive")
    assert choice.adds
    answers = "NG\nunresponsive\nstop\n"  # the country, then the stage
    status, out, err = interview(monkeypatch, capsys, answers, str(mno_file))
    assert status == 0, err
    assert parse_scenario(out).get("engagement.stage") == "unresponsive"
    for added in choice.adds:
        assert f"  + {kb.conclusion(added).title}\n" in err
        assert added not in err  # ids are not shown, titles are


def test_interview_ends_when_no_question_is_left(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], mno_file: Path
) -> None:
    status, out, err = interview(monkeypatch, capsys, "1\n" * 200, str(mno_file))
    assert status == 0, err
    assert "No open fact would change the advice any more." in err
    assert parse_scenario(out).company.name == "Example Mobile"


def test_interview_skips_and_ends_at_end_of_input(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], mno_file: Path
) -> None:
    status, out, err = interview(monkeypatch, capsys, "\nnonsense\n\n\n", str(mno_file))
    assert status == 0, err
    assert parse_scenario(out) == load_scenario(mno_file)


def test_interview_refuses_a_scenario_on_stdin(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    status, _, err = interview(monkeypatch, capsys, "", "-")
    assert status == 2 and "standard input" in err


# -- properties over the real knowledge base --------------------------------------------------

REAL = settings(
    max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)


@REAL
@given(data=scenario_dicts())
def test_property_real_proofs_are_well_founded(kb: KnowledgeBase, data: Any) -> None:
    advice = assess(data, kb, evaluator=ReferenceEvaluator())
    for conclusion in advice:
        assert_well_founded(advice, advice.explain(conclusion.id))


@REAL
@given(data=scenario_dicts())
def test_property_real_why_not(kb: KnowledgeBase, data: Any) -> None:
    advice = assess(data, kb, evaluator=ReferenceEvaluator())
    for conclusion_id in kb.conclusions:
        if conclusion_id in advice:
            with pytest.raises(ExplanationError):
                advice.why_not(conclusion_id)
        elif kb.rules_concluding(conclusion_id):
            report = advice.why_not(conclusion_id)
            assert all(attempt.failures for attempt in report.attempts)


@settings(max_examples=4, deadline=None)
@given(data=scenario_dicts())
def test_property_real_answers_do_what_questions_say(data: Any) -> None:
    kb = load_knowledge_base()
    reference = ReferenceEvaluator()
    advice = assess(data, kb, evaluator=reference)
    for question in advice.questions()[:3]:
        for answer in question.answers:
            changed = advice.scenario.with_values({question.path: answer.value})
            after = assess(changed, kb, evaluator=reference)
            assert set(answer.adds) == set(after.ids) - set(advice.ids)
            assert set(answer.removes) == set(advice.ids) - set(after.ids)
