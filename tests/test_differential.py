"""Differential tests: the durable_rules engine gives exactly the reference evaluator's
firings (rules, alternatives, premises, order) on generated programs and facts."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from rightsrules.engines.durable import durable_available
from rightsrules.engines.program import Program
from rightsrules.engines.reference import ReferenceEvaluator
from rightsrules.scenario import FactValue, Scenario

from .strategies import fact_dicts, programs, scenario_dicts

pytestmark = pytest.mark.skipif(not durable_available(), reason="durable_rules is not installed")

REFERENCE = ReferenceEvaluator()
SETTINGS = settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def durable_run(program: Program, facts: dict[str, FactValue]) -> list[object]:
    from rightsrules.engines.durable import DurableEvaluator

    return list(DurableEvaluator().run(program, facts))


@SETTINGS
@given(st.data())
def test_durable_matches_reference_on_generated_facts(data: st.DataObject) -> None:
    program = data.draw(programs())
    paths = tuple(
        dict.fromkeys(
            lit.path for r in program.rules for c in r.conjunctions for lit in c if lit.path
        )
    )
    for _ in range(3):  # several scenarios through one compiled program
        facts = data.draw(fact_dicts(paths))
        assert durable_run(program, facts) == REFERENCE.run(program, facts)


@SETTINGS
@given(programs(), scenario_dicts())
def test_durable_matches_reference_on_generated_scenarios(
    program: Program, scenario: dict[str, dict[str, object]]
) -> None:
    facts = Scenario.from_dict(scenario).facts()
    assert durable_run(program, facts) == REFERENCE.run(program, facts)


@SETTINGS
@given(programs(), st.lists(scenario_dicts(), max_size=6), st.integers(1, 4))
def test_scenarios_sharing_sessions_match_reference(
    program: Program, scenarios: list[dict[str, dict[str, object]]], per_session: int
) -> None:
    from rightsrules.engines.durable import DurableEvaluator

    facts = [Scenario.from_dict(scenario).facts() for scenario in scenarios]
    got = DurableEvaluator().run_many(program, facts, per_session=per_session)
    assert got == [REFERENCE.run(program, one) for one in facts]


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.data())
def test_many_scenarios_in_one_session_match_reference(data: st.DataObject) -> None:
    """Up to a few hundred scenarios share one session, so that each cap rule's action
    receives many matches at once, of many scenarios, chained rules included."""
    from rightsrules.engines.durable import DurableEvaluator

    program = data.draw(programs())
    paths = tuple(
        dict.fromkeys(
            lit.path for r in program.rules for c in r.conjunctions for lit in c if lit.path
        )
    )
    facts = data.draw(st.lists(fact_dicts(paths), min_size=20, max_size=300))
    got = DurableEvaluator().run_many(program, facts)
    assert got == [REFERENCE.run(program, one) for one in facts]
