"""``rightsrules campaign status`` and ``timeline``: outputs, located errors, exit statuses."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from rightsrules.cli import main

SMALL = "tests/fixtures/campaign/small.yaml"


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    status = main(["campaign", *args])
    captured = capsys.readouterr()
    return status, captured.out, captured.err


def test_status_json_is_the_contract_and_reproducible(capsys: pytest.CaptureFixture[str]) -> None:
    status, out, err = run(capsys, "status", SMALL, "--as-of", "2027-02-01", "--format", "json")
    assert (status, err) == (0, "")
    data = json.loads(out)
    assert data["as_of"] == "2027-02-01"
    assert [c["stage"] for c in data["companies"]] == ["unresponsive", "in_dialogue"]
    again = run(capsys, "status", SMALL, "--as-of", "2027-02-01", "--format", "json")[1]
    assert again == out


def test_status_text_names_the_overdue_reply(capsys: pytest.CaptureFixture[str]) -> None:
    status, out, _ = run(capsys, "status", SMALL, "--as-of", "2027-02-01")
    assert status == 0
    assert "overdue since 2027-01-24: reply from Example Mobile" in out


def test_status_writes_markdown_to_a_file(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    out = tmp_path / "status.md"
    status, printed, _ = run(capsys, "status", SMALL, "--as-of", "2027-02-01", "--out", str(out))
    assert (status, printed) == (0, "")
    assert out.read_text("utf-8").startswith("# Election shutdowns 2027: status as of 2027-02-01")


def test_status_never_writes_over_its_journal(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    journal = tmp_path / "journal.yaml"
    shutil.copy(SMALL, journal)
    before = journal.read_bytes()
    status, _, err = run(capsys, "status", str(journal), "--out", str(journal), "--format", "text")
    assert status == 2
    assert "journal.yaml" in err
    assert journal.read_bytes() == before


def test_timeline_of_one_company(capsys: pytest.CaptureFixture[str]) -> None:
    status, out, _ = run(capsys, "timeline", SMALL, "Example Mobile", "--as-of", "2027-02-28")
    assert status == 0
    assert "2027-01-25, Example Mobile: the reply date 2027-01-24 passed with no answer" in out
    assert "+ Escalate publicly after the deadline passed (II.d;" in out
    assert "Example Telecom:" not in out


def test_timeline_of_an_unknown_company_names_the_companies(
    capsys: pytest.CaptureFixture[str],
) -> None:
    status, out, err = run(capsys, "timeline", SMALL, "Example Net")
    assert (status, out) == (2, "")
    assert "no company called 'Example Net' in this campaign" in err
    assert "'Example Mobile', 'Example Telecom'" in err


def test_a_bad_journal_is_exit_2_with_file_line_and_key(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    journal = tmp_path / "bad.yaml"
    journal.write_text(
        "campaign: {name: x}\n"
        "companies:\n"
        "  - company: {name: A, type: isp}\n"
        "    events:\n"
        "      - {date: 2027-01-15, event: reply, outcome: declined}\n",
        encoding="utf-8",
    )
    status, out, err = run(capsys, "status", str(journal), "--as-of", "2027-02-01")
    assert (status, out) == (2, "")
    assert err == (
        f"rightsrules: error: {journal}:5: companies.0.events.0: a reply before any message: "
        "record the message it answers first\n"
    )


def test_a_bad_as_of_date_is_exit_2(capsys: pytest.CaptureFixture[str]) -> None:
    status, out, err = run(capsys, "status", SMALL, "--as-of", "2027-02-30")
    assert (status, out) == (2, "")
    assert "--as-of: '2027-02-30' is not a date written YYYY-MM-DD" in err


def test_a_missing_journal_is_exit_2(capsys: pytest.CaptureFixture[str]) -> None:
    status, _, err = run(capsys, "status", "no-such-journal.yaml")
    assert status == 2
    assert "no-such-journal.yaml" in err
