"""The HTML engagement plan in a real browser: headless Chromium, no network.

``rightsrules report ... --format html --out plan.html`` gives one file; Chromium opens it
from disk, takes a screenshot and dumps the DOM it built, and its log shows no console
error. Skipped, with the reason, where no Chromium is installed (``.ci/run`` installs
Debian's ``chromium`` so CI always runs it).
"""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest

from rightsrules.cli import main
from rightsrules.knowledge import builtin_facts_dir

EXAMPLE = builtin_facts_dir() / "examples" / "mno-network-shutdown.yaml"
BROWSERS = ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable")
FLAGS = (
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--no-first-run",
    "--disable-quic",
    "--disable-component-update",
    "--disable-sync",
    "--disable-extensions",
    "--hide-scrollbars",
    # Anything the page tried to fetch would fail here instead of reaching the network.
    "--host-resolver-rules=MAP * ~NOTFOUND",
    "--proxy-server=127.0.0.1:9",
)


def find_browser() -> str | None:
    for name in BROWSERS:
        found = shutil.which(name)
        if found:
            return found
    return None


BROWSER = find_browser()
pytestmark = pytest.mark.skipif(
    BROWSER is None,
    reason="no Chromium on this machine (apt-get install chromium); the HTML report is "
    "still validated structurally in test_report.py",
)


def run_browser(profile: Path, *args: str) -> subprocess.CompletedProcess[str]:
    assert BROWSER is not None
    return subprocess.run(
        [
            BROWSER,
            *FLAGS,
            f"--user-data-dir={profile}",
            "--enable-logging=stderr",
            "--v=0",
            *args,
        ],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
        env={**os.environ, "LANG": "C.UTF-8"},
    )


def console_errors(log: str) -> list[str]:
    """Every console message (the page runs no script, so any is a fault) and failed load."""
    return [
        line
        for line in log.splitlines()
        if ":CONSOLE" in line or "Uncaught" in line or "net::ERR_" in line
    ]


@pytest.fixture(scope="module")
def plan(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("report") / "plan.html"
    assert main(["report", str(EXAMPLE), "--format", "html", "--out", str(out)]) == 0
    return out


def test_the_plan_renders_in_chromium_with_a_screenshot(plan: Path, tmp_path: Path) -> None:
    screenshot = tmp_path / "plan.png"
    result = run_browser(
        tmp_path / "profile",
        f"--screenshot={screenshot}",
        "--window-size=1280,2400",
        plan.as_uri(),
    )
    assert result.returncode == 0, result.stderr[-2000:]
    data = screenshot.read_bytes()
    assert data.startswith(b"\x89PNG\r\n\x1a\n")
    assert len(data) > 20_000  # a rendered page, not a blank one
    assert not console_errors(result.stderr), console_errors(result.stderr)
    keep = os.environ.get("RIGHTSRULES_SCREENSHOTS")
    if keep:
        Path(keep).mkdir(parents=True, exist_ok=True)
        shutil.copy(screenshot, Path(keep) / "plan.png")


def test_the_browser_builds_the_whole_document(plan: Path, tmp_path: Path) -> None:
    result = run_browser(tmp_path / "profile", "--dump-dom", plan.as_uri())
    assert result.returncode == 0, result.stderr[-2000:]
    dom = result.stdout
    assert dom.count("<h1>") == 1
    assert "Engagement plan: Example Mobile Telecom" in dom
    for section in ("summary", "first", "strategies", "steps", "letter", "why"):
        assert f'id="{section}"' in dom, section
    assert "<svg" in dom and "</svg>" in dom
    assert "<script" not in dom
    assert not console_errors(result.stderr), console_errors(result.stderr)


def test_the_console_check_would_catch_an_error(tmp_path: Path) -> None:
    page = tmp_path / "broken.html"
    page.write_text(
        "<!DOCTYPE html><html><body><script>missing();</script></body></html>", encoding="utf-8"
    )
    result = run_browser(tmp_path / "profile", "--dump-dom", page.as_uri())
    assert any("missing is not defined" in line for line in console_errors(result.stderr))


def test_the_plan_prints(plan: Path, tmp_path: Path) -> None:
    pdf = tmp_path / "plan.pdf"
    result = run_browser(
        tmp_path / "profile", "--no-pdf-header-footer", f"--print-to-pdf={pdf}", plan.as_uri()
    )
    assert result.returncode == 0, result.stderr[-2000:]
    data = pdf.read_bytes()
    assert data.startswith(b"%PDF-")
    assert data.count(b"/Type /Page") - data.count(b"/Type /Pages") >= 2
