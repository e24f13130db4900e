"""Renderings of advice: plain text, Markdown, rich terminal, engagement-plan reports and SVG
pictures. Renderers only read an :class:`Advice`.

Each name is loaded when first used (PEP 562), so a command imports only the renderer it runs.
"""

from __future__ import annotations

TYPE_CHECKING = False  # not typing's: this module must load fast (see above)
if TYPE_CHECKING:
    from typing import Any

    from .markdown import to_markdown
    from .plan import Plan, build_plan
    from .report import advice_html, to_report_html, to_report_markdown
    from .svg import derivation_svg, matrix_svg
    from .text import to_text
del TYPE_CHECKING

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

#: The module each public name is defined in.
_HOMES: dict[str, str] = {
    "Plan": "plan",
    "advice_html": "report",
    "build_plan": "plan",
    "derivation_svg": "svg",
    "matrix_svg": "svg",
    "to_markdown": "markdown",
    "to_report_html": "report",
    "to_report_markdown": "report",
    "to_text": "text",
}


def __getattr__(name: str) -> Any:
    import importlib

    home = _HOMES.get(name)
    if home is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(importlib.import_module(f"{__name__}.{home}"), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted({*globals(), *_HOMES})
