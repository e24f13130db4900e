"""The application: the routes of the pages and of the API, and the middleware around them."""

from __future__ import annotations

from starlette.applications import Starlette
from starlette.routing import BaseRoute, Mount
from starlette.staticfiles import StaticFiles

from .config import WebConfig
from .pages import home

__all__ = ["create_app"]


def create_app(config: WebConfig) -> Starlette:
    """The web app for ``config``; serve it with any ASGI server (``rightsrules serve`` uses
    uvicorn)."""
    routes: list[BaseRoute] = [
        *home.routes(),
        Mount("/static", StaticFiles(packages=[("rightsrules.web", "static")]), name="static"),
    ]
    app = Starlette(routes=routes)
    app.state.config = config
    return app
