"""Rather than: why the advice gives one conclusion rather than another.

:func:`rather_than` answers "why A rather than B?" for a conclusion A of the advice:

- when B is **not advised**: A's proof in short (the rules that reached it and the facts they
  rested on) and B's failed conditions from :func:`~rightsrules.explain.why_not`, in short,
  then the smallest sets of changes to the scenario that would make B advised;
- when both are advised and A **ranks above** B (two conclusions of one kind): the ranking
  rules that separate them (each with its weight for A and for B, and its reason), the order
  rule that decides when their scores tie (the catalogue's order; for steps, the phase
  first), then the smallest sets of changes to the scenario after which B ranks above A.

For an absent B the change sets are :func:`~rightsrules.explain.minimal.minimal_changes`
(those that make B advised, at most ``max_changes`` paths each: by default theirs,
:data:`~rightsrules.explain.minimal.DEFAULT_MAX_SIZE`). For a rank they are searched
here, exactly, over the paths that can move A or B: those the ranking rules that weigh A or B
read, with the defaults and chained conclusions they rest on. Every set of up to
``max_changes`` changes (by default :data:`MAX_CHANGES`) is tried, smallest first, and kept
when no smaller one it contains works; a set that makes a combination
``facts/constraints.yaml`` rules out is never tried.
Each path is tried with the answers :func:`~rightsrules.explain.questions.probe_values` gives
and, when known and not required, unknown. ``complete`` is true when the search covered every
set of changes over those paths (there were no more paths than ``max_changes`` and the search
was not cut at ``max_tries`` assessments): then every minimal change set is listed.

>>> from rightsrules import ReferenceEvaluator, assess
>>> advice = assess({"company": {"name": "Example Mobile", "type": "mobile_network_operator"}},
...                 evaluator=ReferenceEvaluator())
>>> answer = rather_than(advice, "strategy:private_advocacy", "strategy:public_advocacy")
>>> answer.case
'ranked'
>>> [(s.rule, s.weight_a, s.weight_b) for s in answer.separating]
[('rank.momentum-before-pressure', 30, 0), ('rank.momentum-public-advocacy-waits', 0, -20)]
"""

from __future__ import annotations

import itertools
from collections.abc import Callable, Iterable, Mapping, Sequence
from typing import TYPE_CHECKING, Any

import attrs

from .. import _json
from ..conditions import Op, literals
from ..constraints import Constraint, broken, load_constraints
from ..engines import Evaluator, evaluator_named
from ..errors import ExplanationError
from ..escape import markdown
from ..i18n import _
from ..knowledge import KnowledgeBase
from ..rules import RuleKind
from ..scenario import FactValue
from ..vocabulary import FIELDS, WITHIN_REACH
from ..wording import describe_premise
from ._minimal_text import change_words, join_words
from ._reassess import reassess
from ._report import TextAndJson
from .minimal import (
    DEFAULT_MAX_SIZE,
    DIFFERS,
    FIND_OUT,
    WITHIN_REACH_KIND,
    Change,
    _check_constraints,
    minimal_changes,
)
from .questions import _named_values, probe_values
from .why_not import WhyNot

if TYPE_CHECKING:
    from ..advice import Advice, Derivation

__all__ = [
    "MAX_CHANGES",
    "MAX_TRIES",
    "NOT_ADVISED",
    "RANKED",
    "RatherThan",
    "Separation",
    "change",
    "rather_than",
]

#: The case of an answer: B is not advised, or both are and A ranks above B.
NOT_ADVISED = "not_advised"
RANKED = "ranked"
#: The most changes in one set the search tries.
MAX_CHANGES = 2
#: The most assessments one search makes before it stops (``complete`` is then false).
MAX_TRIES = 4000


def change(path: str, before: FactValue | None, after: FactValue | None) -> Change:
    """A :class:`~rightsrules.explain.minimal.Change`, with the kind the minimal changes
    give it: within the organisation's reach, something to find out, or something that would
    have to differ.

    >>> change("company.publicly_traded", None, True).kind
    'find_out'
    """
    if path in WITHIN_REACH:
        return Change(path, before, after, WITHIN_REACH_KIND)
    return Change(path, before, after, FIND_OUT if before is None else DIFFERS)


