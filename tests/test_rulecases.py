"""The rule test runner: loading cases, checking advice against them, measuring coverage."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from rightsrules import KnowledgeBase, ReferenceEvaluator, RuleFileError, load_knowledge_base
from rightsrules.cli import main
from rightsrules.cli.test_cmd import coverage_scope
from rightsrules.conditions import Truth
from rightsrules.rulecases import load_test_cases, parse_test_file, run_case, run_tests

from .conftest import SEED

MNO = "{company: {name: Example Mobile, type: mobile_network_operator}}"


def one(text: str) -> object:
    (case,) = parse_test_file(text, file="t.yaml")
    return case


def test_a_case_passes_when_the_advice_meets_every_expectation(
    seed_kb: KnowledgeBase, reference: ReferenceEvaluator
) -> None:
    cases = parse_test_file(
        f"""
cases:
  - name: traded operator
    scenario:
      company: {{name: X, type: mobile_network_operator, publicly_traded: true}}
    expect:
      includes: [strategy:investor_engagement, leverage:government_licence]
      excludes: [strategy:escalate_publicly]
      fired: [mno.default-licensed, investors.engage]
      not_fired: [private.ally, rank.ally-private]
      order: [strategy:investor_engagement, strategy:public_advocacy]
  - name: ally
    scenario: {MNO.replace("}}", "}, organization: {relationship: ally}}")}
    expect:
      fired: [rank.ally-private, private.ally]
""",
        file="t.yaml",
    )
    for case in cases:
        result = run_case(case, seed_kb, evaluator=reference)
        assert result.passed, result.failures


def test_each_failure_names_the_line_of_the_expectation_it_breaks(
    seed_kb: KnowledgeBase, reference: ReferenceEvaluator
) -> None:
    (case,) = parse_test_file(
        """cases:
  - name: broken
    scenario: {company: {name: X, type: mobile_network_operator, licensed: false}}
    expect:
      includes: [leverage:government_licence]
      excludes: [challenge:sim_registration]
      fired:
        - mno.licence
        - mno.default-licensed
      not_fired: [public.default, nosuch.rule]
      order: [step:map_local_law, strategy:public_advocacy, challenge:sim_registration]
