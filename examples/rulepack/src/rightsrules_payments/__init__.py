"""An example rightsrules rule pack: payment processors.

The guide behind rightsrules names payment processors among the companies it does *not*
cover, so every rule here is this pack's own extension, says so in its ``because`` and cites
the guide's scope section. rightsrules finds the pack through the entry point
``rightsrules.rulepacks``, which names :func:`rules_dir`.
"""

from __future__ import annotations

from pathlib import Path

__all__ = ["rules_dir"]


def rules_dir() -> Path:
    """The folder of this pack's rule files (its test cases are in ``tests/`` inside it)."""
    return Path(__file__).parent / "rules"
