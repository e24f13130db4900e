"""The rule linter: every problem of a set of rule files, each with file, line and column.

Where :func:`rightsrules.load_knowledge_base` stops at the first broken file, the linter reads
every file, reports every problem it can find and goes further than loading does: conditions
that can never hold, rules another rule makes redundant, rules no test case names, files
without the ``$schema`` modeline. Each finding has a *check* ``category/name`` (see
:data:`CHECKS`) whose severity (error, warning or ignore) can be set in ``pyproject.toml``::

    [tool.rightsrules.lint]
    logic = "error"                  # a whole category
    "logic/redundant" = "ignore"     # one check; wins over its category

The files are linted in the context of the built-in knowledge base: its catalogue of
conclusions and sections, and its rules (for duplicate ids, chaining and redundancy).

>>> report = lint_paths([builtin_rules_dir()])
>>> report.errors
()
"""

from __future__ import annotations

import difflib
import enum
import io
import itertools
import os
import tomllib
from collections.abc import Iterable, Iterator, Mapping, Sequence
from pathlib import Path
from typing import Any

import attrs
import jsonschema
from ruamel.yaml import YAML
from ruamel.yaml.nodes import MappingNode, Node, SequenceNode

from ._yaml import Document, PathKey, load_document
from .conditions import (
    CONCLUSION_ID,
    ConditionError,
    Literal,
    Op,
    conclusions_read,
    parse_condition,
)
from .errors import InputError, Problem, RuleFileError
from .io.read import absent, folder_files, read_bytes, walk_files
from .knowledge import builtin_facts_dir, builtin_rules_dir
from .rules import DEFAULT_PRIORITY, Rule, RuleKind
from .scenario import FactValue, Scenario
from .schemas import rule_schema
from .schemas.validation import describe, most_specific, validator
from .vocabulary import CONCLUSION_KINDS, FIELDS, STEP_PHASES, FieldKind

__all__ = [
    "CHECKS",
    "Check",
    "Finding",
    "LintConfig",
    "LintReport",
    "Severity",
    "lint_paths",
    "load_lint_config",
    "rule_files",
]


class Severity(enum.Enum):
    """What a finding of a check means: ``error`` fails the lint, ``warning`` does not,
    ``ignore`` hides it."""

    ERROR = "error"
    WARNING = "warning"
    IGNORE = "ignore"


@attrs.frozen
class Check:
    """One thing the linter looks for, and its severity unless configured otherwise."""

    code: str
    severity: Severity
    summary: str

    @property
    def category(self) -> str:
        return self.code.split("/", 1)[0]


_E, _W = Severity.ERROR, Severity.WARNING

#: Every check, by code ``category/name``.
CHECKS: Mapping[str, Check] = {
    check.code: check
    for check in (
        Check("syntax/yaml", _E, "the file is not valid YAML (or not readable)"),
        Check("schema/invalid", _E, "the file does not follow the rule-file schema"),
        Check("schema/modeline", _W, "the file lacks the yaml-language-server $schema modeline"),
        Check("vocabulary/unknown-path", _E, "a scenario path that is not in the vocabulary"),
        Check("vocabulary/unknown-value", _E, "a value the scenario path does not take"),
        Check(
            "vocabulary/undeclared-conclusion",
            _E,
            "a conclusion id outside the vocabulary, declared in no conclusions list",
        ),
        Check(
            "vocabulary/unknown-kind", _W, "a declared conclusion of a kind advice does not know"
        ),
        Check("reference/duplicate-id", _E, "a rule id used twice, in one file or across files"),
        Check("reference/duplicate-conclusion", _E, "a conclusion id declared twice"),
        Check("reference/never-concluded", _E, "a 'concluded:' id that no rule concludes"),
        Check("reference/unknown-section", _E, "a source that is not in the guide's catalogue"),
        Check("logic/cycle", _E, "rules that conclude each other's premises in a circle"),
        Check("logic/unsatisfiable", _E, "a condition that can never hold"),
        Check(
            "logic/redundant",
            _W,
            "a rule another rule makes redundant: same conclusions, weaker condition",
        ),
        Check(
            "logic/conflicting-defaults",
            _W,
            "two defaults that fill one path with different values in the same situation",
        ),
        Check("docs/missing-because", _E, "a rule without a 'because'"),
        Check("docs/missing-sources", _E, "a rule without 'sources'"),
        Check(
            "docs/step-without-phase",
            _W,
            "a declared step with no 'phase': it is listed after every phase",
        ),
        Check("tests/no-test-case", _W, "a rule no test case names in 'fired' or 'not_fired'"),
    )
}

