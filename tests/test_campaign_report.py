"""``rightsrules report JOURNAL --company NAME --as-of DATE``: the plan of one company of a
campaign as of a day, with the company's events as a section of their own (done, then
planned), in Markdown and HTML; what the journal's author wrote is escaped."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pytest
from markdown_it import MarkdownIt

from rightsrules import load_knowledge_base
from rightsrules.campaign import EVENT_TYPES, REPLY_OUTCOMES, load_campaign
from rightsrules.campaign.report import campaign_report, engagement_history
from rightsrules.cli import main

ROOT = Path(__file__).resolve().parents[1]
EXAMPLE = ROOT / "facts" / "examples" / "campaigns" / "election-shutdowns.yaml"


def report(capsys: pytest.CaptureFixture[str], *args: str) -> str:
    assert main(["report", str(EXAMPLE), *args]) == 0
    out: str = capsys.readouterr().out
    return out


def test_the_history_follows_the_summary_done_then_planned(
    capsys: pytest.CaptureFixture[str],
) -> None:
    text = report(capsys, "--company", "Example Fibre", "--as-of", "2027-02-10")
    lines = text.splitlines()
    summary, history, first = (
        lines.index("## Summary"),
        lines.index("## Engagement history"),
        lines.index("## Do these first"),
    )
    assert summary < history < first
    section = lines[history:first]
    assert section[2] == "As of 2027-02-10: 3 events done, 4 planned."
    done, planned = section.index("### Done"), section.index("### Planned")
    assert section[done + 2 : done + 5] == [
        "- Contact made on 2027-01-18 with Regulatory counsel (the legal team).",
        "- Message of 2027-01-22 to the legal team, reply by 2027-02-05. Asked: say how it "
        "would answer a shutdown order during the election.",
        "- Reply of 2027-02-04: partial. Summary: it would tell its customers, but not "
        "publish the order.",
    ]
    assert section[planned + 2].startswith("- Meeting of 2027-02-12 with the legal team.")
    assert len([line for line in section if line.startswith("- ")]) == 7


def test_the_plan_is_the_one_of_that_day(capsys: pytest.CaptureFixture[str]) -> None:
    before = report(capsys, "--company", "Example Telecom Two", "--as-of", "2027-01-20")
    after = report(capsys, "--company", "Example Telecom Two", "--as-of", "2027-02-01")
    assert "Lead strategy: **Escalate publicly" not in before
    assert "Lead strategy: **Escalate publicly after the deadline passed**" in after


def test_html_has_the_section_and_its_entry_in_the_contents(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    out = tmp_path / "plan.html"
    args = ["report", str(EXAMPLE), "--company", "Example Mobile", "--as-of", "2027-02-12"]
    assert main([*args, "--out", str(out)]) == 0
    page = out.read_text(encoding="utf-8")
    assert '<li><a href="#summary">Summary</a></li><li><a href="#history">' in page
    assert '<section id="history"><h2>Engagement history</h2>' in page
    assert "<li>Head of public policy left on 2027-02-10.</li>" in page
    assert page.index('id="history"') < page.index('id="first"')


def test_the_letter_of_a_company_of_a_journal(capsys: pytest.CaptureFixture[str]) -> None:
    letter = report(capsys, "--company", "Example Telecom Two", "--as-of", "2027-02-01", "--letter")
    assert "Example Telecom Two" in letter and "#" not in letter


def test_what_the_journal_says_is_escaped(tmp_path: Path) -> None:
    journal = tmp_path / "journal.yaml"
    journal.write_text(
        EXAMPLE.read_text(encoding="utf-8").replace(
            "with: the legal team}", 'with: "<script>alert(1)</script> [x](javascript:alert(1))"}'
        ),
        encoding="utf-8",
    )
    campaign = load_campaign(journal, as_of=dt.date(2027, 3, 1))
    markdown = campaign_report(campaign, "Example Fibre", dt.date(2027, 3, 1))
    html = MarkdownIt("commonmark").render(markdown).lower()
    assert "<script" not in html and 'href="javascript' not in html
    page = campaign_report(campaign, "Example Fibre", dt.date(2027, 3, 1), format="html")
    assert "<script" not in page and "&lt;script&gt;alert(1)&lt;/script&gt;" in page


def test_nothing_recorded_yet() -> None:
    campaign = load_campaign(EXAMPLE, as_of=dt.date(2026, 12, 1))
    history = engagement_history(campaign, "Example Mobile", dt.date(2026, 12, 1))
    assert history.done == ()
    assert history.summary() == "As of 2026-12-01: 0 events done, 9 planned."


@pytest.mark.parametrize(
    ("args", "message"),
    [
        ([], "is a campaign journal: give --company NAME (its companies: 'Example Mobile', "),
        (["--company", "Example"], "no company called 'Example' in this campaign"),
        (["--company", "Example Mobile", "--as-of", "1 March"], "--as-of 1 March: not a date"),
    ],
)
def test_mistakes_are_said_plainly(
    args: list[str], message: str, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["report", str(EXAMPLE), *args]) == 2
    err = capsys.readouterr().err
    assert message in err and "Traceback" not in err


def test_as_of_needs_a_journal(capsys: pytest.CaptureFixture[str]) -> None:
    scenario = ROOT / "facts" / "examples" / "mno-network-shutdown.yaml"
    assert main(["report", str(scenario), "--as-of", "2027-01-01"]) == 2
    assert "--as-of is the day of a campaign journal: give --company too" in (
        capsys.readouterr().err
    )


def test_the_example_journal_cites_sections_of_the_guide_and_every_kind_of_event() -> None:
    lines = EXAMPLE.read_text(encoding="utf-8").splitlines()
    comments = " ".join(line for line in lines if line.lstrip().startswith("#"))
    cited = {c.strip() for group in re.findall(r"\[([^\]]+)\]", comments) for c in group.split(",")}
    kb = load_knowledge_base()
    assert cited and all(kb.section(section).id == section for section in cited)
    campaign = load_campaign(EXAMPLE, as_of=dt.date(2027, 3, 31))
    events = [event for journal in campaign.companies for event in journal.events]
    assert {event.event for event in events} == set(EVENT_TYPES)
    assert {event.get("outcome") for event in events if event.event == "reply"} == set(
        REPLY_OUTCOMES
    )
    assert len(campaign.companies) == 3
    assert min(e.date for e in events) >= dt.date(2027, 1, 1)
    assert max(e.date for e in events if not e.planned) <= dt.date(2027, 3, 31)
