"""Loading a knowledge base: files that are valid alone must also fit together."""

from __future__ import annotations

from pathlib import Path

import pytest

from rightsrules import (
    KnowledgeBase,
    KnowledgeBaseError,
    RuleFileError,
    UnknownConclusionError,
    UnknownIdError,
    UnknownRuleError,
    UnknownSectionError,
    load_knowledge_base,
)
from rightsrules.rules import RuleKind

from .conftest import SEED

RULE = """\
  - id: {id}
    title: A rule
    when: {when}
    then: [{then}]
    because: Because.
    sources: [{source}]
"""


def write_rules(folder: Path, name: str, *rules: dict[str, str]) -> Path:
    folder.mkdir(exist_ok=True)
    text = "rules:\n"
    for rule in rules:
        values = {"when": "{company.type: isp}", "then": "leverage:investors", "source": "II.a"}
        values.update(rule)
        text += RULE.format(**values)
    (folder / name).write_text(text, encoding="utf-8")
    return folder


def load(folder: Path) -> KnowledgeBase:
    return load_knowledge_base([folder], builtin=False, facts_dir=SEED / "facts")


def test_the_seed_knowledge_base_loads(seed_kb: KnowledgeBase) -> None:
    assert len(seed_kb.rules_of(RuleKind.ASSUME)) == 1
    assert len(seed_kb.rules_of(RuleKind.RANK)) == 1
    assert seed_kb.program.read == {"leverage:investors"}
    assert [r.id for r in seed_kb.rules_concluding("strategy:private_advocacy")] == [
        "private.state",
        "private.ally",
    ]
    assert seed_kb.resources_for("step:map_local_law")[0].name.startswith("Country")


def test_duplicate_rule_ids_across_files_are_refused(tmp_path: Path) -> None:
    write_rules(tmp_path, "a.yaml", {"id": "same"})
    write_rules(tmp_path, "b.yaml", {"id": "same"})
    with pytest.raises(
        KnowledgeBaseError, match=r"duplicate rule id \(first at .*a.yaml:2\)"
    ) as caught:
        load(tmp_path)
    assert caught.value.file is not None and caught.value.file.endswith("b.yaml")


def test_undeclared_conclusions_are_refused(tmp_path: Path) -> None:
    write_rules(tmp_path, "a.yaml", {"id": "a", "then": "leverage:unheard_of"})
    with pytest.raises(KnowledgeBaseError, match="'leverage:unheard_of' is not declared"):
        load(tmp_path)


def test_sources_must_be_sections_of_the_guide(tmp_path: Path) -> None:
    write_rules(tmp_path, "a.yaml", {"id": "a", "source": "II.z"})
    with pytest.raises(KnowledgeBaseError, match=r"'II\.z' is not a section") as caught:
        load(tmp_path)
    assert caught.value.line == 2


def test_cycles_among_conclusions_are_refused(tmp_path: Path) -> None:
    write_rules(
        tmp_path,
        "a.yaml",
        {
            "id": "a",
            "when": "{concluded: 'leverage:investors'}",
            "then": "strategy:investor_engagement",
        },
        {
            "id": "b",
            "when": "{concluded: 'strategy:investor_engagement'}",
            "then": "leverage:investors",
        },
    )
    with pytest.raises(KnowledgeBaseError, match="rules form a cycle"):
        load(tmp_path)


def test_defaults_cannot_read_conclusions(tmp_path: Path) -> None:
    (tmp_path / "a.yaml").write_text(
        "rules:\n  - id: d\n    title: D\n    when: {concluded: 'leverage:investors'}\n"
        "    assume: {company.licensed: true}\n    because: B.\n    sources: [II.a]\n"
    )
    with pytest.raises(RuleFileError, match="cannot test conclusions"):
        load(tmp_path)


def test_defaults_must_be_valid_values(tmp_path: Path) -> None:
    (tmp_path / "a.yaml").write_text(
        "rules:\n  - id: d\n    title: D\n    when: {company.type: isp}\n"
        "    assume: {company.size: huge}\n    because: B.\n    sources: [II.a]\n"
    )
    with pytest.raises(RuleFileError, match="not a valid default") as caught:
        load(tmp_path)
    assert caught.value.key == "rules.0.assume.company.size"


def test_a_missing_folder_is_named(tmp_path: Path) -> None:
    with pytest.raises(KnowledgeBaseError, match="no such file or folder"):
        load(tmp_path / "nowhere")


def test_the_version_changes_with_the_rules(tmp_path: Path) -> None:
    write_rules(tmp_path, "a.yaml", {"id": "a"})
    first = load(tmp_path).version
    write_rules(tmp_path, "a.yaml", {"id": "another"})
    assert load(tmp_path).version != first


def test_an_unknown_rule_or_section_id_is_a_typed_error_with_a_suggestion(
    seed_kb: KnowledgeBase,
) -> None:
    with pytest.raises(UnknownRuleError, match=r"'mno\.default-licenced' \(did you mean") as rule:
        seed_kb.rule("mno.default-licenced")
    assert "'mno.default-licensed'" in str(rule.value)
    assert not isinstance(rule.value, UnknownConclusionError)
    with pytest.raises(UnknownSectionError, match=r"'II\.e' \(did you mean 'II\.d'\?\)"):
        seed_kb.section("II.e")
    for error in (UnknownRuleError, UnknownSectionError, UnknownConclusionError):
        assert issubclass(error, UnknownIdError) and issubclass(error, KeyError)
