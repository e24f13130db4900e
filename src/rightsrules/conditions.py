"""Conditions: the ``when`` of a rule, parsed, evaluated in three values, and flattened.

A condition is a small tree: :class:`All`, :class:`AnyOf` and :class:`Not` over
:class:`Literal` tests of the scenario (``path: value``, ``in``, ``contains``, ``known``,
``unknown``) and of other conclusions (``concluded``). It is evaluated in three values
(:class:`Truth`): a test of an unknown path is ``UNKNOWN``, never ``FALSE``, and ``not``
leaves ``UNKNOWN`` alone, so an absent fact is never read as false.

For the engines, :func:`to_dnf` flattens a tree into conjunctions of literals with every
negation pushed into the literals; each conjunction that holds is one justification.

>>> condition = parse_condition(
...     {"all": [{"company.type": "isp"}, {"not": {"company.size": "small"}}]}
... )
>>> facts = {"company.type": "isp"}
>>> evaluate(condition, facts, set())
<Truth.UNKNOWN: 'unknown'>
>>> evaluate(condition, {**facts, "company.size": "large"}, set())
<Truth.TRUE: 'true'>
>>> [literal.premises({**facts, "company.size": "large"}) for literal in to_dnf(condition)[0]]
[('fact:company.type=isp',), ('fact:company.size!=small',)]

What a literal rested on is a :class:`Premise`: typed (path, value, negated, unknown, or the
id of a chained conclusion), and written as the premise strings of the JSON advice, here and
nowhere else.
"""

from __future__ import annotations

import difflib
import enum
import re
from collections.abc import Callable, Collection, Iterator, Mapping
from typing import Any, NoReturn, TypeAlias
from typing import Literal as Literal_

import attrs

from .i18n import _
from .scenario import FactValue
from .vocabulary import COUNTRY_CODES, FIELDS, FieldKind

__all__ = [
    "MAX_CONJUNCTIONS",
    "All",
    "AnyOf",
    "Condition",
    "ConditionError",
    "Literal",
    "Not",
    "Op",
    "Premise",
    "Truth",
    "conclusions_read",
    "evaluate",
    "format_value",
    "literals",
    "parse_condition",
    "to_dnf",
]

#: The most conjunctions a condition may flatten into.
MAX_CONJUNCTIONS = 64

CONCLUSION_ID = re.compile(r"^[a-z][a-z0-9_]*:[a-z0-9][a-z0-9_]*$")

Facts: TypeAlias = Mapping[str, FactValue]


class Truth(enum.Enum):
    """Kleene's three truth values."""

    TRUE = "true"
    FALSE = "false"
    UNKNOWN = "unknown"

    def __invert__(self) -> Truth:
        if self is Truth.TRUE:
            return Truth.FALSE
        if self is Truth.FALSE:
            return Truth.TRUE
        return Truth.UNKNOWN


class Op(enum.Enum):
    """What a literal tests."""

    EQ = "eq"  # equal; on a list: holds the item, or is empty when the value is ()
    NE = "ne"  # known and not equal; on a list: lacks the item, or is not empty
    IN = "in"  # known and one of the values; on a list: holds one of them
    NOT_IN = "not_in"  # known and none of the values
    KNOWN = "known"
    UNKNOWN = "unknown"
    CONCLUDED = "concluded"


_NEGATION = {
    Op.EQ: Op.NE,
    Op.NE: Op.EQ,
    Op.IN: Op.NOT_IN,
    Op.NOT_IN: Op.IN,
    Op.KNOWN: Op.UNKNOWN,
    Op.UNKNOWN: Op.KNOWN,
}


def format_value(value: FactValue) -> str:
    """A value written as in YAML, the way premises show it.

    >>> format_value(True), format_value("large"), format_value(())
    ('true', 'large', '[]')
    """
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, tuple):
        return "[" + ", ".join(value) + "]"
    return value


