"""The knowledge base: every rule, every conclusion it may reach, the guide's sections and the
resources the guide names, loaded together and checked as a whole.

>>> kb = load_knowledge_base()
>>> kb.conclusion("strategy:investor_engagement").kind
'strategy'
>>> kb.section("II.d").id
'II.d'
"""

from __future__ import annotations

import difflib
import functools
import graphlib
import hashlib
import os
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path

import attrs

from ._version import __version__
from ._yaml import load_document
from .conditions import suggestion
from .engines.program import Program
from .errors import (
    KnowledgeBaseError,
    Problem,
    RuleFileError,
    UnknownConclusionError,
    UnknownRuleError,
    UnknownSectionError,
)
from .i18n import _
from .io.read import absent, folder_files, read_bytes
from .rules import ConclusionInfo, Rule, RuleKind, load_rule_file, read_mapping_file
from .vocabulary import CONCLUSION_KINDS

__all__ = [
    "RULEPACK_GROUP",
    "KnowledgeBase",
    "Resource",
    "RulePack",
    "Section",
    "builtin_facts_dir",
    "builtin_rules_dir",
    "did_you_mean",
    "load_knowledge_base",
    "rulepacks",
]

#: The entry-point group through which installed packages offer rule folders.
RULEPACK_GROUP = "rightsrules.rulepacks"


@attrs.frozen
class Section:
    """A section of the guide: its citation id, heading and a summary in our own words."""

    id: str
    heading: str
    summary: str


@attrs.frozen
class Resource:
    """An organisation or resource the guide names, and the conclusions it serves."""

    id: str
    name: str
    url: str
    summary: str
    conclusions: tuple[str, ...] = ()


def _data_dir(name: str) -> Path:
    packaged = Path(__file__).parent / "_data" / name
    if packaged.is_dir():
        return packaged
    return Path(__file__).resolve().parents[2] / name


def builtin_rules_dir() -> Path:
    """The folder of the rules that ship with rightsrules."""
    return _data_dir("rules")


def builtin_facts_dir() -> Path:
    """The folder of the catalogues (sections, conclusions, resources) and examples."""
    return _data_dir("facts")


@attrs.frozen
class RulePack:
    """An installed rule pack: its entry-point name, its rule folder and where it came from.

    The folder holds rule files (a pack's own ``conclusions:`` may sit in any of them) and,
    optionally, a ``tests/`` sub-folder of test cases that ``rightsrules test`` runs.
    """

    name: str
    path: Path
    origin: str

    @property
    def tests_dir(self) -> Path:
        return self.path / "tests"


def rulepacks() -> tuple[RulePack, ...]:
    """The rule packs installed in this environment, by name (entry-point group
    ``rightsrules.rulepacks``). Each entry point names a folder path or a callable returning
    one; a pack that cannot be loaded is a :class:`KnowledgeBaseError` naming it.

    >>> all(pack.path.is_dir() for pack in rulepacks())
    True
    """
    from .knowledge_cache import entry_points

    packs = []
    for name, value, origin in entry_points(RULEPACK_GROUP, _discover):

        def broken(message: str, origin: str = origin, name: str = name) -> Problem:
            text = _("rule pack {name} ({origin}) {message}").format(
                name=repr(name), origin=origin, message=message
            )
            return Problem(text, key=RULEPACK_GROUP)

        try:
            import importlib.metadata  # only when a pack is installed: it is slow to import

            target = importlib.metadata.EntryPoint(name, value, RULEPACK_GROUP).load()
            if callable(target):
                target = target()
        except Exception as exc:
            problem = broken(
                _("cannot be loaded: {error}").format(error=f"{type(exc).__name__}: {exc}")
            )
            raise KnowledgeBaseError([problem]) from exc
        if not isinstance(target, str | os.PathLike):
            message = _("gives {type}, not a folder path or a callable giving one").format(
                type=type(target).__name__
            )
            raise KnowledgeBaseError([broken(message)])
        path = Path(target)
        if not path.is_dir():
            message = _("names {path}, which is not a folder").format(path=repr(str(path)))
            raise KnowledgeBaseError([broken(message)])
        packs.append(RulePack(name, path, origin))
    return tuple(packs)


