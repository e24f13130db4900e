"""A practitioner's scenarios: the advice and the plan a careful reader of the guide expects.

``tests/practitioner/`` holds scenarios written from the guide before the tool was run on them
(issue 11); each file's comment says what the reader expects and why, with section ids.
``tests/practitioner/expected.yaml`` holds those expectations as data. There is one test per
scenario, and its failure lists every unmet expectation of that scenario at once, so the lead
can weigh each against the guide.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from pathlib import Path
from typing import Any

import attrs
import pytest
from ruamel.yaml import YAML

import rightsrules
from rightsrules import Advice, KnowledgeBase, load_knowledge_base, load_scenario
from rightsrules.render.plan import Plan, build_plan
from rightsrules.vocabulary import CompanyType, EngagementStage, Relationship

HERE = Path(__file__).parent / "practitioner"
EXPECTED = HERE / "expected.yaml"
SCENARIOS = tuple(sorted(path for path in HERE.glob("*.yaml") if path != EXPECTED))

#: Ids the lead and the knowledge-base helper are adding for issue 11 (not in the catalogue
#: until their work lands): expectations may name them.
ANNOUNCED_IDS = frozenset(
    {
        "contact:product",
        "step:send_reminder",
        "step:send_final_notice",
        "step:prepare_public_statement",
        "step:check_law_conflicts",
    }
)
LETTERS = frozenset({"opening", "reminder", "final_notice", "meeting_agenda"})
#: The plan's "Do these first" holds the first three steps for the stage (issue 11, point 4).
FIRST_STEPS_AT_MOST = 3

_ID_LISTS = ("includes", "excludes", "step_order", "first_steps")
_KEYS = frozenset({*_ID_LISTS, "team", "team_assumed", "assumes", "top_strategy", "letter"})


@attrs.frozen
class Expectation:
    """What a careful reader expects of one scenario; ``None`` (or empty) is not checked,
    except ``top_strategy`` when ``expects_top_strategy`` is set (``None`` then means none)."""

    name: str
    includes: tuple[str, ...] = ()
    excludes: tuple[str, ...] = ()
    team: str | None = None
    team_assumed: bool | None = None
    assumes: Mapping[str, tuple[str, ...]] = attrs.field(factory=dict)
    expects_top_strategy: bool = False
    top_strategy: str | None = None
    step_order: tuple[str, ...] = ()
    letter: str | None = None
    first_steps: tuple[str, ...] = ()

    def ids(self) -> Iterator[tuple[str, str]]:
        """Every conclusion id named, with the kind it must have ("" for any kind)."""
        for key in ("includes", "excludes"):
            for cid in getattr(self, key):
                yield cid, ""
        for cid in (*self.step_order, *self.first_steps):
            yield cid, "step"
        for cid in self.assumes:
            yield cid, ""
        if self.team is not None:
            yield self.team, "contact"
        if self.top_strategy is not None:
            yield self.top_strategy, "strategy"


def _id_list(name: str, key: str, value: Any) -> tuple[str, ...]:
    if not isinstance(value, list) or not all(isinstance(item, str) for item in value):
        raise ValueError(f"{EXPECTED.name}: {name}.{key} must be a list of ids")
    return tuple(value)


def parse_expectation(name: str, data: Any) -> Expectation:
    """One scenario's expectations from expected.yaml; ValueError names the key at fault."""
    if not isinstance(data, dict):
        raise ValueError(f"{EXPECTED.name}: {name} must be a mapping")
    unknown = sorted(set(data) - _KEYS)
    if unknown:
        raise ValueError(f"{EXPECTED.name}: {name} has unknown keys {unknown}")
    lists = {key: _id_list(name, key, data[key]) for key in _ID_LISTS if key in data}
    assumes: dict[str, tuple[str, ...]] = {}
    for cid, paths in (data.get("assumes") or {}).items():
        assumes[str(cid)] = _id_list(name, f"assumes.{cid}", paths)
    team_assumed = data.get("team_assumed")
    if team_assumed is not None and not isinstance(team_assumed, bool):
        raise ValueError(f"{EXPECTED.name}: {name}.team_assumed must be true or false")
    letter = data.get("letter")
    if letter is not None and letter not in LETTERS:
        raise ValueError(f"{EXPECTED.name}: {name}.letter must be one of {sorted(LETTERS)}")
    return Expectation(
        name=name,
        team=data.get("team"),
        team_assumed=team_assumed,
        assumes=assumes,
        expects_top_strategy="top_strategy" in data,
        top_strategy=data.get("top_strategy"),
        letter=letter,
        **lists,
    )


