"""The checked knowledge base, kept as JSON data between runs, so a command starts fast.

Reading and checking the rule files (YAML, the rule schema, the cross-file checks) is most of
the time a short command takes. Once checked, the knowledge base is written to a cache file as
plain JSON (never pickle: the file is data, read by ``json`` and rebuilt into the frozen model,
so a planted file can at worst give a wrong answer for its own key, never run code). A later
run reads it back when its key still matches: a hash of the content (and names) of every rule
and catalogue file read, the package version, and the package's own files (so a checkout whose
code was edited never reads a cache written by other code).

- Where: ``$XDG_CACHE_HOME/rightsrules`` (``~/.cache/rightsrules`` when it is not set), one
  file for each set of rule folders and files, replaced when its key no longer matches.
- ``RIGHTSRULES_NO_CACHE=1`` (any value but ``0`` or empty) turns it off: every run reads
  and checks the files.
- A cache file that cannot be read or does not parse, or that holds other data, is ignored
  and rebuilt; one that cannot be written (read-only home, full disk) is skipped in silence:
  the cache never changes what a command does, only how soon it starts.

>>> import pathlib, tempfile
>>> from rightsrules.knowledge import builtin_rules_dir, load_knowledge_base
>>> folder = pathlib.Path(tempfile.mkdtemp())
>>> calls = []
>>> def build():
...     calls.append(1)
...     return load_knowledge_base()
>>> files = [builtin_rules_dir() / "01-company-types.yaml"]
>>> first = cached(files, build, folder=folder)
>>> again = cached(files, build, folder=folder)
>>> len(calls), again == first, again is first
(1, True, False)
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import sys
from collections.abc import Callable, Iterable, Mapping, Sequence
from pathlib import Path
from typing import Any

from ._version import __version__
from .conditions import All, AnyOf, Condition, Literal, Not, Op
from .errors import RightsRulesError, RuleFileError
from .io.read import read_bytes
from .knowledge import KnowledgeBase, Resource, Section
from .rules import ConclusionInfo, Rule
from .scenario import FactValue

__all__ = [
    "FORMAT",
    "cache_folder",
    "cached",
    "enabled",
    "entry_points",
    "from_data",
    "key",
    "store",
    "to_data",
]

#: The layout of a cache file; a file of another layout is rebuilt.
FORMAT = 1

_PACKAGE = Path(__file__).resolve().parent


def enabled() -> bool:
    """Whether the cache is on (``RIGHTSRULES_NO_CACHE`` unset, empty or ``0``)."""
    return os.environ.get("RIGHTSRULES_NO_CACHE", "") in ("", "0")


def cache_folder() -> Path:
    """The folder of the cache files: ``$XDG_CACHE_HOME/rightsrules``, else
    ``~/.cache/rightsrules``."""
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return Path(base) / "rightsrules"


def key(files: Iterable[Path]) -> str:
    """The hash a cached knowledge base must carry to stand for these files as they are now:
    their names and bytes (an absent file counts as absent), the package version and its
    code. Read as the rule files are (regular files within the size limit), so a device or a
    FIFO among them is a :class:`~rightsrules.errors.RuleFileError`, not a read without end."""
    digest = hashlib.sha256(f"rightsrules {__version__} cache {FORMAT}\0".encode())
    digest.update(_code_digest().encode())
    for path in files:
        digest.update(os.fsencode(path) + b"\0")
        if not os.path.lexists(path):
            digest.update(b"absent\0")
            continue
        digest.update(hashlib.sha256(read_bytes(path, error=RuleFileError)).digest())
    return digest.hexdigest()


def _code_digest() -> str:
    """A hash of the name, size and modification time of every file of the package."""
    digest = hashlib.sha256()
    folders = [_PACKAGE]
    while folders:
        with os.scandir(folders.pop()) as entries:
            for entry in sorted(entries, key=lambda e: e.name):
                if entry.is_dir():
                    if entry.name != "__pycache__":
                        folders.append(Path(entry.path))
                elif entry.name.endswith((".py", ".json", ".yaml")):
                    info = entry.stat()
                    digest.update(f"{entry.path}\0{info.st_size}\0{info.st_mtime_ns}\0".encode())
    return digest.hexdigest()


def entry_points(
    group: str, discover: Callable[[str], list[tuple[str, str, str]]]
) -> list[tuple[str, str, str]]:
    """``discover(group)``: the entry points of ``group`` as (name, value, origin), kept from
    an earlier run while nothing it was read from has changed: the folders on ``sys.path``,
    the distributions in each and their ``entry_points.txt``. (Finding them needs
    ``importlib.metadata``, whose import costs a short command more than the rest of loading
    the knowledge base from the cache.)"""
    if not enabled():
        return discover(group)
    wanted = _distributions_digest(group)
    names = hashlib.sha256("\0".join(sys.path).encode(errors="surrogateescape")).hexdigest()
    path = cache_folder() / f"entry-points-{names[:24]}.json"
    try:
        document = json.loads(path.read_bytes())
        if document["format"] == FORMAT and document["key"] == wanted:
            return [(str(n), str(v), str(o)) for n, v, o in document["entry_points"]]
    except (OSError, ValueError, LookupError, TypeError):
        pass  # absent, unreadable, torn, or not what this code writes: find them again
    found = discover(group)
    _write(path, {"format": FORMAT, "key": wanted, "entry_points": found})
    return found


def _distributions_digest(group: str) -> str:
    digest = hashlib.sha256(f"{group}\0".encode())
    for entry in sys.path:
        digest.update(os.fsencode(entry) + b"\0")
        try:
            with os.scandir(entry or ".") as children:
                names = sorted(c.name for c in children if c.name.endswith(_METADATA))
        except OSError:  # a zip archive, a file or nothing: its own size and time then
            with contextlib.suppress(OSError):
                info = os.stat(entry)
                digest.update(f"{info.st_size} {info.st_mtime_ns}\0".encode())
            continue
        for name in names:
            try:
                info = os.stat(os.path.join(entry or ".", name, "entry_points.txt"))
                digest.update(f"{name} {info.st_size} {info.st_mtime_ns}\0".encode())
            except OSError:
                digest.update(f"{name} -\0".encode())
    return digest.hexdigest()


_METADATA = (".dist-info", ".egg-info", ".DIST-INFO", ".EGG-INFO")


def cached(
    files: Sequence[Path],
    build: Callable[[], KnowledgeBase],
    *,
    folder: Path | None = None,
) -> KnowledgeBase:
    """The knowledge base read from ``files``: from the cache when its key matches, else
    ``build()``, which is then cached (when the cache folder can be written)."""
    if folder is None:
        folder = cache_folder()
    try:
        wanted = key(files)
    except (OSError, RightsRulesError):
        return build()  # which says which file cannot be read, and why
    names = hashlib.sha256("\0".join(map(str, files)).encode()).hexdigest()[:24]
    path = folder / f"knowledge-{names}.json"
    found = _read(path, wanted)
    if found is not None:
        return found
    kb = build()
    _store(path, wanted, kb)
    return kb


def _read(path: Path, wanted: str) -> KnowledgeBase | None:
    try:
        document = json.loads(path.read_bytes())
        if document["format"] != FORMAT or document["key"] != wanted:
            return None
        return from_data(document["knowledge_base"])
    except (OSError, ValueError, LookupError, TypeError, AttributeError):
        return None  # absent, unreadable, torn, or not what this code writes: rebuild it


def _store(path: Path, wanted: str, kb: KnowledgeBase) -> None:
    _write(path, {"format": FORMAT, "key": wanted, "knowledge_base": to_data(kb)})


def store(path: Path, document: Mapping[str, Any]) -> None:
    """Write a cache file of another module's (a catalogue read, say) as these are written:
    atomically, or not at all, the oldest of its kind pruned."""
    _write(path, document)


def _write(path: Path, document: Mapping[str, Any]) -> None:
    """Write a cache file atomically, or nothing when it cannot be (the cache is optional)."""
    from .errors import OutputError
    from .io.write import write_text

    text = json.dumps(document, ensure_ascii=False, separators=(",", ":"))
    with contextlib.suppress(OSError, OutputError):
        path.parent.mkdir(parents=True, exist_ok=True)
        write_text(path, text)
        _prune(path)


#: Cache files of one kind kept in the folder; the least recently written beyond it go.
KEEP = 16


def _prune(written: Path) -> None:
    """Remove the files of ``written``'s kind (``knowledge-`` or ``entry-points-``) beyond
    the :data:`KEEP` most recently written: each checkout, rule folder or ``sys.path`` has its
    own file, and without this they would pile up. A file removed here that another process
    still wanted is rebuilt by it: the cache never changes what a command does.

    >>> import pathlib, tempfile
    >>> folder = pathlib.Path(tempfile.mkdtemp())
    >>> for number in range(KEEP + 3):
    ...     path = folder / f"knowledge-{number:02}.json"
    ...     _ = path.write_text("{}")
    ...     os.utime(path, (number, number))
    >>> _ = (folder / "notes.txt").write_text("mine")
    >>> _prune(folder / f"knowledge-{KEEP + 2:02}.json")
    >>> sorted(p.name for p in folder.iterdir())[:2], len(list(folder.iterdir()))
    (['knowledge-03.json', 'knowledge-04.json'], 17)
    """
    kind = written.name.rsplit("-", 1)[0] + "-"  # the name without its hash
    found = []
    with os.scandir(written.parent) as entries:
        for entry in entries:
            if entry.name.startswith(kind) and entry.name.endswith(".json"):
                with contextlib.suppress(OSError):
                    found.append((entry.stat().st_mtime_ns, entry.name))
    for _, name in sorted(found, reverse=True)[KEEP:]:
        with contextlib.suppress(OSError):
            os.unlink(os.path.join(written.parent, name))


# --- the model as JSON data, and back ------------------------------------------------------


def to_data(kb: KnowledgeBase) -> dict[str, Any]:
    """The knowledge base as JSON-ready data (everything :func:`from_data` needs).

    >>> from rightsrules import load_knowledge_base
    >>> kb = load_knowledge_base()
    >>> from_data(json.loads(json.dumps(to_data(kb)))) == kb
    True
    """
    return {
        "rules": [_rule(rule) for rule in kb.rules],
        "conclusions": [_conclusion(info) for info in kb.conclusions.values()],
        "sections": [[s.id, s.heading, s.summary] for s in kb.sections.values()],
        "resources": [[r.id, r.name, r.url, r.summary, list(r.conclusions)] for r in kb.resources],
        "version": kb.version,
        "files": list(kb.files),
    }


def from_data(data: Mapping[str, Any]) -> KnowledgeBase:
    """The knowledge base :func:`to_data` wrote."""
    conclusions = [_read_conclusion(item) for item in data["conclusions"]]
    return KnowledgeBase(
        rules=tuple(_read_rule(item) for item in data["rules"]),
        conclusions={info.id: info for info in conclusions},
        sections={item[0]: Section(*item) for item in data["sections"]},
        resources=tuple(
            Resource(i, name, url, summary, tuple(ids))
            for i, name, url, summary, ids in data["resources"]
        ),
        version=data["version"],
        files=tuple(data["files"]),
    )


def _rule(rule: Rule) -> dict[str, Any]:
    return {
        "id": rule.id,
        "title": rule.title,
        "when": _condition(rule.when),
        "because": rule.because,
        "sources": list(rule.sources),
        "then": list(rule.then),
        "assume": [[path, _value(value)] for path, value in rule.assume],
        "rank": [list(pair) for pair in rule.rank],
        "priority": rule.priority,
        "file": rule.file,
        "line": rule.line,
    }


def _read_rule(item: Mapping[str, Any]) -> Rule:
    return Rule(
        id=item["id"],
        title=item["title"],
        when=_read_condition(item["when"]),
        because=item["because"],
        sources=tuple(item["sources"]),
        then=tuple(item["then"]),
        assume=tuple((path, _read_value(value)) for path, value in item["assume"]),
        rank=tuple((cid, weight) for cid, weight in item["rank"]),
        priority=item["priority"],
        file=item["file"],
        line=item["line"],
    )


def _conclusion(info: ConclusionInfo) -> list[Any]:
    return [info.id, info.title, info.summary, list(info.sources), info.phase, info.file, info.line]


def _read_conclusion(item: Sequence[Any]) -> ConclusionInfo:
    cid, title, summary, sources, phase, file, line = item
    return ConclusionInfo(cid, title, summary, tuple(sources), phase, file, line)


def _condition(condition: Condition) -> dict[str, Any]:
    if isinstance(condition, Literal):
        return {
            "op": condition.op.value,
            "path": condition.path,
            "values": [_value(value) for value in condition.values],
            "conclusion": condition.conclusion,
            "guess": condition.guess,
        }
    if isinstance(condition, Not):
        return {"not": _condition(condition.child)}
    name = "all" if isinstance(condition, All) else "any"
    return {name: [_condition(child) for child in condition.children]}


def _read_condition(item: Mapping[str, Any]) -> Condition:
    if "op" in item:
        return Literal(
            Op(item["op"]),
            item["path"],
            tuple(_read_value(value) for value in item["values"]),
            item["conclusion"],
            item["guess"],
        )
    if "not" in item:
        return Not(_read_condition(item["not"]))
    if "all" in item:
        return All(tuple(_read_condition(child) for child in item["all"]))
    return AnyOf(tuple(_read_condition(child) for child in item["any"]))


def _value(value: FactValue) -> bool | str | list[str]:
    """A fact value as JSON: a list field's tuple as a list (the only list a value can be)."""
    return list(value) if isinstance(value, tuple) else value


def _read_value(value: bool | str | list[str]) -> FactValue:
    return tuple(value) if isinstance(value, list) else value
