"""``rightsrules campaign log``: an event added to a journal is there when it loads again,
with every other line of the file as it was; an inconsistent history is refused at its line;
a write interrupted at any point (an error, Ctrl-C, SIGTERM, SIGKILL) leaves the old journal
whole; a journal that changed meanwhile is not replaced."""

from __future__ import annotations

import datetime as dt
import os
import signal
import subprocess
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from rightsrules.campaign import EVENT_TYPES, CampaignError, load_campaign
from rightsrules.campaign.load import EVENT_KEYS
from rightsrules.campaign.log import append_event, parse_fields
from rightsrules.cli import main
from rightsrules.errors import OutputError

from .campaign_journals import EXAMPLE, new_events

AS_OF = dt.date(2027, 3, 31)


@pytest.fixture()
def journal(tmp_path: Path) -> Path:
    path = tmp_path / "journal.yaml"
    path.write_bytes(EXAMPLE.read_bytes())
    return path


def leftovers(folder: Path) -> list[str]:
    """Files in ``folder`` beside the journal (a temporary file left behind)."""
    return sorted(p.name for p in folder.iterdir() if p.name != "journal.yaml")


def is_subsequence(small: list[str], big: list[str]) -> bool:
    it = iter(big)
    return all(line in it for line in small)


# -- what is written ------------------------------------------------------------------------


def test_the_event_goes_in_date_order_and_nothing_else_changes(journal: Path) -> None:
    before = journal.read_text(encoding="utf-8").splitlines()
    event = append_event(
        journal,
        "Example Telecom Two",
        {"event": "meeting", "with": "the CSR team", "date": "2027-02-20"},
        today=AS_OF,
    )
    after = journal.read_text(encoding="utf-8").splitlines()
    assert len(after) == len(before) + 1
    assert event.line is not None
    at = event.line - 1
    assert after[:at] + after[at + 1 :] == before
    assert after[at] == "      - {date: 2027-02-20, event: meeting, with: the CSR team}"
    # Between the reply of 2027-02-15 and the message of 2027-03-10, above the latter's comment.
    assert "2027-02-15" in after[at - 2]
    assert after[at + 1].lstrip().startswith("# A second try")
    dates = [
        e.date for e in load_campaign(journal, as_of=AS_OF).company("Example Telecom Two").events
    ]
    assert dates == sorted(dates) and dt.date(2027, 2, 20) in dates


def test_an_event_on_a_day_that_has_events_goes_after_them(journal: Path) -> None:
    event = append_event(
        journal, "Example Mobile", {"event": "note", "text": "after", "date": "2027-01-15"}
    )
    events = load_campaign(journal, as_of=AS_OF).company("Example Mobile").events
    same_day = [e.event for e in events if e.date == dt.date(2027, 1, 15)]
    assert same_day == ["reply", "note"]
    assert event.fields == {"text": "after"}


def test_the_date_is_today_unless_given(journal: Path) -> None:
    event = append_event(journal, "Example Fibre", {"event": "note", "text": "x"}, today=AS_OF)
    assert event.date == AS_OF and not event.planned


def test_an_event_after_today_is_planned(journal: Path) -> None:
    event = append_event(
        journal, "Example Fibre", {"event": "meeting", "date": "2027-05-02"}, today=AS_OF
    )
    assert event.planned


def test_text_that_yaml_would_misread_is_quoted(journal: Path) -> None:
    tricky = ["yes", "2027", "a: b", "# not a comment", "x, y", "[1]", "{a}", "'q'", 'say "hi"']
    for text in tricky:
        append_event(journal, "Example Fibre", {"event": "note", "text": text}, today=AS_OF)
    events = load_campaign(journal, as_of=AS_OF).company("Example Fibre").events
    assert [e.get("text") for e in events if e.event == "note"] == tricky


BLOCK = """\
# A journal written in block style, with CRLF line ends.
campaign:
  name: Block
companies:
- company:
    name: A
    type: isp
  events:
  # The first message.
  - date: 2027-01-10
    event: message_sent
    reply_by: 2027-01-20   # ten days
  - date: 2027-01-30
    event: note
    text: |
      # a line of the note, not a comment
- company:
    name: B
    type: isp
  events: []
"""


