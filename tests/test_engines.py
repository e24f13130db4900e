"""One engine interface: every entry point runs the default engine unless told otherwise, the
batch asks for its engine by name, and every engine gives the same advice."""

from __future__ import annotations

import importlib
import re
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings

import rightsrules
from rightsrules import (
    Advice,
    Evaluator,
    IndexedEvaluator,
    KnowledgeBase,
    ReferenceEvaluator,
    assess,
    assess_many,
    engines,
    load_knowledge_base,
)
from rightsrules.engines import ENGINES, default_evaluator, durable_available, evaluator_named
from rightsrules.errors import EngineError, InputError
from rightsrules.rulecases import parse_test_file, run_case

from .strategies import scenario_dicts

ISP = {"company": {"name": "Example Net", "type": "isp"}}
SOURCE = Path(rightsrules.__file__).parent
#: The modules whose entry points fall back on the default engine.
CALLERS = [
    importlib.import_module(f"rightsrules.{name}")
    for name in ("api", "rulecases", "explain.what_if", "engines")
]


@pytest.fixture(scope="module")
def kb() -> KnowledgeBase:
    return load_knowledge_base()


def test_every_engine_is_found_by_its_name() -> None:
    for name in ENGINES:
        if name == "durable" and not durable_available():
            with pytest.raises(EngineError, match="not available"):
                evaluator_named(name)
            continue
        evaluator: Evaluator = evaluator_named(name)
        assert evaluator.name == {"durable": "durable_rules"}.get(name, name)
    with pytest.raises(InputError, match="no engine is called 'drools'"):
        evaluator_named("drools")


def test_the_default_engine_is_durable_wherever_it_imports() -> None:
    expected = "durable_rules" if durable_available() else "reference"
    assert default_evaluator().name == expected
    assert rightsrules.default_evaluator is default_evaluator


@pytest.fixture
def spy_default(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Make the default engine the indexed evaluator, noting each time it is asked for, in the
    one place every entry point asks."""
    asked: list[str] = []

    def spy() -> Evaluator:
        asked.append("default")
        return IndexedEvaluator()

    for module in CALLERS:
        assert module.default_evaluator is default_evaluator  # the one function, imported
        monkeypatch.setattr(module, "default_evaluator", spy)
    return asked


def test_single_assessments_run_the_default_engine(
    spy_default: list[str], kb: KnowledgeBase
) -> None:
    advice = assess(ISP, kb)
    assert spy_default == ["default"]
    assert advice.engine == "indexed"
    # What-if and questions on an advice reuse its engine; from a scenario, the default.
    assert advice.what_if({"company.size": "large"}).after.engine == "indexed"
    advice.questions()
    assert spy_default == ["default"]
    assert rightsrules.what_if(ISP, {"company.size": "large"}, kb).after.engine == "indexed"
    assert spy_default == ["default", "default"]


def test_rule_tests_run_the_default_engine(spy_default: list[str], kb: KnowledgeBase) -> None:
    (case,) = parse_test_file(
        "cases:\n  - name: an ISP\n    scenario: {company: {name: N, type: isp}}\n"
        "    expect: {includes: [challenge:net_neutrality]}\n",
        file="demo.yaml",
    )
    assert run_case(case, kb).passed
    assert spy_default == ["default"]


def test_the_batch_asks_for_its_engine_by_name(spy_default: list[str], kb: KnowledgeBase) -> None:
    assert rightsrules.batch.BATCH_ENGINE == "indexed"
    (advice,) = assess_many([ISP], kb)
    assert isinstance(advice, Advice)
    assert advice.engine == "indexed"
    assert spy_default == []  # not the default: the batch's own, named engine
    assert engines.evaluator_named is evaluator_named


@settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(scenario_dicts())
def test_every_engine_gives_the_same_advice(kb: KnowledgeBase, data: dict[str, Any]) -> None:
    """Conclusions, ranks (ranking runs in the engine too), proofs: the same JSON."""
    expected = assess(data, kb, evaluator=ReferenceEvaluator())
    others: list[Evaluator] = [IndexedEvaluator()]
    if durable_available():
        others.append(evaluator_named("durable"))
    for evaluator in others:
        advice = assess(data, kb, evaluator=evaluator)
        assert advice.engine == evaluator.name
        assert advice.to_json() == expected.to_json()
        assert advice.inference.adjustments == expected.inference.adjustments


def test_durable_rules_is_imported_in_one_module_only() -> None:
    importing = re.compile(r"^\s*(import durable|from durable)|import_module\(\"durable", re.M)
    found = sorted(
        str(path.relative_to(SOURCE))
        for path in SOURCE.rglob("*.py")
        if importing.search(path.read_text(encoding="utf-8"))
    )
    assert found == ["engines/durable.py"]
