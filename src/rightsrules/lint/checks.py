"""The linter itself: it reads every file (the built-in ones as context) and runs the checks
across files: duplicate ids, undeclared and never-concluded conclusions, cycles, redundant
rules, conflicting defaults, untested rules."""

from __future__ import annotations

import difflib
import functools
import itertools
import os
from collections.abc import Iterable, Iterator, Sequence
from pathlib import Path
from typing import Any

from .._yaml import PathKey, load_document
from ..conditions import suggestion
from ..errors import Problem, RuleFileError
from ..i18n import _
from ..io.read import absent, folder_files, read_bytes, walk_files
from ..knowledge import builtin_facts_dir, builtin_rules_dir
from ..rules import Copied, RuleKind
from ..scenario import FactValue
from .config import LintConfig, Severity, load_lint_config
from .findings import Finding, LintReport
from .logic import conflict, implies, satisfiable
from .reader import Declared, Entry, FileReader, SourceFile, positions

__all__ = ["Linter", "lint_paths", "rule_files"]


def rule_files(paths: Iterable[str | os.PathLike[str]]) -> list[Path]:
    """The rule files under ``paths``: a file itself, or each ``*.yaml``/``*.yml`` directly
    in a folder (not in sub-folders, so ``tests/`` is left alone), sorted.

    >>> [p.name for p in rule_files([builtin_rules_dir()])][:1]
    ['01-company-types.yaml']
    """
    found: list[Path] = []
    for item in paths:
        path = Path(item)
        if path.is_dir():
            found.extend(folder_files(path, (".yaml", ".yml"), error=RuleFileError))
        elif path.exists() or path.is_symlink():
            found.append(path)  # a link to nothing (or a loop) is refused, by name, as read
        else:
            raise RuleFileError([Problem(absent(path), file=str(path))])
    return list(dict.fromkeys(found))


def _test_dirs(paths: Iterable[str | os.PathLike[str]]) -> list[Path]:
    dirs = []
    for item in paths:
        path = Path(item)
        folder = path if path.is_dir() else path.parent
        if (folder / "tests").is_dir():
            dirs.append(folder / "tests")
    return dirs


def lint_paths(
    paths: Sequence[str | os.PathLike[str]],
    *,
    config: LintConfig | None = None,
    tests: Sequence[str | os.PathLike[str]] | None = None,
    builtin: bool = True,
) -> LintReport:
    """Lint the rule files under ``paths`` (see :func:`rule_files`).

    ``tests`` are the test-case files or folders that say which rules are tested; by default
    the ``tests/`` folder beside the linted files. With ``builtin=False`` the built-in rules
    are not read as context (the catalogues of conclusions and sections still are).

    >>> import tempfile, pathlib
    >>> folder = pathlib.Path(tempfile.mkdtemp())
    >>> _ = (folder / "r.yaml").write_text('''rules:
    ...   - id: demo.never
    ...     title: Never
    ...     when: {company.type: isp, not: {company.type: isp}}
    ...     then: [strategy:boycott]
    ...     sources: [appendix.isp]
    ... ''')
    >>> for finding in lint_paths([folder]).findings:
    ...     print(finding.line, finding.column, finding.code)
    1 1 schema/modeline
    2 5 docs/missing-because
    2 5 tests/no-test-case
    4 5 logic/unsatisfiable
    """
    files = rule_files(paths)
    linter = Linter(config or load_lint_config())
    linter.load_context({Path(os.path.realpath(path)) for path in files}, builtin=builtin)
    for path in files:
        linter.read(path)
    linter.check(tests if tests is not None else _test_dirs(paths))
    return linter.report(tuple(str(path) for path in files))


def _replaced(builtin: Path, linted: set[Path]) -> bool:
    """Whether a built-in file is one of the linted files, which then stands in its place:
    the same file, a file of the same name in a folder of the same name (the ``rules/`` of a
    checkout beside an installed copy of the same rules), or a file with the same content."""
    real = builtin.resolve()
    if real in linted:
        return True
    if any((p.parent.name, p.name) == (real.parent.name, real.name) for p in linted):
        return True
    content = builtin.read_bytes()
    return any(
        p.is_file() and p.stat().st_size == len(content) and p.read_bytes() == content
        for p in linted
    )