def _discover(group: str) -> list[tuple[str, str, str]]:
    """The entry points of ``group``: name, value and the distribution that offers it."""
    import importlib.metadata

    found = []
    for entry in sorted(importlib.metadata.entry_points(group=group), key=lambda e: e.name):
        origin = entry.value
        if entry.dist is not None:
            origin = f"{entry.dist.name} {entry.dist.version}: {entry.value}"
        found.append((entry.name, entry.value, origin))
    return found


_installed_rulepacks = rulepacks


@attrs.frozen
class KnowledgeBase:
    """Rules, conclusions, sections and resources that fit together. Build with
    :func:`load_knowledge_base`."""

    rules: tuple[Rule, ...]
    conclusions: Mapping[str, ConclusionInfo]
    sections: Mapping[str, Section]
    resources: tuple[Resource, ...]
    version: str
    files: tuple[str, ...] = ()
    program: Program = attrs.field(init=False, repr=False, eq=False)
    _by_id: Mapping[str, Rule] = attrs.field(init=False, repr=False, eq=False)
    # Computed once, read on every assessment (the hot path of a batch).
    _by_kind: Mapping[RuleKind, tuple[Rule, ...]] = attrs.field(init=False, repr=False, eq=False)
    _section_order: Mapping[str, int] = attrs.field(init=False, repr=False, eq=False)
    _resources_by_conclusion: Mapping[str, tuple[Resource, ...]] = attrs.field(
        init=False, repr=False, eq=False
    )

    def __attrs_post_init__(self) -> None:
        concluding = [r for r in self.rules if r.kind is RuleKind.CONCLUDE]
        program = Program.build((r.id, r.conjunctions, r.then) for r in concluding)
        object.__setattr__(self, "program", program)
        object.__setattr__(self, "_by_id", {rule.id: rule for rule in self.rules})
        by_kind = {kind: tuple(r for r in self.rules if r.kind is kind) for kind in RuleKind}
        object.__setattr__(self, "_by_kind", by_kind)
        order = {section_id: i for i, section_id in enumerate(self.sections)}
        object.__setattr__(self, "_section_order", order)
        resources: dict[str, list[Resource]] = {}
        for resource in self.resources:
            for conclusion_id in dict.fromkeys(resource.conclusions):
                resources.setdefault(conclusion_id, []).append(resource)
        by_conclusion = {cid: tuple(found) for cid, found in resources.items()}
        object.__setattr__(self, "_resources_by_conclusion", by_conclusion)

    def rule(self, rule_id: str) -> Rule:
        """The rule with this id; :class:`UnknownRuleError` if none, with the closest id as a
        suggestion.

        >>> load_knowledge_base().rule("mno.licenced-by-default")
        Traceback (most recent call last):
        ...
        rightsrules.errors.UnknownRuleError: no rule has the id 'mno.licenced-by-default' \
(did you mean 'mno.licensed-by-default'?)
        """
        try:
            return self._by_id[rule_id]
        except KeyError:
            hint = did_you_mean(str(rule_id), self._by_id)
            message = _("no rule has the id {id}").format(id=repr(rule_id))
            raise UnknownRuleError(message + hint) from None

    def conclusion(self, conclusion_id: str) -> ConclusionInfo:
        """The declaration of a conclusion id; :class:`UnknownConclusionError` if none, with
        the closest known id as a suggestion.

        >>> load_knowledge_base().conclusion("strategy:investors_engagement")
        Traceback (most recent call last):
        ...
        rightsrules.errors.UnknownConclusionError: unknown conclusion id \
'strategy:investors_engagement' (did you mean 'strategy:investor_engagement'?)
        """
        try:
            return self.conclusions[conclusion_id]
        except KeyError:
            hint = did_you_mean(str(conclusion_id), self.conclusions)
            message = _("unknown conclusion id {id}").format(id=repr(conclusion_id))
            raise UnknownConclusionError(message + hint) from None

    @property
    def kinds(self) -> tuple[str, ...]:
        """The kinds of conclusion it knows: the vocabulary's, then any a rule pack declares."""
        declared = dict.fromkeys(info.kind for info in self.conclusions.values())
        return tuple(dict.fromkeys((*CONCLUSION_KINDS, *declared)))

    def section(self, section_id: str) -> Section:
        """The section of the guide with this id; :class:`UnknownSectionError` if the
        catalogue has none, with the closest id as a suggestion.

        >>> load_knowledge_base().section("appendix.ips")
        Traceback (most recent call last):
        ...
        rightsrules.errors.UnknownSectionError: no section of the guide has the id \
'appendix.ips' (did you mean 'appendix.isp'?)
        """
        try:
            return self.sections[section_id]
        except KeyError:
            hint = did_you_mean(str(section_id), self.sections)
            message = _("no section of the guide has the id {id}").format(id=repr(section_id))
            raise UnknownSectionError(message + hint) from None

    def rules_of(self, kind: RuleKind) -> tuple[Rule, ...]:
        return self._by_kind[kind]

    def rules_concluding(self, conclusion_id: str) -> tuple[Rule, ...]:
        """The rules whose ``then`` names this conclusion, in knowledge-base order."""
        return tuple(rule for rule in self.rules if conclusion_id in rule.then)

    def resources_for(self, conclusion_id: str) -> tuple[Resource, ...]:
        return self._resources_by_conclusion.get(conclusion_id, ())

    def sort_sections(self, ids: Iterable[str]) -> tuple[str, ...]:
        """Section ids once each, in the guide's order."""
        order = self._section_order
        last = len(order)
        return tuple(sorted(set(ids), key=lambda s: (order.get(s, last), s)))