class Premise(str):
    """One thing a firing rested on: a fact of the scenario or a chained conclusion.

    A premise is typed (``path``, ``value``, ``negated``, ``unknown``, ``conclusion``) and is
    also its string form, the premise of VOCABULARY.md §3 (``fact:PATH=VALUE``,
    ``fact:PATH=unknown``, ``fact:PATH!=VALUE`` or a conclusion id), written here once when it
    is made. Being a ``str`` (as an ``enum.StrEnum`` member is), it hashes, compares and
    serialises as that string at no cost, so firings keyed by their premises, the JSON writers
    and every comparison with a written premise stay as fast as they were; no reader parses it.

    >>> size = Premise.of_fact("company.size", "large", negated=True)
    >>> size, size.path, size.value, size.negated, size.is_fact
    ('fact:company.size!=large', 'company.size', 'large', True, True)
    >>> Premise.of_fact("company.departments", ()), Premise.of_unknown("company.size").unknown
    ('fact:company.departments=[]', True)
    >>> Premise.of_conclusion("leverage:investors").conclusion
    'leverage:investors'
    """

    # Made by the three constructors below; the class attributes are the fields' defaults,
    # so a premise stores only what differs from them.
    #: The scenario path of a fact (``""`` for a chained conclusion).
    path: str = ""
    #: The value the fact has (one element for a list, ``()`` for an empty list), or does not
    #: have when ``negated``; ``None`` for an unknown path and for a chained conclusion.
    value: FactValue | None = None
    #: The condition held because the path is known and not ``value``.
    negated: bool = False
    #: The condition held because the path is absent from the scenario.
    unknown: bool = False
    #: The id of a chained conclusion (``""`` for a fact).
    conclusion: str = ""

    @classmethod
    def of_fact(cls, path: str, value: FactValue, *, negated: bool = False) -> Premise:
        """The scenario has ``value`` at ``path`` (for a list: one of its elements, or ``()``
        for an empty list); with ``negated``, ``path`` is known and not ``value``."""
        shown = format_value(value)
        self = str.__new__(cls, f"fact:{path}!={shown}" if negated else f"fact:{path}={shown}")
        fields = self.__dict__
        fields["path"] = path
        fields["value"] = value
        if negated:
            fields["negated"] = True
        return self

    @classmethod
    def of_unknown(cls, path: str) -> Premise:
        """``path`` is absent from the scenario."""
        self = str.__new__(cls, f"fact:{path}=unknown")
        self.__dict__.update(path=path, unknown=True)
        return self

    @classmethod
    def of_conclusion(cls, conclusion_id: str) -> Premise:
        """A chained conclusion, itself in the advice."""
        self = str.__new__(cls, conclusion_id)
        self.__dict__["conclusion"] = conclusion_id
        return self

    @property
    def is_fact(self) -> bool:
        """True for a premise about the scenario, false for a chained conclusion."""
        return not self.conclusion

    def __setattr__(self, name: str, value: object) -> NoReturn:
        raise attrs.exceptions.FrozenInstanceError()

    def __delattr__(self, name: str) -> NoReturn:
        raise attrs.exceptions.FrozenInstanceError()


