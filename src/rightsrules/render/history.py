"""The engagement history section of a plan: what happened with the company, and what is
planned, as of a date (``rightsrules report JOURNAL --company NAME``).

The section is plain data (:class:`EngagementHistory`), made from a campaign journal by
:func:`rightsrules.campaign.report.engagement_history`; the plan's renderers put it after the
summary. Every text in it is escaped where it is rendered.

>>> history = EngagementHistory("2027-01-20", (
...     HistoryEntry("Message of 2027-01-10 to the policy team, reply by 2027-01-24",
...                  ("Asked: what it would do",)),
...     HistoryEntry("Meeting of 2027-01-25 with the <policy> team", planned=True),
... ))
>>> print("\\n".join(history_markdown(history)))
<BLANKLINE>
## Engagement history
<BLANKLINE>
As of 2027-01-20: 1 event done, 1 planned.
<BLANKLINE>
### Done
<BLANKLINE>
- Message of 2027-01-10 to the policy team, reply by 2027-01-24. Asked: what it would do.
<BLANKLINE>
### Planned
<BLANKLINE>
- Meeting of 2027-01-25 with the \\<policy\\> team.
"""

from __future__ import annotations

import attrs

from ..escape import html as _e
from ..escape import markdown as md
from ..i18n import N_, _, ngettext

__all__ = ["TITLE", "EngagementHistory", "HistoryEntry", "history_html", "history_markdown"]

#: The section's heading (translated where it is shown).
TITLE = N_("Engagement history")


@attrs.frozen
class HistoryEntry:
    """One event in words (the date is in them), the details the journal adds (what was
    asked, a summary, notes), and whether it is still to come."""

    text: str
    details: tuple[str, ...] = ()
    planned: bool = False

    def sentence(self) -> str:
        """The event and its details as one sentence per part.

        >>> HistoryEntry("Reply of 2027-01-15: acknowledged", ("From: the policy lead",)).sentence()
        'Reply of 2027-01-15: acknowledged. From: the policy lead.'
        """
        return " ".join(_stop(part) for part in (self.text, *self.details))


def _stop(text: str) -> str:
    return text if text.endswith((".", "!", "?")) else text + "."


@attrs.frozen
class EngagementHistory:
    """A company's events as of a date (ISO), in date order."""

    as_of: str
    entries: tuple[HistoryEntry, ...] = ()

    @property
    def done(self) -> tuple[HistoryEntry, ...]:
        return tuple(entry for entry in self.entries if not entry.planned)

    @property
    def planned(self) -> tuple[HistoryEntry, ...]:
        return tuple(entry for entry in self.entries if entry.planned)

    def summary(self) -> str:
        """How many events are done and planned, as of when.

        >>> EngagementHistory("2027-01-05").summary()
        'As of 2027-01-05: nothing recorded yet.'
        """
        done, planned = len(self.done), len(self.planned)
        if not done and not planned:
            return _("As of {date}: nothing recorded yet.").format(date=self.as_of)
        counts = ngettext("{count} event done", "{count} events done", done).format(count=done)
        if planned:
            # TRANSLATORS: after the count of events done, e.g. "3 events done, 1 planned"
            more = ngettext("{count} planned", "{count} planned", planned)
            counts = _("{done}, {planned}").format(done=counts, planned=more.format(count=planned))
        return _("As of {date}: {counts}.").format(date=self.as_of, counts=counts)


def history_markdown(history: EngagementHistory) -> list[str]:
    """The section's lines in Markdown, a blank line first."""
    heading = _(TITLE)
    out = ["", f"## {heading}", "", md(history.summary())]
    for title, entries in ((_("Done"), history.done), (_("Planned"), history.planned)):
        if entries:
            out += ["", f"### {title}", ""]
            out += [f"- {md(entry.sentence())}" for entry in entries]
    return out


def history_html(history: EngagementHistory, h2: str = "h2", h3: str = "h3") -> str:
    """The section in HTML, its id ``history`` (for the table of contents).

    >>> "&lt;policy&gt;" in history_html(EngagementHistory("2027-01-20",
    ...     (HistoryEntry("Meeting with the <policy> team"),)))
    True
    """
    heading = _e(_(TITLE))
    out = [f'<section id="history"><{h2}>{heading}</{h2}>', f"<p>{_e(history.summary())}</p>"]
    for title, entries in ((_("Done"), history.done), (_("Planned"), history.planned)):
        if entries:
            out.append(f'<{h3}>{_e(title)}</{h3}><ul class="items history">')
            out += [f"<li>{_e(entry.sentence())}</li>" for entry in entries]
            out.append("</ul>")
    out.append("</section>")
    return "\n".join(out)