def load_knowledge_base(
    paths: Sequence[str | os.PathLike[str]] = (),
    *,
    builtin: bool = True,
    facts_dir: str | os.PathLike[str] | None = None,
    rulepacks: bool | None = None,
) -> KnowledgeBase:
    """Load the built-in rules, the installed rule packs and any extra rule folders or files,
    and check them together.

    ``paths`` are folders (every ``*.yaml``/``*.yml`` in them, not in sub-folders) or files.
    With ``builtin=False`` only ``paths`` are read (the catalogues still come from
    ``facts_dir``, the built-in facts by default). ``rulepacks`` says whether the folders of
    the installed rule packs (:func:`rulepacks`) are read too; by default they are exactly
    when ``builtin`` is. A folder named twice (a pack also given in ``paths``) is read once.
    """
    facts = Path(facts_dir) if facts_dir else builtin_facts_dir()
    files: list[Path] = [facts / "conclusions.yaml"]
    folders = [builtin_rules_dir()] if builtin else []
    if builtin if rulepacks is None else rulepacks:
        folders.extend(pack.path for pack in _installed_rulepacks())
    folders.extend(Path(p) for p in paths)
    unique: dict[Path, Path] = {}
    for folder in folders:
        unique.setdefault(Path(os.path.realpath(folder)), folder)
    for folder in unique.values():
        if folder.is_dir():
            files.extend(folder_files(folder, (".yaml", ".yml"), error=KnowledgeBaseError))
        elif folder.exists():
            files.append(folder)
        else:
            raise KnowledgeBaseError([Problem(absent(folder), file=str(folder))])
    # The advice must not depend on the order extra rule files are given in: after the
    # built-in ones, they are read in the order of their names.
    builtin_count = 1 + (
        sum(1 for p in builtin_rules_dir().iterdir() if p.suffix in (".yaml", ".yml"))
        if builtin and builtin_rules_dir().is_dir()
        else 0
    )
    files[builtin_count:] = sorted(files[builtin_count:], key=lambda p: (p.name, str(p)))
    catalogues = [facts / "sections.yaml", facts / "resources.yaml"]
    # Cached on each file's identity and modification, so an edited rule file is read again.
    return _load(tuple(_fingerprint(path) for path in files + catalogues))


def _fingerprint(path: Path) -> tuple[str, int, int]:
    try:
        stat = path.stat()
    except OSError:
        return (str(path), -1, -1)
    return (str(path), stat.st_mtime_ns, stat.st_size)


@functools.lru_cache(maxsize=16)
def _load(fingerprints: tuple[tuple[str, int, int], ...]) -> KnowledgeBase:
    paths = tuple(Path(name) for name, _size, _stamp in fingerprints)
    from . import knowledge_cache  # it builds this module's classes

    if not knowledge_cache.enabled():
        return _read(paths)
    return knowledge_cache.cached(paths, lambda: _read(paths))


