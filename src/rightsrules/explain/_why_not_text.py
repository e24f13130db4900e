"""The text of a why-not report: the answer first, then the rules as a tree.

The short text (the default) shows, for each alternative the scenario rules out, one condition
that rules it out (one of the facts of :meth:`~rightsrules.explain.WhyNot.ruled_out_by` where
the conclusion is ruled out), and leaves out the rules written for other company types. The
full text shows every rule and every failed condition.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterable
from typing import Any

from ..conditions import Op, Truth, format_value
from ..i18n import _ as translate
from ..i18n import in_language_of, ngettext
from ..i18n.formatting import join_list
from ..scenario import FactValue
from .render import tree_lines
from .why_not import (
    _COMPANY_TYPE,
    Attempt,
    Failure,
    WhyNot,
    _attempt_ruled_out_sets,
    _ruled_out_sets,
)

__all__ = ["why_not_text"]

_Tree = tuple[list[str], list[Any]]


@in_language_of
def why_not_text(report: WhyNot, *, full: bool) -> str:
    """The report as plain text (see the module's docstring)."""
    writer = _Writer(full)
    tree = writer.top(report)
    heading = translate("Why not {conclusion}: {title}").format(
        conclusion=report.conclusion, title=report.title
    )
    lines = [heading, "", *tree_lines(*tree)]
    if writer.left_out:
        count = len(writer.left_out)
        if writer.company_type:
            left_out = ngettext(
                "Left out: {count} rule for company types other than {type} "
                "(--detail full shows every rule).",
                "Left out: {count} rules for company types other than {type} "
                "(--detail full shows every rule).",
                count,
            )
        else:
            left_out = ngettext(
                "Left out: {count} rule for company types (--detail full shows every rule).",
                "Left out: {count} rules for company types (--detail full shows every rule).",
                count,
            )
        lines += ["", left_out.format(count=count, type=writer.company_type)]
    if report.evidence:
        lines += ["", translate("From the campaign journal:")]
        lines += [f"  - {_fact(e.path, e.value)}: {e.text}" for e in report.evidence]
    return "\n".join(lines) + "\n"


def answer(report: WhyNot) -> str:
    """One line: the facts that rule the conclusion out, or those that could still reach it."""
    if report.truth is Truth.FALSE:
        facts = report.ruled_out_by()
        if not facts:
            return translate("Ruled out: a conclusion it needs cannot be reached.")
        return translate("Ruled out by the scenario: {facts}.").format(
            facts=_and(_fact(p, v) for p, v in facts.items())
        )
    open_paths = report.unknown_paths()
    if not open_paths:
        return translate("Not reached, but it could be.")
    return translate("Not reached, but it could be: the scenario leaves {paths} open.").format(
        paths=_and(open_paths)
    )


def failure_line(failure: Failure, title: str | None = None) -> str:
    """A failed condition and what the scenario has instead, in words that cannot read as
    their own contradiction ("is unknown" beside the value the scenario gives); ``title`` is
    that of the conclusion a condition on a conclusion names."""
    kind = translate("unknown") if failure.truth is Truth.UNKNOWN else translate("false")
    op = failure.literal.op if failure.literal is not None else None
    if failure.conclusion is not None:
        state = (
            translate("not reached yet")
            if failure.truth is Truth.UNKNOWN
            else translate("not reached")
        )
        named = f" ({title})" if title else ""
        return f"{kind}: {failure.condition}{named}; {state}"
    if failure.truth is Truth.UNKNOWN:
        if op is Op.KNOWN:
            return translate(
                "unknown: {path} (the scenario does not say; the rule needs it given)"
            ).format(path=failure.path)
        return translate("unknown: {condition} (the scenario does not say)").format(
            condition=failure.condition
        )
    assert failure.value is not None
    shown = format_value(failure.value)
    if op is Op.UNKNOWN:
        given = translate("filled by a default") if failure.assumed else translate("given")
        guess = failure.literal is not None and failure.literal.guess
        needs = (
            translate("the rule guesses only while it is unknown")
            if guess
            else translate("the rule needs it unknown")
        )
        return translate("false: {path} is {given} ({value}); {needs}").format(
            path=failure.path, given=given, value=shown, needs=needs
        )
    origin = " " + translate("(assumed by default)") if failure.assumed else ""
    return (
        translate("false: {condition}; the scenario has {value}").format(
            condition=failure.condition, value=shown
        )
        + origin
    )


class _Writer:
    def __init__(self, full: bool) -> None:
        self.full = full
        self.shown: set[str] = set()
        self.memo: dict[str, list[frozenset[str]]] = {}
        self.left_out: dict[str, None] = {}
        self.company_type: str | None = None

    def top(self, report: WhyNot) -> _Tree:
        self.shown.add(report.conclusion)
        chosen = frozenset(report.ruled_out_by()) if report.truth is Truth.FALSE else None
        return [answer(report)], self.attempts(report, chosen)

    def attempts(self, report: WhyNot, chosen: frozenset[str] | None) -> list[_Tree]:
        """The report's alternatives; ``chosen`` are the facts that rule the report out, when
        it is ruled out (each alternative then shows the one of them that rules it out)."""
        kept: list[Attempt] = []
        for attempt in report.attempts:
            if not self.full and attempt.other_company_type:
                self.left_out[attempt.rule] = None
                self.company_type = self.company_type or _company_type(attempt)
            else:
                kept.append(attempt)
        if self.full:
            return [self.attempt(attempt, chosen) for attempt in kept]
        trees = []
        for _, group in itertools.groupby(kept, key=lambda a: a.rule):
            alternatives = list(group)
            if len(alternatives) > 1 and not any(a.open for a in alternatives):
                trees.append(self.ruled_out_rule(alternatives, chosen))
            else:
                trees.extend(self.attempt(attempt, chosen) for attempt in alternatives)
        return trees

    def ruled_out_rule(self, alternatives: list[Attempt], chosen: frozenset[str] | None) -> _Tree:
        """Alternatives of one rule, all ruled out, as one node: what rules each out, once."""
        first = alternatives[0]
        count = first.alternatives
        label = [
            translate(
                "rule {rule}: {title} (ruled out in each of its {count} alternatives)"
            ).format(rule=first.rule, title=first.title, count=count)
        ]
        children: dict[str, _Tree] = {}
        for attempt in alternatives:
            for child in self.attempt(attempt, chosen)[1]:
                children.setdefault(child[0][0].removesuffix(_see_above()), child)
        return label, list(children.values())

    def attempt(self, attempt: Attempt, chosen: frozenset[str] | None) -> _Tree:
        which = (
            " "
            + translate("(alternative {number} of {count})").format(
                number=attempt.alternative, count=attempt.alternatives
            )
            if attempt.alternatives > 1
            else ""
        )
        rule = translate("rule {rule}").format(rule=attempt.rule) + which
        if attempt.open:
            label = [
                f"{rule}: {attempt.title}",
                translate("because: {because}").format(because=attempt.because),
                translate("guide: {sections}").format(sections=", ".join(attempt.sources)),
            ]
            children: list[_Tree] = [
                ([translate("held: {condition}").format(condition=condition)], [])
                for condition in attempt.held
            ]
            return label, children + [self.failure(f, None) for f in attempt.failures]
        label = [f"{rule}: {attempt.title} " + translate("(ruled out)")]
        if self.full:
            # What rules it out is all a reader needs: the false conditions first.
            ordered = sorted(attempt.failures, key=lambda f: f.truth is Truth.UNKNOWN)
            return label, [self.failure(f, None) for f in ordered]
        facts = chosen if chosen is not None else _attempt_ruled_out_sets(attempt, self.memo)[0]
        failure = self.ruling_out(attempt, facts)
        return label, [self.failure(failure, facts)]

    def ruling_out(self, attempt: Attempt, facts: frozenset[str]) -> Failure:
        """The first failed condition of the alternative that ``facts`` rule out, a condition
        on the scenario before one on another conclusion."""
        candidates = [
            f
            for f in attempt.failures
            if f.truth is Truth.FALSE
            and not f.assumed
            and (f.path in facts if f.path is not None else self.rules_out(f.why_not, facts))
        ]
        return min(candidates, key=lambda f: f.path is None)

    def rules_out(self, report: WhyNot | None, facts: frozenset[str]) -> bool:
        """Whether ``facts`` rule out the whole report (a missing one: a conclusion no rule
        can reach here, ruled out by nothing in particular)."""
        if report is None:
            return True
        if report.truth is not Truth.FALSE:
            return False
        return any(way <= facts for way in _ruled_out_sets(report, self.memo))

    def failure(self, failure: Failure, facts: frozenset[str] | None) -> _Tree:
        inner = failure.why_not
        line = failure_line(failure, None if self.full or inner is None else inner.title)
        if inner is None:
            return [line], []
        if inner.conclusion in self.shown:
            return [line + _see_above()], []
        self.shown.add(inner.conclusion)
        if self.full:
            state = (
                translate("not reached; it could be, depending on facts not given")
                if inner.truth is Truth.UNKNOWN
                else translate("not reached: the scenario rules it out")
            )
            root = ([f"{inner.conclusion}: {inner.title} ({state})"], self.attempts(inner, None))
            return [line], [root]
        chosen = facts if inner.truth is Truth.FALSE else None
        if inner.truth is Truth.FALSE and chosen is None:
            chosen = frozenset(inner.ruled_out_by())
        return [line], self.attempts(inner, chosen)


def _company_type(attempt: Attempt) -> str | None:
    for failure in attempt.failures:
        if failure.path == _COMPANY_TYPE and failure.value is not None:
            return format_value(failure.value)
    return None


def _fact(path: str, value: FactValue) -> str:
    return translate("{path} is {value}").format(path=path, value=format_value(value))


def _and(items: Iterable[str]) -> str:
    return join_list(items)


def _see_above() -> str:
    return " " + translate("(see above)")