def _set_off(lines: list[str]) -> list[str]:
    """The lines with a blank line between a list and the paragraph before or after it."""
    shown: list[str] = []
    for line in lines:
        item = line.startswith(("- ", "  "))
        if line and shown and shown[-1] and item != shown[-1].startswith(("- ", "  ")):
            shown.append("")
        shown.append(line)
    return shown


def _markdown_line(line: str) -> str:
    """A line of the text as Markdown: an indented item as a list item, the rest escaped."""
    stripped = line.lstrip()
    if stripped.startswith("- "):
        return f"- {markdown(stripped[2:])}"
    if line.startswith("    "):
        return f"  {markdown(stripped)}"
    if line.startswith("  "):
        return f"- {markdown(stripped)}"
    return markdown(line)


def _weight(weight: int) -> str:
    return f"{weight:+d}" if weight else "nothing"


@attrs.frozen
class Separation:
    """A ranking rule that weighs A and B differently: its weight for each (0 when it does not
    weigh one) and its reason."""

    rule: str
    weight_a: int
    weight_b: int
    because: str

    def to_dict(self) -> dict[str, Any]:
        return {
            "rule": self.rule,
            "weight_a": self.weight_a,
            "weight_b": self.weight_b,
            "because": self.because,
        }


@attrs.frozen
class RatherThan(TextAndJson):
    """Why the advice gives A rather than B (see the module's notes). ``proof`` is A's proof
    in short, one line per rule; ``why_not`` is B's report when B is not advised; for a rank,
    ``separating`` and ``tie`` say what orders them. ``changes`` are the minimal change sets
    that would swap them."""

    a: str
    a_title: str
    b: str
    b_title: str
    case: str
    proof: tuple[str, ...]
    changes: tuple[tuple[Change, ...], ...]
    complete: bool
    why_not: WhyNot | None = attrs.field(default=None, repr=False)
    #: A's derivations (rule and premises each), as the advice's JSON gives them.
    derivations: tuple[Derivation, ...] = ()
    rank_a: int | None = None
    rank_b: int | None = None
    score_a: int | None = None
    score_b: int | None = None
    separating: tuple[Separation, ...] = ()
    tie: str | None = None

    def to_dict(self) -> dict[str, Any]:
        data: dict[str, Any] = {
            "a": self.a,
            "b": self.b,
            "case": self.case,
            "proof": [derivation.to_dict() for derivation in self.derivations],
        }
        if self.case == NOT_ADVISED:
            assert self.why_not is not None
            data["why_not"] = self.why_not.to_dict()
        else:
            data.update(
                rank_a=self.rank_a,
                rank_b=self.rank_b,
                score_a=self.score_a,
                score_b=self.score_b,
                separating=[s.to_dict() for s in self.separating],
                tie=self.tie,
            )
        data["changes"] = [[change.to_dict() for change in group] for group in self.changes]
        data["complete"] = self.complete
        return data

    def to_json(self, *, indent: int | None = 2) -> str:
        return _json.dumps(self.to_dict(), indent=indent)

    def to_text(self) -> str:
        lines = [
            _("Why {a_title} rather than {b_title}?").format(
                a_title=self.a_title, b_title=self.b_title
            ),
            "",
        ]
        lines.append(_("{a_title} is advised:").format(a_title=self.a_title))
        lines += [f"  {line}" for line in self.proof]
        lines.append("")
        if self.case == NOT_ADVISED:
            lines += self._not_advised_lines()
            swap = _("would make {b_title} advised").format(b_title=self.b_title)
        else:
            lines += self._ranked_lines()
            swap = _("would put {b_title} above {a_title}").format(
                b_title=self.b_title, a_title=self.a_title
            )
        lines.append("")
        lines += self._change_lines(swap)
        return "\n".join(lines) + "\n"

    def render(self, format: str = "text") -> str:
        """The answer as ``text``, ``markdown`` or ``json``."""
        if format == "markdown":
            return self.to_markdown()
        return super().render(format)

    def to_markdown(self) -> str:
        """The answer as Markdown: the text's parts under headings, ids as code, the texts of
        the rules and the scenario escaped."""
        a, b = markdown(self.a_title), markdown(self.b_title)
        lines = [
            _("# Why {a} rather than {b}?").format(a=a, b=b),
            "",
            _("**{a}** (`{id}`) is advised:").format(a=a, id=self.a),
            "",
        ]
        lines += [f"- {markdown(line)}" for line in self.proof]
        lines.append("")
        body = self._not_advised_lines() if self.case == NOT_ADVISED else self._ranked_lines()
        lines += [_markdown_line(line) for line in body]
        lines.append("")
        swap = (
            _("would make {b} advised").format(b=b)
            if self.case == NOT_ADVISED
            else _("would put {b} above {a}").format(b=b, a=a)
        )
        lines += [_("## What would swap them"), ""]
        lines += [_markdown_line(line) for line in self._change_lines(swap)]
        return "\n".join(_set_off(lines)) + "\n"

    def _not_advised_lines(self) -> list[str]:
        from ._why_not_text import answer

        assert self.why_not is not None
        lines = [
            _("{b_title} is not advised. {value}").format(
                b_title=self.b_title, value=answer(self.why_not)
            )
        ]
        rules = dict.fromkeys(
            (attempt.rule, attempt.title)
            for attempt in self.why_not.attempts
            if not attempt.other_company_type
        )
        if rules:
            lines.append(_("The rules that could reach it (why-not gives each failed condition):"))
            lines += [f"  {rule}: {title}" for rule, title in rules]
        return lines

    def _ranked_lines(self) -> list[str]:
        lines = [
            _(
                "Both are advised: {a_title} ranks {rank_a} (score {score_a}), "
                "{b_title} ranks {rank_b} (score {score_b})."
            ).format(
                a_title=self.a_title,
                rank_a=self.rank_a,
                score_a=self.score_a,
                b_title=self.b_title,
                rank_b=self.rank_b,
                score_b=self.score_b,
            )
        ]
        if self.separating:
            lines.append(_("The ranking rules that weigh them differently:"))
            for item in self.separating:
                lines.append(
                    f"  {item.rule}: {_weight(item.weight_a)} for {self.a_title}, "
                    f"{_weight(item.weight_b)} for {self.b_title}."
                )
                lines.append(f"    {item.because}")
        if self.tie == "phase":
            lines.append(
                _(
                    "{a_title} belongs to an earlier phase of the engagement; ranking "
                    "moves a step within its phase, never past a step of an earlier one."
                ).format(a_title=self.a_title)
            )
        elif self.tie == "catalogue":
            lines.append(
                _(
                    "Their scores tie, so the order of the catalogue of conclusions "
                    "decides: {a_title} comes first there."
                ).format(a_title=self.a_title)
            )
        return lines

    def _change_lines(self, swap: str) -> list[str]:
        if not self.changes and self.complete:
            return [_("No change to the scenario {swap}.").format(swap=swap)]
        if not self.changes:
            lines = [_("No set of changes the search tried {swap}.").format(swap=swap)]
        else:
            lines = [_("The smallest changes that {swap}:").format(swap=swap)]
            lines += [
                "  - " + join_words([change_words(c) for c in group]) for group in self.changes
            ]
        if not self.complete:
            lines.append(_("The search stopped at its bound: there may be other, larger sets."))
        return lines


