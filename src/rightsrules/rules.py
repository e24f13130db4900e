"""Rules and conclusion declarations: the model and the reading of rule files.

A rule file is data, never code: YAML validated against ``schemas/rule.schema.json``, then
checked against the vocabulary. It holds ``rules`` and may declare new ``conclusions``::

    rules:
      - id: mno.licence-leverage
        title: Licences give the government leverage over an MNO
        when: {company.type: mobile_network_operator, company.licensed: true}
        then: [leverage:government_licence]
        because: A licence can be revoked, so the state can press the operator.
        sources: [I.company-types.mno]

A rule does one of four things: ``then`` derives conclusions; ``derive`` fills unknown
scenario facts that follow from other facts (a campaign's history: not a guess, so no
assumption); ``assume`` fills unknown scenario facts with a default (a conclusion resting on
it lists it as an assumption); ``rank`` moves conclusions up or down in the advice.
"""

from __future__ import annotations

import difflib
import enum
import functools
import os
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeAlias

import attrs

from ._yaml import Document, PathKey, load_document
from .conditions import (
    Condition,
    ConditionError,
    Literal,
    conclusions_read,
    parse_condition,
    suggestion,
    to_dnf,
)
from .errors import InputError, Problem, RuleFileError
from .i18n import _
from .scenario import FactValue, Scenario
from .vocabulary import FIELDS

if TYPE_CHECKING:  # imported when a file is read: a knowledge base from the cache needs none
    from ._jsonschema import jsonschema

__all__ = [
    "DEFAULT_PRIORITY",
    "ConclusionInfo",
    "Copied",
    "Fault",
    "Reporter",
    "Rule",
    "RuleFile",
    "RuleKind",
    "build_rule",
    "load_rule_file",
    "parse_rule_file",
]

#: The priority of a rule that does not give one.
DEFAULT_PRIORITY = 500


class RuleKind(enum.Enum):
    """What a rule does when its condition holds."""

    CONCLUDE = "conclude"
    DERIVE = "derive"
    ASSUME = "assume"
    RANK = "rank"


@attrs.frozen
class Copied:
    """A derived value that is another fact's value: ``derive: {PATH: {fact: OTHER}}``."""

    path: str


@attrs.frozen
class Rule:
    """One rule, validated. ``conjunctions`` is ``when`` flattened for the engines."""

    id: str
    title: str
    when: Condition
    because: str
    sources: tuple[str, ...]
    then: tuple[str, ...] = ()
    assume: tuple[tuple[str, FactValue], ...] = ()
    #: Facts it derives: each path with its value, or the fact whose value it copies.
    derive: tuple[tuple[str, FactValue | Copied], ...] = ()
    rank: tuple[tuple[str, int], ...] = ()
    priority: int = DEFAULT_PRIORITY
    file: str | None = attrs.field(default=None, eq=False)
    line: int | None = attrs.field(default=None, eq=False)
    conjunctions: tuple[tuple[Literal, ...], ...] = attrs.field(eq=False, repr=False)

    @conjunctions.default
    def _flatten(self) -> tuple[tuple[Literal, ...], ...]:
        return to_dnf(self.when)

    @property
    def kind(self) -> RuleKind:
        if self.assume:
            return RuleKind.ASSUME
        if self.derive:
            return RuleKind.DERIVE
        if self.rank:
            return RuleKind.RANK
        return RuleKind.CONCLUDE

    @property
    def reads(self) -> tuple[str, ...]:
        """The conclusion ids its condition tests."""
        return conclusions_read(self.when)

    @property
    def location(self) -> str:
        return ":".join(str(part) for part in (self.file, self.line) if part is not None)


@attrs.frozen
class ConclusionInfo:
    """A conclusion id the knowledge base knows: its kind, title and summary."""

    id: str
    title: str
    summary: str
    sources: tuple[str, ...] = ()
    #: For a step: its phase of the engagement (one of ``vocabulary.STEP_PHASES``).
    phase: str | None = None
    file: str | None = attrs.field(default=None, eq=False)
    line: int | None = attrs.field(default=None, eq=False)

    @property
    def kind(self) -> str:
        return self.id.split(":", 1)[0]


@attrs.frozen
class RuleFile:
    """What one rule file holds."""

    path: str
    rules: tuple[Rule, ...]
    conclusions: tuple[ConclusionInfo, ...]


@functools.cache
def _validator() -> jsonschema.Draft7Validator:
    from .schemas import rule_schema
    from .schemas.validation import validator

    return validator(rule_schema())


