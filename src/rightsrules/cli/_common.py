"""What the sub-commands share: options, loading, output."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path

from ..errors import Problem, ScenarioError
from ..i18n import N_, Wording, _, ngettext
from ..io.read import read_stdin
from ..io.sanitise import sanitise
from ..io.write import check_target, stdout_error, write_text
from ..knowledge import KnowledgeBase, load_knowledge_base
from ..scenario import Scenario, load_scenario, parse_scenario

__all__ = [
    "EXIT_BAD_INPUT",
    "EXIT_INTERNAL",
    "EXIT_REFUSED",
    "EXTENSIONS",
    "CommandError",
    "Parser",
    "add_format",
    "add_lang",
    "add_out",
    "add_output",
    "add_rules",
    "add_scenario",
    "argv_language",
    "inputs",
    "knowledge_base",
    "language",
    "out_format",
    "output_format",
    "refused_summary",
    "scenario",
    "show",
    "write",
]

EXIT_BAD_INPUT = 2
EXIT_INTERNAL = 1
#: ``batch`` and ``portfolio``: done, every other record answered, but some were refused.
EXIT_REFUSED = 3


class CommandError(Exception):
    """A command line that cannot be carried out (bad option, missing file)."""


class Parser(argparse.ArgumentParser):
    """An argument parser whose errors are :class:`CommandError` (exit status 2, one line)."""

    def error(self, message: str) -> None:  # type: ignore[override]
        self.print_usage(sys.stderr)
        raise CommandError(message)


def add_scenario(parser: argparse.ArgumentParser) -> None:
    """The SCENARIO argument: a scenario file, or - for standard input."""
    parser.add_argument("scenario", metavar="SCENARIO", help=_("scenario file, or - for stdin"))


#: Commands that show no text of their own, so take no ``--lang``.
NO_TEXT = frozenset({"schema"})


def add_lang(parser: argparse.ArgumentParser) -> None:
    """``--lang``: the language of the texts a command shows (every command but
    :data:`NO_TEXT`; :func:`language` reads it)."""
    from ..i18n.languages import LANGUAGES

    parser.add_argument(
        "--lang",
        choices=LANGUAGES,
        help=(
            _(
                "language of the advice and messages (default: the one the environment's locale "
                "names in LANGUAGE, LC_ALL, LC_MESSAGES or LANG; English when it names none of "
                "these)"
            )
        ),
    )


def language(args: argparse.Namespace) -> str:
    """The language a command speaks: ``--lang``, else the environment's locale."""
    from ..i18n import choose_language, shipped_languages

    given = getattr(args, "lang", None)
    chosen = choose_language(given)
    if given and chosen != "en" and chosen not in shipped_languages():
        print(
            _(
                "rightsrules: note: no catalogue for {language} is installed; English is shown"
            ).format(language=repr(chosen)),
            file=sys.stderr,
        )
    return chosen


def argv_language(arguments: Sequence[str]) -> str:
    """The language a command line asks for before it is parsed (its help and argparse's
    messages are written in it): the value of its last ``--lang`` (``--lang fr`` or
    ``--lang=fr``) that rightsrules speaks, else the environment's locale.

    >>> argv_language(["advise", "x.yaml", "--lang", "ar"]), argv_language(["--lang=de"])
    ('ar', 'en')
    """
    from ..i18n import choose_language, environment_language, language_of

    found = None
    for index, argument in enumerate(arguments):
        if argument == "--":
            break
        if argument == "--lang" and index + 1 < len(arguments):
            found = language_of(arguments[index + 1]) or found
        elif argument.startswith("--lang="):
            found = language_of(argument.partition("=")[2]) or found
    return choose_language(found) if found else environment_language()


def add_rules(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--rules",
        metavar="DIR",
        action="append",
        default=[],
        help=_("an extra folder (or file) of rules to load beside the built-in ones; repeatable"),
    )


def add_out(parser: argparse.ArgumentParser) -> None:
    """The ``--out FILE`` option of a command that writes one document."""
    parser.add_argument(
        "--out",
        metavar="FILE",
        help=(
            _(
                "write to FILE instead of standard output: atomically (a failure leaves the old "
                "FILE as it was), replacing an existing FILE; never over an input, nor through a "
                "symbolic link to a file"
            )
        ),
    )


