"""What one running web app is set up with (``rightsrules serve``'s options)."""

from __future__ import annotations

import secrets
from pathlib import Path

import attrs

__all__ = ["LOCAL_HOSTS", "WebConfig"]

#: The host names and addresses that reach only this machine.
LOCAL_HOSTS = frozenset({"127.0.0.1", "::1", "localhost"})


@attrs.frozen(kw_only=True)
class WebConfig:
    """The settings of one web app.

    ``journals`` is the one folder whose campaign journals the app may open and write (by
    file name, never by a path from a request); ``token`` is asked of every request when the
    app is reachable from other machines; ``secret`` signs the forms' CSRF tokens (a new one
    each start, so a form from a previous run is refused)."""

    rules: tuple[Path, ...] = ()
    journals: Path | None = None
    token: str | None = None
    max_body: int = 1_000_000
    secret: bytes = attrs.field(factory=lambda: secrets.token_bytes(32), repr=False)
