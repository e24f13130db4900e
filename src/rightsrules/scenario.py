"""The scenario: one company, its context, the concern and where the engagement stands.

A scenario is read from YAML 1.2 or JSON (:func:`load_scenario`) or built from a mapping
(:meth:`Scenario.from_dict`). Every key but ``company.name`` and ``company.type`` is optional,
and an absent key is *unknown*: ``None`` here, never ``False``.

>>> scenario = Scenario.from_dict({"company": {"name": "Example Net", "type": "isp"}})
>>> scenario.company.type, scenario.company.licensed
(<CompanyType.ISP: 'isp'>, None)
>>> scenario.facts()
{'company.name': 'Example Net', 'company.type': 'isp'}
"""

from __future__ import annotations

import datetime
import difflib
import enum
import json
import os
import re
import reprlib
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any, TypeAlias

import attrs

from . import _json
from ._memo import Memo
from ._yaml import MAX_BYTES, MAX_DEPTH, Document, PathKey, load_document, strict_json
from .errors import Problem, ScenarioError
from .i18n import _
from .vocabulary import (
    COUNTRY_CODES,
    FIELDS,
    SECTIONS,
    BusinessModel,
    CompanyType,
    Department,
    Driver,
    EngagementStage,
    FieldKind,
    Issue,
    LastReply,
    Network,
    Offer,
    Relationship,
    Size,
    StateOwnership,
)

__all__ = [
    "MAX_LIST_ITEMS",
    "MAX_TEXT_LENGTH",
    "Company",
    "Concern",
    "Context",
    "Engagement",
    "FactValue",
    "History",
    "Organization",
    "Scenario",
    "as_scenario",
    "facts_to_dict",
    "json_record_facts",
    "json_record_scenario",
    "load_scenario",
    "parse_scenario",
    "parse_scenario_document",
    "parse_value",
    "plain_facts",
    "unknown_key_message",
]

#: The longest free-text value accepted, in characters.
MAX_TEXT_LENGTH = 500
#: The most items a list may hold.
MAX_LIST_ITEMS = 100

_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")
_SURROGATE = re.compile(r"[\ud800-\udfff]")
_ASCII_LETTERS = re.compile(r"[A-Za-z]{2}")
_ISO_DAY = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")

#: A known fact's value: a boolean, a string (enum values are their string) or a tuple of them.
FactValue: TypeAlias = bool | str | tuple[str, ...]


@attrs.frozen(kw_only=True)
class Company:
    name: str
    type: CompanyType
    licensed: bool | None = None
    local_staff: bool | None = None
    state_ownership: StateOwnership | None = None
    publicly_traded: bool | None = None
    size: Size | None = None
    headquarters: str | None = None
    business_model: BusinessModel | None = None
    gni_member: bool | None = None
    industry_associations: tuple[str, ...] | None = None
    departments: tuple[Department, ...] | None = None
    published_reports: tuple[str, ...] | None = None
    public_commitments: tuple[str, ...] | None = None


@attrs.frozen(kw_only=True)
class Context:
    country: str | None = None
    legal_mapping_done: bool | None = None
    local_law_conflicts_with_international_law: bool | None = None
    consumer_protection_law: bool | None = None


@attrs.frozen(kw_only=True)
class Concern:
    issue: Issue | None = None
    driver: Driver | None = None


@attrs.frozen(kw_only=True)
class Organization:
    name: str | None = None
    relationship: Relationship | None = None
    capacity: Size | None = None
    documentation_system: bool | None = None
    can_offer: tuple[Offer, ...] | None = None
    networks: tuple[Network, ...] | None = None


@attrs.frozen(kw_only=True)
class Engagement:
    stage: EngagementStage | None = None
    contacting_competitors: bool | None = None
    key_contact_left: bool | None = None
    response_deadline: str | None = None  # YYYY-MM-DD; only the reports read it


