"""Rule impact: what a change of the rules does to the advice, scenario by scenario, and which
changed rules did it.

:func:`diff` assesses every scenario with an old and a new knowledge base and, for each, lists
the conclusions the new rules add, remove and re-rank. Each change names its *causes*: the
rules that differ between the two knowledge bases (added, removed, or changed in ``when``,
``then``, ``assume``, ``rank`` or ``priority``) and that took part in the reasoning for that
scenario:

- a conclusion **added** or **removed**: the changed rules of its proof in the advice that
  holds it (the rules that derived it, those of the conclusions it chains on, the defaults
  that filled the facts they read, and theirs), and the changed defaults of the other advice
  that filled one of those facts (a default that no longer fills a fact a rule needed
  unknown, or that now fills one it needed given);
- a conclusion **moved** (its place among the conclusions of its kind that both advices hold,
  or its score, changed): the changed ranking rules among its rank reasons in either advice
  and among those of the conclusions it changed places with; ``catalogue`` is set when the
  order or phase the catalogue of conclusions gives them changed instead.

Rules are paired by id; a rule that is gone and one that is new with the same content (all but
the id, title, ``because`` and ``sources``) are one rule *renamed*. Changes to the title,
``because`` or ``sources`` alone are listed but change no conclusion.

>>> from rightsrules import ReferenceEvaluator, load_knowledge_base
>>> kb = load_knowledge_base()
>>> impact = diff(kb, kb, [{"company": {"name": "A", "type": "isp"}}],
...               evaluator=ReferenceEvaluator())
>>> impact.changed, impact.rule_changes, len(impact.scenarios)
(0, (), 0)
>>> print(impact.to_text().splitlines()[-1])
No scenario's advice changed: 0 of 1.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Iterator, Mapping
from typing import TYPE_CHECKING, Any

import attrs

from ._rendered import Rendered
from .batch import BATCH_ENGINE, Record, RejectedRecord, assess_many
from .engines import Evaluator, evaluator_named
from .escape import markdown
from .explain._reassess import places_in_common
from .i18n import _, ngettext
from .knowledge import KnowledgeBase
from .rules import Rule

if TYPE_CHECKING:
    from .advice import Advice

__all__ = [
    "ADDED",
    "CHANGED",
    "MOVED",
    "REMOVED",
    "RENAMED",
    "ConclusionChange",
    "Impact",
    "RuleChange",
    "ScenarioImpact",
    "diff",
    "rule_changes",
]

#: What happened to a rule, or to a conclusion in one scenario's advice.
ADDED = "added"
REMOVED = "removed"
CHANGED = "changed"
RENAMED = "renamed"
MOVED = "moved"

#: The parts of a rule that change what it does, in the order they are named.
EFFECTIVE_PARTS: tuple[str, ...] = ("when", "then", "assume", "rank", "priority")
#: The parts that change only what is shown (the proof's wording and sources).
WORDING_PARTS: tuple[str, ...] = ("title", "because", "sources")


@attrs.frozen
class RuleChange:
    """A rule that differs between the old and the new rules: ``change`` is ``added``,
    ``removed``, ``changed`` (``parts`` says which) or ``renamed`` (from ``renamed_from``;
    ``parts`` then holds only the wording that differs too)."""

    rule: str
    change: str
    kind: str
    parts: tuple[str, ...] = ()
    renamed_from: str | None = None
    file: str | None = None
    line: int | None = None

    @property
    def effective(self) -> bool:
        """Whether the change can change an advice (not only its wording)."""
        if self.change in (ADDED, REMOVED):
            return True
        return any(part in EFFECTIVE_PARTS for part in self.parts)

    @property
    def where(self) -> str:
        return ":".join(str(part) for part in (self.file, self.line) if part is not None)

    def describe(self) -> str:
        """``rule X (changed: when, rank)``, as the text shows it.

        >>> RuleChange("isp.x", "changed", "conclude", ("when", "because")).describe()
        'rule isp.x (changed: when, because)'
        >>> RuleChange("rank.y", "renamed", "rank", renamed_from="rank.x").describe()
        'ranking rule rank.y (renamed from rank.x)'
        """
        forms = {
            "conclude": _("rule {rule} ({what})"),
            "assume": _("default {rule} ({what})"),
            "rank": _("ranking rule {rule} ({what})"),
        }
        parts = ", ".join(self.parts)
        if self.change == CHANGED:
            what = _("changed: {parts}").format(parts=parts)
        elif self.change == RENAMED:
            what = _("renamed from {renamed_from}").format(renamed_from=self.renamed_from)
            what += _("; changed: {parts}").format(parts=parts) if self.parts else ""
        else:
            what = {"added": _("added"), "removed": _("removed")}.get(self.change, self.change)
        return forms[self.kind].format(rule=self.rule, what=what)

    def to_dict(self) -> dict[str, Any]:
        data: dict[str, Any] = {
            "rule": self.rule,
            "change": self.change,
            "kind": self.kind,
            "parts": list(self.parts),
        }
        if self.renamed_from is not None:
            data["renamed_from"] = self.renamed_from
        data["file"] = self.file
        data["line"] = self.line
        return data


@attrs.frozen
class ConclusionChange:
    """A conclusion one scenario's advice gained (``added``), lost (``removed``) or re-ranked
    (``moved``), with the rule changes that caused it. ``before``/``after`` are its ranks
    within its kind (``None`` where it is absent) and ``score_before``/``score_after`` its
    ranking scores."""

    id: str
    title: str
    change: str
    before: int | None
    after: int | None
    score_before: int | None
    score_after: int | None
    causes: tuple[RuleChange, ...]
    #: A move the catalogue of conclusions made (their order or a step's phase changed).
    catalogue: bool = False
    #: For a move: its rank reasons (ranking rule and weight) in the old and the new advice.
    reasons_before: tuple[tuple[str, int], ...] = ()
    reasons_after: tuple[tuple[str, int], ...] = ()
    #: For a move: the conclusions of its kind it changed places with.
    passed: tuple[str, ...] = ()

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "title": self.title,
            "change": self.change,
            "before": self.before,
            "after": self.after,
            "score_before": self.score_before,
            "score_after": self.score_after,
            "causes": [cause.rule for cause in self.causes],
            "catalogue": self.catalogue,
            "rank_reasons_before": [{"rule": r, "weight": w} for r, w in self.reasons_before],
            "rank_reasons_after": [{"rule": r, "weight": w} for r, w in self.reasons_after],
            "passed": list(self.passed),
        }


@attrs.frozen
class ScenarioImpact:
    """What the new rules changed in one scenario's advice: its record number (from 1), where
    it came from, its company's name, and the conclusions added, removed and moved."""

    record: int
    name: str
    file: str | None
    line: int | None
    changes: tuple[ConclusionChange, ...]

    @property
    def where(self) -> str:
        return ":".join(str(part) for part in (self.file, self.line) if part is not None)

    def of(self, change: str) -> tuple[ConclusionChange, ...]:
        """The conclusions ``added``, ``removed`` or ``moved``."""
        return tuple(c for c in self.changes if c.change == change)

    def to_dict(self) -> dict[str, Any]:
        return {
            "record": self.record,
            "name": self.name,
            "file": self.file,
            "line": self.line,
            "added": [c.to_dict() for c in self.of(ADDED)],
            "removed": [c.to_dict() for c in self.of(REMOVED)],
            "moved": [c.to_dict() for c in self.of(MOVED)],
        }


