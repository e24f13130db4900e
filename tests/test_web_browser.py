"""The web app end to end, as a user meets it: a real uvicorn on a free port of 127.0.0.1, and
real headless Chromium (Debian's, driven by Playwright through ``executable_path``: no
browser is downloaded) clicking, typing and reading, at a desktop and a phone width.

- a campaign: the journal opened from the folder's list, an event added through the form,
  the company's stage changing on the page;
- every page in Arabic: ``lang="ar" dir="rtl"`` on ``<html>``, and nothing wider than the
  window, at 1280 and 390 pixels;
- basic accessibility: every input, select and text area has an accessible label, ``lang``
  and ``dir`` are set, and the keyboard's Tab reaches every link, button and field.

Each screenshot is written under the test's own folder (and copied to
``$RIGHTSRULES_SCREENSHOTS`` when that is set), never committed. Skipped, saying why, only
where no Chromium is installed (``.ci/run`` installs Debian's ``chromium``).
"""

from __future__ import annotations

import os
import shutil
import socket
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import uvicorn
from playwright.sync_api import Browser, ConsoleMessage, Page, Response, sync_playwright

from rightsrules.web import WebConfig, create_app

from .test_report_browser import BROWSER

pytestmark = pytest.mark.skipif(
    BROWSER is None,
    reason="no Chromium on this machine (apt-get install chromium); the pages are still "
    "tested through the test client in test_web_*.py",
)

