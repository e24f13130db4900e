"""What the text-and-JSON explanations (why-not, what-if) share: choosing a format and showing
themselves in Jupyter."""

from __future__ import annotations

import html

__all__ = ["TextAndJson"]


class TextAndJson:
    """A mixin for results with ``to_text()`` and ``to_json()``."""

    def to_text(self) -> str:
        raise NotImplementedError

    def to_json(self) -> str:
        raise NotImplementedError

    def render(self, format: str = "text") -> str:
        """The result as ``text`` or ``json``."""
        if format == "json":
            return self.to_json() + "\n"
        if format == "text":
            return self.to_text()
        raise ValueError(f"unknown format {format!r}; choose text or json")

    def __str__(self) -> str:
        return self.to_text()

    def _repr_html_(self) -> str:  # Jupyter shows the text, escaped
        return f"<pre>{html.escape(self.to_text())}</pre>"
