"""Rather than (issue 15, item 3): why A and not B, or why A above B, and what would swap them."""

from __future__ import annotations

import itertools
import json
from collections.abc import Mapping
from typing import Any

import pytest

from rightsrules import Advice, ExplanationError, ScenarioError, assess, load_scenario
from rightsrules.cli import main
from rightsrules.explain._reassess import reassess
from rightsrules.explain.rather_than import NOT_ADVISED, RANKED, RatherThan, rather_than
from rightsrules.knowledge import builtin_facts_dir
from rightsrules.vocabulary import WITHIN_REACH

from . import golden_files as golden

MNO = builtin_facts_dir() / "examples" / "mno-network-shutdown.yaml"
PRIVATE, PUBLIC = "strategy:private_advocacy", "strategy:public_advocacy"
BOYCOTT = "strategy:boycott"
CONSUMER_LAW, ASSOCIATION = "strategy:consumer_rights_law", "strategy:industry_association"


@pytest.fixture(scope="module")
def advice() -> Advice:
    return assess(load_scenario(MNO))


def _apply(advice: Advice, group: Any) -> Advice:
    changes = {change.path: change.after for change in group}
    return reassess(advice.knowledge_base, advice.scenario.with_values(changes), advice.evaluator)


def _above(after: Advice, a: str, b: str) -> bool:
    return a in after and b in after and after.ids.index(a) < after.ids.index(b)


def _check_minimal(advice: Advice, answer: RatherThan, swapped: Any) -> None:
    """Each change set swaps them, no proper subset does, smallest first, and each change
    starts from what the scenario has."""
    sizes = [len(group) for group in answer.changes]
    assert sizes == sorted(sizes)
    for group in answer.changes:
        for change in group:
            assert change.before == advice.scenario.get(change.path)
            assert change.kind == (
                "within_reach"
                if change.path in WITHIN_REACH
                else "find_out"
                if change.before is None
                else "differs"
            )
        assert swapped(_apply(advice, group)), group
        for size in range(1, len(group)):
            for part in itertools.combinations(group, size):
                assert not swapped(_apply(advice, part)), part


def test_a_ranks_above_b_by_the_ranking_rules_that_separate_them(advice: Advice) -> None:
    answer = rather_than(advice, PRIVATE, PUBLIC)
    assert answer.case == RANKED
    assert (answer.rank_a, answer.rank_b) == (advice[PRIVATE].rank, advice[PUBLIC].rank)
    assert [(s.rule, s.weight_a, s.weight_b) for s in answer.separating] == [
        ("rank.momentum-before-pressure", 30, 0),
        ("rank.momentum-public-advocacy-waits", 0, -20),
    ]
    assert answer.tie is None
    assert answer.changes, "a later stage or a draft law puts public advocacy first"
    _check_minimal(advice, answer, lambda after: _above(after, PUBLIC, PRIVATE))
    paths = {change.path for group in answer.changes for change in group}
    assert "engagement.stage" in paths


def test_b_not_advised_gives_its_failed_conditions_and_what_would_reach_it(
    advice: Advice,
) -> None:
    answer = rather_than(advice, PRIVATE, BOYCOTT)
    assert answer.case == NOT_ADVISED
    assert answer.why_not is not None and answer.why_not.conclusion == BOYCOTT
    assert answer.proof and "mno.public-and-private-advocacy" in answer.proof[0]
    _check_minimal(advice, answer, lambda after: BOYCOTT in after)
    first = answer.changes[0]
    assert [(c.path, c.after) for c in first] == [("engagement.stage", "unresponsive")]
    text = answer.to_text()
    assert "Consider a consumer boycott is not advised. Ruled out by the scenario" in text


def test_a_tie_is_decided_by_the_catalogue(advice: Advice) -> None:
    assert advice[CONSUMER_LAW].score == advice[ASSOCIATION].score
    answer = rather_than(advice, CONSUMER_LAW, ASSOCIATION)
    assert (answer.tie, answer.separating) == ("catalogue", ())
    assert "Their scores tie, so the order of the catalogue" in answer.to_text()
    _check_minimal(advice, answer, lambda after: _above(after, ASSOCIATION, CONSUMER_LAW))


def test_an_earlier_phase_stays_ahead_whatever_the_scores(advice: Advice) -> None:
    earlier, later = "step:find_contacts", "step:build_relationships"
    assert advice[later].score > advice[earlier].score
    answer = rather_than(advice, earlier, later)
    assert answer.tie == "phase"
    assert (answer.changes, answer.complete) == ((), True)
    assert "No change to the scenario would put" in answer.to_text()


