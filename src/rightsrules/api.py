"""The library's front door: assess one scenario."""

from __future__ import annotations

import os
from collections.abc import Mapping
from typing import Any

from .advice import Advice, build_advice
from .engines import Evaluator, default_evaluator
from .inference import infer
from .knowledge import KnowledgeBase, load_knowledge_base
from .scenario import Scenario, as_scenario

__all__ = ["as_scenario", "assess"]


def assess(
    scenario: Scenario | Mapping[str, Any] | str | os.PathLike[str],
    knowledge_base: KnowledgeBase | None = None,
    *,
    evaluator: Evaluator | None = None,
    lang: str | None = None,
) -> Advice:
    """Derive the advice for one scenario, every conclusion with its proof, with
    ``evaluator`` or else the :func:`~rightsrules.engines.default_evaluator`; its texts in
    ``lang`` (``"en"``, ``"fr"``, ``"es"``, ``"ar"``), as :meth:`Advice.in_language` gives
    them. By default they are in the language in use: English, unless inside a
    :func:`rightsrules.i18n.using` block (which is how the command line's ``--lang`` works).

    >>> advice = assess({"company": {"name": "Example Mobile", "type": "mobile_network_operator"}})
    >>> "challenge:sim_registration" in advice
    True
    """
    kb = knowledge_base or load_knowledge_base()
    engine = evaluator or default_evaluator()
    inference = infer(kb, as_scenario(scenario), engine)
    advice = build_advice(kb, inference, engine)
    if lang is None:
        from .i18n.translate import current_language

        lang = current_language()
    return advice if lang == "en" else advice.in_language(lang)
