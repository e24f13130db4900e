"""What every answer that reads as text, Markdown and JSON shares: the JSON text, choosing a
format, and showing itself in a terminal (``str``) and in Jupyter (Markdown)."""

from __future__ import annotations

import abc
from typing import Any

from . import _json

__all__ = ["FORMATS", "Rendered"]

#: The formats :meth:`Rendered.render` writes.
FORMATS: tuple[str, ...] = ("text", "markdown", "json")


class Rendered(abc.ABC):
    """A result with ``to_dict``, ``to_text`` and ``to_markdown``; the rest follows."""

    @abc.abstractmethod
    def to_dict(self) -> dict[str, Any]:
        """The result as plain data (its JSON)."""

    @abc.abstractmethod
    def to_text(self) -> str:
        """The result in words, for a terminal."""

    @abc.abstractmethod
    def to_markdown(self) -> str:
        """The result in words, as Markdown."""

    def to_json(self, *, indent: int | None = 2) -> str:
        return _json.dumps(self.to_dict(), indent=indent)

    def render(self, format: str = "text") -> str:
        """The result as ``text``, ``markdown`` or ``json`` (JSON with a final newline)."""
        if format == "json":
            return self.to_json() + "\n"
        if format == "markdown":
            return self.to_markdown()
        if format == "text":
            return self.to_text()
        raise ValueError(f"unknown format {format!r}; choose text, markdown or json")

    def __str__(self) -> str:
        return self.to_text()

    def _repr_markdown_(self) -> str:  # Jupyter shows the Markdown rendering
        return self.to_markdown()
