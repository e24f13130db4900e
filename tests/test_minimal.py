"""Minimal reasons and minimal changes: the API, the JSON of VOCABULARY.md §5, the words,
the command line, and the constraints file. Exactness against a brute-force oracle is in
tests/test_minimal_exact.py."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

import rightsrules
from rightsrules import (
    Advice,
    Change,
    Changes,
    ExplanationError,
    KnowledgeBase,
    Reasons,
    ReferenceEvaluator,
    RuleFileError,
    ScenarioError,
    UnknownConclusionError,
    assess,
    load_constraints,
    load_knowledge_base,
    minimal_changes,
    sufficient_reasons,
)
from rightsrules.cli import main
from rightsrules.vocabulary import WITHIN_REACH

from . import golden_files as golden

ROOT = Path(__file__).parents[1]
MNO = ROOT / "facts" / "examples" / "mno-network-shutdown.yaml"
GOLDEN = golden.GOLDEN / "minimal"


@pytest.fixture(scope="module")
def kb() -> KnowledgeBase:
    return load_knowledge_base()


@pytest.fixture(scope="module")
def advice(kb: KnowledgeBase) -> Advice:
    return assess(MNO, kb, evaluator=ReferenceEvaluator())


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    status = main(list(argv))
    captured = capsys.readouterr()
    return status, captured.out, captured.err


def test_investor_engagement_rests_on_the_type_and_the_listing(advice: Advice) -> None:
    """The issue's own example: for an MNO, both the type and the listing matter, and
    nothing else in the scenario (its state ownership, size, country...)."""
    reasons = advice.reasons("strategy:investor_engagement")
    assert reasons.to_dict() == {
        "id": "strategy:investor_engagement",
        "advised": True,
        "reasons": [
            ["fact:company.type=mobile_network_operator", "fact:company.publicly_traded=true"]
        ],
        "complete": True,
    }
    assert [p.path for p in reasons.reasons[0]] == ["company.type", "company.publicly_traded"]


def test_an_unknown_fact_can_be_a_reason(advice: Advice) -> None:
    """The licence leverage rests on the default: the scenario leaving the licence out is
    part of the reason (a stated licence would do as well, but is not the scenario's)."""
    reasons = advice.reasons("leverage:government_licence")
    assert [list(r) for r in reasons.reasons] == [
        ["fact:company.type=mobile_network_operator", "fact:company.licensed=unknown"]
    ]


def test_a_conclusion_that_is_not_advised_has_no_reasons(advice: Advice) -> None:
    reasons = advice.reasons("strategy:boycott")
    assert reasons.to_dict() == {
        "id": "strategy:boycott",
        "advised": False,
        "reasons": [],
        "complete": True,
    }
    assert "not advised" in reasons.to_text()


def test_the_least_change_to_get_a_boycott(advice: Advice) -> None:
    changes = advice.changes("strategy:boycott")
    assert changes.to_dict() == {
        "id": "strategy:boycott",
        "advised": False,
        "changes": [
            [
                {
                    "path": "engagement.stage",
                    "from": "planning",
                    "to": "unresponsive",
                    "kind": "within_reach",
                }
            ]
        ],
        "complete": True,
    }


def test_changes_are_marked_by_kind(advice: Advice) -> None:
    """A known fact that would have to differ, an unknown one to find out, and the
    organisation's own facts within its reach."""
    licence = advice.changes("leverage:government_licence")
    kinds = {(c.path, c.kind) for group in licence.changes for c in group}
    assert ("company.licensed", "find_out") in kinds
    assert ("company.type", "differs") in kinds
    contacts = advice.changes("step:find_contacts")
    reach = {c.path for group in contacts.changes for c in group if c.kind == "within_reach"}
    assert reach and reach <= WITHIN_REACH


def test_change_sets_come_fewest_paths_first(advice: Advice) -> None:
    changes = advice.changes("strategy:investor_engagement")
    sizes = [len(group) for group in changes.changes]
    assert sizes == sorted(sizes) and sizes[0] == 1 and sizes[-1] == 2


def test_a_change_to_a_list_is_written_as_the_list(kb: KnowledgeBase) -> None:
    scenario = {
        "company": {"name": "Example Platform", "type": "social_media_platform"},
        "concern": {"issue": "content_moderation"},
    }
    changes = minimal_changes(kb, scenario, "contact:human_rights")
    found = [c for group in changes.changes for c in group if c.path == "company.departments"]
    assert found
    assert all(c.before is None and isinstance(c.after, tuple) for c in found)
    data = Change("company.departments", None, ("legal",), "find_out").to_dict()
    assert data == {
        "path": "company.departments",
        "from": "unknown",
        "to": ["legal"],
        "kind": "find_out",
    }


def test_the_functions_and_the_advice_agree(kb: KnowledgeBase, advice: Advice) -> None:
    assert sufficient_reasons(kb, MNO, "leverage:investors") == advice.reasons("leverage:investors")
    assert minimal_changes(kb, advice.scenario, "leverage:investors") == advice.changes(
        "leverage:investors"
    )
    assert isinstance(advice.reasons("leverage:investors"), Reasons)
    assert isinstance(advice.changes("leverage:investors"), Changes)
    assert rightsrules.Reasons is Reasons


def test_a_bound_says_the_answer_is_not_complete(advice: Advice) -> None:
    reasons = advice.reasons("step:find_contacts", max_checks=1)
    assert not reasons.complete
    changes = advice.changes("strategy:investor_engagement", max_size=1)
    assert not changes.complete
    assert all(len(group) == 1 for group in changes.changes)
    assert "cut short" in changes.to_text()


def test_an_unknown_id_is_named_with_a_hint(advice: Advice) -> None:
    with pytest.raises(UnknownConclusionError, match="did you mean 'strategy:boycott'"):
        advice.reasons("strategy:boycot")
    with pytest.raises(UnknownConclusionError):
        advice.changes("strategy:boycot")


def test_an_impossible_scenario_is_refused(kb: KnowledgeBase) -> None:
    scenario = {
        "company": {
            "name": "Example State Telecom",
            "type": "mobile_network_operator",
            "state_ownership": "full",
            "publicly_traded": True,
        }
    }
    with pytest.raises(ScenarioError, match="state-owned-not-listed") as caught:
        sufficient_reasons(kb, scenario, "leverage:state_ownership")
    assert caught.value.problems[0].key == "company.state_ownership, company.publicly_traded"


def test_history_facts_are_refused_not_answered_wrongly(kb: KnowledgeBase) -> None:
    """``derive`` rules fill engagement facts from a campaign's history facts, and the search
    does not model them: a scenario holding such facts gets a clear refusal, not an answer
    that could be wrong. The plan of such a scenario leaves its facts-that-matter lines out."""
    scenario = {
        "company": {"name": "Example Mobile", "type": "mobile_network_operator"},
        "history": {"message_sent": False},
    }
    with pytest.raises(ExplanationError, match=r"history\.message_sent"):
        sufficient_reasons(kb, scenario, "step:set_response_deadline")
    with pytest.raises(ExplanationError, match="campaign's history"):
        minimal_changes(kb, scenario, "strategy:escalate_publicly")
    from rightsrules.render.plan import build_plan

    plan = build_plan(assess(scenario, kb))
    assert plan.strategies and all(item.matters == "" for item in plan.strategies)


# ---- words ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "render"),
    [
        (
            "reasons-investor_engagement.txt",
            lambda a: a.reasons("strategy:investor_engagement").to_text(),
        ),
        ("reasons-find_contacts.md", lambda a: a.reasons("step:find_contacts").to_markdown()),
        (
            "changes-investor_engagement.txt",
            lambda a: a.changes("strategy:investor_engagement").to_text(),
        ),
        ("changes-find_contacts.md", lambda a: a.changes("step:find_contacts").to_markdown()),
        ("changes-boycott.txt", lambda a: a.changes("strategy:boycott").to_text()),
    ],
)
def test_the_words_match_their_golden_files(advice: Advice, name: str, render: Any) -> None:
    golden.check_golden(GOLDEN / name, render(advice), advice.rules_version)


