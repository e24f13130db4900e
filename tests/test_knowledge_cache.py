"""The knowledge-base cache: the same model as reading the files, rebuilt whenever a file
changes or the cache file is damaged, plain JSON, and never in the way of a command."""

from __future__ import annotations

import ast
import enum
import json
import os
import shutil
import subprocess
import sys
from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import Any

import attrs
import pytest

from rightsrules import KnowledgeBase, knowledge, knowledge_cache, load_knowledge_base
from rightsrules.errors import OutputError

from .conftest import SEED

ROOT = Path(__file__).parents[1]
PACK_RULES = ROOT / "examples" / "rulepack" / "src" / "rightsrules_payments" / "rules"
EXAMPLE = ROOT / "facts" / "examples" / "mno-network-shutdown.yaml"


@pytest.fixture()
def cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """An empty cache folder of this test's own; each load reads the files or the cache, not
    the in-process memo."""
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    monkeypatch.delenv("RIGHTSRULES_NO_CACHE", raising=False)
    knowledge._load.cache_clear()
    yield tmp_path / "xdg" / "rightsrules"
    knowledge._load.cache_clear()


def model(value: Any) -> Any:
    """Everything a value holds, attrs fields that take no part in ``==`` included (a rule's
    file, line and conjunctions, the compiled program, the indexes), in order."""
    if attrs.has(type(value)):
        return (
            type(value).__name__,
            {
                field.name: model(getattr(value, field.name))
                for field in attrs.fields(type(value))
                if field.name != "_cache"  # the bag of derived values, empty when loaded
            },
        )
    if isinstance(value, Mapping):
        return [(model(k), model(v)) for k, v in value.items()]
    if isinstance(value, tuple | list):
        return [model(item) for item in value]
    if isinstance(value, set | frozenset):
        return sorted(map(model, value), key=repr)
    assert value is None or isinstance(value, str | int | bool | enum.Enum), type(value)
    return (type(value).__name__, value)


def fresh(*args: Any, **options: Any) -> KnowledgeBase:
    """The knowledge base read from its files, with no cache at all."""
    knowledge._load.cache_clear()
    previous = os.environ.get("RIGHTSRULES_NO_CACHE")
    os.environ["RIGHTSRULES_NO_CACHE"] = "1"
    try:
        return load_knowledge_base(*args, **options)
    finally:
        if previous is None:
            del os.environ["RIGHTSRULES_NO_CACHE"]
        else:
            os.environ["RIGHTSRULES_NO_CACHE"] = previous
        knowledge._load.cache_clear()


def from_cache_only(monkeypatch: pytest.MonkeyPatch, *args: Any, **options: Any) -> KnowledgeBase:
    """Load with reading the files forbidden: only the cache can answer."""

    def refuse(paths: Any) -> KnowledgeBase:
        raise AssertionError("the files were read: the cache did not answer")

    knowledge._load.cache_clear()
    with monkeypatch.context() as patch:
        patch.setattr(knowledge, "_read", refuse)
        return load_knowledge_base(*args, **options)


def cache_files(folder: Path) -> list[Path]:
    return sorted(folder.glob("knowledge-*.json"))


