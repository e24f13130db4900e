"""The linter's reasoning about conditions, checked against brute force: a conjunction it calls
impossible has no scenario that satisfies it, and when it says one condition implies another,
every scenario satisfying the first satisfies the second."""

from __future__ import annotations

import itertools
from collections.abc import Iterator, Sequence

from hypothesis import given, settings
from hypothesis import strategies as st

from rightsrules.conditions import Literal, Truth
from rightsrules.lint.logic import conflict, conjunction_implies
from rightsrules.scenario import FactValue
from rightsrules.vocabulary import FIELDS, FieldKind

from .strategies import literals

PATHS = ("company.size", "company.licensed", "company.departments", "company.name")


def _domain(path: str, conjunctions: Sequence[Sequence[Literal]]) -> list[FactValue | None]:
    field = FIELDS[path]
    if field.kind is FieldKind.BOOL:
        return [None, True, False]
    if field.is_list:
        items = field.allowed
        subsets = itertools.chain.from_iterable(
            itertools.combinations(items, n) for n in range(len(items) + 1)
        )
        return [None, *subsets]
    if field.allowed:
        return [None, *field.allowed]
    mentioned = {v for conj in conjunctions for lit in conj if lit.path == path for v in lit.values}
    return [None, "a value no rule names", *sorted(map(str, mentioned))]


def scenarios(*conjunctions: Sequence[Literal]) -> Iterator[dict[str, FactValue]]:
    domains = [_domain(path, conjunctions) for path in PATHS]
    for values in itertools.product(*domains):
        yield {path: value for path, value in zip(PATHS, values, strict=True) if value is not None}


def holds(conjunction: Sequence[Literal], facts: dict[str, FactValue]) -> bool:
    return all(lit.truth(facts, frozenset()) is Truth.TRUE for lit in conjunction)


conjunctions = st.lists(literals(PATHS, ()), min_size=1, max_size=4)


@settings(max_examples=300, deadline=None)
@given(conjunctions)
def test_a_conjunction_called_impossible_has_no_satisfying_scenario(
    conjunction: list[Literal],
) -> None:
    if conflict(conjunction) is not None:
        assert not any(holds(conjunction, facts) for facts in scenarios(conjunction))


@settings(max_examples=300, deadline=None)
@given(conjunctions)
def test_a_conjunction_with_no_satisfying_scenario_is_called_impossible(
    conjunction: list[Literal],
) -> None:
    # Complete for single-valued paths and known/unknown; list paths are judged item by item,
    # so only check the paths where the linter claims completeness.
    if any(FIELDS[lit.path].is_list for lit in conjunction):
        return
    if not any(holds(conjunction, facts) for facts in scenarios(conjunction)):
        assert conflict(conjunction) is not None


@settings(max_examples=300, deadline=None)
@given(conjunctions, conjunctions)
def test_implication_is_sound(mine: list[Literal], theirs: list[Literal]) -> None:
    if conflict(mine) is None and conjunction_implies(mine, theirs):
        for facts in scenarios(mine, theirs):
            if holds(mine, facts):
                assert holds(theirs, facts), facts
