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
from typing import Any

import attrs
from ruamel.yaml import YAML
from ruamel.yaml.error import MarkedYAMLError, YAMLError
from ruamel.yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from .errors import InputError, Problem
from .i18n import _
from .io.read import MAX_BYTES, read_bytes

__all__ = ["MAX_BYTES", "MAX_DEPTH", "Document", "load_document", "read_source", "strict_json"]

#: The deepest nesting of mappings and lists accepted.
MAX_DEPTH = 32

_CORE = "tag:yaml.org,2002:"
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
_SURROGATE = re.compile(r"[\ud800-\udfff]")
#: Control characters in a text once its escapes are read: C0 but tab, newline and carriage
#: return, DEL, and C1.
_TEXT_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")
_INT = re.compile(r"[-+]?(0|[1-9][0-9]*)$")
_SEPARATORS = "\x85\u2028\u2029"

#: The most digits an integer may have (the interpreter's own limit on converting one).
MAX_INT_DIGITS = 4300
_LOG10_2 = 0.30103
_MAX_INT_BITS = int(MAX_INT_DIGITS / _LOG10_2)  # the bits of a number of MAX_INT_DIGITS digits

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


def read_source(
    source: str | bytes | os.PathLike[str], error: ErrorFactory, *, file: str | None = None
) -> tuple[str, str]:
    """Return ``(text, file name)`` for a path, raw bytes or text, refusing what is unreadable;
    ``file`` names raw bytes or text in messages (``<input>`` when not given).

    A path is read by the bounded reader (:func:`rightsrules.io.read.read_bytes`): a FIFO,
    a device or a folder is refused at once, and no more than :data:`MAX_BYTES` is read.
    """
    if isinstance(source, os.PathLike):
        name = str(source)
        return _decode(read_bytes(source, error=error), name, error), name
    name = file or "<input>"
    if isinstance(source, bytes):
        return _decode(source, name, error), name
    return source, name


def _decode(raw: bytes, name: str, error: ErrorFactory) -> str:
    if len(raw) > MAX_BYTES:
        raise error(
            [
                Problem(
                    _("input is {count} bytes; the limit is {limit}").format(
                        count=len(raw), limit=MAX_BYTES
                    ),
                    file=name,
                )
            ]
        )
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        problem = Problem(
            _("not UTF-8 text (byte {start})").format(start=exc.start), file=name, line=line
        )
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
    text, name = read_source(source, error, file=file)
    name = file or name
    if len(text) > MAX_BYTES:
        raise error(
            [
                Problem(
                    _("input is {count} characters; the limit is {limit}").format(
                        count=len(text), limit=MAX_BYTES
                    ),
                    name,
                )
            ]
        )
    if not text.strip():
        raise error([Problem(_("the file is empty"), file=name)])
    control = _CONTROL.search(text)
    if control:
        line = text.count("\n", 0, control.start()) + 1
        code = f"U+{ord(control.group()):04X}"
        raise error(
            [
                Problem(
                    _("control character {code} is not allowed").format(code=code),
                    file=name,
                    line=line,
                )
            ]
        )
    parsed = _check_json(text, name, error) if name.endswith(".json") else None
    text, restore = _hide_line_separators(text)
    builder = _Builder(name, error, restore)
    try:
        node = _compose(text, name, error)
    except InputError:
        if parsed is None:
            raise
        if isinstance(parsed, Problem):
            raise error([parsed]) from None
        # Valid JSON that the YAML reader cannot take (a key over 1,024 characters): the
        # JSON data, checked as the YAML would have been, without the lines of its values.
        return Document(data=builder.plain(parsed, (), 0), file=name, lines={(): 1})
    data = builder.build(node, (), 0)
    return Document(data=data, file=name, lines=builder.lines)


def _hide_line_separators(text: str) -> tuple[str, dict[int, str] | None]:
    """YAML 1.2 breaks lines only at LF and CR, but the YAML reader also breaks them at
    U+0085, U+2028 and U+2029 (as YAML 1.1 did), so a file holding one, even in a comment,
    is misread. Each is swapped for a private-use character the text does not hold, and
    swapped back in every value read.

    >>> _hide_line_separators("a: b\u2028c")[0] == "a: b\ue000c"
    True
    """
    present = [char for char in _SEPARATORS if char in text]
    if not present:
        return text, None
    free = (chr(code) for code in range(0xE000, 0xF900) if chr(code) not in text)
    swap = {ord(char): next(free) for char in present}
    restore = {ord(hidden): char for char, hidden in zip(present, swap.values(), strict=True)}
    return text.translate(swap), restore


