"""Guesses: a rule that goes on as if it knew an unknown fact says so in ``assumptions``.

A small knowledge base of its own (the fixture catalogue, rules written here): a presumed
size, a guess that a chained conclusion inherits, and a rule that fires *because* a fact is
unknown, which is not a guess.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from rightsrules import KnowledgeBase, ReferenceEvaluator, assess, load_knowledge_base
from rightsrules._json import compact
from rightsrules.advice import advice_json
from rightsrules.conditions import ConditionError, Op, parse_condition, to_dnf
from rightsrules.inference import infer
from rightsrules.rulecases import parse_test_file, run_case
from rightsrules.scenario import Scenario

from .advice_model import model_dict
from .conftest import SEED

RULES = """
rules:
  - id: size.presumed-large
    title: A large operator, or one of unknown size taken as large
    when:
      all:
        - company.type: mobile_network_operator
        - any: [{company.size: large}, {guess: {unknown: company.size}}]
    then: [leverage:investors]
    because: Fixture presumption.
    sources: [appendix.mno]
  - id: investors.engage
    title: Engage investors
    when: {concluded: "leverage:investors"}
    then: [strategy:investor_engagement]
    because: Fixture chain.
    sources: [appendix.mno]
  - id: size.find-out
    title: Find out the size
    when: {unknown: company.size}
    then: [step:map_local_law]
    because: Fixture reason given because a fact is unknown.
    sources: [II.a]
  - id: mno.default-licensed
    title: Operators are usually licensed
    when: {company.type: mobile_network_operator}
    assume: {company.licensed: true}
    because: Fixture default.
    sources: [I.company-types.mno]
  - id: licence.and-size
    title: Licence and a guessed size
    when:
      all:
        - company.licensed: true
        - guess: {not: {company.size: small}}
    then: [leverage:government_licence]
    because: Fixture default and guess together.
    sources: [I.company-types.mno]
"""

MNO: dict[str, Any] = {"company": {"name": "Example Mobile", "type": "mobile_network_operator"}}
REFERENCE = ReferenceEvaluator()


@pytest.fixture(scope="module")
def kb(tmp_path_factory: pytest.TempPathFactory) -> KnowledgeBase:
    folder: Path = tmp_path_factory.mktemp("guess-rules")
    (folder / "guess.yaml").write_text(RULES, encoding="utf-8")
    return load_knowledge_base([folder], builtin=False, facts_dir=SEED / "facts")


def with_company(**values: object) -> dict[str, Any]:
    return {"company": {**MNO["company"], **values}}


def test_guess_marks_the_literals_under_it_and_nothing_else() -> None:
    condition = parse_condition(
        {"all": [{"company.type": "isp"}, {"guess": {"not": {"company.size": "small"}}}]}
    )
    ((type_literal, size_literal),) = to_dnf(condition)
    assert not type_literal.guess
    assert size_literal.guess
    assert size_literal.op is Op.NE
    assert size_literal.describe() == "company.size != small (a guess)"


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"guess": {"guess": {"unknown": "company.size"}}}, "another 'guess'"),
        ({"guess": {"concluded": "leverage:investors"}}, "scenario facts only"),
        ({"guess": "company.size"}, "a condition is a mapping"),
    ],
)
def test_malformed_guesses_say_what_is_wrong(data: object, message: str) -> None:
    with pytest.raises(ConditionError, match=message):
        parse_condition(data)


def test_an_unknown_taken_as_a_value_is_an_assumption_and_chains(kb: KnowledgeBase) -> None:
    advice = assess(MNO, kb, evaluator=REFERENCE)
    assert advice["leverage:investors"].assumptions == ("company.size",)
    assert advice["leverage:investors"].derivations[0].premises == (
        "fact:company.type=mobile_network_operator",
        "fact:company.size=unknown",
    )
    assert advice["strategy:investor_engagement"].assumptions == ("company.size",)
    assert [(g.path, g.rule) for g in advice.guesses] == [("company.size", "size.presumed-large")]


def test_a_known_value_is_no_guess(kb: KnowledgeBase) -> None:
    advice = assess(with_company(size="large"), kb, evaluator=REFERENCE)
    assert advice["leverage:investors"].assumptions == ()
    assert advice["strategy:investor_engagement"].assumptions == ()
    assert "step:map_local_law" not in advice


def test_a_guess_under_not_on_a_known_value_is_still_a_guess(kb: KnowledgeBase) -> None:
    """``guess: {not: {company.size: small}}`` held on a known medium size: the rule went on
    as if that were enough, which the rule author marked as a guess. Defaults come first."""
    advice = assess(with_company(size="medium"), kb, evaluator=REFERENCE)
    assert advice["leverage:government_licence"].assumptions == (
        "company.licensed",
        "company.size",
    )


def test_advice_given_because_a_fact_is_unknown_is_not_an_assumption(
    kb: KnowledgeBase,
) -> None:
    advice = assess(MNO, kb, evaluator=REFERENCE)
    assert advice["step:map_local_law"].assumptions == ()


@pytest.mark.parametrize("size", [None, "small", "medium", "large"])
def test_the_batch_line_writes_the_same_assumptions(kb: KnowledgeBase, size: str | None) -> None:
    data = with_company(size=size) if size else MNO
    inference = infer(kb, Scenario.from_dict(data), REFERENCE)
    advice = assess(data, kb, evaluator=REFERENCE)
    assert advice_json(kb, inference.reasoning) == compact(model_dict(advice))


def test_rule_tests_can_expect_assumptions(kb: KnowledgeBase) -> None:
    cases = parse_test_file(
        """
cases:
  - name: the presumed size is marked
    scenario: {company: {name: Example Mobile, type: mobile_network_operator}}
    expect:
      assumes:
        leverage:investors: [company.size]
        step:map_local_law: []
  - name: a wrong expectation fails on its own line
    scenario: {company: {name: Example Mobile, type: mobile_network_operator}}
    expect:
      assumes:
        leverage:investors: []
""",
        file="guess-tests.yaml",
    )
    passing, failing = (run_case(case, kb, evaluator=REFERENCE) for case in cases)
    assert passing.passed, passing.failures
    assert not failing.passed
    (failure,) = failing.failures
    assert failure.line == 13
    assert "expected leverage:investors to assume [], but it assumes company.size" in str(failure)
