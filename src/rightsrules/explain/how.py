"""How: the proof of a conclusion, from the advice down to the scenario's facts.

This is the one proof model every rendering reads. A :class:`Proof` keeps every
justification (a conclusion reached by several rules shows each), every rule's ``because`` and
guide sections, and the defaults behind assumed facts; its facts are typed
:class:`~rightsrules.conditions.Premise` s. It renders as a text tree, Markdown, Mermaid,
Graphviz DOT and JSON steps (:mod:`.render`), a terminal tree
(:func:`rightsrules.render.terminal.proof_tree`) and an SVG picture
(:func:`rightsrules.render.svg.derivation_svg`); :func:`explain_all` is the proof of a whole
advice, for the picture of all of it.

>>> from rightsrules import assess
>>> advice = assess({"company": {"name": "Example Mobile", "type": "mobile_network_operator"}})
>>> proof = advice.explain("leverage:government_licence")
>>> proof.assumptions
('company.licensed',)
>>> proof.steps()[0]["conclusion"]
'leverage:government_licence'
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import TYPE_CHECKING, Any, TypeAlias

import attrs

from .. import _json
from ..conditions import Premise
from ..errors import UnknownConclusionError
from ..i18n import in_language_of
from ..wording import describe_premise

if TYPE_CHECKING:
    from ..advice import Advice
    from ..evidence import Evidence

__all__ = [
    "DETAILS",
    "FORMATS",
    "AdviceProof",
    "ConclusionProof",
    "Fact",
    "Justification",
    "Proof",
    "explain",
    "explain_all",
]

#: The detail levels: the whole tree, or the direct reasons only.
DETAILS: tuple[str, ...] = ("full", "direct")
#: The renderings a proof has.
FORMATS: tuple[str, ...] = ("text", "markdown", "mermaid", "dot", "json")


@attrs.frozen
class Fact:
    """A premise about the scenario; ``assumed_by`` is the default that filled it, if any;
    ``derived_by`` the ``derive`` rule that filled it from other facts (a campaign's history),
    if any: no guess, but a step of the proof down to the facts it followed from;
    ``evidence`` the journal's events it rests on, when a campaign journal gave it (a
    ``history.*`` fact): where the proof ends."""

    premise: Premise
    assumed_by: Justification | None = None
    derived_by: Justification | None = None
    evidence: Evidence | None = None

    @property
    def path(self) -> str:
        return self.premise.path

    @property
    def text(self) -> str:
        """The fact in words (:func:`rightsrules.wording.describe_premise`)."""
        return describe_premise(self.premise)


@attrs.frozen
class Justification:
    """One rule that fired, with what it rested on: ``conjunction`` is the alternative of its
    condition that held; ``default`` for a default that filled a fact."""

    rule: str
    title: str
    because: str
    sources: tuple[str, ...]
    premises: tuple[Ground, ...]
    default: bool = False
    conjunction: int = 0

    @property
    def premise_ids(self) -> tuple[str, ...]:
        return tuple(p.premise if isinstance(p, Fact) else p.id for p in self.premises)

    @property
    def node(self) -> str:
        """The name of this firing in the derivation graph (:mod:`rightsrules.graph`):
        ``firing:RULE#N``, or ``default:RULE`` for a default."""
        if self.default:
            return f"default:{self.rule}"
        return f"firing:{self.rule}#{self.conjunction}"


@attrs.frozen
class ConclusionProof:
    """A conclusion and its justifications; none when the detail level stops above it."""

    id: str
    title: str
    kind: str
    justifications: tuple[Justification, ...]

    @property
    def expanded(self) -> bool:
        return bool(self.justifications)


#: What a justification rests on: a fact of the scenario, or the proof of a conclusion.
Ground: TypeAlias = Fact | ConclusionProof


