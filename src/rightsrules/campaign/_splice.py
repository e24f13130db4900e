"""Where a new event goes in a journal's text, and the text of it: the part of
``rightsrules campaign log`` that keeps the file as its author wrote it.

The journal is not loaded and dumped again (a dump would re-indent, re-quote and re-wrap what
the author wrote): the YAML reader only says where each company's events are, and the new
event is spliced into the text, in date order, in the style of the events beside it (a flow
mapping on one line, or a block mapping), with the file's own indentation and line endings.
Every other byte stays as it was.

>>> text = '''companies:
...   - company: {name: Example Mobile, type: mobile_network_operator}
...     events:
...       # the first approach
...       - {date: 2027-01-10, event: message_sent, to: policy, reply_by: 2027-01-24}
...       - {date: 2027-01-25, event: meeting}
... '''
>>> spliced = splice_event(text, "Example Mobile",
...     {"date": dt.date(2027, 1, 15), "event": "reply", "outcome": "acknowledged"})
>>> print(spliced.text, end="")
companies:
  - company: {name: Example Mobile, type: mobile_network_operator}
    events:
      # the first approach
      - {date: 2027-01-10, event: message_sent, to: policy, reply_by: 2027-01-24}
      - {date: 2027-01-15, event: reply, outcome: acknowledged}
      - {date: 2027-01-25, event: meeting}
>>> spliced.line, spliced.count
(6, 1)
"""

from __future__ import annotations

import datetime as dt
import io
import json
import re
from collections.abc import Mapping, Sequence
from typing import Any

import attrs
from ruamel.yaml import YAML
from ruamel.yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from .._yaml import _hide_line_separators
from ..i18n import _

__all__ = ["Spliced", "splice_event", "yaml_value"]

#: A text written without quotes: a word or words of letters, digits, ``_`` and ``-``,
#: starting with a letter, that YAML reads back as the same text.
_PLAIN = re.compile(r"[A-Za-z](?:[A-Za-z0-9_\- ]*[A-Za-z0-9_])?")
#: Words some YAML readers take for booleans or null: always quoted.
_RESERVED = frozenset({"true", "false", "null", "yes", "no", "on", "off", "y", "n"})
_QUOTED_SEPARATORS = {"\x85": "\\N", "\u2028": "\\L", "\u2029": "\\P"}


@attrs.frozen
class Spliced:
    """The journal's text with the new event, and where the event is in it: the first line
    of what was added (1-based) and how many lines were added (an event added inside a flow
    list ``[...]`` adds none; one added with the ``events`` key it starts adds two)."""

    text: str
    line: int
    count: int


def yaml_value(value: Any) -> str:
    """``value`` as YAML text that reads back as the same value (flow style).

    >>> [yaml_value(v) for v in ("policy", "Head of policy", "yes", "2027", "a: b", True)]
    ['policy', 'Head of policy', '"yes"', '"2027"', '"a: b"', 'true']
    >>> yaml_value(dt.date(2027, 1, 10)), yaml_value(["policy", "legal"])
    ('2027-01-10', '[policy, legal]')
    """
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float):
        return json.dumps(value)
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, str):
        if _PLAIN.fullmatch(value) and value.lower() not in _RESERVED:
            return value
        quoted = json.dumps(value, ensure_ascii=False)
        for char, escape in _QUOTED_SEPARATORS.items():
            quoted = quoted.replace(char, escape)
        return quoted
    if isinstance(value, Sequence):
        return "[" + ", ".join(yaml_value(item) for item in value) + "]"
    if isinstance(value, Mapping):
        return _flow_mapping(value)
    raise TypeError(f"no YAML text for a {type(value).__name__}")


def _flow_mapping(mapping: Mapping[str, Any]) -> str:
    return "{" + ", ".join(f"{yaml_value(k)}: {yaml_value(v)}" for k, v in mapping.items()) + "}"


def splice_event(
    text: str, company: str, event: Mapping[str, Any], *, as_json: bool = False
) -> Spliced:
    """The journal ``text`` with ``event`` (its ``date`` a date) added to the events of the
    company named ``company``, after every event of the same date or earlier; written as
    JSON when ``as_json`` (a journal in a ``.json`` file).

    ``text`` must be a journal that loads (the caller checks it first): this function finds
    places, it does not validate. A company that is not there, or events not written as a
    list, is a :class:`LookupError`.
    """
    hidden, _restore = _hide_line_separators(text)  # one character for one: positions unchanged
    yaml = YAML(typ="safe", pure=True)
    yaml.version = (1, 2)
    root = yaml.compose(io.StringIO(hidden))
    item = _company_item(root, company)
    events = _value(item, "events")
    newline = "\r\n" if "\r\n" in text else "\n"
    date = _iso(event.get("date"))
    if isinstance(events, SequenceNode) and events.flow_style:
        written = _json_mapping(event) if as_json else _flow_mapping(event)
        return _into_flow(text, events, date, written)
    if isinstance(events, SequenceNode) and events.value:
        return _into_block(text, events, date, event, newline)
    if events is None:
        written = _json_mapping(event) if as_json else _flow_mapping(event)
        return _new_events(text, item, written, newline, as_json)
    raise LookupError(_("the events of {company} are not a list of events").format(company=company))


