"""The checks that keep the translations complete (``tests/test_i18n_complete.py`` runs them
in ``make test``):

- :func:`template_is_current`: the committed template holds exactly what the sources say
  (a text added or changed without ``make messages`` fails);
- :func:`catalogue_problems`: a catalogue lacks a message of the template, or a translation
  drops or adds a ``{placeholder}`` or the spaces around the text;
- :func:`bypassing_strings`: English prose written in code that shows text (renderers, the
  commands, explanations, messages) without going through the gettext functions.

>>> placeholders("Dear colleagues at {company}, {count!r} {{literal}}")
['company', 'count']
"""

from __future__ import annotations

import ast
import re
from collections.abc import Iterable, Iterator, Sequence
from pathlib import Path

import attrs

__all__ = [
    "GETTEXT_NAMES",
    "Offence",
    "bypassing_strings",
    "catalogue_problems",
    "extracted_keys",
    "placeholders",
    "template_keys",
]

#: The names the code calls the gettext functions by (and ``N_``, which marks a message);
#: ``translate`` is ``_`` where a module uses ``_`` for something else (``make messages``
#: passes it to ``pybabel extract -k``).
GETTEXT_NAMES = frozenset({"_", "translate", "N_", "NP_", "ngettext", "pgettext"})
#: The keywords ``pybabel extract`` is given besides its own (``make messages`` passes the
#: same with ``-k``): ``NP_(context, message)`` marks a message with its context.
KEYWORDS: dict[str, tuple[int | tuple[int, str], ...] | None] = {
    "translate": None,
    "NP_": ((1, "c"), 2),
}

_FIELD = re.compile(r"(?<!\{)\{([A-Za-z_][A-Za-z0-9_]*)(?:![rsa])?(?::[^{}]*)?\}")

Key = tuple[str | None, str]


def placeholders(text: str) -> list[str]:
    """The ``{names}`` of a brace-format text, sorted (``{{`` and ``}}`` are literal)."""
    return sorted(_FIELD.findall(text.replace("{{", "").replace("}}", "")))


def _key(message: object) -> Key:
    ident = message.id  # type: ignore[attr-defined]
    text = ident[0] if isinstance(ident, tuple | list) else ident
    return (message.context, str(text))  # type: ignore[attr-defined]


def template_keys(pot: Path) -> set[Key]:
    """The messages of a template (or catalogue), as (context, English text)."""
    from babel.messages.pofile import read_po

    with pot.open("rb") as handle:
        return {_key(m) for m in read_po(handle) if m.id}


def extracted_keys(root: Path) -> set[Key]:
    """The messages ``pybabel extract -F babel.cfg`` finds under ``root`` now."""
    from babel.messages.extract import extract_from_dir
    from babel.messages.frontend import parse_mapping_cfg

    with (root / "babel.cfg").open(encoding="utf-8") as handle:
        method_map, options_map = parse_mapping_cfg(handle)  # type: ignore[no-untyped-call]
    found: set[Key] = set()
    from babel.messages.extract import DEFAULT_KEYWORDS

    keywords = {**DEFAULT_KEYWORDS, **KEYWORDS}
    for _file, _line, message, _comments, context in extract_from_dir(
        str(root), method_map, options_map, keywords=keywords
    ):
        text = message[0] if isinstance(message, tuple | list) else message
        if text:
            found.add((context, str(text)))
    return found


def catalogue_problems(po: Path, pot: Path) -> list[str]:
    """What a catalogue gets wrong against the template, one line each (empty: complete)."""
    from babel.messages.pofile import read_po

    with pot.open("rb") as handle:
        template = {_key(m): m for m in read_po(handle) if m.id}
    with po.open("rb") as handle:
        catalogue = read_po(handle)
    translated = {_key(m): m for m in catalogue if m.id}
    problems = []
    for key, wanted in template.items():
        where = f"{po}: msgid {key[1]!r}" + (f" (msgctxt {key[0]!r})" if key[0] else "")
        found = translated.get(key)
        if found is None:
            problems.append(f"{where}: missing")
            continue
        string = found.string
        forms: Sequence[str] = (
            tuple(string) if isinstance(string, tuple | list) else (str(string or ""),)
        )
        if found.fuzzy or not all(forms):
            problems.append(f"{where}: not translated" + (" (fuzzy)" if found.fuzzy else ""))
            continue
        english = wanted.id if isinstance(wanted.id, tuple | list) else (wanted.id,)
        names = sorted(set().union(*(placeholders(text) for text in english)))
        for form in forms:
            got = sorted(set(placeholders(form)))
            if got != names:
                problems.append(f"{where}: placeholders {got} in {form!r}, not {names}")
            if _edges(form) != _edges(english[0]):
                problems.append(f"{where}: the spaces around {form!r} differ from the English")
    return problems


