"""Rule test cases: YAML cases run against the knowledge base, and how much of it they cover.

A test-case file (validated by ``schemas/test.schema.json``) lists cases: a scenario in, and
what the advice must show out::

    cases:
      - name: publicly traded MNO gets investor engagement
        scenario: {company: {name: Example Mobile, type: mobile_network_operator,
                             publicly_traded: true}}
        expect:
          includes: [strategy:investor_engagement]   # must be in the advice
          excludes: [strategy:boycott]               # must not
          fired: [mno.investor-engagement]           # rules that must fire
          not_fired: [isp.investor-engagement]       # rules that must not
          order: [strategy:private_advocacy, strategy:public_advocacy]
          assumes: {leverage:government_licence: [company.licensed]}  # exactly these

A rule *fires* when it does its job: a concluding rule is among the firings, a default
(``assume``) filled a path and shows among the assumptions, a ranking rule held and moved
conclusions. ``scenario`` may also be the path of a scenario file, relative to the test file.

>>> from rightsrules import ReferenceEvaluator, load_knowledge_base
>>> kb = load_knowledge_base()
>>> cases = parse_test_file('''
... cases:
...   - name: an ISP faces net-neutrality questions
...     scenario: {company: {name: Example Net, type: isp}}
...     expect: {includes: [challenge:net_neutrality], excludes: [challenge:sim_registration]}
... ''', file="demo.yaml")
>>> result = run_case(cases[0], kb, evaluator=ReferenceEvaluator())
>>> result.passed, result.failures
(True, ())
"""

from __future__ import annotations

import difflib
import functools
import os
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path
from typing import Any

import attrs

from ._jsonschema import jsonschema
from ._yaml import Document, PathKey, load_document
from .advice import Advice, build_advice
from .conditions import Truth, literals, suggestion
from .engines import Evaluator, default_evaluator
from .errors import Problem, RuleFileError, ScenarioError
from .i18n import _, ngettext
from .inference import infer
from .io.read import absent, walk_files
from .knowledge import KnowledgeBase
from .rules import Rule
from .scenario import Scenario, load_scenario
from .schemas import test_schema as _test_schema
from .schemas.validation import schema_problems, validator

__all__ = [
    "CaseResult",
    "CaseRun",
    "Coverage",
    "Expect",
    "LiteralCoverage",
    "RuleCase",
    "UnmetExpectation",
    "coverage_of",
    "find_test_files",
    "fired_rules",
    "load_test_cases",
    "load_test_file",
    "parse_test_file",
    "run_case",
    "run_tests",
]

_EXPECTATIONS = ("includes", "excludes", "fired", "not_fired", "order")
_SUFFIXES = (".yaml", ".yml", ".json")


@attrs.frozen
class Expect:
    """What a case expects of the advice: tuples of ids, and for ``assumes`` the paths each
    named conclusion must list among its assumptions."""

    includes: tuple[str, ...] = ()
    excludes: tuple[str, ...] = ()
    fired: tuple[str, ...] = ()
    not_fired: tuple[str, ...] = ()
    order: tuple[str, ...] = ()
    assumes: tuple[tuple[str, tuple[str, ...]], ...] = ()


@attrs.frozen
class RuleCase:
    """One test case, validated, with the line of each of its expectations."""

    name: str
    scenario: Scenario
    expect: Expect
    file: str
    line: int
    description: str = ""
    lines: Mapping[tuple[str, int], int] = attrs.field(factory=dict, eq=False, repr=False)

    @property
    def location(self) -> str:
        return f"{self.file}:{self.line}"

    def line_of(self, key: str, index: int = 0) -> int:
        """The line of the ``index``-th id under ``expect.KEY``, or of the case."""
        return self.lines.get((key, index), self.lines.get((key, -1), self.line))


@attrs.frozen
class UnmetExpectation:
    """One expectation a case did not meet, and where that expectation is written."""

    message: str
    file: str
    line: int

    def __str__(self) -> str:
        return f"{self.file}:{self.line}: {self.message}"


