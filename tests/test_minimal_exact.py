"""The minimal reasons and minimal changes held to a brute-force oracle.

The oracle knows nothing of how :mod:`rightsrules.explain.minimal` searches: over a small
fixture knowledge base (tests/fixtures/minimal_kb) it lists every completion of every path
the rules read, its own way (each path's domain written out below), runs the reference
evaluator's pipeline on each, and then tries *every* subset of the scenario's facts and
*every* point of the space. Hypothesis draws the scenarios.

For the shipped knowledge base, the bundled examples are checked the same way over the paths
the conclusion's rules read (the domain model of ``explain/_space.py``), for the conclusions
whose space is small enough to enumerate in a few seconds; and every change set is applied
to the scenario and re-assessed: it flips the conclusion, and no proper part of it does.
"""

from __future__ import annotations

import functools
import itertools
from collections.abc import Iterator, Mapping, Sequence
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from rightsrules import (
    IndexedEvaluator,
    KnowledgeBase,
    ReferenceEvaluator,
    Scenario,
    load_knowledge_base,
    load_scenario,
)
from rightsrules.conditions import Premise
from rightsrules.constraints import load_constraints
from rightsrules.explain._space import cone_paths, space_for
from rightsrules.explain.minimal import minimal_changes, scenario_premises, sufficient_reasons
from rightsrules.inference import reason_many
from rightsrules.scenario import FactValue
from rightsrules.vocabulary import FIELDS, CompanyType

FIXTURE = Path(__file__).parent / "fixtures" / "minimal_kb"
EXAMPLES = sorted((Path(__file__).parents[1] / "facts" / "examples").glob("*.yaml"))

#: The departments the fixture's rules name, and the one other element the search stands
#: in for every department they do not name (the first such value of the vocabulary).
NAMED_TEAMS = ("legal", "human_rights")
OTHER_TEAM = "trust_and_safety"

#: Every path the fixture's rules read, each with every value it can take (None: unknown).
DOMAINS: dict[str, tuple[FactValue | None, ...]] = {
    "company.type": tuple(t.value for t in CompanyType),
    "company.licensed": (True, False, None),
    "company.state_ownership": ("none", "partial", "full", None),
    "company.publicly_traded": (True, False, None),
    "company.departments": (
        None,
        *(
            tuple(combo)
            for size in range(4)
            for combo in itertools.combinations((*NAMED_TEAMS, OTHER_TEAM), size)
        ),
    ),
    # NG is the country the rules name; AD the stand-in for any other.
    "context.country": ("NG", "AD", None),
}
PATHS = tuple(DOMAINS)
CONCLUSIONS = (
    "leverage:government_licence",
    "leverage:investors",
    "strategy:investor_engagement",
    "leverage:state_ownership",
    "strategy:public_advocacy",
    "step:find_contacts",
    "contact:legal",
    "precedent:paradigm_initiative_nigeria",
    "step:check_law_conflicts",
)


@functools.cache
def fixture_kb() -> KnowledgeBase:
    return load_knowledge_base([FIXTURE], builtin=False)


def facts_of(point: Sequence[FactValue | None]) -> dict[str, FactValue]:
    facts = {path: value for path, value in zip(PATHS, point, strict=True) if value is not None}
    facts.setdefault("company.name", "Fixture")
    return facts


@functools.cache
def table() -> tuple[tuple[tuple[FactValue | None, ...], ...], tuple[frozenset[str], ...]]:
    """Every point of the fixture's space, and what the pipeline concludes at each."""
    points = tuple(itertools.product(*DOMAINS.values()))
    reasonings = reason_many(fixture_kb(), [facts_of(p) for p in points], ReferenceEvaluator())
    concluded = tuple(
        frozenset(cid for firing in r.firings for cid in firing.concludes) for r in reasonings
    )
    return points, concluded


@functools.cache
def allowed_points() -> int:
    """A bit set: the points that break no constraint."""
    constraints = load_constraints()
    points, _ = table()
    bits = 0
    for bit, point in enumerate(points):
        facts = facts_of(point)
        if not any(c.broken_by(facts) for c in constraints):
            bits |= 1 << bit
    return bits


@functools.cache
def concluded_bits(conclusion: str) -> int:
    _, concluded = table()
    return sum(1 << bit for bit, found in enumerate(concluded) if conclusion in found)


def consistent(premise: Premise, value: FactValue | None) -> bool:
    """Whether a path's value is a completion of a premise about it."""
    if premise.unknown:
        return value is None
    if premise.value == ():
        return value == ()
    if isinstance(value, tuple):
        return (premise.value in value) != premise.negated
    if FIELDS[premise.path].is_list:
        return False  # a premise on an element says the list is known
    return value == premise.value


