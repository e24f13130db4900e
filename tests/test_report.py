"""The engagement plan: what it says, in Markdown and in one self-contained, safe HTML page."""

from __future__ import annotations

import html.parser
import re
from pathlib import Path
from typing import Any

import pytest

import rightsrules
from rightsrules import ScenarioError, assess, load_scenario
from rightsrules.cli import main
from rightsrules.knowledge import builtin_facts_dir
from rightsrules.render import advice_html, build_plan, to_report_html, to_report_markdown

EXAMPLES = sorted((builtin_facts_dir() / "examples").glob("*.yaml"))

HOSTILE = (
    '<script>alert("x")</script>',
    "<img src=x onerror=alert(1)>",
    '"><svg onload=alert(1)>',
    "</style><script>evil()</script>",
    "[bold]markup[/bold] & *stars* `ticks` | pipes",
)

VOID = {"meta", "input", "br", "img", "hr", "link", "source", "wbr", "col", "area"}
SVG_SELF_CLOSING = {"path", "rect", "circle", "line", "polyline", "polygon", "ellipse"}


def scenario(name: str = "Example Mobile", **extra: Any) -> dict[str, Any]:
    data: dict[str, Any] = {
        "company": {
            "name": name,
            "type": "mobile_network_operator",
            "publicly_traded": True,
            "departments": ["policy", "legal"],
            "published_reports": ["transparency"],
            "public_commitments": ["Example Freedom of Expression Policy"],
        },
        "context": {"country": "NG"},
        "concern": {"issue": "network_disruption", "driver": "government"},
        "organization": {
            "name": "Example Digital Rights Group",
            "relationship": "none",
            "can_offer": ["research"],
        },
        "engagement": {"stage": "planning", "contacting_competitors": True},
    }
    for path, value in extra.items():
        section, key = path.split("__")
        data.setdefault(section, {})[key] = value
    return data


