"""The library's own errors: whatever data is given to the public API, it answers with advice
or raises a :class:`~rightsrules.RightsRulesError` subclass naming the key; never a
``TypeError`` from deep inside, never a ``RecursionError``, whatever the keys' types, however
deep the data, even when it holds itself.
"""

from __future__ import annotations

import json
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from rightsrules import (
    Advice,
    ReferenceEvaluator,
    RightsRulesError,
    Scenario,
    ScenarioError,
    advise_lines,
    assess,
    assess_many,
    what_if,
)
from rightsrules.scenario import parse_value

REFERENCE = ReferenceEvaluator()


def base() -> dict[str, Any]:
    return {"company": {"name": "Example Net", "type": "isp"}}


# --- keys that are not text ----------------------------------------------------------------


def section(key: Any) -> dict[Any, Any]:
    """A valid scenario with one more section, under ``key``."""
    data: dict[Any, Any] = base()
    data[key] = {}
    return data


@pytest.mark.parametrize(
    ("data", "key"),
    [
        (section(1), "1"),
        (section(None), "None"),
        (section(("a",)), "('a',)"),
        (section(b"company"), "b'company'"),
        ({"company": {1: 2, "name": "A", "type": "isp"}}, "company.1"),
        ({"company": {2.5: 1, "name": "A", "type": "isp"}}, "company.2.5"),
        ({"company": {True: 1, "name": "A", "type": "isp"}}, "company.True"),
    ],
)
def test_a_key_that_is_not_text_is_a_scenario_error_naming_it(data: Any, key: str) -> None:
    with pytest.raises(ScenarioError) as caught:
        assess(data, evaluator=REFERENCE)
    assert caught.value.key == key
    assert "a key is text" in str(caught.value)
    # In a batch: the record's error line, and the batch goes on.
    first, second = advise_lines([data, base()], evaluator=REFERENCE)
    assert json.loads(first)["key"] == key
    assert "scenario" in json.loads(second)


def test_a_path_that_is_not_text_is_a_scenario_error() -> None:
    scenario = Scenario.from_dict(base())
    for call in (
        lambda: scenario.with_values({1: "x"}),  # type: ignore[dict-item]
        lambda: scenario.get(1),  # type: ignore[arg-type]
        lambda: scenario.get(("company", "name")),  # type: ignore[arg-type]
        lambda: parse_value(None, "x"),  # type: ignore[arg-type]
    ):
        with pytest.raises(ScenarioError, match="a key is text"):
            call()


# --- data that holds itself ------------------------------------------------------------------


def cycles() -> list[tuple[str, dict[str, Any]]]:
    cases = []
    data = base()
    data["context"] = data
    cases.append(("a section that is the scenario", data))
    data = base()
    data["company"]["departments"] = [data]
    cases.append(("a list item that is the scenario", data))
    data = base()
    loop: list[Any] = []
    loop.append(loop)
    data["company"]["departments"] = loop
    cases.append(("a list that holds itself", data))
    data = base()
    data["company"]["name"] = data
    cases.append(("a name that is the scenario", data))
    data = base()
    inner: dict[str, Any] = {}
    inner["me"] = inner
    data["context"] = {"country": inner}
    cases.append(("a value that holds itself", data))
    return cases


@pytest.mark.parametrize(("name", "data"), cycles(), ids=[name for name, _ in cycles()])
def test_data_that_holds_itself_is_a_scenario_error(name: str, data: dict[str, Any]) -> None:
    with pytest.raises(ScenarioError) as caught:
        assess(data, evaluator=REFERENCE)
    assert caught.value.key is not None
    (line,) = advise_lines([data], evaluator=REFERENCE)
    assert "internal error" not in json.loads(line)["error"]
    (result,) = assess_many([data], evaluator=REFERENCE)
    assert not isinstance(result, Advice)


def test_a_change_that_holds_itself_is_a_scenario_error() -> None:
    advice = assess(base(), evaluator=REFERENCE)
    loop: list[Any] = []
    loop.append(loop)
    with pytest.raises(ScenarioError) as caught:
        what_if(advice, {"company.departments": loop})
    assert caught.value.key is not None and caught.value.key.startswith("company.departments")


def test_a_value_nested_thousands_deep_is_a_scenario_error_not_a_recursion_error() -> None:
    deep: Any = "x"
    for _ in range(20_000):
        deep = [deep]
    data = base()
    data["company"]["name"] = deep
    with pytest.raises(ScenarioError) as caught:
        assess(data, evaluator=REFERENCE)
    assert caught.value.key == "company.name"
    with pytest.raises(ScenarioError):
        Scenario.from_dict(base()).with_values({"company.name": deep})