def oracle_premises(facts: Mapping[str, FactValue]) -> list[Premise]:
    premises: list[Premise] = []
    for path in PATHS:
        value = facts.get(path)
        if value is None:
            premises.append(Premise.of_unknown(path))
        elif not isinstance(value, tuple):
            premises.append(Premise.of_fact(path, value))
        elif not value:
            premises.append(Premise.of_fact(path, ()))
        else:
            premises += [Premise.of_fact(path, item) for item in value]
            premises += [
                Premise.of_fact(path, team, negated=True)
                for team in NAMED_TEAMS
                if team not in value
            ]
    return premises


def oracle_reasons(point: tuple[FactValue | None, ...], conclusion: str) -> set[frozenset[str]]:
    """Every subset-minimal set of the scenario's facts (on every path) that guarantees
    ``conclusion`` at every allowed point consistent with it."""
    points, _ = table()
    premises = oracle_premises(facts_of(point))
    masks = []
    for premise in premises:
        column = PATHS.index(premise.path)
        masks.append(sum(1 << b for b, p in enumerate(points) if consistent(premise, p[column])))
    everything = (1 << len(points)) - 1
    failing = allowed_points() & ~concluded_bits(conclusion)
    holding: list[set[int]] = []
    for size in range(len(premises) + 1):
        for combo in itertools.combinations(range(len(premises)), size):
            chosen = set(combo)
            if any(reason <= chosen for reason in holding):
                continue
            box = everything
            for index in combo:
                box &= masks[index]
            if not box & failing:
                holding.append(chosen)
    return {frozenset(str(premises[i]) for i in reason) for reason in holding}


def atoms(point: Sequence[FactValue | None], here: Sequence[FactValue | None]) -> frozenset[Any]:
    """How a point differs from the scenario, one step per scalar path and per list element
    (and a list becoming known or unknown)."""
    found: set[Any] = set()
    for path, value, before in zip(PATHS, point, here, strict=True):
        if not FIELDS[path].is_list:
            if value != before:
                found.add((path, value))
            continue
        if (value is None) != (before is None):
            found.add((path, "known", value is not None))
        if isinstance(value, tuple):
            held = set(before) if isinstance(before, tuple) else set()
            found.update((path, item, item in value) for item in set(value) ^ held)
    return frozenset(found)


def oracle_changes(point: tuple[FactValue | None, ...], conclusion: str) -> set[frozenset[Any]]:
    """Every minimal set of changes that flips ``conclusion``: the points of the other
    outcome (allowed), whose steps away from the scenario hold no other such point's."""
    points, concluded = table()
    advised = conclusion in concluded[points.index(point)]
    allowed = allowed_points()
    flipping: dict[frozenset[Any], tuple[FactValue | None, ...]] = {}
    for bit, other in enumerate(points):
        if allowed >> bit & 1 and (conclusion in concluded[bit]) != advised:
            flipping[atoms(other, point)] = other
    # A set with a flipping proper part holds a minimal one: smallest first, each set is
    # minimal when it holds none of the minimal sets found before it.
    minimal: list[frozenset[Any]] = []
    for steps in sorted(flipping, key=len):
        if not any(smaller < steps for smaller in minimal):
            minimal.append(steps)
    return {
        frozenset(
            (path, value)
            for path, value, before in zip(PATHS, flipping[steps], point, strict=True)
            if value != before
        )
        for steps in minimal
    }


def as_found(changes: Any) -> set[frozenset[Any]]:
    return {
        frozenset(
            (c.path, tuple(sorted(c.after)) if isinstance(c.after, tuple) else c.after)
            for c in group
        )
        for group in changes.changes
    }


def normal(found: set[frozenset[Any]]) -> set[frozenset[Any]]:
    return {
        frozenset((p, tuple(sorted(v)) if isinstance(v, tuple) else v) for p, v in group)
        for group in found
    }


def scenario_of(point: tuple[FactValue | None, ...]) -> Scenario:
    data: dict[str, dict[str, Any]] = {"company": {"name": "Fixture"}}
    for path, value in zip(PATHS, point, strict=True):
        if value is not None:
            section, key = path.split(".")
            data.setdefault(section, {})[key] = list(value) if isinstance(value, tuple) else value
    return Scenario.from_dict(data)


allowed_scenarios = st.tuples(*(st.sampled_from(values) for values in DOMAINS.values())).filter(
    lambda point: not any(c.broken_by(facts_of(point)) for c in load_constraints())
)


