"""The web app's guards: Host header, token, body limit, response headers, error pages."""

from __future__ import annotations

import base64
import hashlib
import re
from collections.abc import Iterator
from typing import Any

import pytest
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import PlainTextResponse, Response
from starlette.routing import Route
from starlette.testclient import TestClient

from rightsrules import ReferenceEvaluator, assess
from rightsrules.errors import Problem, ScenarioError
from rightsrules.i18n import using
from rightsrules.render.report import advice_html, to_report_html
from rightsrules.web import WebConfig, create_app
from rightsrules.web.forms import read_form
from rightsrules.web.security import COOKIE

BASE = "http://127.0.0.1:8000"
TOKEN = "a-long-secret-token"


async def boom(request: Request) -> Response:
    raise RuntimeError("the secret internals of a bug")


async def refused(request: Request) -> Response:
    raise ScenarioError([Problem("unknown key <b>x</b>", file="s.yaml", line=3, key="company.x")])


async def posted(request: Request) -> Response:
    form = await read_form(request)
    return PlainTextResponse(str(form.get("name")))


def app_with_test_routes(config: WebConfig) -> Starlette:
    app = create_app(config)
    app.router.routes.extend(
        [
            Route("/boom", boom),
            Route("/refused", refused),
            Route("/posted", posted, methods=["POST"]),
        ]
    )
    return app


@pytest.fixture(scope="module")
def client() -> Iterator[TestClient]:
    app = app_with_test_routes(WebConfig())
    with TestClient(app, base_url=BASE, raise_server_exceptions=False) as client:
        yield client


@pytest.fixture()
def guarded() -> Iterator[TestClient]:
    with TestClient(create_app(WebConfig(token=TOKEN)), base_url=BASE) as client:
        yield client


# ---------------------------------------------------------------- Host header


@pytest.mark.parametrize(
    "base", [BASE, "http://localhost", "http://[::1]:8000", "http://127.0.0.2"]
)
def test_this_machine_s_names_are_answered(base: str) -> None:
    with TestClient(create_app(WebConfig()), base_url=base) as client:
        assert client.get("/").status_code == 200


@pytest.mark.parametrize(
    "host", ["evil.example", "evil.example:8000", "127.0.0.1.evil.example", ""]
)
def test_another_host_header_is_refused(client: TestClient, host: str) -> None:
    answer = client.get("/", headers={"host": host})
    assert answer.status_code == 400
    assert "127.0.0.1" in answer.text
    assert answer.headers["content-security-policy"]


def test_allow_remote_answers_any_host_name() -> None:
    app = create_app(WebConfig(allow_remote=True, token=TOKEN))
    with TestClient(app, base_url="http://rights.example.org") as client:
        answer = client.get("/", headers={"authorization": f"Bearer {TOKEN}"})
        assert answer.status_code == 200


# ---------------------------------------------------------------- headers


def policy(answer: Any) -> dict[str, str]:
    header: str = answer.headers["content-security-policy"]
    return dict(part.strip().partition(" ")[::2] for part in header.split(";"))


@pytest.mark.parametrize("path", ["/", "/nowhere", "/boom", "/refused", "/static/app.css"])
def test_every_response_carries_the_headers(client: TestClient, path: str) -> None:
    answer = client.get(path)
    found = policy(answer)
    assert found["default-src"] == "'none'"
    assert found["script-src"] == "'self'"
    assert found["form-action"] == "'self'"
    assert found["frame-ancestors"] == "'none'"
    assert found["base-uri"] == "'none'"
    assert found["img-src"] == "'self' data:"
    assert "unsafe" not in answer.headers["content-security-policy"]
    assert answer.headers["x-content-type-options"] == "nosniff"
    assert answer.headers["referrer-policy"] == "no-referrer"
    if path.startswith("/static/"):
        assert "no-store" not in answer.headers.get("cache-control", "")
    else:
        assert answer.headers["cache-control"] == "no-store"


def style_hash(html: str) -> str:
    css = re.search(r"<style>(.*?)</style>", html, re.S)
    assert css is not None
    digest = hashlib.sha256(css.group(1).encode()).digest()
    return f"'sha256-{base64.b64encode(digest).decode()}'"


@pytest.mark.parametrize("lang", ["en", "ar"])
def test_the_plans_style_elements_are_allowed_by_hash(client: TestClient, lang: str) -> None:
    advice = assess({"company": {"name": "N", "type": "isp"}}, evaluator=ReferenceEvaluator())
    with using(lang):
        page, fragment = to_report_html(advice), advice_html(advice.in_language(lang))
    allowed = policy(client.get("/"))["style-src"].split()
    assert allowed[0] == "'self'"
    assert style_hash(page) in allowed
    assert style_hash(fragment) in allowed
    assert style_hash("<style>body { color: red }</style>") not in allowed


# ---------------------------------------------------------------- token


def test_without_the_token_a_page_asks_for_it(guarded: TestClient) -> None:
    answer = guarded.get("/?lang=fr")
    assert answer.status_code == 401
    assert 'type="password"' in answer.text
    assert 'name="csrf_token"' in answer.text
    assert 'name="next" value="/?lang=fr"' in answer.text