@attrs.frozen(kw_only=True)
class History:
    """What a campaign journal's events say as of a date (:mod:`rightsrules.campaign`)."""

    message_sent: bool | None = None
    reply_by: str | None = None  # YYYY-MM-DD
    reply_by_passed: bool | None = None
    last_reply: LastReply | None = None
    replied: bool | None = None
    met: bool | None = None
    met_since_message: bool | None = None
    contact_made: bool | None = None
    contact_left_after_contact: bool | None = None
    other_company_approached: bool | None = None
    public_statement: bool | None = None
    company_statement: bool | None = None


_SECTION_CLASSES: dict[str, type[Any]] = {
    "company": Company,
    "context": Context,
    "concern": Concern,
    "organization": Organization,
    "engagement": Engagement,
    "history": History,
}


@attrs.frozen(kw_only=True)
class Scenario:
    """A validated scenario. Build it with :meth:`from_dict` or :func:`load_scenario`."""

    company: Company
    context: Context = attrs.field(factory=Context)
    concern: Concern = attrs.field(factory=Concern)
    organization: Organization = attrs.field(factory=Organization)
    engagement: Engagement = attrs.field(factory=Engagement)
    history: History = attrs.field(factory=History)
    source: str | None = attrs.field(default=None, eq=False, repr=False)

    @classmethod
    def from_dict(
        cls,
        data: Any,
        *,
        file: str | None = None,
        lines: Mapping[PathKey, int] | None = None,
    ) -> Scenario:
        """Validate a plain mapping (as parsed from YAML or JSON) into a scenario.

        Every problem found is reported at once, each with its key and, when ``lines`` is
        given, its line.

        >>> Scenario.from_dict({"company": {"name": "X", "type": "isp", "sise": "large"}})
        Traceback (most recent call last):
        ...
        rightsrules.errors.ScenarioError: company.sise: unknown key (did you mean 'size'?)
        """
        if data.__class__ is dict:
            fast = _plain_scenario(data, file)
            if fast is not None:
                return fast
        return _Validator(file, Document(data, file or "<input>", dict(lines or {}))).scenario()

    def get(self, path: str) -> FactValue | None:
        """The value at a dotted path, or ``None`` when it is unknown.

        >>> Scenario.from_dict({"company": {"name": "X", "type": "isp"}}).get("company.type")
        'isp'
        """
        field = FIELDS.get(path) if isinstance(path, str) else None
        if field is None:
            raise ScenarioError([Problem(unknown_key_message(path, FIELDS), key=_key(path))])
        value = getattr(getattr(self, field.section), field.key)
        return _plain(value)

    def facts(self) -> dict[str, FactValue]:
        """Every known value by dotted path, in vocabulary order; unknown paths are left out."""
        known: dict[str, FactValue] = {}
        for section_name, fields in _FIELDS_BY_SECTION:
            section = getattr(self, section_name)
            for path, key in fields:
                value = getattr(section, key)
                if value is not None:
                    known[path] = _fact_value(value)
        return known

    def to_dict(self) -> dict[str, dict[str, Any]]:
        """The scenario as plain data, known values only, ready for JSON or YAML.

        >>> data = {"company": {"name": "X", "type": "isp", "departments": []}}
        >>> Scenario.from_dict(data).to_dict()
        {'company': {'name': 'X', 'type': 'isp', 'departments': []}}
        """
        return facts_to_dict(self.facts())

    def with_values(self, values: Mapping[str, Any]) -> Scenario:
        """A copy with values set (``None`` makes a path unknown), validated like a file.

        >>> base = Scenario.from_dict({"company": {"name": "X", "type": "isp"}})
        >>> base.with_values({"company.size": "large"}).company.size
        <Size.LARGE: 'large'>
        """
        if all(path in FIELDS for path in values):
            return self._with_known(values)
        data = self.to_dict()
        for path, value in values.items():
            if not isinstance(path, str):
                raise ScenarioError([Problem(unknown_key_message(path, FIELDS), key=_key(path))])
            section, _dot, key = path.partition(".")
            if not key:
                raise ScenarioError(
                    [Problem(_("expected a dotted path such as company.size"), key=path)]
                )
            target = data.setdefault(section, {})
            if not isinstance(target, dict):
                raise ScenarioError([Problem("not a section", key=section)])
            if value is None:
                target.pop(key, None)
            else:
                target[key] = list(value) if isinstance(value, tuple) else value
        return Scenario.from_dict(data, file=self.source)

    def _with_known(self, values: Mapping[str, Any]) -> Scenario:
        """:meth:`with_values` for vocabulary paths: each new value validated as from a file,
        the rest kept as they are (already valid), without reading the whole scenario again."""
        validator = _Validator(self.source, Document({}, self.source or "<input>", {}))
        sections: dict[str, dict[str, Any]] = {}
        for path, value in values.items():
            field = FIELDS[path]
            changes = sections.setdefault(field.section, {})
            if value is None:
                changes[field.key] = None
                continue
            plain = list(value) if isinstance(value, tuple) else value
            checked = validator.value(path, plain)
            if checked is not None:
                changes[field.key] = checked
        company = sections.get("company", {})
        for key in ("name", "type"):
            if key in company and company[key] is None:
                validator.problem(("company", key), _("required key is missing"))
        if validator.problems:
            raise ScenarioError(validator.problems)
        evolved = {
            name: attrs.evolve(getattr(self, name), **changes) for name, changes in sections.items()
        }
        return attrs.evolve(self, **evolved)


