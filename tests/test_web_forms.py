"""The forms' CSRF tokens: a form posts only with the token its page gave this browser."""

from __future__ import annotations

import pytest
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import HTMLResponse, PlainTextResponse, Response
from starlette.routing import Route
from starlette.testclient import TestClient

from rightsrules.web import WebConfig, create_app
from rightsrules.web.forms import COOKIE, FIELD, hidden_field, read_form, remember_token, sign


async def _show(request: Request) -> Response:
    response = HTMLResponse(str(hidden_field(request)))
    remember_token(request, response)
    return response


async def _post(request: Request) -> Response:
    form = await read_form(request)
    return PlainTextResponse(f"got {form.get('answer')}")


@pytest.fixture
def app() -> Starlette:
    app = create_app(WebConfig())
    app.router.routes += [Route("/form", _show), Route("/post", _post, methods=["POST"])]
    return app


def test_a_form_posts_with_the_token_of_its_page(app: Starlette) -> None:
    client = TestClient(app)
    shown = client.get("/form")
    token = shown.cookies[COOKIE]
    assert f'value="{token}"' in shown.text
    assert client.post("/post", data={FIELD: token, "answer": "yes"}).text == "got yes"
    assert client.get("/form").text == shown.text  # the same token while the cookie holds


@pytest.mark.parametrize("posted", [None, "", "nonce.0000", "forged"])
def test_a_form_without_its_token_is_refused(app: Starlette, posted: str | None) -> None:
    client = TestClient(app)
    client.get("/form")
    data = {"answer": "yes"} if posted is None else {FIELD: posted, "answer": "yes"}
    response = client.post("/post", data=data)
    assert response.status_code == 403
    assert "got" not in response.text


def test_a_token_signed_by_another_app_is_refused(app: Starlette) -> None:
    forged = sign(b"another secret", "nonce")
    client = TestClient(app, cookies={COOKIE: forged})
    assert client.post("/post", data={FIELD: forged}).status_code == 403


def test_another_browser_cannot_post_a_stolen_field_without_the_cookie(app: Starlette) -> None:
    token = TestClient(app).get("/form").cookies[COOKIE]
    assert TestClient(app).post("/post", data={FIELD: token}).status_code == 403