@attrs.frozen
class CaseResult:
    """The outcome of one case: what failed, which rules fired, and the advice itself."""

    case: RuleCase
    failures: tuple[UnmetExpectation, ...]
    fired: frozenset[str] = frozenset()
    advice: Advice | None = attrs.field(default=None, eq=False, repr=False)

    @property
    def passed(self) -> bool:
        return not self.failures


@attrs.frozen
class LiteralCoverage:
    """One literal of a rule's condition, as written, and the truth values cases gave it."""

    rule: str
    index: int
    description: str
    seen: frozenset[Truth]

    @property
    def covered(self) -> bool:
        return Truth.TRUE in self.seen and Truth.FALSE in self.seen


def _percent(part: int, whole: int) -> float:
    return 100.0 if whole == 0 else round(100.0 * part / whole, 1)


@attrs.frozen
class Coverage:
    """What a set of cases exercised of the rules in scope.

    A rule is *covered* when some case fires it and some case does not. A literal is covered
    when cases saw it both true and false. A section is exercised when a rule citing it fired;
    a conclusion is asserted when some case names it in ``includes``, ``excludes`` or ``order``.
    """

    rules: tuple[Rule, ...]
    fired: frozenset[str]
    not_fired: frozenset[str]
    literals: tuple[LiteralCoverage, ...]
    sections: tuple[str, ...]
    exercised: frozenset[str]
    conclusions: tuple[str, ...]
    asserted: frozenset[str]

    @property
    def covered_rules(self) -> tuple[Rule, ...]:
        return tuple(r for r in self.rules if r.id in self.fired and r.id in self.not_fired)

    @property
    def rule_percent(self) -> float:
        return _percent(len(self.covered_rules), len(self.rules))

    @property
    def literal_percent(self) -> float:
        return _percent(sum(lit.covered for lit in self.literals), len(self.literals))

    @property
    def section_percent(self) -> float:
        return _percent(len(self.exercised), len(self.sections))

    @property
    def conclusion_percent(self) -> float:
        return _percent(len(self.asserted), len(self.conclusions))

    def to_dict(self) -> dict[str, Any]:
        """The coverage as plain data for the JSON report."""
        return {
            "rules": {
                "total": len(self.rules),
                "covered": len(self.covered_rules),
                "percent": self.rule_percent,
                "never_fired": [_where(r) for r in self.rules if r.id not in self.fired],
                "never_not_fired": [_where(r) for r in self.rules if r.id not in self.not_fired],
            },
            "conditions": {
                "total": len(self.literals),
                "covered": sum(lit.covered for lit in self.literals),
                "percent": self.literal_percent,
                "uncovered": [
                    {
                        "rule": lit.rule,
                        "condition": lit.description,
                        "seen": sorted(t.value for t in lit.seen),
                    }
                    for lit in self.literals
                    if not lit.covered
                ],
            },
            "sections": {
                "total": len(self.sections),
                "exercised": len(self.exercised),
                "percent": self.section_percent,
                "not_exercised": [s for s in self.sections if s not in self.exercised],
            },
            "conclusions": {
                "total": len(self.conclusions),
                "asserted": len(self.asserted),
                "percent": self.conclusion_percent,
                "not_asserted": [c for c in self.conclusions if c not in self.asserted],
            },
        }

    def to_text(self) -> str:
        """A short report: each measure, then what it misses."""
        data = self.to_dict()
        lines = [
            _(
                "rules:       {covered}/{total} fired in some case and not fired in another "
                "({percent}%)"
            ).format(
                covered=data["rules"]["covered"], total=len(self.rules), percent=self.rule_percent
            )
        ]
        for item in data["rules"]["never_fired"]:
            lines.append(_("  never fired:           {id} ({location})").format(**item))
        for item in data["rules"]["never_not_fired"]:
            lines.append(_("  fired in every case:   {id} ({location})").format(**item))
        cond = data["conditions"]
        lines.append(
            _("conditions:  {covered}/{total} seen both true and false ({percent}%)").format(
                covered=cond["covered"], total=cond["total"], percent=self.literal_percent
            )
        )
        for item in cond["uncovered"]:
            seen = ", ".join(item["seen"]) or _("never evaluated")
            lines.append(
                _("  {rule}: {condition} (seen: {seen})").format(
                    rule=item["rule"], condition=item["condition"], seen=seen
                )
            )
        sect = data["sections"]
        lines.append(
            _(
                "sections:    {exercised}/{total} exercised by a rule that fired ({percent}%)"
            ).format(exercised=sect["exercised"], total=sect["total"], percent=self.section_percent)
        )
        if sect["not_exercised"]:
            shown = ", ".join(sect["not_exercised"])
            lines.append(_("  not exercised: {sections}").format(sections=shown))
        conc = data["conclusions"]
        lines.append(
            _("conclusions: {asserted}/{total} asserted by some case ({percent}%)").format(
                asserted=conc["asserted"], total=conc["total"], percent=self.conclusion_percent
            )
        )
        if conc["not_asserted"]:
            shown = ", ".join(conc["not_asserted"])
            lines.append(_("  not asserted: {conclusions}").format(conclusions=shown))
        return "\n".join(lines)


