"""Hypothesis strategies shared by the test modules.

* :func:`scenario_dicts`: plain mappings that :meth:`Scenario.from_dict
  <rightsrules.scenario.Scenario.from_dict>` accepts, as a scenario file would give them.
* :func:`scenario_dicts_over`: the same, with only some paths ever set and values drawn
  from given pools (the values a fixture's rules test), so small knowledge bases fire often.
* :func:`fact_dicts`: known facts by dotted path (what the evaluators read), values drawn from
  small pools so that rules' tests often match, including awkward strings.
* :func:`near_scenario_data`: valid scenario data with a few changes, most making it invalid.
* :func:`literals`, :func:`programs`: random :class:`~rightsrules.engines.program.Program` s over
  the real vocabulary, chained through ``concluded`` without cycles.
"""

from __future__ import annotations

import collections
import copy
import datetime
import json
from typing import Any

from hypothesis import strategies as st

from rightsrules.conditions import Literal, Op
from rightsrules.engines.program import Program
from rightsrules.scenario import MAX_LIST_ITEMS, MAX_TEXT_LENGTH, FactValue
from rightsrules.vocabulary import COUNTRY_CODES, FIELDS, SECTIONS, FieldKind

__all__ = [
    "CONCLUSION_IDS",
    "ODD_VALUES",
    "TEXT_POOL",
    "document_bytes",
    "fact_dicts",
    "fact_value",
    "literals",
    "near_scenario_data",
    "programs",
    "scenario_dicts",
    "scenario_dicts_over",
    "texts",
]

#: Free-text values rules and facts share: quotes, backslashes, JSON and durable syntax,
#: non-ASCII, a long one. Every one survives the scenario loader unchanged.
TEXT_POOL: tuple[str, ...] = (
    "Example Net",
    'say "hi"',
    "back\\slash",
    '{"sid": 1, "$and": []}',
    "$nex",
    "Ünïcødé ✓ 日本語",
    "emoji 🙂",
    "x" * MAX_TEXT_LENGTH,
)

CONCLUSION_IDS: tuple[str, ...] = (
    "scope:a",
    "challenge:b",
    "leverage:c",
    "strategy:d",
    "contact:e",
    "step:f",
    "precedent:g",
)

_COUNTRIES = sorted(COUNTRY_CODES)


def texts() -> st.SearchStrategy[str]:
    """Text the scenario loader keeps as it is: no control characters or surrogates, single
    spaces, no leading or trailing space, at most MAX_TEXT_LENGTH characters."""
    words = st.text(
        st.characters(blacklist_categories=("Cc", "Cs", "Zs", "Zl", "Zp", "Cf")),
        min_size=1,
        max_size=12,
    ).filter(lambda word: word.split() == [word])
    free = st.lists(words, min_size=1, max_size=4).map(" ".join)
    return st.one_of(st.sampled_from(TEXT_POOL), free).filter(lambda t: len(t) <= MAX_TEXT_LENGTH)


def _scalar(path: str) -> st.SearchStrategy[Any]:
    field = FIELDS[path]
    if field.kind is FieldKind.BOOL:
        return st.booleans()
    if field.kind is FieldKind.COUNTRY:
        return st.sampled_from([*_COUNTRIES[:5], "US", "GB"])
    if field.kind.value == "date":  # YYYY-MM-DD
        days = st.dates(min_value=datetime.date(2000, 1, 1), max_value=datetime.date(2099, 12, 31))
        return days.map(datetime.date.isoformat)
    if field.allowed:
        return st.sampled_from(field.allowed)
    return texts()


def fact_value(path: str) -> st.SearchStrategy[FactValue]:
    """A known value for ``path`` as the evaluators see it (lists as tuples, no duplicates)."""
    field = FIELDS[path]
    if field.is_list:
        return st.lists(_scalar(path), max_size=4, unique=True).map(tuple)
    result: st.SearchStrategy[FactValue] = _scalar(path)
    return result


@st.composite
def scenario_dicts(draw: st.DrawFn) -> dict[str, dict[str, Any]]:
    """A scenario as plain data (lists as lists), valid for ``Scenario.from_dict``."""
    data: dict[str, dict[str, Any]] = {
        "company": {"name": draw(texts()), "type": draw(_scalar("company.type"))}
    }
    for path in FIELDS:
        if path in ("company.name", "company.type") or not draw(st.booleans()):
            continue
        value = draw(fact_value(path))
        section, key = path.split(".", 1)
        data.setdefault(section, {})[key] = list(value) if isinstance(value, tuple) else value
    assert set(data) <= set(SECTIONS)
    return data


@st.composite
def fact_dicts(draw: st.DrawFn, paths: tuple[str, ...] | None = None) -> dict[str, FactValue]:
    """Known facts by path: each path of ``paths`` (default: every path) known or not."""
    facts: dict[str, FactValue] = {}
    for path in paths if paths is not None else tuple(FIELDS):
        if draw(st.booleans()):
            facts[path] = draw(fact_value(path))
    return facts


def _values(path: str) -> st.SearchStrategy[FactValue]:
    """A value a rule may test ``path`` against (list paths: an item, or ``()``)."""
    field = FIELDS[path]
    item = _scalar(path)
    if field.is_list:
        return st.one_of(item, st.just(()))
    result: st.SearchStrategy[FactValue] = item
    return result