def load_rule_file(path: str | os.PathLike[str]) -> RuleFile:
    """Read and validate one rule file.

    >>> rule_file = load_rule_file("rules/12-appendix-mno.yaml")
    >>> rule_file.rules[0].file
    'rules/12-appendix-mno.yaml'
    """
    return _RuleFileReader(load_document(Path(path), error=RuleFileError)).read()


def parse_rule_file(text: str | bytes, *, file: str | None = None) -> RuleFile:
    """Validate rule-file text (``file`` names it in messages).

    Cross-file checks (duplicate ids, unknown conclusions and sections) belong to
    :func:`rightsrules.load_knowledge_base`.

    >>> text = '''
    ... rules:
    ...   - id: demo.isp
    ...     title: An ISP
    ...     when: {company.type: isp}
    ...     then: [challenge:net_neutrality]
    ...     because: ISPs decide how traffic flows.
    ...     sources: [appendix.isp]
    ... '''
    >>> parse_rule_file(text, file="demo.yaml").rules[0].then
    ('challenge:net_neutrality',)
    """
    return _RuleFileReader(load_document(text, file=file, error=RuleFileError)).read()


class _RuleFileReader:
    def __init__(self, document: Document) -> None:
        self.document = document
        self.problems: list[Problem] = []

    def problem(self, path: PathKey, message: str) -> None:
        key = ".".join(str(part) for part in path) or None
        line = self.document.line_of(path)
        self.problems.append(Problem(message, file=self.document.file, line=line, key=key))

    def read(self) -> RuleFile:
        from .schemas.validation import schema_problems

        data = self.document.data
        self.problems.extend(schema_problems(self.document, _validator()))
        if self.problems:
            raise RuleFileError(self.problems)
        conclusions = tuple(
            self.conclusion(i, item) for i, item in enumerate(data.get("conclusions", []))
        )
        rules = tuple(self.rule(i, item) for i, item in enumerate(data.get("rules", [])))
        if self.problems:
            raise RuleFileError(self.problems)
        return RuleFile(self.document.file, tuple(r for r in rules if r), conclusions)

    def conclusion(self, index: int, item: dict[str, Any]) -> ConclusionInfo:
        where = ("conclusions", index)
        return ConclusionInfo(
            id=item["id"],
            title=item["title"],
            summary=" ".join(item["summary"].split()),
            sources=tuple(item.get("sources", ())),
            phase=item.get("phase"),
            file=self.document.file,
            line=self.document.line_of(where),
        )

    def rule(self, index: int, item: dict[str, Any]) -> Rule | None:
        where: PathKey = ("rules", index)
        return build_rule(
            item,
            where,
            file=self.document.file,
            line=self.document.line_of(where),
            report=lambda path, message, _fault: self.problem(path, message),
        )


class Fault(enum.Enum):
    """What :func:`build_rule` found wrong with a rule (the linter files each under a check)."""

    #: ``when`` does not parse, and not for an unknown path or value: the message says why.
    CONDITION = "condition"
    #: A path outside the vocabulary, in ``when`` or a default (``assume``).
    UNKNOWN_PATH = "unknown-path"
    #: A default value its path does not take.
    BAD_DEFAULT = "bad-default"
    #: A value its path does not take, in ``when``.
    BAD_VALUE = "bad-value"
    #: Anything else: a default that tests conclusions, a condition too large to flatten.
    INVALID = "invalid"


#: Where a problem is (its data path in the file), what it says, and what kind it is.
Reporter: TypeAlias = Callable[[PathKey, str, Fault], None]