@pytest.mark.parametrize("newline", ["\n", "\r\n"])
def test_block_style_and_crlf_are_kept(tmp_path: Path, newline: str) -> None:
    path = tmp_path / "journal.yaml"
    original = BLOCK.replace("\n", newline)
    path.write_bytes(b"\xef\xbb\xbf" + original.encode("utf-8"))  # with a byte order mark
    append_event(path, "A", {"event": "reply", "outcome": "partial", "date": "2027-01-12"})
    append_event(path, "A", {"event": "note", "text": "last", "date": "2027-02-01"})
    assert is_subsequence(original.split(newline), path.read_bytes()[3:].decode().split(newline))
    append_event(path, "B", {"event": "note", "text": "first", "date": "2027-01-01"})
    raw = path.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")
    text = raw[3:].decode("utf-8")
    assert text.count("\r\n") == (text.count("\n") if newline == "\r\n" else 0)
    lines = text.split(newline)
    assert lines[-3:] == [
        "    type: isp",
        "  events: [{date: 2027-01-01, event: note, text: first}]",
        "",
    ]
    assert "  - date: 2027-01-12" in lines and "    outcome: partial" in lines
    campaign = load_campaign(path, as_of=AS_OF)
    assert [e.event for e in campaign.company("A").events] == [
        "message_sent",
        "reply",
        "note",
        "note",
    ]
    assert campaign.company("A").events[2].get("text") == "# a line of the note, not a comment"


def test_a_json_journal_gets_json(tmp_path: Path) -> None:
    path = tmp_path / "journal.json"
    path.write_text(
        '{"campaign": {"name": "J"}, "companies": [{"company": {"name": "A", "type": "isp"},'
        ' "events": [{"date": "2027-01-10", "event": "message_sent"}]}]}',
        encoding="utf-8",
    )
    append_event(path, "A", {"event": "reply", "outcome": "declined", "date": "2027-01-11"})
    import json

    events = json.loads(path.read_text(encoding="utf-8"))["companies"][0]["events"]
    assert events[1] == {"date": "2027-01-11", "event": "reply", "outcome": "declined"}


NOTE = "{date: 2027-01-01, event: note, text: hi}"
JSON_NOTE = '{"date": "2027-01-01", "event": "note", "text": "hi"}'


@pytest.mark.parametrize(
    ("name", "text", "expected", "line"),
    [
        (
            "journal.yaml",
            "campaign: {name: X}\ncompanies:\n  - company: {name: A, type: isp}\n  # B\n"
            "  - company: {name: B, type: isp}\n",
            "campaign: {name: X}\ncompanies:\n  - company: {name: A, type: isp}\n"
            f"    events:\n      - {NOTE}\n  # B\n  - company: {{name: B, type: isp}}\n",
            5,
        ),
        (
            "journal.yaml",
            "campaign: {name: X}\ncompanies:\n- company:\n    name: A\n    type: isp",
            "campaign: {name: X}\ncompanies:\n- company:\n    name: A\n    type: isp\n"
            f"  events:\n    - {NOTE}\n",
            7,
        ),
        (
            "journal.yaml",
            "campaign: {name: X}\ncompanies:\n  - {company: {name: A, type: isp}}\n",
            f"campaign: {{name: X}}\ncompanies:\n  - {{company: {{name: A, type: isp}}, "
            f"events: [{NOTE}]}}\n",
            3,
        ),
        (
            "journal.json",
            '{"campaign": {"name": "X"}, "companies": [{"company": {"name": "A", "type": "isp"}}]}',
            '{"campaign": {"name": "X"}, "companies": [{"company": {"name": "A", "type": "isp"}'
            f', "events": [{JSON_NOTE}]}}]}}',
            1,
        ),
    ],
)
def test_a_company_without_events_gets_its_first(
    tmp_path: Path, name: str, text: str, expected: str, line: int
) -> None:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    event = append_event(path, "A", {"event": "note", "text": "hi", "date": "2027-01-01"})
    assert path.read_text(encoding="utf-8") == expected
    assert event.line == line
    (held,) = load_campaign(path).company("A").events
    assert (held.date, held.event, held.get("text")) == (dt.date(2027, 1, 1), "note", "hi")