CATEGORIES: tuple[str, ...] = tuple(dict.fromkeys(check.category for check in CHECKS.values()))

_MODELINE = "yaml-language-server: $schema="


@attrs.frozen(order=True)
class Finding:
    """One problem, where it is, and what check found it."""

    file: str
    line: int
    column: int
    code: str
    message: str
    severity: Severity = attrs.field(default=Severity.ERROR, order=False)

    @property
    def category(self) -> str:
        return self.code.split("/", 1)[0]

    def __str__(self) -> str:
        return f"{self.file}:{self.line}:{self.column}: [{self.code}] {self.message}"

    def to_dict(self) -> dict[str, Any]:
        return {
            "file": self.file,
            "line": self.line,
            "column": self.column,
            "check": self.code,
            "category": self.category,
            "severity": self.severity.value,
            "message": self.message,
        }


@attrs.frozen
class LintConfig:
    """Severities set for categories or checks; the rest keep their default."""

    levels: Mapping[str, Severity] = attrs.field(factory=dict)
    source: str | None = None

    def severity(self, code: str) -> Severity:
        """The severity of a check: its own setting, its category's, or its default.

        >>> LintConfig({"logic": Severity.IGNORE}).severity("logic/cycle")
        <Severity.IGNORE: 'ignore'>
        >>> LintConfig().severity("logic/redundant")
        <Severity.WARNING: 'warning'>
        """
        if code in self.levels:
            return self.levels[code]
        category = code.split("/", 1)[0]
        if category in self.levels:
            return self.levels[category]
        return CHECKS[code].severity


def load_lint_config(start: str | os.PathLike[str] | None = None) -> LintConfig:
    """The ``[tool.rightsrules.lint]`` table of the nearest ``pyproject.toml`` at or above
    ``start`` (the current folder by default); defaults when there is none.

    >>> load_lint_config("/").levels
    {}
    """
    folder = Path(start or Path.cwd()).resolve()
    for candidate in (folder, *folder.parents):
        path = candidate / "pyproject.toml"
        if path.is_file():
            return _read_config(path)
    return LintConfig()