""",
        file="t.yaml",
    )
    result = run_case(case, seed_kb, evaluator=reference)
    got = [(f.line, f.message) for f in result.failures]
    assert got == [
        (
            5,
            "expected leverage:government_licence in the advice, but it is not; "
            "rules that conclude it: mno.licence",
        ),
        (6, "expected challenge:sim_registration not in the advice, but rule mno.sim concluded it"),
        (8, "expected rule mno.licence to fire, but it did not: company.licensed = true is false"),
        (9, "expected rule mno.default-licensed to fire, but company.licensed was already known"),
        (10, "no rule has the id 'nosuch.rule'"),
        (10, "expected rule public.default not to fire, but it did"),
        (
            11,
            "expected step:map_local_law before strategy:public_advocacy, "
            "but strategy:public_advocacy comes first",
        ),
        (
            11,
            "expected strategy:public_advocacy before challenge:sim_registration, "
            "but challenge:sim_registration comes first",
        ),
    ]
    assert str(result.failures[0]).startswith("t.yaml:5: ")


def test_unknown_ids_get_a_did_you_mean(
    seed_kb: KnowledgeBase, reference: ReferenceEvaluator
) -> None:
    (case,) = parse_test_file(
        f"cases: [{{name: x, scenario: {MNO}, expect: {{includes: [strategy:public_advocasy]}}}}]"
    )
    (failure,) = run_case(case, seed_kb, evaluator=reference).failures
    assert "did you mean 'strategy:public_advocacy'" in failure.message


@pytest.mark.parametrize(
    ("text", "line", "key", "fragment"),
    [
        ("cases: []\n", 1, "cases", "should be non-empty"),
        (
            "cases:\n  - name: x\n    scenario: {company: {name: X, type: isp}}\n    expect: {}\n",
            4,
            "cases.0.expect",
            "should be non-empty",
        ),
        (
            "cases:\n  - name: x\n    scenario: {company: {name: X, type: isp}}\n"
            "    expect: {include: [challenge:net_neutrality]}\n",
            4,
            "cases.0.expect",
            "unknown key 'include' (did you mean 'includes'?)",
        ),
        (
            "cases:\n  - name: x\n    scenario:\n      company: {name: X, type: ips}\n"
            "    expect: {fired: [a]}\n",
            4,
            "cases.0.scenario.company.type",
            "'ips' is not one of",
        ),
        (
            "cases:\n  - name: x\n    scenario: {company: {name: X, type: isp}}\n"
            "    expect: {includes: [Not An Id]}\n",
            4,
            "cases.0.expect.includes.0",
            "is not a valid id here",
        ),
        (
            "cases:\n  - {name: x, scenario: {company: {name: X, type: isp}},"
            " expect: {fired: [a]}}\n"
            "  - {name: x, scenario: {company: {name: X, type: isp}}, expect: {fired: [a]}}\n",
            3,
            "cases.1.name",
            "case name used twice (first on line 2)",
        ),
    ],
)
def test_bad_test_files_are_refused_with_line_and_key(
    text: str, line: int, key: str, fragment: str
) -> None:
    with pytest.raises(RuleFileError) as caught:
        parse_test_file(text, file="t.yaml")
    assert (caught.value.file, caught.value.line, caught.value.key) == ("t.yaml", line, key)
    assert fragment in str(caught.value)


def test_a_scenario_may_be_a_file_beside_the_tests(tmp_path: Path) -> None:
    (tmp_path / "s.yaml").write_text("company: {name: X, type: isp}\n")
    (tmp_path / "t.yaml").write_text(
        "cases: [{name: x, scenario: s.yaml, expect: {includes: [challenge:net_neutrality]}}]\n"
    )
    (case,) = load_test_cases([tmp_path / "t.yaml"])
    assert case.scenario.company.name == "X"


def test_coverage_counts_rules_fired_and_not_fired_conditions_sections_and_conclusions(
    seed_kb: KnowledgeBase, reference: ReferenceEvaluator
) -> None:
    cases = parse_test_file(
        f"""cases:
  - name: operator
    scenario: {MNO}
    expect: {{includes: [challenge:sim_registration]}}
  - name: unresponsive ally
    scenario:
      company: {{name: X, type: isp}}
      organization: {{relationship: ally}}
      engagement: {{stage: unresponsive}}
    expect: {{excludes: [strategy:escalate_publicly]}}
