"""Hostile campaign journals: the tricks of the hostile scenario corpus (tags that would run
code, alias bombs, merge keys, duplicate keys, huge files and numbers, binary bytes, byte
order marks, deep nesting, a folder, a FIFO, ``/dev/zero``) and impossible histories. Every
command that reads a journal refuses each with exit status 2 and a message naming the file
and the line, never a traceback; nothing a payload asks for is run; nothing is written."""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path

import pytest

from rightsrules.campaign import load_campaign
from rightsrules.cli import main

#: The file the command-running payloads would create, in the folder the command runs from.
PWNED = "hostile-pwned"

HEAD = """\
campaign: {name: Hostile}
organization: {name: Example Rights Lab}
concern: {issue: network_disruption, driver: government}
companies:
  - company: {name: Example Mobile, type: mobile_network_operator}
    events:
      - {date: 2027-01-10, event: message_sent, to: policy, reply_by: 2027-01-24}
"""

#: (name, journal text, line of the problem, words of the message)
JOURNALS: list[tuple[str, str, int, str]] = [
    (
        "python-apply",
        HEAD + "      - {date: 2027-01-12, event: note, text: !!python/object/apply:os.system "
        '["touch hostile-pwned"]}\n',
        8,
        "tags such as '!!python/object/apply:os.system'",
    ),
    (
        "python-name",
        HEAD.replace("campaign: {name: Hostile}", "campaign:\n  name: !!python/name:os.system"),
        2,
        "tags such as '!!python/name:os.system'",
    ),
    (
        "tag-directive",
        "%TAG !py! tag:yaml.org,2002:python/object/apply:\n---\n"
        + HEAD.replace("name: Hostile", 'name: !py!os.system ["touch hostile-pwned"]'),
        3,
        "tags such as '!!python/object/apply:os.system'",
    ),
    (
        "local-tag",
        HEAD.replace("companies:", "companies: !Companies"),
        4,
        "tags such as '!Companies'",
    ),
    (
        "billion-laughs",
        'a: &a ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]\n'
        "b: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a]\n"
        "c: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b]\n"
        "d: &d [*c, *c, *c, *c, *c, *c, *c, *c, *c]\n" + HEAD,
        1,
        "anchors and aliases",
    ),
    (
        "merge-key",
        HEAD.replace(
            "  - company: {name: Example Mobile, type: mobile_network_operator}",
            "  - company:\n      <<: {name: Example Mobile, type: mobile_network_operator}",
        ),
        6,
        "tags such as '!!merge' are not allowed",
    ),
    (
        "duplicate-key",
        HEAD + "      - {date: 2027-01-12, event: note, date: 2027-01-13}\n",
        8,
        "duplicate key",
    ),
    (
        "terminal-escape",
        HEAD + '      - {date: 2027-01-12, event: note, text: "\\e]0;owned\\a"}\n',
        8,
        "control characters are not allowed",
    ),
    ("nul-byte", HEAD + "      - {date: 2027-01-12, event: note, text: a\x00b}\n", 8, "U+0000"),
    (
        "huge-integer",
        HEAD + "      - {date: 2027-01-12, event: note, text: " + "9" * 5000 + "}\n",
        8,
        "an integer of 5000 digits is too long",
    ),
    (
        "two-documents",
        HEAD + "---\n" + HEAD,
        9,
        "only one YAML document per file",
    ),
    # Impossible histories.
    (
        "reply-before-message",
        HEAD.replace("message_sent, to: policy, reply_by: 2027-01-24", "reply, outcome: declined"),
        7,
        "a reply before any message",
    ),
    (
        "out-of-order",
        HEAD + "      - {date: 2027-01-09, event: note, text: earlier}\n",
        8,
        "events out of date order: 2027-01-09 comes after 2027-01-10",
    ),
    (
        "reply-date-before-message",
        HEAD.replace("reply_by: 2027-01-24", "reply_by: 2027-01-01"),
        7,
        "the reply date 2027-01-01 is before the message's own date 2027-01-10",
    ),
    (
        "no-such-day",
        HEAD + "      - {date: 2027-02-30, event: note}\n",
        8,
        "'2027-02-30' is not a date written YYYY-MM-DD",
    ),
    (
        "date-and-time",
        HEAD + "      - {date: 2027-01-12T10:00:00, event: note}\n",
        8,
        "is not a date written YYYY-MM-DD",
    ),
    (
        "unknown-event",
        HEAD + "      - {date: 2027-01-12, event: bribe}\n",
        8,
        "'bribe' is not one of",
    ),
    (
        "reply-without-outcome",
        HEAD + "      - {date: 2027-01-12, event: reply}\n",
        8,
        "required key 'outcome' is missing",
    ),
    (
        "same-company-twice",
        HEAD + "  - company: {name: example mobile, type: isp}\n",
        8,
        "a second company called 'example mobile' (first on line 5)",
    ),
]

#: Each command that reads a journal, as a function of its path.
COMMANDS: dict[str, Callable[[str], list[str]]] = {
    "report": lambda path: ["report", path, "--company", "Example Mobile", "--as-of", "2027-02-01"],
    "status": lambda path: ["campaign", "status", path, "--as-of", "2027-02-01"],
    "timeline": lambda path: ["campaign", "timeline", path],
    "log": lambda path: ["campaign", "log", path, "Example Mobile", "note", "text=x"],
    "calendar": lambda path: ["campaign", "calendar", path, "--out", "-", "--as-of", "2027-02-01"],
    "explain": lambda path: [
        *("explain", path, "strategy:private_advocacy"),
        *("--company", "Example Mobile", "--as-of", "2027-02-01"),
    ],
    "why-not": lambda path: [
        *("why-not", path, "strategy:boycott", "--company", "Example Mobile"),
        *("--as-of", "2027-02-01"),
    ],
    "what-if": lambda path: [
        *("what-if", path, "--set", "company.size=large", "--company", "Example Mobile"),
        *("--as-of", "2027-02-01"),
    ],
}


