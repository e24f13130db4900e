"""Evidence: the events a fact of the scenario rests on, when a campaign journal gave it.

A scenario typed by hand states its facts; a company's scenario worked out from a campaign
journal (:meth:`rightsrules.campaign.Campaign.scenario_for`) gets its ``history.*`` facts from
the journal's events. Each such fact carries an :class:`Evidence`: the events in words, as the
proofs print them, and the events themselves as data (their day, kind and line), so a proof
leads down to what happened.

>>> import datetime
>>> evidence = Evidence(
...     "history.reply_by_passed", True,
...     "message of 2027-01-10 to the policy team, reply by 2027-01-24",
...     (EventRef(datetime.date(2027, 1, 10), "message_sent", 12, "Example Mobile"),),
... )
>>> evidence.to_dict()["events"]
[{'date': '2027-01-10', 'event': 'message_sent', 'line': 12, 'company': 'Example Mobile'}]
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

import attrs

if TYPE_CHECKING:
    from .advice import Advice

__all__ = ["EventRef", "Evidence", "behind", "said_once"]


@attrs.frozen
class EventRef:
    """One event of a journal, as evidence names it: its day, its kind (``message_sent``,
    ``reply``...), its line in the journal when known, and the company whose journal holds
    it (another company's, for ``history.other_company_approached``)."""

    date: datetime.date
    event: str
    line: int | None = None
    company: str | None = None

    def to_dict(self) -> dict[str, Any]:
        return {
            "date": self.date.isoformat(),
            "event": self.event,
            "line": self.line,
            "company": self.company,
        }


@attrs.frozen
class Evidence:
    """What one fact (``path`` = ``value``) rests on: ``text``, the events in words, and
    ``events``, the events themselves (none when the fact says something did *not* happen,
    "no reply by 2027-01-31")."""

    path: str
    value: Any
    text: str
    events: tuple[EventRef, ...] = ()

    def to_dict(self) -> dict[str, Any]:
        return {
            "path": self.path,
            "value": self.value,
            "text": self.text,
            "events": [event.to_dict() for event in self.events],
        }


def behind(advice: Advice, paths: Iterable[str]) -> tuple[Evidence, ...]:
    """The evidence behind these paths of an advice: a history fact's own, and for a fact a
    rule derived from the history (``engagement.stage``), that of the facts it followed from;
    once each, in order. Empty for an advice with no :attr:`~rightsrules.Advice.evidence`."""
    if not advice.evidence:
        return ()
    derived = {d.path: d for d in advice.inference.derived}
    found: dict[str, Evidence] = {}

    def visit(path: str) -> None:
        if path in advice.evidence:
            found.setdefault(path, advice.evidence[path])
        elif path in derived:
            for premise in derived[path].premises:
                if not premise.conclusion:
                    visit(premise.path)

    for path in paths:
        visit(path)
    return tuple(found.values())


def said_once(evidence: Iterable[Evidence]) -> tuple[str, ...]:
    """The words of the evidence, each once, in order; words that another's begin with are
    said by that one (a message, then the same message with its reply date passed).

    >>> day = datetime.date(2027, 1, 10)
    >>> said_once([Evidence("a", True, "message of 2027-01-10"),
    ...            Evidence("b", True, "message of 2027-01-10, passed by 2027-01-31"),
    ...            Evidence("c", "none", "no reply by 2027-01-31")])
    ('message of 2027-01-10, passed by 2027-01-31', 'no reply by 2027-01-31')
    """
    found = dict.fromkeys(e.text for e in evidence)
    return tuple(t for t in found if not any(o != t and o.startswith(t) for o in found))
