"""Clean text out: nothing a user or a rule writes can move the cursor, clear the screen, set
the window title, make a hyperlink or reorder what a terminal shows; messages show such
characters escaped, rule files refuse control characters, and ids and country codes are ASCII.
"""

from __future__ import annotations

import io
import unicodedata
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st
from rich.console import Console

from rightsrules import (
    Problem,
    ReferenceEvaluator,
    RuleFileError,
    Scenario,
    ScenarioError,
    assess,
    load_knowledge_base,
    parse_rule_file,
)
from rightsrules.cli import main
from rightsrules.io.sanitise import UNSAFE, sanitise
from rightsrules.render import to_report_html
from rightsrules.render.terminal import advice_renderable, proof_tree

ESC = "\x1b"
RLO = "\u202e"  # right-to-left override
#: What the issue's probe used: clear the screen, set the window title, ring the bell.
PAYLOAD = "\x1b[2J\x1b]0;pwned\x07"


def raw_controls(text: str) -> list[str]:
    """Every character of ``text`` a terminal would obey (newline and tab are fine)."""
    return [c for c in text if c not in "\n\t" and (unicodedata.category(c) == "Cc" or c in BIDI)]


BIDI = "\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"


# --- the sanitiser -----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "shown"),
    [
        (PAYLOAD, "\\x1b[2J\\x1b]0;pwned\\x07"),
        ("Evil \u202egnp.exe", "Evil \\u202egnp.exe"),
        ("a\rb", "a\\rb"),
        ("nul\x00 del\x7f c1\x9b", "nul\\x00 del\\x7f c1\\x9b"),
        ("\u2066isolate\u2069", "\\u2066isolate\\u2069"),
        ("lone \ud800", "lone \\ud800"),
        ("tab\tand\nnewline", "tab\tand\nnewline"),
        ("Café «Net» 東京 مرحبا", "Café «Net» 東京 مرحبا"),
    ],
)
def test_unsafe_characters_are_shown_escaped_and_the_rest_kept(text: str, shown: str) -> None:
    assert sanitise(text) == shown


@given(st.text())
def test_sanitised_text_holds_nothing_a_terminal_obeys_and_sanitising_twice_changes_nothing(
    text: str,
) -> None:
    clean = sanitise(text)
    assert raw_controls(clean) == []
    assert UNSAFE.search(clean) is None
    assert sanitise(clean) == clean
    if UNSAFE.search(text) is None:
        assert clean == text
    clean.encode("utf-8")  # no lone surrogate left to fail the terminal's encoder


def test_every_message_is_sanitised() -> None:
    problem = Problem(f"unknown {PAYLOAD}", file=f"a{ESC}.yaml", line=1, key=f"k{RLO}")
    assert raw_controls(str(problem)) == []
    assert str(problem) == "a\\x1b.yaml:1: k\\u202e: unknown \\x1b[2J\\x1b]0;pwned\\x07"
    error = ScenarioError([problem])
    assert raw_controls(str(error)) == []


# --- messages of the command line --------------------------------------------------------