def _where(rule: Rule) -> dict[str, str]:
    return {"id": rule.id, "location": rule.location}


@attrs.frozen
class CaseRun:
    """The results of running cases, and the coverage they give."""

    results: tuple[CaseResult, ...]
    coverage: Coverage

    @property
    def failed(self) -> tuple[CaseResult, ...]:
        return tuple(result for result in self.results if not result.passed)

    @property
    def passed(self) -> bool:
        return not self.failed

    def to_dict(self) -> dict[str, Any]:
        return {
            "passed": len(self.results) - len(self.failed),
            "failed": len(self.failed),
            "cases": [
                {
                    "name": r.case.name,
                    "file": r.case.file,
                    "line": r.case.line,
                    "passed": r.passed,
                    "failures": [attrs.asdict(f) for f in r.failures],
                }
                for r in self.results
            ],
            "coverage": self.coverage.to_dict(),
        }


# -- loading -----------------------------------------------------------------------------------


@functools.cache
def _validator() -> jsonschema.Draft7Validator:
    schema = _test_schema()
    # The scenario is checked by the scenario loader itself, for its messages and lines.
    schema["definitions"]["scenario"] = {"type": "object"}
    return validator(schema)


def find_test_files(paths: Iterable[str | os.PathLike[str]]) -> list[Path]:
    """The test-case files under each path: a file itself, or every YAML/JSON file in a
    folder and its sub-folders, sorted.

    >>> find_test_files(["no/such/folder"])
    Traceback (most recent call last):
    ...
    rightsrules.errors.RuleFileError: no/such/folder: no such file or folder
    """
    found: list[Path] = []
    for item in paths:
        path = Path(item)
        if path.is_dir():
            found.extend(walk_files(path, _SUFFIXES, error=RuleFileError))
        elif path.exists() or path.is_symlink():
            found.append(path)  # a link to nothing (or a loop) is refused, by name, as read
        else:
            raise RuleFileError([Problem(absent(path), file=str(path))])
    return list(dict.fromkeys(found))


def load_test_file(path: str | os.PathLike[str]) -> tuple[RuleCase, ...]:
    """Read and validate one test-case file; a ``scenario_file`` in it is read relative to it.

    >>> len(load_test_file("rules/tests/12-appendix-mno.yaml")) > 0
    True
    """
    document = load_document(Path(path), error=RuleFileError)
    return _TestFileReader(document, Path(document.file).parent).read()


def parse_test_file(text: str | bytes, *, file: str | None = None) -> tuple[RuleCase, ...]:
    """Validate test-case text (``file`` names it in messages; paths in it are relative to the
    current folder).

    >>> parse_test_file("cases: [{name: x, scenario: {company: {name: X, type: isp}}, "
    ...                 "expect: {includes: [strategy:boycot]}, extra: 1}]")
    Traceback (most recent call last):
    ...
    rightsrules.errors.RuleFileError: <input>:1: cases.0: unknown key 'extra'
    """
    document = load_document(text, file=file, error=RuleFileError)
    return _TestFileReader(document, Path.cwd()).read()