def test_the_words_name_no_path_where_a_sentence_exists(advice: Advice) -> None:
    text = advice.reasons("strategy:investor_engagement").to_text()
    assert "company.type" not in text and "publicly traded" in text
    assert text.count("\n") <= 3


# ---- the command line -------------------------------------------------------------------


def test_cli_reasons_json_is_the_contract(capsys: pytest.CaptureFixture[str]) -> None:
    status, out, _ = run(
        capsys, "explain", str(MNO), "strategy:investor_engagement", "--reasons", "--format", "json"
    )
    assert status == 0
    assert json.loads(out) == {
        "id": "strategy:investor_engagement",
        "advised": True,
        "reasons": [
            ["fact:company.type=mobile_network_operator", "fact:company.publicly_traded=true"]
        ],
        "complete": True,
    }


@pytest.mark.parametrize("fmt", ["text", "markdown"])
def test_cli_reasons_in_words(capsys: pytest.CaptureFixture[str], fmt: str) -> None:
    status, out, _ = run(
        capsys, "explain", str(MNO), "strategy:investor_engagement", "--reasons", "--format", fmt
    )
    assert status == 0 and "is advised because the company is a mobile network operator" in out


def test_cli_flip_json_is_the_contract(capsys: pytest.CaptureFixture[str]) -> None:
    status, out, _ = run(
        capsys, "what-if", str(MNO), "--flip", "strategy:boycott", "--format", "json"
    )
    assert status == 0
    data = json.loads(out)
    assert set(data) == {"id", "advised", "changes", "complete"}
    assert data["changes"][0][0] == {
        "path": "engagement.stage",
        "from": "planning",
        "to": "unresponsive",
        "kind": "within_reach",
    }


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (("explain", str(MNO), "strategy:boycot", "--reasons"), "did you mean 'strategy:boycott'"),
        (("what-if", str(MNO), "--flip", "strategy:boycot"), "did you mean 'strategy:boycott'"),
        (
            ("explain", str(MNO), "strategy:boycott", "--reasons", "--format", "dot"),
            "--reasons writes",
        ),
        (
            ("what-if", str(MNO), "--flip", "strategy:boycott", "--set", "company.size=small"),
            "give one of them",
        ),
        (("what-if", str(MNO), "--set", "company.size=small", "--format", "markdown"), "--flip"),
    ],
)
def test_cli_mistakes_are_one_line_and_exit_2(
    capsys: pytest.CaptureFixture[str], argv: tuple[str, ...], message: str
) -> None:
    status, out, err = run(capsys, *argv)
    assert status == 2 and out == ""
    assert message in err and "Traceback" not in err


