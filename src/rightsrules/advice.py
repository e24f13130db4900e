"""The advice: conclusions grouped by kind and ranked, each with its proof and its sources.

:class:`Advice` is what :func:`rightsrules.assess` returns. ``to_dict()`` is the JSON of
VOCABULARY.md §3.
"""

from __future__ import annotations

import functools
from collections.abc import Iterable, Iterator, Mapping, Sequence
from typing import TYPE_CHECKING, Any

import attrs

from . import _json
from .conditions import Premise
from .errors import UnknownConclusionError
from .inference import Assumption, Inference
from .knowledge import KnowledgeBase, Resource, did_you_mean
from .program import Evaluator, Firing
from .rules import RuleKind
from .scenario import Scenario
from .vocabulary import CONCLUSION_KINDS, STEP_PHASES

if TYPE_CHECKING:
    import networkx as nx

    from .explain import Proof, Question, WhatIf, WhyNot
    from .program import Evaluator

__all__ = ["Advice", "Conclusion", "Derivation", "Guess", "RankReason", "build_advice", "guesses"]


@attrs.frozen
class Derivation:
    """One justification of a conclusion: the rule, the premises it rested on, and which
    alternative of the rule's condition held (``conjunction``, not in the JSON)."""

    rule: str
    premises: tuple[Premise, ...]
    conjunction: int = 0

    def to_dict(self) -> dict[str, Any]:
        return {"rule": self.rule, "premises": list(self.premises)}


@attrs.frozen
class Guess:
    """A path a rule read under ``guess``: unknown (or known only in part) and taken as the
    rule needed it, so the conclusions it derived list the path among their assumptions."""

    path: str
    rule: str
    concludes: tuple[str, ...]


@attrs.frozen
class RankReason:
    """A ranking rule that moved a conclusion, and how far."""

    rule: str
    weight: int
    because: str


@attrs.frozen
class Conclusion:
    """A recommended conclusion, with everything needed to explain it."""

    id: str
    kind: str
    title: str
    summary: str
    rationale: str
    sources: tuple[str, ...]
    assumptions: tuple[str, ...]
    derivations: tuple[Derivation, ...]
    rank: int
    score: int
    rank_reasons: tuple[RankReason, ...]
    resources: tuple[Resource, ...]

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "kind": self.kind,
            "title": self.title,
            "rationale": self.rationale,
            "sources": list(self.sources),
            "assumptions": list(self.assumptions),
            "derivations": [derivation.to_dict() for derivation in self.derivations],
            "rank": self.rank,
            "rank_reasons": [
                {"rule": r.rule, "weight": r.weight, "because": r.because}
                for r in self.rank_reasons
            ],
            "resources": [{"id": r.id, "name": r.name, "url": r.url} for r in self.resources],
        }


