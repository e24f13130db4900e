"""The README's Python examples run as written and print what the README says they do."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest

from rightsrules import Advice

README = Path(__file__).resolve().parents[1] / "README.md"
BLOCKS = re.findall(r"```python\n(.*?)```", README.read_text(encoding="utf-8"), flags=re.S)


def run(code: str) -> dict[str, Any]:
    namespace: dict[str, Any] = {}
    exec(compile(code, str(README), "exec"), namespace)
    return namespace


def test_the_readme_has_a_library_example() -> None:
    assert BLOCKS


@pytest.mark.parametrize("code", BLOCKS)
def test_each_python_example_runs(code: str) -> None:
    run(code)  # an example that raises fails here


def test_the_library_example_prints_the_ranked_strategies_and_a_default(
    capsys: pytest.CaptureFixture[str],
) -> None:
    """The first example: each strategy with its rank, title and sections, in rank order,
    then the assumption the licence leverage rests on (the comment says: a default)."""
    advice = run(BLOCKS[0])["advice"]
    assert isinstance(advice, Advice)
    strategies = advice.of_kind("strategy")
    assert [strategy.rank for strategy in strategies] == list(range(1, len(strategies) + 1))
    *ranked, assumed = capsys.readouterr().out.splitlines()
    assert ranked == [f"{s.rank} {s.title} {s.sources}" for s in strategies]
    assert ranked, "the example shows at least one strategy"
    assert assumed == "('company.licensed',)"
    assert "company.licensed" in [a.path for a in advice.assumptions]