def add_format(parser: argparse.ArgumentParser, choices: tuple[str, ...], default: str) -> None:
    parser.add_argument(
        "--format",
        choices=choices,
        default=default,
        help=_("output format (default: {default})").format(default=default),
    )


#: The format each extension of an ``--out`` FILE names; the name a message gives it.
EXTENSIONS: Mapping[str, str] = {
    ".txt": "text",
    ".md": "markdown",
    ".markdown": "markdown",
    ".html": "html",
    ".htm": "html",
    ".json": "json",
    ".jsonl": "jsonl",
    ".ndjson": "jsonl",
    ".svg": "svg",
    ".mmd": "mermaid",
    ".dot": "dot",
    ".gv": "dot",
    ".yaml": "yaml",
    ".yml": "yaml",
    ".graphml": "graphml",
}
_NAMES: Mapping[str, str] = Wording(
    {
        "text": N_("plain text"),
        "markdown": N_("Markdown"),
        "html": N_("HTML"),
        "json": N_("JSON"),
        "jsonl": N_("JSON lines"),
        "svg": N_("SVG"),
        "mermaid": N_("Mermaid"),
        "dot": N_("Graphviz DOT"),
        "yaml": N_("YAML"),
        "graphml": N_("GraphML"),
    }
)


def add_output(
    parser: argparse.ArgumentParser,
    formats: tuple[str, ...],
    default: str,
    *,
    otherwise: str | None = None,
) -> None:
    """``--format`` and ``--out FILE`` of a command that writes one document in one of
    ``formats``; :func:`output_format` then says which to write. ``otherwise`` is what the
    help says the default is (``default`` unless given)."""
    if len(formats) > 1:
        parser.add_argument(
            "--format",
            choices=formats,
            help=_(
                "output format (default: the one the --out FILE's extension names: "
                "{extensions}; else {default})"
            ).format(extensions=_extensions(formats), default=otherwise or default),
        )
    add_out(parser)
    parser.set_defaults(out_formats=formats, out_default=default)


def _extensions(formats: Sequence[str]) -> str:
    """``.txt text, .md/.markdown markdown``: the extensions that name each of ``formats``."""
    return ", ".join(
        "/".join(ext for ext, named in EXTENSIONS.items() if named == fmt) + f" {fmt}"
        for fmt in formats
        if fmt in EXTENSIONS.values()
    )


def output_format(args: argparse.Namespace) -> str:
    """The format a command set up by :func:`add_output` writes (see :func:`out_format`)."""
    return out_format(
        args.command,
        getattr(args, "out", None),
        getattr(args, "format", None),
        args.out_formats,
        args.out_default,
        reads=inputs(args),
    )


def out_format(
    command: str,
    out: str | None,
    given: str | None,
    formats: Sequence[str],
    default: str,
    *,
    option: str = "--out",
    note: str = "",
    reads: Iterable[str] | None = None,
) -> str:
    """The format to write: ``given`` (``--format``), else the one the extension of ``out``
    names (:data:`EXTENSIONS`), else ``default``. An extension that names another format
    than ``given``, or one the command cannot write (``.png``, ``.pdf``, ``.csv``: any that
    :mod:`mimetypes` knows), is a :class:`CommandError` naming both; a name with no
    extension, or one no table knows, takes the format as it is. ``note`` ends the message
    of an extension the command cannot write. Given the files the command ``reads``,
    ``out`` is first checked not to be one of them (:func:`~rightsrules.io.write.check_target`).

    >>> out_format("report", "plan.html", None, ("markdown", "html"), "markdown")
    'html'
    >>> out_format("picture", "why.png", None, ("svg",), "svg")
    Traceback (most recent call last):
    ...
    rightsrules.cli._common.CommandError: --out why.png: picture cannot write a .png file ...
    """
    if out is None:
        return given or default
    if reads is not None:  # an output that is an input is the first thing to say
        check_target(out, inputs=reads)
    suffix = Path(out).suffix.lower()
    named = EXTENSIONS.get(suffix)
    if named is None:
        foreign = _mime_type(suffix)
        if foreign is not None:
            message = _(
                "{option} {out}: {command} cannot write a {suffix} file ({kind}); it writes"
            )
            raise CommandError(
                message.format(option=option, out=out, command=command, suffix=suffix, kind=foreign)
                + f" {_writes(formats, option)}{note}"
            )
        return given or default
    if given is not None and named != given:
        message = _(
            "{option} {out} names {named}, but --format {given} writes {writes}: change the "
            "one that is wrong"
        )
        raise CommandError(
            message.format(
                option=option, out=out, named=_NAMES[named], given=given, writes=_NAMES[given]
            )
        )
    if named not in formats:
        message = _("{option} {out}: {command} cannot write {named}; it writes")
        raise CommandError(
            message.format(option=option, out=out, command=command, named=_NAMES[named])
            + f" {_writes(formats, option)}{note}"
        )
    return named


