"""Rule impact (issue 15, item 5): ``rightsrules diff`` and :func:`rightsrules.impact.diff`.

The real edit: a copy of ``rules/`` with one rule changed in ``when``, one removed, one added,
one ranking rule's weights changed and one rule's ``because`` reworded; every part of the
report is checked against what the edit must do to the bundled examples.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings

from rightsrules import load_knowledge_base, load_scenario
from rightsrules.cli import main
from rightsrules.explain._reassess import places_in_common
from rightsrules.impact import ADDED, CHANGED, MOVED, REMOVED, RENAMED, Impact, diff, rule_changes
from rightsrules.knowledge import KnowledgeBase, builtin_facts_dir, builtin_rules_dir

from .strategies import scenario_dicts

EXAMPLES = builtin_facts_dir() / "examples"
MNO = "mno-network-shutdown.yaml"

#: The new rule the edit adds.
ADDED_RULE = """
  - id: test.mno-boycott
    title: A test rule
    when: {company.type: mobile_network_operator}
    then: [strategy:boycott]
    because: Added by the test.
    sources: [appendix.mno]
"""


def _edit(folder: Path, name: str, old: str, new: str) -> None:
    path = folder / name
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{old!r} is not in {name}"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def _remove_rule(folder: Path, name: str, rule_id: str) -> None:
    path = folder / name
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    start = lines.index(f"  - id: {rule_id}\n")
    end = next(
        (i for i in range(start + 1, len(lines)) if lines[i].startswith("  - id: ")), len(lines)
    )
    path.write_text("".join(lines[:start] + lines[end:]), encoding="utf-8")


@pytest.fixture(scope="module")
def edited(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("new-rules")
    for path in builtin_rules_dir().glob("*.yaml"):
        shutil.copy(path, folder / path.name)
    # changed in `when`: a listed operator must now also be small
    _edit(
        folder,
        "12-appendix-mno.yaml",
        "when: {company.type: mobile_network_operator, company.publicly_traded: true}",
        "when: {company.type: mobile_network_operator, company.publicly_traded: true, "
        "company.size: small}",
    )
    # removed
    _remove_rule(folder, "12-appendix-mno.yaml", "mno.multistakeholder-initiatives")
    # added
    with (folder / "12-appendix-mno.yaml").open("a", encoding="utf-8") as stream:
        stream.write(ADDED_RULE)
    # a ranking rule's weights: private advocacy now goes down before a deadline
    _edit(
        folder,
        "15-ranking.yaml",
        "      strategy:private_advocacy: 30\n      strategy:research_based_reporting: 10",
        "      strategy:private_advocacy: -90\n      strategy:research_based_reporting: 10",
    )
    # wording only
    _edit(
        folder,
        "12-appendix-mno.yaml",
        "Governments may seek standing access",
        "Governments may ask for standing access",
    )
    return folder


@pytest.fixture(scope="module")
def old_kb() -> KnowledgeBase:
    return load_knowledge_base(rulepacks=False)


@pytest.fixture(scope="module")
def new_kb(edited: Path) -> KnowledgeBase:
    return load_knowledge_base([edited], builtin=False, rulepacks=False)


@pytest.fixture(scope="module")
def impact(old_kb: KnowledgeBase, new_kb: KnowledgeBase) -> Impact:
    return diff(old_kb, new_kb, sorted(EXAMPLES.glob("*.yaml")))


def test_the_rules_against_themselves_change_nothing(old_kb: KnowledgeBase) -> None:
    impact = diff(old_kb, old_kb, sorted(EXAMPLES.glob("*.yaml")))
    assert impact.rule_changes == ()
    assert impact.scenarios == ()
    assert impact.total == len(list(EXAMPLES.glob("*.yaml")))
    assert impact.to_dict()["summary"] == {
        "scenarios": impact.total,
        "changed": 0,
        "refused": 0,
        "by_conclusion": {},
    }


def test_each_rule_change_is_named_with_the_part_that_changed(impact: Impact) -> None:
    found = {(c.rule, c.change, c.parts) for c in impact.rule_changes}
    assert found == {
        ("mno.publicly-traded-investors", CHANGED, ("when",)),
        ("mno.direct-access", CHANGED, ("because",)),
        ("rank.momentum-before-pressure", CHANGED, ("rank",)),
        ("test.mno-boycott", ADDED, ()),
        ("mno.multistakeholder-initiatives", REMOVED, ()),
    }
    wording = next(c for c in impact.rule_changes if c.rule == "mno.direct-access")
    assert not wording.effective
    added = next(c for c in impact.rule_changes if c.change == ADDED)
    assert added.file is not None and added.file.endswith("12-appendix-mno.yaml")
    assert added.line is not None and added.line > 1


def _changes(impact: Impact, name: str) -> dict[tuple[str, str], tuple[str, ...]]:
    scenario = next(s for s in impact.scenarios if s.file and s.file.endswith(name))
    return {(c.id, c.change): tuple(r.rule for r in c.causes) for c in scenario.changes}


def test_the_operator_example_shows_each_change_with_its_cause(impact: Impact) -> None:
    changes = _changes(impact, MNO)
    assert changes[("leverage:investors", REMOVED)] == ("mno.publicly-traded-investors",)
    assert changes[("strategy:multistakeholder_initiative", REMOVED)] == (
        "mno.multistakeholder-initiatives",
    )
    assert changes[("strategy:boycott", ADDED)] == ("test.mno-boycott",)
    assert changes[("strategy:private_advocacy", MOVED)] == ("rank.momentum-before-pressure",)
    # a wording change is never a cause
    assert all("mno.direct-access" not in causes for causes in changes.values())


def test_a_move_gives_its_ranks_scores_and_rank_reasons(impact: Impact) -> None:
    scenario = next(s for s in impact.scenarios if s.file and s.file.endswith(MNO))
    moved = next(c for c in scenario.of(MOVED) if c.id == "strategy:private_advocacy")
    assert moved.before is not None and moved.after is not None
    assert moved.after > moved.before
    assert moved.score_before is not None and moved.score_after is not None
    assert moved.score_after == moved.score_before - 120
    assert ("rank.momentum-before-pressure", 30) in moved.reasons_before
    assert ("rank.momentum-before-pressure", -90) in moved.reasons_after


def test_every_change_is_what_the_two_advices_differ_by(
    impact: Impact, old_kb: KnowledgeBase, new_kb: KnowledgeBase
) -> None:
    from rightsrules import assess

    for path in sorted(EXAMPLES.glob("*.yaml")):
        scenario = load_scenario(path)
        old, new = assess(scenario, old_kb), assess(scenario, new_kb)
        found = next((s for s in impact.scenarios if s.file == str(path)), None)
        added = {cid for cid in new.ids if cid not in old}
        removed = {cid for cid in old.ids if cid not in new}
        if found is None:
            assert not added and not removed
            continue
        assert {c.id for c in found.of(ADDED)} == added
        assert {c.id for c in found.of(REMOVED)} == removed
        for change in found.of(MOVED):
            assert (old[change.id].rank, new[change.id].rank) == (change.before, change.after)
        assert all(change.causes or change.catalogue for change in found.changes)


def test_the_summary_counts_scenarios_by_conclusion(impact: Impact) -> None:
    mnos = [
        path
        for path in EXAMPLES.glob("*.yaml")
        if load_scenario(path).get("company.type") == "mobile_network_operator"
    ]
    tally = impact.by_conclusion()
    assert tally["strategy:boycott"][ADDED] == len(mnos)
    assert tally["strategy:multistakeholder_initiative"][REMOVED] == len(mnos)
    assert impact.changed == len(impact.scenarios) >= len(mnos)
    summary = impact.to_dict()["summary"]
    assert summary["changed"] == impact.changed
    assert summary["scenarios"] == len(list(EXAMPLES.glob("*.yaml")))


def test_a_renamed_rule_is_one_rule_renamed(tmp_path: Path, old_kb: KnowledgeBase) -> None:
    for path in builtin_rules_dir().glob("*.yaml"):
        shutil.copy(path, tmp_path / path.name)
    _edit(tmp_path, "12-appendix-mno.yaml", "id: mno.direct-access", "id: mno.direct-access-2")
    new = load_knowledge_base([tmp_path], builtin=False, rulepacks=False)
    (change,) = rule_changes(old_kb, new)
    assert (change.rule, change.change, change.renamed_from) == (
        "mno.direct-access-2",
        RENAMED,
        "mno.direct-access",
    )
    assert diff(old_kb, new, [EXAMPLES / MNO]).scenarios == ()


# --- the command ---------------------------------------------------------------------------


def _run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    status = main(list(argv))
    captured = capsys.readouterr()
    return status, captured.out, captured.err


def test_diff_of_the_rules_with_themselves_reports_no_change(
    capsys: pytest.CaptureFixture[str],
) -> None:
    rules, examples = str(builtin_rules_dir()), str(EXAMPLES)
    status, out, _ = _run(capsys, "diff", "--exit-code", rules, rules, examples)
    assert status == 0
    assert "No rule differs." in out
    assert out.rstrip().endswith(
        f"No scenario's advice changed: 0 of {len(list(EXAMPLES.glob('*.yaml')))}."
    )


def test_diff_json_has_every_part(capsys: pytest.CaptureFixture[str], edited: Path) -> None:
    status, out, _ = _run(
        capsys, "diff", str(builtin_rules_dir()), str(edited), str(EXAMPLES), "--format", "json"
    )
    assert status == 0
    data = json.loads(out)
    assert set(data) == {
        "old_rules",
        "new_rules",
        "old_path",
        "new_path",
        "rule_changes",
        "summary",
        "scenarios",
        "refused",
    }
    assert (data["old_path"], data["new_path"]) == (str(builtin_rules_dir()), str(edited))
    mno = next(s for s in data["scenarios"] if s["file"].endswith(MNO))
    assert set(mno) == {"record", "name", "file", "line", "added", "removed", "moved"}
    assert mno["name"] == "Example Mobile Telecom"
    removed = {c["id"]: c["causes"] for c in mno["removed"]}
    assert removed["leverage:investors"] == ["mno.publicly-traded-investors"]
    (boycott,) = [c for c in mno["added"] if c["id"] == "strategy:boycott"]
    assert boycott["causes"] == ["test.mno-boycott"] and boycott["before"] is None


def test_diff_exit_code_says_the_advice_changed(
    capsys: pytest.CaptureFixture[str], edited: Path
) -> None:
    status, out, _ = _run(
        capsys, "diff", "--exit-code", str(builtin_rules_dir()), str(edited), str(EXAMPLES)
    )
    assert status == 1
    assert "- Investors [leverage:investors]" in out or "[leverage:investors]: removed" in out
    assert "because of rule mno.publicly-traded-investors (changed: when)" in out
    assert "because of ranking rule rank.momentum-before-pressure (changed: rank)" in out


def test_diff_markdown(capsys: pytest.CaptureFixture[str], edited: Path) -> None:
    status, out, _ = _run(
        capsys, "diff", str(builtin_rules_dir()), str(edited), str(EXAMPLES), "--format", "markdown"
    )
    assert status == 0
    assert out.startswith("# Rule impact\n")
    assert "## Rule changes" in out and "## Summary" in out
    assert "- rule `test.mno-boycott` (added)" in out


def test_diff_reads_json_lines_and_csv_and_refuses_bad_records_located(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, edited: Path
) -> None:
    lines = tmp_path / "s.jsonl"
    lines.write_text(
        '{"company": {"name": "M", "type": "mobile_network_operator"}}\n'
        '{"company": {"name": "Bad", "type": "bank"}}\n',
        encoding="utf-8",
    )
    status, out, err = _run(capsys, "diff", str(builtin_rules_dir()), str(edited), str(lines))
    assert status == 3
    assert "Record 1: M" in out
    assert f"record 2: {lines}:2: company.type" in err
    table = tmp_path / "s.csv"
    table.write_text("company.name,company.type\nM,mobile_network_operator\n", encoding="utf-8")
    status, out, _ = _run(capsys, "diff", str(builtin_rules_dir()), str(edited), str(table))
    assert status == 0
    assert f"Record 1: M ({table}:2)" in out


def test_diff_refuses_missing_folders_bad_rules_and_an_input_as_output(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    rules, examples = str(builtin_rules_dir()), str(EXAMPLES)
    status, _, err = _run(capsys, "diff", rules, str(tmp_path / "nowhere"), examples)
    assert status == 2 and "nowhere" in err
    bad = tmp_path / "bad"
    bad.mkdir()
    (bad / "x.yaml").write_text("rules:\n  - id: x\n    title: X\n", encoding="utf-8")
    status, _, err = _run(capsys, "diff", rules, str(bad), examples)
    assert status == 2 and f"{bad / 'x.yaml'}:" in err
    status, _, err = _run(capsys, "diff", rules, rules, str(tmp_path / "none.jsonl"))
    assert status == 2 and "none.jsonl" in err
    target = str(EXAMPLES / MNO)
    status, _, err = _run(capsys, "diff", rules, rules, examples, "--out", target)
    assert status == 2 and "input" in err
    status, _, err = _run(capsys, "diff", rules, rules, examples, "--out", rules)
    assert status == 2 and "folder" in err
    assert (EXAMPLES / MNO).read_text(encoding="utf-8").startswith("# A small")


def test_diff_writes_out(capsys: pytest.CaptureFixture[str], tmp_path: Path, edited: Path) -> None:
    out = tmp_path / "impact.json"
    status, printed, _ = _run(
        capsys, "diff", str(builtin_rules_dir()), str(edited), str(EXAMPLES), "--out", str(out)
    )
    assert status == 0 and printed == ""
    assert json.loads(out.read_text(encoding="utf-8"))["summary"]["changed"] >= 1


@pytest.mark.parametrize("fmt", ["text", "markdown"])
def test_the_report_of_the_real_edit_matches_its_golden_file(
    impact: Impact, edited: Path, fmt: str
) -> None:
    from . import golden_files as golden

    text = impact.render(fmt).replace(impact.new_version, "<new-rules-version>")
    text = text.replace(str(edited), "<new-rules>").replace(str(EXAMPLES), "<examples>")
    text = text.replace(str(builtin_rules_dir()), "<rules>")
    name = "diff.txt" if fmt == "text" else "diff.md"
    golden.check_golden(golden.GOLDEN / "impact" / name, text, impact.old_version)


def test_a_removed_default_is_the_cause_of_what_rested_on_it(
    tmp_path: Path, old_kb: KnowledgeBase
) -> None:
    for path in builtin_rules_dir().glob("*.yaml"):
        shutil.copy(path, tmp_path / path.name)
    _remove_rule(tmp_path, "01-company-types.yaml", "mno.licensed-by-default")
    new = load_knowledge_base([tmp_path], builtin=False, rulepacks=False)
    impact = diff(old_kb, new, [EXAMPLES / MNO])
    changes = _changes(impact, MNO)
    # the example leaves the licence open: the default filled it, and the licence leverage
    # rested on that
    assert changes[("leverage:government_licence", REMOVED)] == ("mno.licensed-by-default",)
    assert all(causes == ("mno.licensed-by-default",) for causes in changes.values())


def test_a_rule_pack_is_compared_beside_the_builtin_rules(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    pack = Path(__file__).parents[1] / "examples/rulepack/src/rightsrules_payments/rules"
    new = tmp_path / "pack"
    new.mkdir()
    for path in pack.glob("*.yaml"):
        shutil.copy(path, new / path.name)
    _remove_rule(new, "payments.yaml", "payments.transaction-data")
    example = EXAMPLES / "payment-processor-donor-data.yaml"
    argv = ["diff", "--with-builtin", str(pack), str(new), str(example), "--format", "json"]
    # as for batch, a file that is not CSV is read as JSON lines: a YAML file's lines are refused
    status, _, err = _run(capsys, *argv)
    assert status == 3 and f"record 1: {example}:1: invalid JSON" in err
    folder = tmp_path / "examples"
    folder.mkdir()
    shutil.copy(example, folder / example.name)
    status, out, _ = _run(capsys, *argv[:-3], str(folder), "--format", "json")
    assert status == 0
    data = json.loads(out)
    assert [(c["rule"], c["change"]) for c in data["rule_changes"]] == [
        ("payments.transaction-data", "removed")
    ]
    (scenario,) = data["scenarios"]
    assert all(c["causes"] == ["payments.transaction-data"] for c in scenario["removed"])
    assert scenario["removed"]


@settings(
    max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(data=scenario_dicts())
def test_property_every_difference_is_reported_with_a_cause(
    old_kb: KnowledgeBase, new_kb: KnowledgeBase, data: Any
) -> None:
    from rightsrules import assess

    old, new = assess(data, old_kb), assess(data, new_kb)
    impact = diff(old_kb, new_kb, [data])
    found = impact.scenarios[0].changes if impact.scenarios else ()
    assert {c.id for c in found if c.change == ADDED} == {i for i in new.ids if i not in old}
    assert {c.id for c in found if c.change == REMOVED} == {i for i in old.ids if i not in new}
    for change in found:
        assert change.causes or change.catalogue, change
        assert all(cause.effective for cause in change.causes)
    before, after = places_in_common(old, new), places_in_common(new, old)
    rescored = {
        cid for cid in before if before[cid] != after[cid] and old[cid].score != new[cid].score
    }
    moved = {c.id for c in found if c.change == MOVED}
    assert rescored <= moved <= {cid for cid in before if before[cid] != after[cid]}
    assert diff(old_kb, old_kb, [data]).scenarios == ()