@attrs.frozen
class Literal:
    """One test: of a scenario path (``path``) or of a conclusion (``conclusion``)."""

    op: Op
    path: str = ""
    values: tuple[FactValue, ...] = ()
    conclusion: str = ""
    #: Written under ``guess``: when the literal helps a rule fire, its path is a guess, and
    #: the rule's conclusions list it among their assumptions.
    guess: bool = False

    @property
    def value(self) -> FactValue:
        return self.values[0]

    def negated(self) -> Literal:
        """The literal that holds exactly when this one is false (never when unknown)."""
        return attrs.evolve(self, op=_NEGATION[self.op])

    def truth(self, facts: Facts, concluded: Collection[str]) -> Truth:
        if self.op is Op.CONCLUDED:
            return Truth.TRUE if self.conclusion in concluded else Truth.FALSE
        actual = facts.get(self.path)
        if self.op is Op.KNOWN:
            return Truth.FALSE if actual is None else Truth.TRUE
        if self.op is Op.UNKNOWN:
            return Truth.TRUE if actual is None else Truth.FALSE
        if actual is None:
            return Truth.UNKNOWN
        if self.op in (Op.EQ, Op.NE):
            holds = _equals(actual, self.value)
        else:
            holds = any(_equals(actual, value) for value in self.values)
        if self.op in (Op.NE, Op.NOT_IN):
            holds = not holds
        return Truth.TRUE if holds else Truth.FALSE

    def premises(self, facts: Facts) -> tuple[Premise, ...]:
        """What this literal rested on when it held, as premises (VOCABULARY.md §3)."""
        if self.op is Op.CONCLUDED:
            return (Premise.of_conclusion(self.conclusion),)
        if self.op is Op.UNKNOWN:
            return (Premise.of_unknown(self.path),)
        actual = facts[self.path]
        if self.op is Op.KNOWN or (self.op is Op.IN and not isinstance(actual, tuple)):
            return _fact(self.path, actual)
        if self.op is Op.IN:
            assert isinstance(actual, tuple)
            matched = [item for item in actual if item in self.values]
            return tuple(Premise.of_fact(self.path, item) for item in matched)
        if self.op is Op.EQ:
            return (Premise.of_fact(self.path, self.value),)
        if self.op is Op.NE:
            return (Premise.of_fact(self.path, self.value, negated=True),)
        return tuple(Premise.of_fact(self.path, value, negated=True) for value in self.values)

    def describe(self) -> str:
        """The literal in the rule language's own words.

        >>> Literal(Op.IN, "company.size", ("medium", "large")).describe()
        'company.size in [medium, large]'
        """
        if self.op is Op.CONCLUDED:
            return f"concluded {self.conclusion}"
        shown = ", ".join(format_value(value) for value in self.values)
        described = {
            Op.EQ: f"{self.path} = {shown}",
            Op.NE: f"{self.path} != {shown}",
            Op.IN: f"{self.path} in [{shown}]",
            Op.NOT_IN: f"{self.path} not in [{shown}]",
            Op.KNOWN: _("{path} is known").format(path=self.path),
            Op.UNKNOWN: _("{path} is unknown").format(path=self.path),
        }[self.op]
        return _("{condition} (a guess)").format(condition=described) if self.guess else described


def _fact(path: str, actual: FactValue) -> tuple[Premise, ...]:
    if isinstance(actual, tuple):
        return tuple(Premise.of_fact(path, item) for item in actual) or (Premise.of_fact(path, ()),)
    return (Premise.of_fact(path, actual),)


def _equals(actual: FactValue, expected: FactValue) -> bool:
    if isinstance(actual, tuple):
        if expected == ():
            return actual == ()
        return expected in actual
    return actual == expected


@attrs.frozen
class All:
    children: tuple[Condition, ...]


@attrs.frozen
class AnyOf:
    children: tuple[Condition, ...]


@attrs.frozen
class Not:
    child: Condition


Condition: TypeAlias = All | AnyOf | Not | Literal


def evaluate(condition: Condition, facts: Facts, concluded: Collection[str]) -> Truth:
    """Kleene evaluation: ``TRUE`` only when the facts and conclusions make it hold."""
    if isinstance(condition, Literal):
        return condition.truth(facts, concluded)
    if isinstance(condition, Not):
        return ~evaluate(condition.child, facts, concluded)
    results = [evaluate(child, facts, concluded) for child in condition.children]
    decisive, other = (
        (Truth.FALSE, Truth.TRUE) if isinstance(condition, All) else (Truth.TRUE, Truth.FALSE)
    )
    if decisive in results:
        return decisive
    if Truth.UNKNOWN in results:
        return Truth.UNKNOWN
    return other


def to_dnf(condition: Condition) -> tuple[tuple[Literal, ...], ...]:
    """Flatten into conjunctions of literals, negations pushed into the literals.

    Duplicates are dropped; order is kept, so the result is the same on every run.

    >>> [[lit.describe() for lit in conj] for conj in to_dnf(parse_condition(
    ...     {"not": {"all": [{"company.size": "large"}, {"known": "company.licensed"}]}}))]
    [['company.size != large'], ['company.licensed is unknown']]
    """
    result = _dnf(condition, negate=False)
    unique = tuple(dict.fromkeys(tuple(dict.fromkeys(conj)) for conj in result))
    return unique


