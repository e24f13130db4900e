"""The advice: conclusions grouped by kind and ranked, each with its proof and its sources.

:class:`Advice` is what :func:`rightsrules.assess` returns. ``to_dict()`` is the JSON of
VOCABULARY.md §3.
"""

from __future__ import annotations

import functools
from collections.abc import Iterable, Iterator, Mapping, Sequence
from typing import TYPE_CHECKING, Any, NamedTuple

import attrs

from . import _json
from ._json import compact
from ._memo import Memo, per_instance
from .conditions import Premise
from .engines import Evaluator, Firing
from .errors import UnknownConclusionError
from .inference import Assumption, Inference, Reasoning
from .knowledge import KnowledgeBase, Resource, did_you_mean
from .rules import RuleKind
from .scenario import Scenario, facts_to_dict
from .vocabulary import CONCLUSION_KINDS, STEP_PHASES

if TYPE_CHECKING:
    import networkx as nx

    from .evidence import Evidence
    from .explain import Proof, Question, RatherThan, WhatIf, WhyNot
    from .explain.minimal import Changes, Reasons

__all__ = [
    "Advice",
    "Conclusion",
    "Derivation",
    "Guess",
    "RankReason",
    "advice_json",
    "build_advice",
    "guesses",
]


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
    #: The language of its texts (``"en"``, ``"fr"``, ``"es"``, ``"ar"``); see :meth:`in_language`.
    language: str = "en"
    #: The events each fact rests on, by path, when a campaign journal gave the facts (the
    #: ``history.*`` facts of :meth:`rightsrules.campaign.Campaign.advice_for`); empty for a
    #: scenario given as it stands. Proofs lead down to them.
    evidence: Mapping[str, Evidence] = attrs.field(factory=dict, repr=False, kw_only=True)

    def in_language(self, language: str) -> Advice:
        """The same advice with its texts in ``language``: the same conclusions, ids, ranks,
        proofs and JSON structure; titles, reasons, sections and resources from that
        language's catalogue (English where a text has none), and renderers write their own
        words in it. A language whose catalogue is not installed gives the English advice
        (its :attr:`language` says so); :class:`~rightsrules.errors.UnknownLanguageError` for
        a language rightsrules does not speak.

        >>> from rightsrules import ReferenceEvaluator, assess
        >>> advice = assess({"company": {"name": "Example Net", "type": "isp"}},
        ...                 evaluator=ReferenceEvaluator())
        >>> french = advice.in_language("fr")
        >>> french.ids == advice.ids, french.in_language("en").language
        (True, 'en')
        """
        from .i18n import check_language
        from .i18n.knowledge import knowledge_catalogue, source, translated

        english = source(self.knowledge_base)
        wanted = knowledge_catalogue(english, check_language(language)).language
        if wanted == self.language:
            return self
        kb = translated(english, wanted)
        advice = build_advice(kb, self.inference, self.evaluator, language=wanted)
        return attrs.evolve(advice, evidence=self.evidence) if self.evidence else advice

    @property
    def engine(self) -> str:
        """The name of the evaluator that derived this advice."""
        return self.evaluator.name

    @functools.cached_property
    def graph(self) -> nx.DiGraph:
        """The derivation graph (:mod:`rightsrules.graph`), built on first use (networkx is
        imported then, not with rightsrules)."""
        from .graph import build_graph

        return build_graph(self.inference, self.evidence)

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
        """The advice as the JSON of VOCABULARY.md §3, as plain data: what
        :func:`advice_json`, the one writer of advice JSON, wrote, read back."""
        data: dict[str, Any] = _json.loads(
            advice_json(self.knowledge_base, self.inference.reasoning)
        )
        if self.evidence:  # the journal's events behind the history facts
            data["evidence"] = [found.to_dict() for found in self.evidence.values()]
        return data

    def to_json(self, *, indent: int | None = 2) -> str:
        """The advice as the JSON of VOCABULARY.md §3, as the json module writes
        :meth:`to_dict` (``indent=None``: on one line); compact, as ``rightsrules batch``
        writes it, is :func:`advice_json`."""
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

    def rather_than(self, conclusion_id: str, other_id: str) -> RatherThan:
        """Why this advice gives one conclusion rather than another: why the other is not
        advised, or why it ranks lower, and the smallest changes that would swap them."""
        from .explain import rather_than

        return rather_than(self, conclusion_id, other_id)

    def what_if(self, changes: Mapping[str, Any], *, evaluator: Evaluator | None = None) -> WhatIf:
        """The advice with some facts changed, compared with this one."""
        from .explain import what_if

        return what_if(self, changes, evaluator=evaluator)

    def questions(
        self, *, evaluator: Evaluator | None = None, why: bool = False
    ) -> tuple[Question, ...]:
        """The open facts whose answer would change this advice, most decisive first (with
        ``why``, each says why it is asked: what its answer could add, remove or move)."""
        from .explain import questions

        return questions(self, evaluator=evaluator, why=why)

    def reasons(
        self, conclusion_id: str, *, max_size: int | None = None, max_checks: int | None = None
    ) -> Reasons:
        """The minimal sets of this scenario's facts that guarantee a conclusion whatever
        the other facts are (:func:`rightsrules.explain.minimal.sufficient_reasons`)."""
        from .explain.minimal import bounds, sufficient_reasons

        return sufficient_reasons(
            self.knowledge_base, self.scenario, conclusion_id, **bounds(max_size, max_checks)
        )

    def changes(
        self, conclusion_id: str, *, max_size: int | None = None, max_checks: int | None = None
    ) -> Changes:
        """The minimal sets of changes to this scenario that would flip a conclusion, advised
        or not (:func:`rightsrules.explain.minimal.minimal_changes`)."""
        from .explain.minimal import bounds, minimal_changes

        return minimal_changes(
            self.knowledge_base, self.scenario, conclusion_id, **bounds(max_size, max_checks)
        )

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