def _check_json(text: str, name: str, error: ErrorFactory) -> Any:
    """The JSON data of ``text``, refusing what the json module refuses; for a duplicate key
    or an integer over :data:`MAX_INT_DIGITS` digits, the :class:`Problem` (the YAML reading
    names the same value with its line and key, and its message is the one shown)."""
    try:
        return strict_json(text)
    except json.JSONDecodeError as exc:
        raise error(
            [Problem(_("invalid JSON: {msg}").format(msg=exc.msg), file=name, line=exc.lineno)]
        ) from None
    except RecursionError:
        raise error(
            [Problem(_("nested more than {depth} levels deep").format(depth=MAX_DEPTH), file=name)]
        ) from None
    except _JSONValueError as exc:
        return Problem(str(exc), file=name)


def strict_json(text: str) -> Any:
    """``json.loads(text)``, refusing a duplicate key and an integer of more than
    :data:`MAX_INT_DIGITS` digits with a :class:`ValueError` (``json.JSONDecodeError`` for
    text that is not JSON, ``RecursionError`` for nesting deeper than Python goes)."""
    return json.loads(text, object_pairs_hook=_no_duplicates, parse_int=_bounded_int)


class _JSONValueError(ValueError):
    """A JSON value refused while parsing (a duplicate key, an integer too long)."""


