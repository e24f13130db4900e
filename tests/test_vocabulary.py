"""The vocabulary module holds the scenario's names and nothing else: each name it exports is
read somewhere else in the package (guide knowledge, such as which company types the guide
covers, lives in the rule files)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from rightsrules import vocabulary

PACKAGE = Path(vocabulary.__file__).resolve().parent
OTHERS = {
    path: path.read_text(encoding="utf-8")
    for path in PACKAGE.rglob("*.py")
    if path != Path(vocabulary.__file__).resolve()
}


@pytest.mark.parametrize("name", vocabulary.__all__)
def test_each_exported_name_is_read_by_another_module(name: str) -> None:
    word = re.compile(rf"\b{re.escape(name)}\b")
    readers = [path.name for path, text in OTHERS.items() if word.search(text)]
    assert readers, f"vocabulary.{name} is exported but no other module reads it"
