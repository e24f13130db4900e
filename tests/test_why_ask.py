"""Why do you ask? (issue 15, item 4): for each open fact, the conclusions its answer could
add, remove or move, checked against minimal change sets found by brute force."""

from __future__ import annotations

import io
import itertools
import json
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import pytest

from rightsrules import Advice, assess, load_scenario
from rightsrules.cli import main
from rightsrules.cli.interview_cmd import Interview
from rightsrules.engines import evaluator_named
from rightsrules.explain._reassess import reassess
from rightsrules.explain.questions import _named_values, probe_values
from rightsrules.explain.rather_than import _reaching_paths
from rightsrules.explain.why_ask import ADD, MOVE, REMOVE, why_ask
from rightsrules.knowledge import builtin_facts_dir
from rightsrules.vocabulary import FIELDS

MNO = builtin_facts_dir() / "examples" / "mno-network-shutdown.yaml"


@pytest.fixture(scope="module")
def advice() -> Advice:
    return assess(load_scenario(MNO))


def _values(advice: Advice, path: str) -> list[Any]:
    now = advice.scenario.get(path)
    named = _named_values(advice.knowledge_base).get(path, [])
    values: list[Any] = [v for v in probe_values(FIELDS[path], named) if v != now]
    if now is not None and not FIELDS[path].required:
        values.append(None)
    return values


def _brute_force(advice: Advice, cid: str, size: int) -> list[dict[str, Any]]:
    """Every set of up to ``size`` changes over the paths that can reach ``cid`` that flips
    it, then only those no other flipping set is a proper subset of."""
    kb, engine = advice.knowledge_base, evaluator_named("indexed")
    was = cid in advice
    paths = _reaching_paths(kb, cid)
    flipping: list[dict[str, Any]] = []
    for count in range(1, size + 1):
        for chosen in itertools.combinations(paths, count):
            for picked in itertools.product(*(_values(advice, p) for p in chosen)):
                changes = dict(zip(chosen, picked, strict=True))
                after = reassess(kb, advice.scenario.with_values(changes), engine)
                if (cid in after) != was:
                    flipping.append(changes)
    items = [set(f.items()) for f in flipping]
    return [f for f, mine in zip(flipping, items, strict=True) if not any(o < mine for o in items)]


@pytest.mark.parametrize(
    "path", ["company.publicly_traded", "company.licensed", "engagement.key_contact_left"]
)
def test_each_conclusion_named_is_one_a_minimal_change_set_with_the_path_flips(
    path: str,
) -> None:
    scenario = load_scenario(MNO).to_dict()
    scenario["company"].pop("publicly_traded", None)
    advice = assess(scenario)
    found = why_ask(advice, path)
    kb = advice.knowledge_base
    for cid in kb.conclusions:
        if not kb.rules_concluding(cid) or path not in _reaching_paths(kb, cid):
            continue
        expected = [s for s in _brute_force(advice, cid, 2) if path in s]
        mine = next((m for m in found.matters if m.conclusion == cid), None)
        if not expected:
            assert mine is None, cid
            continue
        assert mine is not None, cid
        assert mine.effect == (REMOVE if cid in advice else ADD)
        got = [{c.path: c.after for c in group} for group in mine.sets]
        assert sorted(map(_key, got)) == sorted(map(_key, expected)), cid
        assert all(group[0].path == path for group in mine.sets)


def _key(changes: Mapping[str, Any]) -> list[tuple[str, str]]:
    return sorted((path, repr(value)) for path, value in changes.items())


def test_the_line_names_conclusions_by_title(advice: Advice) -> None:
    question = next(q for q in advice.questions() if q.path == "company.licensed")
    found = why_ask(advice, question.path, question)
    assert found.line() == "Your answer could remove A government licence."
    assert ":" not in found.line()
    assert found.to_text().splitlines()[1] == "  - remove A government licence: if you answer false"


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
    assert departments.count("  - remove The policy team: if you answer") == 2  # ?why and why