#: Each section's name with the (path, key) of each of its fields, in vocabulary order.
_FIELDS_BY_SECTION: tuple[tuple[str, tuple[tuple[str, str], ...]], ...] = tuple(
    (name, tuple((f.path, f.key) for f in FIELDS.values() if f.section == name))
    for name in SECTIONS
)
_SECTION_KEYS: dict[str, list[str]] = {
    name: [key for _, key in fields] for name, fields in _FIELDS_BY_SECTION
}


#: Each path's place in the vocabulary, and its section and key.
_POSITION: dict[str, int] = {
    path: place
    for place, path in enumerate(path for _, fields in _FIELDS_BY_SECTION for path, _ in fields)
}
_SECTION_AND_KEY: dict[str, tuple[str, str]] = {
    path: (field.section, field.key) for path, field in FIELDS.items()
}


def facts_to_dict(facts: Mapping[str, FactValue]) -> dict[str, dict[str, Any]]:
    """A scenario's plain data (as :meth:`Scenario.to_dict`) from its facts, in any order:
    sections and keys in vocabulary order, lists as lists.

    >>> facts_to_dict({"concern.issue": "network_shutdown", "company.name": "X",
    ...                "company.departments": ("legal",)})
    {'company': {'name': 'X', 'departments': ['legal']}, 'concern': {'issue': 'network_shutdown'}}
    """
    result: dict[str, dict[str, Any]] = {}
    where = _SECTION_AND_KEY
    for path in sorted(facts, key=_POSITION.__getitem__):
        section, key = where[path]
        value = facts[path]
        values = result.get(section)
        if values is None:
            values = result[section] = {}
        values[key] = list(value) if value.__class__ is tuple else value
    return result


def _fact_value(value: Any) -> FactValue:
    """A validated value as a fact: booleans and text as they are, an enum member as its
    value, a tuple item by item."""
    if value.__class__ is bool or value.__class__ is str:
        return value
    if value.__class__ is tuple:
        return tuple(i if i.__class__ is str else i._value_ for i in value)
    return value._value_  # type: ignore[no-any-return]  # an enum member, read directly


def _plain(value: Any) -> FactValue | None:
    if value is None or isinstance(value, bool):
        return value
    if isinstance(value, enum.Enum):
        return str(value.value)
    if isinstance(value, tuple):
        return tuple(str(item.value) if isinstance(item, enum.Enum) else item for item in value)
    return str(value)


def load_scenario(path: str | os.PathLike[str]) -> Scenario:
    """Read a scenario file (YAML 1.2, or JSON when the name ends in ``.json``).

    >>> load_scenario("facts/examples/mno-network-shutdown.yaml").company.type
    <CompanyType.MOBILE_NETWORK_OPERATOR: 'mobile_network_operator'>
    """
    return parse_scenario_document(load_document(Path(path), error=ScenarioError))