def build_advice(
    kb: KnowledgeBase, inference: Inference, evaluator: Evaluator, *, language: str = "en"
) -> Advice:
    """Shape an inference into ranked, explained conclusions (``language``: that of the
    knowledge base's texts, see :meth:`Advice.in_language`)."""
    shape = _shape(kb, inference.reasoning)
    static = _static(kb)
    made = static.conclusions.get
    assumptions = shape.assumptions or {}
    conclusions = []
    for conclusion_id, rank in zip(shape.ordered, shape.ranks, strict=True):
        key = (
            conclusion_id,
            rank,
            shape.scores.get(conclusion_id, 0),
            assumptions.get(conclusion_id, ()),
            tuple(shape.reasons.get(conclusion_id, ())),
            *shape.deriving[conclusion_id],
        )
        conclusion = made(key)
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
        language=language,
    )


class _Shape(NamedTuple):
    """One advice before it is built or written: its conclusions in order, and for each its
    rank in its kind, score, rank reasons (rule and weight), assumed paths and firings."""

    ordered: list[str]
    ranks: list[int]
    deriving: dict[str, list[Firing]]
    scores: dict[str, int]
    reasons: dict[str, list[tuple[str, int]]]
    assumptions: dict[str, tuple[str, ...]] | None


def _shape(kb: KnowledgeBase, reasoning: Reasoning) -> _Shape:
    """Group the firings by conclusion, score the conclusions with the ranking adjustments and
    put them in the advice's order: by kind, phase (steps), score, place in the catalogue."""
    deriving: dict[str, list[Firing]] = {}
    for firing in reasoning.firings:
        for conclusion_id in firing.concludes:
            if conclusion_id in deriving:
                deriving[conclusion_id].append(firing)
            else:
                deriving[conclusion_id] = [firing]
    assumptions = _assumptions_by_conclusion(kb, deriving, reasoning.assumptions)
    scores: dict[str, int] = {}
    reasons: dict[str, list[tuple[str, int]]] = {}
    for adjustment in reasoning.adjustments:
        for conclusion_id, weight in adjustment.weights:
            if conclusion_id in deriving:
                scores[conclusion_id] = scores.get(conclusion_id, 0) + weight
                reasons.setdefault(conclusion_id, []).append((adjustment.rule, weight))
    static = _static(kb)
    places = static.places.get
    keys = []
    for conclusion_id in deriving:
        found = places(conclusion_id) or static.place(conclusion_id)
        score = scores.get(conclusion_id, 0) if scores else 0
        # (kind's place, phase's, -score, place in the catalogue, id, kind): ids are unique,
        # so the kind after the id only rides along.
        keys.append((found[0], found[1], -score, found[2], conclusion_id, found[3]))
    keys.sort()
    ordered = []
    ranks = []
    position: dict[str, int] = {}
    for key in keys:
        kind = key[5]
        rank = position[kind] = position.get(kind, 0) + 1
        ordered.append(key[4])
        ranks.append(rank)
    return _Shape(ordered, ranks, deriving, scores, reasons, assumptions)


