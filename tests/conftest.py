"""Shared fixtures: a small knowledge base of its own, independent of the shipped rules."""

from __future__ import annotations

from pathlib import Path

import pytest

from rightsrules import KnowledgeBase, ReferenceEvaluator, load_knowledge_base

FIXTURES = Path(__file__).parent / "fixtures"
SEED = FIXTURES / "kb"


@pytest.fixture(scope="session")
def seed_kb() -> KnowledgeBase:
    """The fixture knowledge base: a default, a chain, a conclusion reached two ways, a
    negation, an ``any`` and a ranking rule."""
    return load_knowledge_base([SEED / "rules"], builtin=False, facts_dir=SEED / "facts")


@pytest.fixture(scope="session")
def reference() -> ReferenceEvaluator:
    return ReferenceEvaluator()
