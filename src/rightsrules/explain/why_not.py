"""Why not: for a conclusion the advice does not hold, every rule that could have reached it
and each of its conditions that failed.

A failed condition is *false* (the scenario says otherwise; its value is shown, and whether a
default put it there) or *unknown* (the scenario is silent: answering could make it hold). A
condition on another conclusion that was not reached is explained in turn, and counts as
unknown when some answer could still reach it.

A conclusion the scenario rules out has a shortest answer: the fewest facts of the scenario
that rule out every way to it (:meth:`WhyNot.ruled_out_by`). The text leads with them and, by
default, leaves out the rules written for other company types (``detail="full"`` and the JSON
keep every rule).

>>> from rightsrules import assess
>>> advice = assess({"company": {"name": "Example Mobile", "type": "mobile_network_operator",
...                              "licensed": False}})
>>> report = advice.why_not("leverage:government_licence")
>>> [(f.condition, f.value) for f in report.false_conditions()]
[('company.licensed = true', False)]
>>> report.ruled_out_by()
{'company.licensed': False}
"""

from __future__ import annotations

import itertools
from collections.abc import Iterable, Iterator, Mapping
from typing import TYPE_CHECKING, Any
from typing import Literal as Choice

import attrs

from .. import _json
from ..conditions import Literal, Op, Truth
from ..errors import ExplanationError, UnknownConclusionError
from ..i18n import in_language_of
from ..scenario import FactValue
from ..vocabulary import FIELDS
from ._report import TextAndJson

if TYPE_CHECKING:
    from ..advice import Advice
    from ..evidence import Evidence
    from ..knowledge import KnowledgeBase

__all__ = ["DETAILS", "Attempt", "Failure", "WhyNot", "why_not"]

Detail = Choice["short", "full"]
#: The detail levels of the text: the short answer for this scenario, or every rule.
DETAILS: tuple[str, ...] = ("short", "full")

#: The path whose value decides which rules a scenario's company is subject to.
_COMPANY_TYPE = "company.type"
#: At most this many candidate sets of facts are kept per report while looking for the smallest.
_MAX_CANDIDATES = 64


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
    #: The condition itself, for wording it (``None`` when built by hand).
    literal: Literal | None = attrs.field(default=None, repr=False, eq=False)

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

    @property
    def other_company_type(self) -> bool:
        """True when the scenario's ``company.type`` rules this alternative out: it is written
        for companies of another type."""
        return any(
            f.path == _COMPANY_TYPE and f.truth is Truth.FALSE and not f.assumed
            for f in self.failures
        )

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
            "other_company_type": self.other_company_type,
        }


@attrs.frozen
class WhyNot(TextAndJson):
    """Why a conclusion is not in the advice. ``truth`` is ``UNKNOWN`` when answering what the
    scenario leaves open could still reach it, ``FALSE`` when the scenario rules it out."""

    conclusion: str
    title: str
    truth: Truth
    attempts: tuple[Attempt, ...]
    #: The language of its texts: that of the advice it explains.
    language: str = attrs.field(default="en", kw_only=True)
    #: The journal's events behind the facts that rule the conclusion out, when a campaign
    #: journal gave them (directly, or through the rules that derive facts from its history).
    evidence: tuple[Evidence, ...] = attrs.field(default=(), kw_only=True)

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

    def ruled_out_by(self) -> dict[str, FactValue]:
        """The fewest facts of the scenario that together rule out every way to the
        conclusion, nested conclusions included, in the vocabulary's order; empty when the
        conclusion is still open (or only unreachable conclusions stand in its way).

        Facts filled by a default do not count: answering could change them. Among sets of
        the same size, the one whose facts come first in the vocabulary is chosen. (The search
        keeps the 64 smallest candidate sets of each conclusion, far more than the built-in
        rules need; past that the set is small, but may not be the smallest.)
        """
        if self.truth is not Truth.FALSE:
            return {}
        best = _ruled_out_sets(self, {})[0]
        values = {f.path: f.value for f in self.false_conditions() if f.value is not None}
        return {path: values[path] for path in sorted(best, key=_path_order)}

    def to_dict(self) -> dict[str, Any]:
        data = {
            "conclusion": self.conclusion,
            "title": self.title,
            "status": self.truth.value,
            "rules": [attempt.to_dict() for attempt in self.attempts],
            "ruled_out_by": {
                path: list(value) if isinstance(value, tuple) else value
                for path, value in self.ruled_out_by().items()
            },
        }
        if self.evidence:  # a campaign journal's events behind ruled_out_by
            data["evidence"] = [found.to_dict() for found in self.evidence]
        return data

    def to_json(self, *, indent: int | None = 2) -> str:
        return _json.dumps(self.to_dict(), indent=indent)

    @in_language_of
    def to_text(self, detail: Detail = "short") -> str:
        """The report as plain text: the facts that rule the conclusion out (or the open ones
        that could reach it), then the rules as a tree. ``detail="short"`` (the default) shows
        only what rules each alternative out and leaves out the rules for other company types;
        ``detail="full"`` shows every rule and every failed condition.
        """
        from ._why_not_text import why_not_text

        if detail not in DETAILS:
            raise ValueError(f"unknown detail {detail!r}; choose 'short' or 'full'")
        return why_not_text(self, full=detail == "full")


