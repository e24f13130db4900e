"""The application: the routes of the pages and of the API, and the middleware around them."""

from __future__ import annotations

from http import HTTPStatus

from starlette.applications import Starlette
from starlette.exceptions import HTTPException
from starlette.middleware import Middleware
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import BaseRoute, Mount
from starlette.staticfiles import StaticFiles

from ..errors import RightsRulesError
from . import api, security
from .config import WebConfig
from .pages import campaign, explain, home, interview, plan
from .templating import LanguageMiddleware

__all__ = ["create_app"]


def create_app(config: WebConfig) -> Starlette:
    """The web app for ``config``; serve it with any ASGI server (``rightsrules serve`` uses
    uvicorn)."""
    routes: list[BaseRoute] = [
        *home.routes(),
        *interview.routes(),
        *plan.routes(),
        *explain.routes(),
        *security.routes(),
        *api.routes(),
        *campaign.routes(),
        Mount("/static", StaticFiles(packages=[("rightsrules.web", "static")]), name="static"),
    ]
    app = Starlette(
        routes=routes,
        middleware=[
            Middleware(security.SecurityMiddleware, config=config),
            Middleware(LanguageMiddleware),
        ],
        exception_handlers={
            HTTPException: _http_error,
            RightsRulesError: _input_error,
            Exception: _bug,
        },
    )
    app.state.config = config
    return app


async def _http_error(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, HTTPException)
    said = exc.detail if exc.detail != HTTPStatus(exc.status_code).phrase else None
    response = security.error_response(request, exc.status_code, said)
    if exc.status_code == 405 and exc.headers:
        response.headers.update(exc.headers)  # Allow: the methods the address takes
    return response


async def _input_error(request: Request, exc: Exception) -> Response:
    """A library error a route left to the app: the CLI's located message, with 422."""
    assert isinstance(exc, RightsRulesError)
    if request.url.path.startswith("/api/"):
        return api.errors_response(exc)
    return security.error_response(request, 422, str(exc))


async def _bug(request: Request, exc: Exception) -> Response:
    """A bug: the CLI's sentence saying so, never a traceback in the page. The traceback goes
    to the server's log: Starlette raises the exception again once this page is sent, and
    the ASGI server reports it."""
    response = security.error_response(request, 500)
    response.headers.update(security.security_headers(request.url.path))
    return response