def _read(paths: Sequence[Path]) -> KnowledgeBase:
    """Read and check the rule files, then the catalogues of sections and resources."""
    *rule_paths, sections_path, resources_path = paths
    files = list(rule_paths)
    problems: list[Problem] = []
    rule_files = []
    for path in files:
        try:
            rule_files.append(load_rule_file(path))
        except RuleFileError as exc:
            problems.extend(exc.problems)
    if problems:
        raise RuleFileError(problems)
    sections = _load_sections(sections_path)
    conclusions: dict[str, ConclusionInfo] = {}
    rules: list[Rule] = []
    for rule_file in rule_files:
        for info in rule_file.conclusions:
            if info.id in conclusions:
                first = conclusions[info.id]
                problems.append(
                    Problem(
                        _("conclusion declared twice (first at {place})").format(
                            place=f"{first.file}:{first.line}"
                        ),
                        file=info.file,
                        line=info.line,
                        key=info.id,
                    )
                )
            conclusions[info.id] = info
        rules.extend(rule_file.rules)
    resources = _load_resources(resources_path)
    problems.extend(_check(rules, conclusions, sections, resources))
    if problems:
        raise KnowledgeBaseError(problems)
    digest = hashlib.sha256()
    for path in files:
        digest.update(path.name.encode() + b"\0" + read_bytes(path, error=RuleFileError))
    version = f"{__version__}+{digest.hexdigest()[:12]}"
    ordered = tuple(sorted(rules, key=lambda r: r.priority))
    return KnowledgeBase(ordered, conclusions, sections, resources, version, tuple(map(str, files)))


def _load_sections(path: Path) -> dict[str, Section]:
    document = load_document(path, error=RuleFileError)
    sections = {}
    for _index, item in read_mapping_file(document, "sections"):
        section = Section(
            str(item["id"]), str(item["heading"]), " ".join(str(item["summary"]).split())
        )
        sections[section.id] = section
    return sections


def _load_resources(path: Path) -> tuple[Resource, ...]:
    if not path.exists():
        return ()
    document = load_document(path, error=RuleFileError)
    return tuple(
        Resource(
            id=str(item["id"]),
            name=str(item["name"]),
            url=str(item["url"]),
            summary=" ".join(str(item["summary"]).split()),
            conclusions=tuple(item.get("conclusions", ())),
        )
        for _index, item in read_mapping_file(document, "resources")
    )


def _check(
    rules: list[Rule],
    conclusions: Mapping[str, ConclusionInfo],
    sections: Mapping[str, Section],
    resources: tuple[Resource, ...],
) -> list[Problem]:
    problems: list[Problem] = []
    seen: dict[str, Rule] = {}

    def report(rule: Rule, key: str, message: str) -> None:
        problems.append(Problem(message, file=rule.file, line=rule.line, key=f"{rule.id}.{key}"))

    for rule in rules:
        if rule.id in seen:
            message = _("duplicate rule id (first at {place})")
            report(rule, "id", message.format(place=seen[rule.id].location))
        seen[rule.id] = rule
        for conclusion_id in (*rule.then, *rule.reads, *(cid for cid, _weight in rule.rank)):
            if conclusion_id not in conclusions:
                report(
                    rule,
                    "then",
                    _("conclusion {id} is not declared in any conclusions list").format(
                        id=repr(conclusion_id)
                    ),
                )
        for source in rule.sources:
            if source not in sections:
                message = _("{source} is not a section of the guide's catalogue")
                report(rule, "sources", message.format(source=repr(source)))
    for resource in resources:
        for conclusion_id in resource.conclusions:
            if conclusion_id not in conclusions:
                problems.append(
                    Problem(
                        _("resource names unknown conclusion {id}").format(id=repr(conclusion_id)),
                        key=resource.id,
                    )
                )
    # Conclusions in chaining order: a rule's reads before what it concludes. A cycle has none.
    order: graphlib.TopologicalSorter[str] = graphlib.TopologicalSorter()
    linking: dict[tuple[str, str], Rule] = {}
    for rule in rules:
        for read in rule.reads:
            for concluded in rule.then:
                linking.setdefault((read, concluded), rule)
                order.add(concluded, read)
    try:
        order.prepare()
    except graphlib.CycleError as error:
        cycle = error.args[1]  # each id reads into the next; the last is the first again
        path = " -> ".join(cycle)
        message = _("rules form a cycle: {path}").format(path=path)
        report(linking[cycle[-2], cycle[-1]], "when", message)
    return problems


def did_you_mean(given: str, known: Iterable[str]) -> str:
    """`` (did you mean 'X'?)`` for the closest of ``known``, or nothing.

    >>> did_you_mean("strategies", ["strategy", "step"]), did_you_mean("zzz", ["step"])
    (" (did you mean 'strategy'?)", '')
    """
    close = difflib.get_close_matches(given, list(known), n=1, cutoff=0.6)
    return suggestion(close[0]) if close else ""