def parse_scenario(source: str | bytes, *, file: str | None = None) -> Scenario:
    """Read a scenario from YAML or JSON text (or its UTF-8 bytes); ``file`` names it in
    messages, and a name ending in ``.json`` reads it as JSON.

    >>> parse_scenario("company: {name: Example Net, type: isp}").company.name
    'Example Net'
    """
    return parse_scenario_document(load_document(source, file=file, error=ScenarioError))


def parse_scenario_document(document: Document) -> Scenario:
    """Validate an already parsed document as a scenario."""
    return _Validator(document.file, document).scenario()


def as_scenario(scenario: Scenario | Mapping[str, Any] | str | os.PathLike[str]) -> Scenario:
    """A :class:`Scenario` from a scenario, a plain mapping, or a file path (``str`` or
    ``Path``; to read YAML text, use :func:`parse_scenario`).

    >>> as_scenario({"company": {"name": "Example Net", "type": "isp"}}).company.name
    'Example Net'
    """
    if isinstance(scenario, Scenario):
        return scenario
    if isinstance(scenario, str | os.PathLike):
        return load_scenario(Path(scenario))
    return Scenario.from_dict(scenario)


def parse_value(path: str, text: str) -> FactValue | None:
    """Read a value for ``path`` written on a command line (``true``, ``large``, ``a,b``).

    ``unknown`` makes the path unknown.

    >>> parse_value("company.publicly_traded", "true")
    True
    >>> parse_value("company.departments", "legal,policy")
    ('legal', 'policy')
    """
    field = FIELDS.get(path) if isinstance(path, str) else None
    if field is None:
        raise ScenarioError([Problem(unknown_key_message(path, FIELDS), key=_key(path))])
    if text.strip() == "unknown":
        return None
    value: Any
    if field.kind is FieldKind.BOOL:
        value = {"true": True, "false": False}.get(text.strip().lower(), text)
    elif field.is_list:
        value = [item.strip() for item in text.split(",") if item.strip()]
    else:
        value = text.strip()
    section, key = path.split(".", 1)
    base: dict[str, Any] = {"company": {"name": "x", "type": "other"}}
    base.setdefault(section, {})[key] = value
    return Scenario.from_dict(base).get(path)


def unknown_key_message(name: object, known: Iterable[str]) -> str:
    """What is said of a key that is not one of ``known``: with the closest as a suggestion.

    >>> unknown_key_message("sise", ["size", "type"])
    "unknown key (did you mean 'size'?)"
    """
    if not isinstance(name, str):
        return _("a key is text, not {value}").format(value=_type_name(name))
    close = difflib.get_close_matches(name, list(known), n=1, cutoff=0.6)
    return _("unknown key") + (
        _(" (did you mean {value!r}?)").format(value=close[0]) if close else ""
    )


