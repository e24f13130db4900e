"""Babel extractors for the texts rightsrules keeps as data: the YAML files (rules, the
conclusion, section and resource catalogues, the interview script) and the questions of the
vocabulary.

Each message is the English text exactly as rightsrules loads it (a folded ``>-`` text is one
line), with an extracted comment naming what it is, so that ``pybabel extract -F babel.cfg``
builds one template (``src/rightsrules/locale/rightsrules.pot``, ``make messages``).

>>> import io
>>> rules = b'''rules:
...   - id: demo.rule
...     title: A demo
...     when: {company.type: isp}
...     then: [step:start_small]
...     because: >-
...       Two lines
...       folded.
...     sources: [II.d]
... '''
>>> for found in extract(io.BytesIO(rules), {}, [], {}):
...     print(found)
(3, None, 'A demo', ['rule demo.rule: title'])
(6, None, 'Two lines folded.', ['rule demo.rule: because'])
"""

from __future__ import annotations

import ast
from collections.abc import Callable, Iterator, Mapping, Sequence
from typing import IO, Any

from .._yaml import Document, PathKey, load_document

__all__ = ["extract", "extract_vocabulary", "option_context"]

#: What an extractor yields to Babel: line, function (``None`` for gettext, ``"pgettext"``,
#: ``"ngettext"``), the message (or its parts) and the extracted comments.
Found = tuple[int, str | None, str | tuple[str, ...], list[str]]


def option_context(path: str) -> str:
    """The ``msgctxt`` of an option label of the interview: each path's labels are translated
    on their own, since one English word ("none", "other") may need different words.

    >>> option_context("company.type")
    'option company.type'
    """
    return f"option {path}"


def _words(value: Any) -> str:
    return " ".join(str(value).split())


def _plain(value: Any) -> str:
    return str(value)


class _Reader:
    def __init__(self, document: Document) -> None:
        self.document = document
        self.found: list[Found] = []

    def line(self, path: PathKey) -> int:
        return self.document.line_of(path) or 1

    def add(self, path: PathKey, text: str, comment: str, *, context: str | None = None) -> None:
        if not text:
            return  # "" is the catalogue's header, never a message
        if context is None:
            self.found.append((self.line(path), None, text, [comment]))
        else:
            self.found.append((self.line(path), "pgettext", (context, text), [comment]))

    def fields(
        self,
        key: str,
        what: str,
        texts: Sequence[tuple[str, Callable[[Any], str]]],
    ) -> None:
        for index, item in enumerate(self.document.data.get(key) or ()):
            if not isinstance(item, Mapping):
                continue
            for field, shape in texts:
                if item.get(field) is not None:
                    comment = f"{what} {item.get('id')}: {field}"
                    self.add((key, index, field), shape(item[field]), comment)


_RULE_TEXTS = (("title", _words), ("because", _words))
_CONCLUSION_TEXTS = (("title", _plain), ("summary", _words))
_SECTION_TEXTS = (("heading", _plain), ("summary", _words))
_RESOURCE_TEXTS = (("name", _plain), ("summary", _words))


def extract(
    fileobj: IO[bytes],
    keywords: Mapping[str, Any],
    comment_tags: Sequence[str],
    options: Mapping[str, Any],
) -> Iterator[Found]:
    """Babel's extractor for rightsrules' YAML files, whichever they are: rule files (rule
    titles and ``because`` texts, rank reasons, conclusions a pack declares), the catalogues
    of ``facts/`` and the interview script. Registered as ``rightsrules_yaml`` in the
    ``babel.extractors`` entry-point group."""
    name = getattr(fileobj, "name", None)
    document = load_document(fileobj.read(), file=str(name) if name else None)
    data = document.data
    if not isinstance(data, Mapping):
        return iter(())
    reader = _Reader(document)
    reader.fields("conclusions", "conclusion", _CONCLUSION_TEXTS)
    reader.fields("rules", "rule", _RULE_TEXTS)
    reader.fields("sections", "section", _SECTION_TEXTS)
    reader.fields("resources", "resource", _RESOURCE_TEXTS)
    if "messages" in data:
        _script(reader, data)
    return iter(sorted(reader.found, key=lambda found: found[0]))