@attrs.frozen(eq=False, slots=False)
class Advice:
    """What rightsrules advises for one scenario.

    ``conclusions`` holds every recommended conclusion once, grouped by kind (scope,
    challenge, leverage, strategy, contact, step, precedent) and ranked within its kind.
    """

    scenario: Scenario
    understood: Scenario
    conclusions: tuple[Conclusion, ...]
    assumptions: tuple[Assumption, ...]
    knowledge_base: KnowledgeBase = attrs.field(repr=False)
    inference: Inference = attrs.field(repr=False)
    evaluator: Evaluator = attrs.field(repr=False)

    @property
    def engine(self) -> str:
        """The name of the evaluator that derived this advice."""
        return self.evaluator.name

    @functools.cached_property
    def graph(self) -> nx.DiGraph:
        """The derivation graph (:mod:`rightsrules.graph`), built on first use (networkx is
        imported then, not with rightsrules)."""
        from .graph import build_graph

        return build_graph(self.inference)

    @functools.cached_property
    def guesses(self) -> tuple[Guess, ...]:
        """The guesses the advice rests on, beside the defaults of :attr:`assumptions`."""
        return guesses(self.knowledge_base, self.inference.firings)

    @property
    def rules_version(self) -> str:
        return self.knowledge_base.version

    @property
    def ids(self) -> tuple[str, ...]:
        """Every recommended conclusion id, in order."""
        return tuple(conclusion.id for conclusion in self.conclusions)

    @property
    def grouped(self) -> Mapping[str, tuple[Conclusion, ...]]:
        """The conclusions by kind, in presentation order; kinds with none are left out."""
        groups: dict[str, list[Conclusion]] = {}
        for conclusion in self.conclusions:
            groups.setdefault(conclusion.kind, []).append(conclusion)
        return {kind: tuple(items) for kind, items in groups.items()}

    def of_kind(self, kind: str) -> tuple[Conclusion, ...]:
        """The conclusions of one kind, ranked; :class:`UnknownConclusionError` for a kind the
        knowledge base does not know, with the closest as a suggestion.

        >>> from rightsrules import ReferenceEvaluator, assess
        >>> advice = assess({"company": {"name": "Example Net", "type": "isp"}},
        ...                 evaluator=ReferenceEvaluator())
        >>> advice.of_kind("strategies")
        Traceback (most recent call last):
        ...
        rightsrules.errors.UnknownConclusionError: 'strategies' is not a kind of conclusion \
(did you mean 'strategy'?); the kinds are ...
        """
        found = tuple(c for c in self.conclusions if c.kind == kind)
        if not found:
            kinds = self.knowledge_base.kinds
            if kind not in kinds:
                raise UnknownConclusionError(
                    f"{kind!r} is not a kind of conclusion{did_you_mean(str(kind), kinds)}; "
                    f"the kinds are {', '.join(kinds)}"
                )
        return found

    def __contains__(self, conclusion_id: object) -> bool:
        return any(c.id == conclusion_id for c in self.conclusions)

    def __getitem__(self, conclusion_id: str) -> Conclusion:
        for conclusion in self.conclusions:
            if conclusion.id == conclusion_id:
                return conclusion
        self.knowledge_base.conclusion(conclusion_id)  # an unknown id: says so, with a hint
        raise UnknownConclusionError(f"{conclusion_id!r} is not in this advice")

    def __iter__(self) -> Iterator[Conclusion]:
        return iter(self.conclusions)

    def __len__(self) -> int:
        return len(self.conclusions)

    def to_dict(self) -> dict[str, Any]:
        """The advice as the JSON of VOCABULARY.md §3."""
        return {
            "scenario": self.understood.to_dict(),
            "conclusions": [conclusion.to_dict() for conclusion in self.conclusions],
            "assumptions": [
                {
                    "path": a.path,
                    "value": list(a.value) if isinstance(a.value, tuple) else a.value,
                    "rule": a.rule,
                    "because": self.knowledge_base.rule(a.rule).because,
                    "premises": list(a.premises),
                }
                for a in self.assumptions
            ],
            "rules_version": self.rules_version,
        }

    def to_json(self, *, indent: int | None = 2) -> str:
        return _json.dumps(self.to_dict(), indent=indent)

    # Explanations live in rightsrules.explain; these delegate to it.

    def explain(self, conclusion_id: str, detail: str = "full") -> Proof:
        """How a conclusion was reached: its proof, to the scenario's facts (or the direct
        reasons only, with ``detail="direct"``)."""
        from .explain import explain

        return explain(self, conclusion_id, detail)

    def why_not(self, conclusion_id: str) -> WhyNot:
        """Why a conclusion is not in this advice: each rule's failed conditions."""
        from .explain import why_not

        return why_not(self, conclusion_id)

    def what_if(self, changes: Mapping[str, Any], *, evaluator: Evaluator | None = None) -> WhatIf:
        """The advice with some facts changed, compared with this one."""
        from .explain import what_if

        return what_if(self, changes, evaluator=evaluator)

    def questions(self, *, evaluator: Evaluator | None = None) -> tuple[Question, ...]:
        """The open facts whose answer would change this advice, most decisive first."""
        from .explain import questions

        return questions(self, evaluator=evaluator)

    # Rich displays delegate to rightsrules.render: Jupyter and rich call these.

    def _repr_html_(self) -> str:
        """Jupyter: the engagement plan as an HTML fragment."""
        from .render.report import advice_html

        return advice_html(self)

    def _repr_markdown_(self) -> str:
        """Jupyter (Markdown front ends): the advice as Markdown."""
        from .render.markdown import to_markdown

        return to_markdown(self)

    def __rich__(self) -> Any:
        """rich: panels per kind, so ``Console().print(advice)`` shows it."""
        from .render.terminal import advice_renderable

        return advice_renderable(self)