class _Validator:
    def __init__(self, file: str | None, document: Document) -> None:
        self.file = file
        self.document = document
        self.problems: list[Problem] = []

    def problem(self, path: PathKey, message: str) -> None:
        key = ".".join(str(part) for part in path) or None
        line = self.document.line_of(path) if self.document.lines else None
        self.problems.append(Problem(message, file=self.file, line=line, key=key))

    def scenario(self) -> Scenario:
        data = self.document.data
        sections: dict[str, Any] = {}
        if not isinstance(data, Mapping):
            self.problem(
                (),
                _("a scenario is a mapping of sections, not {value}").format(
                    value=_type_name(data)
                ),
            )
        else:
            for name, value in data.items():
                if name not in SECTIONS:
                    self.problem((name,), unknown_key_message(name, SECTIONS))
                elif value is None:
                    continue
                elif not isinstance(value, Mapping):
                    self.problem(
                        (name,),
                        _("expected a mapping of keys, not {value}").format(
                            value=_type_name(value)
                        ),
                    )
                else:
                    sections[name] = self.section(name, value)
            company = sections.get("company", {})
            for path in ("company.name", "company.type"):
                if path.split(".")[1] not in company and not self._already_reported(path):
                    self.problem(tuple(path.split(".")), _("required key is missing"))
        if self.problems:
            raise ScenarioError(self.problems)
        built = {name: _SECTION_CLASSES[name](**values) for name, values in sections.items()}
        return Scenario(**built, source=self.file)

    def _already_reported(self, path: str) -> bool:
        return any(problem.key == path for problem in self.problems)

    def section(self, name: str, values: Mapping[str, Any]) -> dict[str, Any]:
        keys = _SECTION_KEYS[name]
        result: dict[str, Any] = {}
        for key, value in values.items():
            path = f"{name}.{key}"
            if path not in FIELDS:
                self.problem((name, key), unknown_key_message(key, keys))
                continue
            if value is None:
                continue
            checked = self.value(path, value)
            if checked is not None:
                result[key] = checked
        return result

    def value(self, path: str, value: Any) -> Any:
        where: PathKey = _WHERE[path]
        if path in _LIST_PATHS:
            if not isinstance(value, (list, tuple)):
                self.problem(where, f"expected a list, not {_type_name(value)}")
                return None
            if len(value) > MAX_LIST_ITEMS:
                self.problem(
                    where,
                    _("{count} items; the limit is {limit}").format(
                        count=len(value), limit=MAX_LIST_ITEMS
                    ),
                )
                return None
            items = [self.scalar(path, (*where, i), item) for i, item in enumerate(value)]
            if None in items:
                return None
            return tuple(dict.fromkeys(items))
        return self.scalar(path, where, value)

    def scalar(self, path: str, where: PathKey, value: Any) -> Any:
        # A value already accepted at this path is accepted again as it was: a batch repeats
        # the same few enum values, booleans, codes and list items thousands of times. Free
        # text (names) is not remembered: it rarely repeats and would only fill the memory.
        if (value.__class__ is str or value.__class__ is bool) and path not in _FREE_TEXT:
            found = _ACCEPTED.get((path, value))
            if found is not None:
                return found
            checked = self._scalar(path, where, value)
            if checked is not None:
                _ACCEPTED.put((path, value), checked)
                _ACCEPTED_FACTS.put((path, value), _fact_value(checked))
            return checked
        return self._scalar(path, where, value)

    def _scalar(self, path: str, where: PathKey, value: Any) -> Any:
        field = FIELDS[path]
        if field.kind is FieldKind.BOOL:
            if not isinstance(value, bool):
                self.problem(
                    where, _("expected true or false, not {value}").format(value=_show(value))
                )
                return None
            return value
        if field.kind is FieldKind.DATE and isinstance(value, datetime.date):
            if isinstance(value, datetime.datetime):  # a date, not a moment
                self.problem(
                    where,
                    _("expected a day, not a date and time {value}").format(value=_show(value)),
                )
                return None
            return value.isoformat()  # as a YAML library reads an unquoted 2030-01-31
        if not isinstance(value, str):
            self.problem(
                where,
                _("expected text, not {kind} {value}").format(
                    kind=_type_name(value), value=_show(value)
                ),
            )
            return None
        if field.kind in (FieldKind.TEXT, FieldKind.TEXT_LIST):
            text, wrong = _read_text(value)
            if wrong is not None:
                self.problem(where, wrong)
                return None
            return text
        if field.kind is FieldKind.DATE:
            day = value.strip()
            if not _ISO_DAY.fullmatch(day) or not _is_day(day):
                self.problem(
                    where, _("{value} is not a date written YYYY-MM-DD").format(value=_show(value))
                )
                return None
            return day
        if field.kind is FieldKind.COUNTRY:
            code = value.strip()
            # Two ASCII letters first: str.upper() would make "ß" "SS" and "ﬁ" "FI".
            code = code.upper() if _ASCII_LETTERS.fullmatch(code) else ""
            if code not in COUNTRY_CODES:
                self.problem(
                    where,
                    _("{value!r} is not an ISO 3166-1 alpha-2 country code").format(value=value),
                )
                return None
            return code
        assert field.enum is not None
        try:
            return field.enum(value)
        except ValueError:
            allowed = field.allowed
            close = difflib.get_close_matches(value, allowed, n=1, cutoff=0.6)
            hint = _(" (did you mean {value!r}?)").format(value=close[0]) if close else ""
            self.problem(
                where,
                _("{value!r} is not one of: {allowed}{hint}").format(
                    value=value, allowed=", ".join(allowed), hint=hint
                ),
            )
            return None