@attrs.frozen
class Impact(Rendered):
    """The impact of a change of rules on a set of scenarios: the rule changes, the scenarios
    whose advice changed (``scenarios``, in input order), how many were assessed, and the
    records refused (not valid scenarios, left out)."""

    old_version: str
    new_version: str
    rule_changes: tuple[RuleChange, ...]
    scenarios: tuple[ScenarioImpact, ...]
    total: int
    refused: tuple[RejectedRecord, ...] = ()
    titles: Mapping[str, str] = attrs.field(factory=dict, repr=False)
    #: What the old and the new rules are called (their folders, for the command).
    labels: tuple[str, str] | None = None

    @property
    def changed(self) -> int:
        """How many scenarios' advice changed."""
        return len(self.scenarios)

    def by_conclusion(self) -> dict[str, dict[str, int]]:
        """For each conclusion that changed somewhere: in how many scenarios it was added,
        removed and moved, in the order first met."""
        counts: dict[str, dict[str, int]] = {}
        for scenario in self.scenarios:
            for change in scenario.changes:
                tally = counts.setdefault(change.id, {ADDED: 0, REMOVED: 0, MOVED: 0})
                tally[change.change] += 1
        return counts

    def to_dict(self) -> dict[str, Any]:
        named = {"old_path": self.labels[0], "new_path": self.labels[1]} if self.labels else {}
        return {
            "old_rules": self.old_version,
            "new_rules": self.new_version,
            **named,
            "rule_changes": [change.to_dict() for change in self.rule_changes],
            "summary": {
                "scenarios": self.total,
                "changed": self.changed,
                "refused": len(self.refused),
                "by_conclusion": self.by_conclusion(),
            },
            "scenarios": [scenario.to_dict() for scenario in self.scenarios],
            "refused": [error.to_dict() for error in self.refused],
        }

    # --- text ----------------------------------------------------------------------------

    def to_text(self) -> str:
        """The report as plain text: the rule changes, each changed scenario, the summary."""
        lines = [_("Rules compared: {value}").format(value=self._compared(str)), ""]
        lines += self._rule_lines("", lambda rule: rule)
        for scenario in self.scenarios:
            where = f" ({scenario.where})" if scenario.where else ""
            lines.append(
                _("Record {record}: {name}{where}").format(
                    record=scenario.record, name=scenario.name, where=where
                )
            )
            for change in scenario.changes:
                lines.append(f"  {_SIGNS[change.change]} {self._change_line(change)}")
                lines += [f"      {line}" for line in self._cause_lines(change)]
            lines.append("")
        lines += self._summary_lines("", lambda text: text)
        return "\n".join(lines) + "\n"

    def _compared(self, code: Any) -> str:
        old, new = code(self.old_version), code(self.new_version)
        if self.labels:
            old, new = f"{code(self.labels[0])} ({old})", f"{code(self.labels[1])} ({new})"
        return f"{old} -> {new}"

    def _rule_lines(self, bullet: str, code: Any) -> list[str]:
        if not self.rule_changes:
            return [_("No rule differs."), ""]
        count = len(self.rule_changes)
        lines = [
            ngettext("{count} rule differs:", "{count} rules differ:", count).format(count=count)
        ]
        for change in self.rule_changes:
            where = f" at {code(change.where)}" if change.where else ""
            described = change.describe().replace(change.rule, code(change.rule), 1)
            if change.renamed_from:
                described = described.replace(change.renamed_from, code(change.renamed_from))
            lines.append(f"{bullet or '  '}{described}{where}")
        return [*lines, ""]

    def _change_line(self, change: ConclusionChange, escape: Any = str) -> str:
        head = f"{escape(change.title)} [{change.id}]"
        if change.change == ADDED:
            return _("{head}: added (rank {after})").format(head=head, after=change.after)
        if change.change == REMOVED:
            return _("{head}: removed (was rank {before})").format(head=head, before=change.before)
        score = ""
        if change.score_before != change.score_after:
            score = _(", score {before} -> {after}").format(
                before=change.score_before, after=change.score_after
            )
        return _("{head}: rank {before} -> {after}{score}").format(
            head=head, before=change.before, after=change.after, score=score
        )

    def _cause_lines(self, change: ConclusionChange, code: Any = str) -> list[str]:
        lines = [
            _("because of ") + cause.describe().replace(cause.rule, code(cause.rule), 1)
            for cause in change.causes
        ]
        if change.change == MOVED:
            passed = [self.titles.get(cid, cid) for cid in change.passed]
            if code is not str:  # Markdown
                passed = [markdown(title) for title in passed]
            shown = ", ".join(passed[:_MAX_PASSED])
            more = (
                _(" and {count} more").format(count=len(passed) - _MAX_PASSED)
                if len(passed) > _MAX_PASSED
                else ""
            )
            lines.append(_("changed places with {shown}{more}").format(shown=shown, more=more))
            lines.append(
                _("rank reasons before: {before}; after: {after}").format(
                    before=_reasons(change.reasons_before, code),
                    after=_reasons(change.reasons_after, code),
                )
            )
        if change.catalogue:
            lines.append(_("because the catalogue of conclusions orders them differently now"))
        if not lines:
            lines.append(_("no changed rule took part (see the rule changes above)"))
        return lines

    def _summary_lines(self, bullet: str, code: Any) -> list[str]:
        refused = _("; {count} refused").format(count=len(self.refused)) if self.refused else ""
        if not self.scenarios:
            return [
                _("No scenario's advice changed: 0 of {total}{refused}.").format(
                    total=self.total, refused=refused
                )
            ]
        lines = [
            _("{changed} of {total} scenarios changed{refused}. By conclusion:").format(
                changed=self.changed, total=self.total, refused=refused
            )
        ]
        for cid, tally in self.by_conclusion().items():
            each = {"added": _("added in {count}"), "removed": _("removed in {count}")}
            counts = ", ".join(
                each.get(what, _("moved in {count}")).format(count=n)
                for what, n in tally.items()
                if n
            )
            title = self.titles.get(cid, cid)
            title = markdown(title) if bullet else title
            lines.append(f"{bullet or '  '}{title} [{code(cid)}]: {counts}")
        return lines

    # --- Markdown ------------------------------------------------------------------------

    def to_markdown(self) -> str:
        """The report as Markdown: the same parts as the text, with headings; the company
        names (free text from the scenarios) escaped."""
        lines = [
            _("# Rule impact"),
            "",
            _("Rules compared: {value}").format(value=self._compared(_code)),
            "",
            _("## Rule changes"),
            "",
        ]
        lines += self._rule_lines("- ", _code)
        lines += [_("## Scenarios"), ""]
        if not self.scenarios:
            lines += [_("None changed."), ""]
        for scenario in self.scenarios:
            where = f" (`{scenario.where}`)" if scenario.where else ""
            heading = _("### Record {record}: {name}{where}").format(
                record=scenario.record, name=markdown(scenario.name), where=where
            )
            lines += [heading, ""]
            for change in scenario.changes:
                line = self._change_line(change, markdown)
                line = line.replace(f"[{change.id}]", f"(`{change.id}`)")
                lines.append(f"- **{_VERBS[change.change]}** {line}")
                lines += [f"  - {text}" for text in self._cause_lines(change, _code)]
            lines.append("")
        lines += ["## Summary", ""]
        summary = self._summary_lines("- ", _code)
        lines += [summary[0], "", *summary[1:]] if len(summary) > 1 else summary
        return "\n".join(lines) + "\n"


