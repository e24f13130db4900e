"""The JSON Schemas: shipped, exported by ``rightsrules schema``, and in step with the code."""

from __future__ import annotations

import json
from pathlib import Path

import jsonschema
import pytest

from rightsrules import load_scenario
from rightsrules.cli import main
from rightsrules.schemas import SCHEMAS, schema, schema_text
from rightsrules.vocabulary import FIELDS

SCHEMA_DIR = Path(__file__).parents[1] / "src" / "rightsrules" / "schemas"
ROOT = Path(__file__).parents[1]


@pytest.mark.parametrize("name", sorted(SCHEMAS))
def test_each_schema_is_a_valid_draft_07_schema(name: str) -> None:
    jsonschema.Draft7Validator.check_schema(schema(name))


@pytest.mark.parametrize("name", ["scenario", "test"])
def test_committed_schema_files_match_the_vocabulary(name: str) -> None:
    committed = (SCHEMA_DIR / f"{name}.schema.json").read_text("utf-8")
    assert committed == schema_text(name), (
        f"src/rightsrules/schemas/{name}.schema.json is out of date: run `make schemas`"
    )


def test_scenario_schema_names_every_field_with_its_values() -> None:
    properties = schema("scenario")["properties"]
    for path, field in FIELDS.items():
        described = properties[field.section]["properties"][field.key]
        if field.enum is not None:
            values = (described.get("items") or described)["enum"]
            assert values == list(field.allowed), path


def test_example_scenarios_are_valid_against_the_schema() -> None:
    validator = jsonschema.Draft7Validator(schema("scenario"))
    examples = sorted((ROOT / "facts" / "examples").glob("*.yaml"))
    for path in examples:
        scenario = load_scenario(path)
        assert not list(validator.iter_errors(scenario.to_dict())), path


def test_schema_command_prints_each_schema(capsys: pytest.CaptureFixture[str]) -> None:
    for name in SCHEMAS:
        assert main(["schema", name]) == 0
        assert json.loads(capsys.readouterr().out) == schema(name)


def test_schema_command_refuses_an_unknown_name(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["schema", "nope"]) == 2
    assert "invalid choice" in capsys.readouterr().err


def test_rule_files_carry_the_schema_modeline() -> None:
    for path in sorted((ROOT / "rules").glob("*.yaml")):
        head = path.read_text("utf-8").splitlines()[0]
        assert "$schema=" in head and "rule.schema.json" in head, path
