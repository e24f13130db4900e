"""The app's guards, around every request: who may ask, how much they may send, and what the
browser is told to refuse.

- **Host header** (against DNS rebinding, where a site's name is made to point at this
  machine): only this machine's names are answered, unless the app was started to be reached
  from other machines (``allow_remote``).
- **Token**: when the app has one, every request but the sign-in page and the style sheets
  carries it, as ``Authorization: Bearer TOKEN`` or as the cookie the sign-in form sets
  (``HttpOnly``, ``SameSite=Strict``; it holds a signature of the token, not the token).
- **Body limit**: a request body over ``max_body`` bytes is refused with 413, counted as it
  arrives (a ``Content-Length`` over the limit is refused at once, but a body is never
  trusted to be as short as it says).
- **Headers** on every response: a strict Content-Security-Policy (no inline script; the only
  inline styles allowed are the HTML plans' own, by hash), ``nosniff``, no referrer, no
  framing, and ``no-store`` on everything but the static files, since pages hold the user's
  situation.

>>> policy = content_security_policy()
>>> "script-src 'self'" in policy and "'unsafe-inline'" not in policy
True
>>> host_name("[::1]:8000"), host_name("Localhost:80"), host_name("example.org")
('::1', 'localhost', 'example.org')
"""

from __future__ import annotations

import base64
import functools
import hashlib
import hmac
import ipaddress
from collections.abc import Awaitable, Callable, MutableMapping
from typing import Any
from urllib.parse import quote

from starlette.datastructures import Headers, MutableHeaders
from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import JSONResponse, RedirectResponse, Response
from starlette.routing import BaseRoute, Route

from ..i18n import _
from .config import LOCAL_HOSTS, WebConfig
from .forms import read_form, same

__all__ = [
    "COOKIE",
    "SecurityMiddleware",
    "content_security_policy",
    "error_response",
    "host_name",
    "local_host",
    "routes",
    "security_headers",
]

Scope = MutableMapping[str, Any]
Message = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]
ASGIApp = Callable[[Scope, Receive, Send], Awaitable[None]]

#: The cookie the sign-in form sets.
COOKIE = "rightsrules_session"
#: The paths a request may reach without the token: the sign-in page and the static files.
_OPEN = ("/login", "/static/")


@functools.cache
def content_security_policy() -> str:
    """The Content-Security-Policy of every response: nothing but this app's own files, and
    the ``<style>`` elements of the HTML plans, allowed by the hash of their exact text
    (computed from the renderer's own style sheets, so it never drifts from them)."""
    from ..render.report import embedded_styles

    hashes = " ".join(
        f"'sha256-{base64.b64encode(hashlib.sha256(css.encode()).digest()).decode()}'"
        for css in dict.fromkeys(embedded_styles())
    )
    return (
        f"default-src 'none'; style-src 'self' {hashes}; img-src 'self' data:; "
        "script-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'"
    )


def security_headers(path: str) -> dict[str, str]:
    """The headers every response to ``path`` carries."""
    headers = {
        "Content-Security-Policy": content_security_policy(),
        "X-Content-Type-Options": "nosniff",
        "Referrer-Policy": "no-referrer",
        "X-Frame-Options": "DENY",
        "Cross-Origin-Opener-Policy": "same-origin",
        "Cross-Origin-Resource-Policy": "same-origin",
    }
    if not path.startswith("/static/"):
        headers["Cache-Control"] = "no-store"
    return headers


def local_host(name: str) -> bool:
    """Whether ``name`` reaches only this machine: ``localhost`` or a loopback address.

    >>> local_host("127.0.0.2"), local_host("::1"), local_host("0.0.0.0"), local_host("example.org")
    (True, True, False, False)
    """
    if name.lower() in LOCAL_HOSTS:
        return True
    try:
        return ipaddress.ip_address(name).is_loopback
    except ValueError:
        return False


def host_name(host: str) -> str:
    """The name in a ``Host`` header, without its port or the brackets of an IPv6 address."""
    host = host.strip().lower()
    if host.startswith("["):
        return host[1:].partition("]")[0]
    return host.rpartition(":")[0] if host.count(":") == 1 else host


def _session(config: WebConfig) -> str:
    """What the sign-in cookie holds: the token signed with the app's secret."""
    assert config.token is not None
    return hmac.new(config.secret, b"session:" + config.token.encode(), hashlib.sha256).hexdigest()


def _signed_in(config: WebConfig, headers: Headers, cookies: dict[str, str]) -> bool:
    assert config.token is not None
    scheme, _sep, given = headers.get("authorization", "").partition(" ")
    if scheme.lower() == "bearer" and same(given.strip(), config.token):
        return True
    return same(cookies.get(COOKIE, ""), _session(config))