@attrs.frozen
class Proof:
    """Why a conclusion is in the advice: its proof tree and where it comes from."""

    root: ConclusionProof
    detail: str
    assumptions: tuple[str, ...]
    sources: tuple[str, ...]
    rules_version: str
    #: The language of its texts: that of the advice it explains.
    language: str = attrs.field(default="en", kw_only=True)

    @property
    def conclusion(self) -> str:
        return self.root.id

    def justifications(self) -> Iterator[tuple[str, Justification]]:
        """Every (what it concludes, justification) once each, root first, depth first."""
        seen: set[tuple[str, str, tuple[str, ...]]] = set()

        def visit(concluded: str, justification: Justification) -> Iterator[tuple[str, Any]]:
            key = (concluded, justification.rule, justification.premise_ids)
            if key in seen:
                return
            seen.add(key)
            yield concluded, justification
            for premise in justification.premises:
                if isinstance(premise, Fact):
                    if premise.assumed_by is not None:
                        yield from visit(premise.premise, premise.assumed_by)
                    if premise.derived_by is not None:
                        yield from visit(premise.premise, premise.derived_by)
                else:
                    for inner in premise.justifications:
                        yield from visit(premise.id, inner)

        for justification in self.root.justifications:
            yield from visit(self.root.id, justification)

    @property
    def evidence(self) -> tuple[Evidence, ...]:
        """The journal's events behind the facts the proof ends in, once per fact, in the
        order of :meth:`facts` (none for a scenario given as it stands)."""
        found: dict[str, Evidence] = {}
        for _, justification in self.justifications():
            for premise in justification.premises:
                if isinstance(premise, Fact) and premise.evidence is not None:
                    found.setdefault(premise.premise, premise.evidence)
        return tuple(found.values())

    def facts(self) -> tuple[str, ...]:
        """The scenario facts the proof ends in (given or assumed), once each, in order."""
        found: dict[str, None] = {}
        for _, justification in self.justifications():
            for premise in justification.premises:
                if isinstance(premise, Fact):
                    found[premise.premise] = None
        return tuple(found)

    def steps(self) -> list[dict[str, Any]]:
        """The proof as ``{conclusion, rule, premises}`` steps, the shape of the advice's
        derivations; a default's step concludes the ``fact:`` it filled."""
        return [
            {"conclusion": concluded, "rule": j.rule, "premises": list(j.premise_ids)}
            for concluded, j in self.justifications()
        ]

    def to_dict(self) -> dict[str, Any]:
        """The proof as plain data: the steps, and each rule's reason and sources."""
        rules: dict[str, dict[str, Any]] = {}
        for _, justification in self.justifications():
            rules.setdefault(
                justification.rule,
                {
                    "title": justification.title,
                    "because": justification.because,
                    "sources": list(justification.sources),
                    "default": justification.default,
                },
            )
        data = {
            "conclusion": self.root.id,
            "title": self.root.title,
            "detail": self.detail,
            "steps": self.steps(),
            "rules": rules,
            "assumptions": list(self.assumptions),
            "sources": list(self.sources),
            "rules_version": self.rules_version,
        }
        evidence = self.evidence
        if evidence:  # a campaign journal's events, under the history facts they gave
            data["evidence"] = [found.to_dict() for found in evidence]
        return data

    def to_json(self, *, indent: int | None = 2) -> str:
        return _json.dumps(self.to_dict(), indent=indent)

    def to_text(self) -> str:
        from .render import proof_text

        return proof_text(self)

    def to_markdown(self) -> str:
        from .render import proof_markdown

        return proof_markdown(self)

    def to_mermaid(self) -> str:
        from .render import proof_mermaid

        return proof_mermaid(self)

    def to_dot(self) -> str:
        from .render import proof_dot

        return proof_dot(self)

    def render(self, format: str = "text") -> str:
        """The proof in one of :data:`FORMATS`."""
        renderers: dict[str, Callable[[], str]] = {
            "text": self.to_text,
            "markdown": self.to_markdown,
            "mermaid": self.to_mermaid,
            "dot": self.to_dot,
            "json": self._json_line,
        }
        if format not in renderers:
            raise ValueError(f"unknown format {format!r}; choose one of {', '.join(FORMATS)}")
        return renderers[format]()

    def _json_line(self) -> str:
        return self.to_json() + "\n"

    def __str__(self) -> str:
        return self.to_text()

    def _repr_markdown_(self) -> str:  # Jupyter shows the Markdown rendering
        return self.to_markdown()