def _dnf(condition: Condition, negate: bool) -> list[tuple[Literal, ...]]:
    if isinstance(condition, Literal):
        return [(condition.negated() if negate else condition,)]
    if isinstance(condition, Not):
        return _dnf(condition.child, not negate)
    conjunctive = isinstance(condition, All) != negate
    parts = [_dnf(child, negate) for child in condition.children]
    if not conjunctive:
        return [conj for part in parts for conj in part]
    result: list[tuple[Literal, ...]] = [()]
    for part in parts:
        result = [left + right for left in result for right in part]
        if len(result) > MAX_CONJUNCTIONS:
            raise ConditionError(
                _(
                    "the condition flattens into more than {count} alternatives; split the rule"
                ).format(count=MAX_CONJUNCTIONS)
            )
    return result


def literals(condition: Condition) -> Iterator[Literal]:
    """Every literal in the tree, in order, as written (not negated)."""
    if isinstance(condition, Literal):
        yield condition
    elif isinstance(condition, Not):
        yield from literals(condition.child)
    else:
        for child in condition.children:
            yield from literals(child)


def conclusions_read(condition: Condition) -> tuple[str, ...]:
    """The conclusion ids the condition tests, in order, once each."""
    ids = (lit.conclusion for lit in literals(condition) if lit.op is Op.CONCLUDED)
    return tuple(dict.fromkeys(ids))


def suggestion(name: str) -> str:
    """The hint after an unknown name, with the leading space that joins it.

    >>> "unknown path 'company.sise'" + suggestion("company.size")
    "unknown path 'company.sise' (did you mean 'company.size'?)"
    """
    return _(" (did you mean {name}?)").format(name=repr(name))


class ConditionError(ValueError):
    """A condition is malformed; the message says how. ``where`` is the data path inside it;
    ``about`` what is wrong: ``"path"`` (a scenario path outside the vocabulary), ``"value"``
    (a value its path does not take) or ``"form"`` (anything else), so that a caller can file
    it without reading the message, which is in the language in use."""

    def __init__(
        self,
        message: str,
        where: tuple[str | int, ...] = (),
        about: Literal_["form", "path", "value"] = "form",
    ) -> None:
        super().__init__(message)
        self.where = where
        self.about = about


_KEYWORDS = ("all", "any", "not", "guess", "in", "contains", "known", "unknown", "concluded")


def parse_condition(
    data: Any, *, known_conclusion: Callable[[str], bool] | None = None
) -> Condition:
    """Build a condition tree from rule-file data, checking paths and values against the
    vocabulary. A mapping of several keys means all of them.

    >>> parse_condition({"company.sise": "large"})
    Traceback (most recent call last):
    ...
    rightsrules.conditions.ConditionError: unknown scenario path 'company.sise' (did you mean ...)
    """
    return _Parser(known_conclusion).parse(data, (), negated=False)