_WHERE: dict[str, PathKey] = {path: tuple(path.split(".")) for path in FIELDS}
_LIST_PATHS = frozenset(path for path, field in FIELDS.items() if field.is_list)

_MAX_ACCEPTED = 16_384
#: (path, value) -> the accepted value, for values that passed :meth:`_Validator.scalar`.
_ACCEPTED: Memo[tuple[str, str | bool], Any] = Memo(_MAX_ACCEPTED)
#: (path, value) -> the accepted value as a fact (an enum member's value, not the member).
_ACCEPTED_FACTS: Memo[tuple[str, str | bool], FactValue] = Memo(_MAX_ACCEPTED)
_FREE_TEXT = frozenset(path for path, field in FIELDS.items() if field.kind is FieldKind.TEXT)


#: section -> {key: its dotted path}, for the vocabulary's keys.
_PATHS: dict[str, dict[str, str]] = {
    name: {key: path for path, key in fields} for name, fields in _FIELDS_BY_SECTION
}


def _plain_scenario(data: dict[str, Any], file: str | None) -> Scenario | None:
    """The scenario of plain JSON data when every value passes as it stands (see
    :func:`_plain_values`), else ``None``."""
    values = _plain_values(data, _ACCEPTED)
    if values is None:
        return None
    sections: dict[str, dict[str, Any]] = {}
    for path, value in values.items():
        section, key = _SECTION_AND_KEY[path]
        sections.setdefault(section, {})[key] = value
    built = {name: _SECTION_CLASSES[name](**values) for name, values in sections.items()}
    return Scenario(**built, source=file)


def plain_facts(data: dict[str, Any]) -> dict[str, FactValue] | None:
    """What ``Scenario.from_dict(data).facts()`` gives, in the order of ``data``, without
    building the scenario, when the data is plain (dicts, lists, text, booleans) and passes as
    it stands; ``None`` when it must be read by :meth:`Scenario.from_dict` (which then says
    what is wrong, if anything). A batch reads most of its records this way.

    >>> plain_facts({"company": {"name": "X", "type": "isp", "departments": ["legal"]}})
    {'company.name': 'X', 'company.type': 'isp', 'company.departments': ('legal',)}
    """
    return _plain_values(data, _ACCEPTED_FACTS)


def _plain_values(
    data: dict[str, Any], accepted: Memo[tuple[str, str | bool], Any]
) -> dict[str, Any] | None:
    """Each path's validated value, as ``accepted`` gives it, when plain JSON data (dicts,
    lists, text, booleans) passes as it stands, else ``None``: then :class:`_Validator` reads
    it again and reports each problem with its message.

    The same checks as :meth:`_Validator.value`, in one loop: a value already accepted at its
    path (``accepted`` is :data:`_ACCEPTED` or :data:`_ACCEPTED_FACTS`, the validator's own
    memos) is taken as accepted then, free text is read by :func:`_read_text`, as the
    validator does; anything else (an unknown key, a value never seen, a value of another
    type, a missing required key) takes the slow path.
    """
    values: dict[str, Any] = {}
    for name, section in data.items():
        paths = _PATHS.get(name)
        if paths is None:
            return None
        if section is None:
            continue
        if section.__class__ is not dict:
            return None
        for key, value in section.items():
            path = paths.get(key)
            if path is None:
                return None
            if value is None:
                continue
            cls = value.__class__
            checked: Any
            if cls is str or cls is bool:
                if path in _FREE_TEXT:
                    if cls is not str:
                        return None
                    checked, wrong = _read_text(value)
                    if wrong is not None:
                        return None
                else:
                    checked = accepted.get((path, value))
                    if checked is None or path in _LIST_PATHS:
                        return None  # never seen, or a list path given one value
            elif cls is list:
                if path not in _LIST_PATHS or len(value) > MAX_LIST_ITEMS:
                    return None
                items = []
                for item in value:
                    if item.__class__ is not str:
                        return None
                    found = accepted.get((path, item))
                    if found is None:
                        return None
                    items.append(found)
                checked = tuple(dict.fromkeys(items))
            else:
                return None
            values[path] = checked
    if "company.name" not in values or "company.type" not in values:
        return None
    return values