#: How many of the conclusions a move passed are named.
_MAX_PASSED = 3
_SIGNS = {ADDED: "+", REMOVED: "-", MOVED: "~"}
_VERBS = {ADDED: "Added:", REMOVED: "Removed:", MOVED: "Moved:"}


def _reasons(reasons: tuple[tuple[str, int], ...], code: Any) -> str:
    return ", ".join(f"{code(rule)} {weight:+d}" for rule, weight in reasons) or "none"


def _code(text: str) -> str:
    return f"`{text}`"


# --- comparing rules ---------------------------------------------------------------------


def _content(rule: Rule) -> tuple[Any, ...]:
    return tuple(getattr(rule, part) for part in EFFECTIVE_PARTS)


def _parts(old: Rule, new: Rule) -> tuple[str, ...]:
    return tuple(
        part
        for part in (*EFFECTIVE_PARTS, *WORDING_PARTS)
        if getattr(old, part) != getattr(new, part)
    )


def rule_changes(old_kb: KnowledgeBase, new_kb: KnowledgeBase) -> tuple[RuleChange, ...]:
    """The rules that differ between two knowledge bases, by id, then content: the changed
    and renamed ones in the new rules' order, then the added ones, then the removed ones.

    >>> from rightsrules import load_knowledge_base
    >>> kb = load_knowledge_base()
    >>> rule_changes(kb, kb)
    ()
    """
    old = {rule.id: rule for rule in old_kb.rules}
    new = {rule.id: rule for rule in new_kb.rules}
    gone = [rule for rid, rule in old.items() if rid not in new]
    renamed: dict[str, Rule] = {}
    for rule in new.values():
        if rule.id in old:
            continue
        twin = next((o for o in gone if _content(o) == _content(rule)), None)
        if twin is not None:
            gone.remove(twin)
            renamed[rule.id] = twin
    found: list[RuleChange] = []
    added: list[RuleChange] = []
    for rule in new_kb.rules:
        kind = rule.kind.value
        if rule.id in old:
            parts = _parts(old[rule.id], rule)
            if parts:
                found.append(RuleChange(rule.id, CHANGED, kind, parts, None, rule.file, rule.line))
        elif rule.id in renamed:
            twin = renamed[rule.id]
            parts = tuple(p for p in WORDING_PARTS if getattr(twin, p) != getattr(rule, p))
            found.append(RuleChange(rule.id, RENAMED, kind, parts, twin.id, rule.file, rule.line))
        else:
            added.append(RuleChange(rule.id, ADDED, kind, (), None, rule.file, rule.line))
    removed = [
        RuleChange(rule.id, REMOVED, rule.kind.value, (), None, rule.file, rule.line)
        for rule in old_kb.rules
        if rule in gone
    ]
    return (*found, *added, *removed)


