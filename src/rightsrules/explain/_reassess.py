"""Re-assessing a changed scenario with the knowledge base and engine of an earlier advice."""

from __future__ import annotations

from typing import TYPE_CHECKING

from ..engines import Evaluator

if TYPE_CHECKING:
    from ..advice import Advice
    from ..knowledge import KnowledgeBase
    from ..scenario import Scenario

__all__ = ["evaluator_for", "places_in_common", "reassess"]


def evaluator_for(advice: Advice, evaluator: Evaluator | None = None) -> Evaluator:
    """The evaluator given, else the one that produced ``advice``."""
    return evaluator if evaluator is not None else advice.evaluator


def reassess(kb: KnowledgeBase, scenario: Scenario, evaluator: Evaluator) -> Advice:
    """The advice for ``scenario``: the pipeline of :func:`rightsrules.assess`, with the
    knowledge base and engine chosen by the caller."""
    from ..advice import build_advice
    from ..i18n.knowledge import language
    from ..inference import infer

    return build_advice(kb, infer(kb, scenario, evaluator), evaluator, language=language(kb))


def places_in_common(advice: Advice, other: Advice) -> dict[str, int]:
    """Each conclusion's place among those of its kind in ``advice`` that ``other`` has too,
    so that two advices' orders compare without the conclusions only one of them holds."""
    places: dict[str, int] = {}
    counts: dict[str, int] = {}
    for conclusion in advice.conclusions:
        if conclusion.id in other:
            counts[conclusion.kind] = counts.get(conclusion.kind, 0) + 1
            places[conclusion.id] = counts[conclusion.kind]
    return places
