"""Every case in the built-in rules' tests (rules/tests) is one pytest test."""

from __future__ import annotations

import pytest

from rightsrules import KnowledgeBase, ReferenceEvaluator, load_knowledge_base
from rightsrules.knowledge import builtin_rules_dir
from rightsrules.rulecases import RuleCase, load_test_cases, run_case

TESTS_DIR = builtin_rules_dir() / "tests"
CASES = load_test_cases([TESTS_DIR]) if TESTS_DIR.is_dir() else ()


@pytest.fixture(scope="module")
def kb() -> KnowledgeBase:
    return load_knowledge_base(rulepacks=False)


@pytest.mark.parametrize(
    "case", CASES, ids=[f"{case.file.rsplit('/', 1)[-1]}:{case.line}" for case in CASES]
)
def test_rule_case(case: RuleCase, kb: KnowledgeBase) -> None:
    result = run_case(case, kb, evaluator=ReferenceEvaluator())
    assert result.passed, f"{case.location}: {case.name}\n" + "\n".join(map(str, result.failures))