def rather_than(
    advice: Advice,
    a: str,
    b: str,
    *,
    evaluator: Evaluator | None = None,
    max_changes: int | None = None,
    max_tries: int = MAX_TRIES,
) -> RatherThan:
    """Why ``advice`` gives ``a`` rather than ``b`` (see the module's notes).

    Raises :class:`~rightsrules.UnknownConclusionError` for an id the knowledge base does
    not know, :class:`~rightsrules.ScenarioError` for a scenario that breaks a constraint of
    ``facts/constraints.yaml``, and :class:`~rightsrules.ExplanationError` when the question
    does not apply:
    ``a`` is not advised, ``a`` and ``b`` are the same, both are advised but of different
    kinds, or ``b`` ranks above ``a``. The search re-assesses with ``evaluator``, by default
    the indexed evaluator (the same firings as every engine, and the fastest).
    """
    kb = advice.knowledge_base
    a_info, b_info = kb.conclusion(a), kb.conclusion(b)
    if a == b:
        raise ExplanationError(_("{a!r} is compared with itself; name two conclusions").format(a=a))
    if a not in advice:
        raise ExplanationError(_("{a!r} is not in this advice; why-not says why").format(a=a))
    engine = evaluator or evaluator_named("indexed")
    # A scenario that breaks a constraint has no minimal changes: said as minimal_changes says it.
    _check_constraints(load_constraints(), advice.scenario.facts())
    proof = _proof(advice, a)
    if b not in advice:
        report = advice.why_not(b)
        bound = DEFAULT_MAX_SIZE if max_changes is None else max_changes
        found = minimal_changes(kb, advice.scenario, b, max_size=bound)
        changes, complete = found.changes, found.complete
        return RatherThan(
            a,
            a_info.title,
            b,
            b_info.title,
            NOT_ADVISED,
            proof,
            changes,
            complete,
            report,
            advice[a].derivations,
        )
    first, second = advice[a], advice[b]
    if first.kind != second.kind:
        raise ExplanationError(
            _(
                "{a!r} and {b!r} are both advised, but they are of different kinds "
                "({kind}, {kind2}): the advice lists kinds apart and ranks within each"
            ).format(a=a, b=b, kind=first.kind, kind2=second.kind)
        )
    if advice.ids.index(b) < advice.ids.index(a):
        raise ExplanationError(
            _("{b!r} ranks above {a!r}; ask why {b!r} rather than {a!r}").format(b=b, a=a)
        )
    weights_a = {r.rule: r.weight for r in first.rank_reasons}
    weights_b = {r.rule: r.weight for r in second.rank_reasons}
    separating = tuple(
        sorted(
            (
                Separation(
                    rule, weights_a.get(rule, 0), weights_b.get(rule, 0), kb.rule(rule).because
                )
                for rule in dict.fromkeys([*weights_a, *weights_b])
                if weights_a.get(rule, 0) != weights_b.get(rule, 0)
            ),
            key=lambda s: s.weight_b - s.weight_a,
        )
    )
    tie = None
    if _phase(kb, a) != _phase(kb, b):
        tie = "phase"
    elif first.score == second.score:
        tie = "catalogue"
    # A step of an earlier phase stays ahead whatever the scenario says: nothing to search.
    paths = [] if tie == "phase" else _ranking_paths(kb, (a, b))

    def swapped(after: Advice) -> bool:
        return a in after and b in after and after.ids.index(b) < after.ids.index(a)

    bound = MAX_CHANGES if max_changes is None else max_changes
    changes, complete = _search(advice, paths, swapped, engine, bound, max_tries)
    return RatherThan(
        a,
        a_info.title,
        b,
        b_info.title,
        RANKED,
        proof,
        changes,
        complete,
        derivations=first.derivations,
        rank_a=first.rank,
        rank_b=second.rank,
        score_a=first.score,
        score_b=second.score,
        separating=separating,
        tie=tie,
    )