@pytest.fixture()
def in_tmp(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Run from an empty folder, where a payload's ``touch hostile-pwned`` would land."""
    monkeypatch.chdir(tmp_path)
    return tmp_path


def refuse(args: list[str], capsys: pytest.CaptureFixture[str]) -> str:
    status = main(args)
    out, err = capsys.readouterr()
    assert status == 2, (out, err)
    assert out == ""
    assert err.startswith("rightsrules: error: "), err
    assert "Traceback" not in err
    return err


@pytest.mark.parametrize("command", COMMANDS)
@pytest.mark.parametrize(
    ("name", "text", "line", "message"), JOURNALS, ids=[j[0] for j in JOURNALS]
)
def test_hostile_journals_are_refused_at_their_line_and_nothing_runs(
    command: str,
    name: str,
    text: str,
    line: int,
    message: str,
    in_tmp: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    path = in_tmp / f"{name}.yaml"
    path.write_bytes(text.encode("utf-8"))
    err = refuse(COMMANDS[command](str(path)), capsys)
    assert f"{path}:{line}:" in err
    assert message in err
    assert not (in_tmp / PWNED).exists()
    assert path.read_bytes() == text.encode("utf-8")  # log wrote nothing
    assert sorted(p.name for p in in_tmp.iterdir()) == [path.name]


BYTES: list[tuple[str, bytes, str]] = [
    ("utf16", HEAD.encode("utf-16"), "not UTF-8 text"),
    ("latin1", HEAD.replace("Rights Lab", "Droits é").encode("latin-1"), "not UTF-8 text"),
    ("binary", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)), "not UTF-8 text"),
    ("huge", (HEAD + "# padding\n" * 120_000).encode(), "file is over the limit of 1048576 bytes"),
    ("empty", b"", "the file is empty"),
    ("deep", ("companies: " + "[" * 5000 + "]" * 5000 + "\n").encode(), "nested"),
]


@pytest.mark.parametrize("command", COMMANDS)
@pytest.mark.parametrize(("name", "data", "message"), BYTES, ids=[b[0] for b in BYTES])
def test_unreadable_journals_are_refused(
    command: str,
    name: str,
    data: bytes,
    message: str,
    in_tmp: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    path = in_tmp / f"{name}.yaml"
    path.write_bytes(data)
    err = refuse(COMMANDS[command](str(path)), capsys)
    assert str(path) in err and message in err
    assert path.read_bytes() == data


def test_a_utf8_byte_order_mark_is_fine_and_kept(
    in_tmp: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = in_tmp / "bom.yaml"
    path.write_bytes(b"\xef\xbb\xbf" + HEAD.encode())
    assert main([*COMMANDS["log"](str(path)), "--date", "2027-01-12"]) == 0
    assert path.read_bytes().startswith(b"\xef\xbb\xbf" + HEAD.encode())
    assert main(COMMANDS["report"](str(path))) == 0
    capsys.readouterr()


def _fifo(folder: Path) -> str:
    path = folder / "fifo.yaml"
    os.mkfifo(path)
    return str(path)


def _loop(folder: Path) -> str:
    path = folder / "loop.yaml"
    path.symlink_to(path)
    return str(path)


@pytest.mark.parametrize("command", COMMANDS)
@pytest.mark.parametrize(
    ("make", "message"),
    [
        (lambda folder: str(folder), "is a folder, not a file"),
        (_fifo, "is a FIFO (named pipe), not a file"),
        (lambda folder: "/dev/zero", "is a character device, not a file"),
        (_loop, "symbolic link loop"),
        (lambda folder: str(folder / "missing.yaml"), "no such file or folder"),
    ],
    ids=["folder", "fifo", "dev-zero", "link-loop", "missing"],
)
def test_what_is_not_a_journal_file_is_refused_at_once(
    command: str,
    make: Callable[[Path], str],
    message: str,
    in_tmp: Path,
    capsys: pytest.CaptureFixture[str],
    guard: None,
) -> None:
    path = make(in_tmp)
    err = refuse(COMMANDS[command](path), capsys)
    assert f"{path}: {message}" in err


@pytest.mark.parametrize(
    ("pair", "message"),
    [
        ("text=\x1b]0;owned\x07", "control characters are not allowed in text (U+001B)"),
        ("text=" + "x" * 501, "is too long"),
        ("text=!!python/object/apply:os.system ['touch hostile-pwned']", None),
    ],
    ids=["terminal-escape", "too-long", "tag-as-text"],
)
def test_a_hostile_value_given_to_log_is_refused_or_kept_as_text(
    pair: str, message: str | None, in_tmp: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = in_tmp / "journal.yaml"
    path.write_text(HEAD, encoding="utf-8")
    args = [*COMMANDS["log"](str(path))[:-1], "--date", "2027-01-12", pair]
    if message is None:  # what looks like a tag is only text, quoted as such
        assert main(args) == 0
        capsys.readouterr()
        (_, note) = load_campaign(path).company("Example Mobile").events
        assert note.get("text") == pair.removeprefix("text=")
        assert not (in_tmp / PWNED).exists()
        return
    err = refuse(args, capsys)
    assert f"{path}:8: companies.0.events.1" in err and message in err
    assert path.read_text(encoding="utf-8") == HEAD
