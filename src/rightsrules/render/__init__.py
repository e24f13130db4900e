"""Renderings of advice: plain text and Markdown. Renderers only read an :class:`Advice`."""

from __future__ import annotations

from .markdown import to_markdown
from .text import to_text

__all__ = ["to_markdown", "to_text"]