def build_advice(kb: KnowledgeBase, inference: Inference, evaluator: Evaluator) -> Advice:
    """Shape an inference into ranked, explained conclusions."""
    deriving: dict[str, list[Firing]] = {}
    for firing in inference.firings:
        for conclusion_id in firing.concludes:
            if conclusion_id in deriving:
                deriving[conclusion_id].append(firing)
            else:
                deriving[conclusion_id] = [firing]
    assumptions = _assumptions_by_conclusion(kb, deriving, inference.assumptions) or {}
    scores: dict[str, int] = {}
    reasons: dict[str, list[tuple[str, int]]] = {}
    for adjustment in inference.adjustments:
        for conclusion_id, weight in adjustment.weights:
            if conclusion_id in deriving:
                scores[conclusion_id] = scores.get(conclusion_id, 0) + weight
                reasons.setdefault(conclusion_id, []).append((adjustment.rule, weight))
    static = _static(kb)
    place = static.place
    # (kind, phase, -score, place in the catalogue, id)
    ordered = sorted(deriving, key=lambda cid: place(cid, scores.get(cid, 0)))
    conclusions = []
    position: dict[str, int] = {}
    for conclusion_id in ordered:
        kind = conclusion_id.split(":", 1)[0]  # as Conclusion.kind
        rank = position[kind] = position.get(kind, 0) + 1
        given = tuple(reasons.get(conclusion_id, ()))
        key = (
            conclusion_id,
            rank,
            scores.get(conclusion_id, 0),
            assumptions.get(conclusion_id, ()),
            given,
            *deriving[conclusion_id],
        )
        conclusion = static.conclusions.get(key)
        if conclusion is None:
            conclusion = static.conclusion(kb, key)
        conclusions.append(conclusion)
    return Advice(
        scenario=inference.scenario,
        understood=inference.understood,
        conclusions=tuple(conclusions),
        assumptions=inference.assumptions,
        knowledge_base=kb,
        inference=inference,
        evaluator=evaluator,
    )


_KIND_ORDER = {kind: i for i, kind in enumerate(CONCLUSION_KINDS)}
_LAST_KIND = len(_KIND_ORDER)
_PHASE_ORDER = {phase: i for i, phase in enumerate(STEP_PHASES)}
#: A step with no phase (a rule pack's, say) comes after every phase.
_NO_PHASE = len(_PHASE_ORDER)


class _Static:
    """What build_advice reads of a knowledge base, computed once per knowledge base: each
    conclusion's place in the catalogue, the rationale and sources of each set of rules that
    derived a conclusion (a handful of distinct sets in practice), and the conclusions made
    so far (immutable, so each is handed out again for the same firings, rank and reasons)."""

    MAX_REMEMBERED = 65_536
    #: Conclusions are bigger than the rest (about 1 KB each): fewer are kept. The shipped
    #: rules make about 4,000 distinct ones over 100,000 random scenarios.
    MAX_CONCLUSIONS = 4096

    def __init__(self, kb: KnowledgeBase) -> None:
        self.order = {cid: i for i, cid in enumerate(kb.conclusions)}
        self.explained: dict[tuple[tuple[str, int], ...], tuple[str, tuple[str, ...]]] = {}
        self.phases = {
            cid: _PHASE_ORDER.get(info.phase or "", _NO_PHASE) if info.kind == "step" else 0
            for cid, info in kb.conclusions.items()
        }
        self.places: dict[str, tuple[int, int, int, str]] = {}
        self.conclusions: dict[tuple[Any, ...], Conclusion] = {}

    def place(self, cid: str, score: int) -> tuple[int, int, int, int, str]:
        """A conclusion's sort key: its kind's place, its phase's (steps only: ranking moves a
        step within its phase, never across), minus its score, its place in the catalogue,
        its id."""
        found = self.places.get(cid)
        if found is None:
            kind = _KIND_ORDER.get(cid.split(":", 1)[0], _LAST_KIND)
            phase = self.phases.get(cid, _NO_PHASE if kind == _KIND_ORDER["step"] else 0)
            found = (kind, phase, self.order.get(cid, len(self.order)), cid)
            if len(self.places) < self.MAX_REMEMBERED:
                self.places[cid] = found
        return (found[0], found[1], -score, found[2], cid)

    def conclusion(self, kb: KnowledgeBase, key: tuple[Any, ...]) -> Conclusion:
        """The conclusion of ``key``: its id, rank, score, assumed paths, rank reasons (rule
        and weight each) and the firings that derived it."""
        conclusion_id, rank, score, assumptions, given, *firings = key
        info = kb.conclusion(conclusion_id)
        rationale, sources = _explained(kb, firings)
        conclusion = Conclusion(
            id=conclusion_id,
            kind=info.kind,
            title=info.title,
            summary=info.summary,
            rationale=rationale,
            sources=sources,
            assumptions=assumptions,
            derivations=tuple(
                Derivation(firing.rule, firing.premises, firing.conjunction) for firing in firings
            ),
            rank=rank,
            score=score,
            rank_reasons=tuple(
                RankReason(rule, weight, kb.rule(rule).because) for rule, weight in given
            ),
            resources=kb.resources_for(conclusion_id),
        )
        if len(self.conclusions) < self.MAX_CONCLUSIONS:
            self.conclusions[key] = conclusion
        return conclusion

    def remember(
        self, key: tuple[tuple[str, int], ...], explained: tuple[str, tuple[str, ...]]
    ) -> tuple[str, tuple[str, ...]]:
        if len(self.explained) < self.MAX_REMEMBERED:
            self.explained[key] = explained
        return explained


