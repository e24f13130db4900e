"""What if: change some facts of a scenario, re-assess, and see what the advice gains, loses
and re-ranks, each change explained.

>>> from rightsrules import ReferenceEvaluator
>>> base = {"company": {"name": "Example Mobile", "type": "mobile_network_operator"}}
>>> result = what_if(base, {"company.licensed": False}, evaluator=ReferenceEvaluator())
>>> result.removed
('leverage:government_licence',)
>>> result.reasons_removed["leverage:government_licence"].false_conditions()[0].value
False
"""

from __future__ import annotations

import difflib
import os
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

import attrs

from .. import _json
from ..conditions import format_value
from ..engines import Evaluator, default_evaluator
from ..errors import Problem, ScenarioError
from ..i18n import _, in_language_of
from ..knowledge import KnowledgeBase, load_knowledge_base
from ..scenario import FactValue, Scenario, as_scenario
from ..vocabulary import FIELDS
from ._reassess import evaluator_for, places_in_common, reassess
from ._report import TextAndJson
from ._why_not_text import failure_line
from .how import Proof
from .why_not import WhyNot

if TYPE_CHECKING:
    from ..advice import Advice

__all__ = ["RankChange", "WhatIf", "check_changes", "what_if"]


@attrs.frozen
class RankChange:
    """A conclusion in both advices that moved against the others in both, or whose ranking
    score changed. ``before`` and ``after`` are its ranks within its kind; a conclusion that
    only shifts because others were added or removed above it is not a rank change."""

    id: str
    kind: str
    before: int
    after: int
    score_before: int
    score_after: int

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "kind": self.kind,
            "before": self.before,
            "after": self.after,
            "score_before": self.score_before,
            "score_after": self.score_after,
        }


@attrs.frozen
class WhatIf(TextAndJson):
    """The advice before and after a change of facts, and what the change did.

    ``added`` (in the new advice's order) each have their proof in ``proofs_added``;
    ``removed`` (in the old advice's order) each have the reasons they no longer hold in
    ``reasons_removed``.
    """

    changes: Mapping[str, FactValue | None]
    before: Advice = attrs.field(repr=False)
    after: Advice = attrs.field(repr=False)
    added: tuple[str, ...]
    removed: tuple[str, ...]
    rank_changes: tuple[RankChange, ...]
    proofs_added: Mapping[str, Proof] = attrs.field(repr=False)
    reasons_removed: Mapping[str, WhyNot] = attrs.field(repr=False)

    @property
    def changed(self) -> bool:
        return bool(self.added or self.removed or self.rank_changes)

    @property
    def language(self) -> str:
        """The language of its texts: that of the advice after the change."""
        return self.after.language

    def to_dict(self) -> dict[str, Any]:
        return {
            "changes": {
                path: list(value) if isinstance(value, tuple) else value
                for path, value in self.changes.items()
            },
            "added": list(self.added),
            "removed": list(self.removed),
            "rank_changes": [change.to_dict() for change in self.rank_changes],
            "explanations": {
                "added": {cid: proof.to_dict() for cid, proof in self.proofs_added.items()},
                "removed": {cid: why.to_dict() for cid, why in self.reasons_removed.items()},
            },
            "rules_version": self.after.rules_version,
        }

    def to_json(self, *, indent: int | None = 2) -> str:
        return _json.dumps(self.to_dict(), indent=indent)

    @in_language_of
    def to_text(self) -> str:
        unknown = _("unknown")
        shown = ", ".join(
            f"{path} = {unknown if value is None else format_value(value)}"
            for path, value in self.changes.items()
        )
        lines = [_("What if {changes}?").format(changes=shown), ""]
        if not self.changed:
            lines.append(_("The advice would not change."))
        lines += self._section(_("Added ({count}):"), self.added, self._added_lines)
        lines += self._section(_("Removed ({count}):"), self.removed, self._removed_lines)
        if self.rank_changes:
            lines += [_("Ranking changes:")]
            for change in self.rank_changes:
                score = (
                    " "
                    + _("(score {before} -> {after})").format(
                        before=change.score_before, after=change.score_after
                    )
                    if change.score_before != change.score_after
                    else ""
                )
                lines.append(f"  {change.id}: {change.before} -> {change.after}{score}")
            lines.append("")
        return "\n".join(lines).rstrip("\n") + "\n"

    def _section(self, heading: str, ids: tuple[str, ...], body: Any) -> list[str]:
        if not ids:
            return []
        lines = [heading.format(count=len(ids)), ""]
        for cid in ids:
            lines += body(cid)
            lines.append("")
        return lines

    def _added_lines(self, cid: str) -> list[str]:
        proof = self.proofs_added[cid]
        lines = [f"+ {cid}: {proof.root.title}"]
        for justification in proof.root.justifications:
            because = _("because ({rule}): {because}").format(
                rule=justification.rule, because=justification.because
            )
            lines.append(f"    {because}")
        return lines

    def _removed_lines(self, cid: str) -> list[str]:
        """What broke in the rules that concluded it before the change."""
        report = self.reasons_removed[cid]
        lines = [f"- {cid}: {report.title}"]
        held_by = {derivation.rule for derivation in self.before[cid].derivations}
        attempts = [a for a in report.attempts if a.rule in held_by] or list(report.attempts)
        for attempt in attempts:
            for failure in attempt.failures:
                if failure.conclusion is not None:
                    what = _("no longer concluded: {conclusion}").format(
                        conclusion=failure.conclusion
                    )
                else:  # worded as why-not words it: never "is unknown" beside a value given
                    what = failure_line(failure)
                line = "    " + _("rule {rule}: {what}").format(rule=attempt.rule, what=what)
                if line not in lines:
                    lines.append(line)
        return lines


