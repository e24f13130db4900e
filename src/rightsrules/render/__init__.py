"""Renderings of advice: plain text, Markdown, rich terminal, engagement-plan reports and SVG
pictures. Renderers only read an :class:`Advice`."""

from __future__ import annotations

from .markdown import to_markdown
from .plan import Plan, build_plan
from .report import advice_html, to_report_html, to_report_markdown
from .svg import derivation_svg, matrix_svg
from .text import to_text

__all__ = [
    "Plan",
    "advice_html",
    "build_plan",
    "derivation_svg",
    "matrix_svg",
    "to_markdown",
    "to_report_html",
    "to_report_markdown",
    "to_text",
]
