"""The Markdown escaper of user-given text, below both the renderers and the explanations
(which render proofs as Markdown too)."""

from __future__ import annotations

import re

__all__ = ["escape"]

_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+\-.!|<>~])")


def escape(text: str) -> str:
    """Escape Markdown and HTML syntax in text that came from a user.

    >>> escape("<script>*x*</script>")
    '\\\\<script\\\\>\\\\*x\\\\*\\\\</script\\\\>'
    """
    return _SPECIAL.sub(r"\\\1", text)
