"""JSON text exactly as the json module writes it, written by orjson where it is installed
(several times faster; the same bytes for the data rightsrules writes), else by json.

>>> compact({"a": [1, "é"]})
'{"a":[1,"é"]}'
>>> print(dumps({"a": [1]}))
{
  "a": [
    1
  ]
}
"""

from __future__ import annotations

import importlib
import json
from typing import Any

__all__ = ["compact", "dumps", "loads", "orjson"]

orjson: Any
try:
    orjson = importlib.import_module("orjson")
except ImportError:  # pragma: no cover - a dependency, but the json module will do
    orjson = None


def compact(value: Any) -> str:
    """``json.dumps(value, ensure_ascii=False, separators=(",", ":"))``. Compact JSON is
    compositional: the text of a list or mapping is its items' texts joined with commas,
    which :func:`rightsrules.advice.advice_json` relies on.

    >>> compact(["a", 1]) == compact({"k": ["a", 1]})[5:-1]
    True
    """
    if orjson is not None:
        try:
            text: str = orjson.dumps(value).decode()
            return text
        except (TypeError, ValueError):  # what orjson refuses (a lone surrogate, big ints)
            pass
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"))


def dumps(value: Any, *, indent: int | None = 2) -> str:
    """``json.dumps(value, indent=indent, ensure_ascii=False)``: orjson writes the indent of
    2, the json module anything else."""
    if indent == 2 and orjson is not None:
        try:
            text: str = orjson.dumps(value, option=orjson.OPT_INDENT_2).decode()
            return text
        except (TypeError, ValueError):
            pass
    return json.dumps(value, indent=indent, ensure_ascii=False)


def loads(text: str | bytes) -> Any:
    """``json.loads(text)``, read by orjson where it is installed, for the JSON rightsrules
    wrote itself (orjson reads a number past 64 bits differently; rightsrules writes none).

    >>> loads('{"a":[1,"é"]}')
    {'a': [1, 'é']}
    """
    if orjson is not None:
        return orjson.loads(text)
    return json.loads(text)