class _Parser:
    def __init__(self, known_conclusion: Callable[[str], bool] | None) -> None:
        self.known_conclusion = known_conclusion
        self.guessing = False

    def parse(self, data: Any, where: tuple[str | int, ...], negated: bool) -> Condition:
        if not isinstance(data, dict) or not data:
            raise ConditionError(
                _("a condition is a mapping such as {{company.type: isp}}").format(), where
            )
        if len(data) > 1:
            children = tuple(self.parse({k: v}, where, negated) for k, v in data.items())
            return All(children)
        ((key, value),) = data.items()
        here = (*where, key)
        if key in ("all", "any"):
            if not isinstance(value, list) or not value:
                raise ConditionError(
                    _("'{key}' takes a non-empty list of conditions").format(key=key), here
                )
            children = tuple(self.parse(item, (*here, i), negated) for i, item in enumerate(value))
            return All(children) if key == "all" else AnyOf(children)
        if key == "not":
            return Not(self.parse(value, here, not negated))
        if key == "guess":
            return self.guess(value, here, negated)
        literal = self.literal(key, value, here, negated)
        return attrs.evolve(literal, guess=True) if self.guessing else literal

    def guess(self, value: Any, here: tuple[str | int, ...], negated: bool) -> Condition:
        if self.guessing:
            raise ConditionError(_("'guess' cannot stand under another 'guess'"), here)
        self.guessing = True
        try:
            condition = self.parse(value, here, negated)
        finally:
            self.guessing = False
        if any(lit.op is Op.CONCLUDED for lit in literals(condition)):
            raise ConditionError(
                _("'guess' takes scenario facts only: a conclusion is not a guess of its own"),
                here,
            )
        return condition

    def literal(self, key: str, value: Any, here: tuple[str | int, ...], negated: bool) -> Literal:
        if key in ("known", "unknown"):
            path = self.path(value, here)
            return Literal(Op.KNOWN if key == "known" else Op.UNKNOWN, path)
        if key == "concluded":
            return self.concluded(value, here, negated)
        if key in ("in", "contains"):
            if not isinstance(value, dict) or len(value) != 1:
                raise ConditionError(
                    _("'{key}' takes one path, as in {{{key}: {{PATH: ...}}}}").format(key=key),
                    here,
                )
            ((path, operand),) = value.items()
            path = self.path(path, here)
            if key == "in":
                if not isinstance(operand, list) or not operand:
                    raise ConditionError(_("'in' takes a non-empty list of values"), (*here, path))
                values = tuple(
                    self.value(path, item, (*here, path, i)) for i, item in enumerate(operand)
                )
                return Literal(Op.IN, path, tuple(dict.fromkeys(values)))
            if not FIELDS[path].is_list:
                raise ConditionError(
                    _("'contains' needs a list path; {path} is not a list").format(path=path),
                    here,
                )
            return Literal(Op.EQ, path, (self.value(path, operand, (*here, path)),))
        if "." not in key:
            hint = difflib.get_close_matches(key, _KEYWORDS, n=1)
            suffix = suggestion(hint[0]) if hint else ""
            raise ConditionError(_("unknown condition {key}").format(key=repr(key)) + suffix, here)
        path = self.path(key, here)
        field = FIELDS[path]
        if field.is_list and value == []:
            return Literal(Op.EQ, path, ((),))
        return Literal(Op.EQ, path, (self.value(path, value, here),))

    def concluded(self, value: Any, here: tuple[str | int, ...], negated: bool) -> Literal:
        if negated:
            raise ConditionError(
                _(
                    "'concluded' cannot stand under 'not': conclusions only grow, so a rule "
                    "cannot wait for one to be absent"
                ),
                here,
            )
        if not isinstance(value, str) or not CONCLUSION_ID.match(value):
            raise ConditionError(
                _("'concluded' takes a conclusion id such as leverage:investors"), here
            )
        if self.known_conclusion is not None and not self.known_conclusion(value):
            raise ConditionError(_("unknown conclusion id {id}").format(id=repr(value)), here)
        return Literal(Op.CONCLUDED, conclusion=value)

    def path(self, value: Any, here: tuple[str | int, ...]) -> str:
        if not isinstance(value, str) or value not in FIELDS:
            close = difflib.get_close_matches(str(value), list(FIELDS), n=1, cutoff=0.6)
            hint = suggestion(close[0]) if close else ""
            raise ConditionError(
                _("unknown scenario path {path}").format(path=repr(value)) + hint,
                here,
                "path",
            )
        return value

    def value(self, path: str, value: Any, here: tuple[str | int, ...]) -> FactValue:
        field = FIELDS[path]
        if field.kind is FieldKind.BOOL:
            if not isinstance(value, bool):
                raise ConditionError(
                    _("{path} takes true or false, not {value}").format(
                        path=path, value=repr(value)
                    ),
                    here,
                    "value",
                )
            return value
        if not isinstance(value, str):
            raise ConditionError(
                _("{path} takes text, not {value}").format(path=path, value=repr(value)),
                here,
                "value",
            )
        allowed = field.allowed
        if allowed and value not in allowed:
            close = difflib.get_close_matches(value, allowed, n=1, cutoff=0.6)
            hint = suggestion(close[0]) if close else ""
            raise ConditionError(
                _("{value} is not a value of {path}").format(value=repr(value), path=path) + hint,
                here,
                "value",
            )
        if field.kind is FieldKind.COUNTRY:
            # Two ASCII letters of ISO 3166-1: str.upper() would make "ß" "SS".
            if not (len(value) == 2 and value.isascii() and value.upper() in COUNTRY_CODES):
                raise ConditionError(
                    _("{value} is not an ISO 3166-1 alpha-2 country code of {path}").format(
                        value=repr(value), path=path
                    ),
                    here,
                )
            return value.upper()
        return value
