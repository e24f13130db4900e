"""Hostile input: files written to make a YAML loader run code, exhaust memory or time, smuggle
bytes, or inject markup into reports. Each is refused through the command line with exit
status 2 and a message saying where and why; nothing it asks for is ever executed; what is
accepted is escaped wherever it is rendered.

The files are in ``tests/hostile/``; the huge ones are made by the tests.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest
from markdown_it import MarkdownIt

from rightsrules import assess, load_knowledge_base
from rightsrules.cli import main
from rightsrules.cli._common import EXIT_REFUSED
from rightsrules.render import to_markdown, to_text

HOSTILE = Path(__file__).parent / "hostile"
#: The file the command-running payloads would create, in the folder the command runs from.
PWNED = "hostile-pwned"

SCENARIOS = [
    ("apply-os-system.yaml", 3, "tags such as '!!python/object/apply:os.system'"),
    ("new-popen.yaml", 2, "tags such as '!!python/object/new:subprocess.Popen'"),
    ("python-name.yaml", 2, "tags such as '!!python/name:os.system'"),
    ("verbatim-tag.yaml", 2, "tags such as '!!python/object/apply:os.system'"),
    ("tag-directive.yaml", 4, "tags such as '!!python/object/apply:os.system'"),
    ("local-tag.yaml", 1, "tags such as '!Company'"),
    ("billion-laughs.yaml", 1, "anchors and aliases"),
    ("merge-key.yaml", 1, "anchors and aliases"),
    ("terminal-escape.yaml", 2, "control characters are not allowed"),
    ("nul-byte.yaml", 2, "control character U+0000"),
    ("utf16.yaml", 1, "not UTF-8 text"),
    ("latin1.yaml", 2, "not UTF-8 text"),
    ("lone-surrogate.json", 1, "lone surrogate"),
    ("huge-integer.yaml", 4, "company.size: an integer of 5000 digits is too long"),
    ("huge-integer.json", 5, "company.size: an integer of 5000 digits is too long"),
    ("huge-hex.yaml", 2, "company.name: an integer of 6021 digits is too long"),
    ("long-key.json", 1, "unknown key"),
]

RULES = [
    ("apply-os-system.yaml", 3, "tags such as '!!python/object/apply:os.system'"),
    ("billion-laughs.yaml", 1, "anchors and aliases"),
    ("control-char.yaml", 2, "control character U+001B"),
    ("lone-surrogate.yaml", 3, "lone surrogate"),
    ("huge-priority.yaml", 4, "rules.0.priority: an integer of 5000 digits is too long"),
    ("huge-rank.yaml", 5, "strategy:private_advocacy: an integer of 6021 digits is too long"),
]


@pytest.fixture()
def in_tmp(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Run from an empty folder, where a payload's ``touch hostile-pwned`` would land."""
    monkeypatch.chdir(tmp_path)
    return tmp_path


def refuse(args: list[str], capsys: pytest.CaptureFixture[str]) -> str:
    status = main(args)
    out, err = capsys.readouterr()
    assert status == 2, err
    assert out == ""
    assert err.startswith("rightsrules: error: ")
    assert "Traceback" not in err
    return err


