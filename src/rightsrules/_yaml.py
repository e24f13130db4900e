"""Reading YAML 1.2 and JSON documents safely, with the line of every value.

Nothing read here is ever executed or turned into an object: the document is composed into
nodes, and only plain mappings, lists, strings, numbers, booleans and nulls are built from them.
Tags, anchors and aliases are refused, and so are duplicate keys, files that are too large,
nested too deeply or not UTF-8, and control characters, whether written as they are or as
escapes in a quoted text (``"\\e[2J"``, ``"\\u001b"``). ``NO`` is the string ``"NO"`` (YAML
1.2), not ``False``.
"""

from __future__ import annotations

import io
import json
import os
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

import attrs
from ruamel.yaml import YAML
from ruamel.yaml.error import MarkedYAMLError, YAMLError
from ruamel.yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from .errors import InputError, Problem

__all__ = ["MAX_BYTES", "MAX_DEPTH", "Document", "load_document", "read_source"]

#: The largest file read, in bytes.
MAX_BYTES = 1_048_576
#: The deepest nesting of mappings and lists accepted.
MAX_DEPTH = 32

_CORE = "tag:yaml.org,2002:"
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
_SURROGATE = re.compile(r"[\ud800-\udfff]")
#: Control characters in a text once its escapes are read: C0 but tab, newline and carriage
#: return, DEL, and C1.
_TEXT_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")
_INT = re.compile(r"[-+]?(0|[1-9][0-9]*)$")

PathKey = tuple[str | int, ...]
ErrorFactory = Callable[[list[Problem]], InputError]


@attrs.frozen
class Document:
    """A parsed document: its plain data, the file it came from and the line of each value."""

    data: Any
    file: str
    lines: dict[PathKey, int] = attrs.field(factory=dict, repr=False)

    def line_of(self, path: PathKey) -> int | None:
        """The line of the value at ``path``, or of its nearest ancestor that has one.

        >>> doc = load_document("a:\\n  b: 1\\n", file="x.yaml")
        >>> doc.line_of(("a", "b")), doc.line_of(("a", "zz"))
        (2, 1)
        """
        while path:
            if path in self.lines:
                return self.lines[path]
            path = path[:-1]
        return self.lines.get((), 1)


def read_source(source: str | bytes | os.PathLike[str], error: ErrorFactory) -> tuple[str, str]:
    """Return ``(text, file name)`` for a path, raw bytes or text, refusing what is unreadable."""
    if isinstance(source, os.PathLike):
        path = Path(source)
        name = str(source)
        try:
            if path.is_dir():
                raise error([Problem("is a folder, not a file", file=name)])
            size = path.stat().st_size
            if size > MAX_BYTES:
                raise error([Problem(f"file is {size} bytes; the limit is {MAX_BYTES}", file=name)])
            raw = path.read_bytes()
        except FileNotFoundError:
            raise error([Problem("no such file", file=name)]) from None
        except OSError as exc:
            raise error([Problem(f"cannot read the file: {exc.strerror}", file=name)]) from None
        return _decode(raw, name, error), name
    name = "<input>"
    if isinstance(source, bytes):
        return _decode(source, name, error), name
    return source, name


def _decode(raw: bytes, name: str, error: ErrorFactory) -> str:
    if len(raw) > MAX_BYTES:
        raise error([Problem(f"input is {len(raw)} bytes; the limit is {MAX_BYTES}", file=name)])
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        problem = Problem(f"not UTF-8 text (byte {exc.start})", file=name, line=line)
        raise error([problem]) from None


def load_document(
    source: str | bytes | os.PathLike[str],
    *,
    file: str | None = None,
    error: ErrorFactory = InputError,
) -> Document:
    """Parse YAML 1.2 or JSON into plain data, recording the line of every key and item.

    >>> load_document("answer: NO\\nitems: [1, two]").data
    {'answer': 'NO', 'items': [1, 'two']}
    >>> load_document("a: !!python/object:os.system x")
    Traceback (most recent call last):
    ...
    rightsrules.errors.InputError: <input>:1: a: tags such as '!!python/object:os.system' ...
    """
    text, name = read_source(source, error)
    name = file or name
    if len(text) > MAX_BYTES:
        raise error([Problem(f"input is {len(text)} characters; the limit is {MAX_BYTES}", name)])
    if not text.strip():
        raise error([Problem("the file is empty", file=name)])
    control = _CONTROL.search(text)
    if control:
        line = text.count("\n", 0, control.start()) + 1
        code = f"U+{ord(control.group()):04X}"
        raise error([Problem(f"control character {code} is not allowed", file=name, line=line)])
    if name.endswith(".json"):
        _check_json(text, name, error)
    node = _compose(text, name, error)
    builder = _Builder(name, error)
    data = builder.build(node, (), 0)
    return Document(data=data, file=name, lines=builder.lines)


def _check_json(text: str, name: str, error: ErrorFactory) -> None:
    try:
        json.loads(text)
    except json.JSONDecodeError as exc:
        raise error([Problem(f"invalid JSON: {exc.msg}", file=name, line=exc.lineno)]) from None
    except RecursionError:
        raise error([Problem(f"nested more than {MAX_DEPTH} levels deep", file=name)]) from None


