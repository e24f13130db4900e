"""The pages' templates: Jinja2 with autoescape on, in the request's language.

Every page extends ``base.html``, which sets ``lang`` and ``dir`` on ``<html>`` and offers the
shipped languages. A form writes ``{{ csrf_field() }}`` and its handler reads it with
:func:`rightsrules.web.forms.read_form`. A page names its language by ``?lang=`` or the
``lang`` cookie, else the browser's ``Accept-Language``, else English.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import jinja2
from starlette.requests import Request
from starlette.responses import HTMLResponse
from starlette.types import ASGIApp, Receive, Scope, Send

from ..i18n import LANGUAGES, _, direction, language_of, ngettext, using
from .forms import hidden_field, remember_token

__all__ = ["LanguageMiddleware", "page", "request_language"]

_ENVIRONMENT = jinja2.Environment(
    loader=jinja2.PackageLoader("rightsrules.web", "templates"),
    autoescape=True,
    undefined=jinja2.StrictUndefined,
    trim_blocks=True,
    lstrip_blocks=True,
)
_ENVIRONMENT.globals.update(_=_, ngettext=ngettext)


def request_language(request: Request) -> str:
    """The language a request asks for: ``?lang=``, then the ``lang`` cookie, then the first
    language of ``Accept-Language`` rightsrules speaks, then English."""
    for given in (request.query_params.get("lang"), request.cookies.get("lang")):
        if given and (found := language_of(given)) is not None:
            return found
    for part in request.headers.get("accept-language", "").split(","):
        tag = part.split(";", 1)[0].strip()
        if tag and tag != "*" and (found := language_of(tag)) is not None:
            return found
    return LANGUAGES[0]


def page(
    request: Request, template: str, context: Mapping[str, Any] | None = None, *, status: int = 200
) -> HTMLResponse:
    """``template`` rendered in the request's language, as an HTML response."""
    lang = request_language(request)
    with using(lang):
        html = _ENVIRONMENT.get_template(template).render(
            request=request,
            url_for=lambda name, /, **params: str(request.app.url_path_for(name, **params)),
            lang=lang,
            dir=direction(lang),
            languages=LANGUAGES,
            csrf_field=lambda: hidden_field(request),
            **(context or {}),
        )
    response = HTMLResponse(html, status_code=status)
    remember_token(request, response)
    return response


class LanguageMiddleware:
    """Every page's request handled in the language it asks for (:func:`request_language`),
    so that what the library says on the way (a located input error, a refusal) is in that
    language too. The API is left alone: it takes its language from its own ``lang`` option
    only, so that its answers are the command line's."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope["path"].startswith("/api/"):
            await self.app(scope, receive, send)
            return
        with using(request_language(Request(scope))):
            await self.app(scope, receive, send)