@settings(max_examples=25, suppress_health_check=[HealthCheck.too_slow], deadline=None)
@given(point=allowed_scenarios, conclusion=st.sampled_from(CONCLUSIONS))
def test_reasons_match_the_oracle(point: tuple[FactValue | None, ...], conclusion: str) -> None:
    points, concluded = table()
    reasons = sufficient_reasons(fixture_kb(), scenario_of(point), conclusion, max_size=20)
    assert reasons.advised == (conclusion in concluded[points.index(point)])
    assert reasons.complete
    found = {frozenset(map(str, reason)) for reason in reasons.reasons}
    expected = oracle_reasons(point, conclusion) if reasons.advised else set()
    assert found == expected
    sizes = [len(reason) for reason in reasons.reasons]
    assert sizes == sorted(sizes)


@settings(max_examples=25, suppress_health_check=[HealthCheck.too_slow], deadline=None)
@given(point=allowed_scenarios, conclusion=st.sampled_from(CONCLUSIONS))
def test_changes_match_the_oracle(point: tuple[FactValue | None, ...], conclusion: str) -> None:
    changes = minimal_changes(fixture_kb(), scenario_of(point), conclusion, max_size=20)
    assert changes.complete
    assert as_found(changes) == normal(oracle_changes(point, conclusion))
    paths = [len(group) for group in changes.changes]
    assert paths == sorted(paths)


def test_the_oracle_is_not_trivial() -> None:
    """The fixture's conclusions have reasons of several sizes and changes of several kinds,
    so the comparisons above can fail."""
    point = ("mobile_network_operator", None, "partial", True, ("legal",), "NG")
    assert oracle_reasons(point, "strategy:investor_engagement") == {
        frozenset(
            {
                "fact:company.type=mobile_network_operator",
                "fact:company.state_ownership=partial",
                "fact:company.publicly_traded=true",
            }
        )
    }
    # Not advised: a licence would bring it, and so would an ISP, which the default gives one.
    assert oracle_changes(point, "strategy:public_advocacy") == {
        frozenset({("company.licensed", True)}),
        frozenset({("company.type", "isp")}),
    }
    unlisted = ("other", None, "none", None, None, None)
    assert frozenset(
        {("company.type", "mobile_network_operator"), ("company.publicly_traded", True)}
    ) in oracle_changes(unlisted, "strategy:investor_engagement")


def test_a_constraint_is_respected() -> None:
    """Fully state-owned and listed cannot both hold: a reason may count on it."""
    point = ("other", None, "full", None, None, None)
    reasons = sufficient_reasons(fixture_kb(), scenario_of(point), "leverage:state_ownership")
    assert [list(r) for r in reasons.reasons] == [["fact:company.state_ownership=full"]]
    changes = minimal_changes(fixture_kb(), scenario_of(point), "leverage:investors")
    # Listing it alone would break the constraint: the state's ownership must change too.
    assert {("company.publicly_traded", True)} not in [
        {(c.path, c.after) for c in group} for group in changes.changes
    ]
    assert any(
        {c.path for c in group} == {"company.state_ownership", "company.publicly_traded"}
        for group in changes.changes
    )


# ---- the shipped knowledge base: the bundled examples ----------------------------------------

#: Conclusions whose space (over the paths their rules read) has few enough points to list.
MAX_POINTS = 3000


def real_kb() -> KnowledgeBase:
    return load_knowledge_base()


def enumerable(kb: KnowledgeBase) -> list[str]:
    constraints = load_constraints(sections=kb.sections)
    found = []
    for cid in kb.conclusions:
        space = space_for(kb, cid, constraints)
        size = 1
        for var in space.vars:
            size *= len(var.values)
        if size <= MAX_POINTS:
            found.append(cid)
    return found


def space_points(kb: KnowledgeBase, cid: str) -> Iterator[tuple[Any, ...]]:
    space = space_for(kb, cid, load_constraints(sections=kb.sections))
    return itertools.product(*space.root)


@functools.cache
def real_table(cid: str) -> tuple[list[tuple[Any, ...]], list[bool], list[bool]]:
    kb = real_kb()
    constraints = load_constraints(sections=kb.sections)
    space = space_for(kb, cid, constraints)
    points = list(space_points(kb, cid))
    facts = [space.facts(p) for p in points]
    # The indexed evaluator for speed here (the fixture's oracle above runs the reference
    # one; tests/test_indexed.py holds the two to the same firings).
    reasonings = reason_many(kb, facts, IndexedEvaluator())
    concluded = [any(cid in f.concludes for f in r.firings) for r in reasonings]
    allowed = [not any(c.broken_by(f) for c in constraints) for f in facts]
    return points, concluded, allowed