# --- one scenario --------------------------------------------------------------------------


class _Closure:
    """The rules an advice's proof of some conclusions rests on, and the facts they read."""

    def __init__(self, advice: Advice) -> None:
        self.advice = advice
        self.filled = {a.path: a for a in advice.assumptions}
        self.rules: set[str] = set()
        self.paths: set[str] = set()
        self.seen: set[str] = set()

    def conclusion(self, cid: str) -> None:
        if cid in self.seen or cid not in self.advice:
            return
        self.seen.add(cid)
        for derivation in self.advice[cid].derivations:
            self.rules.add(derivation.rule)
            self.premises(derivation.premises)
        rule_ids = {d.rule for d in self.advice[cid].derivations}
        for guess in self.advice.guesses:
            if guess.rule in rule_ids:
                self.path(guess.path)

    def premises(self, premises: Iterable[Any]) -> None:
        for premise in premises:
            if premise.conclusion:
                self.conclusion(premise.conclusion)
            else:
                self.path(premise.path)

    def path(self, path: str) -> None:
        if path in self.paths:
            return
        self.paths.add(path)
        assumption = self.filled.get(path)
        if assumption is not None:
            self.rules.add(assumption.rule)
            self.premises(assumption.premises)

    def defaults_filling(self, other: Advice) -> set[str]:
        """The defaults of ``other`` that filled one of these facts, and the defaults those
        rested on."""
        found: set[str] = set()
        filled = {a.path: a for a in other.assumptions}
        todo = [path for path in self.paths if path in filled]
        done: set[str] = set()
        while todo:
            path = todo.pop()
            if path in done:
                continue
            done.add(path)
            assumption = filled[path]
            found.add(assumption.rule)
            todo += [p.path for p in assumption.premises if p.path in filled]
        return found