SMALL = Path(__file__).parent / "fixtures" / "campaign" / "small.yaml"
WIDTHS = {"desktop": 1280, "phone": 390}
#: What a keyboard user must be able to reach with Tab.
INTERACTIVE = "a[href], button, input:not([type=hidden]), select, textarea"


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The app served by uvicorn in a thread, over a folder holding the small journal."""
    folder = tmp_path_factory.mktemp("journals")
    shutil.copy(SMALL, folder / "small.yaml")
    port = _free_port()
    config = uvicorn.Config(
        create_app(WebConfig(journals=folder)), host="127.0.0.1", port=port, log_level="warning"
    )
    served = uvicorn.Server(config)
    thread = threading.Thread(target=served.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 20
    while not served.started:
        assert thread.is_alive() and time.monotonic() < deadline, "uvicorn did not start"
        time.sleep(0.05)
    yield f"http://127.0.0.1:{port}"
    served.should_exit = True
    thread.join(timeout=10)


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    assert BROWSER is not None
    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(
            executable_path=BROWSER, args=["--no-sandbox", "--disable-gpu"]
        )
        yield launched
        launched.close()


@pytest.fixture
def page(browser: Browser) -> Iterator[Page]:
    context = browser.new_context(viewport={"width": WIDTHS["desktop"], "height": 900})
    opened = context.new_page()
    errors: list[str] = []

    def console(message: ConsoleMessage) -> None:
        # A failed load is reported by its response, below, with its address.
        if message.type == "error" and not message.text.startswith("Failed to load resource"):
            errors.append(message.text)

    def response(answer: Response) -> None:
        # The browser asks for /favicon.ico of its own accord; the pages link no icon.
        if answer.status >= 400 and not answer.url.endswith("/favicon.ico"):
            errors.append(f"{answer.status} {answer.url}")

    opened.on("console", console)
    opened.on("pageerror", lambda error: errors.append(str(error)))
    opened.on("response", response)
    yield opened
    context.close()
    assert not errors, errors  # no script error, no missing file, nothing the CSP refused


def screenshot(page: Page, tmp_path: Path, name: str) -> Path:
    path = tmp_path / f"{name}.png"
    page.screenshot(path=str(path), full_page=True)
    assert path.read_bytes().startswith(b"\x89PNG\r\n\x1a\n")
    keep = os.environ.get("RIGHTSRULES_SCREENSHOTS")
    if keep:
        Path(keep).mkdir(parents=True, exist_ok=True)
        shutil.copy(path, Path(keep) / path.name)
    return path


def overflow(page: Page) -> Any:
    """How many pixels the page is wider than its window (0: nothing overflows)."""
    return page.evaluate(
        "() => document.documentElement.scrollWidth - document.documentElement.clientWidth"
    )


def unlabelled(page: Page) -> Any:
    """The fields with no accessible label: no <label for>, no wrapping label, no aria."""
    return page.evaluate(
        """() => [...document.querySelectorAll('input:not([type=hidden]), select, textarea')]
            .filter(el => !(el.labels && el.labels.length) && !el.getAttribute('aria-label')
                          && !el.getAttribute('aria-labelledby'))
            .map(el => el.outerHTML)"""
    )


def tab_through(page: Page) -> Any:
    """The interactive elements Tab never reached (a date field takes a stop per part, so
    up to four Tabs per element are pressed, stopping once every one was reached)."""
    count = page.evaluate(f"() => document.querySelectorAll({INTERACTIVE!r}).length")
    page.evaluate(
        """() => { window.__reached = new Set();
                   document.addEventListener('focusin', e => window.__reached.add(e.target)); }"""
    )
    # A group of radio buttons is one stop (the arrows move within it): reached when one is.
    missing = f"""() => {{
        const radios = new Set([...window.__reached].filter(el => el.type === 'radio')
                                                    .map(el => el.form + ':' + el.name));
        return [...document.querySelectorAll({INTERACTIVE!r})]
            .filter(el => !window.__reached.has(el)
                          && !(el.type === 'radio' && radios.has(el.form + ':' + el.name)))
            .map(el => el.outerHTML); }}"""
    for presses in range(4 * count + 1):
        page.keyboard.press("Tab")
        if presses % 8 == 7 and not page.evaluate(missing):
            break
    return page.evaluate(missing)


def check_page(page: Page, tmp_path: Path, name: str, *, lang: str = "en") -> None:
    """What every page must be: in its language and direction, each field labelled, no wider
    than the window; and a screenshot of it."""
    html = page.locator("html")
    assert html.get_attribute("lang") == lang
    assert html.get_attribute("dir") == ("rtl" if lang == "ar" else "ltr")
    assert unlabelled(page) == [], name
    screenshot(page, tmp_path, name)
    width = page.viewport_size["width"] if page.viewport_size else 0
    assert overflow(page) <= 0, f"{name} is wider than a {width} px window"


@pytest.mark.parametrize("width", WIDTHS)
def test_the_interview_leads_to_the_plan_an_explanation_and_what_if(
    server: str, page: Page, tmp_path: Path, width: str
) -> None:
    page.set_viewport_size({"width": WIDTHS[width], "height": 900})
    page.goto(f"{server}/interview")
    check_page(page, tmp_path, f"interview.{width}")
    page.get_by_label("What is the company called?").fill("Example Mobile")
    page.get_by_label("What kind of company is it?").select_option("mobile_network_operator")
    page.get_by_label("What harm are you concerned about?").select_option("network_disruption")
    page.get_by_role("button", name="See the plan").click()

    assert page.get_by_role("heading", name="Engagement plan: Example Mobile").is_visible()
    assert "Private, behind-the-scenes advocacy" in page.locator("main").inner_text()
    check_page(page, tmp_path, f"plan.{width}")
    page.get_by_role("link", name="Explain: Private, behind-the-scenes advocacy").click()

    assert "Advised for your situation." in page.locator("main").inner_text()
    assert "mno.public-and-private-advocacy" in page.locator("#explanation").inner_text()
    check_page(page, tmp_path, f"explanation.{width}")
    page.get_by_role("link", name="What if an answer changes").click()
    page.get_by_label("Which answer would you change?").select_option("company.type")
    page.get_by_role("button", name="Choose").click()
    page.locator("#what-if-form").get_by_label("What kind of company is it?").select_option(
        "social_media_platform"
    )
    page.get_by_role("button", name="See what changes").click()
    added = page.locator("#added").inner_text()
    removed = page.locator("#removed").inner_text()
    assert "Content moderation failures" in added
    assert "State orders to disrupt or shut down networks" in removed
    check_page(page, tmp_path, f"what-if.{width}")

    page.locator("#lang-ar").click()
    check_page(page, tmp_path, f"what-if.ar.{width}", lang="ar")
    assert "Content moderation failures" not in page.locator("#added").inner_text()
    page.locator("#back-to-plan").click()
    check_page(page, tmp_path, f"plan.ar.{width}", lang="ar")
    assert page.evaluate("() => getComputedStyle(document.body).direction") == "rtl"


def test_a_campaign_event_added_in_the_browser_changes_the_status(
    server: str, page: Page, tmp_path: Path
) -> None:
    page.goto(f"{server}/campaigns")
    page.get_by_role("link", name="small.yaml").click()
    page.get_by_label("Where things stand as of").fill("2027-01-31")
    page.get_by_role("button", name="Show", exact=True).click()
    mobile = page.locator("article.company").first
    assert "unresponsive" in mobile.inner_text()
    assert "overdue" in mobile.inner_text()
    page.get_by_label("Company", exact=True).select_option("Example Mobile")
    page.get_by_label("What happened").select_option("reply")
    page.get_by_role("button", name="Next: the details").click()
    page.get_by_label("Date").fill("2027-01-30")
    page.get_by_label("What the reply was").select_option("committed")
    page.get_by_label("Summary").fill("they will publish every order they receive")
    page.get_by_role("button", name="Add the event to the journal").click()
    assert "Added to the journal: Example Mobile: reply of 2027-01-30: committed" in (
        page.get_by_role("status").inner_text()
    )
    stage = page.locator("article.company").first.inner_text()
    assert "in dialogue" in stage and "unresponsive" not in stage
    screenshot(page, tmp_path, "campaign.added.desktop")


PAGES = {
    "home": "/",
    "interview": "/interview",
    "campaigns": "/campaigns",
    "campaign": "/campaigns/small.yaml?as_of=2027-01-31&company=Example+Telecom&event=meeting",
}


#: The plan of a company of the journal is the report's own page (its style by hash).
ARABIC_PAGES = {
    **PAGES,
    "campaign-plan": "/campaigns/small.yaml/plan?company=Example+Mobile&as_of=2027-01-31",
}


@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize("name", ARABIC_PAGES)
def test_every_page_in_arabic_is_right_to_left_and_fits_the_window(
    server: str, page: Page, tmp_path: Path, name: str, width: str
) -> None:
    page.set_viewport_size({"width": WIDTHS[width], "height": 900})
    separator = "&" if "?" in ARABIC_PAGES[name] else "?"
    page.goto(f"{server}{ARABIC_PAGES[name]}{separator}lang=ar")
    html = page.locator("html")
    assert html.get_attribute("lang") == "ar"
    assert html.get_attribute("dir") == "rtl"
    assert page.evaluate("() => getComputedStyle(document.body).direction") == "rtl"
    screenshot(page, tmp_path, f"{name}.ar.{width}")
    assert overflow(page) <= 0, f"{name} is wider than a {WIDTHS[width]} px window"


@pytest.mark.parametrize("name", PAGES)
def test_every_field_is_labelled_and_every_control_reachable_by_tab(
    server: str, page: Page, name: str
) -> None:
    page.goto(f"{server}{PAGES[name]}")
    html = page.locator("html")
    assert html.get_attribute("lang") == "en" and html.get_attribute("dir") == "ltr"
    assert unlabelled(page) == []
    assert tab_through(page) == []
