"""The French and Arabic HTML plans in a real browser (headless Chromium), at a desktop and a
phone width: each screenshot is written under the test's own folder (and copied to
``$RIGHTSRULES_SCREENSHOTS`` when that is set), never committed.

Each plan uses the shipped catalogue of its language, or, before one is shipped, a
pseudo-translation of the template (tests/i18n_catalogues.py), so the right-to-left layout is
exercised either way. Without Chromium the tests fail, saying how to install it: they are the
only check of the Arabic page as a reader sees it."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

import rightsrules.i18n.catalogues as catalogues
from rightsrules import assess
from rightsrules.render import to_report_html

from .i18n_catalogues import write_pseudo_catalogue
from .test_report_browser import BROWSER, EXAMPLE, console_errors, run_browser

WIDTHS = {"desktop": 1280, "phone": 390}
INSTALL = "no Chromium on this machine: apt-get install -y chromium"


@pytest.fixture(scope="module")
def pages(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    folder = tmp_path_factory.mktemp("i18n-plans")
    pseudo = folder / "locale"
    found = {}
    saved = catalogues.LOCALE_DIR
    for language in ("fr", "ar"):
        if not catalogues.catalogue_path(language).is_file():
            write_pseudo_catalogue(pseudo, language)
    try:
        for language in ("fr", "ar"):
            if not catalogues.catalogue_path(language, saved).is_file():
                catalogues.LOCALE_DIR = pseudo
            catalogues.catalogue.cache_clear()
            page = folder / f"plan.{language}.html"
            page.write_text(to_report_html(assess(EXAMPLE, lang=language)), encoding="utf-8")
            found[language] = page
            catalogues.LOCALE_DIR = saved
    finally:
        catalogues.LOCALE_DIR = saved
        catalogues.catalogue.cache_clear()
    return found


@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize("language", ["fr", "ar"])
def test_the_plan_is_screenshot_in_chromium(
    pages: dict[str, Path], tmp_path: Path, language: str, width: str
) -> None:
    assert BROWSER is not None, INSTALL
    screenshot = tmp_path / f"plan.{language}.{width}.png"
    result = run_browser(
        tmp_path / "profile",
        f"--screenshot={screenshot}",
        f"--window-size={WIDTHS[width]},2400",
        pages[language].as_uri(),
    )
    assert result.returncode == 0, result.stderr[-2000:]
    data = screenshot.read_bytes()
    assert data.startswith(b"\x89PNG\r\n\x1a\n")
    assert len(data) > 20_000  # a rendered page, not a blank one
    assert not console_errors(result.stderr), console_errors(result.stderr)
    keep = os.environ.get("RIGHTSRULES_SCREENSHOTS")
    if keep:
        Path(keep).mkdir(parents=True, exist_ok=True)
        shutil.copy(screenshot, Path(keep) / screenshot.name)


def test_the_arabic_page_is_laid_out_right_to_left(pages: dict[str, Path], tmp_path: Path) -> None:
    assert BROWSER is not None, INSTALL
    result = run_browser(tmp_path / "profile", "--dump-dom", pages["ar"].as_uri())
    assert result.returncode == 0, result.stderr[-2000:]
    dom = result.stdout
    assert '<html lang="ar" dir="rtl">' in dom
    assert 'dir="ltr"' in dom and "<script" not in dom
    french = run_browser(tmp_path / "profile-fr", "--dump-dom", pages["fr"].as_uri()).stdout
    assert '<html lang="fr">' in french and 'dir="rtl"' not in french
