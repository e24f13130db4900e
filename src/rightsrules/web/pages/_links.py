"""Links between the pages that keep the page's language (a scenario travels in them too).

>>> from rightsrules.web import WebConfig, create_app
>>> from starlette.requests import Request
>>> request = Request({"type": "http", "app": create_app(WebConfig()), "query_string": b"lang=ar",
...                    "headers": [], "router": None})
>>> link(request)("home", s="abc")
'/?lang=ar&s=abc'
"""

from __future__ import annotations

from collections.abc import Callable
from urllib.parse import urlencode

from starlette.requests import Request

from ..templating import request_language

__all__ = ["link"]


def link(request: Request) -> Callable[..., str]:
    """A function giving the address of a named page with query parameters, in the
    request's language."""
    lang = request_language(request)

    def to(name: str, /, **params: str) -> str:
        path = str(request.app.url_path_for(name))
        return f"{path}?{urlencode({'lang': lang, **params})}"

    return to