_FIELD_ORDER = {path: index for index, path in enumerate(FIELDS)}


def _path_order(path: str) -> tuple[int, str]:
    return (_FIELD_ORDER.get(path, len(_FIELD_ORDER)), path)


def _set_order(facts: frozenset[str]) -> tuple[int, list[tuple[int, str]]]:
    return len(facts), sorted(map(_path_order, facts))


def _smallest(candidates: Iterable[frozenset[str]]) -> list[frozenset[str]]:
    """The candidates no other one is a proper subset of, smallest first, at most
    ``_MAX_CANDIDATES`` of them."""
    kept: list[frozenset[str]] = []
    for candidate in sorted(set(candidates), key=_set_order):
        if not any(other <= candidate for other in kept):
            kept.append(candidate)
    return kept[:_MAX_CANDIDATES]


def _attempt_ruled_out_sets(
    attempt: Attempt, memo: dict[str, list[frozenset[str]]]
) -> list[frozenset[str]]:
    """The smallest sets of scenario paths whose values rule this alternative out (none
    when it is open)."""
    if attempt.open:
        return []
    found: list[frozenset[str]] = []
    for failure in attempt.failures:
        if failure.truth is not Truth.FALSE or failure.assumed:
            continue
        if failure.path is not None:
            found.append(frozenset({failure.path}))
        elif failure.why_not is None:
            found.append(frozenset())  # a conclusion no rule can reach here
        else:
            found.extend(_ruled_out_sets(failure.why_not, memo))
    return _smallest(found)


def _ruled_out_sets(report: WhyNot, memo: dict[str, list[frozenset[str]]]) -> list[frozenset[str]]:
    """The smallest sets of scenario paths whose values rule out every alternative of every
    rule of a report the scenario rules out."""
    if report.conclusion not in memo:
        combined = [frozenset[str]()]
        for attempt in report.attempts:
            ways = _attempt_ruled_out_sets(attempt, memo)
            combined = _smallest(a | b for a, b in itertools.product(combined, ways))
        memo[report.conclusion] = combined
    return memo[report.conclusion]


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
    report = _Analysis(kb, advice.understood.facts(), frozenset(advice.ids), assumed).report(
        conclusion_id
    )
    if advice.evidence:
        from ..evidence import behind

        report = attrs.evolve(report, evidence=behind(advice, report.ruled_out_by()))
    return report if advice.language == "en" else attrs.evolve(report, language=advice.language)


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
                return Failure(literal.describe(), Truth.FALSE, conclusion=cid, literal=literal)
            inner = self.report(cid)
            return Failure(
                literal.describe(), inner.truth, conclusion=cid, why_not=inner, literal=literal
            )
        actual = self.facts.get(literal.path)
        if actual is None:
            return Failure(literal.describe(), Truth.UNKNOWN, path=literal.path, literal=literal)
        return Failure(
            literal.describe(),
            Truth.FALSE,
            path=literal.path,
            value=actual,
            assumed=literal.path in self.assumed,
            literal=literal,
        )