# --- one JSON record (a JSON-lines line) -------------------------------------------------------


def json_record_scenario(
    text: str | bytes, *, file: str | None = None, line: int | None = None
) -> Scenario:
    """The scenario of one JSON document that is a record of a batch (a JSON-lines line),
    read as a ``.json`` scenario file is: a duplicate key, an integer of more than
    :data:`~rightsrules._yaml.MAX_INT_DIGITS` digits and nesting deeper than
    :data:`~rightsrules._yaml.MAX_DEPTH` are refused, each a :class:`ScenarioError` at the
    record's line.

    >>> json_record_scenario('{"company": {"name": "A", "type": "isp"}}').company.type
    <CompanyType.ISP: 'isp'>
    >>> json_record_scenario('{"a": 1, "a": 2}', file="in.jsonl", line=3)
    Traceback (most recent call last):
    ...
    rightsrules.errors.ScenarioError: in.jsonl:3: a: duplicate key (first given on line 1)
    """
    fast = _fast_json(text)
    if fast is not None:
        scenario = _plain_scenario(fast, file)
        if scenario is not None:
            return scenario
    where = file or "<input>", line or 1
    data = _strict_json_record(text, *where)
    if not isinstance(data, Mapping):
        raise ScenarioError([Problem(_("a scenario is a mapping of sections"), file, line)])
    return Scenario.from_dict(data, file=file)


def json_record_facts(
    text: str | bytes, *, file: str | None = None, line: int | None = None
) -> dict[str, FactValue]:
    """``json_record_scenario(text, ...).facts()``, without building the scenario when the
    record is plain data that passes as it stands (:func:`plain_facts`).

    orjson reads the records first, where it is installed. Where it reads text differently
    from the json module it either refuses it (a lone surrogate, NaN, a number out of range)
    or gives a number (an integer past 64 bits becomes a float); the fast path takes no
    number, so what it accepts reads the same either way, and the rest is read again by the
    json module, which writes any message.

    >>> json_record_facts('{"company": {"name": "A", "type": "isp"}}')
    {'company.name': 'A', 'company.type': 'isp'}
    """
    fast = _fast_json(text)
    if fast is not None:
        facts = plain_facts(fast)
        if facts is not None:
            return facts
    return json_record_scenario(text, file=file, line=line).facts()


def _fast_json(text: str | bytes) -> dict[str, Any] | None:
    """The mapping of a JSON record when orjson reads it as one, else ``None``. orjson keeps
    the last of duplicate keys: a record with more key-like ``"...":`` marks than the keys it
    was read into may hold one, and is read by the json module instead."""
    if _json.orjson is None or len(text) > MAX_BYTES:
        return None
    try:
        data = _json.orjson.loads(text)
    except Exception:
        return None
    if data.__class__ is not dict:
        return None
    marks = _KEY_MARK.findall(text if isinstance(text, bytes) else text.encode())
    return data if len(marks) == _count_keys(data) else None


# Every key of a JSON text ends in a quote followed by a colon; a string may hold such a
# mark too, which only sends the record to the full reading.
_KEY_MARK = re.compile(rb'"\s*:')


def _count_keys(data: Any) -> int:
    count = 0
    stack = [data]
    while stack:
        item = stack.pop()
        if item.__class__ is dict:
            count += len(item)
            stack.extend(item.values())
        elif item.__class__ is list:
            stack.extend(item)
    return count


