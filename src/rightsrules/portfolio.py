"""A portfolio: many companies assessed together, compared in a table and a chart.

Scenarios come from a CSV whose header names scenario paths (``company.name``,
``company.type``, ``company.publicly_traded``...). A cell is written as for ``rightsrules batch``:
``true``/``false``, an enum value, a list with ``;`` between its items, and an empty cell is
unknown.

>>> from rightsrules import ReferenceEvaluator
>>> rows = [
...     {"company": {"name": "Example Net", "type": "isp"}},
...     {"company": {"name": "Example Cloud", "type": "cloud_company"}},
... ]
>>> portfolio = assess_portfolio(rows, evaluator=ReferenceEvaluator())
>>> portfolio.companies
('Example Net', 'Example Cloud')
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Mapping
from typing import TYPE_CHECKING, Any

import attrs

from .advice import Advice
from .api import assess
from .engines import Evaluator
from .errors import Problem, ScenarioError
from .knowledge import KnowledgeBase, load_knowledge_base
from .scenario import Scenario

if TYPE_CHECKING:
    from .batch import RejectedRecord

__all__ = ["Portfolio", "assess_portfolio", "read_scenarios_csv"]


def read_scenarios_csv(
    path: str | os.PathLike[str], *, refused: list[RejectedRecord] | None = None
) -> list[Scenario]:
    """Scenarios from a CSV file, one per row, read as ``rightsrules batch`` reads CSV.

    Every problem is reported at once (a :class:`~rightsrules.errors.InputError`), each with
    the file, its line and its key; or, when a list is given as ``refused``, each row that
    is not a valid scenario is added to it (a :class:`~rightsrules.batch.RejectedRecord`) and
    the others are returned. A problem of the whole file (an unknown column) is always
    raised.

    >>> import pathlib, tempfile
    >>> folder = pathlib.Path(tempfile.mkdtemp())
    >>> _ = (folder / "p.csv").write_text("company.name;company.type\\nExample Net;isp\\nX;\\n")
    >>> refused = []
    >>> [s.company.type.value for s in read_scenarios_csv(folder / "p.csv", refused=refused)]
    ['isp']
    >>> [(error.record, error.line, error.key) for error in refused]
    [(2, 3, 'company.type')]
    """
    from .batch import RejectedRecord, read_csv

    errors: list[RejectedRecord] = []
    scenarios: list[Scenario] = []
    for record in read_csv(path):
        if record.error is not None:
            errors.append(RejectedRecord(record.number, record.error.problems))
            continue
        where = f"{record.file}:{record.line}" if record.line else record.file
        try:
            scenarios.append(Scenario.from_dict(record.data, file=where))
        except ScenarioError as exc:
            problems = tuple(
                Problem(p.message, file=record.file, line=record.line, key=p.key)
                for p in exc.problems
            )
            errors.append(RejectedRecord(record.number, problems))
    if refused is not None:
        refused.extend(errors)
    elif errors:
        raise ScenarioError([problem for error in errors for problem in error.problems])
    return scenarios


@attrs.frozen
class Portfolio:
    """The advice for each company of a portfolio, in input order."""

    advices: tuple[Advice, ...]

    @property
    def companies(self) -> tuple[str, ...]:
        """The company names, in input order."""
        return tuple(advice.understood.company.name for advice in self.advices)

    def columns(self, kind: str = "strategy") -> tuple[str, ...]:
        """The conclusion ids of one kind advised for at least one company, in the knowledge
        base's order."""
        found = {c.id for advice in self.advices for c in advice.of_kind(kind)}
        if not self.advices:
            return ()
        order = list(self.advices[0].knowledge_base.conclusions)
        return tuple(sorted(found, key=lambda cid: (order.index(cid) if cid in order else 0, cid)))

    def matrix(self, kind: str = "strategy") -> dict[tuple[str, str], int]:
        """``{(company, conclusion id): rank}`` for every conclusion of ``kind`` advised."""
        return {
            (advice.understood.company.name, c.id): c.rank
            for advice in self.advices
            for c in advice.of_kind(kind)
        }

    def notes(self, kind: str = "strategy") -> tuple[str, ...]:
        """What each company's row should say besides its ranks, in input order: the limits
        of the guide that apply (a type it does not cover, a tech SME), or that none of
        ``kind`` was derived (where no limit explains it), so that no row is left empty
        without a reason.

        >>> from rightsrules import ReferenceEvaluator
        >>> p = assess_portfolio(
        ...     [{"company": {"name": "Example Pay", "type": "payment_processor"}}],
        ...     evaluator=ReferenceEvaluator(),
        ... )
        >>> p.notes()
        ("outside the guide's company types",)
        """
        from .wording import SCOPE_NOTES

        notes = []
        for advice in self.advices:
            said = [SCOPE_NOTES.get(c.id, c.title) for c in advice.of_kind("scope")]
            if not said and not advice.of_kind(kind):
                said.append(f"no {kind} derived yet: describe the concern and the stage")
            notes.append("; ".join(said))
        return tuple(notes)

    def rows(self, kind: str = "strategy") -> list[dict[str, Any]]:
        """One plain row per company: name, type, concern, the ``kind`` ids by rank and the
        row's note (:meth:`notes`); ready for ``csv.DictWriter`` or a data frame."""
        return [
            {
                "company": advice.understood.company.name,
                "type": advice.understood.company.type.value,
                "issue": advice.understood.get("concern.issue") or "",
                kind: [c.id.split(":", 1)[1] for c in advice.of_kind(kind)],
                "note": note,
            }
            for advice, note in zip(self.advices, self.notes(kind), strict=True)
        ]

    def to_svg(self, kind: str = "strategy", *, title: str | None = None) -> str:
        """The comparison chart: companies × conclusions of ``kind``, as SVG.

        >>> from rightsrules import ReferenceEvaluator
        >>> p = assess_portfolio([{"company": {"name": "Example Net", "type": "isp"}}],
        ...                      evaluator=ReferenceEvaluator())
        >>> "Example Net" in p.to_svg()
        True
        """
        from .render.svg import KIND_COLOURS, Cell, matrix_svg

        columns = self.columns(kind)
        titles = [self._title(cid) for cid in columns]
        cells: dict[tuple[int, int], Cell] = {}
        for i, advice in enumerate(self.advices):
            for conclusion in advice.of_kind(kind):
                j = columns.index(conclusion.id)
                note = f"{self.companies[i]}: {conclusion.title} (#{conclusion.rank})"
                cells[(i, j)] = Cell(conclusion.rank, note)
        heading = title if title is not None else f"Which {kind} applies to which company"
        colour = KIND_COLOURS.get(kind, KIND_COLOURS["strategy"])
        return matrix_svg(
            self.companies, titles, cells, title=heading, colour=colour, notes=self.notes(kind)
        )

    def to_markdown(self, kind: str = "strategy") -> str:
        """A Markdown table: one row per company, one column per conclusion of ``kind``.

        >>> from rightsrules import ReferenceEvaluator
        >>> p = assess_portfolio([{"company": {"name": "Example Net", "type": "isp"}}],
        ...                      evaluator=ReferenceEvaluator())
        >>> p.to_markdown().splitlines()[2].startswith("| Example Net |")
        True
        """
        from .escape import markdown as escape

        columns = self.columns(kind)
        ranks = self.matrix(kind)
        head = ["Company", *(escape(self._title(c)) for c in columns), "Note"]
        lines = ["| " + " | ".join(head) + " |", "|" + "---|" * len(head)]
        for name, note in zip(self.companies, self.notes(kind), strict=True):
            cells = [str(ranks[(name, c)]) if (name, c) in ranks else "" for c in columns]
            lines.append("| " + " | ".join([escape(name), *cells, escape(note)]) + " |")
        return "\n".join(lines) + "\n"

    def _title(self, conclusion_id: str) -> str:
        try:
            return self.advices[0].knowledge_base.conclusion(conclusion_id).title
        except KeyError:  # an id the knowledge base does not declare
            return conclusion_id

    def _repr_markdown_(self) -> str:
        return self.to_markdown()

    def _repr_html_(self) -> str:
        return self.to_svg()


def assess_portfolio(
    scenarios: Iterable[Scenario | Mapping[str, Any]],
    knowledge_base: KnowledgeBase | None = None,
    *,
    evaluator: Evaluator | None = None,
) -> Portfolio:
    """Assess every scenario with one knowledge base and gather the results.

    >>> from rightsrules import ReferenceEvaluator
    >>> p = assess_portfolio(
    ...     [{"company": {"name": "Example Net", "type": "isp"}}], evaluator=ReferenceEvaluator()
    ... )
    >>> len(p.advices)
    1
    """
    kb = knowledge_base or load_knowledge_base()
    return Portfolio(tuple(assess(s, kb, evaluator=evaluator) for s in scenarios))