def _static(kb: KnowledgeBase) -> _Static:
    return kb.cached("advice", _Static)


def _explained(kb: KnowledgeBase, firings: Sequence[Firing]) -> tuple[str, tuple[str, ...]]:
    """The rationale and the guide sections (in the guide's order) of a conclusion derived
    by these firings.

    The rationale is one reason, said once: the ``because`` of the most specific firing (the
    one whose conjunction tested the most facts; the first in the knowledge base on a tie).
    The other firings stay in the proof (``derivations``), and their sections in ``sources``.
    """
    static = _static(kb)
    key = tuple((firing.rule, firing.conjunction) for firing in firings)
    explained = static.explained.get(key)
    if explained is None:
        rules = [kb.rule(firing.rule) for firing in firings]
        specific = max(
            range(len(firings)),
            key=lambda i: (len(rules[i].conjunctions[firings[i].conjunction]), -i),
        )
        rationale = rules[specific].because
        sources = kb.sort_sections(s for rule in rules for s in rule.sources)
        explained = static.remember(key, (rationale, sources))
    return explained


def _guessed_paths(kb: KnowledgeBase) -> Mapping[tuple[str, int], tuple[str, ...]]:
    """The paths each (rule, conjunction) reads under ``guess``, for those that read any."""
    return kb.cached("guesses", _guesses_of)


def _guesses_of(kb: KnowledgeBase) -> dict[tuple[str, int], tuple[str, ...]]:
    found: dict[tuple[str, int], tuple[str, ...]] = {}
    for rule in kb.rules_of(RuleKind.CONCLUDE):
        for index, conjunction in enumerate(rule.conjunctions):
            paths = tuple(dict.fromkeys(lit.path for lit in conjunction if lit.guess))
            if paths:
                found[rule.id, index] = paths
    return found


def guesses(kb: KnowledgeBase, firings: Iterable[Firing]) -> tuple[Guess, ...]:
    """The guesses the firings rest on: each unknown or partly known path a rule read under
    ``guess`` and went on as if it knew, in firing order."""
    guessed = _guessed_paths(kb)
    if not guessed:
        return ()
    found = []
    for firing in firings:
        for path in guessed.get((firing.rule, firing.conjunction), ()):
            found.append(Guess(path, firing.rule, firing.concludes))
    return tuple(found)


def _assumptions_by_conclusion(
    kb: KnowledgeBase, derivations: Mapping[str, Sequence[Firing]], assumed: Sequence[Assumption]
) -> dict[str, tuple[str, ...]] | None:
    """Assumed paths each conclusion rests on, through every justification, transitively:
    the paths filled by defaults that its premises read, and the paths its rules read under
    ``guess``. ``None`` when no conclusion rests on any."""
    guessed = _guessed_paths(kb)
    if not assumed and not any(
        (firing.rule, firing.conjunction) in guessed
        for firings in derivations.values()
        for firing in firings
    ):
        return None
    result: dict[str, tuple[str, ...]] = {}
    order = {a.path: i for i, a in enumerate(assumed)}
    for conclusion_id in derivations:
        _resolve(conclusion_id, derivations, order, guessed, result)
    return result


def _resolve(
    conclusion_id: str,
    derivations: Mapping[str, Sequence[Firing]],
    assumed: Mapping[str, int],
    guessed: Mapping[tuple[str, int], tuple[str, ...]],
    result: dict[str, tuple[str, ...]],
) -> tuple[str, ...]:
    """The assumed paths under one conclusion, remembered in ``result`` (a module function,
    not a closure: a closure that calls itself is a reference cycle left to the collector).
    Defaults' paths come first, in the order they were filled; guessed paths follow, sorted."""
    if conclusion_id not in result:
        result[conclusion_id] = ()  # no cycles in a valid knowledge base; guards recursion
        found: set[str] = set()
        for firing in derivations.get(conclusion_id, ()):
            found.update(guessed.get((firing.rule, firing.conjunction), ()))
            for premise in firing.premises:
                if premise.conclusion:
                    found.update(
                        _resolve(premise.conclusion, derivations, assumed, guessed, result)
                    )
                elif premise.path in assumed:
                    found.add(premise.path)
        last = len(assumed)
        result[conclusion_id] = tuple(sorted(found, key=lambda p: (assumed.get(p, last), p)))
    return result[conclusion_id]