def test_the_api_takes_the_token_as_a_bearer_header(guarded: TestClient) -> None:
    body = {"company": {"name": "N", "type": "isp"}}
    answer = guarded.post("/api/advise", json=body)
    assert answer.status_code == 401
    assert answer.headers["www-authenticate"].startswith("Bearer")
    assert answer.json()["errors"][0]["message"]
    wrong = guarded.post("/api/advise", json=body, headers={"authorization": "Bearer nope"})
    assert wrong.status_code == 401
    right = guarded.post("/api/advise", json=body, headers={"authorization": f"Bearer {TOKEN}"})
    assert right.status_code == 200


def test_the_style_sheet_and_the_sign_in_page_need_no_token(guarded: TestClient) -> None:
    assert guarded.get("/static/app.css").status_code == 200
    assert guarded.get("/login").status_code == 401  # the form itself


def sign_in(client: TestClient, token: str, target: str = "/?lang=es") -> Any:
    form = client.get("/login")
    csrf = re.search(r'name="csrf_token" value="([^"]+)"', form.text)
    assert csrf is not None
    data = {"csrf_token": csrf.group(1), "token": token, "next": target}
    return client.post("/login", data=data, follow_redirects=False)


def test_signing_in_sets_a_cookie_that_holds_no_token(guarded: TestClient) -> None:
    answer = sign_in(guarded, TOKEN)
    assert answer.status_code == 303
    assert answer.headers["location"] == "/?lang=es"
    cookie = answer.headers["set-cookie"]
    assert COOKIE in cookie
    assert "httponly" in cookie.lower()
    assert "samesite=strict" in cookie.lower()
    assert TOKEN not in cookie
    assert guarded.get("/").status_code == 200


def test_a_wrong_token_signs_nobody_in(guarded: TestClient) -> None:
    answer = sign_in(guarded, "not-it")
    assert answer.status_code == 401
    assert "token" in answer.text
    assert guarded.get("/").status_code == 401


@pytest.mark.parametrize("target", ["//evil.example/", "https://evil.example/", "evil"])
def test_signing_in_never_sends_the_user_to_another_site(guarded: TestClient, target: str) -> None:
    answer = sign_in(guarded, TOKEN, target)
    assert answer.headers["location"] == "/"


def test_a_sign_in_without_the_form_token_is_refused(guarded: TestClient) -> None:
    answer = guarded.post("/login", data={"token": TOKEN}, follow_redirects=False)
    assert answer.status_code == 403
    assert COOKIE not in answer.headers.get("set-cookie", "")


# ---------------------------------------------------------------- body limit


def test_a_page_body_over_the_limit_is_413_before_it_is_read() -> None:
    with TestClient(app_with_test_routes(WebConfig(max_body=100)), base_url=BASE) as client:
        answer = client.post("/posted", data={"name": "x" * 500})
        assert answer.status_code == 413
        assert "<h1>" in answer.text

        def chunks() -> Iterator[bytes]:
            yield from [b"name=", b"x" * 80, b"x" * 80]

        headers = {"content-type": "application/x-www-form-urlencoded"}
        answer = client.post("/posted", content=chunks(), headers=headers)
        assert answer.status_code == 413


# ---------------------------------------------------------------- error pages


def test_a_bug_is_a_500_page_with_the_cli_sentence_and_no_traceback(client: TestClient) -> None:
    answer = client.get("/boom")
    assert answer.status_code == 500
    assert "This is a bug in rightsrules" in answer.text
    assert "please report it" in answer.text
    assert "Traceback" not in answer.text
    assert "secret internals" not in answer.text
    assert answer.headers["cache-control"] == "no-store"


def test_a_library_error_is_a_422_page_with_the_located_message_escaped(client: TestClient) -> None:
    answer = client.get("/refused")
    assert answer.status_code == 422
    assert "s.yaml:3: company.x: unknown key &lt;b&gt;x&lt;/b&gt;" in answer.text
    assert "<b>x</b>" not in answer.text


def test_a_form_without_its_token_is_a_403_page(client: TestClient) -> None:
    answer = client.post("/posted", data={"name": "x"})
    assert answer.status_code == 403
    assert "<h1>" in answer.text


def test_a_wrong_method_is_a_405_page(client: TestClient) -> None:
    answer = client.post("/")
    assert answer.status_code == 405
    assert set(answer.headers["allow"].split(", ")) == {"GET", "HEAD"}
    assert "<h1>" in answer.text


@pytest.mark.parametrize(
    ("lang", "title"),
    [("en", "Page not found"), ("fr", "Page introuvable"), ("ar", "الصفحة غير موجودة")],
)
def test_error_pages_speak_the_user_s_language(client: TestClient, lang: str, title: str) -> None:
    answer = client.get(f"/nowhere?lang={lang}")
    assert answer.status_code == 404
    assert f"<h1>{title}</h1>" in answer.text
    assert f'lang="{lang}"' in answer.text


def test_a_token_that_is_not_ascii_is_refused_not_a_bug(guarded: TestClient) -> None:
    bearer = {b"authorization": "Bearer jeton-é".encode()}
    assert guarded.get("/", headers=bearer).status_code == 401
    cookie = {b"cookie": f"{COOKIE}=é".encode()}
    assert guarded.get("/", headers=cookie).status_code == 401
    form = guarded.get("/login")
    csrf = re.search(r'name="csrf_token" value="([^"]+)"', form.text)
    assert csrf is not None
    data = {"csrf_token": csrf.group(1), "token": "jeton-é", "next": "/"}
    assert guarded.post("/login", data=data).status_code == 401
    data = {"csrf_token": "é." + csrf.group(1), "token": TOKEN, "next": "/"}
    assert guarded.post("/login", data=data).status_code == 403