def _titles() -> dict[int, tuple[str, str]]:
    """What each error page says, in the language in use: its title, and its message when the
    error brings none."""
    return {
        400: (
            _("This address is not served here"),
            _(
                "This app answers only the names of this computer. Open it at the address "
                "rightsrules serve printed, such as http://127.0.0.1:8000/."
            ),
        ),
        401: (_("Sign in"), _("This app asks for its access token first.")),
        403: (_("Not allowed"), _("This form has expired or did not come from this page.")),
        404: (_("Page not found"), _("There is no page at this address.")),
        405: (_("Not allowed"), _("This page cannot be used that way.")),
        413: (_("Too large"), _("What was sent is larger than this app accepts.")),
        415: (_("Not JSON"), _("The API reads JSON: send the body as application/json.")),
        422: (_("Not understood"), _("What was sent could not be read.")),
        500: (
            _("Something went wrong"),
            _(
                "This is a bug in rightsrules; set RIGHTSRULES_DEBUG=1 to see the traceback "
                "and please report it."
            ),
        ),
    }


def error_response(request: Request, status: int, message: str | None = None) -> Response:
    """The answer to a request that failed with ``status``: JSON under ``/api/`` (``{"errors":
    [{"path": null, "line": null, "message": ...}]}``), else a page in the user's language."""
    from ..i18n import using
    from .templating import page, request_language

    with using(request_language(request)):
        title, default = _titles().get(status, (_("Something went wrong"), ""))
        said = message or default
    if request.url.path.startswith("/api/"):
        body = {"errors": [{"path": None, "line": None, "message": said}]}
        response: Response = JSONResponse(body, status_code=status)
        if status == 401:
            response.headers["WWW-Authenticate"] = 'Bearer realm="rightsrules"'
        return response
    template = "login.html" if status == 401 else "error.html"
    here = request.query_params.get("next", "/") if request.url.path == "/login" else _here(request)
    context = {"status": status, "title": title, "message": said, "next": _local(here)}
    return page(request, template, context, status=status)


def _here(request: Request) -> str:
    query = request.url.query
    return request.url.path + (f"?{query}" if query else "")


class SecurityMiddleware:
    """The guards of the module's docstring, as ASGI middleware."""

    def __init__(self, app: ASGIApp, config: WebConfig) -> None:
        self.app = app
        self.config = config

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        path: str = scope["path"]
        headers = Headers(scope=scope)
        added = security_headers(path)

        async def send_secured(message: Message) -> None:
            if message["type"] == "http.response.start":
                MutableHeaders(scope=message).update(added)
            await send(message)

        refused = self._refusal(scope, headers)
        if refused is not None:
            await self._answer(scope, receive, send_secured, *refused)
            return
        limit = self.config.max_body
        received = 0
        started = False

        async def counted() -> Message:
            nonlocal received
            message = await receive()
            if message["type"] == "http.request":
                received += len(message.get("body", b""))
                if received > limit:
                    raise HTTPException(413)
            return message

        async def send_started(message: Message) -> None:
            nonlocal started
            started = started or message["type"] == "http.response.start"
            await send_secured(message)

        try:
            await self.app(scope, counted, send_started)
        except HTTPException as exc:  # the limit hit outside a route's exception handling
            if started or exc.status_code != 413:
                raise
            await self._answer(scope, receive, send_secured, 413)

    def _refusal(self, scope: Scope, headers: Headers) -> tuple[int] | None:
        config = self.config
        if not config.allow_remote and not local_host(host_name(headers.get("host", ""))):
            return (400,)
        path: str = scope["path"]
        if (
            config.token is not None
            and not path.startswith(_OPEN)
            and not _signed_in(config, headers, Request(scope).cookies)
        ):
            return (401,)
        length = headers.get("content-length", "")
        if length.isdigit() and int(length) > config.max_body:
            return (413,)
        return None

    async def _answer(self, scope: Scope, receive: Receive, send: Send, status: int) -> None:
        response = error_response(Request(scope, receive), status)
        await response(scope, receive, send)


async def login(request: Request) -> Response:
    """The sign-in form (GET), and signing in with the token (POST): a cookie, then the page
    the user was going to."""
    config: WebConfig = request.app.state.config
    if config.token is None:
        return RedirectResponse(_local(request.query_params.get("next")), status_code=303)
    if request.method == "GET":
        return error_response(request, 401)
    form = await read_form(request)
    given = form.get("token")
    target = _local(form.get("next"))
    if not (isinstance(given, str) and same(given.strip(), config.token)):
        return error_response(request, 401, _("That is not the right access token."))
    response = RedirectResponse(target, status_code=303)
    response.set_cookie(COOKIE, _session(config), httponly=True, samesite="strict", path="/")
    return response


def _local(target: object) -> str:
    """``target`` when it is a path of this app, else the start page: the form never sends
    the user to another site."""
    if isinstance(target, str) and target.startswith("/") and not target.startswith("//"):
        return quote(target, safe="/?&=%:;,+-_.~")
    return "/"


def routes() -> list[BaseRoute]:
    return [Route("/login", login, methods=["GET", "POST"], name="login")]
