"""The model of "every completion" of a scenario, for one conclusion: the one place that says
which values each scenario path can take in the minimal reasons and minimal changes.

Only the paths the conclusion's *cone* reads matter: the paths its rules test, through every
conclusion they chain on, the paths the defaults (``assume`` rules) that fill any of those
read, and the paths a constraint ties to any of them. Each such path is split into
*variables* with finite domains:

* a boolean or enum path: one variable, its values and *unknown* (``None``; a required path is
  never unknown);
* a free-text, country or date path: the values the knowledge base's rules name, one value
  they do not name (the same stand-ins :func:`~rightsrules.explain.questions.probe_values`
  tries), and unknown;
* a list path: one variable for whether the list is known at all (``False``: unknown), and one
  yes-or-no variable per element the rules name, plus one for "one other element" (any
  element the rules do not name: they cannot tell two such elements apart).

A *point* gives every variable a value; :meth:`Space.facts` turns it into scenario facts that
the real pipeline (defaults, then the engine) runs on.

>>> from rightsrules import load_knowledge_base
>>> space = space_for(load_knowledge_base(), "strategy:investor_engagement")
>>> space.paths
('company.type', 'company.publicly_traded', 'company.size')
>>> [var.name for var in space_for(load_knowledge_base(), "step:find_contacts").vars][-6:-1]
['organization.networks (known)', 'organization.networks[rightscon]', \
'organization.networks[igf]', 'organization.networks[coalition]', 'organization.networks[gni]']
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from typing import Any, TypeAlias

import attrs

from .._memo import Memo, per_instance
from ..conditions import Literal, Op, Premise
from ..constraints import Constraint
from ..knowledge import KnowledgeBase
from ..rules import Rule, RuleKind
from ..scenario import FactValue
from ..vocabulary import COUNTRY_CODES, FIELDS, FieldKind
from .questions import OTHER_DATE, OTHER_TEXT

__all__ = ["Box", "Point", "Space", "Var", "cone_paths", "space_for"]

#: A value for each variable of a space, in the order of :attr:`Space.vars`.
Point: TypeAlias = tuple[Any, ...]
#: The values each variable may still take, in the order of :attr:`Space.vars`.
Box: TypeAlias = tuple[tuple[Any, ...], ...]


@attrs.frozen
class Var:
    """One variable: a scalar path (``element`` is ``""``), whether a list path is known
    (``known_of_list``), or whether a list holds one element (``element``)."""

    path: str
    values: tuple[Any, ...]
    element: str = ""
    known_of_list: bool = False

    @property
    def name(self) -> str:
        if self.known_of_list:
            return f"{self.path} (known)"
        return f"{self.path}[{self.element}]" if self.element else self.path


def _other(path: str, named: Sequence[FactValue]) -> str | None:
    """The stand-in for "a value the rules do not name" (``None`` where every value is
    named: an enum list whose values the rules all test)."""
    field = FIELDS[path]
    if field.kind in (FieldKind.ENUM_LIST,):
        return next((value for value in field.allowed if value not in named), None)
    if field.kind is FieldKind.COUNTRY:
        return next(code for code in sorted(COUNTRY_CODES) if code not in named)
    if field.kind is FieldKind.DATE:
        return OTHER_DATE if OTHER_DATE not in named else "2000-01-02"
    return OTHER_TEXT if OTHER_TEXT not in named else OTHER_TEXT + " again"


class _Tables:
    """What the spaces of a knowledge base share: the values its rules name per path, the
    concluding rules by what they conclude, and the defaults by what they fill."""

    def __init__(self, kb: KnowledgeBase) -> None:
        named: dict[str, list[FactValue]] = {}
        for rule in kb.rules:
            for conjunction in rule.conjunctions:
                for literal in conjunction:
                    if literal.op is Op.CONCLUDED:
                        continue
                    values = named.setdefault(literal.path, [])
                    values.extend(v for v in literal.values if v != () and v not in values)
        self.named = named
        self.concluders: dict[str, list[tuple[str, tuple[tuple[Literal, ...], ...]]]] = {}
        for compiled in kb.program.rules:
            for cid in compiled.concludes:
                self.concluders.setdefault(cid, []).append((compiled.id, compiled.conjunctions))
        self.fillers: dict[str, list[Rule]] = {}
        for rule in kb.rules_of(RuleKind.ASSUME):
            for path, _ in rule.assume:
                self.fillers.setdefault(path, []).append(rule)
        self.spaces: Memo[tuple[str, tuple[Constraint, ...]], Space] = Memo(1024)


_tables = per_instance(_Tables)


def cone_paths(
    kb: KnowledgeBase, conclusion_id: str, constraints: Iterable[Constraint] = ()
) -> tuple[str, ...]:
    """The paths that can matter to whether ``conclusion_id`` is concluded, in the
    vocabulary's order (see the module's notes). Every other path is irrelevant to it."""
    tables = _tables(kb)
    read: set[str] = set()
    seen: set[str] = set()
    stack = [conclusion_id]
    while stack:
        cid = stack.pop()
        if cid in seen:
            continue
        seen.add(cid)
        for _, conjunctions in tables.concluders.get(cid, ()):
            for conjunction in conjunctions:
                for literal in conjunction:
                    if literal.op is Op.CONCLUDED:
                        stack.append(literal.conclusion)
                    else:
                        read.add(literal.path)
    pending = list(read)
    while pending:  # the defaults that fill a path read, and what they read in turn
        for rule in tables.fillers.get(pending.pop(), ()):
            for conjunction in rule.conjunctions:
                for literal in conjunction:
                    if literal.path not in read:
                        read.add(literal.path)
                        pending.append(literal.path)
    tied = list(constraints)
    grown = True
    while grown:  # a constraint ties its paths together
        grown = False
        for constraint in tied:
            paths = set(constraint.paths)
            if paths & read and not paths <= read:
                read |= paths
                grown = True
    order = list(FIELDS)
    return tuple(sorted(read, key=order.index))


@attrs.frozen(eq=False)
class Space:
    """The variables of one conclusion's cone and what they mean as facts."""

    conclusion: str
    paths: tuple[str, ...]
    vars: tuple[Var, ...]
    #: Each path's variables, by index into :attr:`vars`.
    of_path: Mapping[str, tuple[int, ...]]
    #: Each list path's elements, in the order of its element variables (the stand-in for
    #: "one other element" last, where there is one).
    elements: Mapping[str, tuple[str, ...]]
    #: Each path's stand-in for a value (or element) the rules do not name, if any.
    other: Mapping[str, str | None]
    constraints: tuple[Constraint, ...]
    #: The paths that some default may fill, each with the defaults that fill it.
    fillers: Mapping[str, tuple[Rule, ...]]
    named: Mapping[str, tuple[FactValue, ...]]
    #: The conjunctions that conclude each conclusion of the cone, the target's included.
    conjunctions: Mapping[str, tuple[tuple[Literal, ...], ...]]

    @property
    def root(self) -> Box:
        """Every variable free over its whole domain."""
        return tuple(var.values for var in self.vars)

    def facts(self, point: Point) -> dict[str, FactValue]:
        """The scenario facts of a point (an unknown path is absent)."""
        facts: dict[str, FactValue] = {}
        for path in self.paths:
            value = self.value(path, point)
            if value is not None:
                facts[path] = value
        return facts

    def value(self, path: str, point: Point) -> FactValue | None:
        """The value of ``path`` at a point (``None``: unknown)."""
        indices = self.of_path[path]
        if not FIELDS[path].is_list:
            value: FactValue | None = point[indices[0]]
            return value
        if not point[indices[0]]:
            return None
        elements = self.elements[path]
        return tuple(e for e, i in zip(elements, indices[1:], strict=True) if point[i])

    def point_of(self, facts: Mapping[str, FactValue]) -> Point:
        """The point of a scenario's facts: a value (or element) the rules do not name is the
        path's stand-in for one."""
        point: list[Any] = []
        for path in self.paths:
            value = facts.get(path)
            if not FIELDS[path].is_list:
                point.append(self.canonical(path, value))
                continue
            point.append(value is not None)
            items = value if isinstance(value, tuple) else ()
            held = {self.canonical_element(path, item) for item in items}
            point.extend(element in held for element in self.elements[path])
        return tuple(point)

    def canonical(self, path: str, value: FactValue | None) -> FactValue | None:
        """A scalar value as the space sees it (one the rules do not name: the stand-in)."""
        if value is None or FIELDS[path].allowed or value in self.named.get(path, ()):
            return value
        return self.other[path]

    def canonical_element(self, path: str, item: str) -> str:
        if item in self.elements[path]:
            return item
        other = self.other[path]
        assert other is not None  # only an enum list with every value named has no stand-in
        return other

    def restrict(self, premise: Premise, box: Box) -> Box:
        """The box with a premise of the scenario kept: ``fact:PATH=VALUE`` (a scalar, or one
        element of a list), ``fact:PATH=[]`` or ``fact:PATH=unknown``."""
        indices = self.of_path[premise.path]
        fixed = list(box)
        if not FIELDS[premise.path].is_list:
            fixed[indices[0]] = (
                (None,) if premise.unknown else (self.canonical(premise.path, premise.value),)
            )
            return tuple(fixed)
        if premise.unknown:
            fixed[indices[0]] = (False,)
            return tuple(fixed)
        fixed[indices[0]] = (True,)
        if premise.value == ():
            for index in indices[1:]:
                fixed[index] = (False,)
        else:
            assert isinstance(premise.value, str)
            element = self.canonical_element(premise.path, premise.value)
            fixed[indices[1 + self.elements[premise.path].index(element)]] = (True,)
        return tuple(fixed)

    def reads(self, literal: Literal) -> tuple[int, ...]:
        """The variables whose values decide a literal's truth."""
        indices = self.of_path[literal.path]
        if not FIELDS[literal.path].is_list or literal.op in (Op.KNOWN, Op.UNKNOWN):
            return indices[:1]
        if literal.values == ((),):
            return indices
        elements = self.elements[literal.path]
        picked = [indices[1 + elements.index(v)] for v in literal.values if v in elements]
        return (indices[0], *picked)