@pytest.mark.parametrize(("name", "line", "message"), SCENARIOS)
def test_hostile_scenarios_are_refused_and_nothing_runs(
    name: str, line: int, message: str, in_tmp: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = HOSTILE / "scenarios" / name
    err = refuse(["advise", str(path)], capsys)
    assert f"{path}:{line}:" in err
    assert message in err
    assert not (in_tmp / PWNED).exists()
    # The same file inside a batch is one error line, and the batch goes on.
    folder = in_tmp / "batch"
    folder.mkdir()
    (folder / ("a-" + name)).write_bytes(path.read_bytes())
    (folder / "b.yaml").write_text("company: {name: Fine, type: isp}\n", encoding="utf-8")
    assert main(["batch", str(folder)]) == EXIT_REFUSED
    first, second = capsys.readouterr().out.splitlines()
    assert message in json.loads(first)["error"]
    assert json.loads(second)["scenario"]["company"]["name"] == "Fine"
    assert not (in_tmp / PWNED).exists()


@pytest.mark.parametrize(("name", "line", "message"), RULES)
def test_hostile_rule_files_are_refused_and_nothing_runs(
    name: str, line: int, message: str, in_tmp: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = HOSTILE / "rules" / name
    err = refuse(["rules", "--rules", str(path)], capsys)
    assert f"{path}:{line}:" in err
    assert message in err
    assert not (in_tmp / PWNED).exists()


def test_a_huge_file_is_refused_before_it_is_read(
    in_tmp: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = in_tmp / "huge.yaml"
    path.write_text("company: {name: X, type: isp}\n" + "# padding\n" * 120_000, "utf-8")
    err = refuse(["advise", str(path)], capsys)
    assert "huge.yaml: file is over the limit of 1048576 bytes" in err


def test_a_huge_json_line_in_a_batch_is_one_error(
    in_tmp: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = in_tmp / "in.jsonl"
    huge = json.dumps({"company": {"name": "x" * 2_000_000, "type": "isp"}})
    path.write_text(huge + "\n" + '{"company": {"name": "A", "type": "isp"}}\n', "utf-8")
    assert main(["batch", str(path)]) == EXIT_REFUSED
    first, second = capsys.readouterr().out.splitlines()
    assert "in.jsonl:1: record is over the limit of 1048576 bytes" in json.loads(first)["error"]
    assert json.loads(second)["scenario"]["company"]["name"] == "A"


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("x" * 501, "501 characters; the limit is 500"),
        (["a"] * 101, "101 items; the limit is 100"),
    ],
)
def test_huge_values_are_refused_with_the_limit(
    value: object, message: str, in_tmp: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    key = "name" if isinstance(value, str) else "industry_associations"
    data = {"company": {"name": "X", "type": "isp", key: value}}
    path = in_tmp / "big.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    err = refuse(["advise", str(path)], capsys)
    assert f"company.{key}: {message}" in err


@pytest.mark.parametrize("suffix", [".yaml", ".json"])
def test_deep_nesting_is_refused(
    suffix: str, in_tmp: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = in_tmp / f"deep{suffix}"
    path.write_text('{"company": ' + "[" * 5000 + "]" * 5000 + "}", encoding="utf-8")
    err = refuse(["advise", str(path)], capsys)
    assert "nested more than 32 levels deep" in err or "nested too deeply" in err


def test_deep_nesting_in_a_json_line_is_one_error(
    in_tmp: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = in_tmp / "in.jsonl"
    path.write_text('{"company": ' + "[" * 100_000 + "]" * 100_000 + "}\n", encoding="utf-8")
    assert main(["batch", str(path)]) == EXIT_REFUSED
    error = json.loads(capsys.readouterr().out)
    assert error["record"] == 1 and "error" in error


INJECTION = {
    "company": {
        "name": "<script>alert(1)</script> [click](javascript:alert(1)) # **x** `y`",
        "type": "mobile_network_operator",
        "public_commitments": ["<img src=x onerror=alert(1)>", "](javascript:x)"],
        "industry_associations": ["<b>GSMA</b>"],
    },
    "organization": {"name": "<iframe src=evil></iframe>"},
}


def _html_of(markdown: str) -> str:
    html: str = MarkdownIt("commonmark").render(markdown)
    return html


def test_markdown_escapes_names_and_commitments() -> None:
    advice = assess(INJECTION, load_knowledge_base())
    html = _html_of(to_markdown(advice)).lower()
    for dangerous in ("<script", "<img", "<iframe", "<b>", 'href="javascript'):
        assert dangerous not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html


def test_the_engagement_plan_in_markdown_escapes_them_too(
    in_tmp: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = in_tmp / "injection.json"
    path.write_text(json.dumps(INJECTION), encoding="utf-8")
    if main(["report", str(path), "--format", "markdown"]) != 0:
        pytest.skip("no report command")
    html = _html_of(capsys.readouterr().out).lower()
    for dangerous in ("<script", "<img", "<iframe", "<b>", 'href="javascript'):
        assert dangerous not in html


def test_text_shows_names_as_they_are_and_carries_no_control_character() -> None:
    advice = assess(INJECTION, load_knowledge_base())
    text = to_text(advice)
    assert INJECTION["company"]["name"] in text  # type: ignore[index]
    assert not any(ord(ch) < 32 and ch != "\n" for ch in text)


def test_nothing_was_created_anywhere_near_the_tests() -> None:
    for folder in (Path.cwd(), Path(__file__).parent, HOSTILE, Path(os.sep) / "tmp"):
        assert not (folder / PWNED).exists()