def test_an_integer_too_long_to_print_is_shown_in_the_message_all_the_same() -> None:
    data = base()
    data["company"]["name"] = 10**5000
    with pytest.raises(ScenarioError, match="a number too long to show") as caught:
        assess(data, evaluator=REFERENCE)
    assert caught.value.key == "company.name"


# --- anything at all -------------------------------------------------------------------------

keys = st.one_of(
    st.text(max_size=8),
    st.sampled_from(["company", "name", "type", "context", "country", "departments"]),
    st.integers(),
    st.none(),
    st.booleans(),
    st.floats(allow_nan=False),
    st.binary(max_size=4),
    st.tuples(st.integers()),
)
leaves = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(),
    st.floats(),
    st.text(max_size=10),
    st.sampled_from(["isp", "cloud_company", "KE", "ß", "legal"]),
    st.binary(max_size=4),
)
junk = st.recursive(
    leaves, lambda inner: st.lists(inner, max_size=4) | st.dictionaries(keys, inner, max_size=4)
)


@settings(max_examples=300, deadline=None)
@given(
    junk,
    st.sampled_from(["top", "company", "section", "name", "departments"]),
    st.booleans(),
)
def test_any_data_gives_advice_or_a_rightsrules_error(value: Any, where: str, loop: bool) -> None:
    data: Any = base()
    if where == "top":
        data = value if not isinstance(value, dict) else {**value, **base()}
    elif where == "company":
        data["company"] = value
    elif where == "section":
        data["context"] = value
    elif where == "name":
        data["company"]["name"] = value
    else:
        data["company"]["departments"] = value
    if loop and isinstance(data, dict):
        data.setdefault("engagement", data)
    try:
        result = assess(data, evaluator=REFERENCE)
    except RightsRulesError as error:
        assert str(error)
    else:
        assert isinstance(result, Advice)
    for line in advise_lines([data], evaluator=REFERENCE):
        answer = json.loads(line)
        assert "internal error" not in answer.get("error", "")


MOBILE = {"company": {"name": "Example Mobile", "type": "mobile_network_operator"}}


def test_of_kind_with_a_misspelt_kind_is_a_typed_error_with_a_suggestion() -> None:
    from rightsrules import UnknownConclusionError

    advice = assess(MOBILE)
    with pytest.raises(UnknownConclusionError, match=r"did you mean 'strategy'\?"):
        advice.of_kind("strategies")
    with pytest.raises(UnknownConclusionError, match="the kinds are scope, challenge"):
        advice.of_kind("tactic")
    assert advice.of_kind("precedent") == ()  # a known kind with nothing advised
    assert advice.of_kind("strategy")


def test_a_misspelt_conclusion_id_gets_a_suggestion_and_a_known_one_says_it_is_not_advised() -> (
    None
):
    from rightsrules import UnknownConclusionError

    advice = assess(MOBILE)
    with pytest.raises(UnknownConclusionError, match="did you mean 'strategy:investor_engagement'"):
        advice["strategy:investors_engagement"]
    with pytest.raises(UnknownConclusionError, match="is not in this advice"):
        advice["strategy:escalate_publicly"]


def test_the_cli_suggests_the_conclusion_id_meant(capsys: pytest.CaptureFixture[str]) -> None:
    from rightsrules.cli import main
    from rightsrules.knowledge import builtin_facts_dir

    example = str(builtin_facts_dir() / "examples" / "mno-network-shutdown.yaml")
    assert main(["explain", example, "strategy:investors_engagement"]) == 2
    assert "did you mean 'strategy:investor_engagement'?" in capsys.readouterr().err


def test_ordinary_python_values_are_accepted() -> None:
    """A scenario read by a common YAML library holds dates as datetime.date; a program may
    build lists as tuples and sections as any mapping."""
    import datetime
    import types

    data = {
        "company": types.MappingProxyType(
            {"name": "Example Net", "type": "isp", "departments": ("legal", "policy")}
        ),
        "engagement": {"response_deadline": datetime.date(2030, 1, 31)},
    }
    advice = assess(types.MappingProxyType(data))
    assert advice.understood.get("engagement.response_deadline") == "2030-01-31"
    assert advice.understood.get("company.departments") == ("legal", "policy")
    (line,) = advise_lines([data])
    assert json.loads(line)["scenario"]["engagement"] == {"response_deadline": "2030-01-31"}


def test_a_moment_is_not_a_day() -> None:
    import datetime

    data = {
        "company": {"name": "Example Net", "type": "isp"},
        "engagement": {"response_deadline": datetime.datetime(2030, 1, 31, 9, 30)},
    }
    with pytest.raises(ScenarioError, match=r"engagement\.response_deadline: expected a day"):
        assess(data)