def _strict_json_record(text: str | bytes, file: str, line: int) -> Any:
    if len(text) > MAX_BYTES:
        message = _("record is over the limit of {limit} bytes").format(limit=MAX_BYTES)
        raise ScenarioError([Problem(message, file=file, line=line)])
    if isinstance(text, bytes):
        try:
            text = text.decode("utf-8-sig" if line == 1 else "utf-8")
        except UnicodeDecodeError as error:
            message = _("not UTF-8 text (byte {start})").format(start=error.start)
            raise ScenarioError([Problem(message, file=file, line=line)]) from None
    if not text.strip():
        raise ScenarioError([Problem(_("empty record"), file=file, line=line)])
    try:
        data = strict_json(text)
    except json.JSONDecodeError as error:
        raise ScenarioError(
            [Problem(_("invalid JSON: {msg}").format(msg=error.msg), file=file, line=line)]
        ) from None
    except RecursionError:
        data = None  # deeper than the interpreter goes: deeper than MAX_DEPTH, said below
    except ValueError as error:  # a duplicate key, an integer too long
        raise _as_json_file(text, file, line, error) from None
    deep = _too_deep(data)
    if deep is not None or (data is None and text.strip() != "null"):
        message = _("nested more than {depth} levels deep").format(depth=MAX_DEPTH)
        raise ScenarioError([Problem(message, file=file, line=line, key=deep or None)])
    return data


def _as_json_file(text: str, file: str, line: int, error: ValueError) -> ScenarioError:
    """The error a ``.json`` file holding this record's text gives (its key and message),
    at the record's line."""
    try:
        load_document(text, file=file + ".json", error=ScenarioError)
    except ScenarioError as exc:
        return ScenarioError(attrs.evolve(p, file=file, line=line) for p in exc.problems)
    return ScenarioError([Problem(str(error), file=file, line=line)])


def _too_deep(data: Any) -> str | None:
    """The dotted path of the first value nested deeper than MAX_DEPTH, else ``None``."""
    stack: list[tuple[Any, tuple[str, ...]]] = [(data, ())]
    while stack:
        item, path = stack.pop()
        if len(path) > MAX_DEPTH:
            return ".".join(path[: MAX_DEPTH + 1])
        if item.__class__ is dict:
            stack.extend((value, (*path, str(key))) for key, value in item.items())
        elif item.__class__ is list:
            stack.extend((value, (*path, str(i))) for i, value in enumerate(item))
    return None


def _read_text(value: str) -> tuple[str, str | None]:
    """Free text with its runs of white space made one space, and what is wrong with it, if
    anything.

    >>> _read_text("  Example   Net "), _read_text("a\\x00b")[1]
    (('Example Net', None), 'control characters are not allowed in text')
    """
    if _CONTROL.search(value):
        return value, _("control characters are not allowed in text")
    if _SURROGATE.search(value):
        # Only JSON escapes (\ud800) can make one; no encoder would write it out.
        return value, _("not valid Unicode text (a lone surrogate)")
    text = " ".join(value.split())
    if not text:
        return text, _("must not be empty")
    if len(text) > MAX_TEXT_LENGTH:
        return text, _("{count} characters; the limit is {limit}").format(
            count=len(text), limit=MAX_TEXT_LENGTH
        )
    return text, None


def _is_day(text: str) -> bool:
    try:
        datetime.date.fromisoformat(text)
    except ValueError:
        return False
    return True


def _type_name(value: Any) -> str:
    if value is None:
        return _("nothing")
    if isinstance(value, bool):
        return _("a boolean")
    if isinstance(value, int | float):
        return _("a number")
    if isinstance(value, str):
        return _("text")
    if isinstance(value, list):
        return _("a list")
    if isinstance(value, dict):
        return _("a mapping")
    return type(value).__name__


def _key(name: object) -> str:
    """A key of any type as it is shown in a message."""
    return name if isinstance(name, str) else _show(name)


#: Values in messages: a few levels and items deep, so a value that holds itself, or is
#: nested thousands deep, is shown all the same.
_REPR = reprlib.Repr()
_REPR.maxlevel = 3
_REPR.maxother = 40
_REPR.maxstring = 80


def _show(value: Any) -> str:
    """A value in a message, in at most 40 characters, whatever it is.

    >>> loop: list[object] = []
    >>> loop.append(loop)
    >>> _show(loop), _show(10**5000), _show("x" * 50)
    ('[[[[...]]]]', 'a number too long to show', "'xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx...")
    """
    try:
        text = _REPR.repr(value)
    except ValueError:  # an integer longer than Python converts to text
        return _("a number too long to show")
    return text if len(text) <= 40 else text[:37] + "..."
