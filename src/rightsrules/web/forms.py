"""The forms' protection against cross-site requests (CSRF), and reading a form safely.

Every page that shows a form gets a token: a random nonce and its HMAC under the app's
secret, set both as a cookie (``SameSite=Strict``, ``HttpOnly``) and as a hidden field. A
posted form is read only when the two are present, equal and signed by this app: another site
can make a browser post to the app, but it can neither read the cookie nor sign a token.

>>> from rightsrules.web.forms import sign, valid
>>> token = sign(b"secret", "abc")
>>> valid(b"secret", token), valid(b"other", token), valid(b"secret", "abc.forged")
(True, False, False)
"""

from __future__ import annotations

import hashlib
import hmac
import secrets

from markupsafe import Markup
from starlette.datastructures import FormData
from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import Response

from .config import WebConfig

__all__ = [
    "COOKIE",
    "FIELD",
    "csrf_token",
    "hidden_field",
    "read_form",
    "remember_token",
    "same",
    "sign",
    "valid",
]

#: The cookie and the form field that carry the token.
COOKIE = "rightsrules_csrf"
FIELD = "csrf_token"
#: The most files and fields one form may post (an upload form has one file).
MAX_FILES = 4
MAX_FIELDS = 400


def sign(secret: bytes, nonce: str) -> str:
    """The token for ``nonce``: the nonce and its signature under ``secret``."""
    digest = hmac.new(secret, nonce.encode(), hashlib.sha256).hexdigest()
    return f"{nonce}.{digest}"


def same(given: str, expected: str) -> bool:
    """Whether two secrets are equal, in constant time; any text (``hmac.compare_digest``
    refuses a ``str`` that is not ASCII, which a request may send).

    >>> same("é", "e"), same("abc", "abc")
    (False, True)
    """
    return hmac.compare_digest(given.encode(), expected.encode())


def valid(secret: bytes, token: str) -> bool:
    """Whether ``token`` was signed with ``secret``."""
    nonce = token.rpartition(".")[0]
    return bool(nonce) and same(sign(secret, nonce), token)


def _config(request: Request) -> WebConfig:
    config: WebConfig = request.app.state.config
    return config


def csrf_token(request: Request) -> str:
    """The token of this browser: the one its cookie holds when valid, else a new one (which
    :func:`remember_token` then sets as the cookie)."""
    secret = _config(request).secret
    held = request.cookies.get(COOKIE, "")
    if held and valid(secret, held):
        return held
    token = getattr(request.state, "csrf_token", None)
    if token is None:
        token = request.state.csrf_token = sign(secret, secrets.token_urlsafe(16))
    return str(token)


def hidden_field(request: Request) -> Markup:
    """The hidden input a form carries its token in (templates write ``{{ csrf_field() }}``)."""
    return Markup('<input type="hidden" name="{}" value="{}">').format(FIELD, csrf_token(request))


def remember_token(request: Request, response: Response) -> None:
    """Set the cookie when this request made a new token."""
    token = getattr(request.state, "csrf_token", None)
    if token is not None:
        response.set_cookie(COOKIE, token, httponly=True, samesite="strict", path="/")


async def read_form(request: Request) -> FormData:
    """The posted form, once its token is checked: 403 when the token is missing, differs from
    the cookie's or was not signed by this app; 413 when a part is over the size limit."""
    config = _config(request)
    form = await request.form(
        max_files=MAX_FILES, max_fields=MAX_FIELDS, max_part_size=config.max_body
    )
    posted = form.get(FIELD)
    held = request.cookies.get(COOKIE, "")
    if not (isinstance(posted, str) and held and same(posted, held) and valid(config.secret, held)):
        raise HTTPException(403)  # the 403 page says the form expired or came from elsewhere
    return form