def load_test_cases(paths: Iterable[str | os.PathLike[str]]) -> tuple[RuleCase, ...]:
    """Every case in every test-case file under ``paths``; all problems reported at once."""
    cases: list[RuleCase] = []
    problems: list[Problem] = []
    for path in find_test_files(paths):
        try:
            cases.extend(load_test_file(path))
        except RuleFileError as exc:
            problems.extend(exc.problems)
    if problems:
        raise RuleFileError(problems)
    return tuple(cases)


class _TestFileReader:
    def __init__(self, document: Document, base: Path) -> None:
        self.document = document
        self.base = base
        self.problems: list[Problem] = []

    def problem(self, path: PathKey, message: str) -> None:
        key = ".".join(str(part) for part in path) or None
        line = self.document.line_of(path)
        self.problems.append(Problem(message, file=self.document.file, line=line, key=key))

    def read(self) -> tuple[RuleCase, ...]:
        data = self.document.data
        self.problems.extend(schema_problems(self.document, _validator()))
        if self.problems:
            raise RuleFileError(self.problems)
        cases = []
        names: dict[str, int] = {}
        for index, item in enumerate(data["cases"]):
            where: PathKey = ("cases", index)
            name = " ".join(item["name"].split())
            line = self.document.line_of(where) or 1
            if name in names:
                message = _("case name used twice (first on line {line})")
                self.problem((*where, "name"), message.format(line=names[name]))
                continue
            names[name] = line
            scenario = self.scenario(where, item["scenario"])
            if scenario is None:
                continue
            expect = item["expect"]
            lines: dict[tuple[str, int], int] = {}
            for key in _EXPECTATIONS:
                here: PathKey = (*where, "expect", key)
                lines[key, -1] = self.document.line_of(here) or line
                for i, _item in enumerate(expect.get(key, ())):
                    lines[key, i] = self.document.line_of((*here, i)) or line
            assumes = tuple((cid, tuple(paths)) for cid, paths in expect.get("assumes", {}).items())
            here = (*where, "expect", "assumes")
            lines["assumes", -1] = self.document.line_of(here) or line
            for i, (cid, _paths) in enumerate(assumes):
                lines["assumes", i] = self.document.line_of((*here, cid)) or line
            cases.append(
                RuleCase(
                    name=name,
                    scenario=scenario,
                    expect=Expect(
                        **{key: tuple(expect.get(key, ())) for key in _EXPECTATIONS},
                        assumes=assumes,
                    ),
                    file=self.document.file,
                    line=line,
                    description=" ".join(item.get("description", "").split()),
                    lines=lines,
                )
            )
        if self.problems:
            raise RuleFileError(self.problems)
        return tuple(cases)

    def scenario(self, where: PathKey, value: Any) -> Scenario | None:
        here: PathKey = (*where, "scenario")
        try:
            if isinstance(value, str):
                return load_scenario(self.base / value)
            size = len(here)
            lines = {
                path[size:]: line
                for path, line in self.document.lines.items()
                if path[:size] == here
            }
            return Scenario.from_dict(value, file=self.document.file, lines=lines)
        except ScenarioError as exc:
            for problem in exc.problems:
                if isinstance(value, str):
                    self.problems.append(problem)
                    continue
                key = ".".join(part for part in (*map(str, here), problem.key or "") if part)
                self.problems.append(attrs.evolve(problem, key=key))
            return None


# -- running -----------------------------------------------------------------------------------


def fired_rules(advice: Advice) -> frozenset[str]:
    """The ids of the rules that fired for this advice: concluding rules in the firings,
    derive rules and defaults that filled a path, ranking rules that held."""
    inference = advice.inference
    return frozenset(
        [firing.rule for firing in inference.firings]
        + [found.rule for found in inference.derived]
        + [assumption.rule for assumption in inference.assumptions]
        + [adjustment.rule for adjustment in inference.adjustments]
    )


