"""Explanations of advice: how a conclusion was reached, why another was not, what a change
of facts would do, which open facts matter, and why one conclusion rather than another.

These are functions over an :class:`~rightsrules.Advice` (its knowledge base, scenario and
derivations); :class:`~rightsrules.Advice` offers them as methods too.
"""

from __future__ import annotations

from .how import AdviceProof, ConclusionProof, Fact, Justification, Proof, explain, explain_all
from .questions import Answer, Question, questions
from .rather_than import RatherThan, rather_than
from .what_if import RankChange, WhatIf, what_if
from .why_ask import WhyAsk, why_ask
from .why_not import Attempt, Failure, WhyNot, why_not

__all__ = [
    "AdviceProof",
    "Answer",
    "Attempt",
    "ConclusionProof",
    "Fact",
    "Failure",
    "Justification",
    "Proof",
    "Question",
    "RankChange",
    "RatherThan",
    "WhatIf",
    "WhyAsk",
    "WhyNot",
    "explain",
    "explain_all",
    "questions",
    "rather_than",
    "what_if",
    "why_ask",
    "why_not",
]
