"""The campaign's deadlines as an iCalendar file: ``rightsrules campaign calendar``.

Each thing due as of a date (a reply date given to a company, a follow-up: the ``due`` items
of :meth:`Campaign.status <rightsrules.campaign.Campaign.status>`) becomes an all-day event
naming the company and what is due, written by the maintained :mod:`icalendar` library
(RFC 5545). The file is the same for the same journal and ``as_of``: each event's UID is
derived from the campaign's name, the company, the date and what is due, and its time stamp
is ``as_of``, so importing the file again into a calendar application updates the events it
already holds instead of adding copies.

>>> import datetime as dt
>>> from rightsrules.campaign.status import Due
>>> due = [Due(dt.date(2027, 1, 24), "reply from Example Mobile to the message of 2027-01-10",
...            "Example Mobile", "reply_by")]
>>> text = calendar_text("Election shutdowns 2027", due, as_of=dt.date(2027, 1, 20))
>>> print("\\n".join(text.splitlines()[:7]))
BEGIN:VCALENDAR
VERSION:2.0
PRODID:-//rightsrules//campaign calendar//EN
CALSCALE:GREGORIAN
X-WR-CALNAME:Election shutdowns 2027: deadlines
BEGIN:VEVENT
SUMMARY:Reply from Example Mobile to the message of 2027-01-10
>>> event = icalendar.Calendar.from_ical(text).walk("VEVENT")[0]
>>> event.decoded("dtstart"), event.decoded("dtend"), str(event["uid"]).endswith("@rightsrules")
(datetime.date(2027, 1, 24), datetime.date(2027, 1, 25), True)
"""

from __future__ import annotations

import argparse
import datetime as dt
import hashlib
import sys
from collections.abc import Iterable
from pathlib import Path
from typing import TYPE_CHECKING

import icalendar

from ..i18n import _, ngettext
from ..io.write import stdout_error, write_text

if TYPE_CHECKING:
    from .model import Campaign
    from .status import Due

__all__ = [
    "PRODID",
    "calendar_text",
    "campaign_calendar",
    "event_uid",
    "main_calendar",
    "to_calendar",
]

#: Who made the file, as RFC 5545 asks.
PRODID = "-//rightsrules//campaign calendar//EN"


def event_uid(campaign: str, company: str, date: dt.date, what: str) -> str:
    """The UID of the event for one thing due: the same for the same campaign, company,
    date and text, whenever and wherever the file is made.

    >>> event_uid("Election shutdowns 2027", "Example Mobile", dt.date(2027, 1, 24), "reply")
    '...@rightsrules'
    """
    key = "\x1f".join((campaign, company, date.isoformat(), what))
    return hashlib.sha256(key.encode("utf-8")).hexdigest()[:32] + "@rightsrules"


def _summary(item: Due) -> str:
    what = f"planned: {item.what}" if item.kind == "planned" else item.what
    what = what[:1].upper() + what[1:]
    return what if item.company in what else f"{item.company}: {what}"


def _description(item: Due, as_of: dt.date) -> str:
    when = item.date.isoformat()
    if item.kind == "planned":
        text = _("Planned for {company} on {when}: {what}.")
    else:
        text = _("Due for {company} on {when}: {what}.")
    text = text.format(company=item.company, when=when, what=item.what)
    if item.date < as_of:
        days = (as_of - item.date).days
        overdue = ngettext(
            "Overdue as of {day} ({count} day).", "Overdue as of {day} ({count} days).", days
        )
        text += "\n" + overdue.format(day=as_of.isoformat(), count=days)
    source = _("From the campaign journal, as of {day}.").format(day=as_of.isoformat())
    return text + "\n" + source


def to_calendar(campaign: str, due: Iterable[Due], *, as_of: dt.date) -> icalendar.Calendar:
    """A calendar of the things ``due`` in the campaign named ``campaign``, as of ``as_of``:
    one all-day event each, in date order then company order (the same thing due twice, the
    same day for the same company, is one event: it has one UID)."""
    calendar = icalendar.Calendar()
    calendar.add("version", "2.0")
    calendar.add("prodid", PRODID)
    calendar.add("calscale", "GREGORIAN")
    calendar.add("x-wr-calname", f"{campaign}: deadlines")
    stamp = dt.datetime.combine(as_of, dt.time(), tzinfo=dt.UTC)
    seen: set[str] = set()
    for item in sorted(due, key=lambda d: (d.date, d.company, d.what)):
        uid = event_uid(campaign, item.company, item.date, item.what)
        if uid in seen:
            continue
        seen.add(uid)
        event = icalendar.Event()
        event.add("summary", _summary(item))
        event.add("dtstart", item.date)
        event.add("dtend", item.date + dt.timedelta(days=1))
        event.add("dtstamp", stamp)
        event.add("uid", uid)
        event.add("categories", [item.kind])
        event.add("description", _description(item, as_of))
        event.add("transp", "TRANSPARENT")  # a deadline, not a meeting: the day stays free
        calendar.add_component(event)
    return calendar


def calendar_text(campaign: str, due: Iterable[Due], *, as_of: dt.date) -> str:
    """The iCalendar text of :func:`to_calendar` (lines end in CRLF, as RFC 5545 says)."""
    data: bytes = to_calendar(campaign, due, as_of=as_of).to_ical()
    return data.decode("utf-8")


def campaign_calendar(campaign: Campaign, as_of: dt.date) -> str:
    """The iCalendar text of every company's dates as of ``as_of``: the reply dates still
    awaited, the follow-ups not yet met and the planned events (the ``due`` items of
    :meth:`Campaign.status <rightsrules.campaign.Campaign.status>`).

    >>> from rightsrules.campaign import load_campaign
    >>> campaign = load_campaign("tests/fixtures/campaign/small.yaml")
    >>> text = campaign_calendar(campaign, dt.date(2027, 1, 20))
    >>> for event in icalendar.Calendar.from_ical(text).walk("VEVENT"):
    ...     print(event.decoded("dtstart"), event["summary"])
    2027-01-24 Reply from Example Mobile to the message of 2027-01-10 to the policy team
    2027-01-25 Example Telecom: Planned: meeting of 2027-01-25 with human rights team
    2027-01-26 Reply from Example Telecom to the message of 2027-01-12 to the human rights team
    2027-02-10 Example Telecom: Planned: the human rights lead left on 2027-02-10
    """
    return calendar_text(campaign.name, campaign.status(as_of).due, as_of=as_of)


def main_calendar(args: argparse.Namespace) -> int:
    """``rightsrules campaign calendar JOURNAL --out FILE [--as-of DATE]``; ``--out -``
    writes to standard output."""
    from .load import load_campaign

    as_of: dt.date = args.as_of or dt.date.today()
    text = campaign_calendar(load_campaign(Path(args.scenario), as_of=as_of), as_of)
    if args.out == "-":
        try:
            sys.stdout.write(text)
            sys.stdout.flush()
        except BrokenPipeError:
            raise
        except OSError as exc:
            raise stdout_error(exc) from None
    else:
        write_text(args.out, text, inputs=[args.scenario])
    return 0