def _causes(involved: set[str], changes: Mapping[str, RuleChange]) -> tuple[RuleChange, ...]:
    return tuple(change for rid, change in changes.items() if rid in involved)


def _proof_causes(
    cid: str, holds: Advice, other: Advice, changes: Mapping[str, RuleChange]
) -> tuple[RuleChange, ...]:
    closure = _Closure(holds)
    closure.conclusion(cid)
    return _causes(closure.rules | closure.defaults_filling(other), changes)


def _scenario_changes(
    old: Advice, new: Advice, changes: Mapping[str, RuleChange]
) -> tuple[ConclusionChange, ...]:
    found: list[ConclusionChange] = []
    for conclusion in new.conclusions:
        if conclusion.id not in old:
            causes = _proof_causes(conclusion.id, new, old, changes)
            found.append(
                ConclusionChange(
                    conclusion.id,
                    conclusion.title,
                    ADDED,
                    None,
                    conclusion.rank,
                    None,
                    conclusion.score,
                    causes,
                )
            )
    for conclusion in old.conclusions:
        if conclusion.id not in new:
            causes = _proof_causes(conclusion.id, old, new, changes)
            found.append(
                ConclusionChange(
                    conclusion.id,
                    conclusion.title,
                    REMOVED,
                    conclusion.rank,
                    None,
                    conclusion.score,
                    None,
                    causes,
                )
            )
    found += _moves(old, new, changes)
    return tuple(found)


