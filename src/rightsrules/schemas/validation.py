"""Checking a parsed document against a JSON Schema, with messages a rule author can act on.

Shared by the rule-file reader, the test-case reader and the linter, so each reports schema
problems in the same words at the same lines.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterable, Iterator
from typing import Any

from .._jsonschema import jsonschema
from .._yaml import Document
from ..errors import Problem

__all__ = ["describe", "most_specific", "schema_problems", "validator"]


def _pattern(
    checker: Any, pattern: str, instance: Any, schema: dict[str, Any]
) -> Iterator[jsonschema.ValidationError]:
    if checker.is_type(instance, "string") and not matches(pattern, instance):
        yield jsonschema.ValidationError(f"{instance!r} does not match {pattern!r}")


def matches(pattern: str, text: str) -> bool:
    """Whether ``text`` matches a JSON Schema ``pattern`` read as ECMA-262 does: there a final
    ``$`` matches only at the very end, where Python's also matches before a last newline (so
    an id ``"demo.x\\n"`` would pass ``^[a-z.]*$``).

    >>> matches("^[a-z.]*$", "demo.x"), matches("^[a-z.]*$", "demo.x\\n")
    (True, False)
    """
    if pattern.endswith("$") and not pattern.endswith("\\$"):
        pattern = pattern[:-1] + r"\Z"
    return re.search(pattern, text) is not None


#: Draft 7, with ``pattern`` read as JSON Schema means it (:func:`matches`).
_Draft7 = jsonschema.validators.extend(jsonschema.Draft7Validator, {"pattern": _pattern})


def validator(schema: dict[str, Any]) -> jsonschema.Draft7Validator:
    """A Draft 7 validator for ``schema`` whose ``pattern`` is anchored as in JSON Schema.

    >>> list(validator({"pattern": "^[a-z]+$"}).iter_errors("abc\\n"))[0].validator
    'pattern'
    """
    checker: jsonschema.Draft7Validator = _Draft7(schema)
    return checker


def schema_problems(document: Document, validator: jsonschema.Draft7Validator) -> list[Problem]:
    """One located problem per place where the document breaks the schema, in document order.

    >>> from rightsrules._yaml import load_document
    >>> validator = jsonschema.Draft7Validator(
    ...     {"type": "object", "properties": {"name": {}}, "additionalProperties": False})
    >>> [str(p) for p in schema_problems(load_document("nme: x", file="a.yaml"), validator)]
    ["a.yaml:1: unknown key 'nme' (did you mean 'name'?)"]
    """
    errors = sorted(
        validator.iter_errors(document.data), key=lambda e: [str(p) for p in e.absolute_path]
    )
    problems = []
    for error in most_specific(errors):
        path = tuple(error.absolute_path)
        key = ".".join(str(part) for part in path) or None
        problems.append(
            Problem(describe(error), file=document.file, line=document.line_of(path), key=key)
        )
    return problems


def most_specific(
    errors: Iterable[jsonschema.ValidationError],
) -> Iterator[jsonschema.ValidationError]:
    """One error per place: the deepest cause of an ``anyOf`` failure where it helps."""
    seen: set[tuple[str, ...]] = set()
    for error in errors:
        best = error
        if error.validator == "anyOf" and error.context:
            best = jsonschema.exceptions.best_match(error.context) or error
        key = tuple(str(part) for part in best.absolute_path)
        if key in seen:
            continue
        seen.add(key)
        yield best


def describe(error: jsonschema.ValidationError) -> str:
    """A schema error in plain words, with a did-you-mean for a misspelt key."""
    if error.validator == "additionalProperties" and isinstance(error.instance, dict):
        allowed = sorted(error.schema.get("properties", {}))
        extra = sorted(set(error.instance) - set(allowed))
        hints = []
        for name in extra:
            close = difflib.get_close_matches(name, allowed, n=1, cutoff=0.6)
            hints.append(f"{name!r}" + (f" (did you mean {close[0]!r}?)" if close else ""))
        return "unknown key " + ", ".join(hints)
    if error.validator == "oneOf" and isinstance(error.instance, dict):
        given = [key for key in ("then", "derive", "assume", "rank") if key in error.instance]
        found = f" (it has {', '.join(given)})" if given else " (it has none)"
        return "a rule needs exactly one of 'then', 'derive', 'assume' or 'rank'" + found
    if error.validator == "pattern":
        return f"{error.instance!r} is not a valid id here"
    return str(error.message)