def test_cli_a_bad_scenario_is_located(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    bad = tmp_path / "bad.yaml"
    bad.write_text("company:\n  name: X\n  type: isp\n  sise: large\n", encoding="utf-8")
    status, _, err = run(capsys, "explain", str(bad), "strategy:boycott", "--reasons")
    assert status == 2 and "bad.yaml:4" in err and "sise" in err


def test_cli_an_impossible_scenario_names_its_file(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    bad = tmp_path / "state.yaml"
    bad.write_text(
        "company:\n  name: X\n  type: isp\n  state_ownership: full\n  publicly_traded: true\n",
        encoding="utf-8",
    )
    status, _, err = run(capsys, "what-if", str(bad), "--flip", "strategy:boycott")
    assert status == 2 and "state.yaml" in err and "state-owned-not-listed" in err


# ---- the constraints file ---------------------------------------------------------------


def test_the_shipped_constraints_load_and_cite_the_guide(kb: KnowledgeBase) -> None:
    constraints = load_constraints(sections=kb.sections)
    assert [c.id for c in constraints] == [
        "state-owned-not-listed",
        "dialogue-needs-a-relationship",
    ]
    assert all(c.because for c in constraints)
    assert all(source in kb.sections for c in constraints for source in c.sources)


@pytest.mark.parametrize(
    ("text", "where", "message"),
    [
        ("constraints:\n  - id: x\n    impossible: {company.size: large}\n", ":2:", "because"),
        (
            "constraints:\n  - id: x\n    impossible: {company.sise: large}\n    because: b\n",
            ":3:",
            "company.sise",
        ),
        (
            "constraints:\n  - id: x\n    impossible: {concluded: leverage:investors}\n"
            "    because: b\n",
            ":3:",
            "no 'concluded'",
        ),
        (
            "constraints:\n  - id: x\n    impossible: {guess: {company.size: large}}\n"
            "    because: b\n",
            ":3:",
            "no 'guess'",
        ),
        (
            "constraints:\n  - id: x\n    impossible: {company.size: large}\n    because: b\n"
            "  - id: x\n    impossible: {company.size: small}\n    because: b\n",
            ":5:",
            "used twice",
        ),
        (
            "constraints:\n  - id: x\n    impossible: {company.size: large}\n    because: b\n"
            "    sources: [no.such.section]\n",
            ":5:",
            "not a section",
        ),
        ("constraints:\n  - id: x\n    impossble: {}\n    because: b\n", ":2:", "did you mean"),
        ("constraints:\n  - !!python/object:os.system x\n", ":2:", "tag"),
    ],
)
def test_a_bad_constraints_file_is_located(
    tmp_path: Path, kb: KnowledgeBase, text: str, where: str, message: str
) -> None:
    path = tmp_path / "constraints.yaml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(RuleFileError) as caught:
        load_constraints(path, sections=kb.sections)
    shown = str(caught.value)
    assert f"constraints.yaml{where}" in shown and message in shown


def test_the_schema_is_draft_07_and_the_file_names_it() -> None:
    schema = json.loads(
        (ROOT / "src" / "rightsrules" / "schemas" / "constraints.schema.json").read_text("utf-8")
    )
    assert schema["$schema"] == "http://json-schema.org/draft-07/schema#"
    first = (ROOT / "facts" / "constraints.yaml").read_text("utf-8").splitlines()[0]
    assert (
        first
        == "# yaml-language-server: $schema=../src/rightsrules/schemas/constraints.schema.json"
    )
