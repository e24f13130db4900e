"""The rule linter: one broken file per check, each giving exactly its check's message."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from rightsrules import InputError, load_rule_file
from rightsrules.cli import main
from rightsrules.knowledge import builtin_facts_dir, builtin_rules_dir
from rightsrules.lint import CHECKS, LintConfig, Severity, lint_paths, load_lint_config

CORPUS = Path(__file__).parent / "lint_corpus"


def _catalogue_line(conclusion_id: str) -> int:
    lines = (builtin_facts_dir() / "conclusions.yaml").read_text("utf-8").splitlines()
    return next(i for i, line in enumerate(lines, 1) if f"id: {conclusion_id}" in line)


def corpus(name: str) -> str:
    return str(CORPUS / name)


# file, check, line, column, message
EXPECTED = [
    ("syntax-yaml.yaml", "syntax/yaml", 4, 1,
     "invalid YAML: expected ',' or ']', but got '<stream end>' (while parsing a flow sequence)"),
    ("schema-invalid.yaml", "schema/invalid", 9, 5, "unknown key 'weight'"),
    ("schema-modeline.yaml", "schema/modeline", 1, 1,
     "no '# yaml-language-server: $schema=...rule.schema.json' modeline in the first lines"),
    ("vocabulary-unknown-path.yaml", "vocabulary/unknown-path", 5, 12,
     "unknown scenario path 'company.typ' (did you mean 'company.type'?)"),
    ("vocabulary-unknown-value.yaml", "vocabulary/unknown-value", 6, 21,
     "'internet_provider' is not a value of company.type"),
    ("vocabulary-undeclared-conclusion.yaml", "vocabulary/undeclared-conclusion", 6, 12,
     "conclusion 'strategy:boycot' is not in the vocabulary and no conclusions list declares "
     "it (did you mean 'strategy:boycott'?)"),
    ("vocabulary-unknown-kind.yaml", "vocabulary/unknown-kind", 3, 9,
     "'tactic' is not a kind of conclusion the advice shows in its own place (scope, "
     "challenge, leverage, strategy, contact, step, precedent); it will be listed last"),
    ("reference-duplicate-id.yaml", "reference/duplicate-id", 9, 9,
     f"duplicate rule id 'corpus.twice' (first at {corpus('reference-duplicate-id.yaml')}:3)"),
    ("reference-duplicate-conclusion.yaml", "reference/duplicate-conclusion", 3, 9,
     "conclusion 'strategy:boycott' declared twice (first at "
     f"{builtin_facts_dir() / 'conclusions.yaml'}:{_catalogue_line('strategy:boycott')})"),
    ("reference-never-concluded.yaml", "reference/never-concluded", 12, 11,
     "no rule concludes 'strategy:sit_in', so this condition can never hold"),
    ("reference-unknown-section.yaml", "reference/unknown-section", 10, 9,
     "'appendix.ips' is not a section of the guide's catalogue (did you mean 'appendix.isp'?)"),
    ("logic-cycle.yaml", "logic/cycle", 12, 5,
     "rules form a cycle: leverage:corpus_a -> leverage:corpus_b -> leverage:corpus_a "
     "(rules corpus.cycle-a, corpus.cycle-b)"),
    ("logic-unsatisfiable.yaml", "logic/unsatisfiable", 5, 5,
     "the condition can never hold: company.type = isp and company.type = cloud_company "
     "cannot both hold"),
    ("logic-redundant.yaml", "logic/redundant", 5, 5,
     f"rule corpus.isp-ranking ({corpus('logic-redundant.yaml')}:9) already concludes "
     "strategy:company_ranking whenever this rule holds"),
    ("logic-conflicting-defaults.yaml", "logic/conflicting-defaults", 13, 7,
     "this default sets company.publicly_traded to false, but rule corpus.listed-by-default "
     f"({corpus('logic-conflicting-defaults.yaml')}:3) sets it to true when both hold; "
     "only the first by priority applies"),
    ("docs-missing-because.yaml", "docs/missing-because", 3, 5,
     "the rule has no 'because': say why, in your own words"),
    ("docs-missing-sources.yaml", "docs/missing-sources", 8, 14,
     "'sources' is empty: cite the guide's sections"),
    ("docs-step-without-phase.yaml", "docs/step-without-phase", 3, 9,
     "step 'step:hold_a_vigil' has no phase (prepare, approach, follow_up, escalate); it will "
     "be listed after every phase"),
    ("tests-no-test-case.yaml", "tests/no-test-case", 3, 5,
     "no test case names rule 'corpus.untested' in fired or not_fired"),
    # A pack of its own: a folder with its rules, its tests and its locale/fr catalogue.
    ("i18n-missing-translation/rules.yaml", "i18n/missing-translation", 5, 5,
     "rule 'corpus.untranslated' has no fr translation of its because, though its pack ships "
     "a fr catalogue"),
]  # fmt: skip


def test_the_corpus_has_one_file_per_check() -> None:
    assert sorted(code for _, code, *_ in EXPECTED) == sorted(CHECKS)
    files = {path.name for path in CORPUS.glob("*.yaml")}
    files |= {f"{path.parent.name}/{path.name}" for path in CORPUS.glob("*/rules.yaml")}
    assert files == {name for name, *_ in EXPECTED} | {"clean.yaml"}


@pytest.mark.parametrize(("name", "code", "line", "column", "message"), EXPECTED)
def test_each_broken_file_gets_exactly_its_checks_message(
    name: str, code: str, line: int, column: int, message: str
) -> None:
    report = lint_paths([CORPUS / name], config=LintConfig(), builtin=False)
    got = [(f.code, f.line, f.column, f.message) for f in report.findings]
    assert got == [(code, line, column, message)]
    (finding,) = report.findings
    assert str(finding) == f"{CORPUS / name}:{line}:{column}: [{code}] {message}"
    assert finding.severity is CHECKS[code].severity


@pytest.mark.parametrize("language", ["fr", "es", "ar"])
def test_a_rule_author_reads_the_findings_in_their_language(language: str) -> None:
    # The same check at the same place in every language (the lint files a problem by its
    # kind, not by its English words); the message itself is translated.
    from rightsrules.i18n import using

    with using(language):
        for name, code, line, column, message in EXPECTED:
            report = lint_paths([CORPUS / name], config=LintConfig(), builtin=False)
            got = [(f.code, f.line, f.column) for f in report.findings]
            assert got == [(code, line, column)], name
            if code not in ("syntax/yaml", "schema/invalid"):  # their words come from the parser
                assert report.findings[0].message != message, name
        translated = report.summary()
    assert translated != report.summary()  # the English one


def test_a_clean_file_gets_nothing() -> None:
    assert lint_paths([CORPUS / "clean.yaml"], config=LintConfig(), builtin=False).findings == ()


def test_the_built_in_rules_lint_without_errors() -> None:
    report = lint_paths([builtin_rules_dir()], config=LintConfig())
    assert report.errors == (), "\n".join(map(str, report.errors))


def lint_text(tmp_path: Path, when: str, then: str = "strategy:boycott") -> list[str]:
    path = tmp_path / "r.yaml"
    path.write_text(
        f"rules:\n  - id: t.rule\n    title: T\n    when: {when}\n    then: [{then}]\n"
        "    because: B.\n    sources: [II.d]\n"
    )
    config = LintConfig({"schema/modeline": Severity.IGNORE, "tests": Severity.IGNORE})
    return [f.message for f in lint_paths([path], config=config, builtin=False).findings]


@pytest.mark.parametrize(
    "when",
    [
        "{company.size: large, not: {company.size: large}}",
        "{in: {company.size: [small, medium]}, company.size: large}",
        "{company.licensed: true, unknown: company.licensed}",
        "{company.departments: [], contains: {company.departments: legal}}",
        "{contains: {company.departments: legal}, not: {contains: {company.departments: legal}}}",
        "{in: {company.departments: [legal, csr]}, not: {in: {company.departments: [csr, legal]}}}",
        "{any: [{company.type: isp}, {company.type: app_store}], company.type: cloud_company}",
        "{not: {in: {company.publicly_traded: [true, false]}}}",
    ],
)
def test_conditions_that_can_never_hold_are_found(tmp_path: Path, when: str) -> None:
    (message,) = lint_text(tmp_path, when)
    assert message.startswith("the condition can never hold: ")


@pytest.mark.parametrize(
    "when",
    [
        "{company.size: large, not: {company.size: small}}",
        "{any: [{company.type: isp}, {company.type: app_store}], not: {company.type: isp}}",
        "{contains: {company.departments: legal}, not: {contains: {company.departments: csr}}}",
        "{company.name: Example, not: {company.name: Other}}",
        "{known: company.size, not: {company.size: small}}",
    ],
)
def test_conditions_that_can_hold_are_left_alone(tmp_path: Path, when: str) -> None:
    assert lint_text(tmp_path, when) == []


def test_severities_come_from_the_nearest_pyproject(tmp_path: Path) -> None:
    (tmp_path / "pyproject.toml").write_text(
        '[tool.rightsrules.lint]\nlogic = "warning"\n"logic/redundant" = "ignore"\n'
    )
    (tmp_path / "deep").mkdir()
    config = load_lint_config(tmp_path / "deep")
    assert config.severity("logic/cycle") is Severity.WARNING
    assert config.severity("logic/redundant") is Severity.IGNORE
    assert config.severity("schema/invalid") is Severity.ERROR
    assert config.source == str(tmp_path / "pyproject.toml")


def test_a_bad_lint_setting_is_refused_with_its_key(tmp_path: Path) -> None:
    (tmp_path / "pyproject.toml").write_text(
        '[tool.rightsrules.lint]\nlogik = "error"\n"logic/cycle" = "fatal"\n'
    )
    with pytest.raises(InputError) as caught:
        load_lint_config(tmp_path)
    message = str(caught.value)
    assert "tool.rightsrules.lint.logik: not a lint category or check (did you mean" in message
    assert "tool.rightsrules.lint.logic/cycle: 'fatal': expected one of error" in message


def test_cli_exit_status_and_formats(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    bad = str(CORPUS / "logic-unsatisfiable.yaml")
    assert main(["lint", "--no-builtin", bad]) == 1
    out = capsys.readouterr().out
    assert f"{bad}:5:5: [logic/unsatisfiable] the condition can never hold" in out
    assert out.rstrip().endswith("1 error, 0 warnings in 1 file")
    assert main(["lint", "--no-builtin", str(CORPUS / "logic-redundant.yaml")]) == 0
    capsys.readouterr()
    assert main(["lint", "--no-builtin", "--format", "json", bad]) == 1
    data = json.loads(capsys.readouterr().out)
    assert data["errors"] == 1
    assert data["findings"][0]["check"] == "logic/unsatisfiable"
    assert data["findings"][0]["severity"] == "error"
    (tmp_path / "pyproject.toml").write_text('[tool.rightsrules.lint]\nlogic = "ignore"\n')
    assert main(["lint", "--no-builtin", bad]) == 0
    assert main(["lint", str(tmp_path / "missing")]) == 2


@pytest.mark.parametrize("text", ["rules: 1\n", "conclusions: 5\nrules: []\n", "rules: {a: 1}\n"])
def test_top_level_sections_that_are_not_lists_are_schema_errors(tmp_path: Path, text: str) -> None:
    path = tmp_path / "r.yaml"
    path.write_text(text, encoding="utf-8")
    report = lint_paths([path], builtin=False)
    assert [f.code for f in report.findings if f.code == "schema/invalid"]
    assert report.errors


@pytest.mark.parametrize(
    "rule",
    [
        "when: {company.typ: isp}\n    then: [strategy:boycott]",
        "when: {company.type: ips}\n    then: [strategy:boycott]",
        "when: {company.type: isp}\n    assume: {company.sise: large}",
        "when: {company.type: isp}\n    assume: {company.size: huge, company.licensed: 3}",
        "when: {concluded: strategy:boycott}\n    assume: {company.size: large}",
        # both at once: the linter, like the loader, reports each
        "when: {concluded: strategy:boycott}\n    assume: {company.size: huge}",
    ],
)
def test_the_linter_reads_a_rule_with_the_loaders_reader(tmp_path: Path, rule: str) -> None:
    path = tmp_path / "r.yaml"
    path.write_text(
        "rules:\n  - id: demo.broken\n    title: Broken\n"
        f"    {rule}\n    because: B.\n    sources: [appendix.isp]\n",
        encoding="utf-8",
    )
    with pytest.raises(InputError) as loading:
        load_rule_file(path)
    loaded = [(problem.line, problem.message) for problem in loading.value.problems]
    linted = [
        (finding.line, finding.message)
        for finding in lint_paths([path], builtin=False, tests=[]).findings
        if finding.code.split("/")[0] in ("vocabulary", "schema")
        and finding.code != "schema/modeline"
    ]
    assert linted == sorted(loaded)
