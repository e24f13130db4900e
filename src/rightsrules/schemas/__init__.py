"""The JSON Schemas (draft-07) of the four kinds of file an author writes.

* ``rule``: rule files, hand-written in ``rule.schema.json``;
* ``scenario``: scenario files, generated from :data:`rightsrules.vocabulary.FIELDS`;
* ``test``: rule test-case files, whose ``scenario`` is the scenario schema;
* ``campaign``: campaign journals, whose sections are the scenario's.

The generated schemas are also committed beside this module (``scenario.schema.json``,
``test.schema.json``) so that editors can point a ``$schema`` modeline at them; a test checks
that the committed files match what the vocabulary implies (``make schemas`` rewrites them).

>>> sorted(SCHEMAS)
['campaign', 'rule', 'scenario', 'test']
>>> scenario_schema()["properties"]["company"]["required"]
['name', 'type']
>>> "cases" in test_schema()["properties"]
True
"""

from __future__ import annotations

import copy
import functools
import json
from collections.abc import Callable
from importlib import resources
from typing import Any

from ..scenario import MAX_LIST_ITEMS, MAX_TEXT_LENGTH
from ..vocabulary import FIELDS, SECTIONS, Field, FieldKind

__all__ = [
    "EVENT_KEYS",
    "SCHEMAS",
    "campaign_schema",
    "rule_schema",
    "scenario_schema",
    "schema",
    "schema_text",
    "test_schema",
]

_DRAFT = "http://json-schema.org/draft-07/schema#"
_RULE_ID = "^[a-z0-9][a-z0-9_.-]*$"
_CONCLUSION_ID = "^[a-z][a-z0-9_]*:[a-z0-9][a-z0-9_]*$"


@functools.cache
def rule_schema() -> dict[str, Any]:
    """The schema of rule files, as shipped (``rule.schema.json``)."""
    text = resources.files(__name__).joinpath("rule.schema.json").read_text("utf-8")
    loaded: dict[str, Any] = json.loads(text)
    return loaded


def _field_schema(field: Field) -> dict[str, Any]:
    text: dict[str, Any] = {"type": "string", "minLength": 1, "maxLength": MAX_TEXT_LENGTH}
    item: dict[str, Any]
    if field.kind is FieldKind.BOOL:
        item = {"type": "boolean"}
    elif field.kind in (FieldKind.ENUM, FieldKind.ENUM_LIST):
        item = {"type": "string", "enum": list(field.allowed)}
    elif field.kind is FieldKind.COUNTRY:
        item = {"type": "string", "pattern": "^[A-Za-z]{2}$"}
    elif field.kind is FieldKind.DATE:
        item = {"type": "string", "pattern": "^[0-9]{4}-[0-9]{2}-[0-9]{2}$"}
    else:
        item = text
    if field.is_list:
        described: dict[str, Any] = {"type": "array", "maxItems": MAX_LIST_ITEMS, "items": item}
    else:
        described = dict(item)
    return {"description": field.question, **described}


@functools.cache
def _scenario_schema() -> dict[str, Any]:
    sections: dict[str, Any] = {}
    for name in SECTIONS:
        fields = [field for field in FIELDS.values() if field.section == name]
        section: dict[str, Any] = {
            "type": "object",
            "additionalProperties": False,
            "properties": {field.key: _field_schema(field) for field in fields},
        }
        required = [field.key for field in fields if field.required]
        if required:
            section["required"] = required
        sections[name] = section
    return {
        "$schema": _DRAFT,
        "title": "rightsrules scenario",
        "description": (
            "One company, its context, the concern and where the engagement stands. Every key "
            "but company.name and company.type is optional; an absent key means unknown."
        ),
        "type": "object",
        "additionalProperties": False,
        "required": ["company"],
        "properties": sections,
    }


def scenario_schema() -> dict[str, Any]:
    """The schema of scenario files, generated from the vocabulary (a fresh copy)."""
    return copy.deepcopy(_scenario_schema())


def _id_list(pattern: str, description: str) -> dict[str, Any]:
    return {
        "type": "array",
        "items": {"type": "string", "pattern": pattern},
        "description": description,
    }


@functools.cache
def _test_schema() -> dict[str, Any]:
    scenario = scenario_schema()
    del scenario["$schema"]
    conclusions = functools.partial(_id_list, _CONCLUSION_ID)
    rules = functools.partial(_id_list, _RULE_ID)
    return {
        "$schema": _DRAFT,
        "title": "rightsrules rule tests",
        "description": (
            "Test cases for rules: a scenario in, the conclusions that must and must not "
            "appear and the rules that must and must not fire out."
        ),
        "type": "object",
        "additionalProperties": False,
        "required": ["cases"],
        "properties": {
            "cases": {"type": "array", "minItems": 1, "items": {"$ref": "#/definitions/case"}}
        },
        "definitions": {
            "scenario": scenario,
            "case": {
                "type": "object",
                "additionalProperties": False,
                "required": ["name", "scenario", "expect"],
                "properties": {
                    "name": {"type": "string", "minLength": 1, "maxLength": 200},
                    "description": {"type": "string"},
                    "scenario": {
                        "description": (
                            "The scenario, inline, or the path of a scenario file relative "
                            "to this file"
                        ),
                        "anyOf": [
                            {"$ref": "#/definitions/scenario"},
                            {"type": "string", "minLength": 1},
                        ],
                    },
                    "expect": {"$ref": "#/definitions/expect"},
                },
            },
            "expect": {
                "type": "object",
                "additionalProperties": False,
                "minProperties": 1,
                "properties": {
                    "includes": conclusions("Conclusion ids that must be in the advice"),
                    "excludes": conclusions("Conclusion ids that must not be in the advice"),
                    "fired": rules(
                        "Rules that must fire: concluding rules in the firings, defaults "
                        "among the assumptions, ranking rules among the adjustments"
                    ),
                    "not_fired": rules("Rules that must not fire"),
                    "order": conclusions(
                        "Conclusion ids that must all be in the advice, in this relative order"
                    ),
                    "assumes": {
                        "type": "object",
                        "description": (
                            "Conclusion id: the scenario paths its assumptions must list, "
                            "exactly (defaults and guesses; [] for none)"
                        ),
                        "propertyNames": {"pattern": _CONCLUSION_ID},
                        "additionalProperties": {
                            "type": "array",
                            "items": {"type": "string", "pattern": "^[a-z_]+\\.[a-z_]+$"},
                        },
                    },
                },
            },
        },
    }


