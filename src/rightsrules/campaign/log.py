"""Add one event to a campaign journal, safely: ``rightsrules campaign log``.

:func:`append_event` reads the journal, checks it, adds the event to the company's events in
date order (in the style of the events beside it, every other byte of the file as it was:
comments, layout, quotes), checks the whole journal again with the event in it, and writes
it back atomically (a temporary file in the same folder, synced, then renamed over the
journal). Nothing is written when:

- the journal, or the journal with the new event, is not valid or not a possible history (a
  reply before any message, an event dated before the last one's... ): a
  :class:`~rightsrules.campaign.CampaignError` says where, at the lines of the file on disk;
- the journal is not a regular file (a FIFO, a device, a folder), is reached through a
  symbolic link (the rename would replace the link, not the file it leads to), or a link loop;
- the file changed between the moment it was read and the moment the new one would replace
  it (another program, or another ``log``, wrote it meanwhile): an
  :class:`~rightsrules.errors.OutputError` says so, and the command can simply be run again.

>>> import datetime, pathlib, shutil, tempfile
>>> path = pathlib.Path(tempfile.mkdtemp()) / "journal.yaml"
>>> _ = shutil.copy("tests/fixtures/campaign/small.yaml", path)
>>> event = append_event(path, "Example Mobile", {"event": "reply", "outcome": "declined"},
...                      today=datetime.date(2027, 1, 30))
>>> event.date, event.event, dict(event.fields), event.line
(datetime.date(2027, 1, 30), 'reply', {'outcome': 'declined'}, 14)
>>> print(path.read_text().splitlines()[13])
      - {date: 2027-01-30, event: reply, outcome: declined}
"""

from __future__ import annotations

import argparse
import datetime as dt
import difflib
import os
import stat
import sys
from collections.abc import Mapping, Sequence
from typing import Any

from ..errors import OutputError, Problem
from ..i18n import _
from ..io.read import MAX_BYTES, open_file, reason
from ..io.sanitise import sanitise
from ..io.write import stdout_error, write_text
from ..vocabulary import FIELDS
from ._splice import Spliced, splice_event
from .load import DATE_KEYS, EVENT_KEYS, campaign_from_text
from .model import REPLY_OUTCOMES, Campaign, CampaignError, Event
from .report import journal_of

__all__ = ["COMMON_KEYS", "TEAM_KEYS", "append_event", "event_keys", "main_log", "parse_fields"]

#: The keys every kind of event may have, beside its own.
COMMON_KEYS = ("notes", "follow_up")
#: The keys that name a team: a department's name in any case, with spaces or hyphens
#: (``"Human Rights"``), is written as the vocabulary's name for it (``human_rights``).
TEAM_KEYS = frozenset({"to", "team"})
_DEPARTMENTS = tuple(FIELDS["company.departments"].allowed)
_BOM = "\ufeff"


def event_keys(kind: str) -> tuple[str, ...]:
    """The keys an event of this kind may have beside ``date`` and ``event``.

    >>> event_keys("reply")
    ('outcome', 'from', 'summary', 'notes', 'follow_up')
    """
    return (*(key.rstrip("!") for key in EVENT_KEYS[kind]), *COMMON_KEYS)


def _fail(message: str, key: str | None = None, file: str | None = None) -> CampaignError:
    return CampaignError([Problem(message, file=file, key=key)])


def _choice(value: str, allowed: Sequence[str], what: str, key: str | None) -> CampaignError:
    close = difflib.get_close_matches(value, allowed, n=1, cutoff=0.6)
    hint = _(" (did you mean {value!r}?)").format(value=close[0]) if close else ""
    return _fail(
        _("{value!r} is not {what}; one of: {allowed}{hint}").format(
            value=value, what=what, allowed=", ".join(allowed), hint=hint
        ),
        key,
    )


def _kind(kind: str) -> str:
    if kind not in EVENT_KEYS:
        raise _choice(kind, list(EVENT_KEYS), _("a kind of event"), None)
    return kind


def _day(value: str, key: str) -> dt.date:
    try:
        if len(value) == 10:
            return dt.date.fromisoformat(value)
    except ValueError:
        pass
    raise _fail(_("{value!r} is not a date written YYYY-MM-DD").format(value=value), key)


def _typed(key: str, value: str) -> Any:
    """A value given as text, as the journal's schema types it."""
    if key in DATE_KEYS:
        return _day(value, key)
    if key == "outcome":
        if value not in REPLY_OUTCOMES:
            raise _choice(value, REPLY_OUTCOMES, _("an outcome of a reply"), key)
        return value
    text = " ".join(value.split())
    if key in TEAM_KEYS:
        token = text.lower().replace("-", "_").replace(" ", "_")
        if token in _DEPARTMENTS:
            return token
    return text