def test_the_cached_knowledge_base_is_the_one_read_from_the_files(
    cache: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    expected = fresh()
    written = load_knowledge_base()  # reads the files, writes the cache
    assert len(cache_files(cache)) == 1
    again = from_cache_only(monkeypatch)
    assert again is not written
    assert model(again) == model(written) == model(expected)
    assert again == expected
    assert len(again.rules) > 100 and again.resources and again.sections  # not a trivial case


def test_the_seed_knowledge_base_round_trips_through_json() -> None:
    kb = fresh([SEED / "rules"], builtin=False, facts_dir=SEED / "facts")
    data = json.loads(json.dumps(knowledge_cache.to_data(kb)))
    assert model(knowledge_cache.from_data(data)) == model(kb)


def test_an_edited_rule_file_is_read_again(
    cache: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    rules = tmp_path / "rules"
    shutil.copytree(SEED / "rules", rules)
    options: dict[str, Any] = {"builtin": False, "facts_dir": SEED / "facts"}
    first = load_knowledge_base([rules], **options)
    assert from_cache_only(monkeypatch, [rules], **options) == first
    seed = rules / "seed.yaml"
    text = seed.read_text(encoding="utf-8")
    title = first.rules[0].title
    assert text.count(title) == 1
    # The same size and modification time: only the content tells the change.
    info = seed.stat()
    seed.write_text(text.replace(title, title[::-1]), encoding="utf-8")
    os.utime(seed, ns=(info.st_atime_ns, info.st_mtime_ns))
    assert seed.stat().st_size == info.st_size
    knowledge._load.cache_clear()
    edited = load_knowledge_base([rules], **options)
    assert edited.rules[0].title == title[::-1]
    assert model(edited) == model(fresh([rules], **options))
    assert from_cache_only(monkeypatch, [rules], **options).rules[0].title == title[::-1]
    assert len(cache_files(cache)) == 1  # the stale file was replaced, not kept beside


def test_an_edited_catalogue_is_read_again(cache: Path, tmp_path: Path) -> None:
    facts = tmp_path / "facts"
    shutil.copytree(SEED / "facts", facts)
    options: dict[str, Any] = {"builtin": False, "facts_dir": facts}
    before = load_knowledge_base([SEED / "rules"], **options)
    sections = facts / "sections.yaml"
    heading = next(iter(before.sections.values())).heading
    sections.write_text(
        sections.read_text(encoding="utf-8").replace(heading, "A new heading"), encoding="utf-8"
    )
    knowledge._load.cache_clear()
    after = load_knowledge_base([SEED / "rules"], **options)
    assert next(iter(after.sections.values())).heading == "A new heading"


@pytest.mark.parametrize(
    "damage",
    [
        pytest.param(lambda text: text[: len(text) // 2], id="torn"),
        pytest.param(lambda text: "\x00\xff not json", id="garbage"),
        pytest.param(lambda text: "[]", id="not-a-mapping"),
        pytest.param(
            lambda text: json.dumps({**json.loads(text), "knowledge_base": {"rules": 7}}),
            id="right-key-wrong-data",
        ),
        pytest.param(lambda text: json.dumps({**json.loads(text), "format": 0}), id="other-format"),
    ],
)
def test_a_damaged_cache_is_ignored_and_rebuilt(
    cache: Path, monkeypatch: pytest.MonkeyPatch, damage: Any
) -> None:
    options: dict[str, Any] = {"builtin": False, "facts_dir": SEED / "facts"}
    expected = load_knowledge_base([SEED / "rules"], **options)
    [path] = cache_files(cache)
    path.write_text(damage(path.read_text(encoding="utf-8")), encoding="utf-8")
    knowledge._load.cache_clear()
    assert model(load_knowledge_base([SEED / "rules"], **options)) == model(expected)
    assert model(from_cache_only(monkeypatch, [SEED / "rules"], **options)) == model(expected)


def test_an_unreadable_cache_file_is_read_around(cache: Path) -> None:
    options: dict[str, Any] = {"builtin": False, "facts_dir": SEED / "facts"}
    expected = load_knowledge_base([SEED / "rules"], **options)
    [path] = cache_files(cache)
    path.unlink()
    path.mkdir()  # reading it fails, and so does writing it
    knowledge._load.cache_clear()
    assert model(load_knowledge_base([SEED / "rules"], **options)) == model(expected)
    assert path.is_dir()


def test_the_cache_is_json_and_nothing_else(cache: Path) -> None:
    load_knowledge_base()
    [path] = cache_files(cache)
    document = json.loads(path.read_text(encoding="utf-8"))
    assert set(document) == {"format", "key", "knowledge_base"}
    assert model(knowledge_cache.from_data(document["knowledge_base"])) == model(fresh())
    source = Path(knowledge_cache.__file__).read_text(encoding="utf-8")
    imported = set()
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            imported |= {alias.name.split(".")[0] for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module:
            imported.add(node.module.split(".")[0])
    assert not imported & {"pickle", "marshal", "shelve", "dill", "cloudpickle"}
    assert "eval(" not in source and "exec(" not in source


def test_a_rule_pack_folder_is_part_of_the_key(
    cache: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    pack = tmp_path / "pack"
    shutil.copytree(PACK_RULES, pack)
    plain = load_knowledge_base()
    with_pack = load_knowledge_base([pack])
    assert len(cache_files(cache)) == 2  # one file for each set of folders
    assert model(with_pack) == model(fresh([pack]))
    assert len(with_pack.rules) > len(plain.rules)
    assert model(from_cache_only(monkeypatch)) == model(plain)
    assert model(from_cache_only(monkeypatch, [pack])) == model(with_pack)
    rule_file = next(p for p in sorted(pack.glob("*.yaml")) if "rules:" in p.read_text())
    title = next(r.title for r in with_pack.rules if r.file == str(rule_file))
    rule_file.write_text(rule_file.read_text().replace(title, "An edited title", 1))
    knowledge._load.cache_clear()
    edited = load_knowledge_base([pack])
    assert "An edited title" in {rule.title for rule in edited.rules}
    assert model(edited) == model(fresh([pack]))
    assert model(from_cache_only(monkeypatch)) == model(plain)  # the other file is untouched


def test_a_cache_that_cannot_be_written_changes_nothing(
    cache: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    expected = model(fresh())
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder")
    monkeypatch.setenv("XDG_CACHE_HOME", str(blocker))  # the folder cannot be made
    assert model(load_knowledge_base()) == expected
    knowledge._load.cache_clear()

    def full_disk(*args: Any, **kwargs: Any) -> None:
        raise OutputError("cache", "no space left on the device")

    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    monkeypatch.setattr("rightsrules.io.write.write_text", full_disk)
    assert model(load_knowledge_base()) == expected
    assert not cache_files(cache)


def test_the_cache_can_be_turned_off(cache: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("RIGHTSRULES_NO_CACHE", "1")
    load_knowledge_base()
    assert not cache.exists()
    monkeypatch.setenv("RIGHTSRULES_NO_CACHE", "0")
    knowledge._load.cache_clear()
    load_knowledge_base()
    assert len(cache_files(cache)) == 1


def run_advise(environment: dict[str, str]) -> subprocess.CompletedProcess[str]:
    binary = Path(sys.executable).with_name("rightsrules")
    return subprocess.run(
        [str(binary), "advise", str(EXAMPLE), "--format", "json"],
        env={**os.environ, **environment},
        capture_output=True,
        text=True,
        check=False,
    )


def test_the_command_line_gives_the_same_advice_from_the_cache(tmp_path: Path) -> None:
    uncached = run_advise({"RIGHTSRULES_NO_CACHE": "1"})
    writing = run_advise({"XDG_CACHE_HOME": str(tmp_path), "RIGHTSRULES_NO_CACHE": ""})
    assert cache_files(tmp_path / "rightsrules")
    reading = run_advise({"XDG_CACHE_HOME": str(tmp_path), "RIGHTSRULES_NO_CACHE": ""})
    blocked = tmp_path / "file"
    blocked.write_text("")
    unwritable = run_advise({"XDG_CACHE_HOME": str(blocked), "RIGHTSRULES_NO_CACHE": ""})
    for result in (uncached, writing, reading, unwritable):
        assert (result.returncode, result.stderr) == (0, "")
        assert result.stdout == uncached.stdout
    assert json.loads(uncached.stdout)["conclusions"]


def test_the_cache_folder_follows_xdg(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    assert knowledge_cache.cache_folder() == tmp_path / "rightsrules"
    monkeypatch.delenv("XDG_CACHE_HOME")
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    assert knowledge_cache.cache_folder() == tmp_path / "home" / ".cache" / "rightsrules"


def test_a_rule_pack_installed_after_a_run_is_found(
    cache: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    site = tmp_path / "site"
    site.mkdir()
    monkeypatch.syspath_prepend(str(site))
    assert knowledge.rulepacks() == ()  # remembered: no pack in this environment
    assert list(cache.glob("entry-points-*.json"))
    (site / "latepack.py").write_text(f"RULES = {str(PACK_RULES)!r}\n")
    info = site / "late_pack-0.1.dist-info"
    info.mkdir()
    (info / "METADATA").write_text("Metadata-Version: 2.1\nName: late-pack\nVersion: 0.1\n")
    (info / "entry_points.txt").write_text(f"[{knowledge.RULEPACK_GROUP}]\nlate = latepack:RULES\n")
    [pack] = knowledge.rulepacks()
    assert (pack.name, pack.path, pack.origin) == (
        "late",
        PACK_RULES,
        "late-pack 0.1: latepack:RULES",
    )
    assert [p.name for p in knowledge.rulepacks()] == ["late"]  # now from the cache
    (info / "entry_points.txt").write_text(f"[{knowledge.RULEPACK_GROUP}]\n")
    assert knowledge.rulepacks() == ()  # its entry point taken away


def test_old_cache_files_are_pruned_and_the_newest_kept(
    cache: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Each set of rule files has its own cache file; beyond KEEP of them the least recently
    written go, and the one just written is always kept."""
    monkeypatch.setattr(knowledge_cache, "KEEP", 3)
    rules = ROOT / "rules"
    paths = []
    for number in range(5):
        folder = tmp_path / f"rules-{number}"
        shutil.copytree(rules, folder, ignore=shutil.ignore_patterns("tests"))
        knowledge._load.cache_clear()
        load_knowledge_base([folder], builtin=False)
        written = sorted(cache.glob("knowledge-*.json"), key=lambda p: p.stat().st_mtime_ns)
        paths.append(written[-1])
        os.utime(written[-1], ns=(number * 10**9, number * 10**9))  # a clear order
    left = sorted(cache.glob("knowledge-*.json"))
    assert len(left) == 3
    assert set(left) == set(paths[-3:])
