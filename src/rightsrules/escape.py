"""One escaper per output language: text from a user or a rule file made inert in Markdown,
HTML (and SVG), Mermaid and Graphviz DOT.

Every renderer escapes through these, so a company called ``<script>`` or ``*x*`` reads as
written in each language. The terminal has its own, :func:`rightsrules.io.sanitise.sanitise`
(rich's :class:`~rich.text.Text` keeps markup out).

>>> markdown("1. <b>Example_Net</b> (E-Net)"), html('A & "B" <c>')
('1\\\\. \\\\<b\\\\>Example\\\\_Net\\\\</b\\\\> (E-Net)', 'A &amp; &quot;B&quot; &lt;c&gt;')
>>> mermaid('say "hi"\\nthen'), dot('say "hi"\\nthen')
('say #quot;hi#quot;<br/>then', '"say \\\\"hi\\\\"\\\\nthen"')
"""

from __future__ import annotations

import html as _html
import re

from .io.sanitise import sanitise

__all__ = ["dot", "html", "markdown", "mermaid"]

_MD_SPECIAL = re.compile(r"([\\`*_{}\[\]<>#|~!])")
_MD_LINE_START = re.compile(r"^(\s*)([-+>=]|[0-9]+[.)])")
#: An ampersand that would start a named character reference (``&amp;``): Markdown would show
#: the character it names, not what was typed. (A numeric one is broken by its escaped ``#``.)
_MD_ENTITY = re.compile(r"&(?=\w+;)")
_CONTROL = re.compile(r"[\x00-\x1f]")


def markdown(text: str) -> str:
    """Text for inline Markdown: every character that could start markup or an HTML tag
    escaped, and a line start that would read as a list, a quote or a heading underline;
    ordinary punctuation stays, and so does an ``&`` that starts no character reference.

    >>> markdown("- AT&T [x] &amp;")
    '\\\\- AT&T \\\\[x\\\\] \\\\&amp;'
    """
    escaped = _MD_ENTITY.sub(r"\\&", _MD_SPECIAL.sub(r"\\\1", text))
    return "\n".join(
        _MD_LINE_START.sub(lambda m: m.group(1) + m.group(2)[:-1] + "\\" + m.group(2)[-1], line)
        for line in escaped.split("\n")
    )


def html(text: str) -> str:
    """Text for HTML or SVG, in an element or an attribute value: markup characters and
    quotes as entities, and a bidirectional override or a control character shown escaped
    (:func:`~rightsrules.io.sanitise.sanitise`), so it cannot reorder the page."""
    return _html.escape(sanitise(text), quote=True)


def mermaid(text: str) -> str:
    """Text for a quoted Mermaid label: entities in Mermaid's ``#name;`` form, a newline as a
    line break, other control characters as spaces."""
    replaced = (
        text.replace("&", "#amp;")
        .replace('"', "#quot;")
        .replace("<", "#lt;")
        .replace(">", "#gt;")
        .replace("\n", "<br/>")
    )
    return _CONTROL.sub(" ", replaced)


def dot(text: str) -> str:
    """Text as a quoted Graphviz DOT string (quotes included): a newline as ``\\n``, other
    control characters as spaces."""
    escaped = text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n")
    return '"' + _CONTROL.sub(" ", escaped) + '"'