def _cone_conjunctions(
    tables: _Tables, conclusion_id: str
) -> dict[str, tuple[tuple[Literal, ...], ...]]:
    found: dict[str, tuple[tuple[Literal, ...], ...]] = {}
    stack = [conclusion_id]
    while stack:
        cid = stack.pop()
        if cid in found:
            continue
        found[cid] = tuple(
            conjunction
            for _, conjunctions in tables.concluders.get(cid, ())
            for conjunction in conjunctions
        )
        stack.extend(
            literal.conclusion
            for conjunction in found[cid]
            for literal in conjunction
            if literal.op is Op.CONCLUDED
        )
    return found


def space_for(
    kb: KnowledgeBase, conclusion_id: str, constraints: Sequence[Constraint] = ()
) -> Space:
    """The space of ``conclusion_id``'s cone in ``kb`` (made once per conclusion)."""
    tables = _tables(kb)
    key = (conclusion_id, tuple(constraints))
    found = tables.spaces.get(key)
    if found is not None:
        return found
    paths = cone_paths(kb, conclusion_id, constraints)
    variables: list[Var] = []
    of_path: dict[str, tuple[int, ...]] = {}
    elements: dict[str, tuple[str, ...]] = {}
    other: dict[str, str | None] = {}
    named: dict[str, tuple[FactValue, ...]] = {}
    for path in paths:
        field = FIELDS[path]
        names = tuple(tables.named.get(path, ()))
        named[path] = names
        start = len(variables)
        unknown: tuple[None, ...] = () if field.required else (None,)
        if field.kind is FieldKind.BOOL:
            other[path] = None
            variables.append(Var(path, (True, False, *unknown)))
        elif field.kind is FieldKind.ENUM:
            other[path] = None
            variables.append(Var(path, (*field.allowed, *unknown)))
        elif not field.is_list:
            other[path] = _other(path, names)
            variables.append(Var(path, (*names, other[path], *unknown)))
        else:
            stand_in = _other(path, names)
            other[path] = stand_in
            listed = tuple(str(v) for v in names) + ((stand_in,) if stand_in else ())
            elements[path] = listed
            variables.append(Var(path, (True, False), known_of_list=True))
            variables.extend(Var(path, (True, False), element=e) for e in listed)
        of_path[path] = tuple(range(start, len(variables)))
    space = Space(
        conclusion=conclusion_id,
        paths=paths,
        vars=tuple(variables),
        of_path=of_path,
        elements=elements,
        other=other,
        constraints=tuple(c for c in constraints if set(c.paths) & set(paths)),
        fillers={p: tuple(tables.fillers[p]) for p in paths if p in tables.fillers},
        named=named,
        conjunctions=_cone_conjunctions(tables, conclusion_id),
    )
    return tables.spaces.put(key, space)
