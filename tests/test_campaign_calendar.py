"""``rightsrules campaign calendar``: the campaign's dates as an iCalendar file, read back
with the icalendar library: one all-day event for each date due, naming the company and what
is due; the same UIDs on every export, so a calendar application updates its events instead
of adding copies; the same file for the same ``--as-of``; written atomically, never over the
journal."""

from __future__ import annotations

import datetime as dt
import tempfile
from pathlib import Path
from typing import Any

import icalendar
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from rightsrules.campaign import load_campaign
from rightsrules.campaign.calendar import calendar_text, campaign_calendar, event_uid
from rightsrules.campaign.log import append_event
from rightsrules.campaign.status import Due
from rightsrules.cli import main

from .campaign_journals import new_events

ROOT = Path(__file__).resolve().parents[1]
EXAMPLE = ROOT / "facts" / "examples" / "campaigns" / "election-shutdowns.yaml"


def events_of(text: str) -> list[icalendar.cal.Component]:
    calendar = icalendar.Calendar.from_ical(text)
    assert str(calendar["version"]) == "2.0"
    assert str(calendar["prodid"]) == "-//rightsrules//campaign calendar//EN"
    return list(calendar.walk("VEVENT"))


@pytest.fixture(scope="module")
def march() -> str:
    """The example's calendar as of 2027-03-20."""
    as_of = dt.date(2027, 3, 20)
    return campaign_calendar(load_campaign(EXAMPLE, as_of=as_of), as_of)


def test_each_date_due_is_an_all_day_event_naming_the_company(march: str) -> None:
    found = [
        (event.decoded("dtstart"), event.decoded("dtend"), str(event["summary"]))
        for event in events_of(march)
    ]
    assert found == [
        (
            dt.date(2027, 3, 15),
            dt.date(2027, 3, 16),
            "Reply from Example Fibre to the message of 2027-03-01 to the legal team",
        ),
        (
            dt.date(2027, 3, 24),
            dt.date(2027, 3, 25),
            "Reply from Example Telecom Two to the message of 2027-03-10 to the legal team",
        ),
        (
            dt.date(2027, 3, 26),
            dt.date(2027, 3, 27),
            "Example Fibre: Follow up the reply of 2027-03-12: acknowledged",
        ),
        (
            dt.date(2027, 4, 8),
            dt.date(2027, 4, 9),
            "Example Fibre: Planned: meeting of 2027-04-08 with the legal team and the chief "
            "executive",
        ),
    ]
    for event in events_of(march):
        start = event.decoded("dtstart")
        assert type(start) is dt.date  # all day: a date, not a date and time
        description = str(event["description"])
        planned = str(event["summary"]).startswith("Example Fibre: Planned:")
        assert description.startswith("Planned for Example " if planned else "Due for Example ")
        assert f"on {start.isoformat()}:" in description
        assert "as of 2027-03-20" in description
        assert str(event["transp"]) == "TRANSPARENT"


def test_a_date_passed_is_said_to_be_overdue() -> None:
    as_of = dt.date(2027, 1, 30)
    text = campaign_calendar(load_campaign(EXAMPLE, as_of=as_of), as_of)
    overdue = [
        str(event["description"]) for event in events_of(text) if event.decoded("dtstart") < as_of
    ]
    assert overdue, "Example Telecom Two's reply date of 2027-01-26 has passed by then"
    assert all("Overdue as of 2027-01-30" in words for words in overdue)
    assert "(4 days)" in overdue[0]


def test_the_same_as_of_gives_the_same_file(march: str) -> None:
    as_of = dt.date(2027, 3, 20)
    again = campaign_calendar(load_campaign(EXAMPLE, as_of=as_of), as_of)
    assert again == march
    assert "\r\n" in march and "\n" not in march.replace("\r\n", "")


