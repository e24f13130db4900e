"""Re-assessing a changed scenario with the knowledge base and engine of an earlier advice."""

from __future__ import annotations

from typing import TYPE_CHECKING

from ..engines import Evaluator

if TYPE_CHECKING:
    from ..advice import Advice

__all__ = ["evaluator_for"]


def evaluator_for(advice: Advice, evaluator: Evaluator | None = None) -> Evaluator:
    """The evaluator given, else the one that produced ``advice``."""
    return evaluator if evaluator is not None else advice.evaluator
