"""JSON text: orjson where it writes the same bytes as the json module, which is the reference."""

from __future__ import annotations

import json
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from rightsrules import _json, assess, load_knowledge_base

from .strategies import TEXT_POOL, scenario_dicts

#: What rightsrules writes: text (any, lone surrogates and control characters included),
#: booleans, integers, null, lists and mappings with text keys. No floats.
_TEXT = st.one_of(st.text(), st.sampled_from(TEXT_POOL), st.sampled_from(["\ud800", "\x00\x7f"]))
_VALUES = st.recursive(
    st.one_of(_TEXT, st.booleans(), st.none(), st.integers(-(2**70), 2**70)),
    lambda inner: st.one_of(st.lists(inner, max_size=4), st.dictionaries(_TEXT, inner, max_size=4)),
    max_leaves=20,
)


@settings(max_examples=300, deadline=None)
@given(_VALUES)
def test_the_text_is_the_json_modules(value: Any) -> None:
    assert _json.compact(value) == json.dumps(value, ensure_ascii=False, separators=(",", ":"))
    for indent in (2, None, 4):
        assert _json.dumps(value, indent=indent) == json.dumps(
            value, indent=indent, ensure_ascii=False
        )


@settings(max_examples=50, deadline=None)
@given(scenario_dicts())
def test_an_advice_as_json_is_the_json_modules(data: dict[str, Any]) -> None:
    advice = assess(data, load_knowledge_base())
    assert advice.to_json() == json.dumps(advice.to_dict(), indent=2, ensure_ascii=False)
    assert advice.to_json(indent=None) == json.dumps(advice.to_dict(), ensure_ascii=False)