# -- round trip (property) -----------------------------------------------------------------


def _same(value: object) -> object:
    return " ".join(value.split()) if isinstance(value, str) else value


@settings(max_examples=20, deadline=None)
@given(st.lists(new_events(), min_size=1, max_size=3))
def test_log_then_load_round_trips_and_keeps_every_line(
    added: list[tuple[str, dict[str, Any]]],
) -> None:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "journal.yaml"
        original = EXAMPLE.read_text(encoding="utf-8")
        path.write_text(original, encoding="utf-8")
        before = load_campaign(path, as_of=AS_OF)
        for company, event in added:
            append_event(path, company, event, today=AS_OF)
        text = path.read_text(encoding="utf-8")
        assert is_subsequence(original.splitlines(), text.splitlines())  # comments and all
        assert len(text.splitlines()) == len(original.splitlines()) + len(added)
        after = load_campaign(path, as_of=AS_OF)
        for journal in after.companies:
            old = list(before.company(journal.name).events)
            mine = [e for c, e in added if c == journal.name]
            assert len(journal.events) == len(old) + len(mine)
            assert [e.date for e in journal.events] == sorted(e.date for e in journal.events)
            held = [(e.date, e.event, dict(e.fields)) for e in journal.events]
            for event in mine:
                fields = {k: _same(v) for k, v in event.items() if k not in ("date", "event")}
                assert (event["date"], event["event"], fields) in held
        assert leftovers(Path(folder)) == []


# -- refused --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("company", "event", "line", "message"),
    [
        (
            "Example Fibre",
            {"event": "reply", "outcome": "declined", "date": "2027-01-20"},
            104,
            "the new reply event of 2027-01-20 (it would be line 104): a reply before any message",
        ),
        (
            "Example Fibre",
            {"event": "message_sent", "date": "2027-03-20", "reply_by": "2027-03-19"},
            116,
            "the reply date 2027-03-19 is before the message's own date 2027-03-20",
        ),
        (
            "Example Fibre",
            {"event": "meeting", "date": "2027-03-20", "colour": "red"},
            116,
            "(it would be line 116): unknown key 'colour'",
        ),
    ],
)
def test_an_inconsistent_history_is_refused_at_its_line(
    journal: Path, company: str, event: dict[str, Any], line: int, message: str
) -> None:
    before = journal.read_bytes()
    with pytest.raises(CampaignError) as caught:
        append_event(journal, company, event, today=AS_OF)
    assert f"{journal}:{line}:" in str(caught.value)
    assert message in str(caught.value)
    assert journal.read_bytes() == before


def test_an_unknown_company_names_those_there_are(journal: Path) -> None:
    with pytest.raises(CampaignError, match=r"no company called 'Example Mobil'.*'Example Mobile'"):
        append_event(journal, "Example Mobil", {"event": "note", "text": "x"})


def test_a_journal_that_is_already_wrong_is_refused_as_it_is(journal: Path) -> None:
    text = journal.read_text(encoding="utf-8").replace(
        "2027-01-15, event: reply", "2027-01-05, event: reply"
    )
    journal.write_text(text, encoding="utf-8")
    with pytest.raises(CampaignError, match=r"journal.yaml:52: .*events out of date order"):
        append_event(journal, "Example Fibre", {"event": "note", "text": "x"}, today=AS_OF)


@pytest.mark.parametrize(
    ("kind", "pairs", "message"),
    [
        ("reply", ["outcome=declinde"], "did you mean 'declined'"),
        ("reply", [], "a reply event needs outcome (for example outcome=acknowledged)"),
        ("message_sent", ["reply_by=2027-02-30"], "'2027-02-30' is not a date written YYYY-MM-DD"),
        ("message_sent", ["reply_by=24 Jan"], "not a date written YYYY-MM-DD"),
        ("message_sent", ["too=policy"], "did you mean 'to'"),
        ("message_sent", ["to=policy", "to=legal"], "to: given twice"),
        ("message_sent", ["to="], "to: has no value"),
        ("message_sent", ["policy"], "'policy' is not key=value"),
        ("message_sent", ["date=2027-01-01"], "give the event's date with --date"),
        ("mesage_sent", [], "did you mean 'message_sent'"),
    ],
)
def test_key_values_are_checked_by_the_schema(kind: str, pairs: list[str], message: str) -> None:
    with pytest.raises(CampaignError) as caught:
        parse_fields(kind, pairs)
    assert message in str(caught.value)