def parse_fields(kind: str, pairs: Sequence[str]) -> dict[str, Any]:
    """The fields of an event of this ``kind`` from ``key=value`` texts, typed as the journal's
    schema says: dates, a reply's outcome, team names, text. A key the kind does not have, a
    value that is not of its type, a key given twice or a required key left out is a
    :class:`~rightsrules.campaign.CampaignError` naming it.

    >>> parse_fields("message_sent", ["to=Human Rights", "reply_by=2027-01-24"])
    {'to': 'human_rights', 'reply_by': datetime.date(2027, 1, 24)}
    >>> parse_fields("reply", ["outcome=declinde"])
    Traceback (most recent call last):
    ...
    rightsrules.campaign.model.CampaignError: outcome: 'declinde' is not an outcome of a reply; \
one of: acknowledged, declined, committed, partial (did you mean 'declined'?)
    """
    allowed = event_keys(_kind(kind))
    fields: dict[str, Any] = {}
    for pair in pairs:
        key, equals, value = pair.partition("=")
        key = key.strip()
        if not equals or not key:
            raise _fail(
                _("{pair!r} is not key=value (for example outcome=acknowledged)").format(pair=pair)
            )
        if key == "date":
            raise _fail(_("give the event's date with --date (it is today when not given)"), key)
        if key not in allowed:
            close = difflib.get_close_matches(key, allowed, n=1, cutoff=0.6)
            hint = _(" (did you mean {value!r}?)").format(value=close[0]) if close else ""
            raise _fail(
                _("not a key of a {kind} event; its keys: {value}{hint}").format(
                    kind=kind, value=", ".join(allowed), hint=hint
                ),
                key,
            )
        if key in fields:
            raise _fail(_("given twice"), key)
        if not value.strip():
            raise _fail(_("has no value (write it as key=value)"), key)
        fields[key] = _typed(key, value.strip())
    for key in EVENT_KEYS[kind]:
        if key.endswith("!") and key.rstrip("!") not in fields:
            name = key.rstrip("!")
            example = f"{name}={REPLY_OUTCOMES[0]}" if name == "outcome" else f"{name}=..."
            raise _fail(
                _("a {kind} event needs {name} (for example {example})").format(
                    kind=kind, name=name, example=example
                ),
                name,
            )
    return fields


def _event_mapping(event: Mapping[str, Any], today: dt.date | None) -> dict[str, Any]:
    """The event as it is written: ``date`` and ``event`` first, dates as days."""
    if "event" not in event:
        raise _fail(_("the event has no 'event' (its kind: message_sent, reply, ...)"))
    kind = _kind(str(event["event"]))
    date = event.get("date") or today or dt.date.today()
    written: dict[str, Any] = {"date": date, "event": kind}
    for key, value in event.items():
        if key in ("date", "event"):
            continue
        written[key] = _typed(key, value) if isinstance(value, str) else value
    for key in DATE_KEYS:
        value = written.get(key)
        if isinstance(value, dt.datetime):
            raise _fail(_("expected a day, not a date and time {value}").format(value=value), key)
        if isinstance(value, str):
            written[key] = _day(value, key)
    return written


def append_event(
    path: str | os.PathLike[str],
    company: str,
    event: Mapping[str, Any],
    *,
    today: dt.date | None = None,
    dry_run: bool = False,
) -> Event:
    """Add ``event`` to the events of ``company`` in the journal at ``path``, and write the
    journal back; returns the event as the journal now holds it (with its line). With
    ``dry_run``, everything is checked but nothing is written: the event returned is the one
    the journal would hold.

    ``event`` is a mapping with the kind of event under ``event`` and its fields (``to``,
    ``reply_by``, ``outcome``...), values typed or as text (``"2027-01-24"`` for a date);
    its ``date`` is ``today`` (the system's today when not given) unless it names one.
    Events dated after ``today`` are planned. See the module for what is refused.
    """
    name = os.fspath(path)
    raw, before = _read(name)
    as_of = today or dt.date.today()
    current = campaign_from_text(raw, source=name, as_of=as_of)
    text = raw.decode("utf-8-sig")  # UTF-8: the reading just checked it
    journal = journal_of(current, company)
    written = _event_mapping(event, today)
    spliced = splice_event(text, journal.name, written, as_json=name.endswith(".json"))
    try:
        updated = campaign_from_text(spliced.text, source=name, as_of=as_of)
    except CampaignError as error:
        raise _relocated(error, spliced, written) from None
    added = _added(current, updated, journal.name, spliced)
    if not dry_run:
        bom = _BOM if raw.startswith(_BOM.encode("utf-8")) else ""
        write_text(name, bom + spliced.text, before_replace=lambda: _unchanged(name, raw, before))
    return added