def _script(reader: _Reader, data: Mapping[str, Any]) -> None:
    from ..vocabulary import FIELDS

    for path, text in (data.get("why") or {}).items():
        reader.add(("why", path), _plain(text), f"interview: why {path} is asked")
    for index, moot in enumerate(data.get("moot") or ()):
        comment = f"interview: why {moot.get('path')} need not be asked"
        reader.add(("moot", index, "because"), _plain(moot.get("because", "")), comment)
    labels = {str(key): str(value) for key, value in (data.get("labels") or {}).items()}
    for field in FIELDS.values():
        for value in field.allowed:
            where: PathKey = ("labels", value) if value in labels else ("labels",)
            text = labels.get(value, value.replace("_", " "))
            comment = f"interview: option label of {field.path} = {value}"
            reader.add(where, text, comment, context=option_context(field.path))
    messages = data.get("messages") or {}
    for key, text in messages.items():
        if key.endswith("_many") and f"{key[:-5]}_one" in messages:
            continue
        comment = f"interview: message {key}"
        if key.endswith("_one") and f"{key[:-4]}_many" in messages:
            plural = (_plain(text), _plain(messages[f"{key[:-4]}_many"]))
            reader.found.append((reader.line(("messages", key)), "ngettext", plural, [comment]))
        else:
            reader.add(("messages", key), _plain(text), comment)


def extract_vocabulary(
    fileobj: IO[bytes],
    keywords: Mapping[str, Any],
    comment_tags: Sequence[str],
    options: Mapping[str, Any],
) -> Iterator[Found]:
    """Babel's extractor for ``vocabulary.py``: the question of each ``Field(path, kind,
    question, ...)``, which the interview asks, and the words of each value the vocabulary
    allows (registered as ``rightsrules_vocabulary``).

    >>> import io
    >>> code = b'FIELDS = _fields(\\n    Field("company.name", _T, "What is it called?"),\\n)'
    >>> found = list(extract_vocabulary(io.BytesIO(code), {}, [], {}))
    >>> found[-1]
    (2, None, 'What is it called?', ['interview: question company.name'])
    >>> ("sim registration" in [text for _, _, text, _ in found])
    True
    """
    source = fileobj.read()
    tree = ast.parse(source)
    found: list[Found] = list(_value_words(source))
    for node in ast.walk(tree):
        if not (isinstance(node, ast.Call) and getattr(node.func, "id", None) == "Field"):
            continue
        path, question = _text(node.args, 0), _text(node.args, 2)
        if path is not None and question is not None:
            comment = f"interview: question {path}"
            found.append((node.args[2].lineno, None, question, [comment]))
    return iter(sorted(found, key=lambda item: item[0]))


def _value_words(source: bytes) -> Iterator[Found]:
    """The words of each value the vocabulary allows (``sim_registration`` as "sim
    registration"), which the plans write where :mod:`rightsrules.wording` has no words of its
    own for it; each at the line of its enum member (its first, for a value two enums share)."""
    from ..vocabulary import FIELDS
    from ..wording import COMPANY_TYPES, VALUE_WORDS

    lines = source.decode("utf-8").splitlines()
    seen: set[str] = set()
    for field in FIELDS.values():
        if field.enum is None:
            continue
        for value in field.allowed:
            if value in seen or value in COMPANY_TYPES or value in VALUE_WORDS:
                continue
            seen.add(value)
            quoted = f'"{value}"'
            line = next((i for i, text in enumerate(lines, 1) if quoted in text), 1)
            comment = f"the words of the value {value} (of {field.path} and others)"
            yield (line, None, value.replace("_", " "), [comment])


def _text(args: Sequence[ast.expr], index: int) -> str | None:
    """The string literal at ``args[index]``, if that is one."""
    if len(args) > index:
        node = args[index]
        if isinstance(node, ast.Constant) and isinstance(node.value, str):
            return node.value
    return None
