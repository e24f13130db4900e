"""Malformed scenario and rule files: each is refused with a message naming line and key."""

from __future__ import annotations

from pathlib import Path

import pytest

from rightsrules import RuleFileError, ScenarioError, load_rule_file, load_scenario
from rightsrules.cli import main

CORPUS = Path(__file__).parent / "corpus"

# file, line, key, a fragment of the message
SCENARIOS = [
    ("syntax-error.yaml", 4, None, "invalid YAML"),
    ("unknown-key.yaml", 4, "company.sise", "did you mean 'size'"),
    ("wrong-enum.yaml", 3, "company.type", "'mobile_operator' is not one of"),
    ("wrong-type.yaml", 4, "company.licensed", "expected true or false, not 'yes'"),
    ("duplicate-key.yaml", 4, "company.name", "duplicate key (first given on line 2)"),
    ("duplicate-key.json", 1, "company.type", "duplicate key"),
    ("python-tag.yaml", 2, "company.name", "tags such as '!!python/object/apply:os.system'"),
    ("empty.yaml", None, None, "the file is empty"),
    ("latin1.yaml", 2, None, "not UTF-8"),
    ("bad-country.yaml", 5, "context.country", "not an ISO 3166-1 alpha-2"),
    ("missing-name.yaml", 1, "company.name", "required key is missing"),
    ("bad-json.json", 1, None, "invalid JSON"),
    ("alias-bomb.yaml", 1, "a", "anchors and aliases"),
    ("escaped-control.yaml", 2, "company.name", "control characters"),
    ("control-char.yaml", 2, None, "control character U+0007"),
    ("not-a-mapping.yaml", 1, None, "a scenario is a mapping"),
    ("two-documents.yaml", 5, None, "only one YAML document"),
    ("list-expected.yaml", 4, "company.departments", "expected a list"),
    ("unknown-section.yaml", 4, "engagment", "did you mean 'engagement'"),
]

RULE_FILES = [
    ("syntax-error.yaml", 4, None, "invalid YAML"),
    ("unknown-key.yaml", 2, "rules.0", "unknown key 'becuase' (did you mean 'because'?)"),
    ("wrong-enum.yaml", 4, "rules.0.when.company.type", "'internet_provider' is not a value"),
    ("duplicate-key.yaml", 7, "rules.0.because", "duplicate key"),
    ("python-tag.yaml", 3, "rules.0.title", "tags such as"),
    ("empty.yaml", None, None, "the file is empty"),
    ("latin1.yaml", 3, None, "not UTF-8"),
    ("unknown-path.yaml", 4, "rules.0.when.company.typo", "did you mean 'company.type'"),
    ("negated-concluded.yaml", 4, "rules.0.when.not.concluded", "cannot stand under 'not'"),
    ("no-action.yaml", 2, "rules.0", "exactly one of 'then', 'derive', 'assume' or 'rank'"),
    ("negative-priority.yaml", 8, "rules.0.priority", "less than the minimum"),
]


@pytest.mark.parametrize(("name", "line", "key", "fragment"), SCENARIOS)
def test_bad_scenarios_are_refused_where_they_are_wrong(
    name: str, line: int | None, key: str | None, fragment: str
) -> None:
    path = CORPUS / "scenarios" / name
    with pytest.raises(ScenarioError) as caught:
        load_scenario(path)
    error = caught.value
    assert error.file == str(path)
    assert error.line == line
    assert error.key == key
    assert fragment in str(error)


@pytest.mark.parametrize(("name", "line", "key", "fragment"), RULE_FILES)
def test_bad_rule_files_are_refused_where_they_are_wrong(
    name: str, line: int | None, key: str | None, fragment: str
) -> None:
    path = CORPUS / "rules" / name
    with pytest.raises(RuleFileError) as caught:
        load_rule_file(path)
    error = caught.value
    assert error.file == str(path)
    assert (error.line, error.key) == (line, key)
    assert fragment in str(error)


@pytest.mark.parametrize("name", [row[0] for row in SCENARIOS])
def test_the_cli_refuses_bad_scenarios_with_status_2_and_no_traceback(
    name: str, capsys: pytest.CaptureFixture[str]
) -> None:
    status = main(["advise", str(CORPUS / "scenarios" / name)])
    out, err = capsys.readouterr()
    assert status == 2
    assert out == ""
    assert err.startswith("rightsrules: error: ")
    assert name in err
    assert "Traceback" not in err


@pytest.mark.parametrize("name", [row[0] for row in RULE_FILES])
def test_the_cli_refuses_bad_rule_files_with_status_2(
    name: str, capsys: pytest.CaptureFixture[str]
) -> None:
    status = main(["rules", "--rules", str(CORPUS / "rules" / name)])
    _, err = capsys.readouterr()
    assert status == 2
    assert name in err
    assert "Traceback" not in err