def _read_config(path: Path) -> LintConfig:
    name = str(path)
    try:
        data = tomllib.loads(read_bytes(path).decode("utf-8"))
    except (UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
        raise InputError([Problem(f"cannot read it: {exc}", file=name)]) from None
    table: Any = data
    for depth, key in enumerate(("tool", "rightsrules", "lint"), 1):
        table = table.get(key, {})
        if not isinstance(table, dict):
            where = ".".join(("tool", "rightsrules", "lint")[:depth])
            raise InputError([Problem("must be a table", file=name, key=where)])
    levels: dict[str, Severity] = {}
    problems = []
    for key, value in table.items():
        where = f"tool.rightsrules.lint.{key}"
        if key not in CHECKS and key not in CATEGORIES:
            close = difflib.get_close_matches(key, [*CATEGORIES, *CHECKS], n=1, cutoff=0.6)
            hint = f" (did you mean {close[0]!r}?)" if close else ""
            problems.append(Problem(f"not a lint category or check{hint}", file=name, key=where))
            continue
        try:
            levels[key] = Severity(value)
        except ValueError:
            message = f"{value!r}: expected one of error, warning, ignore"
            problems.append(Problem(message, file=name, key=where))
    if problems:
        raise InputError(problems)
    return LintConfig(levels, name)


@attrs.frozen
class LintReport:
    """What the linter found, severities applied, sorted by file and position."""

    findings: tuple[Finding, ...]
    files: tuple[str, ...] = ()

    @property
    def errors(self) -> tuple[Finding, ...]:
        return tuple(f for f in self.findings if f.severity is Severity.ERROR)

    @property
    def warnings(self) -> tuple[Finding, ...]:
        return tuple(f for f in self.findings if f.severity is Severity.WARNING)

    def summary(self) -> str:
        def plural(n: int, word: str) -> str:
            return f"{n} {word}{'' if n == 1 else 's'}"

        return (
            f"{plural(len(self.errors), 'error')}, {plural(len(self.warnings), 'warning')} "
            f"in {plural(len(self.files), 'file')}"
        )

    def to_dict(self) -> dict[str, Any]:
        return {
            "findings": [finding.to_dict() for finding in self.findings],
            "errors": len(self.errors),
            "warnings": len(self.warnings),
            "files": list(self.files),
        }


# -- positions -------------------------------------------------------------------------------


def _positions(text: str) -> tuple[dict[PathKey, tuple[int, int]], dict[PathKey, tuple[int, int]]]:
    """1-based (line, column) of every key and of every value, by data path."""
    yaml = YAML(typ="safe", pure=True)
    yaml.version = (1, 2)
    node = yaml.compose(io.StringIO(text))
    keys: dict[PathKey, tuple[int, int]] = {}
    values: dict[PathKey, tuple[int, int]] = {}

    def mark(item: Node) -> tuple[int, int]:
        return (item.start_mark.line + 1, item.start_mark.column + 1)

    def walk(item: Node, path: PathKey) -> None:
        values[path] = mark(item)
        if isinstance(item, MappingNode):
            for key_node, value_node in item.value:
                here = (*path, str(key_node.value))
                keys[here] = mark(key_node)
                walk(value_node, here)
        elif isinstance(item, SequenceNode):
            for index, child in enumerate(item.value):
                walk(child, (*path, index))

    if node is not None:
        walk(node, ())
    return keys, values


@attrs.frozen
class _File:
    """One rule file, read as far as it can be."""

    path: str
    document: Document | None
    keys: Mapping[PathKey, tuple[int, int]]
    values: Mapping[PathKey, tuple[int, int]]
    text: str = ""

    def at(self, path: PathKey, *, value: bool = False) -> tuple[int, int]:
        """The position of a key (or, with ``value``, of its value), or of the nearest
        ancestor that has one."""
        first, second = (self.values, self.keys) if value else (self.keys, self.values)
        while path:
            for table in (first, second):
                if path in table:
                    return table[path]
            path = path[:-1]
        return (1, 1)


@attrs.frozen
class _Entry:
    """A rule as the linter sees it: the rule, the file it is in and its place there."""

    rule: Rule
    file: _File
    where: PathKey
    item: Mapping[str, Any]
    linted: bool


@attrs.frozen
class _Declared:
    id: str
    file: _File
    where: PathKey
    linted: bool


# -- the linter --------------------------------------------------------------------------------


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
    linter = _Linter(config or load_lint_config())
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


class _Linter:
    def __init__(self, config: LintConfig) -> None:
        self.config = config
        self.findings: list[Finding] = []
        self.entries: list[_Entry] = []
        self.declared: list[_Declared] = []
        self.sections: set[str] = set()

    # ---- reporting

    def find(self, file: _File, at: tuple[int, int], code: str, message: str) -> None:
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
                empty = _File(name, None, {}, {})
                for problem in exc.problems:
                    self.find(empty, (problem.line or 1, 1), "syntax/yaml", problem.message)
            return
        text = read_bytes(path, error=RuleFileError).decode("utf-8-sig")
        keys, values = _positions(text)
        file = _File(name, document, keys, values, text)
        _FileReader(self, file, linted).read()

    # ---- checks across files

    def check(self, tests: Sequence[str | os.PathLike[str]]) -> None:
        self.check_duplicates()
        self.check_conclusions()
        self.check_cycles()
        self.check_redundant()
        self.check_defaults()
        self.check_tests(tests)

    def check_duplicates(self) -> None:
        seen: dict[str, _Entry] = {}
        for entry in sorted(self.entries, key=lambda e: e.linted):
            first = seen.setdefault(entry.rule.id, entry)
            if first is not entry and entry.linted:
                where = f"{first.file.path}:{first.file.at((*first.where, 'id'), value=True)[0]}"
                at = entry.file.at((*entry.where, "id"), value=True)
                self.find(
                    entry.file,
                    at,
                    "reference/duplicate-id",
                    f"duplicate rule id {entry.rule.id!r} (first at {where})",
                )
        declared: dict[str, _Declared] = {}
        for item in sorted(self.declared, key=lambda d: d.linted):
            first_declared = declared.setdefault(item.id, item)
            if first_declared is not item and item.linted:
                line = first_declared.file.at(first_declared.where)[0]
                at = item.file.at((*item.where, "id"), value=True)
                message = (
                    f"conclusion {item.id!r} declared twice "
                    f"(first at {first_declared.file.path}:{line})"
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
            uses += [(cid, (*where, "rank", cid)) for cid, _ in entry.rule.rank]
            reads = list(_concluded_in(entry.item.get("when"), (*where, "when")))
            uses += reads
            for cid, path in uses:
                if cid not in known:
                    close = difflib.get_close_matches(cid, sorted(known), n=1, cutoff=0.7)
                    hint = f" (did you mean {close[0]!r}?)" if close else ""
                    at = entry.file.at(path, value=path[-1] != cid)
                    self.find(
                        entry.file,
                        at,
                        "vocabulary/undeclared-conclusion",
                        f"conclusion {cid!r} is not in the vocabulary and no conclusions list "
                        f"declares it{hint}",
                    )
            for cid, path in reads:
                if cid in known and cid not in concluded:
                    self.find(
                        entry.file,
                        entry.file.at(path),
                        "reference/never-concluded",
                        f"no rule concludes {cid!r}, so this condition can never hold",
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
                f"rules form a cycle: {path} (rules {rules})",
            )

    def check_redundant(self) -> None:
        concluding = [
            e for e in self.entries if e.rule.kind is RuleKind.CONCLUDE and _satisfiable(e.rule)
        ]
        order = {id(entry): i for i, entry in enumerate(concluding)}
        for entry in concluding:
            if not entry.linted:
                continue
            for other in concluding:
                if other is entry or not set(entry.rule.then) <= set(other.rule.then):
                    continue
                if not _implies(entry.rule, other.rule):
                    continue
                equivalent = _implies(other.rule, entry.rule) and set(other.rule.then) == set(
                    entry.rule.then
                )
                if equivalent and order[id(entry)] < order[id(other)]:
                    continue  # equivalent rules: report the later one only
                line = other.file.at(other.where)[0]
                self.find(
                    entry.file,
                    entry.file.at((*entry.where, "when")),
                    "logic/redundant",
                    f"rule {other.rule.id} ({other.file.path}:{line}) already concludes "
                    f"{', '.join(entry.rule.then)} whenever this rule holds",
                )
                break

    def check_defaults(self) -> None:
        defaults = [e for e in self.entries if e.rule.kind is RuleKind.ASSUME]
        for index, entry in enumerate(defaults):
            if not entry.linted:
                continue
            mine = dict(entry.rule.assume)
            for other in defaults:
                if other is entry or (other.linted and defaults.index(other) > index):
                    continue  # a pair of linted defaults is reported once, on the later one
                clash = [
                    path
                    for path, value in other.rule.assume
                    if path in mine and mine[path] != value
                ]
                together = any(
                    _conflict(a + b) is None
                    for a in entry.rule.conjunctions
                    for b in other.rule.conjunctions
                )
                if not clash or not together:
                    continue
                path = clash[0]
                line = other.file.at(other.where)[0]
                theirs = dict(other.rule.assume)[path]
                self.find(
                    entry.file,
                    entry.file.at((*entry.where, "assume", path)),
                    "logic/conflicting-defaults",
                    f"this default sets {path} to {_show(mine[path])}, but rule {other.rule.id} "
                    f"({other.file.path}:{line}) sets it to {_show(theirs)} when both hold; "
                    "only the first by priority applies",
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
                    f"no test case names rule {entry.rule.id!r} in fired or not_fired",
                )


def _show(value: FactValue) -> str:
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


class _FileReader:
    """The checks of one file alone, and the rules it contributes to the checks across files."""

    def __init__(self, linter: _Linter, file: _File, linted: bool) -> None:
        self.linter = linter
        self.file = file
        self.linted = linted
        assert file.document is not None
        self.data = file.document.data

    def find(self, path: PathKey, code: str, message: str, *, value: bool = False) -> None:
        if self.linted:
            self.linter.find(self.file, self.file.at(path, value=value), code, message)

    def read(self) -> None:
        head = self.file.text.splitlines()[:3]
        yaml = not self.file.path.endswith(".json")
        if yaml and not any(_MODELINE in line and "rule.schema.json" in line for line in head):
            self.find(
                (),
                "schema/modeline",
                "no '# yaml-language-server: $schema=...rule."
                "schema.json' modeline in the first lines",
            )
        broken = self.schema()
        if not isinstance(self.data, dict):
            return
        for index, item in enumerate(self._items("conclusions")):
            if isinstance(item, dict) and isinstance(item.get("id"), str):
                self.declare(index, item)
        for index, item in enumerate(self._items("rules")):
            where: PathKey = ("rules", index)
            if isinstance(item, dict) and where not in broken:
                self.rule(where, item)

    def schema(self) -> set[PathKey]:
        """Report schema errors; return the rules (``("rules", i)``) too broken to read."""
        errors = sorted(
            validator(rule_schema()).iter_errors(self.data),
            key=lambda e: [str(p) for p in e.absolute_path],
        )
        broken: set[PathKey] = set()
        rest = []
        for error in errors:
            path = tuple(error.absolute_path)
            docs = _docs_check(error)
            if docs is not None:
                code, message = docs
                self.find(path, code, message, value=error.validator != "required")
            else:
                rest.append(error)
        for error in most_specific(rest):
            path = tuple(error.absolute_path)
            value = error.validator not in ("additionalProperties", "required", "oneOf")
            if error.validator == "additionalProperties" and isinstance(error.instance, dict):
                allowed = error.schema.get("properties", {})
                extra = [key for key in error.instance if key not in allowed]
                path = (*path, *extra[:1])
            self.find(path, "schema/invalid", describe(error), value=value)
            broken.add(path[:2] if path[:1] == ("rules",) else path[:1])
        if isinstance(self.data, dict):
            for index, item in enumerate(self._items("rules")):
                because = item.get("because") if isinstance(item, dict) else None
                if isinstance(because, str) and because and not because.strip():
                    where: PathKey = ("rules", index, "because")
                    self.find(where, "docs/missing-because", "'because' is blank", value=True)
        return broken

    def _items(self, section: str) -> list[Any]:
        """The items of a top-level list; none when it is not a list (the schema says so)."""
        items = self.data.get(section)
        return items if isinstance(items, list) else []

    def declare(self, index: int, item: Mapping[str, Any]) -> None:
        cid = str(item["id"])
        where: PathKey = ("conclusions", index)
        self.linter.declared.append(_Declared(cid, self.file, where, self.linted))
        kind = cid.split(":", 1)[0]
        if CONCLUSION_ID.match(cid) and kind not in CONCLUSION_KINDS:
            self.find(
                (*where, "id"),
                "vocabulary/unknown-kind",
                f"{kind!r} is not a kind of conclusion the advice shows in its own place "
                f"({', '.join(CONCLUSION_KINDS)}); it will be listed last",
                value=True,
            )
        if kind == "step" and "phase" not in item:
            self.find(
                (*where, "id"),
                "docs/step-without-phase",
                f"step {cid!r} has no phase ({', '.join(STEP_PHASES)}); "
                "it will be listed after every phase",
                value=True,
            )

    def rule(self, where: PathKey, item: Mapping[str, Any]) -> None:
        sections = self.linter.sections
        for i, source in enumerate(item.get("sources") or ()):
            if isinstance(source, str) and sections and source not in sections:
                close = difflib.get_close_matches(source, sorted(sections), n=1, cutoff=0.6)
                hint = f" (did you mean {close[0]!r}?)" if close else ""
                self.find(
                    (*where, "sources", i),
                    "reference/unknown-section",
                    f"{source!r} is not a section of the guide's catalogue{hint}",
                    value=True,
                )
        try:
            when = parse_condition(item["when"])
        except ConditionError as exc:
            code = _condition_check(str(exc))
            path = (*where, "when", *exc.where)
            self.find(path, code, str(exc), value=code == "vocabulary/unknown-value")
            return
        defaults = {
            name: self.assumption((*where, "assume", name), name, value)
            for name, value in (item.get("assume") or {}).items()
        }
        assume = tuple((name, value) for name, value in defaults.items() if value is not None)
        if len(assume) < len(defaults):
            return
        if assume and conclusions_read(when):
            self.find(
                (*where, "when"),
                "schema/invalid",
                "a default (assume) cannot test conclusions: defaults are filled in before "
                "any rule concludes",
            )
            return
        try:
            rule = Rule(
                id=item["id"],
                title=" ".join(str(item["title"]).split()),
                when=when,
                because=" ".join(str(item.get("because", "")).split()),
                sources=tuple(item.get("sources") or ()),
                then=tuple(dict.fromkeys(item.get("then", ()))),
                assume=assume,
                rank=tuple((item.get("rank") or {}).items()),
                priority=item.get("priority", DEFAULT_PRIORITY),
                file=self.file.path,
                line=self.file.at(where)[0],
            )
        except ConditionError as exc:
            self.find((*where, "when"), "schema/invalid", str(exc))
            return
        self.linter.entries.append(_Entry(rule, self.file, where, item, self.linted))
        if self.linted:
            conflict = _never_holds(rule)
            if conflict is not None:
                self.find((*where, "when"), "logic/unsatisfiable", conflict)

    def assumption(self, where: PathKey, path: str, value: Any) -> FactValue | None:
        if path not in FIELDS:
            close = difflib.get_close_matches(path, list(FIELDS), n=1, cutoff=0.6)
            hint = f" (did you mean {close[0]!r}?)" if close else ""
            self.find(where, "vocabulary/unknown-path", f"unknown scenario path {path!r}{hint}")
            return None
        section, key = path.split(".", 1)
        probe: dict[str, Any] = {"company": {"name": "probe", "type": "other"}}
        probe.setdefault(section, {})[key] = value
        try:
            return Scenario.from_dict(probe).get(path)
        except InputError as exc:
            message = str(exc).split(": ", 1)[-1]
            self.find(
                where, "vocabulary/unknown-value", f"not a valid default: {message}", value=True
            )
            return None


def _docs_check(error: jsonschema.ValidationError) -> tuple[str, str] | None:
    path = tuple(error.absolute_path)
    in_rule = len(path) >= 2 and path[0] == "rules"
    if error.validator == "required" and in_rule and len(path) == 2:
        missing = error.message.split("'")[1] if "'" in error.message else ""
        if missing == "because":
            return "docs/missing-because", "the rule has no 'because': say why, in your own words"
        if missing == "sources":
            return "docs/missing-sources", "the rule has no 'sources': cite the guide's sections"
    if in_rule and len(path) == 3 and path[2] == "because" and error.validator == "minLength":
        return "docs/missing-because", "'because' is empty"
    if in_rule and len(path) == 3 and path[2] == "sources" and error.validator == "minItems":
        return "docs/missing-sources", "'sources' is empty: cite the guide's sections"
    return None


def _condition_check(message: str) -> str:
    if message.startswith("unknown scenario path"):
        return "vocabulary/unknown-path"
    if (
        " is not a value of " in message
        or " takes true or false" in message
        or (" takes text" in message)
    ):
        return "vocabulary/unknown-value"
    return "schema/invalid"


# -- reasoning about conditions ------------------------------------------------------------------


def _domain(path: str) -> frozenset[FactValue] | None:
    field = FIELDS[path]
    if field.kind is FieldKind.BOOL:
        return frozenset({True, False})
    if field.enum is not None and not field.is_list:
        return frozenset(field.allowed)
    return None


def _possible(path: str, conjunction: Sequence[Literal]) -> frozenset[FactValue] | None:
    """The values a scalar path can take under a conjunction (``None``: any but some)."""
    possible = _domain(path)
    excluded: set[FactValue] = set()
    for literal in conjunction:
        if literal.path != path:
            continue
        if literal.op in (Op.EQ, Op.IN):
            allowed = frozenset(literal.values)
            possible = allowed if possible is None else possible & allowed
        elif literal.op in (Op.NE, Op.NOT_IN):
            excluded.update(literal.values)
    if possible is None:
        return None
    return frozenset(possible - excluded)


_KNOWING = (Op.EQ, Op.NE, Op.IN, Op.NOT_IN, Op.KNOWN)


def _conflict(conjunction: Sequence[Literal]) -> str | None:
    """Why a conjunction can never hold, or ``None``."""
    by_path: dict[str, list[Literal]] = {}
    for literal in conjunction:
        if literal.op is not Op.CONCLUDED:
            by_path.setdefault(literal.path, []).append(literal)
    for path, group in by_path.items():
        shown = " and ".join(literal.describe() for literal in group)
        unknown = [lit for lit in group if lit.op is Op.UNKNOWN]
        if unknown and any(lit.op in _KNOWING for lit in group):
            return f"{shown} cannot both hold"
        if FIELDS[path].is_list:
            if _list_conflict(path, group):
                return f"{shown} cannot both hold"
        elif _possible(path, group) == frozenset():
            return f"{shown} cannot both hold"
    return None


def _list_conflict(path: str, group: Sequence[Literal]) -> bool:
    empty = any(lit.op is Op.EQ and lit.value == () for lit in group)
    non_empty = any(lit.op is Op.NE and lit.value == () for lit in group)
    required = {lit.value for lit in group if lit.op is Op.EQ and lit.value != ()}
    one_of = [set(lit.values) for lit in group if lit.op is Op.IN]
    excluded = {lit.value for lit in group if lit.op is Op.NE and lit.value != ()}
    for lit in group:
        if lit.op is Op.NOT_IN:
            excluded.update(lit.values)
    if empty and (required or one_of or non_empty):
        return True
    if required & excluded or any(options <= excluded for options in one_of):
        return True
    allowed = set(FIELDS[path].allowed)
    return bool(non_empty and allowed and allowed <= excluded)


def _never_holds(rule: Rule) -> str | None:
    reasons = [_conflict(conjunction) for conjunction in rule.conjunctions]
    if not reasons or any(reason is None for reason in reasons):
        return None
    first = reasons[0]
    assert first is not None
    also = " (and so does every other alternative)" if len(reasons) > 1 else ""
    return f"the condition can never hold: {first}{also}"


def _satisfiable(rule: Rule) -> bool:
    return any(_conflict(conjunction) is None for conjunction in rule.conjunctions)


def _implies(rule: Rule, other: Rule) -> bool:
    """Whether ``other`` holds whenever ``rule`` does (judged literal by literal)."""
    return all(
        any(_conj_implies(mine, theirs) for theirs in other.conjunctions)
        for mine in rule.conjunctions
        if _conflict(mine) is None
    )


def _conj_implies(mine: Sequence[Literal], theirs: Sequence[Literal]) -> bool:
    return all(_literal_implied(literal, mine) for literal in theirs)


def _literal_implied(literal: Literal, conjunction: Sequence[Literal]) -> bool:
    if literal in conjunction:
        return True
    if literal.op is Op.CONCLUDED:
        return False
    path = literal.path
    same = [lit for lit in conjunction if lit.path == path and lit.op is not Op.CONCLUDED]
    if not same:
        return False
    if literal.op is Op.KNOWN:
        return any(lit.op in _KNOWING for lit in same)
    if literal.op is Op.UNKNOWN:
        return False
    if not any(lit.op in _KNOWING for lit in same):
        # Only "unknown" tests of the path: a value test of it is unknown, never true.
        return False
    if FIELDS[path].is_list:
        return _list_implied(literal, same)
    possible = _possible(path, same)
    if possible is None:
        return False
    if literal.op in (Op.EQ, Op.IN):
        return possible <= set(literal.values)
    return not possible & set(literal.values)


def _list_implied(literal: Literal, same: Sequence[Literal]) -> bool:
    required = {lit.value for lit in same if lit.op is Op.EQ}
    excluded = {lit.value for lit in same if lit.op is Op.NE}
    for lit in same:
        if lit.op is Op.NOT_IN:
            excluded.update(lit.values)
    if literal.op is Op.IN:
        return bool(required & set(literal.values) - {()}) or any(
            lit.op is Op.IN and set(lit.values) <= set(literal.values) for lit in same
        )
    if literal.op is Op.NE:
        return literal.value in excluded or (() in required and literal.value != ())
    if literal.op is Op.NOT_IN:
        return set(literal.values) <= excluded or () in required
    return literal.value in required
