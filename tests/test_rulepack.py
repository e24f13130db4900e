"""Rule packs: the example pack installs, its rules load everywhere, its tests pass; broken
packs are named in the error."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from rightsrules import KnowledgeBaseError, load_knowledge_base
from rightsrules.knowledge import RULEPACK_GROUP, rulepacks
from rightsrules.lint import LintConfig, lint_paths

ROOT = Path(__file__).parents[1]
PACK = ROOT / "examples" / "rulepack"
PACK_RULES = PACK / "src" / "rightsrules_payments" / "rules"
BIN = Path(sys.executable).parent


@pytest.fixture(scope="module")
def installed(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The example pack pip-installed into a folder of its own (no network, no isolation)."""
    target = tmp_path_factory.mktemp("site")
    subprocess.run(
        [sys.executable, "-m", "pip", "install", "--quiet", "--no-deps",
         "--no-build-isolation", "--no-index", "--target", str(target), str(PACK)],
        check=True,
        capture_output=True,
    )  # fmt: skip
    return target


def rightsrules(site: Path, *args: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PYTHONPATH": str(site)}
    return subprocess.run(
        [str(BIN / "rightsrules"), *args], env=env, capture_output=True, text=True, check=False
    )


def test_installed_pack_rules_appear_in_rightsrules_rules(installed: Path) -> None:
    result = rightsrules(installed, "rules", "--format", "json")
    assert result.returncode == 0, result.stderr
    rules = {rule["id"]: rule for rule in json.loads(result.stdout)["rules"]}
    assert {"payments.account-closures", "payments.transaction-data"} <= set(rules)
    assert rules["payments.account-closures"]["file"].startswith(str(installed))
    assert "mno.licensed-by-default" in rules  # the built-in rules are still there


def test_installed_pack_tests_pass_under_rightsrules_test(installed: Path) -> None:
    result = rightsrules(installed, "test", "--format", "json")
    assert result.returncode == 0, result.stdout + result.stderr
    files = {case["file"] for case in json.loads(result.stdout)["cases"]}
    assert str(installed / "rightsrules_payments" / "rules" / "tests" / "payments.yaml") in files
    own = installed / "rightsrules_payments" / "rules" / "tests"
    covered = rightsrules(installed, "test", str(own), "--threshold", "100")
    assert covered.returncode == 0, covered.stdout + covered.stderr
    assert "rules:       3/3 fired in some case and not fired in another" in covered.stdout


def test_installed_pack_advice_says_it_goes_beyond_the_guide(
    installed: Path, tmp_path: Path
) -> None:
    scenario = tmp_path / "pay.yaml"
    scenario.write_text("company: {name: Example Pay, type: payment_processor}\n")
    result = rightsrules(installed, "advise", str(scenario), "--format", "json")
    assert result.returncode == 0, result.stderr
    advice = {c["id"]: c for c in json.loads(result.stdout)["conclusions"]}
    assert "scope:outside_guide_company_type" in advice
    assert advice["challenge:payment_account_closures"]["sources"] == ["I.scope"]


def test_the_pack_source_lints_clean_and_every_rule_cites_the_scope() -> None:
    report = lint_paths([PACK_RULES], config=LintConfig())
    assert report.findings == ()
    kb = load_knowledge_base([PACK_RULES])
    pack_rules = [rule for rule in kb.rules if rule.id.startswith("payments.")]
    assert pack_rules
    for rule in pack_rules:
        assert "I.scope" in rule.sources
        assert "guide" in rule.because


@pytest.fixture
def fake_packs(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """A folder on sys.path where tests write distributions offering rule packs."""
    monkeypatch.syspath_prepend(str(tmp_path))
    yield tmp_path


def offer(site: Path, name: str, value: str) -> None:
    info = site / f"fake_{name}-0.1.dist-info"
    info.mkdir()
    (info / "METADATA").write_text(f"Metadata-Version: 2.1\nName: fake-{name}\nVersion: 0.1\n")
    (info / "entry_points.txt").write_text(f"[{RULEPACK_GROUP}]\n{name} = {value}\n")


def test_a_pack_may_name_a_path_and_is_read_once(fake_packs: Path) -> None:
    (fake_packs / "fakepack.py").write_text(f"RULES = {str(PACK_RULES)!r}\n")
    offer(fake_packs, "fake", "fakepack:RULES")
    assert [pack.name for pack in rulepacks()] == ["fake"]
    kb = load_knowledge_base([PACK_RULES])  # the same folder as a pack and a path
    assert sum(rule.id == "payments.account-closures" for rule in kb.rules) == 1
    assert "payments.account-closures" not in {
        rule.id for rule in load_knowledge_base(rulepacks=False).rules
    }


@pytest.mark.parametrize(
    ("module", "value", "fragment"),
    [
        (None, "no_such_module:rules", "cannot be loaded: ModuleNotFoundError"),
        ("VALUE = 3\n", "brokenpack:VALUE", "gives int, not a folder path"),
        ("def where():\n    return '/no/such/folder'\n", "brokenpack:where", "not a folder"),
        ("def where():\n    raise RuntimeError('boom')\n", "brokenpack:where", "boom"),
    ],
)
def test_a_broken_pack_is_named_in_the_error(
    fake_packs: Path, module: str | None, value: str, fragment: str
) -> None:
    if module is not None:
        (fake_packs / "brokenpack.py").write_text(module)
    offer(fake_packs, "broken", value)
    sys.modules.pop("brokenpack", None)
    with pytest.raises(KnowledgeBaseError) as caught:
        load_knowledge_base()
    message = str(caught.value)
    assert "rule pack 'broken' (fake-broken 0.1: " in message
    assert fragment in message
    assert load_knowledge_base(rulepacks=False).rules  # the flag leaves packs alone
