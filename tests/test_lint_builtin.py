"""Linting a copy of the built-in rules: a checkout's ``rules/`` beside an installed copy of
the same rules once reported every rule id twice (issue 13, item 7). A linted file that is
one of the built-in ones (same name in a folder of the same name, or same content) stands in
its place; a rule copied into a file of another name and content is still a duplicate."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from rightsrules.cli import main
from rightsrules.knowledge import builtin_rules_dir
from rightsrules.lint import LintConfig, lint_paths

DUPLICATE = "reference/duplicate-id"


@pytest.fixture()
def checkout(tmp_path: Path) -> Path:
    """A copy of the built-in rules (and their tests) in a folder named ``rules``, as in a
    checkout of the project beside an installed copy."""
    rules = tmp_path / "checkout" / "rules"
    shutil.copytree(builtin_rules_dir(), rules)
    return rules


def codes(rules: Path) -> list[str]:
    return [f.code for f in lint_paths([rules], config=LintConfig()).findings]


def test_a_copy_of_the_built_in_rules_lints_like_them(checkout: Path) -> None:
    assert codes(checkout) == codes(builtin_rules_dir())
    assert DUPLICATE not in codes(checkout)


def test_an_edited_copy_still_replaces_the_file_of_its_name(checkout: Path) -> None:
    path = checkout / "09-techniques.yaml"
    text = path.read_text(encoding="utf-8")
    edited = text.replace("Engage the investors you can reach", "Brief the shareholders", 1)
    assert edited != text
    path.write_text(edited, encoding="utf-8")
    assert DUPLICATE not in codes(checkout)


def test_the_same_content_under_another_name_replaces_the_built_in_file(tmp_path: Path) -> None:
    mine = tmp_path / "mine"
    mine.mkdir()
    shutil.copy(builtin_rules_dir() / "11-appendix-isp.yaml", mine / "isp.yaml")
    assert DUPLICATE not in codes(mine)


def test_a_copied_rule_in_a_file_of_its_own_is_still_a_duplicate(tmp_path: Path) -> None:
    mine = tmp_path / "mine"
    mine.mkdir()
    text = (builtin_rules_dir() / "11-appendix-isp.yaml").read_text(encoding="utf-8")
    (mine / "isp.yaml").write_text(text + "\n# my copy\n", encoding="utf-8")
    findings = lint_paths([mine], config=LintConfig()).findings
    duplicates = [f for f in findings if f.code == DUPLICATE]
    assert duplicates and all(f.file == str(mine / "isp.yaml") for f in duplicates)
    assert "isp.larger-isp-investors" in " ".join(f.message for f in duplicates)


def test_cli_lint_of_a_checkout_reports_each_id_once(
    checkout: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["lint", str(checkout)]) == 0
    out = capsys.readouterr().out
    assert "duplicate rule id" not in out
    files = len(list(checkout.glob("*.yaml")))
    assert out.splitlines()[-1].startswith("0 errors")
    assert out.rstrip().endswith(f"in {files} files")