def test_uids_are_stable_across_exports_and_differ_between_dates() -> None:
    """A later export (as of another day) gives the same UID to the same date due, so a
    calendar application updates that event; the overdue note changes, not the UID."""
    campaign = load_campaign(EXAMPLE, as_of=dt.date(2027, 3, 31))
    before = {
        str(e["uid"]): e for e in events_of(campaign_calendar(campaign, dt.date(2027, 3, 20)))
    }
    after = {str(e["uid"]): e for e in events_of(campaign_calendar(campaign, dt.date(2027, 3, 25)))}
    kept = set(before) & set(after)
    assert kept, "the follow-up of 2027-03-26 and the planned meeting are due in both"
    for uid in kept:
        assert before[uid].decoded("dtstart") == after[uid].decoded("dtstart")
        assert str(before[uid]["summary"]) == str(after[uid]["summary"])
    assert len(set(before)) == len(before)  # no two events share one
    assert event_uid("C", "A", dt.date(2027, 1, 1), "x") != event_uid(
        "C", "A", dt.date(2027, 1, 2), "x"
    )
    assert event_uid("C", "A", dt.date(2027, 1, 1), "x") != event_uid(
        "C", "B", dt.date(2027, 1, 1), "x"
    )


def test_text_with_commas_semicolons_and_other_scripts_reads_back_as_it_was() -> None:
    what = "reply from Café Télécom; «oui», 日本語, a\\b"
    text = calendar_text(
        "C", [Due(dt.date(2027, 1, 2), what, "Café Télécom", "reply_by")], as_of=dt.date(2027, 1, 1)
    )
    (event,) = events_of(text)
    assert str(event["summary"]) == "Reply from Café Télécom; «oui», 日本語, a\\b"
    assert all(len(line.encode()) <= 75 for line in text.split("\r\n"))  # folded, as RFC 5545 asks


def test_a_campaign_with_nothing_due_is_an_empty_calendar() -> None:
    text = calendar_text("C", [], as_of=dt.date(2027, 1, 1))
    assert events_of(text) == []


# -- the command -----------------------------------------------------------------------------


def test_the_command_writes_the_file_or_standard_output(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], march: str
) -> None:
    out = tmp_path / "deadlines.ics"
    args = ["campaign", "calendar", str(EXAMPLE), "--as-of", "2027-03-20"]
    assert main([*args, "--out", str(out)]) == 0
    assert out.read_bytes().decode() == march
    assert sorted(p.name for p in tmp_path.iterdir()) == ["deadlines.ics"]  # no temporary left
    assert main([*args, "--out", "-"]) == 0
    assert capsys.readouterr().out == march


def test_the_command_never_writes_over_the_journal(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    journal = tmp_path / "journal.yaml"
    journal.write_bytes(EXAMPLE.read_bytes())
    assert main(["campaign", "calendar", str(journal), "--out", str(journal)]) == 2
    assert "it is the input" in capsys.readouterr().err
    assert journal.read_bytes() == EXAMPLE.read_bytes()


def test_a_bad_as_of_is_refused(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["campaign", "calendar", str(EXAMPLE), "--out", "-", "--as-of", "2027-02-30"]) == 2
    assert "'2027-02-30' is not a date written YYYY-MM-DD" in capsys.readouterr().err


def test_the_same_thing_due_twice_is_one_event() -> None:
    twice = [Due(dt.date(2027, 1, 2), "meeting of 2027-01-02", "A", "planned")] * 2
    assert len(events_of(calendar_text("C", twice, as_of=dt.date(2027, 1, 1)))) == 1


@settings(max_examples=8, deadline=None)
@given(
    st.lists(new_events(), min_size=1, max_size=3),
    st.dates(min_value=dt.date(2027, 1, 1), max_value=dt.date(2027, 5, 31)),
)
def test_any_journal_gives_a_calendar_of_its_dates(
    added: list[tuple[str, dict[str, Any]]], as_of: dt.date
) -> None:
    """Whatever was logged, the calendar as of any day reads back with one event for each
    distinct date due, each UID once."""
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "journal.yaml"
        path.write_bytes(EXAMPLE.read_bytes())
        for company, event in added:
            append_event(path, company, event, today=as_of)
        campaign = load_campaign(path, as_of=as_of)
        due = campaign.status(as_of).due
        events = events_of(campaign_calendar(campaign, as_of))
        uids = [str(event["uid"]) for event in events]
        assert len(uids) == len(set(uids)) == len({(d.company, d.date, d.what) for d in due})
        assert sorted(event.decoded("dtstart") for event in events) == sorted(d.date for d in due)
