"""The pages speak the request's language all the way through: what the library says on the
way (a located input error, a refusal) too, while the API keeps to its own ``lang`` option."""

from __future__ import annotations

from pathlib import Path

from starlette.testclient import TestClient

from rightsrules.web import WebConfig, create_app

JOURNALS = Path(__file__).resolve().parents[1] / "facts" / "examples" / "campaigns"


def _client() -> TestClient:
    app = create_app(WebConfig(journals=JOURNALS))
    return TestClient(app, base_url="http://127.0.0.1")


def test_a_refusal_is_said_in_the_pages_language() -> None:
    response = _client().get("/campaigns/nope.yaml?lang=fr")
    assert response.status_code == 404
    assert "Aucun journal nommé &#39;nope.yaml&#39; dans le dossier." in response.text


def test_a_located_input_error_is_said_in_the_pages_language() -> None:
    response = _client().get(
        "/campaigns/election-shutdowns.yaml?as_of=2027-13-01",
        headers={"Accept-Language": "es-MX"},
    )
    assert response.status_code == 422
    assert "as_of: &#39;2027-13-01&#39; no es una fecha escrita AAAA-MM-DD" in response.text


def test_the_journal_s_events_are_worded_in_the_pages_language() -> None:
    page = _client().get("/campaigns/election-shutdowns.yaml?lang=fr&as_of=2027-02-01").text
    assert "message du 2027-01-12" in page
    assert "message of 2027-01-12" not in page


def test_the_api_keeps_to_its_own_language_option() -> None:
    client = _client()
    body = {"company": {"name": "X", "type": "nonsense"}}
    said = client.post("/api/advise", json=body, headers={"Accept-Language": "fr"})
    asked = client.post("/api/advise?lang=fr", json=body)
    assert (said.status_code, asked.status_code) == (422, 422)
    assert "is not one of" in said.json()["errors"][0]["message"]
    assert "ne fait pas partie de" in asked.json()["errors"][0]["message"]