def check_changes(changes: Mapping[str, Any]) -> dict[str, FactValue | None]:
    """Validate changes path by path: each problem names its path.

    >>> check_changes({"company.publicly_traded": True, "company.size": None})
    {'company.publicly_traded': True, 'company.size': None}
    >>> check_changes({"company.sise": "large"})
    Traceback (most recent call last):
    ...
    rightsrules.errors.ScenarioError: company.sise: unknown scenario path (did you mean ...)
    """
    checked: dict[str, FactValue | None] = {}
    problems: list[Problem] = []
    for path, value in changes.items():
        field = FIELDS.get(path)
        if field is None:
            close = difflib.get_close_matches(str(path), list(FIELDS), n=1, cutoff=0.6)
            message = (
                _("unknown scenario path (did you mean {path}?)").format(path=repr(close[0]))
                if close
                else _("unknown scenario path")
            )
            problems.append(Problem(message, key=str(path)))
            continue
        if value is None:
            if field.required:
                message = _("is required and cannot be made unknown")
                problems.append(Problem(message, key=path))
            else:
                checked[path] = None
            continue
        probe: dict[str, Any] = {"company": {"name": "probe", "type": "other"}}
        probe.setdefault(field.section, {})[field.key] = (
            list(value) if isinstance(value, tuple | list) else value
        )
        try:
            checked[path] = Scenario.from_dict(probe).get(path)
        except ScenarioError as exc:
            problems.extend(attrs.evolve(p, key=path) for p in exc.problems)
    if problems:
        raise ScenarioError(problems)
    return checked


def what_if(
    scenario: Advice | Scenario | Mapping[str, Any] | os.PathLike[str],
    changes: Mapping[str, Any],
    knowledge_base: KnowledgeBase | None = None,
    *,
    evaluator: Evaluator | None = None,
) -> WhatIf:
    """Assess ``scenario`` with ``changes`` applied (``{path: value}``, ``None`` makes a path
    unknown) and compare with the advice without them.

    ``scenario`` may be an :class:`~rightsrules.Advice` already computed: its knowledge base
    and engine are then reused.
    """
    from ..advice import Advice

    checked = check_changes(changes)
    if isinstance(scenario, Advice):
        before = scenario
        kb = knowledge_base or before.knowledge_base
        engine = evaluator_for(before, evaluator)
    else:
        kb = knowledge_base or load_knowledge_base()
        engine = evaluator or default_evaluator()
        before = reassess(kb, as_scenario(scenario), engine)
    changed_scenario = before.scenario.with_values(checked)
    after = reassess(kb, changed_scenario, engine)
    if before.evidence:  # a journal's events still stand behind the facts not changed
        kept = {path: found for path, found in before.evidence.items() if path not in checked}
        after = attrs.evolve(after, evidence=kept)
    return compare(before, after, checked)


def compare(before: Advice, after: Advice, changes: Mapping[str, FactValue | None]) -> WhatIf:
    """What changed between two advices."""
    added = tuple(cid for cid in after.ids if cid not in before)
    removed = tuple(cid for cid in before.ids if cid not in after)
    rank_changes = _rank_changes(before, after)
    return WhatIf(
        changes=dict(changes),
        before=before,
        after=after,
        added=added,
        removed=removed,
        rank_changes=rank_changes,
        proofs_added={cid: after.explain(cid) for cid in added},
        reasons_removed={cid: after.why_not(cid) for cid in removed},
    )


def _rank_changes(before: Advice, after: Advice) -> tuple[RankChange, ...]:
    old, new = places_in_common(before, after), places_in_common(after, before)
    return tuple(
        RankChange(c.id, c.kind, before[c.id].rank, c.rank, before[c.id].score, c.score)
        for c in after.conclusions
        if c.id in before and (old[c.id] != new[c.id] or before[c.id].score != c.score)
    )
