"""The derive rule kind: reading, refusing, linting, caching and running it."""

from __future__ import annotations

from pathlib import Path

import pytest

from rightsrules import ReferenceEvaluator, RuleFileError, RuleKind, assess, parse_rule_file
from rightsrules.knowledge import load_knowledge_base
from rightsrules.knowledge_cache import from_data, to_data
from rightsrules.lint import LintConfig, Severity, lint_paths
from rightsrules.rules import Copied

RULE = """\
rules:
  - id: t.derive
    title: T
    when: {when}
    derive: {derive}
    because: B.
    sources: [II.d]
"""


def rule_text(when: str = "{history.message_sent: true}", derive: str = "") -> str:
    return RULE.format(when=when, derive=derive or "{engagement.stage: awaiting_response}")


def test_a_derive_rule_is_its_own_kind() -> None:
    rule = parse_rule_file(rule_text()).rules[0]
    assert rule.kind is RuleKind.DERIVE
    assert rule.derive == (("engagement.stage", "awaiting_response"),)
    copied = parse_rule_file(
        rule_text(derive="{engagement.response_deadline: {fact: history.reply_by}}")
    ).rules[0]
    assert copied.derive == (("engagement.response_deadline", Copied("history.reply_by")),)


@pytest.mark.parametrize(
    ("when", "derive", "message"),
    [
        ("{history.message_sent: true}", "{engagement.stag: planning}", "unknown scenario path"),
        ("{history.message_sent: true}", "{engagement.stage: later}", "not a valid default"),
        (
            "{history.message_sent: true}",
            "{engagement.response_deadline: {fact: history.met}}",
            "history.met holds another kind of value than engagement.response_deadline",
        ),
        (
            "{history.message_sent: true}",
            "{engagement.response_deadline: {fact: history.nope}}",
            "unknown scenario path 'history.nope'",
        ),
        (
            "{concluded: strategy:boycott}",
            "{engagement.stage: planning}",
            r"a derived fact \(derive\) cannot test conclusions",
        ),
    ],
)
def test_a_bad_derive_rule_is_refused_with_its_key(when: str, derive: str, message: str) -> None:
    with pytest.raises(RuleFileError, match=message) as caught:
        parse_rule_file(rule_text(when, derive), file="r.yaml")
    assert caught.value.line is not None


def test_a_rule_with_derive_and_then_is_refused() -> None:
    text = rule_text() + "    then: [strategy:boycott]\n"
    with pytest.raises(RuleFileError, match="exactly one of 'then', 'derive', 'assume' or 'rank'"):
        parse_rule_file(text, file="r.yaml")


def test_lint_finds_two_derive_rules_that_fill_one_path_differently(tmp_path: Path) -> None:
    path = tmp_path / "r.yaml"
    second = rule_text("{history.met: true}", "{engagement.stage: in_dialogue}")
    path.write_text(rule_text() + second.split("rules:\n", 1)[1].replace("t.derive", "t.other"))
    config = LintConfig({"schema/modeline": Severity.IGNORE, "tests": Severity.IGNORE})
    findings = lint_paths([path], config=config, builtin=False).findings
    assert [(f.code, f.message) for f in findings] == [
        (
            "logic/conflicting-defaults",
            f"this rule derives engagement.stage to in_dialogue, but rule t.derive ({path}:2) "
            "sets it to awaiting_response when both hold; only the first by priority applies",
        )
    ]


def test_the_knowledge_cache_keeps_derive_rules() -> None:
    kb = load_knowledge_base(rulepacks=False)
    again = from_data(to_data(kb))
    assert [r.derive for r in again.rules_of(RuleKind.DERIVE)] == [
        r.derive for r in kb.rules_of(RuleKind.DERIVE)
    ]
    assert any(isinstance(v, Copied) for r in again.rules for _, v in r.derive)


def test_a_derived_fact_never_replaces_a_given_one_and_is_no_assumption() -> None:
    given = assess(
        {
            "company": {"name": "X", "type": "isp"},
            "engagement": {"stage": "planning"},
            "history": {
                "message_sent": True,
                "reply_by_passed": True,
                "last_reply": "none",
                "met_since_message": False,
            },
        },
        evaluator=ReferenceEvaluator(),
    )
    assert given.understood.get("engagement.stage") == "planning"
    assert [d.path for d in given.inference.derived] == []
    derived = assess(
        {
            "company": {"name": "X", "type": "isp"},
            "history": {
                "message_sent": True,
                "reply_by_passed": True,
                "last_reply": "none",
                "met_since_message": False,
            },
        },
        evaluator=ReferenceEvaluator(),
    )
    assert derived.understood.get("engagement.stage") == "unresponsive"
    assert [d.rule for d in derived.inference.derived] == [
        "history.stage-unresponsive-after-reply-date"
    ]
    assert "engagement.stage" not in [a.path for a in derived.assumptions]