@in_language_of
def explain(advice: Advice, conclusion_id: str, detail: str = "full") -> Proof:
    """The proof of a conclusion in the advice, to the scenario's facts (``detail="full"``)
    or its direct reasons only (``detail="direct"``).

    >>> from rightsrules import assess
    >>> advice = assess({"company": {"name": "Example Net", "type": "isp"}})
    >>> explain(advice, "challenge:net_neutrality", detail="direct").root.kind
    'challenge'
    """
    if detail not in DETAILS:
        raise ValueError(f"unknown detail {detail!r}; choose 'full' or 'direct'")
    if conclusion_id not in advice:
        advice.knowledge_base.conclusion(conclusion_id)  # unknown ids raise here
        raise UnknownConclusionError(
            f"{conclusion_id!r} is not in this advice; why-not tells which conditions failed"
        )
    builder = _Builder(advice, full=detail == "full")
    root = builder.conclusion(conclusion_id, depth=0)
    return Proof(
        root=root,
        detail=detail,
        assumptions=builder.assumed_paths(),
        sources=advice.knowledge_base.sort_sections(builder.sources),
        rules_version=advice.rules_version,
        language=advice.language,
    )


@attrs.frozen
class AdviceProof:
    """The proof of a whole advice: every conclusion's (sharing the proofs of the conclusions
    they chain on), and every fact a default filled, with its default, whether a conclusion
    rests on it or not."""

    conclusions: tuple[ConclusionProof, ...]
    filled: tuple[Fact, ...]


def explain_all(advice: Advice) -> AdviceProof:
    """The proof of every conclusion in the advice, and of every filled fact.

    >>> from rightsrules import assess
    >>> advice = assess({"company": {"name": "Example Mobile", "type": "mobile_network_operator"}})
    >>> whole = explain_all(advice)
    >>> len(whole.conclusions) == len(advice), str(whole.filled[0].premise)
    (True, 'fact:company.licensed=true')
    """
    builder = _Builder(advice, full=True)
    conclusions = tuple(builder.conclusion(c.id, depth=0) for c in advice.conclusions)
    filled = tuple(
        Fact(
            Premise.of_fact(a.path, a.value),
            builder.justification(a.rule, a.premises, 0, default=True),
        )
        for a in advice.assumptions
    )
    return AdviceProof(conclusions, filled)


class _Builder:
    def __init__(self, advice: Advice, *, full: bool) -> None:
        self.advice = advice
        self.kb = advice.knowledge_base
        self.full = full
        self.assumed = {a.path: a for a in advice.assumptions}
        self.derived = {d.path: d for d in advice.inference.derived}
        self.evidence = advice.evidence
        self.used_assumptions: dict[str, None] = {}
        self.sources: set[str] = set()
        self.cache: dict[str, ConclusionProof] = {}

    def conclusion(self, conclusion_id: str, depth: int) -> ConclusionProof:
        info = self.kb.conclusion(conclusion_id)
        if depth > 0 and not self.full:
            return ConclusionProof(conclusion_id, info.title, info.kind, ())
        if conclusion_id in self.cache:
            return self.cache[conclusion_id]
        justifications = tuple(
            self.justification(d.rule, d.premises, depth, conjunction=d.conjunction)
            for d in self.advice[conclusion_id].derivations
        )
        proof = ConclusionProof(conclusion_id, info.title, info.kind, justifications)
        self.cache[conclusion_id] = proof
        return proof

    def justification(
        self,
        rule_id: str,
        premises: tuple[Premise, ...],
        depth: int,
        *,
        default: bool = False,
        conjunction: int = 0,
    ) -> Justification:
        rule = self.kb.rule(rule_id)
        self.sources.update(rule.sources)
        return Justification(
            rule=rule.id,
            title=rule.title,
            because=rule.because,
            sources=self.kb.sort_sections(rule.sources),
            premises=tuple(self.premise(p, depth) for p in premises),
            default=default,
            conjunction=conjunction,
        )

    def premise(self, premise: Premise, depth: int) -> Ground:
        if premise.conclusion:
            return self.conclusion(premise.conclusion, depth + 1)
        assumption = self.assumed.get(premise.path)
        derived = self.derived.get(premise.path)
        if derived is not None and not premise.unknown:
            return Fact(
                premise, derived_by=self.justification(derived.rule, derived.premises, depth)
            )
        if assumption is None or premise.unknown:
            return Fact(premise, evidence=self.evidence.get(premise.path))
        self.used_assumptions[premise.path] = None
        default = self.justification(assumption.rule, assumption.premises, depth, default=True)
        return Fact(premise, default)

    def assumed_paths(self) -> tuple[str, ...]:
        order = list(self.assumed)
        return tuple(sorted(self.used_assumptions, key=order.index))