_KIND_ORDER = {kind: i for i, kind in enumerate(CONCLUSION_KINDS)}
_LAST_KIND = len(_KIND_ORDER)
_PHASE_ORDER = {phase: i for i, phase in enumerate(STEP_PHASES)}
#: A step with no phase (a rule pack's, say) comes after every phase.
_NO_PHASE = len(_PHASE_ORDER)
#: Entries remembered per knowledge base in each memo of this module.
_MAX_REMEMBERED = 65_536
#: Conclusions are bigger than the rest (about 1 KB each): fewer are kept. The shipped rules
#: make about 4,000 distinct ones over 100,000 random scenarios.
_MAX_CONCLUSIONS = 4096


class _Static:
    """What build_advice reads of a knowledge base, computed once per knowledge base: each
    conclusion's place in the catalogue, the rationale and sources of each set of rules that
    derived a conclusion (a handful of distinct sets in practice), and the conclusions made
    so far (immutable, so each is handed out again for the same firings, rank and reasons)."""

    def __init__(self, kb: KnowledgeBase) -> None:
        self.order = {cid: i for i, cid in enumerate(kb.conclusions)}
        self.explained: Memo[tuple[tuple[str, int], ...], tuple[str, tuple[str, ...]]] = Memo(
            _MAX_REMEMBERED
        )
        self.phases = {
            cid: _PHASE_ORDER.get(info.phase or "", _NO_PHASE) if info.kind == "step" else 0
            for cid, info in kb.conclusions.items()
        }
        self.places: Memo[str, tuple[int, int, int, str]] = Memo(_MAX_REMEMBERED)
        """Each conclusion's kind's place, its phase's, its place in the catalogue, its kind."""
        self.conclusions: Memo[tuple[Any, ...], Conclusion] = Memo(_MAX_CONCLUSIONS)
        self.guessed = _guesses_of(kb)

    def place(self, cid: str) -> tuple[int, int, int, str]:
        """What orders a conclusion, but its score: its kind's place, its phase's (steps only:
        ranking moves a step within its phase, never across), its place in the catalogue; and
        its kind (as :attr:`Conclusion.kind`)."""
        kind = cid.split(":", 1)[0]
        kind_place = _KIND_ORDER.get(kind, _LAST_KIND)
        phase = self.phases.get(cid, _NO_PHASE if kind_place == _KIND_ORDER["step"] else 0)
        return self.places.put(cid, (kind_place, phase, self.order.get(cid, len(self.order)), kind))

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
        return self.conclusions.put(key, conclusion)


_static = per_instance(_Static)


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
        explained = static.explained.put(key, (rationale, sources))
    return explained


# --- the JSON of an advice ---------------------------------------------------------------------


def advice_json(kb: KnowledgeBase, reasoning: Reasoning) -> str:
    """The advice of one reasoning as compact JSON (VOCABULARY.md §3): what
    :meth:`Advice.to_json` gives and what ``rightsrules batch`` writes as a line, without
    building the advice.

    What depends only on the knowledge base is encoded once and kept as JSON text: each
    conclusion's id, kind, title, rationale and sources for the set of rules that derived it,
    its resources, each derivation (a rule and its premises), each rank reason. Only the
    scenario, the assumptions and the ranks are encoded per scenario.

    >>> from rightsrules import ReferenceEvaluator, Scenario, load_knowledge_base
    >>> from rightsrules.inference import infer
    >>> kb = load_knowledge_base()
    >>> scenario = Scenario.from_dict({"company": {"name": "A", "type": "isp"}})
    >>> text = advice_json(kb, infer(kb, scenario, ReferenceEvaluator()).reasoning)
    >>> text.startswith('{"scenario":{"company":{"name":"A","type":"isp"'), text.endswith('"}')
    (True, True)
    """
    shape = _shape(kb, reasoning)
    text = _texts(kb)
    by_conclusion = shape.assumptions
    reasons = shape.reasons
    deriving = shape.deriving
    pieces: list[str] = []
    bodies = text.bodies.get
    for conclusion_id, rank in zip(shape.ordered, shape.ranks, strict=True):
        derived_by = deriving[conclusion_id]
        assumptions = by_conclusion.get(conclusion_id) if by_conclusion else None
        if assumptions:
            head, tail = text.head(kb, conclusion_id, derived_by)
            start = (
                f'{head}{compact(list(assumptions))},"derivations":['
                f'{text.derivations(derived_by)}],"rank":'
            )
        else:
            key = (conclusion_id, *derived_by)
            start, tail = bodies(key) or text.body(kb, key)
        given = reasons.get(conclusion_id) if reasons else None
        given_text = ",".join([text.reason(kb, *reason) for reason in given]) if given else ""
        pieces.append(f'{start}{rank},"rank_reasons":[{given_text}{tail}')
    assumed = reasoning.assumptions
    if assumed:
        assumptions_text = compact(
            [
                {
                    "path": a.path,
                    "value": list(a.value) if isinstance(a.value, tuple) else a.value,
                    "rule": a.rule,
                    "because": kb.rule(a.rule).because,
                    "premises": list(a.premises),
                }
                for a in assumed
            ]
        )
    else:
        assumptions_text = "[]"
    derived_text = ""
    if reasoning.derived:  # facts a derive rule filled (a campaign's history): not guesses
        derived = [
            {
                "path": f.path,
                "value": list(f.value) if isinstance(f.value, tuple) else f.value,
                "rule": f.rule,
                "because": kb.rule(f.rule).because,
                "premises": list(f.premises),
            }
            for f in reasoning.derived
        ]
        derived_text = ',"derived":' + compact(derived)
    return (
        f'{{"scenario":{compact(facts_to_dict(reasoning.facts))},"conclusions":['
        f'{",".join(pieces)}],"assumptions":{assumptions_text}{derived_text}'
        f"{text.version_tail}"
    )


