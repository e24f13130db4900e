"""Conditions: parsing, three-valued evaluation, flattening, premises."""

from __future__ import annotations

import copy
import pickle

import attrs
import pytest

from rightsrules.conditions import (
    MAX_CONJUNCTIONS,
    ConditionError,
    Literal,
    Op,
    Premise,
    Truth,
    evaluate,
    parse_condition,
    to_dnf,
)
from rightsrules.scenario import FactValue

T, F, U = Truth.TRUE, Truth.FALSE, Truth.UNKNOWN


def truth(condition: object, **facts: object) -> Truth:
    flat = {key.replace("__", "."): value for key, value in facts.items()}
    return evaluate(parse_condition(condition), flat, {"leverage:investors"})  # type: ignore[arg-type]


def test_a_test_of_an_unknown_path_is_unknown_and_so_is_its_negation() -> None:
    assert truth({"company.size": "large"}) is U
    assert truth({"not": {"company.size": "large"}}) is U
    assert truth({"not": {"company.size": "large"}}, company__size="small") is T


def test_kleene_all_and_any() -> None:
    both = {"all": [{"company.size": "large"}, {"company.licensed": True}]}
    either = {"any": [{"company.size": "large"}, {"company.licensed": True}]}
    assert truth(both, company__licensed=False) is F
    assert truth(both, company__licensed=True) is U
    assert truth(either, company__licensed=True) is T
    assert truth(either, company__licensed=False) is U


def test_known_and_unknown_are_never_unknown() -> None:
    assert truth({"known": "company.size"}) is F
    assert truth({"unknown": "company.size"}) is T


def test_list_paths_test_membership_and_emptiness() -> None:
    assert (
        truth({"contains": {"company.departments": "legal"}}, company__departments=("legal",)) is T
    )
    assert truth({"company.departments": "legal"}, company__departments=("policy",)) is F
    assert truth({"company.departments": []}, company__departments=()) is T
    assert truth({"not": {"company.departments": []}}, company__departments=("csr",)) is T


def test_concluded_reads_conclusions() -> None:
    assert truth({"concluded": "leverage:investors"}) is T
    assert truth({"concluded": "leverage:consumers"}) is F


def test_dnf_pushes_negation_into_literals_and_keeps_order() -> None:
    condition = parse_condition(
        {
            "not": {
                "any": [
                    {"company.size": "small"},
                    {"in": {"concern.issue": ["regulation", "data_misuse"]}},
                ]
            }
        }
    )
    assert to_dnf(condition) == (
        (
            Literal(Op.NE, "company.size", ("small",)),
            Literal(Op.NOT_IN, "concern.issue", ("regulation", "data_misuse")),
        ),
    )


def test_premises_name_what_held() -> None:
    (conjunction,) = to_dnf(
        parse_condition(
            {
                "all": [
                    {"in": {"organization.can_offer": ["research", "mapping"]}},
                    {"not": {"concern.issue": "regulation"}},
                    {"unknown": "company.size"},
                    {"known": "company.departments"},
                ]
            }
        )
    )
    facts: dict[str, FactValue] = {
        "organization.can_offer": ("research", "expertise", "mapping"),
        "concern.issue": "data_misuse",
        "company.departments": (),
    }
    assert [lit.premises(facts) for lit in conjunction] == [
        ("fact:organization.can_offer=research", "fact:organization.can_offer=mapping"),
        ("fact:concern.issue!=regulation",),
        ("fact:company.size=unknown",),
        ("fact:company.departments=[]",),
    ]
    shapes = [
        (p.path, p.value, p.negated, p.unknown, p.conclusion)
        for premises in (lit.premises(facts) for lit in conjunction)
        for p in premises
    ]
    assert shapes == [
        ("organization.can_offer", "research", False, False, ""),
        ("organization.can_offer", "mapping", False, False, ""),
        ("concern.issue", "regulation", True, False, ""),
        ("company.size", None, False, True, ""),
        ("company.departments", (), False, False, ""),
    ]


def test_a_premise_is_typed_and_its_string_is_the_json_premise() -> None:
    chained = Literal(Op.CONCLUDED, conclusion="leverage:investors").premises({})
    assert chained == ("leverage:investors",)
    assert (chained[0].conclusion, chained[0].is_fact, chained[0].path) == (
        "leverage:investors",
        False,
        "",
    )
    licensed = Premise.of_fact("company.licensed", False, negated=True)
    assert str(licensed) == "fact:company.licensed!=false"
    assert (licensed.path, licensed.value, licensed.negated) == ("company.licensed", False, True)
    assert Premise.of_fact("company.departments", ("legal", "csr")) == (
        "fact:company.departments=[legal, csr]"
    )
    assert hash(licensed) == hash("fact:company.licensed!=false")


def test_a_premise_is_frozen_and_survives_pickling_and_copying() -> None:
    premise = Premise.of_unknown("company.size")
    with pytest.raises(attrs.exceptions.FrozenInstanceError):
        premise.path = "company.type"
    with pytest.raises(attrs.exceptions.FrozenInstanceError):
        del premise.unknown
    for again in (pickle.loads(pickle.dumps(premise)), copy.deepcopy(premise)):
        assert isinstance(again, Premise)
        assert (again, again.path, again.unknown) == (premise, "company.size", True)


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({}, "a condition is a mapping"),
        ({"al": []}, "did you mean 'all'"),
        ({"all": []}, "non-empty list"),
        ({"company.size": "huge"}, "'huge' is not a value of company.size"),
        ({"company.licensed": "yes"}, "takes true or false"),
        ({"contains": {"company.size": "large"}}, "needs a list path"),
        ({"in": {"company.size": []}}, "non-empty list of values"),
        ({"concluded": "investors"}, "takes a conclusion id"),
        ({"any": [{"not": {"concluded": "leverage:x"}}]}, "cannot stand under 'not'"),
        ({"context.country": "ß"}, "not an ISO 3166-1 alpha-2 country code"),
        ({"context.country": "ﬁ"}, "not an ISO 3166-1 alpha-2 country code"),
        ({"context.country": "XX"}, "not an ISO 3166-1 alpha-2 country code"),
    ],
)
def test_malformed_conditions_say_what_is_wrong(data: object, message: str) -> None:
    with pytest.raises(ConditionError, match=message):
        parse_condition(data)


def test_conditions_that_explode_are_refused() -> None:
    pairs = [{"any": [{"company.size": "small"}, {"company.size": "large"}]}] * 7
    assert MAX_CONJUNCTIONS < 2**7
    with pytest.raises(ConditionError, match="split the rule"):
        to_dnf(parse_condition({"all": pairs}))