@st.composite
def literals(draw: st.DrawFn, paths: tuple[str, ...], readable: tuple[str, ...]) -> Literal:
    """A literal over ``paths``, or a ``concluded`` of one of ``readable``."""
    ops = [Op.EQ, Op.NE, Op.IN, Op.NOT_IN, Op.KNOWN, Op.UNKNOWN]
    if readable:
        ops += [Op.CONCLUDED] * 4  # chains are where engines differ: test them often
    op = draw(st.sampled_from(ops))
    if op is Op.CONCLUDED:
        return Literal(op, conclusion=draw(st.sampled_from(readable)))
    path = draw(st.sampled_from(paths))
    if op in (Op.KNOWN, Op.UNKNOWN):
        return Literal(op, path)
    if op in (Op.EQ, Op.NE):
        return Literal(op, path, (draw(_values(path)),))
    values = draw(st.lists(_scalar(path), min_size=1, max_size=3, unique=True))
    return Literal(op, path, tuple(values))


@st.composite
def programs(
    draw: st.DrawFn,
    *,
    max_rules: int = 8,
    paths: tuple[str, ...] | None = None,
) -> Program:
    """A program of up to ``max_rules`` rules. Rule *i* concludes ids of rank at least its
    own and reads only ids of lower rank, so chains never loop."""
    if paths is None:
        paths = tuple(draw(st.lists(st.sampled_from(list(FIELDS)), min_size=1, max_size=6)))
    count = draw(st.integers(1, max_rules))
    rules = []
    for index in range(count):
        rank = draw(st.integers(0, min(index, len(CONCLUSION_IDS) - 1)))
        readable = CONCLUSION_IDS[:rank]
        concluded = st.sampled_from(CONCLUSION_IDS[rank : rank + 2])
        concludes = tuple(draw(st.lists(concluded, min_size=1, max_size=2, unique=True)))
        conjunctions = tuple(
            tuple(dict.fromkeys(draw(st.lists(literals(paths, readable), min_size=0, max_size=4))))
            for _ in range(draw(st.integers(1, 3)))
        )
        rules.append((f"rule_{index}", tuple(dict.fromkeys(conjunctions)), concludes))
    return Program.build(rules)


@st.composite
def scenario_dicts_over(
    draw: st.DrawFn, pools: dict[str, tuple[Any, ...]]
) -> dict[str, dict[str, Any]]:
    """A scenario setting only the paths of ``pools`` (each known or not), each value drawn
    from its pool; ``company.type`` must have a pool. A list path's pool holds whole lists."""
    data: dict[str, dict[str, Any]] = {"company": {"name": "Example"}}
    for path, pool in pools.items():
        if path != "company.type" and not draw(st.booleans()):
            continue
        value = draw(st.sampled_from(pool))
        section, key = path.split(".", 1)
        data.setdefault(section, {})[key] = list(value) if isinstance(value, tuple) else value
    return data


#: Characters that mean something to a YAML or JSON parser, and a few that must be refused.
_SYNTAX = [*"{}[]:,-&*!|>'\"#%@`?~ \n\tabyz01.\\", "é", "\x00", "🙂"]


def document_bytes() -> st.SearchStrategy[bytes]:
    """Bytes given as a scenario or rule file: random bytes, YAML/JSON syntax soup, and valid
    scenarios cut short anywhere."""
    return st.one_of(
        st.binary(max_size=200),
        st.text(alphabet=st.sampled_from(_SYNTAX), max_size=80).map(lambda t: t.encode("utf-8")),
        st.tuples(scenario_dicts(), st.integers(0, 200)).map(
            lambda cut: json.dumps(cut[0]).encode()[: cut[1]]
        ),
    )


#: Values that are wrong, odd or right at some path: for the fast paths of the loaders.
ODD_VALUES: tuple[Any, ...] = (
    None, 1, 0, 1.5, True, False, "", " ", "x\x01", "\ud800", "a" * 501, " large ", "LARGE",
    "large", "isp", "ng", "NG", "2027-02-30", "2027-01-10", "legal", "a", [], ["legal", "legal"],
    ["legal", 1], [True], ["a"], ["legal"] * (MAX_LIST_ITEMS + 1), ["a"] * (MAX_LIST_ITEMS + 1),
    {"a": 1}, ("legal",),
)  # fmt: skip


@st.composite
def near_scenario_data(draw: st.DrawFn) -> Any:
    """Valid scenario data with a few changes, most of which make it invalid."""
    data = copy.deepcopy(draw(scenario_dicts()))

    def section(name: str) -> dict[str, Any]:
        if not isinstance(data.get(name), dict):
            data[name] = {}
        found: dict[str, Any] = data[name]
        return found

    for _ in range(draw(st.integers(0, 3))):
        change = draw(st.integers(0, 3))
        if change == 0:  # a value of the wrong type or out of range
            name, key = draw(st.sampled_from(sorted(FIELDS))).split(".", 1)
            section(name)[key] = draw(st.sampled_from(ODD_VALUES))
        elif change == 1:  # an unknown key or section
            name = draw(st.sampled_from(["company", "context", "sise", "concern"]))
            section(name)[draw(st.sampled_from(["sise", "name", "1"]))] = "x"
        elif change == 2:  # a required key missing
            section("company").pop(draw(st.sampled_from(["name", "type"])), None)
        else:  # a section that is not a mapping
            data[draw(st.sampled_from(["context", "engagement"]))] = draw(
                st.sampled_from([None, [], "x", 1])
            )
    # Not plain dicts, now and then.
    return draw(st.sampled_from([data, data, data, [data], "x", collections.OrderedDict(data)]))