def run_case(
    case: RuleCase, kb: KnowledgeBase, *, evaluator: Evaluator | None = None
) -> CaseResult:
    """Assess the case's scenario and compare the advice with what the case expects."""
    engine = evaluator or default_evaluator()
    advice = build_advice(kb, infer(kb, case.scenario, engine), engine)
    return _check(case, kb, advice)


def _check(case: RuleCase, kb: KnowledgeBase, advice: Advice) -> CaseResult:
    fired = fired_rules(advice)
    failures: list[UnmetExpectation] = []

    def fail(key: str, index: int, message: str) -> None:
        failures.append(UnmetExpectation(message, case.file, case.line_of(key, index)))

    expect = case.expect
    facts = advice.understood.facts()
    concluded = advice.inference.concluded
    for key in ("includes", "excludes", "order"):
        for i, cid in enumerate(getattr(expect, key)):
            if cid not in kb.conclusions:
                message = _("unknown conclusion id {id}").format(id=repr(cid))
                fail(key, i, message + _close(cid, kb.conclusions))
    rule_ids = [rule.id for rule in kb.rules]
    for key in ("fired", "not_fired"):
        for i, rule_id in enumerate(getattr(expect, key)):
            if rule_id not in rule_ids:
                message = _("no rule has the id {id}").format(id=repr(rule_id))
                fail(key, i, message + _close(rule_id, rule_ids))
    for i, cid in enumerate(expect.includes):
        if cid in kb.conclusions and cid not in advice:
            could = [rule.id for rule in kb.rules_concluding(cid)]
            if could:
                message = _(
                    "expected {id} in the advice, but it is not; rules that conclude it: {rules}"
                ).format(id=cid, rules=", ".join(could))
            else:
                message = _("expected {id} in the advice, but it is not").format(id=cid)
            fail("includes", i, message)
    for i, cid in enumerate(expect.excludes):
        if cid in advice:
            rules = sorted({d.rule for d in advice[cid].derivations})
            message = ngettext(
                "expected {id} not in the advice, but rule {rules} concluded it",
                "expected {id} not in the advice, but rules {rules} concluded it",
                len(rules),
            )
            fail("excludes", i, message.format(id=cid, rules=", ".join(rules)))
    for i, rule_id in enumerate(expect.fired):
        if rule_id in fired or rule_id not in {rule.id for rule in kb.rules}:
            continue
        rule = kb.rule(rule_id)
        message = _("expected rule {id} to fire, but {reason}").format(
            id=rule_id, reason=_why_not(rule, facts, concluded)
        )
        fail("fired", i, message)
    for i, rule_id in enumerate(expect.not_fired):
        if rule_id in fired:
            fail("not_fired", i, _("expected rule {id} not to fire, but it did").format(id=rule_id))
    position = {cid: i for i, cid in enumerate(advice.ids)}
    previous: str | None = None
    for i, cid in enumerate(expect.order):
        if cid not in position:
            if cid in kb.conclusions:
                message = _("{id} should be ranked, but it is not in the advice").format(id=cid)
                fail("order", i, message)
            continue
        if previous is not None and position[cid] < position[previous]:
            message = _("expected {first} before {id}, but {id} comes first")
            fail("order", i, message.format(first=previous, id=cid))
        previous = cid
    for i, (cid, paths) in enumerate(expect.assumes):
        if cid not in kb.conclusions:
            message = _("unknown conclusion id {id}").format(id=repr(cid))
            fail("assumes", i, message + _close(cid, kb.conclusions))
        elif cid not in advice:
            message = _("{id} should list assumptions, but it is not in the advice")
            fail("assumes", i, message.format(id=cid))
        elif set(advice[cid].assumptions) != set(paths):
            shown = ", ".join(advice[cid].assumptions) or _("none")
            message = _("expected {id} to assume {paths}, but it assumes {shown}")
            fail("assumes", i, message.format(id=cid, paths=list(paths), shown=shown))
    failures.sort(key=lambda failure: failure.line)
    return CaseResult(case, tuple(failures), fired, advice)


