"""Properties that hold for every input: the advice is a function of the scenario's content
(not of key order, rule-file order or the run), its proofs are well-founded, scenarios
round-trip, and no byte string makes the loaders fail with anything but a typed error."""

from __future__ import annotations

import io
import json
import random
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from ruamel.yaml import YAML

from rightsrules import (
    KnowledgeBase,
    RightsRulesError,
    Scenario,
    assess,
    load_knowledge_base,
    load_rule_file,
    parse_rule_file,
    parse_scenario,
)
from rightsrules.cli.interview_cmd import dump_scenario
from rightsrules.engines.indexed import IndexedEvaluator
from rightsrules.engines.reference import ReferenceEvaluator
from rightsrules.graph import well_founded
from rightsrules.knowledge import builtin_rules_dir

from .strategies import document_bytes, scenario_dicts

INDEXED = IndexedEvaluator()
REFERENCE = ReferenceEvaluator()
FIXTURE = settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)


@pytest.fixture(scope="module")
def shipped() -> KnowledgeBase:
    return load_knowledge_base()


def shuffled(data: Any, rng: random.Random) -> Any:
    """The same mapping with its keys (at every level) in another order."""
    if isinstance(data, dict):
        keys = list(data)
        rng.shuffle(keys)
        return {key: shuffled(data[key], rng) for key in keys}
    return data


@FIXTURE
@given(scenario_dicts(), st.randoms(use_true_random=False))
def test_advice_is_deterministic_and_independent_of_key_order(
    shipped: KnowledgeBase, data: dict[str, Any], rng: random.Random
) -> None:
    first = assess(data, shipped, evaluator=INDEXED).to_json()
    assert assess(data, shipped, evaluator=INDEXED).to_json() == first
    assert assess(shuffled(data, rng), shipped, evaluator=INDEXED).to_json() == first
    assert assess(data, shipped, evaluator=REFERENCE).to_json() == first


RULE_FILES = sorted(p for p in builtin_rules_dir().iterdir() if p.suffix == ".yaml")


@settings(max_examples=15, deadline=None)
@given(st.permutations(RULE_FILES), scenario_dicts())
def test_advice_is_independent_of_rule_file_order(order: list[Path], data: dict[str, Any]) -> None:
    canonical = load_knowledge_base(RULE_FILES, builtin=False)
    permuted = load_knowledge_base(order, builtin=False)
    assert [rule.id for rule in permuted.rules] == [rule.id for rule in canonical.rules]
    assert permuted.version == canonical.version
    assert (
        assess(data, permuted, evaluator=INDEXED).to_json()
        == assess(data, canonical, evaluator=INDEXED).to_json()
    )


@FIXTURE
@given(scenario_dicts())
def test_proofs_are_well_founded(shipped: KnowledgeBase, data: dict[str, Any]) -> None:
    advice = assess(data, shipped, evaluator=INDEXED)
    assert well_founded(advice.graph)
    ids = set(advice.ids)
    for conclusion in advice:
        for derivation in conclusion.derivations:
            for premise in derivation.premises:
                assert premise.startswith("fact:") or premise in ids


@settings(max_examples=100, deadline=None)
@given(scenario_dicts())
def test_scenarios_round_trip_through_dicts_json_and_yaml(data: dict[str, Any]) -> None:
    scenario = Scenario.from_dict(data)
    plain = scenario.to_dict()
    assert Scenario.from_dict(plain) == scenario
    assert parse_scenario(json.dumps(plain, ensure_ascii=False), file="s.json") == scenario
    # Block style, as rightsrules writes scenarios (the interview): ruamel's flow style writes
    # a name such as "?0" as {name: ?0}, which its own parser then refuses.
    yaml = YAML(typ="safe", pure=True)
    yaml.default_flow_style = False
    text = io.StringIO()
    yaml.dump(plain, text)
    assert parse_scenario(text.getvalue(), file="s.yaml") == scenario
    assert parse_scenario(dump_scenario(scenario), file="interview.yaml") == scenario


@settings(max_examples=300, deadline=None)
@given(document_bytes())
def test_any_bytes_as_a_scenario_give_a_typed_error_or_a_scenario(raw: bytes) -> None:
    for name in ("s.yaml", "s.json"):
        try:
            scenario = parse_scenario(raw, file=name)
        except RightsRulesError:
            continue
        assert isinstance(scenario, Scenario)


#: Each shipped rule file's rules, read whole: what a file cut short may keep the start of.
WHOLE = {path.read_bytes(): load_rule_file(path).rules for path in RULE_FILES}


def cut_rule_files() -> st.SearchStrategy[tuple[bytes, bytes]]:
    """(a shipped rule file, the same cut short anywhere)."""
    return st.tuples(st.sampled_from(sorted(WHOLE)), st.integers(0, 12_000)).map(
        lambda cut: (cut[0], cut[0][: cut[1]])
    )


@settings(
    max_examples=200, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(st.one_of(document_bytes().map(lambda raw: (b"", raw)), cut_rule_files()))
def test_any_bytes_as_a_rule_file_give_a_typed_error_or_rules(
    tmp_path: Path, whole_and_raw: tuple[bytes, bytes]
) -> None:
    """Refused with a typed error, or read as rules: for a shipped file cut short, its first
    rules (each at its line; the last may have lost the end of a text or a list)."""
    whole, raw = whole_and_raw
    path = tmp_path / "rules.yaml"
    path.write_bytes(raw)
    try:
        read = load_rule_file(path)
    except RightsRulesError:
        return
    assert read.path == str(path)
    assert all(rule.file == str(path) for rule in read.rules)
    assert read == parse_rule_file(raw, file=str(path))
    if whole:
        first = WHOLE[whole][: len(read.rules)]
        assert [(r.id, r.line) for r in read.rules] == [(r.id, r.line) for r in first]


@settings(max_examples=60, deadline=None)
@given(
    scenario_dicts(),
    st.sampled_from(["company", "context", "concern", "organization", "engagement"]),
    st.one_of(st.integers(), st.floats(), st.text(max_size=5), st.lists(st.integers(), max_size=2)),
)
def test_a_damaged_mapping_gives_a_typed_error_or_advice(
    data: dict[str, Any], section: str, junk: Any
) -> None:
    damaged = {**data, section: {**data.get(section, {}), "name": junk}}
    try:
        advice = assess(damaged, load_knowledge_base(), evaluator=INDEXED)
    except RightsRulesError:
        return
    json.loads(advice.to_json())


def test_a_name_that_looks_like_a_yaml_indicator_round_trips_through_what_we_write() -> None:
    """The example Hypothesis found: a name such as "?0" must survive the scenario writer."""
    for name in ("?0", "- x", ": y", "#z", "&a", "*b", "!t", "%p", "@q", "`r", "'s", '"t'):
        scenario = Scenario.from_dict({"company": {"name": name, "type": "isp"}})
        assert parse_scenario(dump_scenario(scenario), file="interview.yaml") == scenario
