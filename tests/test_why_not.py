"""Why-not over the real knowledge base: the short answer first (issue 13, item 5).

The issue's case: a small ISP that is not listed, and ``strategy:investor_engagement``, whose
report ran to about 50 lines (every alternative of the rules for social media and cloud
companies) where one line answers it.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings

from rightsrules import (
    KnowledgeBase,
    ReferenceEvaluator,
    assess,
    load_knowledge_base,
    load_scenario,
)
from rightsrules.cli import main
from rightsrules.conditions import Truth
from rightsrules.knowledge import builtin_facts_dir
from rightsrules.scenario import Scenario

from . import golden_files as golden
from .strategies import scenario_dicts

SMALL_ISP = {
    "company": {
        "name": "Example Broadband",
        "type": "isp",
        "size": "small",
        "publicly_traded": False,
    }
}
TARGET = "strategy:investor_engagement"


@pytest.fixture(scope="module")
def kb() -> KnowledgeBase:
    return load_knowledge_base()


@pytest.fixture()
def isp_file(tmp_path: Path) -> Path:
    path = tmp_path / "isp.json"
    path.write_text(json.dumps(SMALL_ISP), encoding="utf-8")
    return path


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str]:
    status = main(list(argv))
    return status, capsys.readouterr().out


def test_the_short_answer_matches_its_golden_file(kb: KnowledgeBase) -> None:
    advice = assess(SMALL_ISP, kb)
    text = advice.why_not(TARGET).to_text()
    golden.check_golden(
        golden.GOLDEN / "explain" / "why-not-real-small-isp-investor_engagement.txt",
        text,
        advice.rules_version,
    )
    assert len(text.splitlines()) <= 10


def test_the_answer_is_one_line_naming_the_facts_that_rule_it_out(kb: KnowledgeBase) -> None:
    report = assess(SMALL_ISP, kb).why_not(TARGET)
    assert report.truth is Truth.FALSE
    assert report.ruled_out_by() == {"company.type": "isp", "company.size": "small"}
    answer = report.to_text().splitlines()[2]
    assert answer == "Ruled out by the scenario: company.type is isp and company.size is small."


def test_the_short_text_leaves_out_the_rules_for_other_company_types(kb: KnowledgeBase) -> None:
    report = assess(SMALL_ISP, kb).why_not(TARGET)
    short, full = report.to_text(), report.to_text(detail="full")
    for rule in ("social.investors", "cloud.investors", "techniques.investor-engagement-mno"):
        assert rule not in short
        assert rule in full
    assert "isp.larger-isp-investors" in short
    assert "Left out: 6 rules for company types other than isp" in short
    assert "Left out" not in full
    other = [a.rule for a in report.attempts if a.other_company_type]
    assert other == [
        "techniques.investor-engagement-mno",
        "techniques.investor-engagement-social-media",
        "techniques.investor-engagement-cloud",
    ]


def test_no_line_contradicts_itself(kb: KnowledgeBase) -> None:
    """A guess on an unknown size, read where the size is given, once printed "false:
    company.size is unknown; the scenario has small"."""
    full = assess(SMALL_ISP, kb).why_not(TARGET).to_text(detail="full")
    assert "company.size is given (small); the rule guesses only while it is unknown" in full
    for line in full.splitlines():
        assert not re.search(r"is unknown\b.*the scenario has", line), line
        assert not re.search(r"concluded .*not concluded", line), line


def test_json_keeps_every_rule_and_gains_the_answer(kb: KnowledgeBase) -> None:
    report = assess(SMALL_ISP, kb).why_not(TARGET)
    data = json.loads(report.to_json())
    assert [rule["rule"] for rule in data["rules"]] == [a.rule for a in report.attempts]
    assert len(data["rules"]) == 4
    assert data["ruled_out_by"] == {"company.type": "isp", "company.size": "small"}
    assert [rule["other_company_type"] for rule in data["rules"]] == [False, True, True, True]
    assert {"conclusion", "title", "status", "rules"} <= set(data)


def test_an_open_conclusion_leads_with_the_facts_that_could_reach_it(kb: KnowledgeBase) -> None:
    unlisted = {"company": {"name": "Example Broadband", "type": "isp"}}
    report = assess(unlisted, kb).why_not(TARGET)
    assert report.truth is Truth.UNKNOWN
    assert report.ruled_out_by() == {}
    answer = report.to_text().splitlines()[2]
    assert answer == "Not reached, but it could be: the scenario leaves company.size open."


def test_a_conclusion_only_other_company_types_reach_is_one_line(kb: KnowledgeBase) -> None:
    report = assess(SMALL_ISP, kb).why_not("challenge:sim_registration")
    assert report.ruled_out_by() == {"company.type": "isp"}
    lines = report.to_text().splitlines()
    assert lines[2] == "Ruled out by the scenario: company.type is isp."
    assert lines[3] == ""
    assert lines[4].startswith("Left out: ")


def test_cli_why_not_detail(capsys: pytest.CaptureFixture[str], isp_file: Path) -> None:
    status, short = run(capsys, "why-not", str(isp_file), TARGET)
    assert status == 0
    assert "social.investors" not in short and "Ruled out by the scenario" in short
    status, full = run(capsys, "why-not", str(isp_file), TARGET, "--detail", "full")
    assert status == 0
    assert full.count("rule social.investors") == 4
    status, out = run(capsys, "why-not", str(isp_file), TARGET, "--format", "json")
    assert status == 0
    assert json.loads(out)["ruled_out_by"]["company.size"] == "small"


def test_an_unknown_detail_is_refused() -> None:
    report = assess(SMALL_ISP).why_not(TARGET)
    with pytest.raises(ValueError, match="short"):
        report.to_text(detail="everything")  # type: ignore[arg-type]


@settings(
    max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(data=scenario_dicts())
def test_property_the_facts_named_rule_it_out_whatever_the_rest(
    kb: KnowledgeBase, data: Any
) -> None:
    """Keeping only the facts ``ruled_out_by`` names (and the company's name and type, which
    every scenario gives) still rules the conclusion out: each way to it fails on one of them.
    """
    reference = ReferenceEvaluator()
    advice = assess(data, kb, evaluator=reference)
    company = advice.scenario.company
    bare = Scenario.from_dict({"company": {"name": company.name, "type": company.type.value}})
    for conclusion_id in kb.conclusions:
        if conclusion_id in advice or not kb.rules_concluding(conclusion_id):
            continue
        report = advice.why_not(conclusion_id)
        facts = report.ruled_out_by()
        if report.truth is not Truth.FALSE:
            assert facts == {}
            continue
        kept = assess(bare.with_values(facts), kb, evaluator=reference)
        assert conclusion_id not in kept
        assert kept.why_not(conclusion_id).truth is Truth.FALSE
        for line in report.to_text().splitlines():
            assert not re.search(r"is unknown\b.*the scenario has", line), line


def test_alternatives_of_one_rule_all_ruled_out_are_one_node(kb: KnowledgeBase) -> None:
    scenario = load_scenario(builtin_facts_dir() / "examples" / "isp-data-sale.yaml")
    report = assess(scenario, kb).why_not("contact:human_rights")
    short, full = report.to_text(), report.to_text(detail="full")
    fallback = "rule departments.likely-owner-fallback"
    assert short.count(fallback) == 1
    assert f"{fallback}: " in short and "ruled out in each of its 4 alternatives" in short
    assert full.count(fallback) == 4 and "(alternative 4 of 4)" in full
    lines = [line for line in short.splitlines() if line]
    assert len(lines) == len(set(lines)), "a condition is shown once under its rule"