def build_rule(
    item: Mapping[str, Any],
    where: PathKey,
    *,
    file: str | None,
    line: int | None,
    report: Reporter,
) -> Rule | None:
    """The :class:`Rule` an item of a rule file's ``rules`` list describes, or ``None`` when it
    cannot be made; each problem goes to ``report``, located by its data path under ``where``.

    The item is one the rule-file schema accepts (the linter also passes one that lacks only
    its ``because`` or ``sources``, which it reports itself).

    >>> problems = []
    >>> item = {"id": "demo.x", "title": "X", "when": {"company.type": "isp"},
    ...         "assume": {"company.sise": "large"}, "because": "B.", "sources": ["II.d"]}
    >>> build_rule(item, ("rules", 0), file=None, line=None,
    ...            report=lambda *problem: problems.append(problem))
    >>> problems
    [(('rules', 0, 'assume', 'company.sise'), "unknown scenario path 'company.sise' \
(did you mean 'company.size'?)", <Fault.UNKNOWN_PATH: 'unknown-path'>)]
    """
    try:
        when = parse_condition(item["when"])
    except ConditionError as exc:
        fault = {"path": Fault.UNKNOWN_PATH, "value": Fault.BAD_VALUE}.get(exc.about)
        report((*where, "when", *exc.where), str(exc), fault or Fault.CONDITION)
        return None
    assume = tuple(
        (path, _default((*where, "assume", path), path, value, report))
        for path, value in (item.get("assume") or {}).items()
    )
    derive = tuple(
        (path, _derived((*where, "derive", path), path, value, report))
        for path, value in (item.get("derive") or {}).items()
    )
    if (assume or derive) and conclusions_read(when):
        if assume:
            message = _(
                "a default (assume) cannot test conclusions: facts are filled in before any "
                "rule concludes"
            )
        else:
            message = _(
                "a derived fact (derive) cannot test conclusions: facts are filled in before "
                "any rule concludes"
            )
        report((*where, "when"), message, Fault.INVALID)
        return None
    if any(value is None for _path, value in (*assume, *derive)):
        return None
    try:
        return Rule(
            id=item["id"],
            title=" ".join(str(item["title"]).split()),
            when=when,
            because=" ".join(str(item.get("because", "")).split()),
            sources=tuple(item.get("sources") or ()),
            then=tuple(dict.fromkeys(item.get("then", ()))),
            assume=assume,  # type: ignore[arg-type]
            derive=derive,  # type: ignore[arg-type]
            rank=tuple((item.get("rank") or {}).items()),
            priority=item.get("priority", DEFAULT_PRIORITY),
            file=file,
            line=line,
        )
    except ConditionError as exc:
        report((*where, "when"), str(exc), Fault.INVALID)
        return None


def _default(where: PathKey, path: str, value: Any, report: Reporter) -> FactValue | None:
    """A default's value as the scenario would hold it, or ``None`` (reported) if invalid."""
    if path not in FIELDS:
        close = difflib.get_close_matches(path, list(FIELDS), n=1, cutoff=0.6)
        hint = suggestion(close[0]) if close else ""
        message = _("unknown scenario path {path}").format(path=repr(path)) + hint
        report(where, message, Fault.UNKNOWN_PATH)
        return None
    section, key = path.split(".", 1)
    probe: dict[str, Any] = {"company": {"name": "probe", "type": "other"}}
    probe.setdefault(section, {})[key] = value
    try:
        return Scenario.from_dict(probe).get(path)
    except InputError as exc:  # a ScenarioError: reword it for the rule file
        message = str(exc).split(": ", 1)[-1]
        report(
            where, _("not a valid default: {message}").format(message=message), Fault.BAD_DEFAULT
        )
        return None


def _derived(where: PathKey, path: str, value: Any, report: Reporter) -> FactValue | Copied | None:
    """A derived value as the scenario would hold it, or the fact it copies (of the same kind
    as ``path``), or ``None`` (reported) if invalid."""
    if not isinstance(value, Mapping):
        return _default(where, path, value, report)
    source = str(value.get("fact"))
    if path not in FIELDS:
        return _default(where, path, value, report)  # reports the unknown path
    if source not in FIELDS:
        close = difflib.get_close_matches(str(source), list(FIELDS), n=1, cutoff=0.6)
        hint = suggestion(close[0]) if close else ""
        message = _("unknown scenario path {path}").format(path=repr(source)) + hint
        report((*where, "fact"), message, Fault.UNKNOWN_PATH)
        return None
    if FIELDS[source].kind is not FIELDS[path].kind or FIELDS[source].enum is not FIELDS[path].enum:
        message = _("{source} holds another kind of value than {path}").format(
            source=source, path=path
        )
        report((*where, "fact"), message, Fault.BAD_DEFAULT)
        return None
    return Copied(source)


def read_mapping_file(document: Document, section: str) -> list[tuple[int, Mapping[str, Any]]]:
    """The items of a catalogue file's top-level list (``sections:``, ``resources:``)."""
    data = document.data
    if not isinstance(data, dict) or not isinstance(data.get(section), list):
        raise RuleFileError(
            [
                Problem(
                    _("expected a top-level list '{section}'").format(section=section),
                    file=document.file,
                    line=1,
                )
            ]
        )
    items: list[tuple[int, Mapping[str, Any]]] = []
    for index, item in enumerate(data[section]):
        if not isinstance(item, dict):
            line = document.line_of((section, index))
            problem = Problem(_("expected a mapping"), file=document.file, line=line)
            raise RuleFileError([problem])
        items.append((index, item))
    return items
