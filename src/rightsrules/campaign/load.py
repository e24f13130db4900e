"""Reading a campaign journal: YAML 1.2 (or JSON), checked like a scenario, then its history.

The journal is read by the same bounded reader and YAML reader as scenarios (no tags, no
anchors, no duplicate keys), checked against ``schemas/campaign.schema.json``, and its
``company``, ``organization``, ``concern``, ``context`` and ``engagement`` sections are
validated exactly as a scenario's. Then the history must be possible: events in date order, a
reply only after a message, a reply date no earlier than its message, each company named once.
Every problem names the file, the line and the key, all of them at once.

>>> campaign = campaign_from_text('''
... campaign: {name: Election shutdowns 2027}
... companies:
...   - company: {name: Example Mobile, type: mobile_network_operator}
...     events:
...       - {date: 2027-01-15, event: reply, outcome: acknowledged}
... ''', source="journal.yaml")
Traceback (most recent call last):
...
rightsrules.campaign.model.CampaignError: journal.yaml:6: companies.0.events.0: a reply before \
any message: record the message it answers first
"""

from __future__ import annotations

import datetime
import difflib
import functools
import os
import re
from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .._yaml import Document, PathKey, load_document
from ..errors import InputError, Problem
from ..i18n import N_, _
from ..scenario import parse_scenario_document
from ..schemas import EVENT_KEYS
from .model import EVENT_TYPES, Campaign, CampaignError, CompanyJournal, Event

if TYPE_CHECKING:
    from .._jsonschema import jsonschema

__all__ = [
    "EVENT_KEYS",
    "campaign_from_dict",
    "campaign_from_text",
    "load_campaign",
    "parse_campaign_document",
]

#: The keys every event may have; :data:`EVENT_KEYS` gives the others of each kind (a key
#: ending in ``!`` is required).
_COMMON_KEYS = ("date", "event", "notes", "follow_up")
#: The keys whose values are days.
DATE_KEYS = frozenset({"date", "reply_by", "follow_up"})
_DAY = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")
#: Sections a company may give for itself, over the campaign's shared ones.
_OWN_SECTIONS = ("organization", "engagement")
_SHARED_SECTIONS = ("organization", "concern", "context")


def load_campaign(path: str | os.PathLike[str], *, as_of: datetime.date | None = None) -> Campaign:
    """Read a campaign journal file; events dated after ``as_of`` (today when not given) are
    marked planned.

    >>> campaign = load_campaign("tests/fixtures/campaign/small.yaml",
    ...                          as_of=datetime.date(2027, 1, 20))
    >>> [journal.name for journal in campaign.companies]
    ['Example Mobile', 'Example Telecom']
    """
    return parse_campaign_document(load_document(Path(path), error=CampaignError), as_of=as_of)


def campaign_from_text(
    text: str | bytes, *, source: str | None = None, as_of: datetime.date | None = None
) -> Campaign:
    """Read a campaign journal from YAML or JSON text; ``source`` names it in messages (a
    name ending in ``.json`` reads it as JSON)."""
    document = load_document(text, file=source, error=CampaignError)
    return parse_campaign_document(document, as_of=as_of)


def campaign_from_dict(data: Mapping[str, Any], *, as_of: datetime.date | None = None) -> Campaign:
    """Validate plain data (as parsed from YAML or JSON) into a campaign; its problems have
    keys but no lines."""
    return parse_campaign_document(Document(data, "<input>", {}), as_of=as_of)


def parse_campaign_document(document: Document, *, as_of: datetime.date | None = None) -> Campaign:
    """Validate an already parsed document as a campaign journal."""
    return _Reader(document).campaign(as_of or datetime.date.today())


@functools.cache
def _validator() -> jsonschema.Draft7Validator:
    from ..schemas import campaign_schema
    from ..schemas.validation import validator

    return validator(campaign_schema())


