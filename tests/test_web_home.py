"""The web app's start page and what every page shares: language and direction."""

from __future__ import annotations

import pytest
from starlette.testclient import TestClient

from rightsrules.web import WebConfig, create_app


@pytest.fixture(scope="module")
def client() -> TestClient:
    return TestClient(create_app(WebConfig()), base_url="http://127.0.0.1")


@pytest.mark.parametrize(
    ("query", "headers", "lang", "direction"),
    [
        ("", {}, "en", "ltr"),
        ("?lang=ar", {}, "ar", "rtl"),
        ("", {"Accept-Language": "de-DE, fr;q=0.8"}, "fr", "ltr"),
        ("?lang=xx", {"Accept-Language": "es-MX"}, "es", "ltr"),
    ],
)
def test_the_page_speaks_the_language_asked(
    client: TestClient, query: str, headers: dict[str, str], lang: str, direction: str
) -> None:
    response = client.get("/" + query, headers=headers)
    assert response.status_code == 200
    assert f'<html lang="{lang}" dir="{direction}">' in response.text


def test_the_style_sheet_is_served_from_the_package(client: TestClient) -> None:
    response = client.get("/static/app.css")
    assert response.status_code == 200
    assert "font" in response.text


def test_the_start_page_leads_to_the_interview_and_the_campaigns(client: TestClient) -> None:
    page = client.get("/?lang=fr").text
    assert 'href="/interview?lang=fr"' in page
    assert 'href="/campaigns?lang=fr"' in page
    assert client.get("/campaigns?lang=fr").status_code == 200
