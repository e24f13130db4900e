"""Text made safe to show on a terminal: every character that could move the cursor, clear
the screen, set the window title or reorder what is shown is written out as an escape.

User and rule texts, keys, file names and command-line arguments all reach the terminal in
messages and in the text output of the commands. A terminal obeys the control characters
(ESC, BEL, CR, the C1 range) and the bidirectional overrides and isolates (U+202A to U+202E,
U+2066 to U+2069) in them, so ``"\\x1b[2J"`` would clear the screen and ``"Evil \\u202egnp.exe"``
would show as "Evil exe.png". :func:`sanitise` shows each such character as the escape Python
would write for it; tabs and newlines are kept. A lone surrogate, which no terminal encoding
can write, is shown escaped too.

HTML, Markdown, SVG and JSON are not terminal text: they keep their own escapers.

>>> print(sanitise("name: \\x1b[2J\\x1b]0;pwned\\x07"))
name: \\x1b[2J\\x1b]0;pwned\\x07
>>> print(sanitise("Evil \\u202egnp.exe"))
Evil \\u202egnp.exe
"""

from __future__ import annotations

import re

__all__ = ["UNSAFE", "sanitise"]

#: The characters :func:`sanitise` escapes: C0 controls but tab and newline, DEL, C1
#: controls, bidirectional embeddings, overrides and isolates, and lone surrogates.
UNSAFE = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069\ud800-\udfff]")


def sanitise(text: str) -> str:
    """``text`` with every character a terminal would obey written as an escape.

    The result holds no character of :data:`UNSAFE`, so sanitising twice changes nothing.

    >>> sanitise("tab\\tand newline\\n are kept; CR \\r and C1 \\x9b are not")
    'tab\\tand newline\\n are kept; CR \\\\r and C1 \\\\x9b are not'
    >>> sanitise("\\u2067isolate\\u2069 and \\ud800")
    '\\\\u2067isolate\\\\u2069 and \\\\ud800'
    """
    if UNSAFE.search(text) is None:
        return text
    return UNSAFE.sub(_escape, text)


def _escape(match: re.Match[str]) -> str:
    char = match.group()
    if char == "\r":
        return "\\r"
    code = ord(char)
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"
