"""Why not: for a conclusion the advice does not hold, every rule that could have reached it
and each of its conditions that failed.

A failed condition is *false* (the scenario says otherwise; its value is shown, and whether a
default put it there) or *unknown* (the scenario is silent: answering could make it hold). A
condition on another conclusion that was not reached is explained in turn, and counts as
unknown when some answer could still reach it.

>>> from rightsrules import assess
>>> advice = assess({"company": {"name": "Example Mobile", "type": "mobile_network_operator",
...                              "licensed": False}})
>>> report = advice.why_not("leverage:government_licence")
>>> [(f.condition, f.value) for f in report.false_conditions()]
[('company.licensed = true', False)]
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import TYPE_CHECKING, Any

import attrs

from .. import _json
from ..conditions import Literal, Op, Truth, format_value
from ..errors import ExplanationError, UnknownConclusionError
from ..scenario import FactValue
from ._report import TextAndJson

if TYPE_CHECKING:
    from ..advice import Advice
    from ..knowledge import KnowledgeBase

__all__ = ["Attempt", "Failure", "WhyNot", "why_not"]


@attrs.frozen
class Failure:
    """One condition of a rule that did not hold.

    ``truth`` is ``FALSE`` (``value`` is the scenario's, ``assumed`` when a default gave it)
    or ``UNKNOWN`` (the scenario is silent on ``path``). A condition on a conclusion that
    was not reached has ``conclusion`` set and its own ``why_not``.
    """

    condition: str
    truth: Truth
    path: str | None = None
    value: FactValue | None = None
    assumed: bool = False
    conclusion: str | None = None
    why_not: WhyNot | None = attrs.field(default=None, repr=False)

    def to_dict(self) -> dict[str, Any]:
        data: dict[str, Any] = {"condition": self.condition}
        if self.conclusion is not None:
            data["conclusion"] = self.conclusion
            if self.why_not is not None:
                data["why_not"] = self.why_not.to_dict()
        else:
            data["path"] = self.path
            if self.truth is Truth.FALSE:
                value = self.value
                data["value"] = list(value) if isinstance(value, tuple) else value
                data["assumed"] = self.assumed
        return data


@attrs.frozen
class Attempt:
    """One way a rule could have concluded it (one alternative of its condition), and what
    failed there. ``alternative`` counts from 1 among ``alternatives``."""

    rule: str
    title: str
    because: str
    sources: tuple[str, ...]
    alternative: int
    alternatives: int
    held: tuple[str, ...]
    failures: tuple[Failure, ...]

    @property
    def open(self) -> bool:
        """True when every failure is unknown or rests on a default: answering what the
        scenario leaves open could make it fire."""
        return all(f.truth is Truth.UNKNOWN or f.assumed for f in self.failures)

    def to_dict(self) -> dict[str, Any]:
        return {
            "rule": self.rule,
            "title": self.title,
            "because": self.because,
            "sources": list(self.sources),
            "alternative": self.alternative,
            "alternatives": self.alternatives,
            "held": list(self.held),
            "false": [f.to_dict() for f in self.failures if f.truth is Truth.FALSE],
            "unknown": [f.to_dict() for f in self.failures if f.truth is Truth.UNKNOWN],
        }


@attrs.frozen
class WhyNot(TextAndJson):
    """Why a conclusion is not in the advice. ``truth`` is ``UNKNOWN`` when answering what the
    scenario leaves open could still reach it, ``FALSE`` when the scenario rules it out."""

    conclusion: str
    title: str
    truth: Truth
    attempts: tuple[Attempt, ...]

    def failures(self) -> Iterator[Failure]:
        """Every failed condition, nested ones included, depth first (each sub-report once)."""
        seen: set[str] = set()

        def walk(report: WhyNot) -> Iterator[Failure]:
            seen.add(report.conclusion)
            for attempt in report.attempts:
                for failure in attempt.failures:
                    yield failure
                    if failure.why_not is not None and failure.why_not.conclusion not in seen:
                        yield from walk(failure.why_not)

        return walk(self)

    def false_conditions(self) -> tuple[Failure, ...]:
        """The failed scenario conditions the scenario contradicts, nested ones included."""
        return tuple(f for f in self.failures() if f.truth is Truth.FALSE and f.path)

    def unknown_conditions(self) -> tuple[Failure, ...]:
        """The failed scenario conditions the scenario is silent on, nested ones included."""
        return tuple(f for f in self.failures() if f.truth is Truth.UNKNOWN and f.path)

    def unknown_paths(self) -> tuple[str, ...]:
        """The open scenario paths (not given, or filled by a default) whose answer could
        reach the conclusion: those of the rules' alternatives not ruled out, once each."""
        found: dict[str, None] = {}
        seen: set[str] = set()

        def walk(report: WhyNot) -> None:
            seen.add(report.conclusion)
            for attempt in report.attempts:
                if not attempt.open:
                    continue
                for failure in attempt.failures:
                    if failure.path is not None:
                        found[failure.path] = None
                    inner = failure.why_not
                    if inner is not None and inner.conclusion not in seen:
                        walk(inner)

        walk(self)
        return tuple(found)

    def to_dict(self) -> dict[str, Any]:
        return {
            "conclusion": self.conclusion,
            "title": self.title,
            "status": self.truth.value,
            "rules": [attempt.to_dict() for attempt in self.attempts],
        }

    def to_json(self, *, indent: int | None = 2) -> str:
        return _json.dumps(self.to_dict(), indent=indent)

    def to_text(self) -> str:
        """The report as a plain-text tree."""
        from .render import tree_lines

        shown: set[str] = set()

        def report_tree(report: WhyNot) -> tuple[list[str], list[Any]]:
            state = (
                "not reached; it could be, depending on facts not given"
                if report.truth is Truth.UNKNOWN
                else "not reached: the scenario rules it out"
            )
            label = [f"{report.conclusion}: {report.title} ({state})"]
            if report.conclusion in shown:
                return [label[0] + " (see above)"], []
            shown.add(report.conclusion)
            return label, [attempt_tree(a) for a in report.attempts]

        def attempt_tree(attempt: Attempt) -> tuple[list[str], list[Any]]:
            which = (
                f" (alternative {attempt.alternative} of {attempt.alternatives})"
                if attempt.alternatives > 1
                else ""
            )
            if not attempt.open:
                # Ruled out by the scenario: what rules it out is all a reader needs.
                ordered = sorted(attempt.failures, key=lambda f: f.truth is Truth.UNKNOWN)
                label = [f"rule {attempt.rule}{which}: {attempt.title} (ruled out)"]
                return label, [failure_tree(f) for f in ordered]
            label = [
                f"rule {attempt.rule}{which}: {attempt.title}",
                f"because: {attempt.because}",
                f"guide: {', '.join(attempt.sources)}",
            ]
            children: list[tuple[list[str], list[Any]]] = [
                ([f"held: {condition}"], []) for condition in attempt.held
            ]
            for failure in attempt.failures:
                children.append(failure_tree(failure))
            return label, children

        def failure_tree(failure: Failure) -> tuple[list[str], list[Any]]:
            if failure.conclusion is not None:
                kind = "unknown" if failure.truth is Truth.UNKNOWN else "false"
                line = f"{kind}: {failure.condition} (not concluded)"
                inner = [report_tree(failure.why_not)] if failure.why_not else []
                return [line], inner
            if failure.truth is Truth.UNKNOWN:
                return [f"unknown: {failure.condition} (the scenario does not say)"], []
            assert failure.value is not None
            origin = " (assumed by default)" if failure.assumed else ""
            shown_value = format_value(failure.value)
            return [f"false: {failure.condition}; the scenario has {shown_value}{origin}"], []

        label, children = report_tree(self)
        lines = [f"Why not {self.conclusion}", "", *tree_lines(label, children)]
        unknown = self.unknown_paths()
        if unknown:
            lines += ["", "Facts that could change this: " + ", ".join(unknown)]
        return "\n".join(lines) + "\n"


def why_not(advice: Advice, conclusion_id: str) -> WhyNot:
    """Why ``conclusion_id`` is not in the advice.

    Raises :class:`~rightsrules.UnknownConclusionError` for an id the knowledge base does not
    know or that no rule concludes, and :class:`~rightsrules.ExplanationError` for one the
    advice holds (explain it instead).
    """
    kb = advice.knowledge_base
    kb.conclusion(conclusion_id)
    if conclusion_id in advice:
        raise ExplanationError(
            f"{conclusion_id!r} is in this advice; explain tells how it was reached"
        )
    if not kb.rules_concluding(conclusion_id):
        raise UnknownConclusionError(f"no rule of the knowledge base concludes {conclusion_id!r}")
    assumed = frozenset(a.path for a in advice.assumptions)
    return _Analysis(kb, advice.understood.facts(), frozenset(advice.ids), assumed).report(
        conclusion_id
    )


class _Analysis:
    def __init__(
        self,
        kb: KnowledgeBase,
        facts: Mapping[str, FactValue],
        concluded: frozenset[str],
        assumed: frozenset[str],
    ) -> None:
        self.kb = kb
        self.facts = facts
        self.concluded = concluded
        self.assumed = assumed
        self.reports: dict[str, WhyNot] = {}
        self.visiting: set[str] = set()

    def report(self, conclusion_id: str) -> WhyNot:
        if conclusion_id in self.reports:
            return self.reports[conclusion_id]
        self.visiting.add(conclusion_id)
        attempts = []
        for rule in self.kb.rules_concluding(conclusion_id):
            count = len(rule.conjunctions)
            for number, conjunction in enumerate(rule.conjunctions, start=1):
                held = []
                failures = []
                for literal in conjunction:
                    failure = self.failure(literal)
                    if failure is None:
                        held.append(literal.describe())
                    else:
                        failures.append(failure)
                attempts.append(
                    Attempt(
                        rule=rule.id,
                        title=rule.title,
                        because=rule.because,
                        sources=self.kb.sort_sections(rule.sources),
                        alternative=number,
                        alternatives=count,
                        held=tuple(held),
                        failures=tuple(failures),
                    )
                )
        self.visiting.discard(conclusion_id)
        truth = Truth.UNKNOWN if any(a.open for a in attempts) else Truth.FALSE
        report = WhyNot(
            conclusion_id, self.kb.conclusion(conclusion_id).title, truth, tuple(attempts)
        )
        self.reports[conclusion_id] = report
        return report

    def failure(self, literal: Literal) -> Failure | None:
        if literal.truth(self.facts, self.concluded) is Truth.TRUE:
            return None
        if literal.op is Op.CONCLUDED:
            cid = literal.conclusion
            if cid in self.visiting or not self.kb.rules_concluding(cid):
                return Failure(literal.describe(), Truth.FALSE, conclusion=cid)
            inner = self.report(cid)
            return Failure(literal.describe(), inner.truth, conclusion=cid, why_not=inner)
        actual = self.facts.get(literal.path)
        if actual is None:
            return Failure(literal.describe(), Truth.UNKNOWN, path=literal.path)
        return Failure(
            literal.describe(),
            Truth.FALSE,
            path=literal.path,
            value=actual,
            assumed=literal.path in self.assumed,
        )
