"""Golden-file comparison shared by the rendering tests (see tests/golden/README.md)."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

GOLDEN = Path(__file__).parent / "golden"
UPDATE = os.environ.get("RIGHTSRULES_UPDATE_GOLDEN") == "1"


def check_golden(path: Path, text: str, version: str) -> None:
    """Compare ``text`` with the golden file at ``path`` (the rules version masked); with
    RIGHTSRULES_UPDATE_GOLDEN=1, write it instead."""
    text = text.replace(version, "<rules-version>")
    if UPDATE or not path.exists():
        if not UPDATE:
            pytest.fail(f"no golden file {path}; run with RIGHTSRULES_UPDATE_GOLDEN=1")
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    assert text == path.read_text(encoding="utf-8"), f"{path.name} differs from its golden file"