def _compose(text: str, name: str, error: ErrorFactory) -> Node:
    yaml = YAML(typ="safe", pure=True)
    yaml.version = (1, 2)
    try:
        composed = list(yaml.compose_all(io.StringIO(text)))
    except MarkedYAMLError as exc:
        mark = exc.context_mark or exc.problem_mark
        line = mark.line + 1 if mark is not None else None
        message = f"invalid YAML: {exc.problem or exc.context}"
        if exc.problem and exc.context:
            message += f" ({exc.context})"
        raise error([Problem(message, file=name, line=line)]) from None
    except YAMLError as exc:
        raise error([Problem(f"invalid YAML: {exc}", file=name)]) from None
    except RecursionError:
        raise error([Problem(f"nested more than {MAX_DEPTH} levels deep", file=name)]) from None
    nodes: list[Node] = [node for node in composed if node is not None]
    if not nodes:
        raise error([Problem("the file holds no document", file=name)])
    if len(nodes) > 1:
        line = nodes[1].start_mark.line + 1
        raise error([Problem("only one YAML document per file", file=name, line=line)])
    return nodes[0]


class _Builder:
    def __init__(self, name: str, error: ErrorFactory) -> None:
        self.name = name
        self.error = error
        self.lines: dict[PathKey, int] = {}

    def fail(self, node: Node, path: PathKey, message: str) -> InputError:
        key = ".".join(str(part) for part in path) or None
        return self.error(
            [Problem(message, file=self.name, line=node.start_mark.line + 1, key=key)]
        )

    def build(self, node: Node, path: PathKey, depth: int) -> Any:
        self.lines.setdefault(path, node.start_mark.line + 1)
        if depth > MAX_DEPTH:
            raise self.fail(node, path, f"nested more than {MAX_DEPTH} levels deep")
        if getattr(node, "anchor", None):
            raise self.fail(node, path, "anchors and aliases (& and *) are not allowed")
        tag = str(node.tag)
        if isinstance(node, MappingNode):
            if tag != _CORE + "map":
                raise self.fail(node, path, f"tags such as {_short(tag)!r} are not allowed")
            return self._mapping(node, path, depth)
        if isinstance(node, SequenceNode):
            if tag != _CORE + "seq":
                raise self.fail(node, path, f"tags such as {_short(tag)!r} are not allowed")
            return [self.build(item, (*path, i), depth + 1) for i, item in enumerate(node.value)]
        assert isinstance(node, ScalarNode)
        return self._scalar(node, path, tag)

    def _mapping(self, node: MappingNode, path: PathKey, depth: int) -> dict[str, Any]:
        result: dict[str, Any] = {}
        seen: dict[str, int] = {}
        for key_node, value_node in node.value:
            if not isinstance(key_node, ScalarNode):
                raise self.fail(key_node, path, "keys must be plain names, not lists or mappings")
            key = self._scalar(key_node, path, str(key_node.tag))
            if key == "<<" or str(key_node.tag) == _CORE + "merge":
                raise self.fail(key_node, path, "merge keys (<<) are not allowed")
            if not isinstance(key, str):
                key = str(key).lower() if isinstance(key, bool) else str(key)
            here = (*path, key)
            line = key_node.start_mark.line + 1
            if key in seen:
                raise self.fail(key_node, here, f"duplicate key (first given on line {seen[key]})")
            seen[key] = line
            self.lines[here] = line
            result[key] = self.build(value_node, here, depth + 1)
        return result

    def _scalar(self, node: ScalarNode, path: PathKey, tag: str) -> Any:
        value: str = node.value
        if _SURROGATE.search(value):
            # Only escapes make surrogates. A pair (JSON's way to write U+1F642 as
            # "\ud83d\ude42") is one character; a lone one is no text at all.
            try:
                value = value.encode("utf-16-le", "surrogatepass").decode("utf-16-le")
            except UnicodeDecodeError:
                raise self.fail(node, path, "not valid Unicode text (a lone surrogate)") from None
        control = _TEXT_CONTROL.search(value)
        if control:
            code = f"U+{ord(control.group()):04X}"
            raise self.fail(node, path, f"control characters are not allowed in text ({code})")
        if tag in (_CORE + "str", _CORE + "timestamp"):
            return value
        if tag == _CORE + "null":
            return None
        if tag == _CORE + "bool":
            return value.lower() == "true"
        if tag == _CORE + "int":
            if _INT.match(value):
                return int(value)
            try:
                return int(value, 0)
            except ValueError:
                return value
        if tag == _CORE + "float":
            try:
                return float(value.replace(".inf", "inf").replace(".nan", "nan"))
            except ValueError:
                return value
        raise self.fail(node, path, f"tags such as {_short(tag)!r} are not allowed")


def _short(tag: str) -> str:
    return "!!" + tag[len(_CORE) :] if tag.startswith(_CORE) else tag