def test_key_values_are_typed() -> None:
    assert parse_fields("contact_made", ["team=Trust and Safety", "person=Ms  X"]) == {
        "team": "trust_and_safety",
        "person": "Ms X",
    }
    assert parse_fields("note", ["text=a=b", "follow_up=2027-02-01"]) == {
        "text": "a=b",
        "follow_up": dt.date(2027, 2, 1),
    }
    assert set(EVENT_KEYS) == set(EVENT_TYPES)


def test_a_fifo_a_device_a_folder_a_link_and_a_loop_are_refused(tmp_path: Path) -> None:
    fifo = tmp_path / "fifo.yaml"
    os.mkfifo(fifo)
    link = tmp_path / "link.yaml"
    target = tmp_path / "real.yaml"
    target.write_bytes(EXAMPLE.read_bytes())
    link.symlink_to(target)
    loop = tmp_path / "loop.yaml"
    loop.symlink_to(loop)
    cases = [
        (fifo, "is a FIFO (named pipe), not a file"),
        (Path("/dev/zero"), "is a character device, not a file"),
        (tmp_path, "is a folder, not a file"),
        (link, "is a symbolic link (to "),
        (loop, "symbolic link loop"),
        (tmp_path / "missing.yaml", "no such file or folder"),
    ]
    for path, message in cases:
        with pytest.raises(CampaignError) as caught:
            append_event(path, "Example Mobile", {"event": "note", "text": "x"})
        assert f"{path}: {message}" in str(caught.value)
    assert target.read_bytes() == EXAMPLE.read_bytes()


# -- interrupted, or changed meanwhile -------------------------------------------------------


def _patched(monkeypatch: pytest.MonkeyPatch, name: str, effect: Callable[[], None]) -> None:
    real = getattr(os, name)

    def patched(*args: Any) -> Any:
        effect()
        return real(*args)

    monkeypatch.setattr(os, name, patched)


def _raise(exc: BaseException) -> Callable[[], None]:
    def effect() -> None:
        raise exc

    return effect


@pytest.mark.parametrize("step", ["fsync", "replace"])
@pytest.mark.parametrize(
    "exc", [OSError(28, "No space left on device"), KeyboardInterrupt(), RuntimeError("bug")]
)
def test_a_write_interrupted_leaves_the_old_journal_and_no_temporary_file(
    journal: Path, monkeypatch: pytest.MonkeyPatch, step: str, exc: BaseException
) -> None:
    before = journal.read_bytes()
    _patched(monkeypatch, step, _raise(exc))
    expected = OutputError if isinstance(exc, OSError) else type(exc)
    with pytest.raises(expected):
        append_event(journal, "Example Mobile", {"event": "note", "text": "x"}, today=AS_OF)
    monkeypatch.undo()
    assert journal.read_bytes() == before
    assert leftovers(journal.parent) == []