def _proof(advice: Advice, cid: str) -> tuple[str, ...]:
    """A's proof in short: for each rule that reached it, its title and the facts (and
    conclusions) it rested on."""
    kb = advice.knowledge_base
    lines = []
    for derivation in advice[cid].derivations:
        rule = kb.rule(derivation.rule)
        grounds = [
            kb.conclusion(p.conclusion).title if p.conclusion else describe_premise(p)
            for p in derivation.premises
        ]
        lines.append(f"rule {rule.id} ({rule.title}), from {'; '.join(grounds)}")
    return tuple(lines)


def _phase(kb: KnowledgeBase, cid: str) -> str | None:
    return kb.conclusion(cid).phase if cid.startswith("step:") else None


def _paths_read(kb: KnowledgeBase, rules: Iterable[Any], seen: set[str]) -> dict[str, None]:
    """The scenario paths the rules read, through the conclusions they chain on and the
    defaults that fill what they read."""
    found: dict[str, None] = {}
    todo = list(rules)
    defaults = kb.rules_of(RuleKind.ASSUME)
    while todo:
        rule = todo.pop()
        for literal in literals(rule.when):
            if literal.op is Op.CONCLUDED:
                if literal.conclusion not in seen:
                    seen.add(literal.conclusion)
                    todo.extend(kb.rules_concluding(literal.conclusion))
            elif literal.path not in found:
                found[literal.path] = None
                todo.extend(d for d in defaults if any(p == literal.path for p, _ in d.assume))
    return found