def load_expectations() -> dict[str, Expectation]:
    data = YAML(typ="safe", pure=True).load(EXPECTED.read_text(encoding="utf-8"))
    if not isinstance(data, dict):
        raise ValueError(f"{EXPECTED.name} must map scenario names to expectations")
    return {str(name): parse_expectation(str(name), value) for name, value in data.items()}


EXPECTATIONS = load_expectations()


@pytest.fixture(scope="module")
def kb() -> KnowledgeBase:
    return load_knowledge_base(rulepacks=False)


def _plan_attribute(plan: Plan, name: str, unmet: list[str]) -> Any:
    """A plan attribute issue 11 adds (``letter``, ``first_steps``); a missing one is an unmet
    expectation, never a skip."""
    try:
        return getattr(plan, name)
    except AttributeError:
        unmet.append(f"the plan has no `{name}` attribute (issue 11 adds it)")
        return None


def unmet_expectations(expected: Expectation, advice: Advice, plan: Plan) -> list[str]:
    """Every expectation the advice or the plan does not meet, in a line each."""
    unmet: list[str] = []
    advised = set(advice.ids)
    unmet += [f"{cid} is not advised" for cid in expected.includes if cid not in advised]
    unmet += [f"{cid} is advised, but should not be" for cid in expected.excludes if cid in advised]

    if expected.team is not None or expected.team_assumed is not None:
        if not plan.contacts:
            unmet.append("the plan names no contact at all")
        else:
            first = plan.contacts[0]
            if expected.team is not None and first.id != expected.team:
                unmet.append(f"the first contact is {first.id}, expected {expected.team}")
            if expected.team_assumed is not None:
                assumed = "company.departments" in advice[first.id].assumptions
                if assumed != expected.team_assumed:
                    unmet.append(
                        f"the first contact {first.id} "
                        + ("lists" if assumed else "does not list")
                        + " company.departments among its assumptions; expected "
                        + ("it to" if expected.team_assumed else "it not to")
                    )

    for cid, paths in expected.assumes.items():
        if cid not in advised:
            unmet.append(f"{cid} is not advised, so it cannot assume {', '.join(paths)}")
            continue
        missing = [path for path in paths if path not in advice[cid].assumptions]
        if missing:
            have = ", ".join(advice[cid].assumptions) or "none"
            unmet.append(f"{cid} does not list {', '.join(missing)} as assumed (it lists {have})")

    if expected.expects_top_strategy:
        strategies = advice.of_kind("strategy")
        top = strategies[0].id if strategies else None
        if top != expected.top_strategy:
            unmet.append(f"the top strategy is {top}, expected {expected.top_strategy}")

    unmet += _order_problems(expected.step_order, [c.id for c in advice.of_kind("step")])

    if expected.letter is not None:
        letter = _plan_attribute(plan, "letter", unmet)
        if letter is not None and getattr(letter, "kind", None) != expected.letter:
            unmet.append(
                f"the plan's letter is {getattr(letter, 'kind', letter)!r},"
                f" expected {expected.letter!r}"
            )

    if expected.first_steps:
        first_steps = _plan_attribute(plan, "first_steps", unmet)
        if first_steps is not None:
            firsts = [item.id for item in first_steps]
            unmet += [
                f"{cid} is not among the plan's first steps {firsts}"
                for cid in expected.first_steps
                if cid not in firsts
            ]
            if len(firsts) > FIRST_STEPS_AT_MOST:
                unmet.append(f"the plan has {len(firsts)} first steps, at most 3 expected")
    return unmet


def _order_problems(expected: Sequence[str], steps: Sequence[str]) -> list[str]:
    """Expected steps missing from ``steps``, and every pair of them in the wrong order."""
    place = {cid: i for i, cid in enumerate(steps)}
    problems = [f"{cid} (in step_order) is not advised" for cid in expected if cid not in place]
    present = [cid for cid in expected if cid in place]
    for i, earlier in enumerate(present):
        for later in present[i + 1 :]:
            if place[earlier] > place[later]:
                problems.append(
                    f"{earlier} (step {place[earlier] + 1}) should come before"
                    f" {later} (step {place[later] + 1})"
                )
    return problems


@pytest.mark.parametrize("path", SCENARIOS, ids=[path.name for path in SCENARIOS])
def test_practitioner_scenario(path: Path, kb: KnowledgeBase) -> None:
    expected = EXPECTATIONS.get(path.stem)
    assert expected is not None, f"{EXPECTED.name} has no entry for {path.stem}"
    advice = rightsrules.assess(path, kb)
    unmet = unmet_expectations(expected, advice, build_plan(advice))
    if unmet:
        pytest.fail(f"{len(unmet)} unmet expectations\n- " + "\n- ".join(unmet), pytrace=False)


