"""Re-assessing a changed scenario with the knowledge base and engine of an earlier advice."""

from __future__ import annotations

from typing import TYPE_CHECKING

from ..engines import Evaluator

if TYPE_CHECKING:
    from ..advice import Advice
    from ..knowledge import KnowledgeBase
    from ..scenario import Scenario

__all__ = ["evaluator_for", "reassess"]


def evaluator_for(advice: Advice, evaluator: Evaluator | None = None) -> Evaluator:
    """The evaluator given, else the one that produced ``advice``."""
    return evaluator if evaluator is not None else advice.evaluator


def reassess(kb: KnowledgeBase, scenario: Scenario, evaluator: Evaluator) -> Advice:
    """The advice for ``scenario``: the pipeline of :func:`rightsrules.assess`, with the
    knowledge base and engine chosen by the caller."""
    from ..advice import build_advice
    from ..inference import infer

    return build_advice(kb, infer(kb, scenario, evaluator), evaluator)