class Linter:
    def __init__(self, config: LintConfig) -> None:
        self.config = config
        self.findings: list[Finding] = []
        self.entries: list[Entry] = []
        self.declared: list[Declared] = []
        self.sections: set[str] = set()

    # ---- reporting

    def find(self, file: SourceFile, at: tuple[int, int], code: str, message: str) -> None:
        severity = self.config.severity(code)
        if severity is not Severity.IGNORE:
            self.findings.append(Finding(file.path, at[0], at[1], code, message, severity))

    def report(self, files: tuple[str, ...]) -> LintReport:
        unique = sorted(set(self.findings), key=lambda f: (f.file, f.line, f.column, f.code))
        return LintReport(tuple(unique), files)

    # ---- reading

    def load_context(self, linted: set[Path], *, builtin: bool) -> None:
        """The built-in catalogue and rules, read quietly: they are context, not linted."""
        facts = builtin_facts_dir()
        sections = facts / "sections.yaml"
        try:
            data = load_document(sections, error=RuleFileError).data
            self.sections = {str(item["id"]) for item in data["sections"]}
        except (RuleFileError, KeyError, TypeError):
            self.sections = set()
        context = [facts / "conclusions.yaml"]
        if builtin:
            context.extend(rule_files([builtin_rules_dir()]))
        for path in context:
            if path.exists() and not _replaced(path, linted):
                self.read(path, linted=False)

    def read(self, path: Path, *, linted: bool = True) -> None:
        name = str(path)
        try:
            document = load_document(path, error=RuleFileError)
        except RuleFileError as exc:
            if linted:
                empty = SourceFile(name, None, {}, {})
                for problem in exc.problems:
                    self.find(empty, (problem.line or 1, 1), "syntax/yaml", problem.message)
            return
        text = read_bytes(path, error=RuleFileError).decode("utf-8-sig")
        keys, values = positions(text)
        file = SourceFile(name, document, keys, values, text)
        FileReader(self, file, linted).read()

    # ---- checks across files

    def check(self, tests: Sequence[str | os.PathLike[str]]) -> None:
        self.check_duplicates()
        self.check_conclusions()
        self.check_cycles()
        self.check_redundant()
        self.check_defaults()
        self.check_tests(tests)
        self.check_translations()

    def check_duplicates(self) -> None:
        seen: dict[str, Entry] = {}
        for entry in sorted(self.entries, key=lambda e: e.linted):
            first = seen.setdefault(entry.rule.id, entry)
            if first is not entry and entry.linted:
                where = f"{first.file.path}:{first.file.at((*first.where, 'id'), value=True)[0]}"
                at = entry.file.at((*entry.where, "id"), value=True)
                self.find(
                    entry.file,
                    at,
                    "reference/duplicate-id",
                    _("duplicate rule id {id} (first at {place})").format(
                        id=repr(entry.rule.id), place=where
                    ),
                )
        declared: dict[str, Declared] = {}
        for item in sorted(self.declared, key=lambda d: d.linted):
            first_declared = declared.setdefault(item.id, item)
            if first_declared is not item and item.linted:
                line = first_declared.file.at(first_declared.where)[0]
                at = item.file.at((*item.where, "id"), value=True)
                message = _("conclusion {id} declared twice (first at {place})").format(
                    id=repr(item.id), place=f"{first_declared.file.path}:{line}"
                )
                self.find(item.file, at, "reference/duplicate-conclusion", message)

    def check_conclusions(self) -> None:
        known = {item.id for item in self.declared}
        concluded = {cid for entry in self.entries for cid in entry.rule.then}
        for entry in self.entries:
            if not entry.linted:
                continue
            where = entry.where
            uses: list[tuple[str, PathKey]] = [
                (cid, (*where, "then", i)) for i, cid in enumerate(entry.rule.then)
            ]
            uses += [(cid, (*where, "rank", cid)) for cid, _weight in entry.rule.rank]
            reads = list(_concluded_in(entry.item.get("when"), (*where, "when")))
            uses += reads
            for cid, path in uses:
                if cid not in known:
                    close = difflib.get_close_matches(cid, sorted(known), n=1, cutoff=0.7)
                    hint = suggestion(close[0]) if close else ""
                    at = entry.file.at(path, value=path[-1] != cid)
                    message = _(
                        "conclusion {id} is not in the vocabulary and no conclusions list "
                        "declares it"
                    ).format(id=repr(cid))
                    self.find(entry.file, at, "vocabulary/undeclared-conclusion", message + hint)
            for cid, path in reads:
                if cid in known and cid not in concluded:
                    self.find(
                        entry.file,
                        entry.file.at(path),
                        "reference/never-concluded",
                        _("no rule concludes {id}, so this condition can never hold").format(
                            id=repr(cid)
                        ),
                    )

    def check_cycles(self) -> None:
        import networkx as nx  # only the linter enumerates cycles; loading rules does not

        graph = nx.DiGraph()
        for entry in self.entries:
            for read in entry.rule.reads:
                for concluded in entry.rule.then:
                    graph.add_edge(read, concluded, entry=entry)
        reported: set[frozenset[str]] = set()
        for cycle in itertools.islice(nx.simple_cycles(graph), 100):
            key = frozenset(cycle)
            if key in reported:
                continue
            reported.add(key)
            start = cycle.index(min(cycle))
            ring = cycle[start:] + cycle[:start]
            edges = [graph.edges[a, b]["entry"] for a, b in itertools.pairwise([*ring, ring[0]])]
            linted = sorted(
                (edge for edge in edges if edge.linted),
                key=lambda e: (e.file.path, e.file.at(e.where)),
            )
            if not linted:
                continue
            entry = linted[0]
            path = " -> ".join([*ring, ring[0]])
            rules = ", ".join(sorted({edge.rule.id for edge in edges}))
            self.find(
                entry.file,
                entry.file.at((*entry.where, "when")),
                "logic/cycle",
                _("rules form a cycle: {path} (rules {rules})").format(path=path, rules=rules),
            )

    def check_redundant(self) -> None:
        concluding = [
            e for e in self.entries if e.rule.kind is RuleKind.CONCLUDE and satisfiable(e.rule)
        ]
        order = {id(entry): i for i, entry in enumerate(concluding)}
        for entry in concluding:
            if not entry.linted:
                continue
            for other in concluding:
                if other is entry or not set(entry.rule.then) <= set(other.rule.then):
                    continue
                if not implies(entry.rule, other.rule):
                    continue
                equivalent = implies(other.rule, entry.rule) and set(other.rule.then) == set(
                    entry.rule.then
                )
                if equivalent and order[id(entry)] < order[id(other)]:
                    continue  # equivalent rules: report the later one only
                line = other.file.at(other.where)[0]
                self.find(
                    entry.file,
                    entry.file.at((*entry.where, "when")),
                    "logic/redundant",
                    _(
                        "rule {id} ({place}) already concludes {conclusions} whenever this rule "
                        "holds"
                    ).format(
                        id=other.rule.id,
                        place=f"{other.file.path}:{line}",
                        conclusions=", ".join(entry.rule.then),
                    ),
                )
                break

    def check_defaults(self) -> None:
        for kind, key in ((RuleKind.ASSUME, "assume"), (RuleKind.DERIVE, "derive")):
            self._check_fills([e for e in self.entries if e.rule.kind is kind], key)

    def _check_fills(self, defaults: list[Any], key: str) -> None:
        """Two defaults (or two derive rules) filling one path with different values when both
        can hold: only the first by priority applies."""
        for index, entry in enumerate(defaults):
            if not entry.linted:
                continue
            mine = dict(getattr(entry.rule, key))
            for other in defaults:
                if other is entry or (other.linted and defaults.index(other) > index):
                    continue  # a pair of linted defaults is reported once, on the later one
                clash = [
                    path
                    for path, value in getattr(other.rule, key)
                    if path in mine and mine[path] != value
                ]
                together = any(
                    conflict(a + b) is None
                    for a in entry.rule.conjunctions
                    for b in other.rule.conjunctions
                )
                if not clash or not together:
                    continue
                path = clash[0]
                line = other.file.at(other.where)[0]
                theirs = dict(getattr(other.rule, key))[path]
                if key == "assume":
                    message = _(
                        "this default sets {path} to {mine}, but rule {id} ({place}) sets it "
                        "to {theirs} when both hold; only the first by priority applies"
                    )
                else:
                    message = _(
                        "this rule derives {path} to {mine}, but rule {id} ({place}) sets it "
                        "to {theirs} when both hold; only the first by priority applies"
                    )
                self.find(
                    entry.file,
                    entry.file.at((*entry.where, key, path)),
                    "logic/conflicting-defaults",
                    message.format(
                        path=path,
                        mine=_show(mine[path]),
                        id=other.rule.id,
                        place=f"{other.file.path}:{line}",
                        theirs=_show(theirs),
                    ),
                )
                break

    def check_tests(self, tests: Sequence[str | os.PathLike[str]]) -> None:
        named: set[str] = set()
        for folder in tests:
            path = Path(folder)
            candidates = (
                walk_files(path, (".yaml", ".yml", ".json"), error=RuleFileError)
                if path.is_dir()
                else [path]
            )
            for candidate in candidates:
                named |= _rules_named(candidate)
        for entry in self.entries:
            if entry.linted and entry.rule.id not in named:
                self.find(
                    entry.file,
                    entry.file.at(entry.where),
                    "tests/no-test-case",
                    _("no test case names rule {id} in fired or not_fired").format(
                        id=repr(entry.rule.id)
                    ),
                )

    def check_translations(self) -> None:
        """Each linted rule's title and ``because`` in every language its pack ships: the
        catalogues of a ``locale/`` folder beside its file (merged over the built-in ones),
        or, for the built-in rules, the built-in catalogues."""
        from ..i18n.catalogues import catalogue

        for entry in self.entries:
            if not entry.linted:
                continue
            folders, languages = _shipped(Path(entry.file.path))
            for language in languages:
                found = catalogue(language, folders)
                missing = [
                    field
                    for field, text in (
                        ("title", entry.rule.title),
                        ("because", entry.rule.because),
                    )
                    if text and not found.has(text)
                ]
                if missing:
                    self.find(
                        entry.file,
                        entry.file.at(entry.where),
                        "i18n/missing-translation",
                        _(
                            "rule {id} has no {language} translation of its {fields}, though its "
                            "pack ships a {language} catalogue"
                        ).format(
                            id=repr(entry.rule.id),
                            language=language,
                            fields=_(" or its ").join(missing),
                        ),
                    )


