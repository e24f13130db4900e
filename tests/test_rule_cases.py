"""Every case in the built-in rules' tests (rules/tests) is one pytest test."""

from __future__ import annotations

from pathlib import Path

import pytest

from rightsrules import KnowledgeBase, ReferenceEvaluator, load_knowledge_base
from rightsrules.knowledge import builtin_rules_dir
from rightsrules.lint import rule_files
from rightsrules.rulecases import RuleCase, load_test_cases, run_case

TESTS_DIR = builtin_rules_dir() / "tests"
# A missing folder raises here, so the module fails to collect instead of passing with no case.
CASES = load_test_cases([TESTS_DIR])


@pytest.fixture(scope="module")
def kb() -> KnowledgeBase:
    return load_knowledge_base(rulepacks=False)


@pytest.mark.parametrize(
    "case", CASES, ids=[f"{case.file.rsplit('/', 1)[-1]}:{case.line}" for case in CASES]
)
def test_rule_case(case: RuleCase, kb: KnowledgeBase) -> None:
    result = run_case(case, kb, evaluator=ReferenceEvaluator())
    assert result.passed, f"{case.location}: {case.name}\n" + "\n".join(map(str, result.failures))


def test_every_rule_file_has_its_cases() -> None:
    """Each rules/NN-area.yaml has rules/tests/NN-area.yaml, and it holds cases."""
    with_cases = {Path(case.file).name for case in CASES}
    for path in rule_files([builtin_rules_dir()]):
        assert path.name in with_cases, f"no case in {TESTS_DIR / path.name}"
