"""The terminal: rich panels on a terminal, plain stable text when piped or with --no-color.
Rich objects render to a console; nothing prints by itself."""

from __future__ import annotations

import io

import pytest
from rich.console import Console

from rightsrules import assess, load_scenario
from rightsrules.cli import main
from rightsrules.knowledge import builtin_facts_dir
from rightsrules.render import to_text
from rightsrules.render.terminal import advice_renderable, proof_tree

EXAMPLE = builtin_facts_dir() / "examples" / "mno-network-shutdown.yaml"


def record(renderable: object, width: int = 100) -> str:
    console = Console(width=width, record=True, file=io.StringIO(), color_system=None)
    console.print(renderable)
    return console.export_text()


class Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_panels_per_kind_with_every_conclusion() -> None:
    advice = assess(load_scenario(EXAMPLE))
    shown = record(advice_renderable(advice))
    assert "Advice for Example Mobile Telecom" in shown
    for conclusion in advice.conclusions:
        assert conclusion.id in shown
    assert "Strategies, ranked" in shown and "╭─" in shown
    assert record(advice) == shown  # Advice.__rich__ gives the same rendering


def test_markup_in_user_text_is_shown_as_written() -> None:
    advice = assess({"company": {"name": "Example [red]Net[/red] [link=x]y", "type": "isp"}})
    assert "Example [red]Net[/red] [link=x]y" in record(advice_renderable(advice))


def test_a_proof_tree_goes_down_to_the_facts() -> None:
    advice = assess(load_scenario(EXAMPLE))
    shown = record(proof_tree(advice, "strategy:investor_engagement"), width=140)
    assert shown.splitlines()[0].startswith("Engage")
    assert "leverage:investors" in shown
    assert "company.publicly_traded = true" in shown
    assert "└──" in shown


def test_a_proof_tree_marks_an_assumed_fact_and_shows_the_default_under_it() -> None:
    advice = assess({"company": {"name": "Example Mobile", "type": "mobile_network_operator"}})
    lines = record(proof_tree(advice, "leverage:government_licence"), width=140).splitlines()
    assumed = next(i for i, line in enumerate(lines) if "company.licensed = true" in line)
    assert lines[assumed].endswith("(assumed)")
    assert "default mno.licensed-by-default" in lines[assumed + 1]
    given = [line for line in lines if "company.type = mobile_network_operator" in line]
    assert given and not any("(assumed)" in line for line in given)


def test_piped_output_is_the_plain_text(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["advise", str(EXAMPLE)]) == 0
    out = capsys.readouterr().out
    assert out == to_text(assess(load_scenario(EXAMPLE)))
    assert "\x1b[" not in out and "╭" not in out


def test_a_terminal_gets_rich_output_unless_no_color(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    terminal = Terminal()
    monkeypatch.setattr("sys.stdout", terminal)
    monkeypatch.setenv("COLUMNS", "100")
    assert main(["advise", str(EXAMPLE)]) == 0
    assert "╭─" in terminal.getvalue()
    plain = Terminal()
    monkeypatch.setattr("sys.stdout", plain)
    assert main(["advise", str(EXAMPLE), "--no-color"]) == 0
    assert plain.getvalue() == to_text(assess(load_scenario(EXAMPLE)))