def test_a_journal_written_by_another_program_meanwhile_is_not_replaced(
    journal: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    theirs = journal.read_text(encoding="utf-8") + "# written by another program\n"

    def other_program() -> None:
        journal.write_text(theirs, encoding="utf-8")

    _patched(monkeypatch, "fsync", other_program)
    with pytest.raises(OutputError, match="it changed while the event was being added"):
        append_event(journal, "Example Mobile", {"event": "note", "text": "x"}, today=AS_OF)
    monkeypatch.undo()
    assert journal.read_text(encoding="utf-8") == theirs
    assert leftovers(journal.parent) == []


def test_a_journal_replaced_meanwhile_is_not_replaced_again(
    journal: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    same_text = journal.read_bytes()

    def other_program() -> None:  # the same bytes, but another file: it was renamed over
        other = journal.with_name("other.tmp")
        other.write_bytes(same_text)
        os.rename(other, journal)

    _patched(monkeypatch, "fsync", other_program)
    with pytest.raises(OutputError, match="it changed while the event was being added"):
        append_event(journal, "Example Mobile", {"event": "note", "text": "x"}, today=AS_OF)


_KILLED = """
import os, signal, sys
from rightsrules.campaign.log import append_event
real = os.fsync
def fsync(fd):
    real(fd)
    os.kill(os.getpid(), getattr(signal, sys.argv[2]))
os.fsync = fsync
append_event(sys.argv[1], "Example Mobile", {"event": "note", "text": "x"})
"""


@pytest.mark.parametrize("name", ["SIGTERM", "SIGKILL"])
def test_a_killed_log_leaves_the_old_journal_whole(journal: Path, name: str) -> None:
    before = journal.read_bytes()
    run = subprocess.run(
        [sys.executable, "-c", _KILLED, str(journal), name], capture_output=True, timeout=120
    )
    assert run.returncode == -getattr(signal, name)
    assert journal.read_bytes() == before
    if name == "SIGTERM":  # Python's default: killed at once, like SIGKILL
        assert load_campaign(journal, as_of=AS_OF).company("Example Mobile").events


# -- the command -----------------------------------------------------------------------------


def test_the_command_adds_the_event_and_says_where(
    journal: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    args = ["campaign", "log", str(journal), "Example Fibre", "meeting", "--date", "2027-03-20"]
    assert main([*args, "with=the legal team", "summary=a: b"]) == 0
    out = capsys.readouterr().out
    planned = " (planned: it is after today)" if dt.date(2027, 3, 20) > dt.date.today() else ""
    assert out == f"{journal}:116: added the meeting of 2027-03-20 with the legal team{planned}\n"
    assert journal.read_text(encoding="utf-8").splitlines()[115] == (
        '      - {date: 2027-03-20, event: meeting, with: the legal team, summary: "a: b"}'
    )


def test_the_command_refuses_with_the_line_and_writes_nothing(
    journal: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    before = journal.read_bytes()
    args = ["campaign", "log", str(journal), "Example Fibre", "reply", "--date", "2027-01-20"]
    assert main([*args, "outcome=declined"]) == 2
    err = capsys.readouterr().err
    assert err.startswith(f"rightsrules: error: {journal}:104: companies.2.events.1: the new reply")
    assert "a reply before any message" in err and "Traceback" not in err
    assert main([*args, "outcome=declinde"]) == 2
    assert "did you mean 'declined'" in capsys.readouterr().err
    assert journal.read_bytes() == before


def test_sigterm_during_the_command_leaves_the_old_journal_and_no_temporary_file(
    journal: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    before = journal.read_bytes()
    _patched(monkeypatch, "replace", lambda: os.kill(os.getpid(), signal.SIGTERM))
    status = main(["campaign", "log", str(journal), "Example Fibre", "note", "text=x"])
    monkeypatch.undo()
    assert status == 143
    assert capsys.readouterr().err == "rightsrules: error: terminated\n"
    assert journal.read_bytes() == before
    assert leftovers(journal.parent) == []


def test_a_dry_run_checks_and_says_where_but_writes_nothing(
    journal: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    before = journal.read_bytes()
    args = ["campaign", "log", str(journal), "Example Fibre", "reply", "--dry-run"]
    assert main([*args, "--date", "2027-03-20", "outcome=committed"]) == 0
    out = capsys.readouterr().out
    assert out.startswith(f"{journal}:116: would add (nothing written: --dry-run) the reply of ")
    assert main([*args, "--date", "2027-01-20", "outcome=committed"]) == 2
    assert "a reply before any message" in capsys.readouterr().err
    assert journal.read_bytes() == before
    assert leftovers(journal.parent) == []


def test_a_company_named_with_extra_spaces_is_found(tmp_path: Path) -> None:
    path = tmp_path / "journal.yaml"
    path.write_text(
        'campaign: {name: X}\ncompanies:\n  - company: {name: "Example   Mobile", type: isp}\n'
        "    events: []\n",
        encoding="utf-8",
    )
    event = append_event(path, "Example Mobile", {"event": "note", "date": "2027-01-01"})
    assert event.line == 4 and len(load_campaign(path).company("Example Mobile").events) == 1


def test_the_command_needs_the_journal_file(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["campaign", "log", "-", "Example Mobile", "note"]) == 2
    assert "give its path, not - (stdin)" in capsys.readouterr().err