def _edges(text: str) -> tuple[str, str]:
    return text[: len(text) - len(text.lstrip())], text[len(text.rstrip()) :]


# ---------------------------------------------------------------- strings that bypass it

#: Prose: two words of letters in a row, once markup and placeholders are taken out.
_PROSE = re.compile(r"[A-Za-z]{2,}[ ]+[A-Za-z]{2,}")
#: Markup: tags (or the start of one a string leaves open), attributes, placeholders, entities.
_MARKUP = re.compile(r'<[^<>]*>?|[\w-]+="[^"]*"?|\{[^{}]*\}|&[a-z]+;')
#: Module constants of style, not words (style sheets, font lists).
_STYLE_NAME = re.compile(r"(CSS|FONT)$")


@attrs.frozen
class Offence:
    """A string literal of English prose in code that shows it without translating it."""

    file: str
    line: int
    text: str

    def __str__(self) -> str:
        return f"{self.file}:{self.line}: {self.text!r} does not reach the catalogue"


def bypassing_strings(files: Iterable[Path], allowed: Iterable[str] = ()) -> list[Offence]:
    """The string literals of English prose in ``files`` that are not the argument of a
    gettext function (docstrings, a string standing alone as a statement, which documents an
    attribute, and texts in ``allowed``, aside).

    >>> import tempfile
    >>> path = Path(tempfile.mkdtemp()) / "m.py"
    >>> _ = path.write_text('def f(name):\\n    return _("Hi there") + f"Dear friend {name}"\\n'
    ...                     'def g():\\n    return f"{_(\\'Not seen\\')}"\\n')
    >>> [offence.text for offence in bypassing_strings([path])]
    ['Dear friend ', "_('Not seen') inside an f-string"]
    """
    allow = set(allowed)
    found = []
    for path in files:
        tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
        for node, text in _strings(tree):
            if text in allow or not _PROSE.search(_MARKUP.sub(" ", text)):
                continue
            found.append(Offence(str(path), node.lineno, text))
        found.extend(_hidden_calls(tree, str(path)))
    return found


def _hidden_calls(tree: ast.AST, file: str) -> Iterator[Offence]:
    """Gettext calls inside an f-string: they translate, but ``pybabel extract`` does not
    see them, so their message never reaches the template."""
    for node in ast.walk(tree):
        if isinstance(node, ast.JoinedStr):
            for inner in ast.walk(node):
                if isinstance(inner, ast.Call) and _called(inner) in GETTEXT_NAMES:
                    text = ast.unparse(inner)
                    yield Offence(file, inner.lineno, f"{text} inside an f-string")


def _strings(tree: ast.AST) -> Iterator[tuple[ast.Constant, str]]:
    """The string constants of a module outside docstrings and gettext calls."""
    skipped: set[int] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Assign | ast.AnnAssign):
            targets = node.targets if isinstance(node, ast.Assign) else [node.target]
            if any(isinstance(t, ast.Name) and _STYLE_NAME.search(t.id) for t in targets):
                skipped.update(id(inner) for inner in ast.walk(node))
        if isinstance(node, ast.Expr) and isinstance(node.value, ast.Constant):
            skipped.add(id(node.value))  # a docstring, of a module, class, function or attribute
        elif isinstance(node, ast.Call) and _called(node) in GETTEXT_NAMES:
            for inner in ast.walk(node):
                skipped.add(id(inner))
    for node in ast.walk(tree):
        if (
            isinstance(node, ast.Constant)
            and isinstance(node.value, str)
            and id(node) not in skipped
        ):
            yield node, node.value


def _called(call: ast.Call) -> str | None:
    func = call.func
    if isinstance(func, ast.Name):
        return func.id
    return None
