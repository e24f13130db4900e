"""Re-assessing a changed scenario with the knowledge base and engine of an earlier advice."""

from __future__ import annotations

from typing import TYPE_CHECKING

from ..program import Evaluator
from ..reference import ReferenceEvaluator

if TYPE_CHECKING:
    from ..advice import Advice

__all__ = ["evaluator_for"]


def evaluator_for(advice: Advice, evaluator: Evaluator | None = None) -> Evaluator:
    """The evaluator given, else one of the kind that produced ``advice`` (by its name; the
    default evaluator for a name not known here: every evaluator has the same semantics)."""
    if evaluator is not None:
        return evaluator
    if advice.engine == ReferenceEvaluator.name:
        return ReferenceEvaluator()
    if advice.engine == "indexed":
        from ..indexed import IndexedEvaluator

        return IndexedEvaluator()
    from ..api import default_evaluator

    return default_evaluator()
