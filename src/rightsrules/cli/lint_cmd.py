"""``rightsrules lint``: check rule files (placeholder until the linter lands)."""

from __future__ import annotations

from typing import Any


def register(subparsers: Any) -> None:
    """Nothing yet."""