def _moves(
    old: Advice, new: Advice, changes: Mapping[str, RuleChange]
) -> Iterator[ConclusionChange]:
    before, after = places_in_common(old, new), places_in_common(new, old)
    old_place, new_place = _catalogue(old.knowledge_base), _catalogue(new.knowledge_base)
    for conclusion in new.conclusions:
        cid = conclusion.id
        if cid not in old or before[cid] == after[cid]:
            continue
        was = old[cid]
        crossed = [
            other.id
            for other in new.conclusions
            if other.id != cid
            and other.kind == conclusion.kind
            and other.id in old
            and (before[other.id] < before[cid]) != (after[other.id] < after[cid])
        ]
        catalogue = any(
            (old_place[other] < old_place[cid]) != (new_place[other] < new_place[cid])
            for other in crossed
        )
        if was.score == conclusion.score and not catalogue:
            continue  # it only made way for those whose score changed: they are reported
        rescored = [other for other in crossed if old[other].score != new[other].score]
        involved = {
            reason.rule
            for moved in (cid, *rescored)
            for advice in (old, new)
            for reason in advice[moved].rank_reasons
        }
        yield ConclusionChange(
            cid,
            conclusion.title,
            MOVED,
            was.rank,
            conclusion.rank,
            was.score,
            conclusion.score,
            _causes(involved, changes),
            catalogue,
            tuple((r.rule, r.weight) for r in was.rank_reasons),
            tuple((r.rule, r.weight) for r in conclusion.rank_reasons),
            tuple(crossed),
        )


def _catalogue(kb: KnowledgeBase) -> dict[str, tuple[int, int]]:
    """Each conclusion's phase (steps) and place in the catalogue, which order a kind's
    conclusions of equal score."""
    from .vocabulary import STEP_PHASES

    phases = {phase: i for i, phase in enumerate(STEP_PHASES)}
    return {
        cid: (phases.get(info.phase or "", len(phases)) if info.kind == "step" else 0, place)
        for place, (cid, info) in enumerate(kb.conclusions.items())
    }


# --- many scenarios ----------------------------------------------------------------------


def _record(number: int, item: Any) -> Record:
    if isinstance(item, Record):
        return item
    return Record(number, item, file=os.fspath(item) if isinstance(item, os.PathLike) else None)


def diff(
    old_kb: KnowledgeBase,
    new_kb: KnowledgeBase,
    scenarios: Iterable[Any],
    *,
    evaluator: Evaluator | None = None,
    labels: tuple[str, str] | None = None,
) -> Impact:
    """The impact of going from ``old_kb`` to ``new_kb`` on each of ``scenarios`` (records
    as :func:`~rightsrules.batch.assess_many` takes them: scenarios, mappings, paths, JSON
    text, or :class:`~rightsrules.batch.Record`\\ s from its readers).

    Both knowledge bases run with the same ``evaluator``, by default the batch's
    (:data:`~rightsrules.batch.BATCH_ENGINE`). A record that is not a valid scenario is left
    out and listed in :attr:`Impact.refused`. ``labels`` name the old and the new rules in
    the report (their folders, say).
    """
    engine = evaluator or evaluator_named(BATCH_ENGINE)
    records = [_record(number, item) for number, item in enumerate(scenarios, 1)]
    changes = rule_changes(old_kb, new_kb)
    effective = {change.rule: change for change in changes if change.effective}
    for change in changes:  # a renamed rule is found under its old id in the old proofs
        if change.renamed_from is not None and change.effective:
            effective[change.renamed_from] = change
    impacts: list[ScenarioImpact] = []
    refused: list[RejectedRecord] = []
    titles = {cid: info.title for cid, info in new_kb.conclusions.items()}
    for cid, info in old_kb.conclusions.items():
        titles.setdefault(cid, info.title)
    pairs = zip(
        assess_many(records, old_kb, evaluator=engine),
        assess_many(records, new_kb, evaluator=engine),
        records,
        strict=True,
    )
    for old, new, record in pairs:
        if isinstance(old, RejectedRecord) or isinstance(new, RejectedRecord):
            refused.append(old if isinstance(old, RejectedRecord) else new)  # type: ignore[arg-type]
            continue
        found = _scenario_changes(old, new, effective)
        if found:
            name = str(old.scenario.get("company.name"))
            impacts.append(ScenarioImpact(record.number, name, record.file, record.line, found))
    return Impact(
        old_kb.version,
        new_kb.version,
        changes,
        tuple(impacts),
        len(records),
        tuple(refused),
        titles,
        labels,
    )