def main_log(args: argparse.Namespace) -> int:
    """``rightsrules campaign log JOURNAL COMPANY EVENT [--date D] [KEY=VALUE ...]``: add the
    event, then say in one line what was added and where."""
    if args.scenario == "-":
        raise _fail(_("log adds the event to the journal's file: give its path, not - (stdin)"))
    event: dict[str, Any] = {"event": args.event, **parse_fields(args.event, args.fields)}
    if args.date is not None:
        event["date"] = args.date
    dry_run = bool(getattr(args, "dry_run", False))
    added = append_event(args.scenario, args.company, event, dry_run=dry_run)
    planned = _(" (planned: it is after today)") if added.planned else ""
    if dry_run:
        done = _("would add (nothing written: --dry-run) the {event}")
    else:
        done = _("added the {event}")
    said = done.format(event=added.describe())
    line = f"{args.scenario}:{added.line}: {said}{planned}\n"
    try:
        sys.stdout.write(sanitise(line))
    except BrokenPipeError:
        raise
    except OSError as exc:
        raise stdout_error(exc) from None
    return 0


def _read(name: str) -> tuple[bytes, os.stat_result]:
    """The journal's bytes and the state of the file they were read from; refuses what is
    not a regular file reached directly."""
    try:
        os.stat(name)
    except OSError as exc:
        raise CampaignError([Problem(reason(exc), file=name)]) from None
    if os.path.islink(name):
        raise CampaignError(
            [
                Problem(
                    _(
                        "is a symbolic link (to {value}); log replaces the journal by a new "
                        "file, which would replace the link: give the file itself"
                    ).format(value=os.path.realpath(name)),
                    file=name,
                )
            ]
        )
    with open_file(name, error=CampaignError) as stream:
        info = os.fstat(stream.fileno())
        raw = stream.read(MAX_BYTES + 1)
    if len(raw) > MAX_BYTES:
        raise CampaignError(
            [
                Problem(
                    _("file is over the limit of {limit} bytes").format(limit=MAX_BYTES),
                    file=name,
                )
            ]
        )
    return raw, info


def _unchanged(name: str, raw: bytes, before: os.stat_result) -> None:
    """Refuse to replace the journal when it is no longer the file that was read."""
    try:
        now = os.lstat(name)
        same_file = os.path.samestat(before, now) and stat.S_ISREG(now.st_mode)
        with open_file(name, error=CampaignError) as stream:
            same_text = stream.read(MAX_BYTES + 1) == raw
    except (OSError, CampaignError):
        same_file = same_text = False
    if not (same_file and same_text):
        raise OutputError(
            name,
            _(
                "it changed while the event was being added (another program wrote it, "
                "or replaced it); nothing was written: run the command again"
            ),
        )


def _relocated(error: CampaignError, spliced: Spliced, event: Mapping[str, Any]) -> CampaignError:
    """The problems of the journal with the new event, at the lines of the file on disk:
    those of the new event at the line it would take, those after it moved back up."""
    what = _("the new {kind} event of {day}").format(kind=event["event"], day=event["date"])
    last = spliced.line + spliced.count
    problems = []
    for problem in error.problems:
        line = problem.line
        message = problem.message
        if line is not None and spliced.count and spliced.line <= line < last:
            message = _("{what} (it would be line {line}): {message}").format(
                what=what, line=spliced.line, message=message
            )
            line = spliced.line
        else:
            if line is not None and line >= last:
                line -= spliced.count
            message = f"{message} (with {what})"
        problems.append(Problem(message, file=problem.file, line=line, key=problem.key))
    return CampaignError(problems)


def _added(before: Campaign, after: Campaign, company: str, spliced: Spliced) -> Event:
    """The event the splice added: the company's events are those it had and one more, the
    others unchanged (anything else is a bug, and nothing is written)."""
    old = before.company(company).events
    new = after.company(company).events
    extra = [event for event in new if event not in old or new.count(event) > old.count(event)]
    others_same = all(
        b.events == a.events
        for b, a in zip(before.companies, after.companies, strict=True)
        if b.name != company
    )
    if len(new) != len(old) + 1 or not extra or not others_same:
        raise AssertionError(f"adding the event changed more than {company}'s events")
    for event in new:
        if event in extra and event.line == spliced.line:
            return event
    return extra[-1]