def _new_events(text: str, item: MappingNode, written: str, newline: str, as_json: bool) -> Spliced:
    """The company has no ``events`` yet: the key, with the event, after its last key."""
    if item.flow_style:
        key = '"events"' if as_json else "events"
        at = text.rindex("}", 0, item.end_mark.index)
        insert = f", {key}: [{written}]"
        return Spliced(text[:at] + insert + text[at:], text.count("\n", 0, at) + 1, 0)
    column = item.start_mark.column
    lines = [" " * column + "events:", " " * (column + 2) + "- " + written]
    at = _after(text, item)
    insert = newline.join(lines) + newline
    if at == len(text) and text and not text.endswith("\n"):
        insert = newline + insert
        line = text.count("\n") + 2
    else:
        line = text.count("\n", 0, at) + 1
    return Spliced(text[:at] + insert + text[at:], line, len(lines))


def _company_item(root: Node, company: str) -> MappingNode:
    companies = _value(root, "companies")
    if isinstance(companies, SequenceNode):
        for item in companies.value:
            section = _value(item, "company")
            name = _value(section, "name")
            if (
                isinstance(item, MappingNode)
                and isinstance(name, ScalarNode)
                and " ".join(str(name.value).split()) == " ".join(company.split())
            ):
                return item
    raise LookupError(_("no company named {company!r} in the journal").format(company=company))


def _value(node: Node | None, key: str) -> Node | None:
    if isinstance(node, MappingNode):
        for key_node, value_node in node.value:
            if isinstance(key_node, ScalarNode) and key_node.value == key:
                return value_node  # type: ignore[no-any-return]
    return None


def _iso(value: object) -> str:
    return value.isoformat() if isinstance(value, dt.date) else str(value)


def _date_of(item: Node) -> str:
    date = _value(item, "date")
    return str(date.value) if isinstance(date, ScalarNode) else ""


def _position(items: list[Node], date: str) -> int:
    """The index the new event takes: after every event dated ``date`` or earlier."""
    index = len(items)
    while index > 0 and _date_of(items[index - 1]) > date:
        index -= 1
    return index


def _json_mapping(event: Mapping[str, Any]) -> str:
    return json.dumps(
        {
            key: value.isoformat() if isinstance(value, dt.date) else value
            for key, value in event.items()
        },
        ensure_ascii=False,
    )


def _into_flow(text: str, events: SequenceNode, date: str, new: str) -> Spliced:
    items: list[Node] = events.value
    index = _position(items, date)
    if not items:
        at, insert = events.start_mark.index + 1, new
    elif index == 0:
        at, insert = items[0].start_mark.index, new + ", "
    else:
        at, insert = items[index - 1].end_mark.index, ", " + new
    return Spliced(text[:at] + insert + text[at:], text.count("\n", 0, at) + 1, 0)


def _into_block(
    text: str, events: SequenceNode, date: str, event: Mapping[str, Any], newline: str
) -> Spliced:
    items: list[Node] = events.value
    index = _position(items, date)
    sibling = items[index - 1] if index else items[0]
    dash = text.rindex("-", 0, sibling.start_mark.index)
    dash_column = dash - (text.rfind("\n", 0, dash) + 1)
    if isinstance(sibling, MappingNode) and not sibling.flow_style:
        key_column = sibling.start_mark.column
        pairs = [f"{yaml_value(k)}: {yaml_value(v)}" for k, v in event.items()]
        first = " " * dash_column + "-" + " " * (key_column - dash_column - 1) + pairs[0]
        lines = [first] + [" " * key_column + pair for pair in pairs[1:]]
    else:
        lines = [" " * dash_column + "- " + _flow_mapping(event)]
    at = _after(text, items[index - 1]) if index else _before(text, items[0])
    insert = newline.join(lines) + newline
    if at == len(text) and text and not text.endswith("\n"):
        insert = newline + insert
        line = text.count("\n") + 2
    else:
        line = text.count("\n", 0, at) + 1
    return Spliced(text[:at] + insert + text[at:], line, len(lines))


def _last_leaf(node: Node) -> Node:
    """The node whose end is where ``node``'s content ends: a block mapping or list ends
    only at the next thing of its parent (after any comments and blank lines), its last
    value where the author stopped writing."""
    while isinstance(node, MappingNode | SequenceNode) and not node.flow_style and node.value:
        last = node.value[-1]
        node = last[1] if isinstance(node, MappingNode) else last
    return node


def _after(text: str, item: Node) -> int:
    """The start of the line after the last line of ``item``'s content (the end of the text
    when there is none)."""
    end = _last_leaf(item).end_mark.index
    newline = text.find("\n", max(end - 1, 0))
    return len(text) if newline < 0 else newline + 1


def _before(text: str, first: Node) -> int:
    """The start of the line of the first item's dash, above the comment lines right over
    it (they are about that item)."""
    dash = text.rindex("-", 0, first.start_mark.index)
    start = text.rfind("\n", 0, dash) + 1
    while start > 0:
        previous = text.rfind("\n", 0, start - 1) + 1
        if not text[previous:start].lstrip().startswith("#"):
            break
        start = previous
    return start
