"""Reasoning about conditions, literal by literal: whether a conjunction can ever hold, and
whether one rule's condition implies another's (tests/test_lint_logic.py checks both against
brute force)."""

from __future__ import annotations

from collections.abc import Sequence

from ..conditions import Literal, Op
from ..i18n import _
from ..rules import Rule
from ..scenario import FactValue
from ..vocabulary import FIELDS, FieldKind

__all__ = ["conflict", "conjunction_implies", "implies", "never_holds", "satisfiable"]


def _domain(path: str) -> frozenset[FactValue] | None:
    field = FIELDS[path]
    if field.kind is FieldKind.BOOL:
        return frozenset({True, False})
    if field.enum is not None and not field.is_list:
        return frozenset(field.allowed)
    return None


def _possible(path: str, conjunction: Sequence[Literal]) -> frozenset[FactValue] | None:
    """The values a scalar path can take under a conjunction (``None``: any but some)."""
    possible = _domain(path)
    excluded: set[FactValue] = set()
    for literal in conjunction:
        if literal.path != path:
            continue
        if literal.op in (Op.EQ, Op.IN):
            allowed = frozenset(literal.values)
            possible = allowed if possible is None else possible & allowed
        elif literal.op in (Op.NE, Op.NOT_IN):
            excluded.update(literal.values)
    if possible is None:
        return None
    return frozenset(possible - excluded)


_KNOWING = (Op.EQ, Op.NE, Op.IN, Op.NOT_IN, Op.KNOWN)


def conflict(conjunction: Sequence[Literal]) -> str | None:
    """Why a conjunction can never hold, or ``None``."""
    by_path: dict[str, list[Literal]] = {}
    for literal in conjunction:
        if literal.op is not Op.CONCLUDED:
            by_path.setdefault(literal.path, []).append(literal)
    for path, group in by_path.items():
        shown = _(" and ").join(literal.describe() for literal in group)
        impossible = _("{conditions} cannot both hold").format(conditions=shown)
        unknown = [lit for lit in group if lit.op is Op.UNKNOWN]
        if unknown and any(lit.op in _KNOWING for lit in group):
            return impossible
        if FIELDS[path].is_list:
            if _list_conflict(path, group):
                return impossible
        elif _possible(path, group) == frozenset():
            return impossible
    return None


def _list_conflict(path: str, group: Sequence[Literal]) -> bool:
    empty = any(lit.op is Op.EQ and lit.value == () for lit in group)
    non_empty = any(lit.op is Op.NE and lit.value == () for lit in group)
    required = {lit.value for lit in group if lit.op is Op.EQ and lit.value != ()}
    one_of = [set(lit.values) for lit in group if lit.op is Op.IN]
    excluded = {lit.value for lit in group if lit.op is Op.NE and lit.value != ()}
    for lit in group:
        if lit.op is Op.NOT_IN:
            excluded.update(lit.values)
    if empty and (required or one_of or non_empty):
        return True
    if required & excluded or any(options <= excluded for options in one_of):
        return True
    allowed = set(FIELDS[path].allowed)
    return bool(non_empty and allowed and allowed <= excluded)


def never_holds(rule: Rule) -> str | None:
    reasons = [conflict(conjunction) for conjunction in rule.conjunctions]
    if not reasons or any(reason is None for reason in reasons):
        return None
    first = reasons[0]
    assert first is not None
    if len(reasons) > 1:
        return _(
            "the condition can never hold: {reason} (and so does every other alternative)"
        ).format(reason=first)
    return _("the condition can never hold: {reason}").format(reason=first)


def satisfiable(rule: Rule) -> bool:
    return any(conflict(conjunction) is None for conjunction in rule.conjunctions)


def implies(rule: Rule, other: Rule) -> bool:
    """Whether ``other`` holds whenever ``rule`` does (judged literal by literal)."""
    return all(
        any(conjunction_implies(mine, theirs) for theirs in other.conjunctions)
        for mine in rule.conjunctions
        if conflict(mine) is None
    )


def conjunction_implies(mine: Sequence[Literal], theirs: Sequence[Literal]) -> bool:
    return all(_literal_implied(literal, mine) for literal in theirs)


def _literal_implied(literal: Literal, conjunction: Sequence[Literal]) -> bool:
    if literal in conjunction:
        return True
    if literal.op is Op.CONCLUDED:
        return False
    path = literal.path
    same = [lit for lit in conjunction if lit.path == path and lit.op is not Op.CONCLUDED]
    if not same:
        return False
    if literal.op is Op.KNOWN:
        return any(lit.op in _KNOWING for lit in same)
    if literal.op is Op.UNKNOWN:
        return False
    if not any(lit.op in _KNOWING for lit in same):
        # Only "unknown" tests of the path: a value test of it is unknown, never true.
        return False
    if FIELDS[path].is_list:
        return _list_implied(literal, same)
    possible = _possible(path, same)
    if possible is None:
        return False
    if literal.op in (Op.EQ, Op.IN):
        return possible <= set(literal.values)
    return not possible & set(literal.values)


def _list_implied(literal: Literal, same: Sequence[Literal]) -> bool:
    required = {lit.value for lit in same if lit.op is Op.EQ}
    excluded = {lit.value for lit in same if lit.op is Op.NE}
    for lit in same:
        if lit.op is Op.NOT_IN:
            excluded.update(lit.values)
    if literal.op is Op.IN:
        return bool(required & set(literal.values) - {()}) or any(
            lit.op is Op.IN and set(lit.values) <= set(literal.values) for lit in same
        )
    if literal.op is Op.NE:
        return literal.value in excluded or (() in required and literal.value != ())
    if literal.op is Op.NOT_IN:
        return set(literal.values) <= excluded or () in required
    return literal.value in required
