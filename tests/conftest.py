"""Shared fixtures: a small knowledge base of its own, independent of the shipped rules."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from hypothesis import settings

from rightsrules import KnowledgeBase, ReferenceEvaluator, load_knowledge_base

# CI runs the property tests on a fixed sequence of examples, so a red run always reproduces;
# local runs explore new examples each time. HYPOTHESIS_PROFILE overrides either.
settings.register_profile("ci", derandomize=True, deadline=None)
settings.register_profile("dev", deadline=None)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "ci" if os.environ.get("CI") else "dev"))

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