def test_the_sample_of_real_conclusions_is_wide() -> None:
    sample = enumerable(real_kb())
    kinds = {cid.split(":")[0] for cid in sample}
    assert len(sample) >= 40
    assert kinds >= {"challenge", "leverage", "strategy", "contact", "step", "precedent"}


@pytest.mark.parametrize("example", EXAMPLES, ids=lambda p: p.stem)
def test_real_reasons_hold_for_every_completion(example: Path) -> None:
    """On the shipped rules, each reason of each enumerable conclusion holds at every allowed
    point consistent with it, and dropping any one of its facts lets some point fail; a
    conclusion that is advised has a reason, or the scenario's whole point is a counterexample
    to every set of its facts (checked by the oracle on the fixture above)."""
    kb = real_kb()
    scenario = load_scenario(example)
    constraints = load_constraints(sections=kb.sections)
    for cid in enumerable(kb)[::3]:
        space = space_for(kb, cid, constraints)
        points, concluded, allowed = real_table(cid)
        reasons = sufficient_reasons(kb, scenario, cid)
        assert reasons.complete
        premises = scenario_premises(space, scenario.facts())
        here = space.point_of(scenario.facts())
        assert reasons.advised == concluded[points.index(here)]

        table = (space, points, concluded, allowed)
        if reasons.advised:
            assert holds(table, premises), cid
        for reason in reasons.reasons:
            assert holds(table, reason), (cid, reason)
            for left_out in reason:
                assert not holds(table, [p for p in reason if p is not left_out]), (cid, reason)


def holds(table: Any, kept: Sequence[Premise]) -> bool:
    """Whether every allowed point consistent with ``kept`` concludes (brute force)."""
    space, points, concluded, allowed = table
    box = space.root
    for premise in kept:
        box = _restrict(space, premise, box)
    return all(
        concluded[i]
        for i, point in enumerate(points)
        if allowed[i] and all(v in d for v, d in zip(point, box, strict=True))
    )


def _restrict(space: Any, premise: Premise, box: Any) -> Any:
    from rightsrules.explain.minimal import _restrict as restrict

    return restrict(space, premise, box)


@pytest.mark.parametrize("example", EXAMPLES, ids=lambda p: p.stem)
def test_real_changes_flip_and_no_part_of_them_does(example: Path) -> None:
    """Each change set applied to the scenario and re-assessed (the whole pipeline, from the
    scenario) flips the conclusion; without any one of its changes, it does not, or is a
    scenario no one can be in (it breaks a constraint, as a listed company the state owns
    outright would)."""
    kb = real_kb()
    constraints = load_constraints(sections=kb.sections)
    scenario = load_scenario(example)
    engine = ReferenceEvaluator()
    from rightsrules.explain._reassess import reassess

    base = reassess(kb, scenario, engine)
    for cid in list(kb.conclusions)[::4]:
        changes = minimal_changes(kb, scenario, cid)
        assert changes.advised == (cid in base)
        for group in changes.changes[:6]:
            values = {c.path: c.after for c in group}
            assert (cid in reassess(kb, scenario.with_values(values), engine)) != changes.advised
            for left_out in group:
                part = scenario.with_values({p: v for p, v in values.items() if p != left_out.path})
                if any(c.broken_by(part.facts()) for c in constraints):
                    continue
                flipped = cid in reassess(kb, part, engine)
                assert flipped == changes.advised, (cid, group, left_out)


@pytest.mark.parametrize("cid", ["strategy:investor_engagement", "contact:legal"])
def test_paths_outside_the_cone_are_irrelevant(cid: str) -> None:
    """Changing any path the conclusion's rules do not read, to any value the questions try,
    never changes whether it is concluded (on every bundled example)."""
    from rightsrules.explain.questions import probe_values

    kb = real_kb()
    inside = set(cone_paths(kb, cid, load_constraints(sections=kb.sections)))
    named = {p: [v for v in vs] for p, vs in space_for(kb, cid).named.items()}
    engine = IndexedEvaluator()
    for example in EXAMPLES:
        facts = load_scenario(example).facts()
        (before,) = reason_many(kb, [facts], engine)
        expected = any(cid in f.concludes for f in before.firings)
        variants = []
        for path, field in FIELDS.items():
            if path in inside or field.required:
                continue
            for value in (None, *probe_values(field, named.get(path, []))):
                changed = dict(facts)
                if value is None:
                    changed.pop(path, None)
                else:
                    changed[path] = value
                variants.append(changed)
        for reasoning in reason_many(kb, variants, engine):
            assert any(cid in f.concludes for f in reasoning.firings) == expected