class _Texts:
    """The parts of the advice JSON that depend only on the knowledge base, as JSON text, made
    when first needed. Compact JSON is compositional (the text of a list or mapping is its
    items' texts joined with commas), so the pieces are joined as text."""

    def __init__(self, kb: KnowledgeBase) -> None:
        self.derivation_text: Memo[Firing, str] = Memo(_MAX_REMEMBERED)
        self.reason_texts: Memo[tuple[str, int], str] = Memo(_MAX_REMEMBERED)
        self.heads: Memo[tuple[str, tuple[tuple[str, int], ...]], tuple[str, str]] = Memo(
            _MAX_REMEMBERED
        )
        self.bodies: Memo[tuple[Any, ...], tuple[str, str]] = Memo(_MAX_REMEMBERED)
        self.version_tail = ',"rules_version":' + compact(kb.version) + "}"

    def derivations(self, firings: Sequence[Firing]) -> str:
        """The JSON of these firings as derivations (a rule and its premises each), without
        the brackets."""
        texts = []
        for firing in firings:
            text = self.derivation_text.get(firing)
            if text is None:
                text = compact({"rule": firing.rule, "premises": list(firing.premises)})
                self.derivation_text.put(firing, text)
            texts.append(text)
        return ",".join(texts)

    def reason(self, kb: KnowledgeBase, rule: str, weight: int) -> str:
        found = self.reason_texts.get((rule, weight))
        if found is None:
            reason = {"rule": rule, "weight": weight, "because": kb.rule(rule).because}
            found = self.reason_texts.put((rule, weight), compact(reason))
        return found

    def head(self, kb: KnowledgeBase, cid: str, firings: Sequence[Firing]) -> tuple[str, str]:
        """A conclusion's JSON up to its assumptions (id, kind, title, rationale, sources) and
        after its rank reasons (its resources), when these firings derived it."""
        derived_by = tuple((firing.rule, firing.conjunction) for firing in firings)
        found = self.heads.get((cid, derived_by))
        if found is None:
            info = kb.conclusion(cid)
            resources = [{"id": r.id, "name": r.name, "url": r.url} for r in kb.resources_for(cid)]
            rationale, sources = _explained(kb, firings)
            head = compact(
                {
                    "id": cid,
                    "kind": info.kind,
                    "title": info.title,
                    "rationale": rationale,
                    "sources": list(sources),
                    "assumptions": None,
                }
            )
            tail = '],"resources":' + compact(resources) + "}"
            found = self.heads.put((cid, derived_by), (head[: -len("null}")], tail))
        return found

    def body(self, kb: KnowledgeBase, key: tuple[Any, ...]) -> tuple[str, str]:
        """A conclusion's JSON up to its rank when it rests on no assumption and ``key`` is its
        id and the firings that derived it, and its JSON after its rank reasons."""
        cid, firings = key[0], key[1:]
        head, tail = self.head(kb, cid, firings)
        start = f'{head}[],"derivations":[{self.derivations(firings)}],"rank":'
        return self.bodies.put(key, (start, tail))


_texts = per_instance(_Texts)


def _guessed_paths(kb: KnowledgeBase) -> Mapping[tuple[str, int], tuple[str, ...]]:
    """The paths each (rule, conjunction) reads under ``guess``, for those that read any."""
    return _static(kb).guessed


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
