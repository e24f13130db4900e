"""The local web app: ``rightsrules serve`` (install the ``web`` extra).

An ASGI application (Starlette) with server-rendered pages (Jinja2, autoescaped) for people
who do not use a terminal: the interview as a form, the engagement plan with its explanations,
campaign journals, in every shipped language; and a JSON API under ``/api/`` that answers as
the command line does. It binds to the local machine unless told otherwise.

>>> from rightsrules.web import WebConfig, create_app
>>> app = create_app(WebConfig())
>>> app.url_path_for("home"), app.url_path_for("static", path="app.css")
('/', '/static/app.css')
"""

from __future__ import annotations

from .app import create_app
from .config import WebConfig

__all__ = ["WebConfig", "create_app"]