def _writes(formats: Sequence[str], option: str) -> str:
    each = []
    for fmt in formats:
        ends = [ext for ext, named in EXTENSIONS.items() if named == fmt]
        each.append(f"{_NAMES[fmt]} ({option} FILE{ends[0]})" if ends else _NAMES[fmt])
    return _(" or ").join([", ".join(each[:-1]), each[-1]] if len(each) > 2 else each)


def _mime_type(suffix: str) -> str | None:
    """What :mod:`mimetypes` (its own table, not the system's) says a suffix is."""
    if not suffix:
        return None
    import mimetypes

    return mimetypes.MimeTypes().guess_type("x" + suffix, strict=False)[0]


def refused_summary(
    refused: int, total: int, first: Sequence[tuple[int, Problem | str]], where: str
) -> str:
    """What ``batch`` and ``portfolio`` say on standard error when some records were
    refused: how many, ``where`` they went, and the first few, each with its record number
    and where its problem is (file, line, key).

    >>> print(refused_summary(1, 3, [(2, Problem("required key is missing", "a.csv", 3,
    ...     "company.type"))], "left out of the table"))
    rightsrules: 1 of 3 records refused (left out of the table):
      record 2: a.csv:3: company.type: required key is missing
    """
    heading = ngettext(
        "rightsrules: {refused} of {total} record refused ({where}):",
        "rightsrules: {refused} of {total} records refused ({where}):",
        total,
    )
    lines = [heading.format(refused=f"{refused:,}", total=f"{total:,}", where=where)]
    record = _("  record {number}: {problem}")
    lines += [record.format(number=number, problem=problem) for number, problem in first]
    if refused > len(first):
        more = _("  ... and {count} more").format(count=f"{refused - len(first):,}")
        lines.append(more)
    return sanitise("\n".join(lines))


def knowledge_base(args: argparse.Namespace) -> KnowledgeBase:
    return load_knowledge_base([Path(p) for p in getattr(args, "rules", [])])


def scenario(path: str) -> Scenario:
    if path == "-":
        return parse_scenario(read_stdin(error=ScenarioError), file="<stdin>")
    return load_scenario(Path(path))


def inputs(args: argparse.Namespace) -> list[str]:
    """The files a command reads: its scenario (or CSV) and its ``--rules`` files, which its
    ``--out`` must not be."""
    found = [getattr(args, name) for name in ("scenario", "csv") if getattr(args, name, None)]
    for item in getattr(args, "rules", []):
        try:
            found.extend(map(str, Path(item).iterdir()))
        except OSError:  # not a folder: a rule file itself
            found.append(item)
    return found


def show(text: str, out: str | None = None, *, args: argparse.Namespace | None = None) -> None:
    """Print text meant to be read on a terminal (not a file format), or write it to the
    file ``out``, with every character a terminal would obey (escapes, bidirectional
    overrides) written out as an escape."""
    write(sanitise(text), out, args=args)


def write(text: str, out: str | None = None, *, args: argparse.Namespace | None = None) -> None:
    """Print ``text`` (ending in a newline), or write it to the file ``out`` through the one
    atomic writer (:func:`rightsrules.io.write.write_text`), never over one of the inputs
    of the command ``args`` describes."""
    text = text if text.endswith("\n") else text + "\n"
    if out is None:
        try:
            sys.stdout.write(text)
            sys.stdout.flush()
        except BrokenPipeError:
            raise
        except OSError as exc:
            raise stdout_error(exc) from None
        return
    write_text(out, text, inputs=inputs(args) if args is not None else ())
