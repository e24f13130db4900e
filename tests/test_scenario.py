"""The scenario model: unknown is not false, YAML 1.2, validation, round trips."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings

from rightsrules import Scenario, ScenarioError, load_scenario, parse_scenario
from rightsrules.scenario import MAX_LIST_ITEMS, parse_value, plain_facts
from rightsrules.vocabulary import FIELDS, CompanyType

from .strategies import ODD_VALUES, near_scenario_data

BASE = "company:\n  name: Example\n  type: isp\n"


def test_absent_keys_are_unknown_not_false() -> None:
    scenario = parse_scenario(BASE)
    assert scenario.company.licensed is None
    assert scenario.get("company.licensed") is None
    assert "company.licensed" not in scenario.facts()
    assert parse_scenario(BASE + "  licensed: false\n").facts()["company.licensed"] is False


def test_null_means_unknown() -> None:
    assert parse_scenario(BASE + "  licensed: null\ncontext:\n").company.licensed is None


def test_yaml_1_2_reads_no_as_a_string() -> None:
    with pytest.raises(ScenarioError, match="expected true or false, not 'NO'"):
        parse_scenario(BASE + "  licensed: NO\n")
    assert parse_scenario("company: {name: NO, type: isp}").company.name == "NO"


def test_country_codes_are_normalised_and_checked() -> None:
    scenario = parse_scenario(BASE + "context:\n  country: ng\n")
    assert scenario.context.country == "NG"
    with pytest.raises(ScenarioError, match="'NGA' is not an ISO 3166-1 alpha-2"):
        parse_scenario(BASE + "context:\n  country: NGA\n")


def test_every_problem_is_reported_at_once() -> None:
    with pytest.raises(ScenarioError) as caught:
        parse_scenario(BASE + "  size: huge\n  licensed: 1\n", file="s.yaml")
    keys = [problem.key for problem in caught.value.problems]
    assert keys == ["company.size", "company.licensed"]
    assert [problem.line for problem in caught.value.problems] == [4, 5]


def test_lists_are_deduplicated_and_limited() -> None:
    scenario = parse_scenario(BASE + "  departments: [legal, legal, policy]\n")
    assert scenario.get("company.departments") == ("legal", "policy")
    many = ", ".join(["x"] * (MAX_LIST_ITEMS + 1))
    with pytest.raises(ScenarioError, match="the limit is"):
        parse_scenario(BASE + f"  published_reports: [{many}]\n")


def test_empty_list_is_known_and_empty() -> None:
    scenario = parse_scenario(BASE + "  departments: []\n")
    assert scenario.facts()["company.departments"] == ()


def test_json_and_yaml_give_the_same_scenario() -> None:
    data = {"company": {"name": "Example", "type": "isp", "departments": ["legal"]}}
    assert parse_scenario(json.dumps(data), file="s.json") == Scenario.from_dict(data)


def test_to_dict_round_trips() -> None:
    data = {
        "company": {"name": "Example", "type": "mobile_network_operator", "licensed": True},
        "organization": {"can_offer": ["research"]},
    }
    scenario = Scenario.from_dict(data)
    assert scenario.to_dict() == data
    assert Scenario.from_dict(scenario.to_dict()) == scenario


def test_with_values_sets_clears_and_validates() -> None:
    scenario = parse_scenario(BASE + "  size: large\n")
    assert scenario.with_values({"company.size": None}).company.size is None
    assert (
        scenario.with_values({"company.type": "cloud_company"}).company.type
        is CompanyType.CLOUD_COMPANY
    )
    with pytest.raises(ScenarioError, match=r"company\.size"):
        scenario.with_values({"company.size": "enormous"})


def test_parse_value_reads_command_line_values() -> None:
    assert parse_value("company.publicly_traded", "false") is False
    assert parse_value("company.size", "unknown") is None
    assert parse_value("organization.networks", "igf, gni") == ("igf", "gni")
    with pytest.raises(ScenarioError, match=r"did you mean 'company\.size'"):
        parse_value("company.sizes", "large")
    with pytest.raises(ScenarioError, match="not one of"):
        parse_value("company.size", "huge")


def test_the_model_matches_the_vocabulary() -> None:
    full = Scenario.from_dict({"company": {"name": "x", "type": "isp"}})
    for path in FIELDS:
        section, key = path.split(".")
        assert hasattr(getattr(full, section), key), path


def test_json_escapes_of_characters_beyond_the_basic_plane_are_one_character() -> None:
    data = {"company": {"name": "Example \U0001f642", "type": "isp"}}
    text = json.dumps(data)
    assert "\\ud83d\\ude42" in text
    assert parse_scenario(text, file="s.json").company.name == "Example \U0001f642"
    with pytest.raises(ScenarioError, match="lone surrogate"):
        parse_scenario('{"company": {"name": "x\\ud83d", "type": "isp"}}', file="s.json")


def test_load_scenario_reads_a_file_named_by_a_string_or_a_path(tmp_path: Path) -> None:
    path = tmp_path / "s.yaml"
    path.write_text(BASE, encoding="utf-8")
    assert load_scenario(str(path)) == load_scenario(path) == parse_scenario(BASE)
    with pytest.raises(ScenarioError, match="no such file"):
        load_scenario(str(tmp_path / "missing.yaml"))


def _outcome(read: Any) -> Any:
    try:
        scenario = read()
    except ScenarioError as error:
        return ("error", error.problems)
    return ("scenario", scenario, scenario.source)


@settings(max_examples=400, deadline=None)
@given(near_scenario_data())
def test_the_plain_data_fast_path_reads_as_the_validator_does(data: Any) -> None:
    """``from_dict`` takes a shortcut for plain JSON data whose values were accepted before;
    it accepts and refuses exactly what the full validator does, with the same messages."""
    from rightsrules._yaml import Document
    from rightsrules.scenario import _Validator

    def slow() -> Scenario:
        return _Validator("f.json", Document(data, "f.json", {})).scenario()

    expected = _outcome(slow)
    for _ in range(2):  # the second time, every accepted value is remembered
        assert _outcome(lambda: Scenario.from_dict(data, file="f.json")) == expected
        # The batch reads facts straight from plain data: the same facts, or the slow path.
        facts = plain_facts(data) if data.__class__ is dict else None
        if facts is not None:
            assert expected[0] == "scenario"
            assert facts == expected[1].facts()


def test_the_fast_path_refuses_each_odd_value_as_the_validator_does() -> None:
    from rightsrules._yaml import Document
    from rightsrules.scenario import _Validator

    # Every value below accepted once where it can be, so that the fast path remembers it.
    company = {"name": "a", "type": "isp", "departments": ["legal"], "size": "large"}
    Scenario.from_dict({"company": {**company, "industry_associations": ["a"]}})
    for path in sorted(FIELDS):
        section, key = path.split(".", 1)
        for value in ODD_VALUES:
            data: dict[str, Any] = {"company": {"name": "a", "type": "isp"}}
            data.setdefault(section, {})[key] = value
            for _ in range(2):
                slow = _outcome(
                    lambda d=data: _Validator(None, Document(d, "<input>", {})).scenario()
                )
                assert _outcome(lambda d=data: Scenario.from_dict(d)) == slow, (path, value)
