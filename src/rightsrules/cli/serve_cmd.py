"""``rightsrules serve``: the local web app, in the browser (the ``web`` extra)."""

from __future__ import annotations

import argparse
import os
import secrets
import socket
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..i18n import _
from ._common import CommandError, add_rules

if TYPE_CHECKING:
    from ..web import WebConfig

#: The environment variable a token may come from, so that it stays out of the shell history.
TOKEN_VARIABLE = "RIGHTSRULES_TOKEN"
#: The modules of the ``web`` extra (python-multipart is ``python_multipart``).
WEB_EXTRA = ("starlette", "uvicorn", "jinja2", "python_multipart")
#: The most bytes a request body may hold (an uploaded scenario or journal).
MAX_BODY = 2_000_000


def register(subparsers: Any) -> None:
    parser = subparsers.add_parser(
        "serve",
        help=_("run the web app: the interview, the plan and campaigns in the browser"),
        description=_(
            "Serve the web app (the interview as a form, the plan and its explanations, "
            "campaign journals, and a JSON API under /api/) to this computer's browser. "
            "Ctrl-C stops it. Needs the web extra: pip install 'rightsrules[web]'."
        ),
    )
    parser.add_argument(
        "--host",
        default="127.0.0.1",
        help=_(
            "the address to listen on (default: 127.0.0.1, this computer only); another "
            "computer's reach needs --allow-remote"
        ),
    )
    parser.add_argument(
        "--port", type=int, default=8000, help=_("the port (default: 8000; 0: any free port)")
    )
    parser.add_argument(
        "--open", action="store_true", help=_("open the app in the web browser once it listens")
    )
    parser.add_argument(
        "--allow-remote",
        action="store_true",
        help=_(
            "let other computers reach the app (a --host that is not this computer's); every "
            "request then needs the access token"
        ),
    )
    parser.add_argument(
        "--token",
        help=_(
            "the access token the app asks for (default: the environment variable "
            "{variable}, which keeps it out of the shell history; with --allow-remote "
            "and neither, a new one, printed once)"
        ).format(variable=TOKEN_VARIABLE),
    )
    parser.add_argument(
        "--journals",
        metavar="DIR",
        help=_("the folder of campaign journals the app may open and write"),
    )
    add_rules(parser)
    parser.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    import importlib

    try:
        for name in WEB_EXTRA:
            importlib.import_module(name)
    except ImportError:
        raise CommandError(
            _(
                "serve needs the web extra, which is not installed ({missing}): "
                "pip install 'rightsrules[web]'"
            ).format(missing=name)
        ) from None
    import uvicorn

    from ..web import create_app
    from ..web.security import local_host

    if not (0 <= args.port <= 65535):
        raise CommandError(_("--port {port}: a port is from 0 to 65535").format(port=args.port))
    local = local_host(args.host)
    if not local and not args.allow_remote:
        raise CommandError(
            _(
                "--host {host} lets other computers reach the app; give --allow-remote too "
                "(every request then needs the access token)"
            ).format(host=args.host)
        )
    token = args.token or os.environ.get(TOKEN_VARIABLE) or None
    made = token is None and args.allow_remote
    if made:
        token = secrets.token_urlsafe(18)
    config = _config(args, token)
    sock = _bind(args.host, args.port)
    port = sock.getsockname()[1]
    host = f"[{args.host}]" if ":" in args.host else args.host
    url = f"http://{host}:{port}/"

    def started() -> None:
        print(_("rightsrules is serving on {url} (Ctrl-C stops it)").format(url=url), flush=True)
        if made:
            print(_("Access token (asked once by each browser): {token}").format(token=token))
        if not local:
            print(_("Other computers can reach this address; keep the token private."))
        sys.stdout.flush()
        if args.open:
            import threading
            import webbrowser

            threading.Thread(target=webbrowser.open, args=(url,), daemon=True).start()

    server = _server(uvicorn, create_app(config), started)
    with sock:
        server.run(sockets=[sock])
    return 0


def _config(args: argparse.Namespace, token: str | None) -> WebConfig:
    from ..knowledge import load_knowledge_base
    from ..web import WebConfig

    journals = None
    if args.journals is not None:
        journals = Path(args.journals)
        if not journals.is_dir():
            raise CommandError(
                _("--journals {folder}: no such folder").format(folder=args.journals)
            )
    rules = tuple(Path(p) for p in args.rules)
    load_knowledge_base(list(rules))  # bad rules: said now, as every command says them
    return WebConfig(
        rules=rules,
        journals=journals,
        token=token,
        allow_remote=args.allow_remote,
        max_body=MAX_BODY,
    )


def _bind(host: str, port: int) -> socket.socket:
    """A socket listening on ``host``:``port``, or a :class:`CommandError` saying why not."""
    try:
        family, kind, proto, _name, address = socket.getaddrinfo(
            host, port, type=socket.SOCK_STREAM, flags=socket.AI_PASSIVE
        )[0]
        sock = socket.socket(family, kind, proto)
    except OSError as exc:
        raise CommandError(_("--host {host}: {reason}").format(host=host, reason=exc)) from None
    try:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        sock.bind(address)
        sock.listen(128)
    except OSError as exc:
        sock.close()
        import errno

        if exc.errno == errno.EADDRINUSE:
            message = _("port {port} is taken by another program; choose another with --port")
        else:
            message = _("cannot listen on {host} port {port}: {reason}")
        raise CommandError(
            message.format(port=port, host=host, reason=exc.strerror or exc)
        ) from None
    return sock


def _server(uvicorn: Any, app: Any, started: Any) -> Any:
    """A uvicorn server for ``app``, quiet but for warnings, that calls ``started`` once it
    listens. It stops on Ctrl-C or SIGTERM when the requests under way are answered, then
    raises the signal again, so the command ends as every command does (130, 143)."""

    class Server(uvicorn.Server):  # type: ignore[misc]
        async def startup(self, sockets: list[socket.socket] | None = None) -> None:
            await super().startup(sockets)
            if self.started:
                started()

    config = uvicorn.Config(
        app,
        log_level="warning",
        access_log=False,
        server_header=False,
        proxy_headers=False,
        lifespan="off",
    )
    return Server(config)
