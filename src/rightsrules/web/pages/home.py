"""The start page: what the app does and the ways in."""

from __future__ import annotations

from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import BaseRoute, Route

from ..templating import page

__all__ = ["routes"]


async def home(request: Request) -> Response:
    return page(request, "home.html")


def routes() -> list[BaseRoute]:
    return [Route("/", home, name="home")]