def _reaching_paths(kb: KnowledgeBase, cid: str) -> list[str]:
    return _in_order(_paths_read(kb, kb.rules_concluding(cid), {cid}))


def _ranking_paths(kb: KnowledgeBase, ids: Sequence[str]) -> list[str]:
    ranking = [
        rule for rule in kb.rules_of(RuleKind.RANK) if any(cid in ids for cid, _ in rule.rank)
    ]
    return _in_order(_paths_read(kb, ranking, set()))


def _in_order(paths: Iterable[str]) -> list[str]:
    order = {path: i for i, path in enumerate(FIELDS)}
    return sorted(paths, key=lambda p: order.get(p, len(order)))


def _search(
    advice: Advice,
    paths: Sequence[str],
    holds: Callable[[Advice], bool],
    engine: Evaluator,
    max_changes: int,
    max_tries: int,
) -> tuple[tuple[tuple[Change, ...], ...], bool]:
    """Every subset-minimal set of up to ``max_changes`` changes over ``paths`` after which
    ``holds`` is true of the re-assessed advice, smallest first; and whether the search
    covered every set over those paths."""
    kb = advice.knowledge_base
    scenario = advice.scenario
    named = _named_values(kb)
    constraints = load_constraints()
    options: dict[str, list[FactValue | None]] = {}
    for path in paths:
        field = FIELDS[path]
        now = scenario.get(path)
        values: list[FactValue | None] = [
            v for v in probe_values(field, named.get(path, [])) if v != now
        ]
        if now is not None and not field.required:
            values.append(None)
        if values:
            options[path] = values
    found: list[Mapping[str, FactValue | None]] = []
    tries = 0
    usable = list(options)
    for size in range(1, min(max_changes, len(usable)) + 1):
        for chosen in itertools.combinations(usable, size):
            for picked in itertools.product(*(options[p] for p in chosen)):
                candidate = dict(zip(chosen, picked, strict=True))
                if any(all(candidate.get(p, _ABSENT) == v for p, v in f.items()) for f in found):
                    continue
                changed = scenario.with_values(candidate)
                if _impossible(constraints, changed.facts()):
                    continue
                if tries >= max_tries:
                    return _changes(scenario, found), False
                tries += 1
                if holds(reassess(kb, changed, engine)):
                    found.append(candidate)
    return _changes(scenario, found), len(usable) <= max_changes


_ABSENT = object()


def _impossible(constraints: Sequence[Constraint], facts: Mapping[str, FactValue]) -> bool:
    """Whether the facts make a combination ``facts/constraints.yaml`` rules out."""
    return bool(broken(constraints, facts))


def _changes(
    scenario: Any, found: Sequence[Mapping[str, FactValue | None]]
) -> tuple[tuple[Change, ...], ...]:
    return tuple(
        tuple(change(path, scenario.get(path), value) for path, value in group.items())
        for group in found
    )
