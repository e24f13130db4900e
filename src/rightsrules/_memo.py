"""Bounded memos: what the hot paths remember, never more than a fixed number of entries.

Each memo belongs to the module whose values it holds (the indexed evaluator's compiled paths,
the advice's conclusions, the scenario validator's accepted values...): nothing else is a
cache. A batch of free text could otherwise grow any of them without bound.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable
from typing import Generic, TypeVar

__all__ = ["Memo", "per_instance"]

K = TypeVar("K", bound=Hashable)
V = TypeVar("V")
T = TypeVar("T")


class Memo(Generic[K, V]):
    """A mapping that remembers at most ``limit`` entries. Past it, a new entry is not kept
    (the first ones, made by the commonest inputs, stay), or, with ``replace_oldest``, it takes
    the place of the oldest.

    >>> memo: Memo[str, int] = Memo(2)
    >>> memo.put("a", 1), memo.put("b", 2), memo.put("c", 3)
    (1, 2, 3)
    >>> memo.get("a"), memo.get("c"), len(memo)
    (1, None, 2)
    >>> recent: Memo[str, int] = Memo(2, replace_oldest=True)
    >>> for key, value in (("a", 1), ("b", 2), ("c", 3)):
    ...     _ = recent.put(key, value)
    >>> recent.get("a"), recent.get("b"), recent.get("c")
    (None, 2, 3)
    """

    __slots__ = ("_values", "get", "limit", "replace_oldest")

    get: Callable[[K], V | None]
    """The value remembered for a key, or ``None`` (the dict's own ``get``: no extra call)."""

    def __init__(self, limit: int, *, replace_oldest: bool = False) -> None:
        self.limit = limit
        self.replace_oldest = replace_oldest
        self._values: dict[K, V] = {}
        self.get = self._values.get

    def put(self, key: K, value: V) -> V:
        """Remember ``value`` for ``key`` when there is room; return it either way."""
        values = self._values
        if len(values) < self.limit or key in values:
            values[key] = value
        elif self.replace_oldest and self.limit > 0:
            del values[next(iter(values))]
            values[key] = value
        return value

    def __len__(self) -> int:
        return len(self._values)

    def clear(self) -> None:
        self._values.clear()


def per_instance(build: Callable[[T], V], limit: int = 8) -> Callable[[T], V]:
    """``build(owner)``, made once for each of the last ``limit`` owners it was asked for, told
    apart by identity (a knowledge base is immutable but not hashable): the derived tables a
    module keeps for each knowledge base, without storing them on it.

    >>> calls = []
    >>> table = per_instance(lambda items: calls.append(1) or len(items))
    >>> owner = [1, 2, 3]
    >>> table(owner), table(owner), len(calls)
    (3, 3, 1)
    """
    made: Memo[int, tuple[T, V]] = Memo(limit, replace_oldest=True)
    last: list[tuple[T, V]] = []

    def lookup(owner: T) -> V:
        if last and last[0][0] is owner:
            return last[0][1]
        # The memo holds each owner it keeps, so no other object can have its id meanwhile.
        found = made.get(id(owner))
        if found is None:
            found = made.put(id(owner), (owner, build(owner)))
        last[:] = [found]
        return found[1]

    return lookup