def _close(name: str, known: Iterable[str]) -> str:
    close = difflib.get_close_matches(name, list(known), n=1, cutoff=0.6)
    return suggestion(close[0]) if close else ""


def _why_not(rule: Rule, facts: Mapping[str, Any], concluded: frozenset[str]) -> str:
    fills = rule.assume or rule.derive
    if fills and all(path in facts for path, _value in fills):
        filled = [path for path, _value in fills]
        held = any(
            all(lit.truth(facts, frozenset()) is Truth.TRUE for lit in conj)
            for conj in rule.conjunctions
        )
        if held:
            return _("{paths} was already known").format(paths=", ".join(filled))
    reasons = []
    for conjunction in rule.conjunctions:
        for literal in conjunction:
            truth = literal.truth(facts, concluded)
            if truth is not Truth.TRUE:
                if truth is Truth.UNKNOWN:
                    reason = _("{condition} is unknown")
                else:
                    reason = _("{condition} is false")
                reasons.append(reason.format(condition=literal.describe()))
                break
    if not reasons:
        return _("it did not")
    return _("it did not: {reasons}").format(reasons=_("; or ").join(reasons))


def run_tests(
    cases: Sequence[RuleCase],
    kb: KnowledgeBase,
    *,
    evaluator: Evaluator | None = None,
    scope: Iterable[str | os.PathLike[str]] | None = None,
) -> CaseRun:
    """Run every case and measure coverage over the rules defined under ``scope`` (files or
    folders), or over every rule of ``kb`` when ``scope`` is ``None``."""
    engine = evaluator or default_evaluator()
    results = tuple(run_case(case, kb, evaluator=engine) for case in cases)
    return CaseRun(results, coverage_of(results, kb, scope=scope))


def _in_scope(rule: Rule, folders: Sequence[Path]) -> bool:
    if rule.file is None:
        return False
    path = Path(rule.file).resolve()
    return any(path == folder or folder in path.parents for folder in folders)


def coverage_of(
    results: Sequence[CaseResult],
    kb: KnowledgeBase,
    *,
    scope: Iterable[str | os.PathLike[str]] | None = None,
) -> Coverage:
    """What ``results`` exercised of the rules of ``kb`` (those under ``scope`` if given)."""
    if scope is None:
        rules = kb.rules
    else:
        folders = [Path(p).resolve() for p in scope]
        rules = tuple(rule for rule in kb.rules if _in_scope(rule, folders))
    rules = tuple(sorted(rules, key=lambda r: (r.file or "", r.line or 0)))
    fired: set[str] = set()
    not_fired: set[str] = set()
    seen: dict[tuple[str, int], set[Truth]] = {}
    asserted: set[str] = set()
    for result in results:
        fired |= result.fired
        not_fired |= {rule.id for rule in rules} - result.fired
        expect = result.case.expect
        asserted.update(expect.includes, expect.excludes, expect.order)
        asserted.update(cid for cid, _ in expect.assumes)
        if result.advice is None:
            continue
        facts = result.advice.understood.facts()
        concluded = result.advice.inference.concluded
        for rule in rules:
            for index, literal in enumerate(literals(rule.when)):
                seen.setdefault((rule.id, index), set()).add(literal.truth(facts, concluded))
    described = tuple(
        LiteralCoverage(
            rule.id, index, literal.describe(), frozenset(seen.get((rule.id, index), ()))
        )
        for rule in rules
        for index, literal in enumerate(literals(rule.when))
    )
    sections = kb.sort_sections(s for rule in rules for s in rule.sources)
    exercised = {s for rule in rules if rule.id in fired for s in rule.sources}
    conclusions = tuple(dict.fromkeys(cid for rule in rules for cid in rule.then))
    return Coverage(
        rules=rules,
        fired=frozenset(fired & {r.id for r in rules}),
        not_fired=frozenset(not_fired),
        literals=described,
        sections=sections,
        exercised=frozenset(exercised),
        conclusions=conclusions,
        asserted=frozenset(asserted & set(conclusions)),
    )
