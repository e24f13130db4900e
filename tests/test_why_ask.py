"""Why do you ask? (issue 15, item 4): for each open fact, the conclusions its answer could
add, remove or move, checked against minimal change sets found by brute force."""

from __future__ import annotations

import io
import itertools
import json
from pathlib import Path
from typing import Any

import pytest

from rightsrules import Advice, assess, load_scenario
from rightsrules.cli import main
from rightsrules.cli.interview_cmd import Interview
from rightsrules.engines import evaluator_named
from rightsrules.explain._reassess import reassess
from rightsrules.explain.minimal import minimal_changes
from rightsrules.explain.why_ask import ADD, MOVE, REMOVE, why_ask
from rightsrules.knowledge import builtin_facts_dir

MNO = builtin_facts_dir() / "examples" / "mno-network-shutdown.yaml"


@pytest.fixture(scope="module")
def advice() -> Advice:
    return assess(load_scenario(MNO))


def _apply(advice: Advice, group: Any) -> Advice:
    changes = {change.path: change.after for change in group}
    scenario = advice.scenario.with_values(changes)
    return reassess(advice.knowledge_base, scenario, evaluator_named("indexed"))


@pytest.mark.parametrize(
    "path",
    ["company.publicly_traded", "company.licensed", "engagement.key_contact_left"],
)
def test_each_conclusion_named_is_one_a_minimal_change_set_with_the_path_flips(
    path: str,
) -> None:
    scenario = load_scenario(MNO).to_dict()
    scenario["company"].pop("publicly_traded", None)
    advice = assess(scenario)
    found = why_ask(advice, path)
    kb = advice.knowledge_base
    assert found.matters
    for cid in kb.conclusions:
        if not kb.rules_concluding(cid):
            continue
        sets = [
            group
            for group in minimal_changes(kb, advice.scenario, cid).changes
            if any(change.path == path for change in group)
        ]
        mine = next((m for m in found.matters if m.conclusion == cid), None)
        if not sets:
            assert mine is None, cid
            continue
        assert mine is not None, cid
        assert mine.effect == (REMOVE if cid in advice else ADD)
        assert sorted(map(_key, mine.sets)) == sorted(map(_key, sets)), cid
        for group in mine.sets:
            assert group[0].path == path
            assert (cid in _apply(advice, group)) != (cid in advice), (cid, group)
            for size in range(1, len(group)):
                for part in itertools.combinations(group, size):
                    assert (cid in _apply(advice, part)) == (cid in advice), (cid, part)


def test_what_an_answer_does_alone_is_what_the_questions_found(advice: Advice) -> None:
    for question in advice.questions():
        found = why_ask(advice, question.path, question)
        alone = {m.conclusion for m in found.matters if m.effect != MOVE and m.alone}
        assert alone == set(question.could_add) | set(question.could_remove), question.path


def _key(group: Any) -> list[tuple[str, str]]:
    return sorted((change.path, repr(change.after)) for change in group)


def test_the_line_names_conclusions_by_title(advice: Advice) -> None:
    question = next(q for q in advice.questions() if q.path == "company.licensed")
    found = why_ask(advice, question.path, question)
    assert found.line() == "Your answer could remove A government licence."
    assert ":" not in found.line()
    assert found.to_text().splitlines()[1:3] == [
        "  - remove A government licence:",
        "      if you answer false",
    ]


def test_moves_come_from_the_answers_that_reorder(advice: Advice) -> None:
    scenario = advice.scenario.to_dict()
    del scenario["organization"]["capacity"]
    changed = assess(scenario)
    question = next(q for q in changed.questions() if q.path == "organization.capacity")
    found = why_ask(changed, question.path, question)
    moved = found.of(MOVE)
    assert [m.conclusion for m in moved] == ["strategy:investor_engagement"]
    assert moved[0].direction == "down"
    assert "move Engage the company's investors down" in found.to_text()


def test_changes_needed_together_are_said_apart(advice: Advice) -> None:
    found = why_ask(advice, "engagement.key_contact_left")
    together = found.together
    assert together and all(len(g) > 1 for m in together for g in m.sets)
    assert found.line(alone=False).startswith("Together with other changes, your answer could")
    assert all(m.title in found.line() for m in found.matters)


def test_the_questions_command_gives_why_in_json_and_text(
    capsys: pytest.CaptureFixture[str],
) -> None:
    assert main(["questions", str(MNO), "--format", "json"]) == 0
    listed = json.loads(capsys.readouterr().out)
    for item in listed:
        why = item["why_ask"]
        assert set(why) == {"path", "line", "matters", "complete"}
        assert why["path"] == item["path"]
        for matter in why["matters"]:
            assert matter["effect"] in ("add", "remove", "move")
            for group in matter["changes"]:
                assert group[0]["path"] == item["path"]
                assert set(group[0]) == {"path", "from", "to", "kind"}
    assert main(["questions", str(MNO)]) == 0
    text = capsys.readouterr().out
    assert "Together with other changes, your answer could also" in text
    assert "strategy:" not in text and "leverage:" not in text


def test_the_interview_answers_why(advice: Advice, tmp_path: Path) -> None:
    talk = io.StringIO()
    interview = Interview(advice.knowledge_base, io.StringIO("\n\n?why\nwhy\nstop\n"), talk)
    interview.run(advice.scenario)
    said = talk.getvalue()
    departments = said[said.index("[company.departments]") :]
    assert "(?why says how)" in departments.splitlines()[2]
    assert departments.count("  - remove The policy team:") == 2  # for ?why and for why


def test_a_scenario_that_breaks_a_constraint(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    impossible = {
        "company": {
            "name": "X",
            "type": "mobile_network_operator",
            "state_ownership": "full",
            "publicly_traded": True,
        }
    }
    path = tmp_path / "x.json"
    path.write_text(json.dumps(impossible), encoding="utf-8")
    assert main(["questions", str(path)]) == 2
    assert f"{path}: company.state_ownership" in capsys.readouterr().err
    advice = assess(impossible)
    talk = io.StringIO()
    Interview(advice.knowledge_base, io.StringIO("?why\nstop\n"), talk).run(advice.scenario)
    assert "why this is asked: " in talk.getvalue()  # asked, with no minimal changes to give