@functools.cache
def _shipped(path: Path) -> tuple[tuple[Path, ...], tuple[str, ...]]:
    """The pack ``locale`` folders a rule file's texts are read with, and the languages
    shipped for it."""
    from ..i18n.catalogues import LOCALE_DIR, catalogue_path
    from ..i18n.languages import DEFAULT, LANGUAGES

    folder = path.resolve().parent
    if folder == builtin_rules_dir().resolve():
        folders: tuple[Path, ...] = ()
        where = LOCALE_DIR
    else:
        where = folder / "locale"
        folders = (where,) if where.is_dir() else ()
    languages = tuple(
        lang for lang in LANGUAGES if lang != DEFAULT and catalogue_path(lang, where).is_file()
    )
    return folders, languages


def _show(value: FactValue | Copied) -> str:
    if isinstance(value, Copied):
        return _("the value of {path}").format(path=value.path)
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, tuple):
        return "[" + ", ".join(value) + "]"
    return value


def _rules_named(path: Path) -> set[str]:
    try:
        data = load_document(path, error=RuleFileError).data
    except RuleFileError:
        return set()
    named: set[str] = set()
    cases = data.get("cases") if isinstance(data, dict) else None
    for case in cases if isinstance(cases, list) else ():
        expect = case.get("expect") if isinstance(case, dict) else None
        if not isinstance(expect, dict):
            continue
        for key in ("fired", "not_fired"):
            items = expect.get(key)
            if isinstance(items, list):
                named.update(item for item in items if isinstance(item, str))
    return named


def _concluded_in(data: Any, path: PathKey) -> Iterator[tuple[str, PathKey]]:
    """Each ``concluded: ID`` in raw condition data, with its data path."""
    if isinstance(data, dict):
        for key, value in data.items():
            if key == "concluded" and isinstance(value, str):
                yield value, (*path, key)
            else:
                yield from _concluded_in(value, (*path, key))
    elif isinstance(data, list):
        for index, item in enumerate(data):
            yield from _concluded_in(item, (*path, index))