def test_every_scenario_has_expectations_and_every_expectation_a_scenario() -> None:
    assert {path.stem for path in SCENARIOS} == set(EXPECTATIONS)


def test_expectations_name_known_ids_of_the_right_kind(kb: KnowledgeBase) -> None:
    """A misspelt id would make an expectation fail (or pass) for the wrong reason."""
    known = set(kb.conclusions) | ANNOUNCED_IDS
    wrong = [
        f"{expected.name}: {cid}" + (f" (must be a {kind})" if cid in known else " (unknown)")
        for expected in EXPECTATIONS.values()
        for cid, kind in expected.ids()
        if cid not in known or (kind and not cid.startswith(f"{kind}:"))
    ]
    assert not wrong, "\n".join(wrong)


def test_the_set_covers_what_issue_11_asks() -> None:
    """Company types, stages, relationships, capacities, teams and the special cases."""
    scenarios = [load_scenario(path) for path in SCENARIOS]

    def values(path: str) -> set[Any]:
        return {scenario.get(path) for scenario in scenarios}

    assert len(scenarios) >= 18
    assert values("company.type") >= set(CompanyType)
    assert values("engagement.stage") >= {*EngagementStage, None}
    assert values("organization.relationship") >= set(Relationship)
    assert values("organization.capacity") >= {"small", "large"}
    assert values("company.publicly_traded") >= {True, False}
    assert True in values("company.gni_member")
    assert True in values("engagement.key_contact_left")
    assert "regulation" in values("concern.issue")
    assert None in values("company.departments")
    assert any(
        s.get("company.type") == "mobile_network_operator"
        and s.get("company.state_ownership") in {"partial", "full"}
        for s in scenarios
    )
    assert {
        (s.get("company.type"), s.get("company.size"))
        for s in scenarios
        if s.get("company.size") in {"small", "medium"}
    } >= {("social_media_platform", "small"), ("cloud_company", "medium")}


def test_the_checker_passes_advice_that_meets_its_expectations(kb: KnowledgeBase) -> None:
    """Expectations read off the advice itself are all met: a red scenario test is the rules'
    or the expectation's doing, not the checker's."""
    advice = rightsrules.assess(SCENARIOS[0], kb)
    plan = build_plan(advice)
    steps = [c.id for c in advice.of_kind("step")]
    first = plan.contacts[0].id if plan.contacts else None
    expected = Expectation(
        name="self",
        includes=advice.ids[:5],
        excludes=tuple(cid for cid in kb.conclusions if cid not in advice.ids)[:5],
        team=first,
        team_assumed=None if first is None else "company.departments" in advice[first].assumptions,
        assumes={c.id: c.assumptions for c in advice.conclusions if c.assumptions},
        expects_top_strategy=True,
        top_strategy=advice.of_kind("strategy")[0].id if advice.of_kind("strategy") else None,
        step_order=tuple(steps[::2]),
    )
    assert unmet_expectations(expected, advice, plan) == []


def test_the_checker_lists_every_unmet_expectation(kb: KnowledgeBase) -> None:
    advice = rightsrules.assess(SCENARIOS[0], kb)
    plan = build_plan(advice)
    advised = advice.ids[0]
    expected = Expectation(
        name="wrong",
        includes=("step:no_such_step",),
        excludes=(advised,),
        expects_top_strategy=True,
        top_strategy="strategy:no_such_strategy",
    )
    unmet = unmet_expectations(expected, advice, plan)
    assert "step:no_such_step is not advised" in unmet
    assert f"{advised} is advised, but should not be" in unmet
    assert any(line.startswith("the top strategy is ") for line in unmet)
    assert len(unmet) == 3


def test_step_order_reports_missing_steps_and_each_inverted_pair() -> None:
    assert _order_problems(["a", "b"], ["a", "x", "b"]) == []
    assert _order_problems(["a", "b", "c"], ["c", "b", "a"]) == [
        "a (step 3) should come before b (step 2)",
        "a (step 3) should come before c (step 1)",
        "b (step 2) should come before c (step 1)",
    ]
    assert _order_problems(["a", "z"], ["a"]) == ["z (in step_order) is not advised"]


def test_expectations_with_unknown_keys_or_values_are_refused() -> None:
    with pytest.raises(ValueError, match="unknown keys"):
        parse_expectation("x", {"include": ["step:start_small"]})
    with pytest.raises(ValueError, match="letter"):
        parse_expectation("x", {"letter": "postcard"})
    with pytest.raises(ValueError, match="team_assumed"):
        parse_expectation("x", {"team_assumed": "yes"})
    with pytest.raises(ValueError, match="list of ids"):
        parse_expectation("x", {"includes": "step:start_small"})