def _no_duplicates(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    result = dict(pairs)
    if len(result) != len(pairs):
        seen: set[str] = set()
        key = next(k for k, _ in pairs if k in seen or seen.add(k))  # type: ignore[func-returns-value]
        raise _JSONValueError(_("{key}: duplicate key").format(key=key))
    return result


def _bounded_int(text: str) -> int:
    digits = len(text.lstrip("-"))
    if digits > MAX_INT_DIGITS:
        raise _JSONValueError(_too_long(digits))
    return int(text)


def _compose(text: str, name: str, error: ErrorFactory) -> Node:
    yaml = YAML(typ="safe", pure=True)
    yaml.version = (1, 2)
    try:
        composed = list(yaml.compose_all(io.StringIO(text)))
    except MarkedYAMLError as exc:
        mark = exc.context_mark or exc.problem_mark
        line = mark.line + 1 if mark is not None else None
        message = _("invalid YAML: {value}").format(value=exc.problem or exc.context)
        if exc.problem and exc.context:
            message += f" ({exc.context})"
        raise error([Problem(message, file=name, line=line)]) from None
    except YAMLError as exc:
        raise error([Problem(_("invalid YAML: {error}").format(error=exc), file=name)]) from None
    except RecursionError:
        raise error(
            [Problem(_("nested more than {depth} levels deep").format(depth=MAX_DEPTH), file=name)]
        ) from None
    nodes: list[Node] = [node for node in composed if node is not None]
    if not nodes:
        raise error([Problem(_("the file holds no document"), file=name)])
    if len(nodes) > 1:
        line = nodes[1].start_mark.line + 1
        raise error([Problem(_("only one YAML document per file"), file=name, line=line)])
    return nodes[0]


class _Builder:
    def __init__(self, name: str, error: ErrorFactory, restore: dict[int, str] | None) -> None:
        self.name = name
        self.error = error
        self.restore = restore
        self.lines: dict[PathKey, int] = {}

    def fail(self, node: Node | None, path: PathKey, message: str) -> InputError:
        key = ".".join(str(part) for part in path) or None
        line = node.start_mark.line + 1 if node is not None else None
        return self.error([Problem(message, file=self.name, line=line, key=key)])

    def plain(self, value: Any, path: PathKey, depth: int) -> Any:
        """JSON data checked as :meth:`build` checks nodes: depth, and text that is text."""
        if depth > MAX_DEPTH:
            raise self.fail(
                None, path, _("nested more than {depth} levels deep").format(depth=MAX_DEPTH)
            )
        if isinstance(value, dict):
            result = {}
            for key, item in value.items():
                key = self._text(None, path, key)
                result[key] = self.plain(item, (*path, key), depth + 1)
            return result
        if isinstance(value, list):
            return [self.plain(item, (*path, i), depth + 1) for i, item in enumerate(value)]
        if isinstance(value, str):
            return self._text(None, path, value)
        return value

    def _text(self, node: Node | None, path: PathKey, value: str) -> str:
        if self.restore:
            value = value.translate(self.restore)
        if _SURROGATE.search(value):
            # Only escapes make surrogates. A pair (JSON's way to write U+1F642 as
            # "\ud83d\ude42") is one character; a lone one is no text at all.
            try:
                value = value.encode("utf-16-le", "surrogatepass").decode("utf-16-le")
            except UnicodeDecodeError:
                raise self.fail(
                    node, path, _("not valid Unicode text (a lone surrogate)")
                ) from None
        control = _TEXT_CONTROL.search(value)
        if control:
            code = f"U+{ord(control.group()):04X}"
            raise self.fail(
                node,
                path,
                _("control characters are not allowed in text ({code})").format(code=code),
            )
        return value

    def build(self, node: Node, path: PathKey, depth: int) -> Any:
        self.lines.setdefault(path, node.start_mark.line + 1)
        if depth > MAX_DEPTH:
            raise self.fail(
                node, path, _("nested more than {depth} levels deep").format(depth=MAX_DEPTH)
            )
        if getattr(node, "anchor", None):
            raise self.fail(node, path, _("anchors and aliases (& and *) are not allowed"))
        tag = str(node.tag)
        if isinstance(node, MappingNode):
            if tag != _CORE + "map":
                raise self.fail(
                    node, path, _("tags such as {tag!r} are not allowed").format(tag=_short(tag))
                )
            return self._mapping(node, path, depth)
        if isinstance(node, SequenceNode):
            if tag != _CORE + "seq":
                raise self.fail(
                    node, path, _("tags such as {tag!r} are not allowed").format(tag=_short(tag))
                )
            return [self.build(item, (*path, i), depth + 1) for i, item in enumerate(node.value)]
        assert isinstance(node, ScalarNode)
        return self._scalar(node, path, tag)

    def _mapping(self, node: MappingNode, path: PathKey, depth: int) -> dict[str, Any]:
        result: dict[str, Any] = {}
        seen: dict[str, int] = {}
        for key_node, value_node in node.value:
            if not isinstance(key_node, ScalarNode):
                raise self.fail(
                    key_node, path, _("keys must be plain names, not lists or mappings")
                )
            key = self._scalar(key_node, path, str(key_node.tag))
            if key == "<<" or str(key_node.tag) == _CORE + "merge":
                raise self.fail(key_node, path, _("merge keys (<<) are not allowed"))
            if not isinstance(key, str):
                key = str(key).lower() if isinstance(key, bool) else str(key)
            here = (*path, key)
            line = key_node.start_mark.line + 1
            if key in seen:
                raise self.fail(
                    key_node,
                    here,
                    _("duplicate key (first given on line {line})").format(line=seen[key]),
                )
            seen[key] = line
            self.lines[here] = line
            result[key] = self.build(value_node, here, depth + 1)
        return result

    def _scalar(self, node: ScalarNode, path: PathKey, tag: str) -> Any:
        value = self._text(node, path, node.value)
        if tag in (_CORE + "str", _CORE + "timestamp"):
            return value
        if tag == _CORE + "null":
            return None
        if tag == _CORE + "bool":
            return value.lower() == "true"
        if tag == _CORE + "int":
            return self._int(node, path, value)
        if tag == _CORE + "float":
            try:
                return float(value.replace(".inf", "inf").replace(".nan", "nan"))
            except ValueError:
                return value
        raise self.fail(
            node, path, _("tags such as {tag!r} are not allowed").format(tag=_short(tag))
        )

    def _int(self, node: ScalarNode, path: PathKey, value: str) -> int | str:
        """An integer of at most :data:`MAX_INT_DIGITS` digits (in any base, the same size);
        a longer one is refused here, with its line and key, before the interpreter's own
        limit on converting it is reached."""
        if _INT.match(value):
            digits = len(value.lstrip("+-"))
            if digits > MAX_INT_DIGITS:
                raise self.fail(node, path, _too_long(digits))
            return int(value)
        try:
            number = int(value, 0)  # 0x..., 0o...: bases the interpreter converts unbounded
        except ValueError:
            return value
        if number.bit_length() > _MAX_INT_BITS:
            raise self.fail(node, path, _too_long(int(number.bit_length() * _LOG10_2) + 1))
        return number


def _too_long(digits: int) -> str:
    return _("an integer of {digits} digits is too long (the limit is {limit})").format(
        digits=digits, limit=MAX_INT_DIGITS
    )


def _short(tag: str) -> str:
    return "!!" + tag[len(_CORE) :] if tag.startswith(_CORE) else tag
