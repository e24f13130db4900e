"""One escaper per output language: user text never forms markup in Markdown, HTML, Mermaid
or DOT."""

from __future__ import annotations

import html as stdlib_html
import re

import pydot
from hypothesis import given
from hypothesis import strategies as st

from rightsrules import escape

HOSTILE = '<script>alert("x")</script> *x* [a](b) `c` | & \u202egnp.exe \x1b[2J'


def test_markdown_escapes_markup_but_not_ordinary_punctuation() -> None:
    assert escape.markdown("*x* _y_ `z` <b> [a](b) #h |t| ~s~ !i") == (
        "\\*x\\* \\_y\\_ \\`z\\` \\<b\\> \\[a\\](b) \\#h \\|t\\| \\~s\\~ \\!i"
    )
    assert escape.markdown("Example Net (a.k.a. E-Net), 2024. AT&T") == (
        "Example Net (a.k.a. E-Net), 2024. AT&T"
    )
    # an & that would start a character reference is escaped, so it shows as typed
    assert escape.markdown("AT&amp;T &#38; &#x26;") == "AT\\&amp;T &\\#38; &\\#x26;"
    assert escape.markdown("+ item\n  2) item\n= underline") == (
        "\\+ item\n  2\\) item\n\\= underline"
    )


def test_html_escapes_markup_quotes_and_what_would_reorder_the_page() -> None:
    shown = escape.html(HOSTILE)
    assert "<" not in shown and '"' not in shown and "\u202e" not in shown
    assert "\x1b" not in shown
    assert stdlib_html.unescape(shown).startswith('<script>alert("x")</script>')
    assert "\\u202egnp.exe" in shown


@given(st.text())
def test_mermaid_labels_hold_no_quote_tag_or_control_character(text: str) -> None:
    shown = escape.mermaid(text)
    assert not re.search(r'["<>\x00-\x1f]', shown.replace("<br/>", ""))


@given(st.text(alphabet=st.characters(codec="utf-8")))
def test_a_dot_string_reads_back_as_one_quoted_id(text: str) -> None:
    quoted = escape.dot(text)
    graphs = pydot.graph_from_dot_data(f"digraph {{ a [label={quoted}]; }}")
    assert graphs is not None
    (node,) = [n for n in graphs[0].get_nodes() if n.get_name() == "a"]
    assert node.get("label") == quoted