""",
        file="t.yaml",
    )
    run = run_tests(cases, seed_kb, evaluator=reference)
    assert run.passed
    cover = run.coverage
    assert {"mno.sim", "law.map", "private.ally"} <= cover.fired
    covered = {rule.id for rule in cover.covered_rules}
    assert "mno.sim" in covered
    assert "law.map" not in covered  # it fired in both cases
    assert "traded.investors" not in covered  # it never fired
    assert cover.rule_percent == round(100 * len(covered) / len(seed_kb.rules), 1)
    (stage,) = [lit for lit in cover.literals if lit.rule == "escalate.unresponsive"][:1]
    assert stage.seen == {Truth.UNKNOWN, Truth.TRUE}
    assert not stage.covered
    assert cover.asserted == {"challenge:sim_registration", "strategy:escalate_publicly"}
    assert "II.d" in cover.exercised
    data = cover.to_dict()
    assert data["rules"]["covered"] == len(covered)
    assert {"id": "traded.investors", "location": f"{SEED}/rules/seed.yaml:20"} in data["rules"][
        "never_fired"
    ]
    assert "rules:" in cover.to_text()


def test_coverage_scope_is_the_folder_holding_the_tests_folder(tmp_path: Path) -> None:
    (tmp_path / "rules" / "tests" / "deep").mkdir(parents=True)
    assert coverage_scope([tmp_path / "rules" / "tests" / "deep"]) == [tmp_path / "rules"]
    assert coverage_scope([tmp_path / "rules" / "tests"]) == [tmp_path / "rules"]
    assert coverage_scope([tmp_path / "rules"]) is None


def write_pack(tmp_path: Path, expect: str) -> Path:
    rules = tmp_path / "pack"
    (rules / "tests").mkdir(parents=True)
    (rules / "r.yaml").write_text(
        "rules:\n"
        "  - id: pack.cloud-ranking\n"
        "    title: Rank cloud companies\n"
        "    when: {company.type: cloud_company, organization.capacity: large}\n"
        "    then: [strategy:company_ranking]\n"
        "    because: A test rule.\n"
        "    sources: [II.external]\n"
    )
    (rules / "tests" / "t.yaml").write_text(
        "cases:\n"
        "  - name: large organisation, cloud company\n"
        "    scenario: {company: {name: X, type: cloud_company}, organization: {capacity: large}}\n"
        f"    expect: {expect}\n"
    )
    return rules


def test_cli_runs_cases_and_reports_failures(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    rules = write_pack(
        tmp_path, "{fired: [pack.cloud-ranking], excludes: [strategy:company_ranking]}"
    )
    status = main(["test", str(rules / "tests"), "--rules", str(rules)])
    out = capsys.readouterr().out
    assert status == 1
    assert f"FAIL {rules}/tests/t.yaml:2: large organisation, cloud company" in out
    assert "expected strategy:company_ranking not in the advice" in out
    assert "0 passed, 1 failed" in out


def test_cli_threshold_fails_when_a_rule_is_never_seen_not_firing(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    rules = write_pack(tmp_path, "{fired: [pack.cloud-ranking]}")
    args = ["test", str(rules / "tests"), "--rules", str(rules)]
    assert main([*args, "--coverage"]) == 0
    assert "rules:       0/1 fired in some case and not fired in another" in capsys.readouterr().out
    assert main([*args, "--threshold", "100"]) == 1
    assert "under the threshold of 100%" in capsys.readouterr().out
    assert main([*args, "--threshold", "0", "--format", "json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["passed"] == 1 and data["coverage"]["rules"]["total"] == 1


def test_cli_refuses_a_broken_test_file_with_exit_2(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (tmp_path / "t.yaml").write_text("cases:\n  - name: x\n")
    assert main(["test", str(tmp_path / "t.yaml")]) == 2
    err = capsys.readouterr().err
    assert f"{tmp_path}/t.yaml:2: cases.0: 'scenario' is a required property" in err


def test_cli_without_paths_runs_the_tests_beside_each_rules_folder(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    rules = write_pack(tmp_path, "{fired: [pack.cloud-ranking]}")
    assert main(["test", "--rules", str(rules), "--format", "json"]) == 0
    files = {case["file"] for case in json.loads(capsys.readouterr().out)["cases"]}
    assert str(rules / "tests" / "t.yaml") in files


@pytest.mark.parametrize(
    ("when", "company", "reason"),
    [
        # every part of an all must hold: one that fails is why, not "already known"
        (
            "{all: [{company.type: mobile_network_operator}, {company.publicly_traded: true}]}",
            "publicly_traded: false",
            "but it did not: company.publicly_traded = true is false",
        ),
        # one alternative of an any is enough: it held, the path was known before
        (
            "{any: [{company.type: isp}, {company.publicly_traded: true}]}",
            "publicly_traded: true",
            "but company.licensed was already known",
        ),
    ],
)
def test_a_default_that_did_not_fire_says_whether_it_held(
    tmp_path: Path, reference: ReferenceEvaluator, when: str, company: str, reason: str
) -> None:
    rules = tmp_path / "rules"
    rules.mkdir()
    (rules / "defaults.yaml").write_text(
        f"""rules:
  - id: demo.default
    title: A default under a compound condition
    when: {when}
    assume: {{company.licensed: true}}
    because: Fixture default.
    sources: [I.company-types.mno]
""",
        encoding="utf-8",
    )
    kb = load_knowledge_base([rules], builtin=False, facts_dir=SEED / "facts")
    (case,) = parse_test_file(
        f"""cases:
  - name: known licence
    scenario:
      company: {{name: X, type: mobile_network_operator, licensed: true, {company}}}
    expect: {{fired: [demo.default]}}
""",
        file="t.yaml",
    )
    (failure,) = run_case(case, kb, evaluator=reference).failures
    assert failure.message == f"expected rule demo.default to fire, {reason}"