def test_schema() -> dict[str, Any]:
    """The schema of rule test-case files (a fresh copy)."""
    return copy.deepcopy(_test_schema())


#: The keys of each kind of journal event beside date, event, notes and follow_up (a ``!``
#: marks a required one); :mod:`rightsrules.campaign.load` reads the same table.
EVENT_KEYS: dict[str, tuple[str, ...]] = {
    "message_sent": ("to", "asked", "via", "reply_by"),
    "reply": ("outcome!", "from", "summary"),
    "meeting": ("with", "summary"),
    "contact_made": ("person", "team"),
    "contact_left": ("person", "team"),
    "public_statement": ("title", "url", "summary"),
    "company_statement": ("title", "url", "summary"),
    "note": ("text",),
}
_EVENT_DATES = ("date", "reply_by", "follow_up")
_MAX_EVENTS = 10_000
_MAX_COMPANIES = 1_000


@functools.cache
def _campaign_schema() -> dict[str, Any]:
    sections = scenario_schema()["properties"]
    day = {"type": "string", "pattern": "^[0-9]{4}-[0-9]{2}-[0-9]{2}$"}
    text = {"type": "string", "minLength": 1, "maxLength": MAX_TEXT_LENGTH}
    described = {
        "date": "The day it happened (or is planned), YYYY-MM-DD",
        "reply_by": "The day the company is asked to reply by, YYYY-MM-DD",
        "follow_up": "A day to come back to it, YYYY-MM-DD",
        "outcome": "What the reply was",
        "to": "The team or person the message went to (policy, human_rights, ...)",
    }
    keys = sorted({key.rstrip("!") for keys in EVENT_KEYS.values() for key in keys})
    properties: dict[str, Any] = {
        "date": day,
        "event": {"enum": list(EVENT_KEYS), "description": "What happened"},
        "notes": text,
        "follow_up": day,
    }
    for key in keys:
        properties[key] = day if key in _EVENT_DATES else text
    properties["outcome"] = {"enum": ["acknowledged", "declined", "committed", "partial"]}
    for key, words in described.items():
        properties[key] = {"description": words, **properties[key]}
    required = [
        {
            "if": {"properties": {"event": {"const": kind}}, "required": ["event"]},
            "then": {"required": [key.rstrip("!") for key in keys if key.endswith("!")]},
        }
        for kind, keys in EVENT_KEYS.items()
        if any(key.endswith("!") for key in keys)
    ]
    company: dict[str, Any] = {
        "type": "object",
        "additionalProperties": False,
        "required": ["company"],
        "properties": {
            "company": sections["company"],
            "organization": {
                **sections["organization"],
                "description": "This company's own values (relationship), over the shared ones",
            },
            "engagement": {
                **sections["engagement"],
                "description": "Facts given for this company: never replaced by derived ones",
            },
            "events": {
                "type": "array",
                "maxItems": _MAX_EVENTS,
                "items": {"$ref": "#/definitions/event"},
                "description": "What happened, in date order",
            },
        },
    }
    return {
        "$schema": _DRAFT,
        "title": "rightsrules campaign journal",
        "description": (
            "One campaign: the organisation, the concern and the context once, then each "
            "company with its dated events; the engagement facts are derived from them."
        ),
        "type": "object",
        "additionalProperties": False,
        "required": ["campaign", "companies"],
        "properties": {
            "campaign": {
                "type": "object",
                "additionalProperties": False,
                "required": ["name"],
                "properties": {"name": text, "notes": text},
            },
            "organization": sections["organization"],
            "concern": sections["concern"],
            "context": sections["context"],
            "companies": {
                "type": "array",
                "minItems": 1,
                "maxItems": _MAX_COMPANIES,
                "items": {"$ref": "#/definitions/company"},
            },
        },
        "definitions": {
            "company": company,
            "event": {
                "type": "object",
                "additionalProperties": False,
                "required": ["date", "event"],
                "properties": properties,
                "allOf": required,
            },
        },
    }


def campaign_schema() -> dict[str, Any]:
    """The schema of campaign journals (a fresh copy); its sections are the scenario's."""
    return copy.deepcopy(_campaign_schema())


#: Each schema by the name ``rightsrules schema NAME`` takes.
SCHEMAS: dict[str, Callable[[], dict[str, Any]]] = {
    "rule": rule_schema,
    "scenario": scenario_schema,
    "test": test_schema,
    "campaign": campaign_schema,
}


def schema(name: str) -> dict[str, Any]:
    """The schema called ``name`` (``rule``, ``scenario`` or ``test``).

    >>> schema("rule")["title"]
    'rightsrules rule file'
    """
    try:
        return SCHEMAS[name]()
    except KeyError:
        raise KeyError(f"no schema called {name!r}; try one of {', '.join(SCHEMAS)}") from None


def schema_text(name: str) -> str:
    """The schema called ``name`` as the JSON text committed beside this module."""
    return json.dumps(schema(name), indent=2, ensure_ascii=False) + "\n"
