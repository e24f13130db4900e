"""One rule file as the linter reads it: every key's and value's position, the checks of the
file alone, and its rules, made by the rule reader of :mod:`rightsrules.rules`."""

from __future__ import annotations

import difflib
import io
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

import attrs
from ruamel.yaml import YAML
from ruamel.yaml.nodes import MappingNode, Node, SequenceNode

from .._jsonschema import jsonschema
from .._yaml import Document, PathKey
from ..conditions import CONCLUSION_ID, suggestion
from ..i18n import _
from ..rules import Fault, Rule, build_rule
from ..schemas import rule_schema
from ..schemas.validation import describe, most_specific, validator
from ..vocabulary import CONCLUSION_KINDS, STEP_PHASES
from .logic import never_holds

if TYPE_CHECKING:
    from .checks import Linter

__all__ = ["Declared", "Entry", "FileReader", "SourceFile", "positions"]

MODELINE = "yaml-language-server: $schema="


def positions(text: str) -> tuple[dict[PathKey, tuple[int, int]], dict[PathKey, tuple[int, int]]]:
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
class SourceFile:
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
class Entry:
    """A rule as the linter sees it: the rule, the file it is in and its place there."""

    rule: Rule
    file: SourceFile
    where: PathKey
    item: Mapping[str, Any]
    linted: bool


@attrs.frozen
class Declared:
    id: str
    file: SourceFile
    where: PathKey
    linted: bool


class FileReader:
    """The checks of one file alone, and the rules it contributes to the checks across files."""

    def __init__(self, linter: Linter, file: SourceFile, linted: bool) -> None:
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
        if yaml and not any(MODELINE in line and "rule.schema.json" in line for line in head):
            self.find(
                (),
                "schema/modeline",
                _(
                    "no '# yaml-language-server: $schema=...rule.schema.json' modeline in the "
                    "first lines"
                ),
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
                    self.find(where, "docs/missing-because", _("'because' is blank"), value=True)
        return broken

    def _items(self, section: str) -> list[Any]:
        """The items of a top-level list; none when it is not a list (the schema says so)."""
        items = self.data.get(section)
        return items if isinstance(items, list) else []

    def declare(self, index: int, item: Mapping[str, Any]) -> None:
        cid = str(item["id"])
        where: PathKey = ("conclusions", index)
        self.linter.declared.append(Declared(cid, self.file, where, self.linted))
        kind = cid.split(":", 1)[0]
        if CONCLUSION_ID.match(cid) and kind not in CONCLUSION_KINDS:
            self.find(
                (*where, "id"),
                "vocabulary/unknown-kind",
                _(
                    "{kind} is not a kind of conclusion the advice shows in its own place "
                    "({kinds}); it will be listed last"
                ).format(kind=repr(kind), kinds=", ".join(CONCLUSION_KINDS)),
                value=True,
            )
        if kind == "step" and "phase" not in item:
            self.find(
                (*where, "id"),
                "docs/step-without-phase",
                _("step {id} has no phase ({phases}); it will be listed after every phase").format(
                    id=repr(cid), phases=", ".join(STEP_PHASES)
                ),
                value=True,
            )

    def rule(self, where: PathKey, item: Mapping[str, Any]) -> None:
        sections = self.linter.sections
        for i, source in enumerate(item.get("sources") or ()):
            if isinstance(source, str) and sections and source not in sections:
                close = difflib.get_close_matches(source, sorted(sections), n=1, cutoff=0.6)
                hint = suggestion(close[0]) if close else ""
                message = _("{source} is not a section of the guide's catalogue").format(
                    source=repr(source)
                )
                self.find(
                    (*where, "sources", i), "reference/unknown-section", message + hint, value=True
                )
        rule = build_rule(
            item, where, file=self.file.path, line=self.file.at(where)[0], report=self.fault
        )
        if rule is None:
            return
        self.linter.entries.append(Entry(rule, self.file, where, item, self.linted))
        if self.linted:
            conflict = never_holds(rule)
            if conflict is not None:
                self.find((*where, "when"), "logic/unsatisfiable", conflict)

    def fault(self, path: PathKey, message: str, fault: Fault) -> None:
        """A problem the rule reader found, under its check."""
        code, value = _FAULT_CHECKS[fault]
        self.find(path, code, message, value=value)


#: The check of each kind of problem the rule reader finds, and whether it points at the value.
_FAULT_CHECKS: Mapping[Fault, tuple[str, bool]] = {
    Fault.UNKNOWN_PATH: ("vocabulary/unknown-path", False),
    Fault.BAD_DEFAULT: ("vocabulary/unknown-value", True),
    Fault.BAD_VALUE: ("vocabulary/unknown-value", True),
    Fault.CONDITION: ("schema/invalid", False),
    Fault.INVALID: ("schema/invalid", False),
}


def _docs_check(error: jsonschema.ValidationError) -> tuple[str, str] | None:
    path = tuple(error.absolute_path)
    in_rule = len(path) >= 2 and path[0] == "rules"
    if error.validator == "required" and in_rule and len(path) == 2:
        missing = error.message.split("'")[1] if "'" in error.message else ""
        if missing == "because":
            return "docs/missing-because", _(
                "the rule has no 'because': say why, in your own words"
            )
        if missing == "sources":
            return "docs/missing-sources", _("the rule has no 'sources': cite the guide's sections")
    if in_rule and len(path) == 3 and path[2] == "because" and error.validator == "minLength":
        return "docs/missing-because", _("'because' is empty")
    if in_rule and len(path) == 3 and path[2] == "sources" and error.validator == "minItems":
        return "docs/missing-sources", _("'sources' is empty: cite the guide's sections")
    return None
