"""Constraints between facts: combinations of scenario facts that cannot all be true at once.

They live in ``facts/constraints.yaml``, a data file validated like a rule file (YAML 1.2 or
JSON, ``schemas/constraints.schema.json``, every problem located by file, line and key). Each
constraint's ``impossible`` is a condition in the rule language over scenario facts only. The
minimal reasons and minimal changes (:mod:`rightsrules.explain.minimal`) never count on a
scenario that meets one: a constraint is broken only when its condition is *true*; a fact
the scenario leaves unknown breaks nothing.

>>> constraints = load_constraints()
>>> constraints[0].id
'state-owned-not-listed'
>>> facts = {"company.state_ownership": "full", "company.publicly_traded": True}
>>> [c.id for c in broken(constraints, facts)]
['state-owned-not-listed']
>>> broken(constraints, {"company.state_ownership": "full"})
()
"""

from __future__ import annotations

import functools
import os
from collections.abc import Iterable, Mapping
from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING, Any

import attrs

from ._yaml import Document, PathKey, load_document
from .conditions import Condition, ConditionError, Op, Truth, evaluate, literals, parse_condition
from .errors import Problem, RuleFileError
from .i18n import _
from .scenario import FactValue

if TYPE_CHECKING:
    from ._jsonschema import jsonschema

__all__ = ["Constraint", "broken", "builtin_constraints_file", "load_constraints", "paths_of"]


@attrs.frozen
class Constraint:
    """One impossible combination: its id, its condition, why, and where the guide says so."""

    id: str
    impossible: Condition
    because: str
    sources: tuple[str, ...] = ()
    file: str | None = attrs.field(default=None, eq=False)
    line: int | None = attrs.field(default=None, eq=False)

    @property
    def paths(self) -> tuple[str, ...]:
        """The scenario paths it reads, in order, once each."""
        return tuple(dict.fromkeys(literal.path for literal in literals(self.impossible)))

    def broken_by(self, facts: Mapping[str, FactValue]) -> bool:
        """Whether ``facts`` meet the impossible combination (unknown facts never do)."""
        return evaluate(self.impossible, facts, ()) is Truth.TRUE


def broken(
    constraints: Iterable[Constraint], facts: Mapping[str, FactValue]
) -> tuple[Constraint, ...]:
    """The constraints the facts break, in order."""
    return tuple(constraint for constraint in constraints if constraint.broken_by(facts))


def paths_of(constraints: Iterable[Constraint]) -> frozenset[str]:
    """Every path some constraint reads."""
    return frozenset(path for constraint in constraints for path in constraint.paths)


def builtin_constraints_file() -> Path:
    """The constraints that ship with rightsrules (``facts/constraints.yaml``)."""
    from .knowledge import builtin_facts_dir

    return builtin_facts_dir() / "constraints.yaml"


def load_constraints(
    path: str | os.PathLike[str] | None = None, *, sections: Iterable[str] | None = None
) -> tuple[Constraint, ...]:
    """Read and check a constraints file (the built-in one by default). With ``sections``
    (the section ids of the guide's catalogue), each ``sources`` entry must be one of them.

    A file that is not valid is a :class:`~rightsrules.errors.RuleFileError` naming each
    problem's file, line and key:

    >>> load_constraints("facts/constraints.yaml", sections=["intro"])
    Traceback (most recent call last):
    ...
    rightsrules.errors.RuleFileError: facts/constraints.yaml:13: constraints.0.sources.0: \
'I.company-types.mno' is not a section of the guide's catalogue
    """
    file = Path(path) if path is not None else builtin_constraints_file()
    known = None if sections is None else tuple(sections)
    try:
        stat = file.stat()
        stamp = (stat.st_mtime_ns, stat.st_size)
    except OSError:
        stamp = (-1, -1)
    return _load(str(file), stamp, known)


@functools.lru_cache(maxsize=8)
def _load(
    file: str, stamp: tuple[int, int], sections: tuple[str, ...] | None
) -> tuple[Constraint, ...]:
    document = load_document(Path(file), error=RuleFileError)
    return _Reader(document, sections).read()


@functools.cache
def _validator() -> jsonschema.Draft7Validator:
    import json

    from .schemas.validation import validator

    text = (
        resources.files("rightsrules.schemas")
        .joinpath("constraints.schema.json")
        .read_text("utf-8")
    )
    schema: dict[str, Any] = json.loads(text)
    return validator(schema)


class _Reader:
    def __init__(self, document: Document, sections: tuple[str, ...] | None) -> None:
        self.document = document
        self.sections = None if sections is None else frozenset(sections)
        self.problems: list[Problem] = []

    def problem(self, path: PathKey, message: str) -> None:
        key = ".".join(str(part) for part in path) or None
        line = self.document.line_of(path)
        self.problems.append(Problem(message, file=self.document.file, line=line, key=key))

    def read(self) -> tuple[Constraint, ...]:
        from .schemas.validation import schema_problems

        self.problems.extend(schema_problems(self.document, _validator()))
        if self.problems:
            raise RuleFileError(self.problems)
        found: list[Constraint] = []
        seen: set[str] = set()
        for index, item in enumerate(self.document.data["constraints"]):
            where: PathKey = ("constraints", index)
            if item["id"] in seen:
                message = _("the id {id} is used twice").format(id=repr(item["id"]))
                self.problem((*where, "id"), message)
            seen.add(item["id"])
            constraint = self.constraint(where, item)
            if constraint is not None:
                found.append(constraint)
        if self.problems:
            raise RuleFileError(self.problems)
        return tuple(found)

    def constraint(self, where: PathKey, item: Mapping[str, Any]) -> Constraint | None:
        here: PathKey = (*where, "impossible")
        try:
            condition = parse_condition(item["impossible"])
        except ConditionError as error:
            self.problem((*here, *error.where), str(error))
            return None
        if any(literal.op is Op.CONCLUDED for literal in literals(condition)):
            self.problem(here, _("a constraint is about scenario facts: it takes no 'concluded'"))
            return None
        if any(literal.guess for literal in literals(condition)):
            self.problem(here, _("a constraint states what cannot be, so it takes no 'guess'"))
            return None
        sources = tuple(item.get("sources", ()))
        if self.sections is not None:
            for number, source in enumerate(sources):
                if source not in self.sections:
                    self.problem(
                        (*where, "sources", number),
                        _("{source} is not a section of the guide's catalogue").format(
                            source=repr(source)
                        ),
                    )
        return Constraint(
            id=item["id"],
            impossible=condition,
            because=" ".join(str(item["because"]).split()),
            sources=sources,
            file=self.document.file,
            line=self.document.line_of(where),
        )