def run(args: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    status = main(args)
    out, err = capsys.readouterr()
    return status, out, err


@pytest.mark.parametrize(
    "make",
    [
        # A key made of escapes, in JSON and in YAML.
        lambda d: _file(d, "k.json", '{"company": {"name": "A", "type": "isp"}, "\\u001b[2J": 1}'),
        lambda d: _file(d, "k.yaml", 'company: {name: A, type: isp}\n"\\e]0;pwned\\a": 1\n'),
        # A file name made of escapes.
        lambda d: str(d / f"{PAYLOAD}.yaml"),
    ],
    ids=["json-key", "yaml-key", "file-name"],
)
def test_escapes_in_keys_and_file_names_are_shown_escaped(
    make: object, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = make(tmp_path)  # type: ignore[operator]
    status, out, err = run(["advise", path], capsys)
    assert status == 2 and out == ""
    assert err.startswith("rightsrules: error: ")
    assert raw_controls(err) == []
    assert "\\x1b" in err or "U+001B" in err


def test_escapes_in_a_set_path_and_a_conclusion_id_are_shown_escaped(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    scenario = _file(tmp_path, "s.yaml", "company: {name: A, type: isp}\n")
    for args in (
        ["what-if", scenario, "--set", f"company.{PAYLOAD}=1"],
        ["explain", scenario, f"challenge:{PAYLOAD}"],
        ["why-not", scenario, f"challenge:{PAYLOAD}"],
    ):
        status, _, err = run(args, capsys)
        assert status == 2, err
        assert raw_controls(err) == [], args
        assert "\\x1b[2J" in err, args


def test_escapes_in_a_csv_header_are_shown_escaped(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "in.csv"
    path.write_text(f"company.name,{PAYLOAD}\nA,1\n", encoding="utf-8")
    status, out, err = run(["batch", str(path)], capsys)
    assert status == 2 and out == ""
    assert raw_controls(err) == []
    assert "\\x1b[2J" in err


# --- rule files ----------------------------------------------------------------------------


def _file(folder: Path, name: str, text: str) -> str:
    path = folder / name
    path.write_text(text, encoding="utf-8")
    return str(path)


RULE = """\
rules:
  - id: {id}
    title: {title}
    when: {{company.type: isp}}
    then: [challenge:net_neutrality]
    because: {because}
    sources: [appendix.isp]
"""


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("title", '"Clear \\e[2J"'),
        ("because", '"Title \\e]0;pwned\\a"'),
        ("because", '"C1 \\x9b31m"'),
        ("title", '"\\u001b[5m"'),
    ],
)
def test_rule_files_refuse_control_characters_in_texts_where_they_are(
    field: str, value: str
) -> None:
    texts = {"id": "demo.rule", "title": "A title", "because": "A reason."}
    texts[field] = value
    with pytest.raises(RuleFileError) as caught:
        parse_rule_file(RULE.format(**texts), file="r.yaml")
    problem = caught.value.problems[0]
    assert problem.file == "r.yaml"
    assert problem.line == (3 if field == "title" else 6)
    assert problem.key == f"rules.0.{field}"
    assert "control characters are not allowed in text" in problem.message


@pytest.mark.parametrize(
    "rule_id", ['"demo.x\\n"', '"démo.x"', '"demo.ｘ"', '"demo.x\\u202e"', '"ＤＥＭＯ"']
)
def test_rule_ids_are_ascii_only(rule_id: str) -> None:
    with pytest.raises(RuleFileError) as caught:
        parse_rule_file(RULE.format(id=rule_id, title="T", because="B."), file="r.yaml")
    assert caught.value.problems[0].key == "rules.0.id"
    assert "is not a valid id here" in caught.value.problems[0].message


def test_conclusion_ids_in_then_are_ascii_only() -> None:
    text = RULE.format(id="demo.rule", title="T", because="B.").replace(
        "challenge:net_neutrality", '"challenge:net_neutrality\\n"'
    )
    with pytest.raises(RuleFileError) as caught:
        parse_rule_file(text, file="r.yaml")
    assert caught.value.problems[0].key == "rules.0.then.0"


# --- text reaching the terminal ------------------------------------------------------------

#: Allowed in a rule file (no control character), but neither to be obeyed nor read as markup.
SNEAKY = "Placed [blink]here[/blink] [link=https://evil.example]see[/link] \u202eevil"


@pytest.fixture()
def sneaky_rules(tmp_path: Path) -> Path:
    folder = tmp_path / "pack"
    folder.mkdir()
    rule = RULE.format(id="demo.sneaky", title=f'"Title {RLO}x"', because=f'"{SNEAKY}"')
    (folder / "sneaky.yaml").write_text(rule, encoding="utf-8")
    return folder


@pytest.fixture()
def sneaky_scenario(tmp_path: Path) -> str:
    return _file(
        tmp_path, "s.yaml", f'company: {{name: "Evil {RLO}gnp.exe [b]x[/b]", type: isp}}\n'
    )


@pytest.mark.parametrize(
    "args",
    [
        ["advise", "S"],
        ["explain", "S", "challenge:net_neutrality"],
        ["why-not", "S", "challenge:forced_decryption"],
        ["what-if", "S", "--set", "company.type=cloud_company"],
        ["questions", "S"],
        ["rules"],
    ],
    ids=lambda args: args[0],
)
def test_text_output_shows_bidi_overrides_escaped(
    args: list[str],
    sneaky_rules: Path,
    sneaky_scenario: str,
    capsys: pytest.CaptureFixture[str],
) -> None:
    command = [sneaky_scenario if arg == "S" else arg for arg in args]
    status, out, err = run([*command, "--rules", str(sneaky_rules)], capsys)
    assert status == 0, err
    assert raw_controls(out) == []
    assert "\\u202e" in out or args[0] in ("why-not", "what-if", "questions")


def test_lint_output_shows_bidi_overrides_escaped(
    sneaky_rules: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (sneaky_rules / f"bad{RLO}name.yaml").write_text("rules: 1\n", encoding="utf-8")
    status, out, _ = run(["lint", str(sneaky_rules), "--no-builtin"], capsys)
    assert status == 1
    assert raw_controls(out) == []
    assert "bad\\u202ename.yaml" in out


def test_rich_output_never_reads_rule_or_user_text_as_markup(sneaky_rules: Path) -> None:
    kb = load_knowledge_base([sneaky_rules])
    advice = assess(
        {"company": {"name": f"Evil {RLO}gnp.exe [blink]x[/blink]", "type": "isp"}},
        kb,
        evaluator=ReferenceEvaluator(),
    )
    screen = io.StringIO()
    console = Console(file=screen, force_terminal=True, color_system="truecolor", width=200)
    console.print(advice_renderable(advice))
    console.print(proof_tree(advice, "challenge:net_neutrality"))
    shown = screen.getvalue()
    assert "\x1b[5m" not in shown  # no blink
    assert "\x1b]8;" not in shown  # no hyperlink
    assert RLO not in shown
    assert "[blink]here[/blink]" in shown
    assert "[link=https://evil.example]see[/link]" in shown
    assert "\\u202eevil" in shown


def test_rich_assumption_rows_are_not_markup(tmp_path: Path) -> None:
    # A default's reason is shown in a table row: it used to be a plain string, read as markup.
    folder = tmp_path / "pack"
    folder.mkdir()
    (folder / "default.yaml").write_text(
        "rules:\n"
        "  - id: demo.default\n"
        "    title: A default\n"
        "    when: {company.type: isp}\n"
        "    assume: {company.publicly_traded: true}\n"
        '    because: "Most are [blink]listed[/blink]."\n'
        "    sources: [appendix.isp]\n",
        encoding="utf-8",
    )
    advice = assess(
        {"company": {"name": "A", "type": "isp"}},
        load_knowledge_base([folder]),
        evaluator=ReferenceEvaluator(),
    )
    assert any(a.rule == "demo.default" for a in advice.assumptions)
    screen = io.StringIO()
    Console(file=screen, force_terminal=True, width=200).print(advice_renderable(advice))
    assert "[blink]listed[/blink]" in screen.getvalue()
    assert "\x1b[5m" not in screen.getvalue()


def test_the_html_report_shows_a_bidi_override_in_a_company_name_escaped() -> None:
    advice = assess(
        {"company": {"name": f"Evil {RLO}gnp.exe", "type": "isp"}}, evaluator=ReferenceEvaluator()
    )
    page = to_report_html(advice)
    assert RLO not in page
    assert "Evil \\u202egnp.exe" in page


# --- country codes -------------------------------------------------------------------------


@pytest.mark.parametrize("code", ["ß", "ﬁ", "ＫＥ", "K\u0301E", "ǅ", "\u212aE"])
def test_country_codes_are_two_ascii_letters(code: str) -> None:
    # str.upper() maps "ß" to "SS", "ﬁ" to "FI" and the Kelvin sign to "K".
    with pytest.raises(ScenarioError) as caught:
        Scenario.from_dict({"company": {"name": "A", "type": "isp"}, "context": {"country": code}})
    assert caught.value.key == "context.country"


@pytest.mark.parametrize(("code", "stored"), [("ke", "KE"), (" Ng ", "NG"), ("FI", "FI")])
def test_country_codes_in_either_case_are_kept_upper_case(code: str, stored: str) -> None:
    scenario = Scenario.from_dict(
        {"company": {"name": "A", "type": "isp"}, "context": {"country": code}}
    )
    assert scenario.context.country == stored


def test_test_output_shows_bidi_overrides_in_case_names_escaped(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    cases = tmp_path / "cases.yaml"
    cases.write_text(
        "cases:\n"
        f'  - name: "a failing case {RLO}gnp.exe"\n'
        f'    scenario: {{company: {{name: "Evil {RLO}x", type: isp}}}}\n'
        "    expect: {includes: [challenge:forced_decryption]}\n",
        encoding="utf-8",
    )
    status, out, err = run(["test", str(cases)], capsys)
    assert status == 1, err
    assert raw_controls(out) == []
    assert "a failing case \\u202egnp.exe" in out


def test_the_interview_shows_bidi_overrides_escaped() -> None:
    from rightsrules.cli.interview_cmd import Interview

    answers = io.StringIO(f"Evil {RLO}gnp.exe\nisp\nstop\n")
    talk = io.StringIO()
    interview = Interview(load_knowledge_base(), answers, talk)
    assert interview.start() is not None
    assert RLO not in talk.getvalue()
    assert "Evil \\u202egnp.exe" in talk.getvalue()


def test_escapes_in_a_pyproject_key_are_shown_escaped(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    (tmp_path / "pyproject.toml").write_text(
        '[tool.rightsrules.lint]\n"\\u001b[2J\\u001b]0;pwned\\u0007" = "error"\n', encoding="utf-8"
    )
    monkeypatch.chdir(tmp_path)
    status, out, err = run(["lint"], capsys)
    assert status == 2 and out == ""
    assert raw_controls(err) == []
    assert "tool.rightsrules.lint.\\x1b[2J\\x1b]0;pwned\\x07: not a lint category" in err