class Structure(html.parser.HTMLParser):
    """Checks an HTML page while it is parsed: tags balanced, and what it links to."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.stack: list[str] = []
        self.errors: list[str] = []
        self.counts: dict[str, int] = {}
        self.links: list[str] = []
        self.sources: list[str] = []
        self.ids: set[str] = set()
        self.handlers: list[str] = []
        self.text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.counts[tag] = self.counts.get(tag, 0) + 1
        for name, value in attrs:
            if name.startswith("on"):
                self.handlers.append(f"{tag}[{name}]")
            if name == "href" and value is not None:
                self.links.append(value)
            if name in ("src", "xlink:href", "action", "formaction") and value is not None:
                self.sources.append(value)
            if name == "id" and value is not None:
                if value in self.ids and not value.startswith("rr-"):
                    self.errors.append(f"duplicate id {value}")
                self.ids.add(value)
        if tag not in VOID:
            self.stack.append(tag)

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.counts[tag] = self.counts.get(tag, 0) + 1
        for name, value in attrs:
            if name.startswith("on"):
                self.handlers.append(f"{tag}[{name}]")
            if name in ("src", "href", "xlink:href") and value is not None:
                self.sources.append(value)

    def handle_endtag(self, tag: str) -> None:
        if tag in VOID:
            return
        if not self.stack or self.stack[-1] != tag:
            self.errors.append(f"</{tag}> closes <{self.stack[-1] if self.stack else None}>")
            return
        self.stack.pop()

    def handle_data(self, data: str) -> None:
        self.text.append(data)


def parse(page: str) -> Structure:
    checker = Structure()
    checker.feed(page)
    checker.close()
    return checker


def assert_valid_page(page: str, resource_urls: set[str]) -> Structure:
    checker = parse(page)
    assert page.startswith("<!DOCTYPE html>")
    assert not checker.errors, checker.errors[:5]
    assert not checker.stack, f"unclosed: {checker.stack}"
    assert checker.counts.get("h1") == 1
    assert checker.counts.get("script", 0) == 0
    assert checker.counts.get("iframe", 0) == 0
    assert checker.counts.get("link", 0) == 0  # no external stylesheet
    assert not checker.handlers
    assert not checker.sources, checker.sources  # no src at all: nothing is loaded
    for link in checker.links:
        if link.startswith("#"):
            assert link[1:] in checker.ids, f"dangling anchor {link}"
        else:
            assert link in resource_urls, f"unexpected link {link}"
    return checker


def test_the_markdown_plan_has_every_part() -> None:
    advice = assess(scenario(engagement__response_deadline="2030-03-01"))
    text = to_report_markdown(advice)
    for heading in (
        "# Engagement plan: Example Mobile",
        "## Summary",
        "## The company's challenges",
        "## Leverage",
        "## Strategies, ranked",
        "## Do these first",
        "## Whom to contact",
        "### How to find them",
        "## Steps, phase by phase",
        "### 1. Prepare (you are here)",
        "## Draft opening message",
        "## Resources",
        "## Questions still open",
    ):
        assert heading in text.splitlines(), heading
    assert "*Reply date:* Ask for a reply by 2030-03-01, and say so in the message." in text
    assert "*Guide:* " in text
    assert "Example Freedom of Expression Policy" in text


def test_the_plan_follows_the_advice() -> None:
    advice = assess(scenario())
    plan = build_plan(advice)
    assert [item.id for item in plan.strategies] == [c.id for c in advice.of_kind("strategy")]
    assert [item.id for item in plan.steps] == [c.id for c in advice.of_kind("step")]
    for item in (*plan.challenges, *plan.strategies, *plan.steps, *plan.contacts):
        assert item.sections, item.id
        assert all(section.heading for section in item.sections)
    urls = {r.url for c in advice.conclusions for r in c.resources}
    assert {r.url for r in plan.resources} == urls
    assert {q.path for q in plan.questions} == {q.path for q in advice.questions()}


def test_the_draft_message_builds_on_the_company_commitments() -> None:
    advice = assess(scenario(engagement__response_deadline="2030-03-01"))
    message = build_plan(advice).message
    assert '"Example Freedom of Expression Policy"' in message
    assert "Example Digital Rights Group" in message
    assert "by 2030-03-01" in message
    assert "other companies in your sector" in message  # contacting_competitors: true
    assert "research" in message  # can_offer


def test_without_a_deadline_the_plan_asks_for_one_and_gives_none_of_its_own() -> None:
    plan = build_plan(assess(scenario()))
    assert plan.deadline is None
    assert "Choose a date" in plan.deadline_note
    assert "week" not in plan.deadline_note  # the guide gives no default delay
    assert "[the date you choose]" in plan.message


def test_a_deadline_must_be_a_real_day() -> None:
    with pytest.raises(ScenarioError, match="YYYY-MM-DD"):
        assess(scenario(engagement__response_deadline="2030-02-30"))
    with pytest.raises(ScenarioError, match="YYYY-MM-DD"):
        assess(scenario(engagement__response_deadline="next week"))


def test_the_html_page_is_well_formed_and_self_contained() -> None:
    advice = assess(scenario(engagement__response_deadline="2030-03-01"))
    page = to_report_html(advice)
    urls = {r.url for r in advice.knowledge_base.resources}
    checker = assert_valid_page(page, urls)
    assert checker.counts.get("svg") == 1  # the derivation diagram, inline
    assert '<meta name="viewport"' in page
    assert "@media print" in page and "@media (max-width" in page
    assert 'type="checkbox"' in page
    text = " ".join(checker.text)
    assert "Reply date: Ask for a reply by 2030-03-01" in text


@pytest.mark.parametrize("hostile", HOSTILE)
def test_user_text_never_reaches_the_page_unescaped(hostile: str) -> None:
    data = scenario(name=hostile)
    data["organization"]["name"] = hostile
    data["company"]["public_commitments"] = [hostile]
    data["company"]["published_reports"] = [hostile]
    data["company"]["industry_associations"] = [hostile]
    advice = assess(data)
    for page in (to_report_html(advice), advice_html(advice, diagram=True)):
        assert "<script" not in page.lower()
        assert hostile not in page or not any(c in hostile for c in "<>\"'&")
        checker = parse(page)
        assert not checker.handlers and not checker.errors
        assert hostile in "".join(checker.text)  # shown as written, once decoded
    markdown = to_report_markdown(advice)
    assert not re.search(r"(?<!\\)<(script|img|svg|/style)", markdown)  # escaped as \\<


def test_the_jupyter_fragment_is_balanced_and_has_no_page_wrapper() -> None:
    advice = assess(scenario())
    fragment = advice._repr_html_()
    checker = parse(fragment)
    assert not checker.errors and not checker.stack
    assert "<html" not in fragment and "<h1" not in fragment
    assert advice._repr_markdown_().startswith("# Advice for Example Mobile")


@pytest.mark.parametrize("example", EXAMPLES, ids=lambda p: p.stem)
def test_every_example_gives_a_valid_page(example: Path) -> None:
    advice = assess(load_scenario(example))
    urls = {r.url for r in advice.knowledge_base.resources}
    assert_valid_page(to_report_html(advice), urls)
    assert to_report_markdown(advice).startswith("# Engagement plan: ")


def test_the_report_command_writes_a_file(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "plan.html"
    example = EXAMPLES[0]
    assert main(["report", str(example), "--format", "html", "--out", str(out)]) == 0
    assert out.read_text(encoding="utf-8").startswith("<!DOCTYPE html>")
    assert capsys.readouterr().out == ""
    assert main(["report", str(example)]) == 0
    assert capsys.readouterr().out.startswith("# Engagement plan: ")


def test_the_report_command_refuses_bad_input(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    bad = tmp_path / "bad.yaml"
    bad.write_text("company: {name: X, type: spaceship}\n", encoding="utf-8")
    assert main(["report", str(bad), "--format", "html"]) == 2
    err = capsys.readouterr().err
    assert "spaceship" in err and "Traceback" not in err
    assert main(["report", str(EXAMPLES[0]), "--out", str(tmp_path / "no" / "such" / "x")]) == 2
    assert "cannot write" in capsys.readouterr().err
    assert main(["report", str(EXAMPLES[0]), "--format", "pdf"]) == 2


def test_the_picture_command(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    example = str(EXAMPLES[0])
    assert main(["picture", example, "--out", str(tmp_path / "why.svg")]) == 0
    assert (tmp_path / "why.svg").read_text(encoding="utf-8").startswith("<svg")
    assert main(["picture", example, "strategy:no_such_thing"]) == 2
    assert "no_such_thing" in capsys.readouterr().err


def test_explanations_display_in_jupyter() -> None:
    advice = assess(
        {
            "company": {"name": "Example <i>Mobile</i>", "type": "mobile_network_operator"},
            "concern": {"issue": "direct_access"},
        }
    )
    assert (
        "leverage:government_licence"
        in advice.explain("leverage:government_licence")._repr_markdown_()
    )
    why_not = advice.why_not("strategy:investor_engagement")._repr_html_()
    assert why_not.startswith("<pre>") and "investor" in why_not
    change = rightsrules.what_if(advice.understood, {"company.publicly_traded": True})
    assert "strategy:investor_engagement" in change._repr_html_()
    for page in (why_not, change._repr_html_()):
        assert "<i>" not in page


def test_markdown_escaping_keeps_user_text_from_forming_markup() -> None:
    from rightsrules.escape import markdown as md

    assert md("[x](javascript:alert(1))") == "\\[x\\](javascript:alert(1))"
    assert md("- not a list\n1. nor this\n> nor a quote") == (
        "\\- not a list\n1\\. nor this\n\\> nor a quote"
    )
    assert md("Example Net (a.k.a. E-Net), 2024.") == "Example Net (a.k.a. E-Net), 2024."
    plan = to_report_markdown(assess({"company": {"name": "1. Example *Net*", "type": "isp"}}))
    assert "\n1\\. Example \\*Net\\* is an internet service provider." in plan