class _Reader:
    def __init__(self, document: Document) -> None:
        self.document = document
        self.file = document.file
        self.problems: list[Problem] = []

    def problem(self, path: PathKey, message: str) -> None:
        key = ".".join(str(part) for part in path) or None
        line = self.document.line_of(path) if self.document.lines else None
        self.problems.append(Problem(message, file=self.file, line=line, key=key))

    def fail_if_any(self) -> None:
        if self.problems:
            raise CampaignError(self.problems)

    def campaign(self, as_of: datetime.date) -> Campaign:
        self.schema()
        data: Mapping[str, Any] = self.document.data
        given = {name: data[name] for name in _SHARED_SECTIONS if data.get(name) is not None}
        probe = self.scenario_sections({"company": {"name": "-", "type": "other"}, **given}, ())
        shared = {name: dict(probe.get(name, {})) for name in _SHARED_SECTIONS}
        companies = [
            self.company(index, item, as_of) for index, item in enumerate(data["companies"])
        ]
        self.same_names(companies)
        self.fail_if_any()
        return Campaign(
            name=" ".join(str(data["campaign"]["name"]).split()),
            organization=shared["organization"],
            concern=shared["concern"],
            context=shared["context"],
            companies=tuple(companies),
            source=None if self.file == "<input>" else self.file,
        )

    def schema(self) -> None:
        """The schema's problems, but those inside a scenario's sections: the scenario
        validator reports those, in its own words (a did-you-mean for a misspelt value)."""
        from ..schemas.validation import describe, most_specific

        errors = sorted(
            _validator().iter_errors(self.document.data),
            key=lambda e: [str(p) for p in e.absolute_path],
        )
        for error in most_specific(errors):
            path = tuple(error.absolute_path)
            if _in_scenario_section(path):
                continue
            if error.validator in ("pattern", "type") and path and path[-1] in DATE_KEYS:
                message = _("{instance!r} is not a date written YYYY-MM-DD").format(
                    instance=error.instance
                )
            elif error.validator == "type" and isinstance(error.validator_value, str):
                wanted = _(_TYPE_WORDS.get(error.validator_value, error.validator_value))
                message = f"expected {wanted}, not {_kind_of(error.instance)}"
            elif error.validator == "minItems" and path == ("companies",):
                message = _("a journal lists at least one company")
            elif error.validator == "enum":
                allowed = [str(value) for value in error.validator_value]
                close = difflib.get_close_matches(str(error.instance), allowed, n=1, cutoff=0.6)
                hint = _(" (did you mean {value!r}?)").format(value=close[0]) if close else ""
                message = _("{instance!r} is not one of: {allowed}{hint}").format(
                    instance=error.instance, allowed=", ".join(allowed), hint=hint
                )
            elif error.validator == "required":
                missing = [key for key in error.validator_value if key not in error.instance]
                message = _("required key {key!r} is missing").format(key=missing[0])
            else:
                message = describe(error)
            self.problem(path, message)
        self.fail_if_any()

    def scenario_sections(self, sections: Mapping[str, Any], where: PathKey) -> dict[str, Any]:
        """Validate sections as a scenario's, reporting each problem at its place here:
        ``where`` is the company's place in the journal (``()`` for the shared sections).
        The sections as validated (text made one line, codes in capitals), or ``{}``."""
        lines: dict[PathKey, int] = {}
        for path, line in self.document.lines.items():
            if where and path[: len(where)] == where and len(path) > len(where):
                lines[path[len(where) :]] = line
            elif not where and path and path[0] in _SHARED_SECTIONS:
                lines[path] = line
        try:
            scenario = parse_scenario_document(Document(dict(sections), self.file, lines))
        except InputError as error:
            prefix = ".".join(str(part) for part in where)
            for problem in error.problems:
                key = f"{prefix}.{problem.key}" if prefix and problem.key else problem.key
                self.problems.append(Problem(problem.message, self.file, problem.line, key))
            return {}
        return scenario.to_dict()

    def company(self, index: int, item: Mapping[str, Any], as_of: datetime.date) -> CompanyJournal:
        where: PathKey = ("companies", index)
        own = {name: item[name] for name in _OWN_SECTIONS if item.get(name) is not None}
        valid = self.scenario_sections({"company": item.get("company"), **own}, where)
        events = tuple(self.events(where, item.get("events") or [], as_of))
        company = valid.get("company")
        if company is None:  # not valid (reported): its name, if it has one, for same_names
            raw = item.get("company")
            name = raw.get("name") if isinstance(raw, Mapping) else None
            company = {"name": " ".join(name.split())} if isinstance(name, str) else {}
        return CompanyJournal(
            company=company,
            events=events,
            sections={name: valid.get(name, {}) for name in own},
            line=self.document.line_of(where) if self.document.lines else None,
        )

    def events(
        self, where: PathKey, items: list[Mapping[str, Any]], as_of: datetime.date
    ) -> Iterator[Event]:
        previous: Event | None = None
        messages = 0
        for index, item in enumerate(items):
            here = (*where, "events", index)
            event = self.event(here, item, as_of)
            if event is None:
                continue
            if previous is not None and event.date < previous.date:
                self.problem(
                    (*here, "date"),
                    _("events out of date order: {date} comes after {previous}").format(
                        date=event.date, previous=previous.date
                    )
                    + self.at(previous)
                    + _("; list each company's events in date order"),
                )
            if event.event == "message_sent":
                messages += 1
                reply_by = event.reply_by
                if reply_by is not None and reply_by < event.date:
                    self.problem(
                        (*here, "reply_by"),
                        _(
                            "the reply date {reply_by} is before the message's own date {date}"
                        ).format(reply_by=reply_by, date=event.date),
                    )
            elif event.event == "reply" and not messages:
                message = _("a reply before any message: record the message it answers first")
                self.problem(here, message)
            previous = event
            yield event

    def at(self, event: Event) -> str:
        return f" (line {event.line})" if event.line is not None else ""

    def event(self, here: PathKey, item: Mapping[str, Any], as_of: datetime.date) -> Event | None:
        kind = item["event"]
        allowed = [key.rstrip("!") for key in EVENT_KEYS[kind]]
        fields: dict[str, Any] = {}
        wrong = False
        for key, value in item.items():
            if key in ("date", "event"):
                continue
            if key not in allowed and key not in _COMMON_KEYS:
                keys = ", ".join([*allowed, "notes", "follow_up"])
                self.problem(
                    (*here, key),
                    _("not a key of a {kind} event (its keys: {keys})").format(
                        kind=kind, keys=keys
                    ),
                )
                wrong = True
                continue
            if key in DATE_KEYS:
                day = self.day((*here, key), value)
                if day is None:
                    wrong = True
                    continue
                value = day
            elif isinstance(value, str):
                value = " ".join(value.split())
            fields[key] = value
        for key in EVENT_KEYS[kind]:
            if key.endswith("!") and key.rstrip("!") not in item:
                self.problem(
                    here,
                    _("a {kind} event needs '{key}'").format(kind=kind, key=key.rstrip("!")),
                )
                wrong = True
        date = self.day((*here, "date"), item["date"])
        if date is None or wrong:
            return None
        line = self.document.line_of(here) if self.document.lines else None
        return Event(date, kind, fields, line=line, planned=date > as_of)

    def day(self, where: PathKey, value: Any) -> datetime.date | None:
        if isinstance(value, datetime.datetime):
            self.problem(
                where, _("expected a day, not a date and time {value}").format(value=value)
            )
            return None
        if isinstance(value, datetime.date):
            return value
        text = str(value).strip()
        if _DAY.fullmatch(text):
            try:
                return datetime.date.fromisoformat(text)
            except ValueError:
                pass
        self.problem(where, _("{value!r} is not a date written YYYY-MM-DD").format(value=value))
        return None

    def same_names(self, companies: list[CompanyJournal]) -> None:
        seen: dict[str, int] = {}
        for index, journal in enumerate(companies):
            if "name" not in journal.company:
                continue  # not valid: already reported
            name = journal.name.casefold()
            if name in seen:
                first = companies[seen[name]].line
                at = _(" (first on line {first})").format(first=first) if first is not None else ""
                self.problem(
                    ("companies", index, "company", "name"),
                    _("a second company called {name!r}{at}: each company is named once").format(
                        name=journal.name, at=at
                    ),
                )
            else:
                seen[name] = index


_TYPE_WORDS = {
    "object": N_("a mapping"),
    "array": N_("a list"),
    "string": N_("text"),
    "boolean": N_("true or false"),
}


def _kind_of(value: Any) -> str:
    """What a value is, in words, for a message."""
    if isinstance(value, bool):
        return _("true or false")
    if isinstance(value, dict):
        return "a mapping"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, str):
        return "text"
    if value is None:
        return "nothing"
    return "a number" if isinstance(value, int | float) else type(value).__name__


def _in_scenario_section(path: PathKey) -> bool:
    """Whether a place in the journal is inside one of its scenario sections."""
    if path and path[0] in _SHARED_SECTIONS:
        return True
    return len(path) > 2 and path[0] == "companies" and path[2] in ("company", *_OWN_SECTIONS)


assert set(EVENT_KEYS) == set(EVENT_TYPES)
