"""The user's scenario as it travels between pages: in the address or a hidden field, never
kept on the server.

A token is the scenario's compact JSON, compressed and written in URL-safe base64; reading
one back validates it as a scenario file is validated, so a token edited by hand is only
another input, answered with the located messages of the command line.

>>> from rightsrules.scenario import Scenario
>>> scenario = Scenario.from_dict({"company": {"name": "Example Net", "type": "isp"}})
>>> decode(encode(scenario)) == scenario
True
>>> decode("not a token")
Traceback (most recent call last):
...
rightsrules.errors.ScenarioError: <address>: the scenario in this page's address cannot be read
"""

from __future__ import annotations

import base64
import binascii
import json
import zlib
from collections.abc import Iterable

import attrs
from starlette.requests import Request

from ...advice import Advice
from ...api import assess
from ...errors import Problem, ScenarioError
from ...i18n import _
from ...io.sanitise import sanitise
from ...knowledge import KnowledgeBase, load_knowledge_base
from ...scenario import Scenario
from ...vocabulary import FIELDS
from ..config import WebConfig
from ..templating import request_language

__all__ = [
    "MAX_JSON",
    "MAX_TOKEN",
    "PARAM",
    "Shown",
    "advise",
    "decode",
    "encode",
    "input_id",
    "knowledge_base",
    "shown",
]

#: The query parameter (and hidden field) that carries the scenario.
PARAM = "s"
#: The longest token read, and the most JSON it may expand to (a scenario is a few hundred
#: bytes; these bound what a hostile address can make the server do).
MAX_TOKEN = 32_000
MAX_JSON = 256_000
#: Where a problem with a token is said to be.
WHERE = "<address>"


def encode(scenario: Scenario) -> str:
    """The token for ``scenario`` (its known values only)."""
    text = json.dumps(scenario.to_dict(), ensure_ascii=False, separators=(",", ":"))
    packed = zlib.compress(text.encode(), level=9)
    return base64.urlsafe_b64encode(packed).decode("ascii").rstrip("=")


def decode(token: str) -> Scenario:
    """The scenario a token holds; :class:`~rightsrules.ScenarioError` when it holds none."""
    unreadable = ScenarioError(
        [Problem(_("the scenario in this page's address cannot be read"), file=WHERE)]
    )
    if len(token) > MAX_TOKEN:
        raise unreadable
    try:
        packed = base64.urlsafe_b64decode(token + "=" * (-len(token) % 4))
        inflater = zlib.decompressobj()
        raw = inflater.decompress(packed, MAX_JSON)
        if inflater.unconsumed_tail or not inflater.eof:
            raise ValueError  # caught below: the address is unreadable
        data = json.loads(raw.decode("utf-8"))
    except (ValueError, binascii.Error, zlib.error, RecursionError):
        raise unreadable from None
    if not isinstance(data, dict):
        raise unreadable
    return Scenario.from_dict(data, file=WHERE)


def knowledge_base(request: Request) -> KnowledgeBase:
    """The knowledge base the app was started with (built in, plus its ``--rules``)."""
    config: WebConfig = request.app.state.config
    return load_knowledge_base(config.rules)


def advise(request: Request, scenario: Scenario) -> Advice:
    """The advice for ``scenario``, in the language the request asks for."""
    return assess(scenario, knowledge_base(request), lang=request_language(request))


def input_id(path: str) -> str:
    """The id of the form's input for a path (``f-company-name``): stable, for links to it
    and for browser tests."""
    return "f-" + path.replace(".", "-").replace("_", "-")


@attrs.frozen
class Shown:
    """A problem as a page lists it: where (file, line and key, as the command line writes
    them), the message, and the id of the question it is about, if the page has one."""

    where: str
    message: str
    target: str = ""


def shown(problems: Iterable[Problem]) -> list[Shown]:
    """Problems for a page, each located as the command line locates it."""
    found = []
    for problem in problems:
        where = ":".join(str(part) for part in (problem.file, problem.line) if part is not None)
        where = ": ".join(part for part in (where, problem.key or "") if part)
        key = problem.key or ""
        target = input_id(key) if key in FIELDS else ""
        found.append(Shown(sanitise(where), sanitise(problem.message), target))
    return found