def test_a_search_cut_short_says_it_is_not_complete(advice: Advice) -> None:
    full = rather_than(advice, PRIVATE, PUBLIC)
    cut = rather_than(advice, PRIVATE, PUBLIC, max_tries=1)
    assert not cut.complete
    assert set(cut.changes) <= set(full.changes)
    assert "The search stopped at its bound" in cut.to_text()


def test_a_search_over_every_path_is_complete(advice: Advice) -> None:
    answer = rather_than(advice, CONSUMER_LAW, ASSOCIATION, max_changes=20)
    assert answer.complete
    bounded = rather_than(advice, CONSUMER_LAW, ASSOCIATION)
    assert [group for group in answer.changes if len(group) <= 2] == list(bounded.changes)
    _check_minimal(advice, answer, lambda after: _above(after, ASSOCIATION, CONSUMER_LAW))


@pytest.mark.parametrize(
    ("a", "b", "message"),
    [
        (PRIVATE, PRIVATE, "compared with itself"),
        (BOYCOTT, PRIVATE, "is not in this advice"),
        (PUBLIC, PRIVATE, "ranks above"),
        (PRIVATE, "leverage:investors", "different kinds"),
    ],
)
def test_questions_that_do_not_apply_are_refused(
    advice: Advice, a: str, b: str, message: str
) -> None:
    with pytest.raises(ExplanationError, match=message):
        rather_than(advice, a, b)


def test_the_json_holds_every_part(advice: Advice) -> None:
    data: Mapping[str, Any] = json.loads(rather_than(advice, PRIVATE, PUBLIC).to_json())
    assert set(data) == {
        "a", "b", "case", "proof", "rank_a", "rank_b", "score_a", "score_b", "separating",
        "tie", "changes", "complete",
    }  # fmt: skip
    assert data["proof"][0]["rule"] == "mno.public-and-private-advocacy"
    assert set(data["changes"][0][0]) == {"path", "from", "to", "kind"}
    data = json.loads(rather_than(advice, PRIVATE, BOYCOTT).to_json())
    assert data["case"] == "not_advised" and data["why_not"]["conclusion"] == BOYCOTT


@pytest.mark.parametrize(("b", "name"), [(PUBLIC, "ranked"), (BOYCOTT, "not-advised")])
@pytest.mark.parametrize(("fmt", "suffix"), [("text", "txt"), ("markdown", "md")])
def test_the_text_matches_its_golden_file(
    advice: Advice, b: str, name: str, fmt: str, suffix: str
) -> None:
    text = rather_than(advice, PRIVATE, b).render(fmt)
    path = golden.GOLDEN / "explain" / f"rather-than.{name}.{suffix}"
    golden.check_golden(path, text, advice.rules_version)


def test_the_command(capsys: pytest.CaptureFixture[str]) -> None:
    argv = ["explain", str(MNO), PRIVATE, "--rather-than", PUBLIC]
    assert main(argv) == 0
    assert capsys.readouterr().out.startswith(
        "Why Private, behind-the-scenes advocacy rather than Public advocacy?"
    )
    assert main([*argv, "--format", "json"]) == 0
    assert json.loads(capsys.readouterr().out)["case"] == "ranked"
    assert main([*argv, "--format", "markdown"]) == 0
    assert capsys.readouterr().out.startswith("# Why Private, behind-the-scenes advocacy")
    assert main([*argv, "--format", "mermaid"]) == 2
    assert "--rather-than writes text, markdown, json" in capsys.readouterr().err
    assert main([*argv, "--reasons"]) == 2
    assert "do not go together" in capsys.readouterr().err
    assert main(["explain", str(MNO), PUBLIC, "--rather-than", PRIVATE]) == 2
    assert "ranks above" in capsys.readouterr().err
    assert main(["explain", str(MNO), PRIVATE, "--rather-than", "strategy:boycot"]) == 2
    assert "did you mean 'strategy:boycott'" in capsys.readouterr().err


IMPOSSIBLE = {
    "company": {
        "name": "X",
        "type": "mobile_network_operator",
        "state_ownership": "full",
        "publicly_traded": True,
    }
}


def test_a_scenario_that_breaks_a_constraint_is_refused(
    capsys: pytest.CaptureFixture[str], tmp_path: Any
) -> None:
    with pytest.raises(ScenarioError, match="state-owned-not-listed"):
        rather_than(assess(IMPOSSIBLE), PRIVATE, PUBLIC)
    path = tmp_path / "x.json"
    path.write_text(json.dumps(IMPOSSIBLE), encoding="utf-8")
    assert main(["explain", str(path), PRIVATE, "--rather-than", BOYCOTT]) == 2
    assert f"{path}: company.state_ownership, company.publicly_traded" in capsys.readouterr().err
